// Reading a topic from tests and tools (other projects' integration tests cannot use kafkajs:
// it is imported only here). Not for services: they consume through BatchConsumer.
import { randomUUID } from 'node:crypto';
import { kafkajsClient, type KafkaConnection } from './connection';
import type { ConsumedRecord } from './records';

export interface CollectRecordsOptions {
  topic: string;
  /** Stop after this many matching records. */
  count: number;
  /** Give up after this long and return what was found. Default 15 000 ms. */
  timeoutMs?: number;
  /** Only records for which this returns true are kept (and counted). */
  filter?: (record: ConsumedRecord) => boolean;
  /** Default: a fresh group, reading from the beginning of the topic. */
  groupId?: string;
}

/**
 * Reads a topic from the beginning with a throwaway consumer group until `count` matching
 * records were seen or the timeout passed, and returns them in arrival order.
 */
export async function collectRecords(
  connection: KafkaConnection,
  options: CollectRecordsOptions,
): Promise<ConsumedRecord[]> {
  const found: ConsumedRecord[] = [];
  const consumer = kafkajsClient(connection).consumer({
    groupId: options.groupId ?? `collect-${randomUUID()}`,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    done = resolve;
  });
  const timer = setTimeout(done, options.timeoutMs ?? 15_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ topic, partition, message }) => {
        const record: ConsumedRecord = {
          topic,
          partition,
          offset: message.offset,
          key: message.key ?? null,
          value: message.value ?? null,
          headers: message.headers ?? {},
          timestamp: message.timestamp,
        };
        if (found.length < options.count && (options.filter?.(record) ?? true)) {
          found.push(record);
          if (found.length >= options.count) done();
        }
        return Promise.resolve();
      },
    });
    await enough;
    return found;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}
