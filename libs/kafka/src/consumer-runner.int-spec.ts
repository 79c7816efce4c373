// ConsumerRunner around a real BatchConsumer on the local broker: nothing is consumed before
// waitFor settles, readiness follows the group, and stop() leaves everything handled committed.
import type { EventEnvelope } from '@gt/contracts';
import { uniqueId, waitFor } from '@gt/testing';
import { formatLogs, playerEnvelopes, tempTopics, testKafka } from '../test/helpers';
import { BatchConsumer, ConsumerRunner, envelopeRecord, EventProducer, parseEnvelopeRecord } from './index';

const { connection, logs } = testKafka('runner_it');
const producer = new EventProducer(connection);
let topics: Awaited<ReturnType<typeof tempTopics>>;

beforeAll(async () => {
  topics = await tempTopics(connection, 'runner_it');
  await producer.connect();
});

afterAll(async () => {
  await topics?.drop();
  await producer.disconnect();
});

afterEach(() => {
  if (process.env.GT_KAFKA_IT_LOGS === '1') console.log(formatLogs(logs));
  logs.length = 0;
});

function readinessOf(check: () => unknown): string {
  try {
    check();
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

it('consumes only once waitFor settles, is ready while consuming, and stops with everything committed', async () => {
  const envelopes = playerEnvelopes(20);
  await producer.send(topics.topic, envelopes.map(envelopeRecord), { timeoutMs: 10_000 });

  const handled = new Set<string>();
  const consumer = new BatchConsumer<EventEnvelope>({
    connection,
    groupId: uniqueId('runner'),
    topic: topics.topic,
    dlqTopic: topics.dlqTopic,
    consumerName: 'it-runner',
    parse: parseEnvelopeRecord,
    handle: (batch) => {
      for (const item of batch) handled.add(item.value.event.eventId);
      return Promise.resolve();
    },
    dlq: producer,
    fromBeginning: true,
  });
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const runner = new ConsumerRunner(consumer, {
    logger: connection.logger,
    waitFor: { what: 'the gate', ready: () => gate },
    retry: { initialMs: 100, maxMs: 400 },
  });
  const ready = runner.readiness();

  runner.start();
  await new Promise((r) => setTimeout(r, 500));
  expect(readinessOf(ready)).toBe('waiting for the gate');
  expect(handled.size).toBe(0);
  expect(consumer.status().connected).toBe(false);

  openGate();
  await waitFor(() => handled.size === 20, { timeoutMs: 30_000, message: '20 handled records' });
  await waitFor(() => readinessOf(ready) === 'ok', { timeoutMs: 10_000, message: 'ready' });
  await waitFor(async () => (await consumer.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0' });

  await runner.stop();
  expect(runner.phase()).toBe('stopped');
  expect(readinessOf(ready)).toBe('consumer stopped');
  expect(consumer.status()).toMatchObject({ connected: false, running: false });
  // At least once: a commit refused right after a broker restart (producer.int-spec.ts) redelivers.
  expect(consumer.status().handled).toBeGreaterThanOrEqual(20);
  // A stopped consumer borrows an admin client for lag: the offsets stayed committed.
  expect(await consumer.lag()).toBe(0);
});
