// Benchmark of the metrics consumer (issue 5):
//   1. pre-fill a temporary 12-partition topic with BENCH_EVENTS events (default 1,000,000) of one
//      game over 30 days, in time order (fewer if pre-filling would take over BENCH_PREFILL_MAX_S);
//   2. the InfluxDB write limit: the same points the consumer writes (raw events, hourly and daily
//      presence, first-seen), built by the same code and written directly in batches of the same
//      size, one request at a time like the consumer, into a scratch database;
//   3. the consumer: one metrics service instance (the real module, a fresh group) drains the
//      topic; events/s from ready to lag 0, and its ratio to the limit (target >= 0.7).
// Real Kafka and InfluxDB from tools/infra; temporary topic and databases, removed at the end.
//
//   node -r ./tools/build/register.js tools/bench/metrics-throughput.ts
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@gt/contracts';
import {
  createKafka,
  deleteTopics,
  ensureTopics,
  EventProducer,
  type ProducerRecord,
  envelopeRecord,
} from '@gt/kafka';
import { createLogger, createServiceApp } from '@gt/service-kit';
import { infra, uniqueId, waitFor } from '@gt/testing';
import { loadMetricsConfig } from '../../apps/metrics/src/config';
import {
  eventMs,
  eventPoint,
  firstSeenPoint,
  firstSeenTimeNs,
  floorTo,
  line,
  presenceDayPoint,
  presenceHourPoint,
} from '../../apps/metrics/src/ingest/event-points';
import { EventsConsumer } from '../../apps/metrics/src/ingest/events.consumer';
import { influxRepositoryFor } from '../../apps/metrics/src/metrics.module';
import { metricsService } from '../../apps/metrics/src/service';
import { DAY_MS as DAY, HOUR_MS, RP } from '../../apps/metrics/src/storage/schema';
import { BENCH_TOKEN, dataset, DAY_MS, machine, printTable, round, writeResult } from './metrics-common';

const REQUESTED = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PREFILL_MAX_MS = Number(process.env.BENCH_PREFILL_MAX_S ?? 180) * 1000;
const PARTITIONS = 12;
const PLAYERS = 20_000;
const BATCH = 5000;

async function main(): Promise<void> {
  const id = uniqueId('bench_metrics');
  const topic = `${id}.events`;
  const dlqTopic = `${id}.dlq`;
  const gameId = randomUUID();
  const endMs = Date.now() - 60_000;
  const connection = createKafka({ brokers: infra.kafka.brokers, clientId: id });
  const producer = new EventProducer(connection, { sendTimeoutMs: 30_000 });
  const common = {
    SERVICE_TOKEN: BENCH_TOKEN,
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: dlqTopic,
    KAFKA_GROUP_ID: `${id}_group`,
    INFLUX_URL: infra.influxdb.url,
  };
  const directConfig = loadMetricsConfig({ ...common, INFLUX_DATABASE: `${id}_direct` });
  const consumerConfig = loadMetricsConfig({
    ...common,
    INFLUX_DATABASE: `${id}_consumer`,
    BATCH_MAX_EVENTS: String(BATCH),
  });
  const direct = influxRepositoryFor(directConfig);
  const consumed = influxRepositoryFor(consumerConfig);
  const opts = { events: REQUESTED, gameId, players: PLAYERS, days: 30, endMs, seed: 42 };

  try {
    await ensureTopics(connection, [
      { topic, numPartitions: PARTITIONS },
      { topic: dlqTopic, numPartitions: 1 },
    ]);

    // 1. Pre-fill, bounded in time.
    console.log(
      `[bench] pre-filling ${topic} with up to ${REQUESTED} events (at most ${PREFILL_MAX_MS / 1000} s)`,
    );
    const prefillStart = Date.now();
    let produced = 0;
    let capped = false;
    let chunk: ProducerRecord[] = [];
    const inFlight: Promise<void>[] = [];
    // The shared local broker may be restarted by another test run: retry a send a few times.
    const sendWithRetry = async (records: ProducerRecord[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await producer.send(topic, records);
        } catch (err) {
          if (attempt >= 5) throw err;
          console.log(`[bench] send failed (${(err as Error).message}); retrying`);
          await new Promise((r) => setTimeout(r, 2000 * attempt));
        }
      }
    };
    const flush = async () => {
      const records = chunk;
      chunk = [];
      inFlight.push(sendWithRetry(records));
      if (inFlight.length >= 6) await inFlight.shift();
    };
    for (const envelope of dataset(opts)) {
      chunk.push(envelopeRecord(envelope));
      produced++;
      if (chunk.length === 5000) {
        await flush();
        if (Date.now() - prefillStart > PREFILL_MAX_MS) {
          capped = true;
          break;
        }
      }
    }
    if (chunk.length > 0) await flush();
    await Promise.all(inFlight);
    const prefillSeconds = (Date.now() - prefillStart) / 1000;
    const events = produced;
    if (capped) console.log(`[bench] pre-fill capped by time: ${events} of ${REQUESTED} events`);
    console.log(`[bench] pre-filled ${events} events in ${round(prefillSeconds)} s`);

    // 2. Direct writes of the same points (no Kafka, no lookups, no rollups): InfluxDB's limit.
    await direct.ensureSchema();
    const seenPlayers = new Set<string>();
    const seenHours = new Set<string>();
    const seenDays = new Set<string>();
    let writeMs = 0;
    let points = 0;
    const directStart = Date.now();
    let batch: EventEnvelope[] = [];
    const writeBatch = async () => {
      const raw: string[] = [];
      const hourly: string[] = [];
      const daily: string[] = [];
      const forever: string[] = [];
      for (const e of batch) {
        const ms = eventMs(e.event);
        const p = e.event.playerId;
        raw.push(line(eventPoint(e)));
        const hk = `${p}:${floorTo(ms, HOUR_MS)}`;
        if (!seenHours.has(hk)) {
          seenHours.add(hk);
          hourly.push(line(presenceHourPoint(e.gameId, p, ms)));
        }
        const dk = `${p}:${floorTo(ms, DAY)}`;
        if (!seenDays.has(dk)) {
          seenDays.add(dk);
          daily.push(line(presenceDayPoint(e.gameId, p, ms)));
        }
        if (!seenPlayers.has(p)) {
          seenPlayers.add(p);
          forever.push(line(firstSeenPoint(e.gameId, p, firstSeenTimeNs(p, ms))));
        }
      }
      points += raw.length + hourly.length + daily.length + forever.length;
      const t = process.hrtime.bigint();
      await direct.write([
        { rp: RP.raw, lines: raw },
        { rp: RP.hourly, lines: hourly },
        { rp: RP.daily, lines: daily },
        { rp: RP.forever, lines: forever },
      ]);
      writeMs += Number(process.hrtime.bigint() - t) / 1e6;
      batch = [];
    };
    let n = 0;
    for (const envelope of dataset(opts)) {
      if (n++ >= events) break;
      batch.push(envelope);
      if (batch.length === BATCH) await writeBatch();
    }
    if (batch.length > 0) await writeBatch();
    const directWall = (Date.now() - directStart) / 1000;
    const directRate = events / (writeMs / 1000);
    console.log(`[bench] direct: ${points} points for ${events} events, ${round(writeMs / 1000)} s writing`);

    // 3. The consumer, from ready (group joined) to lag 0.
    const app = await createServiceApp(metricsService, consumerConfig, {
      logger: createLogger('metrics', 'warn'),
    });
    await app.listen(0, '127.0.0.1');
    const consumer = app.get(EventsConsumer);
    const startupStart = Date.now();
    await waitFor(() => consumer.status().running, {
      timeoutMs: 120_000,
      intervalMs: 50,
      message: 'consumer running',
    });
    const t0 = Date.now();
    let firstAt = 0;
    let firstHandled = 0;
    // Done when the group has no lag (the topic may hold a few more records than `events` if a
    // send was retried after a timeout that had in fact succeeded: they are duplicates).
    await waitFor(
      async () => {
        const handled = consumer.status().handled;
        if (firstAt === 0 && handled > 0) {
          firstAt = Date.now();
          firstHandled = handled;
        }
        return handled >= events && (await consumer.lag()) === 0;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 50, message: 'all events consumed' },
    );
    const t1 = Date.now();
    const handled = consumer.status().handled;
    const fromReady = handled / ((t1 - t0) / 1000);
    const steady = (handled - firstHandled) / Math.max(0.001, (t1 - firstAt) / 1000);
    const status = consumer.status();
    await app.close();

    // The same figures either way: the consumer's store matches the direct one.
    const spec = {
      game: gameId,
      fromMs: endMs - 31 * DAY_MS,
      toMs: endMs + DAY_MS,
      groupBy: [],
      measures: ['events'],
    } as const;
    const [[d], [c]] = await Promise.all([
      direct.sumEvents([{ ...spec, tier: 'raw' }]),
      consumed.sumEvents([{ ...spec, tier: 'raw' }]),
    ]);

    const result = {
      benchmark: 'metrics-throughput',
      at: new Date().toISOString(),
      machine: machine(),
      setup: {
        eventsRequested: REQUESTED,
        events,
        cappedByPrefillTime: capped,
        game: 1,
        players: PLAYERS,
        days: 30,
        partitions: PARTITIONS,
        batchMaxEvents: BATCH,
        pointsPerEvent: round(points / events, 2),
      },
      prefill: { seconds: round(prefillSeconds), eventsPerSecond: Math.round(events / prefillSeconds) },
      directWrite: {
        points,
        writeSeconds: round(writeMs / 1000, 2),
        wallSeconds: round(directWall, 2),
        eventsPerSecond: Math.round(directRate),
        pointsPerSecond: Math.round(points / (writeMs / 1000)),
      },
      consumer: {
        startupSeconds: round((t0 - startupStart) / 1000),
        secondsFromReady: round((t1 - t0) / 1000, 2),
        eventsPerSecondFromReady: Math.round(fromReady),
        eventsPerSecondSteady: Math.round(steady),
        ratioToDirect: round(steady / directRate, 2),
        target: 0.7,
        recordsHandled: handled,
        deadLettered: status.deadLettered,
        storedEventsDirect: d?.[0]?.events ?? 0,
        storedEventsConsumer: c?.[0]?.events ?? 0,
      },
    };
    printTable('metrics consumer throughput', [
      {
        what: 'pre-fill (Kafka, acks=all)',
        events,
        seconds: result.prefill.seconds,
        'events/s': result.prefill.eventsPerSecond,
      },
      {
        what: 'direct InfluxDB writes (limit)',
        events,
        seconds: result.directWrite.writeSeconds,
        'events/s': result.directWrite.eventsPerSecond,
      },
      {
        what: 'consumer, ready -> lag 0',
        events,
        seconds: result.consumer.secondsFromReady,
        'events/s': result.consumer.eventsPerSecondFromReady,
      },
      {
        what: 'consumer, steady (first batch on)',
        events: handled - firstHandled,
        seconds: round((t1 - firstAt) / 1000, 2),
        'events/s': result.consumer.eventsPerSecondSteady,
      },
    ]);
    console.log(`\nratio consumer / direct: ${result.consumer.ratioToDirect} (target >= 0.7)`);
    console.log(
      `stored: direct ${result.consumer.storedEventsDirect}, consumer ${result.consumer.storedEventsConsumer}`,
    );
    if (events < REQUESTED)
      console.log(
        `note: ${events} events instead of ${REQUESTED} (pre-fill capped at ${PREFILL_MAX_MS / 1000} s)`,
      );
    console.log(`saved ${writeResult('metrics-throughput', result)}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
    await deleteTopics(connection, [topic, dlqTopic]).catch(() => undefined);
    await direct.dropDatabase().catch(() => undefined);
    await consumed.dropDatabase().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
