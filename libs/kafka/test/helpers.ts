// Shared by the integration tests: a connection to the local broker that keeps its logs in
// memory (printed only when asked), unique throwaway topics, and envelopes of one player.
import { makeEnvelope, makeEvent, type EventEnvelope } from '@gt/contracts';
import { infra, uniqueId } from '@gt/testing';
import { createKafka, deleteTopics, ensureTopics, type KafkaConnection, type KafkaLogEntry } from '../src';

export interface TestKafka {
  connection: KafkaConnection;
  logs: KafkaLogEntry[];
}

export function testKafka(name: string): TestKafka {
  const logs: KafkaLogEntry[] = [];
  const connection = createKafka({
    brokers: infra.kafka.brokers,
    clientId: uniqueId(name),
    logger: (entry) => logs.push(entry),
    logLevel: 'info',
  });
  return { connection, logs };
}

/** Unique topic names (Kafka allows dots and underscores) created for one suite and deleted after. */
export async function tempTopics(connection: KafkaConnection, prefix: string, partitions = 3) {
  const topic = uniqueId(`${prefix}_events`);
  const dlqTopic = uniqueId(`${prefix}_dlq`);
  await ensureTopics(connection, [
    { topic, numPartitions: partitions },
    { topic: dlqTopic, numPartitions: 1 },
  ]);
  return {
    topic,
    dlqTopic,
    drop: () => deleteTopics(connection, [topic, dlqTopic]),
  };
}

/** `n` design events of one player (one key, so one partition, in order). */
export function playerEnvelopes(n: number, playerId = uniqueId('player')): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) => makeEnvelope(makeEvent('design', { playerId, value: i })));
}

export function formatLogs(logs: readonly KafkaLogEntry[]): string {
  return logs.map((l) => `${l.level} ${l.namespace} ${l.message} ${JSON.stringify(l.fields)}`).join('\n');
}
