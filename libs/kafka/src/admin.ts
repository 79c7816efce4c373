// Admin helpers: topic creation for boot and tests, and the numbers behind consumer lag.
import type { Admin } from 'kafkajs';
import { kafkajsClient, type KafkaConnection } from './connection';
import { classifySendError } from './errors';
import { scopedLogger } from './logger';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Default 1: the local broker is a single node. Production sets 3. */
  replicationFactor?: number;
  /** Topic configs, e.g. { 'retention.ms': '604800000' }. */
  config?: Record<string, string>;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

async function withAdmin<T>(
  connection: KafkaConnection,
  what: string,
  fn: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = kafkajsClient(connection).admin();
  try {
    await admin.connect();
    return await fn(admin);
  } catch (err) {
    throw classifySendError(err, what);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Creates the topics that do not exist yet; safe to call on every boot. An existing topic is
 * left as it is, even with another partition count: adding partitions would move keys (and
 * players) to other partitions, which is an operator's decision.
 */
export async function ensureTopics(
  connection: KafkaConnection,
  specs: readonly TopicSpec[],
): Promise<EnsureTopicsResult> {
  const log = scopedLogger(connection.logger, connection.logLevel, 'ensureTopics');
  return withAdmin(connection, 'ensureTopics', async (admin) => {
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !present.has(s.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      log.info('created topics', { topics: missing.map((s) => s.topic) });
    }
    const existing = specs.filter((s) => present.has(s.topic)).map((s) => s.topic);
    if (existing.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: existing });
      for (const t of meta.topics) {
        const wanted = specs.find((s) => s.topic === t.name)?.numPartitions;
        if (wanted !== undefined && t.partitions.length !== wanted) {
          log.warn('topic exists with another partition count; left unchanged', {
            topic: t.name,
            partitions: t.partitions.length,
            wanted,
          });
        }
      }
    }
    return { created: missing.map((s) => s.topic), existing };
  });
}

/** Deletes topics that exist (for tests and tools; services never delete topics). */
export async function deleteTopics(connection: KafkaConnection, topics: readonly string[]): Promise<void> {
  await withAdmin(connection, 'deleteTopics', async (admin) => {
    const present = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => present.has(t));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 10_000 });
  });
}

export interface PartitionLag {
  partition: number;
  /** Offset of the next record to be written. */
  high: number;
  low: number;
  /** Offset of the next record the group will read; -1 when the group never committed here. */
  committed: number;
  lag: number;
}

/**
 * Per-partition lag of a group on a topic. A partition the group never committed on counts
 * from the low watermark when the group reads from the beginning, else as 0 (it starts at the end).
 */
export async function groupLag(
  admin: Admin,
  groupId: string,
  topic: string,
  fromBeginning: boolean,
): Promise<PartitionLag[]> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const byPartition = new Map<number, number>();
  for (const t of committed) {
    for (const p of t.partitions) byPartition.set(p.partition, Number(p.offset));
  }
  return ends
    .map((e) => {
      const high = Number(e.high);
      const low = Number(e.low);
      const c = byPartition.get(e.partition) ?? -1;
      const from = c >= 0 ? c : fromBeginning ? low : high;
      return { partition: e.partition, high, low, committed: c, lag: Math.max(0, high - from) };
    })
    .sort((a, b) => a.partition - b.partition);
}
