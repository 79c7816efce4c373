// EventProducer on the real broker: acknowledged sends, typed failures, and recovery after
// the broker is killed and restarted (the last test; it restarts Kafka even when it fails).
import type { EventEnvelope } from '@gt/contracts';
import { infraControl, uniqueId, waitFor } from '@gt/testing';
import { formatLogs, playerEnvelopes, tempTopics, testKafka } from '../test/helpers';
import {
  BatchConsumer,
  collectRecords,
  createKafka,
  envelopeRecord,
  EventProducer,
  headerText,
  KafkaSendError,
  KafkaUnavailableError,
  parseEnvelopeRecord,
  type KafkaConnection,
} from './index';

const { connection, logs } = testKafka('producer_it');
let topics: Awaited<ReturnType<typeof tempTopics>>;

beforeAll(async () => {
  topics = await tempTopics(connection, 'producer_it');
});

afterAll(async () => {
  await topics?.drop();
});

afterEach(() => {
  // GT_KAFKA_IT_LOGS=1 prints what kafkajs and the consumers logged during each test.
  if (process.env.GT_KAFKA_IT_LOGS === '1') console.log(formatLogs(logs));
  logs.length = 0;
});

async function elapsed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const t0 = Date.now();
  const [result] = await Promise.allSettled([fn()]);
  return { ms: Date.now() - t0, result: result! };
}

it('sends keyed records with headers that a consumer reads back as sent', async () => {
  const producer = new EventProducer(connection);
  const envelopes = playerEnvelopes(3);
  await producer.send(topics.topic, envelopes.map(envelopeRecord), { timeoutMs: 10_000 });
  await producer.disconnect();

  const records = await collectRecords(connection, { topic: topics.topic, count: 3 });
  expect(records.map((r) => JSON.parse(r.value!.toString()) as EventEnvelope)).toEqual(envelopes);
  // One key: one partition, in order.
  expect(new Set(records.map((r) => r.partition)).size).toBe(1);
  expect(records[0]!.key!.toString()).toBe(`${envelopes[0]!.gameId}:${envelopes[0]!.event.playerId}`);
  expect(headerText(records[0]!.headers, 'event-id')).toBe(envelopes[0]!.event.eventId);
});

it('throws KafkaUnavailableError within the timeout when no broker listens', async () => {
  // Port 1 on loopback: nothing listens, connections are refused at once.
  const nowhere: KafkaConnection = createKafka({ brokers: ['127.0.0.1:1'], clientId: uniqueId('nowhere') });
  const producer = new EventProducer(nowhere);
  const { ms, result } = await elapsed(() =>
    producer.send('any.topic', [{ key: 'k', value: 'v' }], { timeoutMs: 2000 }),
  );
  expect(result.status).toBe('rejected');
  expect((result as PromiseRejectedResult).reason).toBeInstanceOf(KafkaUnavailableError);
  expect(ms).toBeLessThan(4000);
  await producer.disconnect();
});

it('throws KafkaSendError when the broker refuses a record that is too large', async () => {
  const producer = new EventProducer(connection);
  // The broker's default message.max.bytes is about 1 MiB.
  const huge = Buffer.alloc(2 * 1024 * 1024, 'x');
  await expect(producer.send(topics.topic, [{ key: 'k', value: huge }])).rejects.toBeInstanceOf(
    KafkaSendError,
  );
  await producer.disconnect();
});

describe('after the broker is killed and restarted', () => {
  let killed = false;

  afterAll(async () => {
    // Whatever happened, leave the shared broker running for the other suites.
    if (killed) await infraControl.start('kafka');
  }, 150_000);

  it('the same producer answers 503-fast while Kafka is down and sends again once it is back', async () => {
    const producer = new EventProducer(connection);
    const handled: string[] = [];
    const consumer = new BatchConsumer<EventEnvelope>({
      connection,
      groupId: uniqueId('restart'),
      topic: topics.topic,
      dlqTopic: topics.dlqTopic,
      consumerName: 'restart-test',
      parse: parseEnvelopeRecord,
      handle: (batch) => {
        handled.push(...batch.map((i) => i.value.event.eventId));
        return Promise.resolve();
      },
      retry: { initialMs: 200, maxMs: 2000 },
      // From the beginning: a group that starts "at the end" could miss a record sent right after start().
      fromBeginning: true,
      // The member from before the kill is forgotten sooner, so the rejoin is quick.
      sessionTimeoutMs: 10_000,
    });
    try {
      await consumer.start();
      const before = playerEnvelopes(1);
      await producer.send(topics.topic, before.map(envelopeRecord), { timeoutMs: 10_000 });
      await waitFor(() => handled.includes(before[0]!.event.eventId), {
        timeoutMs: 30_000,
        message: 'record before kill',
      });

      killed = true;
      await infraControl.kill('kafka');

      const down = await elapsed(() =>
        producer.send(topics.topic, playerEnvelopes(1).map(envelopeRecord), { timeoutMs: 3000 }),
      );
      expect(down.result.status).toBe('rejected');
      expect((down.result as PromiseRejectedResult).reason).toBeInstanceOf(KafkaUnavailableError);
      expect(down.ms).toBeLessThan(5000);

      await infraControl.start('kafka');
      killed = false;

      // No new producer, no reconnect by hand: sends succeed again once the broker is back.
      const after = playerEnvelopes(1);
      await waitFor(
        async () => {
          await producer.send(topics.topic, after.map(envelopeRecord), { timeoutMs: 3000 });
          return true;
        },
        { timeoutMs: 45_000, intervalMs: 500, message: 'a send after the restart' },
      );
      // The consumer came back by itself too.
      await waitFor(() => handled.includes(after[0]!.event.eventId), {
        timeoutMs: 45_000,
        message: 'record after restart handled',
      });
    } finally {
      await consumer.stop();
      await producer.disconnect();
    }
  }, 150_000);
});
