import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { infra, uniqueId, waitFor } from '@gt/testing';

// The broker is tested with kafkajs directly: this suite checks the infrastructure, not
// libs/kafka, which has its own tests on top of this broker.
const kafka = new Kafka({
  clientId: uniqueId('infra_int'),
  brokers: [...infra.kafka.brokers],
  logLevel: logLevel.NOTHING,
});

describe('Kafka (KRaft, single node)', () => {
  let admin: Admin;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  const groupId = uniqueId('infra_roundtrip');

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    // The group exists only for this test; leave no committed offsets behind.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('has both topics with the configured partition counts', async () => {
    const meta = await admin.fetchTopicMetadata({
      topics: [infra.kafka.topics.events, infra.kafka.topics.deadLetter],
    });
    const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({ [infra.kafka.topics.events]: 12, [infra.kafka.topics.deadLetter]: 3 });
  });

  it('delivers records to a fresh consumer group, in order per key', async () => {
    const topic = infra.kafka.topics.events;
    const key = uniqueId('key');
    producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = async (n: number) => {
      const [meta] = await producer!.send({
        topic,
        acks: -1,
        messages: [{ key, value: JSON.stringify({ n, key }), headers: { 'x-test': key } }],
      });
      return meta!;
    };

    // Record 1 exists before the group does; the consumer seeks to its offset, so neither a race
    // with the "latest" offset lookup nor a replay of the whole (shared) topic can happen.
    const first = await send(1);

    const received: { n: number; header: string; partition: number }[] = [];
    // Short fetch wait: disconnect() waits for the fetch in flight (default 5 s).
    consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 250,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        // Other suites publish on the same topic at the same time: keep only our records.
        if (message.key?.toString() !== key) return;
        const value = JSON.parse(message.value?.toString() ?? '{}') as { n: number };
        received.push({ n: value.n, header: message.headers?.['x-test']?.toString() ?? '', partition });
      },
    });
    consumer.seek({ topic, partition: first.partition, offset: first.baseOffset! });

    // Record 2 is produced while the consumer runs; same key, so same partition, after record 1.
    const second = await send(2);
    expect(second.partition).toBe(first.partition);

    await waitFor(() => received.length >= 2, { timeoutMs: 30_000, message: `both records with key ${key}` });
    expect(received.map((r) => r.n)).toEqual([1, 2]);
    expect(received.every((r) => r.header === key && r.partition === first.partition)).toBe(true);
  });
});
