// Producer of the platform: acks from all in-sync replicas, bounded in time, so that
// ingestion can answer 503 within seconds when Kafka is down, and that it recovers on its
// own when the broker is back (no restart of the service, no new producer).
import { Partitioners, type Producer } from 'kafkajs';
import { kafkajsClient, type KafkaConnection } from './connection';
import { classifySendError, KafkaUnavailableError } from './errors';
import { scopedLogger, type ScopedLogger } from './logger';
import type { ProducerRecord } from './records';
import { withTimeout } from './timeout';

export interface EventProducerOptions {
  /** Bound on connect() when it gets no timeout of its own. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Bound on send() when it gets no timeout of its own. Default 5000 ms. */
  sendTimeoutMs?: number;
  /** Retries of one send inside the client before it gives up (100 ms, 200 ms, ...). Default 2. */
  retries?: number;
}

export interface SendOptions {
  /** The whole send, connecting included, fails with KafkaUnavailableError after this. */
  timeoutMs?: number;
}

export class EventProducer {
  private readonly producer: Producer;
  private readonly log: ScopedLogger;
  private readonly connectTimeoutMs: number;
  private readonly sendTimeoutMs: number;
  private connected = false;
  private pendingConnect: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly connection: KafkaConnection,
    options: EventProducerOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 5000;
    this.log = scopedLogger(connection.logger, connection.logLevel, 'EventProducer');
    this.producer = kafkajsClient(connection).producer({
      // Idempotence needs a producer id and sequence state that kafkajs does not rebuild well
      // after a broker restart; consumers deduplicate by eventId, so at-least-once is enough.
      idempotent: false,
      // Topics are created by tools/infra and ensureTopics with the right partition count; a
      // typo must fail, not create a one-partition topic.
      allowAutoTopicCreation: false,
      // murmur2 like the Java client: the same key lands on the same partition with any client.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: options.retries ?? 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Connects, or throws KafkaUnavailableError. send() connects by itself when needed. */
  async connect(timeoutMs = this.connectTimeoutMs): Promise<void> {
    this.closed = false;
    if (this.connected) return;
    // One underlying attempt shared by concurrent callers; it may outlive a caller's timeout.
    this.pendingConnect ??= this.producer
      .connect()
      .then(() => {
        this.connected = true;
        this.log.info('producer connected');
      })
      .finally(() => {
        this.pendingConnect = undefined;
      });
    try {
      await withTimeout(
        this.pendingConnect,
        timeoutMs,
        () => new KafkaUnavailableError(`connecting to Kafka timed out after ${timeoutMs} ms`),
      );
    } catch (err) {
      throw classifySendError(err, 'connect');
    }
  }

  async disconnect(): Promise<void> {
    this.closed = true;
    this.connected = false;
    await this.pendingConnect?.catch(() => undefined);
    await this.producer.disconnect();
  }

  /**
   * Sends records to one topic and resolves once all in-sync replicas have them (acks=-1).
   * Throws KafkaUnavailableError when Kafka cannot be reached in time: nothing may be assumed
   * stored then (though a send that timed out can still land later: consumers deduplicate),
   * and KafkaSendError when the broker refuses the records.
   */
  async send(topic: string, records: readonly ProducerRecord[], options: SendOptions = {}): Promise<void> {
    if (this.closed) throw new KafkaUnavailableError('producer is disconnected');
    if (records.length === 0) return;
    const timeoutMs = options.timeoutMs ?? this.sendTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    if (!this.connected) await this.connect(timeoutMs);
    const remaining = Math.max(1, deadline - Date.now());
    try {
      await withTimeout(
        this.producer.send({
          topic,
          acks: -1,
          timeout: remaining,
          messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        }),
        remaining,
        () => new KafkaUnavailableError(`send to ${topic} timed out after ${timeoutMs} ms`),
      );
    } catch (err) {
      const error = classifySendError(err, `send to ${topic}`);
      this.log.warn(error.message, { topic, records: records.length });
      throw error;
    }
  }
}
