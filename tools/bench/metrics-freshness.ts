// Benchmark of the metrics service's freshness (issue 5): the time from an event being accepted
// (Kafka acknowledged it with acks=all, which is when ingestion answers 202) to the event being
// visible in the query API, p50/p95 over BENCH_PROBES probes, one at a time, while background
// traffic flows (BENCH_LOAD_EPS events/s over 20 games, default 100: ten times the simulator's
// demo default of 20 players at 10 events/s). Each probe is polled every 10 ms through HTTP.
// Target: p95 under 1 second.
//
//   node -r ./tools/build/register.js tools/bench/metrics-freshness.ts
import { randomUUID } from 'node:crypto';
import { FIXTURE_IDS, makeEvent, type EventEnvelope } from '@gt/contracts';
import { createKafka, deleteTopics, ensureTopics, EventProducer, envelopeRecord } from '@gt/kafka';
import { createLogger, createServiceApp } from '@gt/service-kit';
import { infra, uniqueId, waitFor } from '@gt/testing';
import { loadMetricsConfig } from '../../apps/metrics/src/config';
import { influxRepositoryFor } from '../../apps/metrics/src/metrics.module';
import { metricsService } from '../../apps/metrics/src/service';
import { BENCH_TOKEN, machine, percentile, printTable, round, writeResult } from './metrics-common';

const PROBES = Number(process.env.BENCH_PROBES ?? 100);
const LOAD_EPS = Number(process.env.BENCH_LOAD_EPS ?? 100);
const TARGET_P95_MS = 1000;

function envelope(gameId: string, playerId: string, name: string): EventEnvelope {
  return {
    v: 1,
    studioId: FIXTURE_IDS.studioId,
    gameId,
    gameClientId: FIXTURE_IDS.gameClientId,
    platform: 'unity',
    receivedAt: new Date().toISOString(),
    event: makeEvent('design', { playerId, sessionId: `${playerId}-s`, name }),
  };
}

const record = envelopeRecord;

async function main(): Promise<void> {
  const id = uniqueId('bench_fresh');
  const topic = `${id}.events`;
  const dlqTopic = `${id}.dlq`;
  const connection = createKafka({ brokers: infra.kafka.brokers, clientId: id });
  const producer = new EventProducer(connection);
  const loadProducer = new EventProducer(connection);
  const config = loadMetricsConfig({
    SERVICE_TOKEN: BENCH_TOKEN,
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: dlqTopic,
    KAFKA_GROUP_ID: `${id}_group`,
    INFLUX_URL: infra.influxdb.url,
    INFLUX_DATABASE: id,
  });
  const repo = influxRepositoryFor(config);
  const probeGame = randomUUID();
  const loadGames = Array.from({ length: 20 }, () => randomUUID());
  let loading = true;
  let loadSent = 0;
  try {
    await ensureTopics(connection, [
      { topic, numPartitions: 12 },
      { topic: dlqTopic, numPartitions: 1 },
    ]);
    const app = await createServiceApp(metricsService, config, { logger: createLogger('metrics', 'warn') });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, {
      timeoutMs: 60_000,
      message: 'metrics ready',
    });

    // Background traffic in bursts every 100 ms, as SDK batches arrive through ingestion.
    const load = (async () => {
      let n = 0;
      while (loading) {
        const burst = Array.from({ length: Math.max(1, Math.round(LOAD_EPS / 10)) }, () => {
          n++;
          return record(envelope(loadGames[n % loadGames.length]!, `p${n % 400}`, 'Load:Tick'));
        });
        await loadProducer.send(topic, burst);
        loadSent += burst.length;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const headers = { 'x-service-token': BENCH_TOKEN };
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const url = `${base}/v1/games/${probeGame}/events?bucket=1h&from=${encodeURIComponent(from)}`;
    const visibleCount = async (): Promise<number> => {
      const res = await fetch(url, { headers });
      if (res.status === 404) return 0; // before the game's first event
      return ((await res.json()) as { total: number }).total;
    };
    await new Promise((r) => setTimeout(r, 2000)); // let the load settle in
    const fromAck: number[] = [];
    const fromSend: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const sent = performance.now();
      await producer.send(topic, [record(envelope(probeGame, `probe-${i % 10}`, 'Probe'))]);
      const acked = performance.now();
      for (;;) {
        if ((await visibleCount()) >= i + 1) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const seen = performance.now();
      fromAck.push(seen - acked);
      fromSend.push(seen - sent);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
    loading = false;
    await load;
    await app.close();

    const stats = (xs: number[]) => ({
      p50: round(percentile(xs, 50)),
      p95: round(percentile(xs, 95)),
      max: round(Math.max(...xs)),
    });
    const result = {
      benchmark: 'metrics-freshness',
      at: new Date().toISOString(),
      machine: machine(),
      setup: {
        probes: PROBES,
        backgroundEventsPerSecond: LOAD_EPS,
        backgroundEventsSent: loadSent,
        backgroundGames: loadGames.length,
        partitions: 12,
        batchMaxEvents: config.BATCH_MAX_EVENTS,
        batchLingerMs: config.BATCH_LINGER_MS,
        pollIntervalMs: 10,
      },
      acceptedToVisibleMs: stats(fromAck),
      producedToVisibleMs: stats(fromSend),
      targetP95Ms: TARGET_P95_MS,
      underTarget: percentile(fromAck, 95) < TARGET_P95_MS,
    };
    printTable(`metrics freshness (${PROBES} probes, background ${LOAD_EPS} events/s)`, [
      { from: 'accepted (Kafka ack) -> visible in API', ...result.acceptedToVisibleMs },
      { from: 'produce call -> visible in API', ...result.producedToVisibleMs },
    ]);
    console.log(`\np95 < ${TARGET_P95_MS} ms: ${result.underTarget ? 'yes' : 'NO'}`);
    console.log(`saved ${writeResult('metrics-freshness', result)}`);
  } finally {
    loading = false;
    await producer.disconnect().catch(() => undefined);
    await loadProducer.disconnect().catch(() => undefined);
    await deleteTopics(connection, [topic, dlqTopic]).catch(() => undefined);
    await repo.dropDatabase().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
