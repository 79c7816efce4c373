/** RFC 9457 problem details as the metrics service answers them (service kit). */
export interface MetricsProblem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Base of every error the client throws. */
export class MetricsClientError extends Error {
  constructor(
    message: string,
    /** HTTP status, absent when no answer came (network, timeout). */
    readonly status: number | undefined,
    /** Stable code: the service's problem code, or NETWORK_ERROR / TIMEOUT / HTTP_<status>. */
    readonly code: string,
    readonly problem?: MetricsProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The request was refused (4xx): VALIDATION_FAILED, INVALID_RANGE, INVALID_TIMEZONE,
 * TOO_MANY_BUCKETS, RANGE_NOT_AVAILABLE (400), SERVICE_CREDENTIAL_REQUIRED (401). Retrying the
 * same request does not help.
 */
export class MetricsRequestError extends MetricsClientError {}

/**
 * 404: an unknown route (e.g. a client newer than the service). A game without events is not one:
 * metrics answers it with zeros; metrics services before that answered 404 GAME_NOT_FOUND, so
 * callers keep reading this error as "no data yet".
 */
export class MetricsNotFoundError extends MetricsRequestError {}

/**
 * The metrics service (or its InfluxDB) cannot answer now: network error, timeout or 5xx.
 * Retry later; `retryAfterSeconds` comes from the Retry-After header when the service sent one.
 */
export class MetricsUnavailableError extends MetricsClientError {
  constructor(
    message: string,
    status: number | undefined,
    code: string,
    readonly retryAfterSeconds: number | undefined,
    problem?: MetricsProblem,
    options?: { cause?: unknown },
  ) {
    super(message, status, code, problem, options);
  }
}
