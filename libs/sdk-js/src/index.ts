// @gt/sdk-js: the platform's TypeScript SDK for web and Node games. README.md has examples.
import { TelemetryClient } from './client';
import type {
  ErrorSeverity,
  FlushResult,
  ProgressionDetails,
  ProgressionStatus,
  Properties,
  PurchaseDetails,
  TelemetryOptions,
} from './types';

export { TelemetryClient, SDK_NAME, SDK_VERSION, MAX_BATCH_SIZE, DEFAULT_SESSION_TIMEOUT_MS } from './client';
export { checkApiKey } from './api-key';
export { memoryStorage, webStorage, fileStorage, defaultStorage, type TelemetryStorage } from './storage';
export { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff';
export type * from './types';

let current: TelemetryClient | undefined;
let warned = false;

function client(): TelemetryClient | undefined {
  if (!current && !warned) {
    warned = true;
    console.warn(
      '[gt-sdk] call init({ apiKey, endpoint }) before tracking events; events are ignored until then',
    );
  }
  return current;
}

/**
 * Creates the shared client used by the functions below (replacing a previous one, which is shut
 * down). Never throws: with options it cannot use (a malformed key, say) the client is disabled
 * (`enabled` false, `initError` says why, logged once as a console error) and calls do nothing.
 */
export function init(options: TelemetryOptions): TelemetryClient {
  if (current) void current.shutdown();
  current = new TelemetryClient(options);
  return current;
}

export function startSession(): string | undefined {
  return client()?.startSession();
}

export function endSession(): void {
  client()?.endSession();
}

/** The game went to the background (browsers: done by itself when the page is hidden). */
export function pause(): void {
  client()?.pause();
}

/** Back from the background: the session goes on, or a new one starts after sessionTimeoutMs. */
export function resume(): void {
  client()?.resume();
}

export function track(name: string, value?: number, properties?: Properties): string | undefined {
  return client()?.track(name, value, properties);
}

export function progression(
  status: ProgressionStatus,
  level: string,
  details?: ProgressionDetails,
): string | undefined {
  return client()?.progression(status, level, details);
}

export function purchase(details: PurchaseDetails): string | undefined {
  return client()?.purchase(details);
}

export function error(severity: ErrorSeverity, message: string, properties?: Properties): string | undefined {
  return client()?.error(severity, message, properties);
}

export async function flush(): Promise<FlushResult> {
  return (await client()?.flush()) ?? { sent: 0, remaining: 0 };
}

/** Ends the session, sends what it can and saves the rest; the shared client is gone afterwards. */
export async function shutdown(timeoutMs?: number): Promise<FlushResult> {
  const c = current;
  current = undefined;
  return (await c?.shutdown(timeoutMs)) ?? { sent: 0, remaining: 0 };
}
