// Benchmark of the metrics query API (issue 5): latency p50/p95 of every dashboard query over
// 30 days of one game. The data (BENCH_EVENTS events, default 1,000,000, fewer if storing them
// would take over BENCH_FILL_MAX_S) is stored through the consumer's own storage path
// (EventStore: raw events, presence, first-seen, rollups), without Kafka; the queries go through
// HTTP to a query-only instance of the service, the way the BFF calls it. Target: p95 < 150 ms.
//
//   node -r ./tools/build/register.js tools/bench/metrics-queries.ts
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@gt/contracts';
import { createLogger, createServiceApp } from '@gt/service-kit';
import { infra, uniqueId } from '@gt/testing';
import { loadMetricsConfig } from '../../apps/metrics/src/config';
import { RollupRefresher } from '../../apps/metrics/src/ingest/rollup-refresher';
import { eventStoreFor, influxRepositoryFor } from '../../apps/metrics/src/metrics.module';
import { metricsService } from '../../apps/metrics/src/service';
import {
  BENCH_TOKEN,
  dataset,
  DAY_MS,
  machine,
  percentile,
  printTable,
  round,
  writeResult,
} from './metrics-common';

const REQUESTED = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const FILL_MAX_MS = Number(process.env.BENCH_FILL_MAX_S ?? 180) * 1000;
const REPS = Number(process.env.BENCH_REPS ?? 50);
const TARGET_P95_MS = 150;

async function main(): Promise<void> {
  const db = uniqueId('bench_metrics_q');
  const gameId = randomUUID();
  const now = Date.now();
  const config = loadMetricsConfig({
    SERVICE_TOKEN: BENCH_TOKEN,
    INFLUX_URL: infra.influxdb.url,
    INFLUX_DATABASE: db,
    CONSUMER_ENABLED: 'false',
  });
  const repo = influxRepositoryFor(config);
  try {
    await repo.ensureSchema();
    const refresher = new RollupRefresher(repo, 1000);
    await refresher.start();
    const store = eventStoreFor(config, repo, refresher);

    console.log(`[bench] storing up to ${REQUESTED} events of one game over 30 days into ${db}`);
    const fillStart = Date.now();
    let events = 0;
    let capped = false;
    let batch: EventEnvelope[] = [];
    for (const e of dataset({
      events: REQUESTED,
      gameId,
      players: 20_000,
      days: 30,
      endMs: now - 60_000,
      seed: 7,
    })) {
      batch.push(e);
      if (batch.length === 5000) {
        await store.store(batch);
        events += batch.length;
        batch = [];
        if (Date.now() - fillStart > FILL_MAX_MS) {
          capped = true;
          break;
        }
      }
    }
    if (batch.length > 0) {
      await store.store(batch);
      events += batch.length;
    }
    await refresher.stop();
    const fillSeconds = (Date.now() - fillStart) / 1000;
    console.log(
      `[bench] stored ${events} events in ${round(fillSeconds)} s${capped ? ' (capped by time)' : ''}`,
    );

    const app = await createServiceApp(metricsService, config, { logger: createLogger('metrics', 'warn') });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/v1/games/${gameId}`;
    const iso = (ms: number) => new Date(ms).toISOString();
    const d30 = { from: iso(now - 30 * DAY_MS), to: iso(now) };
    const queries: [string, string, Record<string, string>][] = [
      ['events by type, 30 d, 1d', 'events', { ...d30, bucket: '1d' }],
      ['events by name (top 20), 30 d, 1d', 'events', { ...d30, bucket: '1d', by: 'name' }],
      ['top events, 30 d', 'top-events', d30],
      ['active players (DAU), 30 d, 1d', 'active-players', { ...d30, bucket: '1d' }],
      ['active players, 24 h, 1h', 'active-players', { from: iso(now - DAY_MS), to: iso(now), bucket: '1h' }],
      ['online now', 'online-now', {}],
      ['new players, 30 d, 1d', 'new-players', { ...d30, bucket: '1d' }],
      ['sessions + avg length, 30 d, 1d', 'sessions', { ...d30, bucket: '1d' }],
      ['progression funnel, 30 d', 'progression', d30],
      ['revenue by currency, 30 d, 1d', 'revenue', { ...d30, bucket: '1d' }],
      ['errors by severity, 30 d, 1d', 'errors', { ...d30, bucket: '1d' }],
      ['summary (today + 30 d)', 'summary', {}],
      ['events by type, 30 d, 1d, Europe/Paris', 'events', { ...d30, bucket: '1d', tz: 'Europe/Paris' }],
      ['events by type, 24 h, 5m (raw)', 'events', { from: iso(now - DAY_MS), to: iso(now), bucket: '5m' }],
    ];
    const rows: { query: string; p50Ms: number; p95Ms: number; maxMs: number; underTarget: boolean }[] = [];
    for (const [name, series, params] of queries) {
      const url = `${base}/${series}?${new URLSearchParams(params).toString()}`;
      const once = async () => {
        const t = process.hrtime.bigint();
        const res = await fetch(url, { headers: { 'x-service-token': BENCH_TOKEN } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      for (let i = 0; i < 3; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < REPS; i++) times.push(await once());
      const p95 = percentile(times, 95);
      rows.push({
        query: name,
        p50Ms: round(percentile(times, 50)),
        p95Ms: round(p95),
        maxMs: round(Math.max(...times)),
        underTarget: p95 < TARGET_P95_MS,
      });
    }
    await app.close();

    const result = {
      benchmark: 'metrics-queries',
      at: new Date().toISOString(),
      machine: machine(),
      setup: {
        eventsRequested: REQUESTED,
        events,
        cappedByFillTime: capped,
        game: 1,
        players: 20_000,
        days: 30,
        fillSeconds: round(fillSeconds),
        repetitions: REPS,
        path: 'HTTP to a query-only service instance, service credential, InfluxDB 1.6 v1 API',
      },
      targetP95Ms: TARGET_P95_MS,
      queries: rows,
      allUnderTarget: rows.every((r) => r.underTarget),
    };
    printTable(
      `metrics query latency over 30 days of one game (${events} events, ${REPS} runs each)`,
      rows.map((r) => ({
        query: r.query,
        'p50 ms': r.p50Ms,
        'p95 ms': r.p95Ms,
        'max ms': r.maxMs,
        [`p95 < ${TARGET_P95_MS}`]: r.underTarget ? 'yes' : 'NO',
      })),
    );
    if (capped)
      console.log(
        `note: ${events} events instead of ${REQUESTED} (storing capped at ${FILL_MAX_MS / 1000} s)`,
      );
    console.log(`saved ${writeResult('metrics-queries', result)}`);
  } finally {
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
