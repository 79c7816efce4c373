import { backoffDelay } from './backoff';
import { shortHash, uuidV4 } from './ids';
import { defaultStorage, type TelemetryStorage } from './storage';
import { utf8Length } from './text';
import { Transport } from './transport';
import type {
  ErrorSeverity,
  EventCall,
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
import {
  EVENT_LIMITS,
  cleanProperties,
  cutMessage,
  designProblem,
  errorProblem,
  initProblem,
  progressionProblem,
  purchaseProblem,
  type InitProblemCode,
} from './validation';

export const SDK_NAME = 'gt-sdk-js';
export const SDK_VERSION = '0.1.0';
/** The server's limit per request (libs/contracts MAX_EVENTS_PER_REQUEST). */
export const MAX_BATCH_SIZE = 500;
/** Default of `sessionTimeoutMs`, the same in the Unity and Unreal SDKs. */
export const DEFAULT_SESSION_TIMEOUT_MS = 60_000;
/** fetch keepalive bodies are capped at 64 KiB by browsers; page-hide batches stay under it. */
const KEEPALIVE_MAX_BYTES = 60 * 1024;
/** Stands in for ids while an event is measured: every id the SDK makes has this length. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
/** Distinct warnings written per client; onIssue still gets every one after that. */
const MAX_LOGGED = 100;

type EventType = TelemetryEvent['type'];

/**
 * Each type's own fields in the contract schema's order (libs/contracts EVENT_SCHEMAS): events
 * are written with their keys in that order, the wire format every SDK of the platform shares
 * (libs/sdk-vectors), so that bodies are comparable byte for byte across SDKs.
 */
const TYPE_FIELDS: { [T in EventType]: readonly string[] } = {
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

interface Session {
  id: string;
  /** Time on screen before the current stretch (ms). */
  activeMs: number;
  /** When the current stretch began: the start, or the last resume. */
  resumedAt: number;
  /** Set while paused: when the pause began. */
  pausedAt: number | undefined;
}

interface BrowserWindow {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  document?: { visibilityState?: string };
}

const defaultLog = (level: 'warn' | 'error', message: string): void => console[level](`[gt-sdk] ${message}`);

/**
 * The telemetry client of one game instance (one player). It queues events, sends them in
 * batches, retries what the server could not store, and keeps the queue in storage so that a
 * crash, a reload or an offline period loses nothing.
 *
 * Delivery is at least once: an event leaves the queue only when the server answered 202 for
 * it (accepted or refused), so after an ambiguous failure it may be sent twice; the platform
 * removes duplicates by eventId. One request is in flight at a time, so a player's events
 * reach the server in the order they were tracked.
 *
 * It never throws at the game: options it cannot work with (a malformed key, say) leave it
 * disabled (`enabled` false, `initError` says why, one console error), and a call whose event
 * ingestion would reject queues nothing and returns undefined (with a console warning).
 */
export class TelemetryClient {
  /** The player's id; '' when the client is disabled and none was given. */
  readonly playerId: string;
  /** False when the options were refused (see initError): the client then sends nothing and ignores every call. */
  readonly enabled: boolean;
  /** Why the options were refused; undefined when the client started. */
  readonly initError: { code: InitProblemCode; message: string } | undefined;
  private readonly batchSize: number;
  private readonly maxQueueSize: number;
  private readonly flushIntervalMs: number;
  private readonly sessionTimeoutMs: number;
  private readonly autoPause: boolean;
  private readonly transport: Transport | undefined;
  private readonly storage: TelemetryStorage | undefined;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: (level: 'warn' | 'error', message: string) => void;
  private readonly logged = new Set<string>();
  private queue: TelemetryEvent[] = [];
  /** When each queued event was queued (not its timestamp): the flush interval runs from it. */
  private readonly queuedAt = new WeakMap<TelemetryEvent, number>();
  /** Events at the head of the queue that are in the request being sent. */
  private inFlight = 0;
  /** Lowered after a 413 so the next batches fit; restored once the queue is empty. */
  private batchLimit: number;
  private sending: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private failures = 0;
  private halted = false;
  private readonly sdk: { name: string; version: string };
  private session: Session | undefined;
  private closed = false;
  private readonly counters = { sent: 0, rejected: 0, dropped: 0 };
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  private readonly win: BrowserWindow | undefined;

  constructor(private readonly options: TelemetryOptions) {
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
    this.log = options.log ?? defaultLog;
    this.sdk = options.sdk ?? { name: SDK_NAME, version: SDK_VERSION };
    this.batchSize = clamp(options.batchSize ?? 50, 1, MAX_BATCH_SIZE);
    this.batchLimit = this.batchSize;
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 1000);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 2000);
    this.sessionTimeoutMs = Math.max(0, options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS);
    this.autoPause = options.autoPause ?? true;
    const fetchFn = options.fetch ?? (globalThis.fetch as typeof fetch | undefined);

    this.initError = initProblem(options, fetchFn);
    this.enabled = this.initError === undefined;
    if (this.initError || !fetchFn) {
      // Nothing is set up, storage included: a refused client must leave no trace.
      this.playerId = typeof options.playerId === 'string' ? options.playerId : '';
      this.closed = true;
      if (this.initError) {
        this.say('error', `not started: ${this.initError.message}. Nothing will be sent.`);
        this.issue({ kind: 'disabled', ...this.initError });
      }
      return;
    }
    this.transport = new Transport({
      endpoint: options.endpoint,
      apiKey: options.apiKey,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      compress: options.compress ?? true,
      fetch: fetchFn.bind(globalThis),
      now: this.now,
      ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
    });
    this.storage =
      options.storage === 'memory'
        ? undefined
        : (options.storage ?? defaultStorage(shortHash(`${options.endpoint}|${options.apiKey}`)));

    const restored = this.restore();
    this.playerId = options.playerId || restored?.playerId || uuidV4();
    if (restored?.events.length) {
      this.queue = restored.events.slice(-this.maxQueueSize);
      this.counters.dropped += restored.events.length - this.queue.length;
    }
    if (!restored || restored.playerId !== this.playerId) this.persistSoon();

    this.win = browserWindow();
    this.win?.addEventListener('online', this.onOnline);
    // visibilitychange is fired at the document and bubbles to the window.
    this.win?.addEventListener('visibilitychange', this.onVisibilityChange);
    this.win?.addEventListener('pagehide', this.onPageHide);
    this.win?.addEventListener('pageshow', this.onPageShow);
    if (this.queue.length > 0) this.kick();
  }

  // ---------------------------------------------------------------- sessions

  /** Starts a play session (ending the current one, if any); returns its id. */
  startSession(): string | undefined {
    if (this.closed) return undefined;
    if (this.session) this.closeSession();
    return this.openSession();
  }

  /**
   * Ends the current session with its active duration (paused time left out); ended while
   * paused, it is stamped at the moment of the pause. Does nothing outside a session.
   */
  endSession(): void {
    if (this.closed || !this.session) return;
    this.closeSession();
  }

  /**
   * The game went to the background: the session's clock stops and what is queued is sent (not
   * during a retry wait). In browsers this happens by itself when the page is hidden (autoPause).
   * Events tracked while paused still join the session.
   */
  pause(): void {
    if (this.closed) return;
    this.stopSessionClock();
    this.persistSoon();
    this.kick();
  }

  /**
   * Back from the background: within sessionTimeoutMs of the pause (wall clock) the session
   * goes on; later, it is ended (session_end stamped at the pause) and a new one starts.
   * Does nothing unless paused.
   */
  resume(): void {
    const s = this.session;
    if (this.closed || !s || s.pausedAt === undefined) return;
    const now = this.now();
    if (now - s.pausedAt >= this.sessionTimeoutMs) {
      this.closeSession();
      this.openSession();
    } else {
      s.pausedAt = undefined;
      s.resumedAt = now;
    }
  }

  /** True between pause() and resume() while a session is open. */
  get paused(): boolean {
    return this.session?.pausedAt !== undefined;
  }

  get sessionId(): string | undefined {
    return this.session?.id;
  }

  private openSession(): string {
    const now = this.now();
    // Ids in the order every SDK takes them: the session's, then its session_start's.
    const session: Session = { id: uuidV4(), activeMs: 0, resumedAt: now, pausedAt: undefined };
    this.session = session;
    this.push(this.build('session_start', {}, undefined, now, uuidV4(), session.id));
    return session.id;
  }

  private closeSession(): void {
    const s = this.session;
    if (!s) return;
    const now = this.now();
    const activeMs = s.activeMs + (s.pausedAt === undefined ? Math.max(0, now - s.resumedAt) : 0);
    const durationSeconds = Math.min(EVENT_LIMITS.maxSessionDurationSeconds, Math.round(activeMs / 1000));
    this.push(this.build('session_end', { durationSeconds }, undefined, s.pausedAt ?? now, uuidV4(), s.id));
    this.session = undefined;
  }

  private stopSessionClock(): void {
    const s = this.session;
    if (!s || s.pausedAt !== undefined) return;
    const now = this.now();
    s.activeMs += Math.max(0, now - s.resumedAt);
    s.pausedAt = now;
  }

  // ---------------------------------------------------------------- events

  /**
   * A custom (design) event, e.g. track('Kill:Sword:Robot', 1). Returns the event id, or
   * undefined when the call was refused (a name that is not 1-5 `:`-separated parts of
   * A-Z a-z 0-9 _ . -, a value that is not a finite number).
   */
  track(name: string, value?: number, properties?: Properties): string | undefined {
    return this.record('track', 'design', designProblem(name, value), { name, value }, properties);
  }

  /** A level started, completed or failed; `attempt` counts from 1. Undefined when refused. */
  progression(
    status: ProgressionStatus,
    level: string,
    details: ProgressionDetails = {},
  ): string | undefined {
    const { score, attempt, properties } = details ?? {};
    return this.record(
      'progression',
      'progression',
      progressionProblem(status, level, score, attempt),
      { status, level, score, attempt },
      properties,
    );
  }

  /** A purchase; `amount` in minor units (cents), a whole number. Undefined when refused. */
  purchase(details: PurchaseDetails): string | undefined {
    const d: Partial<PurchaseDetails> = typeof details === 'object' && details !== null ? details : {};
    const { currency, amount, itemId, itemType, transactionId, properties } = d;
    return this.record(
      'purchase',
      'purchase',
      purchaseProblem(d),
      { currency, amount, itemId, itemType, transactionId },
      properties,
    );
  }

  /** An error report; messages over 8192 characters are cut. Undefined when refused. */
  error(severity: ErrorSeverity, message: string, properties?: Properties): string | undefined {
    const problem = errorProblem(severity, message);
    return this.record(
      'error',
      'error',
      problem,
      { severity, message: problem === undefined ? cutMessage(message) : message },
      properties,
    );
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
    if (!this.enabled) return { sent: 0, remaining: 0 };
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
    clearTimeout(this.flushTimer);
    clearTimeout(this.retryTimer);
    this.win?.removeEventListener('online', this.onOnline);
    this.win?.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.win?.removeEventListener('pagehide', this.onPageHide);
    this.win?.removeEventListener('pageshow', this.onPageShow);
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

  /**
   * Makes and queues a game event, unless `problem` says ingestion would reject it: then nothing
   * is queued and no id is taken (libs/sdk-vectors/README.md, "Validation").
   */
  private record(
    call: EventCall,
    type: EventType,
    problem: string | undefined,
    fields: Record<string, unknown>,
    properties: unknown,
  ): string | undefined {
    if (this.closed) return undefined;
    if (problem !== undefined) return this.refuseCall(call, problem);
    const cleaned = cleanProperties(properties, call);
    const now = this.now();
    // Measured before any id is taken. Every id the SDK makes has the placeholder's length, so
    // the size is the final one (or more, outside a session without autoSession).
    const event = this.build(
      type,
      fields,
      cleaned.properties,
      now,
      PLACEHOLDER_ID,
      this.session?.id ?? PLACEHOLDER_ID,
    );
    const bytes = utf8Length(JSON.stringify(event));
    if (bytes > EVENT_LIMITS.maxEventBytes)
      return this.refuseCall(
        call,
        `${call}: the event is ${bytes} bytes as JSON; ingestion takes at most ${EVENT_LIMITS.maxEventBytes}`,
      );
    for (const message of cleaned.problems) {
      this.say('warn', message);
      this.issue({ kind: 'cleaned', call, message });
    }
    if (!this.session && (this.options.autoSession ?? true)) this.openSession();
    const own = event as unknown as Record<string, unknown>;
    const eventId = uuidV4();
    own.eventId = eventId;
    own.sessionId = this.session?.id ?? 'no-session';
    this.push(event);
    return eventId;
  }

  private refuseCall(call: EventCall, message: string): undefined {
    this.say('warn', `${message}; the event was not recorded`);
    this.issue({ kind: 'invalid', call, message });
    return undefined;
  }

  /** An event with its keys in the contract's order; absent (undefined or null) fields left out. */
  private build(
    type: EventType,
    fields: Record<string, unknown>,
    properties: Properties | undefined,
    at: number,
    eventId: string,
    sessionId: string,
  ): TelemetryEvent {
    const event: Record<string, unknown> = {
      type,
      eventId,
      playerId: this.playerId,
      sessionId,
      timestamp: new Date(at).toISOString(),
    };
    if (properties !== undefined) event.properties = properties;
    if (this.options.appVersion) event.appVersion = this.options.appVersion;
    event.sdk = this.sdk;
    for (const field of TYPE_FIELDS[type]) {
      const value = fields[field];
      if (value !== undefined && value !== null) event[field] = value;
    }
    return event as unknown as TelemetryEvent;
  }

  private push(event: TelemetryEvent): void {
    this.queue.push(event);
    this.queuedAt.set(event, this.now());
    if (this.queue.length > this.maxQueueSize) {
      // Drop the oldest events that are not in the request on the wire (those may be stored already).
      const excess = this.queue.length - this.maxQueueSize;
      this.queue.splice(this.inFlight, excess);
      this.counters.dropped += excess;
      this.issue({ kind: 'dropped', count: excess });
    }
    this.persistSoon();
    if (this.queue.length - this.inFlight >= this.batchLimit) this.kick();
    this.armFlushTimer();
  }

  /**
   * Sends when the oldest unsent event has waited flushIntervalMs (one timer, for that event).
   * Re-armed after every send, so that it always follows the event now at the head.
   */
  private armFlushTimer(): void {
    if (this.flushTimer !== undefined || this.closed || this.halted) return;
    const head = this.queue[this.inFlight];
    if (!head) return;
    const due = (this.queuedAt.get(head) ?? this.now()) + this.flushIntervalMs;
    this.flushTimer = setTimeout(
      () => {
        // Not re-armed here: if sending cannot start (a request out, a retry wait), the end of
        // that send or wait re-arms it.
        this.flushTimer = undefined;
        this.kick();
      },
      Math.max(0, due - this.now()),
    );
    unref(this.flushTimer);
  }

  private rearmFlushTimer(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.armFlushTimer();
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
      this.rearmFlushTimer();
    });
    return this.sending;
  }

  private async drain(opts: { keepalive?: boolean }): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    while (this.queue.length > 0) {
      if (this.halted || this.now() < this.nextAttemptAt) return;
      const batch = this.takeBatch(opts.keepalive ? KEEPALIVE_MAX_BYTES : undefined);
      this.inFlight = batch.length;
      let outcome;
      try {
        outcome = await transport.send(batch, opts);
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
          clearTimeout(this.flushTimer);
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
    this.retryTimer = setTimeout(() => {
      // Timers run on the event loop's clock, which may lag the wall clock by a millisecond: a
      // timer that fires just before the wait is over waits out the rest instead of giving up.
      const rest = this.nextAttemptAt - this.now();
      if (rest > 0) this.scheduleRetry(rest);
      else this.kick();
    }, delayMs);
    unref(this.retryTimer);
  }

  private readonly onOnline = (): void => {
    // The network is back: try now rather than at the end of the current backoff.
    this.nextAttemptAt = 0;
    this.kick();
  };

  private readonly onVisibilityChange = (): void => {
    if (this.pageHidden()) this.onHidden();
    else if (this.autoPause) this.resume();
  };

  // pagehide fires before the document's visibility turns hidden (leaving by navigation, say).
  private readonly onPageHide = (): void => this.onHidden();

  // A page restored from the back/forward cache comes back through pageshow.
  private readonly onPageShow = (): void => {
    if (this.autoPause && !this.pageHidden()) this.resume();
  };

  private pageHidden(): boolean {
    const state = this.win?.document?.visibilityState;
    return state !== undefined && state !== 'visible';
  }

  /** The page may be closed or frozen from now on: save, and send one batch that outlives the page. */
  private onHidden(): void {
    if (this.autoPause) this.stopSessionClock();
    this.persistSoon();
    if (!this.sending && this.queue.length > 0) void this.pump({ keepalive: true });
  }

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

  /** A warning for the developer's console, once per distinct message. */
  private say(level: 'warn' | 'error', message: string): void {
    if (this.logged.has(message) || this.logged.size > MAX_LOGGED) return;
    this.logged.add(message);
    const text =
      this.logged.size > MAX_LOGGED
        ? 'more warnings of this client are not logged (onIssue gets them all)'
        : message;
    try {
      this.log(level, text);
    } catch {
      // A failing logger of the game must not break telemetry.
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

function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}

function browserWindow(): BrowserWindow | undefined {
  const w = (globalThis as { window?: BrowserWindow }).window;
  return w && typeof w.addEventListener === 'function' ? w : undefined;
}
