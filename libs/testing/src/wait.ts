import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Pause between attempts. Default 100 ms. */
  intervalMs?: number;
  /** What was awaited, for the error: "email with subject X". */
  message?: string;
}

/**
 * Calls `fn` until it returns a value other than undefined, null or false (and does not throw),
 * then resolves with that value. On timeout it rejects with `message` and the last error or
 * result, so a failing test says what it was waiting for and why it never came.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const { timeoutMs = 10_000, intervalMs = 100, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'it was never true';
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
      last = `last result: ${String(value)}`;
    } catch (e) {
      last = `last error: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (Date.now() >= deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message} (${last})`);
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/**
 * A name no other test run will pick: `${prefix}_${time}_${random}`, lowercase letters, digits
 * and underscores only, so it is valid unquoted as a PostgreSQL schema, an InfluxDB database,
 * a Kafka group id, a Redis key and an email subject alike.
 */
export function uniqueId(prefix = 'test'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
