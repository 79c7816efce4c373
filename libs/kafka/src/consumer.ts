// The platform's consumer. Its guarantees (docs/events.md, "Delivery"):
//   1. a record `parse` refuses goes to the DLQ with headers saying who, why and from where,
//      and the consumer goes on; so does a record `handle` hands to deadLetter() (a record its
//      store refuses for good), in the same format;
//   2. `handle` throwing means a dependency is down: the same batch is retried with backoff,
//      heartbeating, committing and dead-lettering nothing, until it succeeds or stop();
//   3. offsets are committed only after `handle` resolved for those records;
//   4. stop() finishes the in-flight batch, commits it, and leaves the group;
//   5. status() and lag() feed health checks.
import { DLQ_HEADERS, TOPIC_DLQ } from '@gt/contracts';
import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { groupLag, type PartitionLag } from './admin';
import { kafkajsClient, type KafkaConnection } from './connection';
import { classifySendError, KafkaUnavailableError } from './errors';
import { scopedLogger, type KafkaLogger, type ScopedLogger } from './logger';
import { EventProducer } from './producer';
import type { ConsumedRecord, ProducerRecord } from './records';
import { Sleeper, withTimeout } from './timeout';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string; message: string };

export interface BatchItem<T> {
  value: T;
  partition: number;
  offset: string;
  /** The record as consumed: what deadLetter() sends, bytes and headers unchanged. */
  record: ConsumedRecord;
}

/** A record `handle` cannot process for good, and why (see BatchConsumer.deadLetter). */
export interface DeadLetterRequest<T> {
  item: BatchItem<T>;
  /** Stable code for the dlq-reason header, e.g. STORE_REJECTED. */
  reason: string;
  /** For people: the dlq-message header (cut to 1000 characters). */
  message: string;
}

export interface BatchConsumerOptions<T> {
  connection: KafkaConnection;
  groupId: string;
  topic: string;
  /** Goes into the dlq-consumer header and the logs, e.g. "metrics". */
  consumerName: string;
  /** Pure and fast; a refusal carries a stable reason code (e.g. decodeEnvelope's code). */
  parse: (record: ConsumedRecord) => ParseResult<T>;
  /** Must be idempotent: after a crash or rebalance a batch can be handled again. */
  handle: (batch: BatchItem<T>[]) => Promise<void>;
  /** Producer for dead letters; by default the consumer makes (and closes) its own. */
  dlq?: EventProducer;
  /** Default TOPIC_DLQ. */
  dlqTopic?: string;
  /** Most records per `handle` call. Default 500. */
  maxBatchSize?: number;
  /** Partitions handled at the same time. Default 1. */
  partitionsConcurrently?: number;
  /** Backoff between attempts of a failing batch, doubling from initialMs up to maxMs. Default 500 / 30 000. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Where a group without committed offsets starts. Default false (only new records). */
  fromBeginning?: boolean;
  /** Default: the connection's logger. */
  logger?: KafkaLogger;
  /** Default 30 000. A handle call may take longer: the consumer heartbeats while it runs. */
  sessionTimeoutMs?: number;
  /** Default 3000. */
  heartbeatIntervalMs?: number;
  /** Longest fetch wait when the topic is idle; also bounds how long stop() waits for a fetch. Default 1000. */
  maxWaitTimeMs?: number;
}

export interface BatchConsumerStatus {
  consumerName: string;
  groupId: string;
  topic: string;
  /** Connected to the cluster. */
  connected: boolean;
  /** Member of the group and fetching (false while stopped, crashed or rejoining). */
  running: boolean;
  /** A batch is being retried because `handle` (or the DLQ) fails: a dependency is down. */
  retrying: boolean;
  lastError: { source: 'handler' | 'dlq' | 'kafka'; message: string; at: string } | null;
  /** Records handed to handle and committed since start (those it dead-lettered included). */
  handled: number;
  /**
   * Records dead-lettered since start: those parse refused once committed, those handle passed
   * to deadLetter() once sent (again if their batch is retried).
   */
  deadLettered: number;
  lastCommitAt: string | null;
}

type State = 'idle' | 'starting' | 'started' | 'stopping' | 'stopped';

interface DeadLetter {
  record: ConsumedRecord;
  reason: string;
  message: string;
}

const DLQ_MESSAGE_MAX = 1000;

export class BatchConsumer<T> {
  private readonly log: ScopedLogger;
  private readonly dlq: EventProducer;
  private readonly ownsDlq: boolean;
  private readonly dlqTopic: string;
  private readonly maxBatchSize: number;
  private readonly initialRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly sleeper = new Sleeper();

  private state: State = 'idle';
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private adminConnect: Promise<void> | undefined;
  private stopPromise: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAttempts = 0;

  private connected = false;
  private running = false;
  private retryingPartitions = 0;
  private lastError: BatchConsumerStatus['lastError'] = null;
  private handled = 0;
  private deadLettered = 0;
  private lastCommitAt: string | null = null;

  constructor(private readonly options: BatchConsumerOptions<T>) {
    const { connection } = options;
    this.log = scopedLogger(
      options.logger ?? connection.logger,
      connection.logLevel,
      `BatchConsumer:${options.consumerName}`,
    );
    this.ownsDlq = options.dlq === undefined;
    this.dlq = options.dlq ?? new EventProducer(connection);
    this.dlqTopic = options.dlqTopic ?? TOPIC_DLQ;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.initialRetryMs = options.retry?.initialMs ?? 500;
    this.maxRetryMs = Math.max(this.initialRetryMs, options.retry?.maxMs ?? 30_000);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3000;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new Error(`BatchConsumer ${options.consumerName}: maxBatchSize must be a positive integer`);
    }
  }

  /** Joins the group and starts consuming; throws KafkaUnavailableError if Kafka cannot be reached. */
  async start(): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'stopped') {
      throw new Error(`BatchConsumer ${this.options.consumerName} is already ${this.state}`);
    }
    this.state = 'starting';
    this.stopPromise = undefined;
    try {
      await this.launch();
      this.state = 'started';
    } catch (err) {
      this.state = 'stopped';
      throw err;
    }
  }

  /** Finishes the in-flight batch, commits it, leaves the group and disconnects. Idempotent. */
  stop(): Promise<void> {
    if (this.state === 'idle' || this.state === 'stopped') return Promise.resolve();
    this.stopPromise ??= this.shutdown();
    return this.stopPromise;
  }

  status(): BatchConsumerStatus {
    return {
      consumerName: this.options.consumerName,
      groupId: this.options.groupId,
      topic: this.options.topic,
      connected: this.connected,
      running: this.running,
      retrying: this.retryingPartitions > 0,
      lastError: this.lastError,
      handled: this.handled,
      deadLettered: this.deadLettered,
      lastCommitAt: this.lastCommitAt,
    };
  }

  /**
   * Sends records that `handle` cannot process for good (its store refuses them: retrying would
   * block the partition forever) to the dead-letter topic, with the headers of parse refusals:
   * the original key, value and headers, plus who failed, why and where the record came from.
   * Call it from `handle`, before it resolves, so the records are committed with their batch.
   * Throws KafkaUnavailableError or KafkaSendError when the DLQ cannot take them: let `handle`
   * throw it, and the batch is retried like any failing dependency.
   */
  async deadLetter(requests: readonly DeadLetterRequest<T>[]): Promise<void> {
    if (requests.length === 0) return;
    await this.sendDeadLetters(
      requests.map(({ item, reason, message }) => ({ record: item.record, reason, message })),
    );
    this.deadLettered += requests.length;
  }

  /** Records not yet committed by the group, summed over the topic's partitions. */
  async lag(timeoutMs = 5000): Promise<number> {
    const partitions = await this.lagByPartition(timeoutMs);
    return partitions.reduce((sum, p) => sum + p.lag, 0);
  }

  async lagByPartition(timeoutMs = 5000): Promise<PartitionLag[]> {
    const { groupId, topic, fromBeginning = false } = this.options;
    // A stopped consumer keeps no admin client open; it borrows one for the call.
    const borrowed = this.state === 'started' ? undefined : kafkajsClient(this.options.connection).admin();
    try {
      return await withTimeout(
        (async () => {
          if (borrowed !== undefined) await borrowed.connect();
          return groupLag(borrowed ?? (await this.connectedAdmin()), groupId, topic, fromBeginning);
        })(),
        timeoutMs,
        () => new KafkaUnavailableError(`lag of ${groupId} timed out after ${timeoutMs} ms`),
      );
    } catch (err) {
      throw classifySendError(err, 'lag');
    } finally {
      await borrowed?.disconnect().catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private async launch(): Promise<void> {
    const { connection, groupId, topic, fromBeginning = false } = this.options;
    const consumer = kafkajsClient(connection).consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1000,
      allowAutoTopicCreation: false,
      // Retriable failures (broker down, coordinator moved) make kafkajs restart the consumer
      // by itself; a non-retriable crash is restarted by restartAfterCrash().
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        retries: 8,
        restartOnFailure: () => Promise.resolve(true),
      },
    });
    this.consumer = consumer;
    this.watch(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning });
      await consumer.run({
        // Commits are ours, after handle (guarantee 3); nothing is resolved behind our back.
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (err) {
      this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw classifySendError(err, `starting consumer ${this.options.consumerName}`);
    }
  }

  private watch(consumer: Consumer): void {
    const { events } = consumer;
    const current = () => this.consumer === consumer;
    consumer.on(events.CONNECT, () => {
      if (current()) this.connected = true;
    });
    consumer.on(events.DISCONNECT, () => {
      if (!current()) return;
      this.connected = false;
      this.running = false;
    });
    consumer.on(events.GROUP_JOIN, () => {
      if (!current()) return;
      this.running = true;
      this.restartAttempts = 0;
    });
    consumer.on(events.STOP, () => {
      if (current()) this.running = false;
    });
    consumer.on(events.CRASH, (event) => {
      if (!current()) return;
      this.running = false;
      this.noteError('kafka', event.payload.error);
      this.log.error('consumer crashed', {
        error: event.payload.error.message,
        restart: event.payload.restart,
      });
      if (!event.payload.restart) this.restartAfterCrash();
    });
  }

  /** kafkajs gives up on non-retriable errors; a bad record must never stop a consumer, so we do not. */
  private restartAfterCrash(): void {
    if (this.state !== 'started') return;
    const delay = Math.min(this.initialRetryMs * 2 ** this.restartAttempts, this.maxRetryMs);
    this.restartAttempts += 1;
    this.log.warn('restarting consumer', { inMs: delay, attempt: this.restartAttempts });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.state !== 'started') return;
      const old = this.consumer;
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        if (this.state !== 'started') return;
        try {
          await this.launch();
        } catch (err) {
          this.noteError('kafka', err);
          this.restartAfterCrash();
        }
      })();
    }, delay);
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopping';
    this.sleeper.wake();
    clearTimeout(this.restartTimer);
    try {
      // kafkajs waits for the in-flight eachBatch (which commits what it handled) before leaving.
      await this.consumer?.disconnect();
    } finally {
      this.consumer = undefined;
      this.connected = false;
      this.running = false;
      if (this.ownsDlq) await this.dlq.disconnect().catch(() => undefined);
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      this.adminConnect = undefined;
      this.state = 'stopped';
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    this.admin ??= kafkajsClient(this.options.connection).admin();
    const admin = this.admin;
    this.adminConnect ??= admin.connect().catch((err: unknown) => {
      this.adminConnect = undefined;
      throw err;
    });
    await this.adminConnect;
    return admin;
  }

  // ---------------------------------------------------------------- batches

  private stopRequested(isRunning: () => boolean): boolean {
    return this.state === 'stopping' || this.state === 'stopped' || !isRunning();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    for (let start = 0; start < batch.messages.length; start += this.maxBatchSize) {
      // Between chunks: a stop or a rebalance ends this batch; the rest is fetched again later.
      if (this.stopRequested(isRunning) || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.maxBatchSize);
      const good: BatchItem<T>[] = [];
      const bad: DeadLetter[] = [];
      for (const message of chunk) {
        const record = toRecord(topic, partition, message);
        const parsed = this.safeParse(record);
        if (parsed.ok) good.push({ value: parsed.value, partition, offset: record.offset, record });
        else bad.push({ record, reason: parsed.reason, message: parsed.message });
      }
      if (
        bad.length > 0 &&
        !(await this.untilDone('dlq', () => this.sendDeadLetters(bad), heartbeat, isRunning))
      ) {
        return;
      }
      if (
        good.length > 0 &&
        !(await this.untilDone('handler', () => this.options.handle(good), heartbeat, isRunning))
      ) {
        return;
      }
      const last = (chunk[chunk.length - 1] as KafkaMessage).offset;
      resolveOffset(last);
      // Explicit offsets: kafkajs's consumer.commitOffsets is a no-op once stop() began, and
      // stop() must still commit the batch it lets finish.
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      this.handled += good.length;
      this.deadLettered += bad.length;
      this.lastCommitAt = new Date().toISOString();
      await heartbeat();
    }
  }

  private safeParse(record: ConsumedRecord): ParseResult<T> {
    try {
      return this.options.parse(record);
    } catch (err) {
      // A throwing parse is a bug, but still about this record: dead-letter it rather than stall.
      return { ok: false, reason: 'PARSE_THREW', message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The one dead-letter format: parse refusals and deadLetter() both go through here. */
  private async sendDeadLetters(items: readonly DeadLetter[]): Promise<void> {
    const failedAt = new Date().toISOString();
    const records: ProducerRecord[] = items.map(({ record, reason, message }) => ({
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        [DLQ_HEADERS.consumer]: this.options.consumerName,
        [DLQ_HEADERS.reason]: reason,
        [DLQ_HEADERS.message]: message.slice(0, DLQ_MESSAGE_MAX),
        [DLQ_HEADERS.originalTopic]: record.topic,
        [DLQ_HEADERS.originalPartition]: String(record.partition),
        [DLQ_HEADERS.originalOffset]: record.offset,
        [DLQ_HEADERS.failedAt]: failedAt,
      },
    }));
    await this.dlq.send(this.dlqTopic, records, { timeoutMs: 10_000 });
    for (const { record, reason, message } of items) {
      this.log.warn('record dead-lettered', {
        reason,
        message: message.slice(0, 200),
        partition: record.partition,
        offset: record.offset,
      });
    }
  }

  /**
   * Runs `fn` until it resolves (true) or the consumer stops or loses the partition (false),
   * backing off exponentially and heartbeating throughout so the group does not rebalance.
   * A heartbeat that fails because the group rebalances throws out of eachBatch, on purpose:
   * kafkajs rejoins and the uncommitted records are fetched again.
   */
  private async untilDone(
    source: 'handler' | 'dlq',
    fn: () => Promise<void>,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    let delay = this.initialRetryMs;
    let failing = false;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.whileHeartbeating(fn, heartbeat);
          if (attempt > 1) this.log.info(`${source} recovered`, { attempts: attempt });
          return true;
        } catch (err) {
          this.noteError(source, err);
          if (!failing) {
            failing = true;
            this.retryingPartitions += 1;
          }
          this.log.warn(`${source} failed; retrying the batch`, {
            error: err instanceof Error ? err.message : String(err),
            attempt,
            inMs: delay,
          });
        }
        if (this.stopRequested(isRunning)) return false;
        await this.sleepHeartbeating(delay, heartbeat);
        if (this.stopRequested(isRunning)) return false;
        delay = Math.min(delay * 2, this.maxRetryMs);
      }
    } finally {
      if (failing) this.retryingPartitions -= 1;
    }
  }

  private async whileHeartbeating(fn: () => Promise<void>, heartbeat: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => {
      // A failed heartbeat here means a rebalance; the commit after fn will fail and say so.
      heartbeat().catch((err: unknown) => this.log.debug('heartbeat failed', { error: String(err) }));
    }, this.heartbeatIntervalMs);
    try {
      await fn();
    } finally {
      clearInterval(timer);
    }
  }

  private async sleepHeartbeating(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      await heartbeat();
      const left = end - Date.now();
      if (left <= 0 || this.state === 'stopping' || this.state === 'stopped') return;
      await this.sleeper.sleep(Math.min(left, this.heartbeatIntervalMs));
    }
  }

  private noteError(source: 'handler' | 'dlq' | 'kafka', err: unknown): void {
    this.lastError = {
      source,
      message: err instanceof Error ? err.message : String(err),
      at: new Date().toISOString(),
    };
  }
}

function toRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}
