import { backoffDelay } from './backoff';
import { shortHash, uuidV4 } from './ids';
import { defaultStorage, type TelemetryStorage } from './storage';
import { Transport } from './transport';
import type {
  ErrorSeverity,
  FlushResult,
  ProgressionDetails,
  ProgressionStatus,
  Properties,
  PurchaseDetails,
  TelemetryEvent,
  TelemetryIssue,
  TelemetryOptions,
  TelemetryStats,
} from './types';

export const SDK_NAME = 'gt-sdk-js';
export const SDK_VERSION = '0.1.0';
/** The server's limit per request (libs/contracts MAX_EVENTS_PER_REQUEST). */
export const MAX_BATCH_SIZE = 500;
/** fetch keepalive bodies are capped at 64 KiB by browsers; page-hide batches stay under it. */
const KEEPALIVE_MAX_BYTES = 60 * 1024;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as the game describes it; the SDK adds ids, player, session, time and SDK info. */
type EventBody = DistributiveOmit<
  TelemetryEvent,
  'eventId' | 'playerId' | 'sessionId' | 'timestamp' | 'sdk' | 'appVersion'
>;

/**
 * Each type's own fields in the contract schema's order (libs/contracts EVENT_SCHEMAS): events
 * are written with their keys in that order, the wire format every SDK of the platform shares
 * (libs/sdk-vectors), so that bodies are comparable byte for byte across SDKs.
 */
const TYPE_FIELDS: { [T in TelemetryEvent['type']]: readonly string[] } = {
  session_start: [],
  session_end: ['durationSeconds'],
  design: ['name', 'value'],
  progression: ['status', 'level', 'score', 'attempt'],
  purchase: ['currency', 'amount', 'itemId', 'itemType', 'transactionId'],
  error: ['severity', 'message'],
};

interface PersistedState {
  v: 1;
  playerId?: string;
  events: TelemetryEvent[];
}

interface BrowserWindow {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  document?: { visibilityState?: string };
}

/**
 * The telemetry client of one game instance (one player). It queues events, sends them in
 * batches, retries what the server could not store, and keeps the queue in storage so that a
 * crash, a reload or an offline period loses nothing.
 *
 * Delivery is at least once: an event leaves the queue only when the server answered 202 for
 * it (accepted or refused), so after an ambiguous failure it may be sent twice; the platform
 * removes duplicates by eventId. One request is in flight at a time, so a player's events
 * reach the server in the order they were tracked.
 */
export class TelemetryClient {
  readonly playerId: string;
  private readonly batchSize: number;
  private readonly maxQueueSize: number;
  private readonly transport: Transport;
  private readonly storage: TelemetryStorage | undefined;
  private readonly now: () => number;
  private readonly random: () => number;
  private queue: TelemetryEvent[] = [];
  /** Events at the head of the queue that are in the request being sent. */
  private inFlight = 0;
  /** Lowered after a 413 so the next batches fit; restored once the queue is empty. */
  private batchLimit: number;
  private sending: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private failures = 0;
  private halted = false;
  private readonly sdk: { name: string; version: string };
  private session: { id: string; startedAt: number } | undefined;
  private closed = false;
  private readonly counters = { sent: 0, rejected: 0, dropped: 0 };
  private interval: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  private readonly win: BrowserWindow | undefined;

  constructor(private readonly options: TelemetryOptions) {
    if (!options.apiKey) throw new Error('TelemetryClient: apiKey is required');
    if (!/^https?:\/\//.test(options.endpoint ?? ''))
      throw new Error('TelemetryClient: endpoint must be an http(s) URL');
    this.batchSize = clamp(options.batchSize ?? 50, 1, MAX_BATCH_SIZE);
    this.batchLimit = this.batchSize;
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 1000);
    this.now = options.now ?? (() => Date.now());
    this.sdk = options.sdk ?? { name: SDK_NAME, version: SDK_VERSION };
    this.random = options.random ?? Math.random;
    const fetchFn = options.fetch ?? (globalThis.fetch as typeof fetch | undefined);
    if (!fetchFn) throw new Error('TelemetryClient: no fetch in this environment; pass options.fetch');
    this.transport = new Transport({
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      compress: options.compress ?? true,
      fetch: fetchFn.bind(globalThis),
      now: this.now,
    });
    this.storage =
      options.storage === 'memory'
        ? undefined
        : (options.storage ?? defaultStorage(shortHash(`${options.endpoint}|${options.apiKey}`)));

    const restored = this.restore();
    this.playerId = options.playerId ?? restored?.playerId ?? uuidV4();
    if (restored?.events.length) {
      this.queue = restored.events.slice(-this.maxQueueSize);
      this.counters.dropped += restored.events.length - this.queue.length;
    }
    if (!restored || restored.playerId !== this.playerId) this.persistSoon();

    this.interval = setInterval(() => this.kick(), Math.max(10, options.flushIntervalMs ?? 2000));
    unref(this.interval);
    this.win = browserWindow();
    this.win?.addEventListener('online', this.onOnline);
    this.win?.addEventListener('visibilitychange', this.onHide);
    this.win?.addEventListener('pagehide', this.onHide);
    if (this.queue.length > 0) this.kick();
  }

  // ---------------------------------------------------------------- events

  /** Starts a play session (ending the current one, if any); returns its id. */
  startSession(): string {
    if (this.session) this.endSession();
    this.session = { id: uuidV4(), startedAt: this.now() };
    this.enqueue({ type: 'session_start' });
    return this.session.id;
  }

  /** Ends the current session with its duration. Does nothing outside a session. */
  endSession(): void {
    if (!this.session) return;
    const durationSeconds = Math.max(0, Math.round((this.now() - this.session.startedAt) / 1000));
    this.enqueue({ type: 'session_end', durationSeconds });
    this.session = undefined;
  }

  /** A custom (design) event, e.g. track('Kill:Sword:Robot', 1). Returns the event id. */
  track(name: string, value?: number, properties?: Properties): string | undefined {
    return this.enqueue({
      type: 'design',
      name,
      ...(value !== undefined ? { value } : {}),
      ...props(properties),
    });
  }

  progression(
    status: ProgressionStatus,
    level: string,
    details: ProgressionDetails = {},
  ): string | undefined {
    const { properties, ...rest } = details;
    return this.enqueue({ type: 'progression', status, level, ...defined(rest), ...props(properties) });
  }

  purchase(details: PurchaseDetails): string | undefined {
    const { properties, ...rest } = details;
    return this.enqueue({ type: 'purchase', ...defined(rest), ...props(properties) });
  }

  error(severity: ErrorSeverity, message: string, properties?: Properties): string | undefined {
    return this.enqueue({ type: 'error', severity, message, ...props(properties) });
  }

  get sessionId(): string | undefined {
    return this.session?.id;
  }

  stats(): TelemetryStats {
    return {
      queued: this.queue.length,
      ...this.counters,
      consecutiveFailures: this.failures,
      halted: this.halted,
    };
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends everything queued, batch after batch, until the queue is empty or a send fails. During
   * a retry wait it sends nothing (a game calling flush every frame must not hammer a struggling
   * server): the wait ends on its own schedule.
   */
  async flush(): Promise<FlushResult> {
    const before = this.counters.sent;
    await this.sending;
    await this.pump();
    return { sent: this.counters.sent - before, remaining: this.queue.length };
  }

  /**
   * Ends the session, sends what it can within `timeoutMs` (not during a retry wait) and saves
   * the rest for the next run. Events tracked afterwards are ignored.
   */
  async shutdown(timeoutMs = 5000): Promise<FlushResult> {
    if (this.closed) return { sent: 0, remaining: this.queue.length };
    this.endSession();
    this.closed = true;
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    this.win?.removeEventListener('online', this.onOnline);
    this.win?.removeEventListener('visibilitychange', this.onHide);
    this.win?.removeEventListener('pagehide', this.onHide);
    const before = this.counters.sent;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.sending?.then(() => this.pump()) ?? this.pump(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    this.persistSoon();
    await this.saving;
    return { sent: this.counters.sent - before, remaining: this.queue.length };
  }

  private enqueue(body: EventBody): string | undefined {
    if (this.closed) return undefined;
    if (!this.session && body.type !== 'session_start' && (this.options.autoSession ?? true))
      this.startSession();
    const own = body as unknown as Record<string, unknown>;
    const event: Record<string, unknown> = {
      type: body.type,
      eventId: uuidV4(),
      playerId: this.playerId,
      sessionId: this.session?.id ?? 'no-session',
      timestamp: new Date(this.now()).toISOString(),
    };
    if (own.properties !== undefined) event.properties = own.properties;
    if (this.options.appVersion) event.appVersion = this.options.appVersion;
    event.sdk = this.sdk;
    for (const field of TYPE_FIELDS[body.type]) if (own[field] !== undefined) event[field] = own[field];
    this.queue.push(event as unknown as TelemetryEvent);
    if (this.queue.length > this.maxQueueSize) {
      // Drop the oldest events that are not in the request on the wire (those may be stored already).
      const excess = this.queue.length - this.maxQueueSize;
      this.queue.splice(this.inFlight, excess);
      this.counters.dropped += excess;
      this.issue({ kind: 'dropped', count: excess });
    }
    this.persistSoon();
    if (this.queue.length - this.inFlight >= this.batchLimit) this.kick();
    return event.eventId as string;
  }

  /** Starts sending unless a send is running or a retry delay is pending. */
  private kick(): void {
    if (this.closed || this.sending || this.queue.length === 0) return;
    if (this.now() < this.nextAttemptAt) return;
    void this.pump();
  }

  private pump(opts: { keepalive?: boolean } = {}): Promise<void> {
    this.sending ??= this.drain(opts).finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  private async drain(opts: { keepalive?: boolean }): Promise<void> {
    while (this.queue.length > 0) {
      if (this.halted || this.now() < this.nextAttemptAt) return;
      const batch = this.takeBatch(opts.keepalive ? KEEPALIVE_MAX_BYTES : undefined);
      this.inFlight = batch.length;
      let outcome;
      try {
        outcome = await this.transport.send(batch, opts);
      } finally {
        this.inFlight = 0;
      }
      switch (outcome.kind) {
        case 'accepted': {
          this.remove(batch);
          this.failures = 0;
          this.nextAttemptAt = 0;
          this.counters.sent += outcome.accepted;
          if (outcome.rejected.length > 0) {
            this.counters.rejected += outcome.rejected.length;
            this.issue({
              kind: 'rejected',
              events: outcome.rejected.map((r) => ({
                eventId: batch[r.index]?.eventId ?? '',
                code: r.code,
                message: r.message,
              })),
            });
          }
          break;
        }
        case 'retry': {
          this.failures++;
          const delayMs = backoffDelay(
            this.failures - 1,
            this.options.retry,
            this.random,
            outcome.retryAfterMs,
          );
          this.nextAttemptAt = this.now() + delayMs;
          this.issue({
            kind: 'retrying',
            ...(outcome.status !== undefined ? { status: outcome.status } : {}),
            ...(outcome.code !== undefined ? { code: outcome.code } : {}),
            message: outcome.message,
            delayMs,
          });
          this.scheduleRetry(delayMs);
          return;
        }
        case 'too_large': {
          if (batch.length > 1) {
            this.batchLimit = Math.max(1, Math.floor(batch.length / 2));
          } else {
            this.refuse(batch, outcome.status, outcome.code, outcome.message);
          }
          break;
        }
        case 'refused':
          // 400 / 422: these events can never be accepted; sending them again cannot succeed.
          this.refuse(batch, outcome.status, outcome.code, outcome.message);
          break;
        case 'halt':
          // 401 / 403 / other 4xx: the key (or this build) is refused. Every request would be,
          // so stop here and keep the queue for a start with a good key.
          this.halted = true;
          clearTimeout(this.retryTimer);
          this.persistSoon();
          this.issue({
            kind: 'halted',
            status: outcome.status,
            ...(outcome.code !== undefined ? { code: outcome.code } : {}),
            message: outcome.message,
            queued: this.queue.length,
          });
          return;
      }
      if (opts.keepalive) return;
    }
    // Everything that was queued went through: the next events may be smaller than those that
    // needed a lowered limit after a 413.
    this.batchLimit = this.batchSize;
  }

  private takeBatch(maxBytes?: number): TelemetryEvent[] {
    const batch = this.queue.slice(0, this.batchLimit);
    if (maxBytes === undefined) return batch;
    let bytes = 16;
    let n = 0;
    for (const e of batch) {
      bytes += JSON.stringify(e).length + 1;
      if (bytes > maxBytes && n > 0) break;
      n++;
    }
    return batch.slice(0, n);
  }

  private remove(batch: readonly TelemetryEvent[]): void {
    // The batch is the head of the queue: only the sender removes events, one request at a time,
    // and overflow drops never touch the events on the wire.
    this.queue.splice(0, batch.length);
    this.persistSoon();
  }

  private refuse(
    batch: readonly TelemetryEvent[],
    status: number,
    code: string | undefined,
    message: string,
  ): void {
    this.remove(batch);
    this.counters.rejected += batch.length;
    this.issue({
      kind: 'refused',
      status,
      ...(code !== undefined ? { code } : {}),
      message,
      count: batch.length,
    });
  }

  private scheduleRetry(delayMs: number): void {
    clearTimeout(this.retryTimer);
    if (this.closed) return;
    this.retryTimer = setTimeout(() => this.kick(), delayMs);
    unref(this.retryTimer);
  }

  private readonly onOnline = (): void => {
    // The network is back: try now rather than at the end of the current backoff.
    this.nextAttemptAt = 0;
    this.kick();
  };

  private readonly onHide = (): void => {
    if (this.win?.document?.visibilityState === 'visible') return;
    this.persistSoon();
    if (!this.sending && this.queue.length > 0) void this.pump({ keepalive: true });
  };

  // ---------------------------------------------------------------- storage

  private restore(): PersistedState | undefined {
    if (!this.storage) return undefined;
    try {
      const raw = this.storage.load();
      if (!raw) return undefined;
      const state = JSON.parse(raw) as Partial<PersistedState>;
      if (state.v !== 1 || !Array.isArray(state.events)) return undefined;
      return {
        v: 1,
        events: state.events,
        ...(typeof state.playerId === 'string' ? { playerId: state.playerId } : {}),
      };
    } catch (e) {
      this.issue({ kind: 'storage', message: `could not read the saved queue: ${String(e)}` });
      return undefined;
    }
  }

  /** Saves the queue soon: at most one write at a time, the latest state always written last. */
  private persistSoon(): void {
    if (!this.storage) return;
    this.dirty = true;
    this.saving ??= this.saveLoop().finally(() => {
      this.saving = undefined;
    });
  }

  private async saveLoop(): Promise<void> {
    // Let the rest of the current tick (a burst of track calls) land in the same write.
    await Promise.resolve();
    while (this.dirty && this.storage) {
      this.dirty = false;
      const state: PersistedState = { v: 1, playerId: this.playerId, events: this.queue };
      try {
        await this.storage.save(JSON.stringify(state));
      } catch (e) {
        this.issue({ kind: 'storage', message: `could not save the queue: ${String(e)}` });
      }
    }
  }

  private issue(issue: TelemetryIssue): void {
    try {
      this.options.onIssue?.(issue);
    } catch {
      // A failing callback of the game must not break delivery.
    }
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}

function props(properties: Properties | undefined): { properties?: Properties } {
  return properties && Object.keys(properties).length > 0 ? { properties } : {};
}

/** Leaves out undefined members, which JSON would drop anyway but which make the object harder to compare. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

function browserWindow(): BrowserWindow | undefined {
  const w = (globalThis as { window?: BrowserWindow }).window;
  return w && typeof w.addEventListener === 'function' ? w : undefined;
}
