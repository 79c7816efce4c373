// BatchConsumer on the real broker (127.0.0.1:9092): the platform's delivery guarantees,
// each on its own temporary topics and consumer group.
import { DLQ_HEADERS, type EventEnvelope } from '@gt/contracts';
import { uniqueId, waitFor } from '@gt/testing';
import { formatLogs, playerEnvelopes, tempTopics, testKafka } from '../test/helpers';
import {
  BatchConsumer,
  collectRecords,
  envelopeRecord,
  EventProducer,
  headerText,
  parseEnvelopeRecord,
  type BatchConsumerOptions,
  type BatchConsumerStatus,
  type BatchItem,
} from './index';

const { connection, logs } = testKafka('consumer_it');
const producer = new EventProducer(connection);
let topics: Awaited<ReturnType<typeof tempTopics>>;
const consumers: BatchConsumer<EventEnvelope>[] = [];

function consumer(
  groupId: string,
  handle: (batch: BatchItem<EventEnvelope>[]) => Promise<void>,
  extra: Partial<BatchConsumerOptions<EventEnvelope>> = {},
): BatchConsumer<EventEnvelope> {
  const c = new BatchConsumer<EventEnvelope>({
    connection,
    groupId,
    topic: topics.topic,
    dlqTopic: topics.dlqTopic,
    consumerName: 'it-consumer',
    parse: parseEnvelopeRecord,
    handle,
    dlq: producer,
    fromBeginning: true,
    retry: { initialMs: 100, maxMs: 400 },
    ...extra,
  });
  consumers.push(c);
  return c;
}

// Delivery is at least once: a commit refused while the broker's group coordinator is still
// loading (right after a restart, e.g. by producer.int-spec.ts) makes a batch come again. The
// order of first deliveries is what the platform promises; consumers deduplicate by eventId.
function ids(items: readonly { value: EventEnvelope }[]): string[] {
  return [...new Set(items.map((i) => i.value.event.eventId))];
}

beforeAll(async () => {
  topics = await tempTopics(connection, 'consumer_it');
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await topics?.drop();
  await producer.disconnect();
});

afterEach(() => {
  // GT_KAFKA_IT_LOGS=1 prints what kafkajs and the consumers logged during each test.
  if (process.env.GT_KAFKA_IT_LOGS === '1') console.log(formatLogs(logs));
  logs.length = 0;
});

it('round-trips envelopes: every record handled, in order per player, offsets committed', async () => {
  const a = playerEnvelopes(10);
  const b = playerEnvelopes(10);
  await producer.send(topics.topic, [...a, ...b].map(envelopeRecord), { timeoutMs: 10_000 });

  const got: BatchItem<EventEnvelope>[] = [];
  const c = consumer(uniqueId('roundtrip'), (batch) => {
    got.push(...batch);
    return Promise.resolve();
  });
  await c.start();
  await waitFor(() => ids(got).length >= 20, { timeoutMs: 30_000, message: '20 handled records' });

  // Per player, the order sent is the order handled (one key, one partition).
  const forPlayer = (playerId: string) => ids(got.filter((i) => i.value.event.playerId === playerId));
  expect(forPlayer(a[0]!.event.playerId)).toEqual(a.map((e) => e.event.eventId));
  expect(forPlayer(b[0]!.event.playerId)).toEqual(b.map((e) => e.event.eventId));
  expect(ids(got)).toHaveLength(20);
  // The envelope arrives as it was sent.
  expect(got.find((i) => i.value.event.eventId === a[0]!.event.eventId)!.value).toEqual(a[0]);

  await waitFor(async () => (await c.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0' });
  expect(c.status()).toMatchObject({
    connected: true,
    running: true,
    retrying: false,
    deadLettered: 0,
    lastError: null,
  });
  await c.stop();
  expect(c.status()).toMatchObject({ connected: false, running: false });
});

it('dead-letters garbage with the DLQ headers and still handles the good records around it', async () => {
  const playerId = uniqueId('player');
  const [good1, good2, good3, badEvent] = playerEnvelopes(4, playerId);
  // Same key as the good ones, so all five sit in one partition in this order.
  const key = `${good1!.gameId}:${playerId}`;
  const garbage = { key, value: Buffer.from('not json {'), headers: { 'trace-id': 'abc' } };
  const invalid = { ...envelopeRecord({ ...badEvent!, event: { ...badEvent!.event, playerId: '' } }), key };
  await producer.send(topics.topic, [
    envelopeRecord(good1!),
    garbage,
    envelopeRecord(good2!),
    invalid,
    envelopeRecord(good3!),
  ]);

  const got: BatchItem<EventEnvelope>[] = [];
  const c = consumer(uniqueId('dlq'), (batch) => {
    got.push(...batch.filter((i) => i.value.event.playerId === playerId));
    return Promise.resolve();
  });
  await c.start();
  await waitFor(() => ids(got).length >= 3, { timeoutMs: 30_000, message: 'the 3 good records' });
  expect(ids(got)).toEqual([good1!, good2!, good3!].map((e) => e.event.eventId));

  const dead = await collectRecords(connection, {
    topic: topics.dlqTopic,
    count: 2,
    filter: (r) => r.key?.toString() === key,
  });
  expect(dead).toHaveLength(2);
  const [d1, d2] = dead;
  const partition = got[0]!.partition;
  const offset1 = BigInt(got[0]!.offset) + 1n; // the garbage came right after good1
  const offset2 = BigInt(got[1]!.offset) + 1n; // the invalid event right after good2

  // The original key, value and headers travel with the dead letter.
  expect(d1!.value?.toString()).toBe('not json {');
  expect(headerText(d1!.headers, 'trace-id')).toBe('abc');
  expect(d2!.value?.equals(invalid.value as Buffer)).toBe(true);
  expect(headerText(d2!.headers, 'event-id')).toBe(badEvent!.event.eventId);

  const h = (r: typeof d1, name: string) => headerText(r!.headers, name);
  expect(h(d1, DLQ_HEADERS.consumer)).toBe('it-consumer');
  expect(h(d1, DLQ_HEADERS.reason)).toBe('ENVELOPE_NOT_JSON');
  expect(h(d1, DLQ_HEADERS.message)).toMatch(/^record value is not JSON/);
  expect(h(d1, DLQ_HEADERS.originalTopic)).toBe(topics.topic);
  expect(h(d1, DLQ_HEADERS.originalPartition)).toBe(String(partition));
  expect(h(d1, DLQ_HEADERS.originalOffset)).toBe(offset1.toString());
  expect(Date.parse(h(d1, DLQ_HEADERS.failedAt)!)).toBeGreaterThan(Date.now() - 60_000);

  expect(h(d2, DLQ_HEADERS.reason)).toBe('EVENT_INVALID');
  expect(h(d2, DLQ_HEADERS.message)).toBe('EVENT_INVALID_FIELD: playerId must not be empty');
  expect(h(d2, DLQ_HEADERS.originalOffset)).toBe(offset2.toString());

  await waitFor(async () => (await c.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0' });
  expect(c.status().deadLettered).toBeGreaterThanOrEqual(2);
  await c.stop();
});

it('dead-letters a record its handler refuses for good, in the same format, and commits the batch', async () => {
  const [keep, refuse, keepToo] = playerEnvelopes(3);
  const playerId = keep!.event.playerId;
  const records = [keep!, refuse!, keepToo!].map(envelopeRecord);
  await producer.send(topics.topic, records);

  const stored: string[] = [];
  const c: BatchConsumer<EventEnvelope> = consumer(uniqueId('handler_dlq'), async (batch) => {
    const mine = batch.filter((i) => i.value.event.playerId === playerId);
    // The "store" refuses one event for good; the others are stored.
    const refused = mine.filter((i) => i.value.event.eventId === refuse!.event.eventId);
    await c.deadLetter(
      refused.map((item) => ({ item, reason: 'STORE_REJECTED', message: 'tag value too long' })),
    );
    stored.push(...ids(mine.filter((i) => !refused.includes(i))));
  });
  await c.start();
  await waitFor(() => stored.length >= 2, { timeoutMs: 30_000, message: 'the 2 kept records' });
  expect(stored).toEqual([keep!.event.eventId, keepToo!.event.eventId]);

  const [dead] = await collectRecords(connection, {
    topic: topics.dlqTopic,
    count: 1,
    filter: (r) => headerText(r.headers, 'event-id') === refuse!.event.eventId,
  });
  expect(dead).toBeDefined();
  // The record as it was published (not re-encoded), with the headers of every dead letter.
  expect(dead!.key?.toString()).toBe(String(records[1]!.key));
  expect(dead!.value?.equals(records[1]!.value as Buffer)).toBe(true);
  const h = (name: string) => headerText(dead!.headers, name);
  expect(h(DLQ_HEADERS.consumer)).toBe('it-consumer');
  expect(h(DLQ_HEADERS.reason)).toBe('STORE_REJECTED');
  expect(h(DLQ_HEADERS.message)).toBe('tag value too long');
  expect(h(DLQ_HEADERS.originalTopic)).toBe(topics.topic);
  const partition = (
    await collectRecords(connection, {
      topic: topics.topic,
      count: 1,
      filter: (r) => headerText(r.headers, 'event-id') === refuse!.event.eventId,
    })
  )[0]!;
  expect(h(DLQ_HEADERS.originalPartition)).toBe(String(partition.partition));
  expect(h(DLQ_HEADERS.originalOffset)).toBe(partition.offset);
  expect(Date.parse(h(DLQ_HEADERS.failedAt)!)).toBeGreaterThan(Date.now() - 60_000);

  await waitFor(async () => (await c.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0' });
  expect(c.status().deadLettered).toBeGreaterThanOrEqual(1);
  await c.stop();
});

it('retries a failing handler with backoff, commits nothing meanwhile, dead-letters nothing', async () => {
  const groupId = uniqueId('retry');
  const envelopes = playerEnvelopes(5);
  const playerId = envelopes[0]!.event.playerId;
  const mine = (batch: BatchItem<EventEnvelope>[]) =>
    batch.filter((i) => i.value.event.playerId === playerId);
  await producer.send(topics.topic, envelopes.map(envelopeRecord));

  let calls = 0;
  const handled: BatchItem<EventEnvelope>[] = [];
  const committedDuringFailures: number[] = [];
  let statusDuringRetry: BatchConsumerStatus | undefined;
  const c = consumer(groupId, async (batch) => {
    if (mine(batch).length === 0) return; // earlier tests' records on other partitions
    calls += 1;
    if (calls === 2) statusDuringRetry = c.status();
    if (calls <= 3) {
      // While the dependency is down, nothing of this partition may be committed.
      const lag = await c.lagByPartition();
      committedDuringFailures.push(lag.find((p) => p.partition === batch[0]!.partition)!.committed);
      throw new Error(`influx down (${calls})`);
    }
    handled.push(...mine(batch));
  });
  await c.start();

  await waitFor(() => ids(handled).length >= 5, {
    timeoutMs: 30_000,
    message: 'the batch handled after 3 failures',
  });
  expect(statusDuringRetry).toMatchObject({
    running: true,
    retrying: true,
    lastError: { source: 'handler', message: 'influx down (1)' },
  });
  expect(calls).toBeGreaterThanOrEqual(4); // three failures, then the success
  expect(ids(handled)).toEqual(envelopes.map((e) => e.event.eventId));
  expect(committedDuringFailures).toEqual([-1, -1, -1]);
  expect(c.status().retrying).toBe(false);
  await waitFor(async () => (await c.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0 after success' });

  // Nothing of this player reached the DLQ.
  const dead = await collectRecords(connection, {
    topic: topics.dlqTopic,
    count: 1,
    timeoutMs: 3000,
    filter: (r) => r.key?.toString().endsWith(`:${playerId}`) ?? false,
  });
  expect(dead).toEqual([]);
  await c.stop();

  // A new member of the same group starts after the committed offsets: only the new record comes.
  const later = playerEnvelopes(1, playerId);
  await producer.send(topics.topic, later.map(envelopeRecord));
  const again: BatchItem<EventEnvelope>[] = [];
  const c2 = consumer(groupId, (batch) => {
    again.push(...mine(batch));
    return Promise.resolve();
  });
  await c2.start();
  await waitFor(() => again.length >= 1, { timeoutMs: 30_000, message: 'the new record' });
  await waitFor(async () => (await c2.lag()) === 0, { timeoutMs: 10_000, message: 'lag 0' });
  expect(ids(again)).toEqual([later[0]!.event.eventId]);
  await c2.stop();
});

it('stops gracefully: the in-flight batch finishes and is committed before the consumer leaves', async () => {
  const groupId = uniqueId('graceful');
  const envelopes = playerEnvelopes(3);
  const playerId = envelopes[0]!.event.playerId;
  await producer.send(topics.topic, envelopes.map(envelopeRecord));

  let stopping: Promise<void> | undefined;
  let finished = false;
  const seen: string[] = [];
  const c = consumer(groupId, async (batch) => {
    const mine = batch.filter((i) => i.value.event.playerId === playerId);
    if (mine.length === 0) return;
    // SIGTERM arrives while the batch is being written.
    stopping = c.stop();
    await new Promise((r) => setTimeout(r, 1500));
    seen.push(...ids(mine));
    finished = true;
  });
  await c.start();
  // (waitFor would await the promise itself, so test for its presence.)
  await waitFor(() => stopping !== undefined, { timeoutMs: 30_000, message: 'stop during the batch' });
  await stopping;
  expect(finished).toBe(true);
  expect(seen).toEqual(envelopes.map((e) => e.event.eventId));
  expect(c.status()).toMatchObject({ running: false, connected: false });

  // The partition holding the batch has nothing left for this group.
  const partition = (
    await collectRecords(connection, {
      topic: topics.topic,
      count: 1,
      filter: (r) => r.key?.toString().endsWith(`:${playerId}`) ?? false,
    })
  )[0]!.partition;
  const lag = await c.lagByPartition();
  expect(lag.find((p) => p.partition === partition)!.lag).toBe(0);

  // And a restarted member does not see those records again.
  const again: string[] = [];
  const c2 = consumer(groupId, (batch) => {
    again.push(...ids(batch.filter((i) => i.value.event.playerId === playerId)));
    return Promise.resolve();
  });
  await c2.start();
  await waitFor(async () => (await c2.lag()) === 0, { timeoutMs: 15_000, message: 'lag 0' });
  expect(again).toEqual([]);
  await c2.stop();
});
