// Retry delays: exponential with jitter, never shorter than what the server asked for.

export interface BackoffOptions {
  /** First delay. Default 1000 ms. */
  initialDelayMs?: number;
  /** Longest delay of our own. Default 60 000 ms. */
  maxDelayMs?: number;
}

/** A Retry-After above this is treated as a mistake: ten minutes is the most we wait. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The delay before attempt `attempt` (0 = the first retry): half of the exponential step fixed,
 * half random ("equal jitter"), so thousands of clients that lost the server at the same moment
 * do not come back at the same moment, yet none retries almost at once.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  const step = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  const delay = step / 2 + random() * (step / 2);
  return Math.max(delay, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
