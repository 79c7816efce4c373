// The one place a kafkajs client is made. Services hold a KafkaConnection and never see
// kafkajs types, so that a maintained client can replace kafkajs here without touching them.
import { Kafka } from 'kafkajs';
import { patchKafkajsNegativeTimeout } from './kafkajs-patch';
import {
  kafkajsLogCreator,
  silentKafkaLogger,
  toKafkajsLogLevel,
  type KafkaLogLevel,
  type KafkaLogger,
} from './logger';

export interface KafkaConnectionOptions {
  /** host:port list, e.g. ['127.0.0.1:9092']. */
  brokers: readonly string[];
  clientId: string;
  /** Receives kafkajs's logs and this library's. Default: drop everything. */
  logger?: KafkaLogger;
  /** Lowest level passed to `logger`. Default 'warn': kafkajs is chatty at info. */
  logLevel?: KafkaLogLevel;
  /** TCP connect timeout per broker. Default 1000 ms: a local or in-cluster broker answers fast or not at all. */
  connectionTimeoutMs?: number;
  /** Per-request timeout (produce with acks=all included). Default 10 000 ms. */
  requestTimeoutMs?: number;
}

export class KafkaConnection {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly logger: KafkaLogger;
  readonly logLevel: KafkaLogLevel;

  constructor(options: KafkaConnectionOptions) {
    if (options.brokers.length === 0) throw new Error('createKafka: brokers must not be empty');
    this.clientId = options.clientId;
    this.brokers = [...options.brokers];
    this.logger = options.logger ?? silentKafkaLogger;
    this.logLevel = options.logLevel ?? 'warn';
    clients.set(
      this,
      new Kafka({
        clientId: options.clientId,
        brokers: [...options.brokers],
        connectionTimeout: options.connectionTimeoutMs ?? 1000,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        logLevel: toKafkajsLogLevel(this.logLevel),
        logCreator: kafkajsLogCreator(this.logger),
        // Admin calls and consumer (re)joins: a few quick retries; longer outages are handled
        // by the consumer restarting itself and by the producer's caller retrying later.
        retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 5 },
      }),
    );
  }
}

patchKafkajsNegativeTimeout();

// Module-private, so the kafkajs client is not part of the public type of KafkaConnection.
const clients = new WeakMap<KafkaConnection, Kafka>();

/** @internal The kafkajs client behind a connection; for this library's classes only. */
export function kafkajsClient(connection: KafkaConnection): Kafka {
  const client = clients.get(connection);
  if (client === undefined) throw new Error('KafkaConnection was not made by createKafka');
  return client;
}

export function createKafka(options: KafkaConnectionOptions): KafkaConnection {
  return new KafkaConnection(options);
}
