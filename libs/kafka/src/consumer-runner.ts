// A BatchConsumer inside a service: what metrics and alerting both need around start() and
// stop(). The service must boot (and /health/live answer) while Kafka, or what the handler
// depends on, is down, so the consumer is started in the background and retried with backoff
// until it runs or the service stops; SIGTERM must never wait out a backoff; readiness must say
// what is missing. BatchConsumer itself stays a plain start/stop object (tests and tools use it
// directly); this is the policy services share.
import type { BatchConsumerStatus } from './consumer';
import type { KafkaLogger } from './logger';
import { Sleeper } from './timeout';

/** What a ConsumerRunner drives: a BatchConsumer (an interface so tests can fake it). */
export interface RunnableConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): BatchConsumerStatus;
}

export interface ConsumerRunnerOptions {
  /**
   * The runner's own logs: a failed attempt (warn) and the start of consuming (info). Not
   * filtered by level here; nestKafkaLogger(logger) sends them to a Nest logger.
   */
  logger: KafkaLogger;
  /**
   * What the handler needs before the first batch (a schema, rules), as a promise that settles
   * when it is there; awaited before anything else. stop() stops waiting for it, so it must not
   * have side effects of its own. A rejection is retried like a failed start. `what` names it in
   * readiness ("waiting for <what>").
   */
  waitFor?: { what: string; ready: () => Promise<unknown> };
  /**
   * A step after waitFor and before the consumer starts (e.g. loading state the handler keeps),
   * retried with backoff until it succeeds or stop(). An attempt in flight is awaited, never
   * abandoned. `what` names it in logs and readiness ("cannot <what>: ...").
   */
  prepare?: { what: string; run: () => Promise<void> };
  /** Backoff between attempts of prepare and of start, doubling from initialMs up to maxMs. Default 500 / 10 000. */
  retry?: { initialMs?: number; maxMs?: number };
}

export type ConsumerRunnerPhase =
  'idle' | 'waiting' | 'preparing' | 'starting' | 'consuming' | 'stopping' | 'stopped';

export interface ConsumerReadinessOptions {
  /**
   * 'consuming' (default): ready while the consumer is a member of its group and fetching; not
   * ready during a rebalance or while it restarts after a crash.
   * 'connected': ready while it is connected to the cluster; stays ready through rebalances.
   */
  requires?: 'consuming' | 'connected';
  /**
   * Not ready while a batch is being retried because `handle` (or the DLQ) fails. Default true;
   * false when the dependency that fails has a readiness check of its own.
   */
  downWhileRetrying?: boolean;
}

/**
 * Starts a consumer in the background: waitFor, then prepare, then consumer.start(), each
 * attempt that fails retried with exponential backoff until it succeeds or stop() is called.
 * stop() cuts a backoff or a wait short, lets an attempt in flight finish, then stops the
 * consumer (which finishes its in-flight batch, commits it and leaves the group). One run per
 * runner: start() once, stop() once (further stop() calls share the first).
 */
export class ConsumerRunner {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly sleeper = new Sleeper();
  private state: ConsumerRunnerPhase = 'idle';
  private stopRequested = false;
  private wakeWaiters: () => void = () => undefined;
  private readonly stopSignal = new Promise<void>((resolve) => (this.wakeWaiters = resolve));
  private running: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Why the current phase has not succeeded yet (the last failed attempt), for readiness. */
  private lastFailure: string | null = null;

  constructor(
    private readonly consumer: RunnableConsumer,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.initialMs = options.retry?.initialMs ?? 500;
    this.maxMs = Math.max(this.initialMs, options.retry?.maxMs ?? 10_000);
  }

  /** Begins in the background and returns at once: a service's boot never waits for Kafka. */
  start(): void {
    if (this.state !== 'idle') throw new Error(`ConsumerRunner is already ${this.state}`);
    this.running = this.run();
  }

  /** Stops waiting and retrying, then stops the consumer. Idempotent; safe before start(). */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  phase(): ConsumerRunnerPhase {
    return this.state;
  }

  /** The consumer's status (see BatchConsumer.status). */
  status(): BatchConsumerStatus {
    return this.consumer.status();
  }

  /**
   * A readiness check in the service kit's shape (HealthRegistry.register): throws an Error
   * saying what is missing while not ready, returns the consumer's status otherwise.
   */
  readiness(options: ConsumerReadinessOptions = {}): () => BatchConsumerStatus {
    const requires = options.requires ?? 'consuming';
    const downWhileRetrying = options.downWhileRetrying ?? true;
    return () => {
      const s = this.consumer.status();
      switch (this.state) {
        case 'idle':
          throw new Error('consumer not started');
        case 'waiting':
          throw new Error(
            this.lastFailure ?? `waiting for ${this.options.waitFor?.what ?? 'its dependencies'}`,
          );
        case 'preparing':
          throw new Error(this.lastFailure ?? `preparing: ${this.options.prepare?.what ?? ''}`);
        case 'starting':
          throw new Error(this.lastFailure ?? 'consumer is starting');
        case 'stopping':
        case 'stopped':
          throw new Error('consumer stopped');
        case 'consuming':
          break;
      }
      if (requires === 'consuming' && !s.running) {
        throw new Error(s.lastError ? `not consuming: ${s.lastError.message}` : 'not consuming yet');
      }
      if (requires === 'connected' && !s.connected) {
        throw new Error(s.lastError ? `not connected: ${s.lastError.message}` : 'not connected');
      }
      if (downWhileRetrying && s.retrying) {
        throw new Error(`retrying a batch: ${s.lastError?.message ?? 'handler failing'}`);
      }
      return s;
    };
  }

  // ---------------------------------------------------------------- internals

  private async run(): Promise<void> {
    const { waitFor, prepare } = this.options;
    if (waitFor !== undefined) {
      this.enter('waiting');
      const ready = await this.untilDone(`waiting for ${waitFor.what} failed`, async () => {
        await Promise.race([waitFor.ready(), this.stopSignal]);
      });
      if (!ready) return;
    }
    if (prepare !== undefined) {
      this.enter('preparing');
      if (!(await this.untilDone(`cannot ${prepare.what}`, prepare.run))) return;
    }
    this.enter('starting');
    if (!(await this.untilDone('cannot start consuming', () => this.consumer.start()))) return;
    if (this.stopRequested) return; // stop() stops what just started
    this.enter('consuming');
    const { topic, groupId } = this.consumer.status();
    this.log('info', `consuming ${topic} as group ${groupId}`);
  }

  private enter(phase: ConsumerRunnerPhase): void {
    if (this.stopRequested) return;
    this.state = phase;
    this.lastFailure = null;
  }

  /** Runs `attempt` until it resolves (true) or stop() is called (false), backing off in between. */
  private async untilDone(failure: string, attempt: () => Promise<unknown>): Promise<boolean> {
    let delay = this.initialMs;
    for (let n = 1; !this.stopRequested; n++) {
      try {
        await attempt();
        return !this.stopRequested;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.lastFailure = `${failure}: ${error}`;
        this.log('warn', `${failure}; retrying`, { error, attempt: n, inMs: delay });
      }
      // Checked in the same tick as the sleep begins, so a stop() cannot slip in between.
      if (this.stopRequested) break;
      await this.sleeper.sleep(delay);
      delay = Math.min(delay * 2, this.maxMs);
    }
    return false;
  }

  private async shutdown(): Promise<void> {
    this.stopRequested = true;
    if (this.state !== 'idle') this.state = 'stopping';
    this.wakeWaiters();
    this.sleeper.wake();
    try {
      await this.running;
    } finally {
      await this.consumer.stop();
      this.state = 'stopped';
    }
  }

  private log(level: 'info' | 'warn', message: string, fields: Record<string, unknown> = {}): void {
    this.options.logger({
      level,
      message,
      namespace: `ConsumerRunner:${this.consumer.status().consumerName}`,
      fields,
    });
  }
}
