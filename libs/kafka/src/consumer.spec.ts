// BatchConsumer's batch logic without a broker: eachBatch is driven with a fake kafkajs
// payload, the DLQ with a fake producer. The same guarantees run on the real broker in
// consumer.int-spec.ts; these pin down chunking, offsets and the retry loop exactly.
import { DLQ_HEADERS } from '@gt/contracts';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { createKafka } from './connection';
import { BatchConsumer, type BatchItem, type ParseResult } from './consumer';
import type { EventProducer } from './producer';
import type { ConsumedRecord, ProducerRecord } from './records';

const connection = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'unit' });

function message(offset: number, value: string | null, headers: Record<string, string> = {}): KafkaMessage {
  return {
    offset: String(offset),
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: '1795514400000',
    attributes: 0,
  } as KafkaMessage;
}

interface Fake {
  payload: EachBatchPayload;
  resolved: string[];
  commits: unknown[];
  heartbeats: () => number;
  running: { value: boolean };
}

function fakePayload(messages: KafkaMessage[], partition = 2): Fake {
  const resolved: string[] = [];
  const commits: unknown[] = [];
  let heartbeats = 0;
  const running = { value: true };
  const payload = {
    batch: { topic: 'events', partition, messages },
    resolveOffset: (o: string) => resolved.push(o),
    heartbeat: () => {
      heartbeats += 1;
      return Promise.resolve();
    },
    commitOffsetsIfNecessary: (offsets: unknown) => {
      commits.push(offsets);
      return Promise.resolve();
    },
    isRunning: () => running.value,
    isStale: () => false,
    pause: () => () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
  } as unknown as EachBatchPayload;
  return { payload, resolved, commits, heartbeats: () => heartbeats, running };
}

function fakeDlq() {
  const sent: { topic: string; records: readonly ProducerRecord[] }[] = [];
  let failures = 0;
  const dlq = {
    send: (topic: string, records: readonly ProducerRecord[]) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error('kafka down'));
      }
      sent.push({ topic, records });
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
  } as unknown as EventProducer;
  return { dlq, sent, failNext: (n: number) => (failures = n) };
}

// Values are decimal strings; anything else is refused with a stable reason.
function parse(record: ConsumedRecord): ParseResult<number> {
  const text = record.value?.toString() ?? '';
  return /^\d+$/.test(text)
    ? { ok: true, value: Number(text) }
    : { ok: false, reason: 'NOT_A_NUMBER', message: `got ${text}` };
}

function make(handle: (batch: BatchItem<number>[]) => Promise<void>, extra: { maxBatchSize?: number } = {}) {
  const d = fakeDlq();
  const consumer = new BatchConsumer<number>({
    connection,
    groupId: 'g',
    topic: 'events',
    consumerName: 'unit-consumer',
    parse,
    handle,
    dlq: d.dlq,
    dlqTopic: 'dlq',
    retry: { initialMs: 5, maxMs: 20 },
    heartbeatIntervalMs: 10,
    ...extra,
  });
  // eachBatch is what kafkajs calls; reach it without a broker.
  const eachBatch = (p: EachBatchPayload) =>
    (consumer as unknown as { eachBatch(p: EachBatchPayload): Promise<void> }).eachBatch(p);
  return { consumer, eachBatch, ...d };
}

/** Items without the consumed record they carry (checked on its own where it matters). */
function plain(batches: BatchItem<number>[][]) {
  return batches.map((b) => b.map(({ value, partition, offset }) => ({ value, partition, offset })));
}

function commitOffset(commit: unknown): string {
  return (commit as { topics: { partitions: { offset: string }[] }[] }).topics[0]!.partitions[0]!.offset;
}

describe('BatchConsumer batches', () => {
  it('hands records to handle in chunks of maxBatchSize and commits after each chunk the next offset', async () => {
    const calls: BatchItem<number>[][] = [];
    const { eachBatch, consumer } = make(
      (batch) => {
        calls.push(batch);
        return Promise.resolve();
      },
      { maxBatchSize: 2 },
    );
    const f = fakePayload([message(10, '1'), message(11, '2'), message(12, '3')]);
    await eachBatch(f.payload);
    expect(plain(calls)).toEqual([
      [
        { value: 1, partition: 2, offset: '10' },
        { value: 2, partition: 2, offset: '11' },
      ],
      [{ value: 3, partition: 2, offset: '12' }],
    ]);
    expect(f.resolved).toEqual(['11', '12']);
    // Kafka commits the offset of the next record to read.
    expect(f.commits.map(commitOffset)).toEqual(['12', '13']);
    expect(consumer.status()).toMatchObject({ handled: 3, deadLettered: 0, retrying: false });
  });

  it('dead-letters what parse refuses, with the DLQ headers and the original record, and handles the rest', async () => {
    const calls: BatchItem<number>[][] = [];
    const { eachBatch, sent, consumer } = make((batch) => {
      calls.push(batch);
      return Promise.resolve();
    });
    const f = fakePayload([message(7, '1'), message(8, 'oops', { 'trace-id': 't1' }), message(9, null)]);
    await eachBatch(f.payload);

    expect(plain(calls)).toEqual([[{ value: 1, partition: 2, offset: '7' }]]);
    // The item carries its record as consumed.
    expect(calls[0]![0]!.record).toMatchObject({ topic: 'events', partition: 2, offset: '7' });
    expect(calls[0]![0]!.record.value).toEqual(Buffer.from('1'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('dlq');
    const [oops, tombstone] = sent[0]!.records;
    expect(oops!.key).toEqual(Buffer.from('k'));
    expect(oops!.value).toEqual(Buffer.from('oops'));
    expect(oops!.headers).toEqual({
      'trace-id': 't1',
      [DLQ_HEADERS.consumer]: 'unit-consumer',
      [DLQ_HEADERS.reason]: 'NOT_A_NUMBER',
      [DLQ_HEADERS.message]: 'got oops',
      [DLQ_HEADERS.originalTopic]: 'events',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '8',
      [DLQ_HEADERS.failedAt]: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(tombstone!.value).toBeNull();
    expect(tombstone!.headers![DLQ_HEADERS.originalOffset]).toBe('9');
    expect(f.commits.map(commitOffset)).toEqual(['10']);
    expect(consumer.status()).toMatchObject({ handled: 1, deadLettered: 2 });
  });

  it('dead-letters a record whose parse throws, with reason PARSE_THREW', async () => {
    const d = fakeDlq();
    const consumer = new BatchConsumer<number>({
      connection,
      groupId: 'g',
      topic: 'events',
      consumerName: 'c',
      parse: () => {
        throw new Error('bug');
      },
      handle: () => Promise.resolve(),
      dlq: d.dlq,
    });
    const f = fakePayload([message(1, '1')]);
    await (consumer as unknown as { eachBatch(p: EachBatchPayload): Promise<void> }).eachBatch(f.payload);
    expect(d.sent[0]!.records[0]!.headers![DLQ_HEADERS.reason]).toBe('PARSE_THREW');
    expect(d.sent[0]!.records[0]!.headers![DLQ_HEADERS.message]).toBe('bug');
  });

  it('retries a failing handle with the same batch, heartbeating, and commits only after it succeeds', async () => {
    let attempts = 0;
    const seen: number[][] = [];
    let commitsBeforeSuccess = -1;
    const f = fakePayload([message(1, '1'), message(2, '2')]);
    const { eachBatch, consumer, sent } = make((batch) => {
      attempts += 1;
      seen.push(batch.map((i) => i.value));
      if (attempts <= 3) {
        commitsBeforeSuccess = f.commits.length;
        return Promise.reject(new Error(`redis down ${attempts}`));
      }
      return Promise.resolve();
    });
    await eachBatch(f.payload);
    expect(attempts).toBe(4);
    expect(seen).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(commitsBeforeSuccess).toBe(0);
    expect(f.commits.map(commitOffset)).toEqual(['3']);
    expect(sent).toEqual([]);
    // Backoff sleeps heartbeat so the group does not drop the member.
    expect(f.heartbeats()).toBeGreaterThanOrEqual(3);
    expect(consumer.status()).toMatchObject({
      retrying: false,
      handled: 2,
      lastError: { source: 'handler', message: 'redis down 3' },
    });
  });

  it('retries the DLQ send too when Kafka refuses it, before handling or committing anything', async () => {
    const calls: number[][] = [];
    const d = make((batch) => {
      calls.push(batch.map((i) => i.value));
      return Promise.resolve();
    });
    d.failNext(2);
    const f = fakePayload([message(1, 'bad'), message(2, '2')]);
    await d.eachBatch(f.payload);
    expect(d.sent).toHaveLength(1);
    expect(calls).toEqual([[2]]);
    expect(f.commits.map(commitOffset)).toEqual(['3']);
    expect(d.consumer.status().lastError).toMatchObject({ source: 'dlq' });
  });

  it('gives up the batch without committing when the consumer stops during the retries', async () => {
    let attempts = 0;
    const f = fakePayload([message(1, '1')]);
    const { eachBatch, consumer } = make(() => {
      attempts += 1;
      if (attempts === 2) f.running.value = false; // kafkajs is stopping
      return Promise.reject(new Error('influx down'));
    });
    await eachBatch(f.payload);
    expect(attempts).toBe(2);
    expect(f.commits).toEqual([]);
    expect(f.resolved).toEqual([]);
    expect(consumer.status()).toMatchObject({ retrying: false, handled: 0 });
  });

  it('lets a rebalance (a failing heartbeat) out of the retry loop, uncommitted', async () => {
    const { eachBatch } = make(() => Promise.reject(new Error('influx down')));
    const f = fakePayload([message(1, '1')]);
    (f.payload as { heartbeat: () => Promise<void> }).heartbeat = () =>
      Promise.reject(new Error('The group is rebalancing, so a rejoin is needed'));
    await expect(eachBatch(f.payload)).rejects.toThrow(/rebalancing/);
    expect(f.commits).toEqual([]);
  });

  it('dead-letters what handle hands to deadLetter, in the parse-refusal format, and commits the batch', async () => {
    const d = make(async (batch) => {
      // The store refuses the odd values for good; the others are stored.
      const refused = batch.filter((i) => i.value % 2 === 1);
      await d.consumer.deadLetter(
        refused.map((item) => ({ item, reason: 'STORE_REJECTED', message: `value ${item.value} refused` })),
      );
    });
    const { eachBatch, sent, consumer } = d;
    const f = fakePayload([message(20, '2'), message(21, '3', { 'event-id': 'e21' }), message(22, '4')]);
    await eachBatch(f.payload);

    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('dlq');
    expect(sent[0]!.records).toHaveLength(1);
    const [dead] = sent[0]!.records;
    // The original record, bytes and headers unchanged, with the same DLQ headers as a parse refusal.
    expect(dead!.key).toEqual(Buffer.from('k'));
    expect(dead!.value).toEqual(Buffer.from('3'));
    expect(dead!.headers).toEqual({
      'event-id': 'e21',
      [DLQ_HEADERS.consumer]: 'unit-consumer',
      [DLQ_HEADERS.reason]: 'STORE_REJECTED',
      [DLQ_HEADERS.message]: 'value 3 refused',
      [DLQ_HEADERS.originalTopic]: 'events',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '21',
      [DLQ_HEADERS.failedAt]: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(f.commits.map(commitOffset)).toEqual(['23']);
    expect(consumer.status()).toMatchObject({ handled: 3, deadLettered: 1, retrying: false });
  });

  it('retries the batch when deadLetter cannot reach the DLQ, committing nothing until it can', async () => {
    let attempts = 0;
    const d = make(async (batch) => {
      attempts += 1;
      await d.consumer.deadLetter([{ item: batch[0]!, reason: 'STORE_REJECTED', message: 'no' }]);
    });
    d.failNext(2);
    const f = fakePayload([message(5, '5')]);
    await d.eachBatch(f.payload);
    expect(attempts).toBe(3);
    expect(d.sent).toHaveLength(1);
    expect(f.commits.map(commitOffset)).toEqual(['6']);
    expect(d.consumer.status()).toMatchObject({
      deadLettered: 1,
      lastError: { source: 'handler', message: 'kafka down' },
    });
  });

  it('sends nothing for an empty deadLetter call', async () => {
    const { consumer, sent } = make(() => Promise.resolve());
    await consumer.deadLetter([]);
    expect(sent).toEqual([]);
  });

  it('refuses a maxBatchSize below 1', () => {
    expect(() => make(() => Promise.resolve(), { maxBatchSize: 0 })).toThrow(/maxBatchSize/);
  });
});
