// Records the service cannot use go to the dead-letter topic with headers that say who gave up,
// why, and where the record came from; the events after them are stored as usual.
import { DLQ_HEADERS, makeEvent } from '@gt/contracts';
import { collectRecords, envelopeRecord, headerText, type ConsumedRecord } from '@gt/kafka';
import { waitFor } from '@gt/testing';
import { envelopeFor, MetricsStack, newGameId, qs, type MetricsApp } from './harness';

const stack = new MetricsStack('dlq', 1);
let app: MetricsApp;
const game = newGameId();

beforeAll(async () => {
  await stack.setUp();
  app = await stack.start();
});

afterAll(async () => {
  await stack.tearDown();
});

it('dead-letters garbage, an invalid event and an unknown envelope version, and stores the events after them', async () => {
  const now = Date.now();
  const good = (i: number) =>
    envelopeFor(
      game,
      makeEvent('design', {
        playerId: `p${i}`,
        name: 'Dlq:Probe',
        timestamp: new Date(now - i * 1000).toISOString(),
      }),
    );
  const valid = good(1);
  const invalid = envelopeFor(game, { ...makeEvent('design'), name: 'has spaces' } as never);
  const v2 = { ...envelopeFor(game, makeEvent('session_start')), v: 2 };
  const key = `${game}:dlq`;
  // One partition: the order below is the order of offsets.
  await stack.produceRecords([
    envelopeRecord(good(0)),
    { key, value: Buffer.from([0xde, 0xad, 0xbe, 0xef]), headers: { 'trace-id': 't-1' } },
    { ...envelopeRecord(invalid), key },
    { key, value: Buffer.from(JSON.stringify(v2)) },
    envelopeRecord(valid),
    envelopeRecord(good(2)),
  ]);
  await app.drained(6);

  // The three events around the bad records are stored.
  const r = await app.ok<{ total: number }>(
    `/v1/games/${game}/events${qs({ bucket: '1h', by: 'name', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString() })}`,
  );
  expect(r.total).toBe(3);
  expect(app.consumer().status()).toMatchObject({ handled: 3, deadLettered: 3, retrying: false });

  const dead = await collectRecords(stack.connection, {
    topic: stack.topics.dlqTopic,
    count: 3,
    timeoutMs: 20_000,
  });
  expect(dead).toHaveLength(3);
  const h = (rec: ConsumedRecord | undefined, name: string) => headerText(rec!.headers, name);
  const [garbage, badEvent, unknownVersion] = dead;
  for (const [rec, offset, reason] of [
    [garbage, '1', 'ENVELOPE_NOT_JSON'],
    [badEvent, '2', 'EVENT_INVALID'],
    [unknownVersion, '3', 'ENVELOPE_UNKNOWN_VERSION'],
  ] as const) {
    expect(h(rec, DLQ_HEADERS.consumer)).toBe('metrics');
    expect(h(rec, DLQ_HEADERS.reason)).toBe(reason);
    expect(h(rec, DLQ_HEADERS.originalTopic)).toBe(stack.topics.topic);
    expect(h(rec, DLQ_HEADERS.originalPartition)).toBe('0');
    expect(h(rec, DLQ_HEADERS.originalOffset)).toBe(offset);
    expect(Date.parse(h(rec, DLQ_HEADERS.failedAt)!)).toBeGreaterThan(now - 60_000);
    expect(rec!.key?.toString()).toBe(key);
  }
  // The original value and headers travel with the dead letter, for inspection and replay.
  expect(garbage!.value).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  expect(h(garbage, 'trace-id')).toBe('t-1');
  expect(h(badEvent, DLQ_HEADERS.message)).toMatch(/^EVENT_INVALID_FIELD: name/);
  expect(h(unknownVersion, DLQ_HEADERS.message)).toBe('envelope version 2 is not supported; expected 1');

  // Nothing stalls: a later event is stored too.
  await stack.produce([good(3)]);
  await waitFor(
    async () =>
      (
        await app.ok<{ total: number }>(
          `/v1/games/${game}/events${qs({ bucket: '1h', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString() })}`,
        )
      ).total === 4,
    { timeoutMs: 15_000, message: 'the fourth event' },
  );
});

it('dead-letters an event InfluxDB refuses for good (STORE_REJECTED) and stores the others of its batch', async () => {
  const game2 = newGameId();
  // Two days ago: a shard (one UTC day) no other test wrote to.
  const now = Date.now() - 2 * 86_400_000;
  // A string `value` in that day's shard makes InfluxDB refuse every float `value` there ("field
  // type conflict"): a permanent refusal, like its tag-value limit.
  await stack
    .repository()
    .write([
      { rp: 'raw', lines: [`events,game=${game2},type=design,name=Poison value="text" ${now}000000`] },
    ]);
  const refused = envelopeFor(
    game2,
    makeEvent('design', { playerId: 'r', name: 'Poison', value: 1, timestamp: new Date(now).toISOString() }),
  );
  const fine = [
    envelopeFor(game2, makeEvent('session_start', { playerId: 'r', timestamp: new Date(now).toISOString() })),
    envelopeFor(
      game2,
      makeEvent('design', { playerId: 'r', name: 'NoValue', timestamp: new Date(now).toISOString() }),
    ),
  ].map((e) => ({ ...e, event: { ...e.event, ...(e.event.type === 'design' ? { value: undefined } : {}) } }));
  const before = app.consumer().status();
  await stack.produce([fine[0]!, refused, fine[1]!]);
  await app.drained(before.handled + before.deadLettered + 3);

  const dead = await collectRecords(stack.connection, {
    topic: stack.topics.dlqTopic,
    count: 1,
    timeoutMs: 20_000,
    filter: (r) => headerText(r.headers, DLQ_HEADERS.reason) === 'STORE_REJECTED',
  });
  expect(dead).toHaveLength(1);
  const [d] = dead;
  expect(headerText(d!.headers, DLQ_HEADERS.consumer)).toBe('metrics');
  expect(headerText(d!.headers, DLQ_HEADERS.message)).toMatch(/field type conflict/);
  expect(headerText(d!.headers, DLQ_HEADERS.originalTopic)).toBe(stack.topics.topic);
  expect(headerText(d!.headers, 'event-id')).toBe(refused.event.eventId);
  expect(JSON.parse(d!.value!.toString())).toEqual(JSON.parse(JSON.stringify(refused)));
  // The record as consumed (libs/kafka's deadLetter), so where it came from is known exactly.
  const [original] = await collectRecords(stack.connection, {
    topic: stack.topics.topic,
    count: 1,
    filter: (rec) => headerText(rec.headers, 'event-id') === refused.event.eventId,
  });
  expect(headerText(d!.headers, DLQ_HEADERS.originalPartition)).toBe(String(original!.partition));
  expect(headerText(d!.headers, DLQ_HEADERS.originalOffset)).toBe(original!.offset);
  expect(d!.value!.equals(original!.value!)).toBe(true);

  const r = await app.ok<{ total: number }>(
    `/v1/games/${game2}/events${qs({ bucket: '1h', from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString() })}`,
  );
  expect(r.total).toBe(2);
});
