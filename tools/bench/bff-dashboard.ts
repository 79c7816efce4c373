// Benchmark of the BFF's dashboard query (issue 7): one game, 30 days, BENCH_EVENTS events
// (default 1,000,000; fewer when loading would take longer than BENCH_LOAD_MAX_S), every series
// of the dashboard in one GraphQL request. In the same run, alternating, the same metrics calls
// made directly with @gt/metrics-client: once in parallel (what an ideal aggregator could do)
// and the sum of the calls made one by one. Target: BFF overhead < 20 %, p95 < 200 ms.
//
//   node -r ./tools/build/register.js tools/bench/bff-dashboard.ts
//
// Real core (fresh PostgreSQL database), metrics (fresh InfluxDB database, no Kafka consumer: the
// events are written by the metrics service's own write path, EventStore) and the BFF, each as its
// own process on this machine. Everything temporary is removed at the end.
import { createMetricsClient } from '@gt/metrics-client';
import { loadMetricsConfig } from '../../apps/metrics/src/config';
import { RollupRefresher } from '../../apps/metrics/src/ingest/rollup-refresher';
import { eventStoreFor, influxRepositoryFor } from '../../apps/metrics/src/metrics.module';
import {
  createDatabase,
  devSignIn,
  dropInfluxDatabase,
  freePort,
  SERVICE_TOKEN,
  ServiceProcess,
  startCore,
  startMetrics,
} from '../../apps/bff/test/harness';
import { dataset, DAY_MS, machine, percentile, printTable, round, writeResult } from './metrics-common';

const REQUESTED = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const LOAD_MAX_MS = Number(process.env.BENCH_LOAD_MAX_S ?? 360) * 1000;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const WARMUP = 5;
const BATCH = 5000;
const PLAYERS = 20_000;

const QUERY = `query Dashboard($s: ID!, $g: ID!, $from: DateTime!, $to: DateTime!) {
  game(studioId: $s, id: $g) {
    name
    dashboard(range: { from: $from, to: $to }, bucket: ONE_DAY) {
      summary { onlineNow totalPlayers range { events activePlayers newPlayers sessions averageSessionSeconds errors revenue { currency amount } } }
      eventsOverTime { total series { key total points { time count } } }
      topEvents(limit: 10) { name count }
      activePlayers { points { time players } }
      onlineNow { players }
      newPlayers { total points { time players } }
      sessions { total averageSeconds points { time sessions averageSeconds } }
      progression { level started completed failed }
      revenue { currency amount purchases points { time amount } }
      errors { total series { key total } }
    }
  }
}`;

async function main(): Promise<void> {
  const influxDb = `bench_bff_${Date.now().toString(36)}`;
  const db = await createDatabase('bench_bff');
  const procs: ServiceProcess[] = [];
  // Interrupted (Ctrl-C, a time limit): stop the services this run started, not only itself.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all(procs.map((p) => p.stop())).finally(() => process.exit(130));
    });
  }
  try {
    const [core, metrics] = await Promise.all([startCore(db), startMetrics(influxDb)]);
    procs.push(core, metrics);
    const bff = new ServiceProcess('bff', await freePort(), {
      NODE_ENV: 'test',
      SERVICE_TOKEN,
      CORE_URL: core.url,
      METRICS_URL: metrics.url,
      DEV_LOGIN_ENABLED: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    await bff.start();
    procs.push(bff);

    const browser = await devSignIn(bff.url, 'bench@example.com');
    const studioId = (await browser.graphql('mutation { createStudio(input: { name: "Bench" }) { id } }'))
      .data.createStudio.id as string;
    const gameId = (
      await browser.graphql(
        'mutation($s: ID!) { createGame(input: { studioId: $s, name: "Bench game" }) { id } }',
        {
          s: studioId,
        },
      )
    ).data.createGame.id as string;

    // Load through the metrics service's own write path (raw points, presence, first-seen, rollups).
    const config = loadMetricsConfig({ SERVICE_TOKEN, INFLUX_DATABASE: influxDb });
    const repo = influxRepositoryFor(config);
    const rollups = new RollupRefresher(repo);
    const store = eventStoreFor(config, repo, rollups);
    // The store is idempotent: a batch retried after InfluxDB dropped a connection counts once.
    const storeWithRetry = async (events: Parameters<typeof store.store>[0]): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await store.store(events)).stored;
        } catch (e) {
          if (attempt >= 5) throw e;
          console.log(`[bench] InfluxDB write failed (${(e as Error).message}); retrying`);
          await new Promise((r) => setTimeout(r, 1000 * attempt));
        }
      }
    };
    const endMs = Date.now() - 60_000;
    const loadStarted = Date.now();
    let loaded = 0;
    let batch: Parameters<typeof store.store>[0][number][] = [];
    let capped = false;
    for (const envelope of dataset({
      events: REQUESTED,
      gameId,
      players: PLAYERS,
      days: 30,
      endMs,
      seed: 7,
    })) {
      batch.push(envelope);
      if (batch.length === BATCH) {
        loaded += await storeWithRetry(batch);
        batch = [];
        if (loaded % 100_000 < BATCH)
          console.log(`[bench] loaded ${loaded} events in ${round((Date.now() - loadStarted) / 1000)} s`);
        if (Date.now() - loadStarted > LOAD_MAX_MS) {
          capped = true;
          break;
        }
      }
    }
    if (batch.length && !capped) loaded += await storeWithRetry(batch);
    // Past periods' hourly and daily rollups, as the service's refresher computes them.
    for (let i = 0; i < 20 && rollups.size() > 0; i++) await rollups.refreshNow();
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    console.log(
      `[bench] ${loaded} events loaded in ${round(loadSeconds)} s${capped ? ' (capped by BENCH_LOAD_MAX_S)' : ''}`,
    );

    const to = new Date(Math.ceil(endMs / DAY_MS) * DAY_MS);
    const from = new Date(to.getTime() - 30 * DAY_MS);
    const variables = { s: studioId, g: gameId, from: from.toISOString(), to: to.toISOString() };
    const direct = createMetricsClient({
      baseUrl: metrics.url,
      serviceToken: SERVICE_TOKEN,
      timeoutMs: 30_000,
    });
    const range = { from: variables.from, to: variables.to, tz: 'UTC' };
    const series = { ...range, bucket: '1d' as const };
    // Exactly the calls the BFF makes for QUERY.
    const named: [string, () => Promise<unknown>][] = [
      ['summary', () => direct.summary(gameId, range)],
      ['events', () => direct.events(gameId, { ...series, by: 'type' })],
      ['top-events', () => direct.topEvents(gameId, { ...range, limit: 10 })],
      ['active-players', () => direct.activePlayers(gameId, series)],
      ['online-now', () => direct.onlineNow(gameId)],
      ['new-players', () => direct.newPlayers(gameId, series)],
      ['sessions', () => direct.sessions(gameId, series)],
      ['progression', () => direct.progression(gameId, range)],
      ['revenue', () => direct.revenue(gameId, series)],
      ['errors', () => direct.errors(gameId, series)],
    ];
    const calls = named.map(([, c]) => c);
    const perCall = new Map<string, number[]>(named.map(([n]) => [n, []]));

    const viaBff = async (): Promise<number> => {
      const t = performance.now();
      const r = await browser.graphql(QUERY, variables);
      const ms = performance.now() - t;
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return ms;
    };
    const parallel = async (): Promise<number> => {
      const t = performance.now();
      await Promise.all(calls.map((c) => c()));
      return performance.now() - t;
    };
    const sequentialSum = async (): Promise<number> => {
      let sum = 0;
      for (const [name, c] of named) {
        const t = performance.now();
        await c();
        const ms = performance.now() - t;
        perCall.get(name)!.push(ms);
        sum += ms;
      }
      return sum;
    };

    const check = await browser.graphql(QUERY, variables);
    if (check.errors) throw new Error(JSON.stringify(check.errors));
    const figures = check.data.game.dashboard.summary.range;
    for (let i = 0; i < WARMUP; i++) {
      await viaBff();
      await parallel();
      await sequentialSum();
    }
    const samples = { bff: [] as number[], parallel: [] as number[], sum: [] as number[] };
    for (let i = 0; i < ITERATIONS; i++) {
      // Alternating, so the three see the same machine load.
      samples.bff.push(await viaBff());
      samples.parallel.push(await parallel());
      samples.sum.push(await sequentialSum());
    }

    const stat = (v: number[]) => ({ p50: round(percentile(v, 50)), p95: round(percentile(v, 95)) });
    const b = stat(samples.bff);
    const p = stat(samples.parallel);
    const s = stat(samples.sum);
    const overheadVsParallel = round(((b.p50 - p.p50) / p.p50) * 100);
    const overheadVsSum = round(((b.p50 - s.p50) / s.p50) * 100);
    printTable(`BFF dashboard query: 1 game, 30 days, ${loaded} events, ${calls.length} metrics calls`, [
      { path: 'BFF /graphql (core + 10 metrics calls)', 'p50 ms': b.p50, 'p95 ms': b.p95 },
      { path: 'direct metrics, the 10 calls in parallel', 'p50 ms': p.p50, 'p95 ms': p.p95 },
      { path: 'direct metrics, sum of the 10 calls', 'p50 ms': s.p50, 'p95 ms': s.p95 },
    ]);
    printTable(
      'Direct metrics calls, one by one',
      named.map(([n]) => ({
        series: n,
        'p50 ms': stat(perCall.get(n)!).p50,
        'p95 ms': stat(perCall.get(n)!).p95,
      })),
    );
    console.log(
      `\nBFF overhead at p50: ${overheadVsParallel} % vs the parallel direct calls, ${overheadVsSum} % vs their sum ` +
        `(target < 20 %); BFF p95 ${b.p95} ms (target < 200 ms)`,
    );
    const file = writeResult('bff-dashboard', {
      benchmark: 'bff-dashboard',
      at: new Date().toISOString(),
      machine: machine(),
      setup: {
        eventsRequested: REQUESTED,
        events: loaded,
        cappedByLoadTime: capped,
        loadSeconds: round(loadSeconds),
        players: PLAYERS,
        days: 30,
        bucket: '1d',
        metricsCallsPerQuery: calls.length,
        iterations: ITERATIONS,
        warmup: WARMUP,
        rangeEventsReportedByMetrics: figures.events,
      },
      latencyMs: {
        bff: b,
        directParallel: p,
        directSum: s,
        directPerSeries: Object.fromEntries(named.map(([n]) => [n, stat(perCall.get(n)!)])),
      },
      overheadPercentAtP50: { vsDirectParallel: overheadVsParallel, vsDirectSum: overheadVsSum },
      targets: {
        overheadPercent: 20,
        p95Ms: 200,
        overheadMet: overheadVsSum < 20,
        overheadMetAgainstParallel: overheadVsParallel < 20,
        p95Met: b.p95 < 200,
      },
      notes:
        'BFF = one GraphQL request: session check (cached up to SESSION_CACHE_SECONDS), the game from core, and the 10 metrics series in parallel. ' +
        '"directSum" is the sum of the same metrics calls made one by one (the issue\'s baseline); "directParallel" makes them concurrently.',
    });
    console.log(`[bench] result: ${file}`);
  } finally {
    for (const p of procs.reverse()) await p.stop();
    await Promise.all([db.drop(), dropInfluxDatabase(influxDb)]);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
