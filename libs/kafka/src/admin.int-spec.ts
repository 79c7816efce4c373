// ensureTopics on the real broker (127.0.0.1:9092). Several processes booting at once (service
// instances, parallel test files) create the same topics: the losers of that race list a topic
// whose metadata has not reached the broker yet and used to fail with UNKNOWN_TOPIC_OR_PARTITION
// ("This server does not host this topic-partition"), about one call in twenty here, so 10 rounds
// of 6 calls failed in every run without the retry (ensureTopics with attempts: 1). ensureTopics
// now waits that out itself (GT_KAFKA_IT_LOGS=1 shows "topic metadata not ready; retrying"), so
// no caller needs a retry loop of its own.
import { uniqueId } from '@gt/testing';
import { formatLogs, testKafka } from '../test/helpers';
import { collectRecords, deleteTopics, ensureTopics, EventProducer } from './index';

const PROCESSES = 6;
const ROUNDS = 10;

const clients = Array.from({ length: PROCESSES }, (_, i) => testKafka(`admin_it_${i}`));
const made: string[] = [];

afterAll(async () => {
  await deleteTopics(clients[0]!.connection, made).catch(() => undefined);
});

afterEach(() => {
  // GT_KAFKA_IT_LOGS=1 prints what kafkajs and ensureTopics logged during each test.
  if (process.env.GT_KAFKA_IT_LOGS === '1') for (const c of clients) console.log(formatLogs(c.logs));
  for (const c of clients) c.logs.length = 0;
});

it('lets several processes create the same fresh topics at once: every call succeeds', async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const topic = uniqueId(`admin_it_events_${round}`);
    const dlq = uniqueId(`admin_it_dlq_${round}`);
    made.push(topic, dlq);
    const results = await Promise.all(
      clients.map(({ connection }) =>
        ensureTopics(connection, [
          { topic, numPartitions: 6 },
          { topic: dlq, numPartitions: 1 },
        ]),
      ),
    );
    // Each result splits the two topics between created (absent when that call began) and existing.
    for (const r of results) expect([...r.created, ...r.existing].sort()).toEqual([dlq, topic].sort());
    // No topic existed before the round, so some call saw each one absent.
    expect(new Set(results.flatMap((r) => r.created))).toEqual(new Set([topic, dlq]));
    // Whoever created them, the topics exist with the partitions asked for.
    const again = await ensureTopics(clients[0]!.connection, [
      { topic, numPartitions: 6 },
      { topic: dlq, numPartitions: 1 },
    ]);
    expect(again).toEqual({ created: [], existing: [topic, dlq] });
  }
  const warnings = clients.flatMap((c) => c.logs).filter((l) => l.level === 'warn' || l.level === 'error');
  expect(warnings.filter((l) => l.namespace === 'ensureTopics')).toEqual([]);
}, 120_000);

it('leaves a topic ready for a producer and a consumer as soon as it resolves', async () => {
  const { connection } = clients[1]!;
  const topic = uniqueId('admin_it_ready');
  made.push(topic);
  await ensureTopics(connection, [{ topic, numPartitions: 3 }]);
  const producer = new EventProducer(connection);
  try {
    // No retry here: the metadata (leaders) of all 3 partitions is known once ensureTopics resolved.
    await producer.send(
      topic,
      ['a', 'b', 'c'].map((k) => ({ key: k, value: `value-${k}` })),
      { timeoutMs: 10_000 },
    );
  } finally {
    await producer.disconnect();
  }
  const records = await collectRecords(connection, { topic, count: 3 });
  expect(records.map((r) => r.value?.toString()).sort()).toEqual(['value-a', 'value-b', 'value-c']);
});
