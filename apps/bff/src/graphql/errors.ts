import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, type FieldError } from '@gt/service-kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The stable codes a GraphQL client sees in `errors[].extensions.code` (docs/bff.md lists them).
 * Apollo's own request-level codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
 * BAD_REQUEST) pass through unchanged.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  DEPTH_LIMIT_EXCEEDED: 'DEPTH_LIMIT_EXCEEDED',
  COMPLEXITY_LIMIT_EXCEEDED: 'COMPLEXITY_LIMIT_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  CSRF_REJECTED: 'CSRF_REJECTED',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const OWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Errors the BFF raises itself; the status is only used on the REST routes under /auth. */
export const bffErrors = {
  unauthenticated: (message = 'Sign in, or send a personal access token as Authorization: Bearer') =>
    new DomainError(ErrorCode.UNAUTHENTICATED, message, 401),
  forbidden: (message: string) => new DomainError(ErrorCode.FORBIDDEN, message, 403),
  notFound: (message: string) => new DomainError(ErrorCode.NOT_FOUND, message, 404),
  badInput: (message: string, fieldErrors?: FieldError[]) =>
    new DomainError(
      ErrorCode.BAD_USER_INPUT,
      message,
      400,
      fieldErrors ? { errors: fieldErrors } : undefined,
    ),
  unavailable: (service: 'core' | 'metrics') =>
    new DomainError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      `The ${service} service is unavailable; try again shortly`,
      503,
      { service, retryAfterSeconds: 5 },
    ),
};

interface Mapped {
  code: ErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

function fromStatus(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status === 502 || status === 503 || status === 504) return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (status >= 400 && status < 500) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.INTERNAL_SERVER_ERROR;
}

/** Maps one thrown value to a client-safe code and message, or null for an unexpected error. */
export function mapError(err: unknown): Mapped | null {
  if (err instanceof DomainError) {
    const { errors: fieldErrors, retryAfterSeconds, service, reason } = err.details ?? {};
    const extensions: Record<string, unknown> = {};
    if (fieldErrors) extensions.fieldErrors = fieldErrors;
    if (retryAfterSeconds !== undefined) extensions.retryAfterSeconds = retryAfterSeconds;
    if (typeof service === 'string') extensions.service = service;
    if (OWN_CODES.has(err.code)) {
      if (typeof reason === 'string') extensions.reason = reason;
      return { code: err.code as ErrorCode, message: err.message, extensions };
    }
    if (err.code === 'VALIDATION_FAILED') {
      return { code: ErrorCode.BAD_USER_INPUT, message: err.message, extensions };
    }
    const code = fromStatus(err.status);
    // The downstream code (STUDIO_NAME_TAKEN, LAST_OWNER...) stays available as a reason,
    // so the portal can show a precise message; internal errors keep nothing.
    if (code === ErrorCode.INTERNAL_SERVER_ERROR) return null;
    return { code, message: err.message, extensions: { ...extensions, reason: err.code } };
  }
  if (err instanceof HttpException) {
    const code = fromStatus(err.getStatus());
    if (code === ErrorCode.INTERNAL_SERVER_ERROR) return null;
    return { code, message: err.message };
  }
  return null;
}

const GENERIC: GraphQLFormattedError['message'] = 'An unexpected error occurred';

/**
 * Apollo's formatError: the one place where every GraphQL error gets its final shape.
 * Errors Apollo or our plugins raised as GraphQLError (parse, validation, limits) keep their
 * code; domain errors get a stable code; anything else becomes INTERNAL_SERVER_ERROR with no
 * message, stack or downstream detail.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (err: unknown) => void,
): GraphQLFormattedError {
  // Resolver errors are wrapped with a path (unwrapResolverError); errors thrown by plugins
  // are wrapped without one. Either way the thrown value decides the code.
  const unwrapped = unwrapResolverError(error);
  const original =
    unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
  const base = { locations: formatted.locations, path: formatted.path };
  const mapped = mapError(original);
  if (mapped) {
    return { ...base, message: mapped.message, extensions: { ...mapped.extensions, code: mapped.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // Raised on purpose by Apollo (parse, validation, variable coercion) or our plugins: the
    // message is meant for the client.
    const { stacktrace: _s, exception: _e, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onUnexpected(original);
  return { ...base, message: GENERIC, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  UPSTREAM_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
};

/** A domain error as a request-level GraphQLError (for plugins), with a matching HTTP status. */
export function toGraphQLError(err: unknown): unknown {
  const mapped = mapError(err);
  if (!mapped) return err;
  return gqlError(mapped.code, mapped.message, STATUS[mapped.code], mapped.extensions);
}

/** A GraphQLError with one of our codes, for plugins and validation that run outside resolvers. */
export function gqlError(
  code: ErrorCode,
  message: string,
  httpStatus?: number,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}
