// Admin helpers: topic creation for boot and tests, and the numbers behind consumer lag.
import type { Admin } from 'kafkajs';
import { kafkajsClient, type KafkaConnection } from './connection';
import { classifySendError, isTopicMetadataPending } from './errors';
import { scopedLogger, type ScopedLogger } from './logger';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Default 1: the local broker is a single node. Production sets 3. */
  replicationFactor?: number;
  /** Topic configs, e.g. { 'retention.ms': '604800000' }. */
  config?: Record<string, string>;
}

export interface EnsureTopicsResult {
  /** Absent when the call began (created by this call, or by another process meanwhile). */
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

export interface EnsureTopicsOptions {
  /**
   * Attempts in all while Kafka answers that a topic, or its partition leader, is not known yet
   * (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_FOR_PARTITION, or no leader
   * within the wait after creation): usual for a few hundred milliseconds after a topic is
   * created, above all when several processes create the same topics at once. Default 8.
   */
  attempts?: number;
  /** Backoff between attempts, doubling from initialDelayMs up to maxDelayMs. Default 200 / 3000. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Creates the topics that do not exist yet; safe to call on every boot, from several processes at
 * once. An existing topic is left as it is, even with another partition count: adding partitions
 * would move keys (and players) to other partitions, which is an operator's decision.
 *
 * Resolves once every topic's partitions have a leader in the cluster metadata, so a producer or
 * consumer can use them at once. Metadata that is not there yet is retried here (bounded, with
 * backoff; EnsureTopicsOptions), so callers need no retry loop of their own. Throws
 * KafkaUnavailableError when Kafka cannot be reached or the metadata never settles, and
 * KafkaSendError when the broker refuses the request (an invalid name, not authorised).
 */
export async function ensureTopics(
  connection: KafkaConnection,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const log = scopedLogger(connection.logger, connection.logLevel, 'ensureTopics');
  return withAdmin(connection, 'ensureTopics', (admin) => ensureTopicsWith(admin, specs, log, options));
}

/** The admin calls used by ensureTopics (a subset of kafkajs's Admin, so tests can fake it). */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata'>;

/** @internal ensureTopics on a connected admin; exported for unit tests only. */
export async function ensureTopicsWith(
  admin: TopicAdmin,
  specs: readonly TopicSpec[],
  log: ScopedLogger,
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  if (specs.length === 0) return { created: [], existing: [] };
  const attempts = Math.max(1, options.attempts ?? 8);
  const maxDelayMs = options.maxDelayMs ?? 3000;
  let delay = options.initialDelayMs ?? 200;
  // What existed before this call decides created/existing, whatever the attempt that finished.
  let before: Set<string> | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const present = new Set(await admin.listTopics());
      before ??= present;
      await createAndCheck(admin, specs, present, log);
      if (attempt > 1) log.info('topic metadata settled', { attempts: attempt });
      const existing = specs.filter((s) => before?.has(s.topic)).map((s) => s.topic);
      const created = specs.filter((s) => !before?.has(s.topic)).map((s) => s.topic);
      return { created, existing };
    } catch (err) {
      if (attempt >= attempts || !isTopicMetadataPending(err)) throw err;
      log.info('topic metadata not ready; retrying', {
        error: err instanceof Error ? err.message : String(err),
        attempt,
        inMs: delay,
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}

async function createAndCheck(
  admin: TopicAdmin,
  specs: readonly TopicSpec[],
  present: ReadonlySet<string>,
  log: ScopedLogger,
): Promise<void> {
  const missing = specs.filter((s) => !present.has(s.topic));
  if (missing.length > 0) {
    const made = await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.numPartitions,
        replicationFactor: s.replicationFactor ?? 1,
        configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    // false: another process created them first, and kafkajs did not wait for their leaders.
    if (made) log.info('created topics', { topics: missing.map((s) => s.topic) });
  }
  // Every topic, created a moment ago (by us or another process) or not: this throws
  // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE until all have leaders (retried above).
  const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
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
