// Public types of the SDK. Event shapes are the platform's contract (libs/contracts); the
// import is type-only. Of the contracts library, only its dependency-free limits, enums and
// schema object reach a game's bundle (through validation.ts), never its ajv validator.
import type { ErrorSeverity, ProgressionStatus, PropertyValue, TelemetryEvent } from '@gt/contracts';
import type { ApiKeyProblem } from './api-key';
import type { BackoffOptions } from './backoff';
import type { TelemetryStorage } from './storage';

export type { ApiKeyProblem, ErrorSeverity, ProgressionStatus, PropertyValue, TelemetryEvent };
export type Properties = Record<string, PropertyValue>;
/** The calls that make an event from the game's arguments (named in `invalid` and `cleaned` issues). */
export type EventCall = 'track' | 'progression' | 'purchase' | 'error';

export interface TelemetryOptions {
  /** The game client's API key (gtk_live_...). */
  apiKey: string;
  /** Base URL of the ingestion service, e.g. https://ingest.example.com. Events go to `${endpoint}/v1/events`. */
  endpoint: string;
  /** Your player id. Default: an anonymous id made once and kept in storage. */
  playerId?: string;
  /** The `sdk` field of every event. Default { name: 'gt-sdk-js', version }; wrappers (an engine plugin) name themselves. */
  sdk?: { name: string; version: string };
  /** Added to every event, e.g. '1.4.2'. */
  appVersion?: string;
  /** Events per request; a batch is sent as soon as this many are queued. Default 50 (server maximum 500). */
  batchSize?: number;
  /** Queued events are sent at least this often. Default 2000 ms. */
  flushIntervalMs?: number;
  /** Most events kept while they cannot be sent; beyond it the oldest are dropped (and counted). Default 1000. */
  maxQueueSize?: number;
  /** Retry delays after 429, 5xx and network errors. Defaults: 1 s doubling up to 60 s, with jitter. */
  retry?: BackoffOptions;
  /** One request's time limit. Default 10 000 ms. */
  requestTimeoutMs?: number;
  /** gzip request bodies of 1 KiB or more where CompressionStream exists. Default true. */
  compress?: boolean;
  /**
   * Where the queue is kept between runs. Default: localStorage in browsers, a file under the OS
   * temp directory in Node. `'memory'` keeps nothing.
   */
  storage?: TelemetryStorage | 'memory';
  /** Start a session by itself when an event is tracked outside one. Default true. */
  autoSession?: boolean;
  /**
   * A pause (pause(), or the page hidden) at least this long ends the session: resume() then
   * sends its session_end, stamped at the moment of the pause, and starts a new session.
   * Measured on the wall clock. Default 60 000 ms, as the Unity and Unreal SDKs.
   */
  sessionTimeoutMs?: number;
  /**
   * Browsers: pause when the page is hidden (`visibilitychange`, `pagehide`) and resume when it
   * is shown again, so that a session counts the time the game was on screen. Default true.
   * With false, call pause() and resume() yourself; hiding the page still saves the queue and
   * sends a last batch. Has no effect outside a browser.
   */
  autoPause?: boolean;
  /**
   * Signs every request with `X-Signature` (HMAC-SHA256 of time and body), for ingestion set to
   * require signatures. Off by default. A secret shipped inside a game can be extracted: read
   * "Request signature" in libs/sdk-vectors/README.md before relying on it.
   */
  signingSecret?: string;
  /** Problems the game may want to log: rejected events, drops, refusals, retries, storage errors. */
  onIssue?: (issue: TelemetryIssue) => void;
  /**
   * Where the SDK's own warnings go: a refused call, dropped properties (`warn`), a configuration
   * it cannot start with (`error`). Each distinct message is written once per client. Default: the
   * console, prefixed `[gt-sdk]`; pass `() => {}` for silence (onIssue still gets everything).
   */
  log?: (level: 'warn' | 'error', message: string) => void;
  /** For tests and unusual runtimes. */
  fetch?: typeof fetch;
  /** Epoch milliseconds; for tests. */
  now?: () => number;
  /** In [0, 1); for tests. */
  random?: () => number;
}

export type TelemetryIssue =
  /**
   * The options were refused (a malformed key, a key with a bad checksum, no http(s) endpoint, an
   * over-long appVersion): this client never sends, and every call on it is ignored.
   */
  | { kind: 'disabled'; code: ApiKeyProblem | 'CONFIG_INVALID'; message: string }
  /** A call the server would reject (a bad event name, an unknown status, ...): nothing was queued. */
  | { kind: 'invalid'; call: EventCall; message: string }
  /** A property the server would reject was dropped; the event was queued without it. */
  | { kind: 'cleaned'; call: EventCall; message: string }
  /** The server refused these events (202 with `rejected`); they are not sent again. */
  | { kind: 'rejected'; events: { eventId: string; code: string; message: string }[] }
  /** The queue was full: the oldest events were dropped. */
  | { kind: 'dropped'; count: number }
  /** The server refused a whole request (400, 422, or 413 for a single event): dropped, not retried. */
  | { kind: 'refused'; status: number; code?: string; message: string; count: number }
  /**
   * The server refused this client (401 key unknown or revoked, 403, other 4xx): sending stops
   * for this client instance; the queue is kept (and saved) for a later start with a good key.
   */
  | { kind: 'halted'; status: number; code?: string; message: string; queued: number }
  /** Sending failed for now (429, 5xx, network): the batch will be retried after `delayMs`. */
  | { kind: 'retrying'; status?: number; code?: string; message: string; delayMs: number }
  /** The queue could not be saved; it stays in memory. */
  | { kind: 'storage'; message: string };

export interface TelemetryStats {
  /** Events waiting to be sent. */
  queued: number;
  /** Events the server accepted. */
  sent: number;
  /** Events the server refused (per-event validation, or a refused request). */
  rejected: number;
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Failed send attempts since the last success. */
  consecutiveFailures: number;
  /** Sending stopped after a 401/403 (see TelemetryIssue `halted`). */
  halted: boolean;
}

export interface FlushResult {
  /** Events accepted by the server during this flush. */
  sent: number;
  /** Events still queued (a retry wait, the network or the service down, the time limit reached, halted). */
  remaining: number;
}

export interface PurchaseDetails {
  /** ISO 4217, e.g. 'EUR'. */
  currency: string;
  /** Minor units (cents). */
  amount: number;
  itemId: string;
  itemType?: string;
  transactionId?: string;
  properties?: Properties;
}

export interface ProgressionDetails {
  score?: number;
  attempt?: number;
  properties?: Properties;
}
