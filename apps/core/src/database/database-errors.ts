import { DomainError, errors } from '@gt/service-kit';

/** SQLSTATE codes core reacts to. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  invalidTextRepresentation: '22P02',
} as const;

/** The SQLSTATE classes and Node error codes that mean "the database is not reachable". */
const UNAVAILABLE_SQLSTATE_CLASSES = ['08', '53', '57P'];
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /connection .*(closed|ended)/i,
  /Cannot use a pool after calling end/i,
];

interface PgLikeError {
  code?: string;
  constraint?: string;
  message?: string;
  driverError?: PgLikeError;
}

function driverError(e: unknown): PgLikeError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const err = e as PgLikeError;
  return err.driverError ?? err;
}

export function sqlState(e: unknown): string | undefined {
  return driverError(e)?.code;
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const d = driverError(e);
  return d?.code === PG.uniqueViolation && (constraint === undefined || d.constraint === constraint);
}

export function isForeignKeyViolation(e: unknown, constraint?: string): boolean {
  const d = driverError(e);
  return d?.code === PG.foreignKeyViolation && (constraint === undefined || d.constraint === constraint);
}

export function isDatabaseUnavailable(e: unknown): boolean {
  const d = driverError(e);
  if (!d) return false;
  const code = d.code ?? '';
  if (UNAVAILABLE_NODE_CODES.has(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE_CLASSES.some((c) => code.startsWith(c))) return true;
  const message = d.message ?? '';
  return UNAVAILABLE_MESSAGES.some((re) => re.test(message));
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(): DomainError {
  return errors.unavailable(
    'DATABASE_UNAVAILABLE',
    'The database is not available; nothing was changed. Retry later.',
    DATABASE_RETRY_AFTER_SECONDS,
  );
}

/**
 * Connection failures become one stable 503; everything else passes through unchanged for the
 * repository (unique violations -> 409) or the problem filter (anything unexpected -> 500).
 */
export function translateDatabaseError(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  return isDatabaseUnavailable(e) ? databaseUnavailable() : e;
}
