// Reading the BFF's errors: stable codes in `extensions.code` (docs/bff.md), field problems in
// `extensions.fieldErrors`, and for the dashboard the `path` that says which series failed.
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { ErrorLike } from '@apollo/client';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface GqlErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

function graphQLErrors(error: unknown): readonly GqlErrorShape[] {
  return CombinedGraphQLErrors.is(error) ? (error.errors as readonly GqlErrorShape[]) : [];
}

export function errorCodes(error: unknown): string[] {
  return graphQLErrors(error)
    .map((e) => e.extensions?.code)
    .filter((c): c is string => typeof c === 'string');
}

export function hasCode(error: unknown, code: string): boolean {
  return errorCodes(error).includes(code);
}

/**
 * The downstream service's own code (`extensions.reason`, e.g. SIGNING_LAST_SECRET), for the
 * refusals a page explains in its own words.
 */
export function errorReason(error: unknown): string | undefined {
  const reason = graphQLErrors(error).find((e) => typeof e.extensions?.reason === 'string')?.extensions
    ?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** A sentence for the person at the screen; never a stack trace or a raw status line. */
export function errorMessage(error: ErrorLike | undefined | null): string {
  if (!error) return '';
  const gql = graphQLErrors(error);
  if (gql.length) {
    const code = gql[0].extensions?.code;
    if (code === 'UPSTREAM_UNAVAILABLE')
      return 'A service behind the portal is unavailable. Try again shortly.';
    if (code === 'RATE_LIMITED') return 'Too many requests. Wait a moment and try again.';
    if (code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on the server. Try again.';
    return [...new Set(gql.map((e) => e.message))].join(' ');
  }
  if (ServerError.is(error)) {
    if (error.statusCode === 429) return 'Too many requests. Wait a moment and try again.';
    if (error.statusCode >= 500) return 'The server could not answer. Try again shortly.';
    return `The server refused the request (HTTP ${error.statusCode}).`;
  }
  if (error.name === 'TypeError' || /fetch|network/i.test(error.message)) {
    return 'Cannot reach the server. Check your connection and try again.';
  }
  return error.message;
}

/** Problems per form field, from BAD_USER_INPUT's `extensions.fieldErrors`. */
export function fieldProblems(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of graphQLErrors(error)) {
    const list = e.extensions?.fieldErrors;
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (item && typeof item === 'object' && 'field' in item && 'message' in item) {
        const { field, message } = item as FieldProblem;
        if (typeof field === 'string' && typeof message === 'string' && !out[field]) out[field] = message;
      }
    }
  }
  return out;
}

/**
 * The error of one field of a partial result: the dashboard asks for every series in one request
 * and each failed series comes back null with an error whose path ends at that series.
 */
export function errorAt(error: unknown, field: string): GqlErrorShape | undefined {
  return graphQLErrors(error).find((e) => e.path?.includes(field));
}

/** The message of one field's error, in words for people for the codes that have them. */
export function fieldErrorMessage(e: GqlErrorShape): string {
  switch (e.extensions?.code) {
    case 'UPSTREAM_UNAVAILABLE':
      return 'The metrics service is unavailable right now. Try again shortly.';
    case 'INTERNAL_SERVER_ERROR':
      return 'Something went wrong on the server. Try again.';
    default:
      return e.message;
  }
}

/** True when the error concerns the whole result rather than some fields (network, auth, not found). */
export function isWholeResultError(error: unknown): boolean {
  if (!error) return false;
  const gql = graphQLErrors(error);
  if (!gql.length) return true;
  return gql.some((e) => !e.path || e.path.length <= 1);
}
