// ensureTopics' retry without a broker: a fake admin answers as a broker does right after a topic
// is created (metadata not there yet), and the test counts the calls. admin.int-spec.ts runs the
// race that produces those answers on the real broker.
import { ensureTopicsWith, type TopicAdmin } from './admin';
import { scopedLogger, type KafkaLogEntry } from './logger';

function protocolError(type: string): Error {
  return Object.assign(new Error(`protocol error ${type}`), { name: 'KafkaJSProtocolError', type });
}

interface FakeBroker {
  admin: TopicAdmin;
  calls: string[];
  topics: Map<string, number>;
}

/** A broker holding `existing` topics; `metadataFailures` lists what fetchTopicMetadata throws first, in order. */
function fakeBroker(existing: Record<string, number>, metadataFailures: Error[] = []): FakeBroker {
  const topics = new Map(Object.entries(existing));
  const calls: string[] = [];
  const failures = [...metadataFailures];
  const admin = {
    listTopics: () => {
      calls.push('list');
      return Promise.resolve([...topics.keys()]);
    },
    createTopics: ({ topics: wanted }: { topics: { topic: string; numPartitions?: number }[] }) => {
      calls.push(`create ${wanted.map((t) => t.topic).join(',')}`);
      for (const t of wanted) topics.set(t.topic, t.numPartitions ?? 1);
      return Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics: names }: { topics: string[] }) => {
      calls.push(`metadata ${names.join(',')}`);
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve({
        topics: names.map((name) => ({
          name,
          partitions: Array.from({ length: topics.get(name) ?? 0 }, (_, i) => ({ partitionId: i })),
        })),
      });
    },
  } as unknown as TopicAdmin;
  return { admin, calls, topics };
}

function logs() {
  const entries: KafkaLogEntry[] = [];
  return { entries, log: scopedLogger((e) => entries.push(e), 'debug', 'ensureTopics') };
}

const fast = { initialDelayMs: 1, maxDelayMs: 4 };

describe('ensureTopics', () => {
  it('creates the missing topics, leaves the others, and checks every topic has metadata', async () => {
    const b = fakeBroker({ events: 12 });
    const { log } = logs();
    const result = await ensureTopicsWith(
      b.admin,
      [
        { topic: 'events', numPartitions: 12 },
        { topic: 'dlq', numPartitions: 3 },
      ],
      log,
      fast,
    );
    expect(result).toEqual({ created: ['dlq'], existing: ['events'] });
    expect(b.calls).toEqual(['list', 'create dlq', 'metadata events,dlq']);
  });

  it('retries, with backoff, while a new topic is unknown or has no leader, then reports it created', async () => {
    const b = fakeBroker({}, [
      protocolError('UNKNOWN_TOPIC_OR_PARTITION'),
      protocolError('LEADER_NOT_AVAILABLE'),
    ]);
    const { log, entries } = logs();
    const result = await ensureTopicsWith(b.admin, [{ topic: 'fresh', numPartitions: 6 }], log, fast);
    // Created by the first attempt, even though the next attempts list it as present.
    expect(result).toEqual({ created: ['fresh'], existing: [] });
    expect(b.calls).toEqual([
      'list',
      'create fresh',
      'metadata fresh',
      'list',
      'metadata fresh',
      'list',
      'metadata fresh',
    ]);
    expect(entries.filter((e) => e.message === 'topic metadata not ready; retrying')).toHaveLength(2);
    expect(entries.at(-1)).toMatchObject({ message: 'topic metadata settled', fields: { attempts: 3 } });
  });

  it('gives up after the attempts allowed, throwing the last error', async () => {
    const b = fakeBroker(
      {},
      Array.from({ length: 10 }, () => protocolError('UNKNOWN_TOPIC_OR_PARTITION')),
    );
    const { log } = logs();
    await expect(
      ensureTopicsWith(b.admin, [{ topic: 'never', numPartitions: 1 }], log, { ...fast, attempts: 3 }),
    ).rejects.toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(b.calls.filter((c) => c === 'list')).toHaveLength(3);
  });

  it('does not retry an error that will not pass (an invalid topic name)', async () => {
    const b = fakeBroker({}, [protocolError('INVALID_TOPIC_EXCEPTION')]);
    const { log } = logs();
    await expect(
      ensureTopicsWith(b.admin, [{ topic: 'bad name', numPartitions: 1 }], log, fast),
    ).rejects.toMatchObject({ type: 'INVALID_TOPIC_EXCEPTION' });
    expect(b.calls.filter((c) => c === 'list')).toHaveLength(1);
  });

  it('warns about, and leaves, an existing topic with another partition count', async () => {
    const b = fakeBroker({ events: 3 });
    const { log, entries } = logs();
    const result = await ensureTopicsWith(b.admin, [{ topic: 'events', numPartitions: 12 }], log, fast);
    expect(result).toEqual({ created: [], existing: ['events'] });
    expect(b.topics.get('events')).toBe(3);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: { topic: 'events', partitions: 3, wanted: 12 },
      }),
    );
  });

  it('does nothing for no topics (kafkajs would fetch the metadata of all)', async () => {
    const b = fakeBroker({});
    const { log } = logs();
    await expect(ensureTopicsWith(b.admin, [], log)).resolves.toEqual({ created: [], existing: [] });
    expect(b.calls).toEqual([]);
  });
});
