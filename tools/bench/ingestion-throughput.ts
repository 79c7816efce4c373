// Benchmark of the ingestion path (issue 4), against the real stack on this machine:
//   (a) the limit: libs/kafka's producer (kafkajs) sending the same envelopes straight to Kafka;
//   (b) ingestion: POST /v1/events through HTTP at batch sizes 1, 20 and 100 with a fixed number
//       of keep-alive connections, p50/p99 latency, and the service's peak RSS;
//   (c) latency at half of the maximum rate (batch 100, open loop: requests are sent on a
//       schedule, not when the previous answer came back, so queueing shows in the latency);
//   (d) the reference for (c): the producer alone at the same rate, open loop.
// Each phase is bounded (BENCH_SECONDS, default 10). Prints a table and saves
// tools/bench/results/ingestion-throughput.json.
//
//   node -r ./tools/build/register.js tools/bench/ingestion-throughput.ts [--profile]
//   BENCH_SECONDS=10 BENCH_BATCH_SIZES=1,20,100 BENCH_CONNECTIONS=16 BENCH_LOG_LEVEL=warn BENCH_PRODUCE_MAX_IN_FLIGHT=8 ...
//
// Core runs as a child process on a fresh database (a studio, game, client and key are made
// through its REST API); ingestion runs compiled (tools/build, dist/) as a child process on
// 127.0.0.1 with its production wiring, publishing to a temporary 12-partition topic (deleted at the end). The per-key rate
// limit is lifted for the run. --profile starts ingestion with --cpu-prof (profile written to
// $TMPDIR/gt-ingestion-profile/ at the end) to see where its time goes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { makeEvent, type EventEnvelope, type EventType, type TelemetryEvent } from '@gt/contracts';
import { deleteTopics, ensureTopics, EventProducer, type ProducerRecord, envelopeRecord } from '@gt/kafka';
import { uniqueId, waitFor } from '@gt/testing';
import { CoreProcess, freePort, kafkaConnection, SERVICE_TOKEN } from '../../apps/ingestion/test/stack';

const root = path.resolve(__dirname, '../..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const BATCH_SIZES = (process.env.BENCH_BATCH_SIZES ?? '1,20,100').split(',').map(Number);
const PRODUCER_BATCH = 100;
const POOL_EVENTS = 20_000;
const PROFILE = process.argv.includes('--profile');

interface LatencyStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface PhaseResult extends LatencyStats {
  phase: string;
  batchSize: number;
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  /** Open-loop phases only: the requested rate. */
  targetEventsPerSecond?: number;
  /**
   * CPU time per event: of the ingestion process (ingestion phases) or of the producing process
   * (the limit). Unlike throughput on a shared machine, this does not depend on what else runs.
   */
  cpuMicrosPerEvent?: number;
  /** Ingestion phases: the service's own Kafka send latency (from its /metrics histogram, bucket upper bounds). */
  kafkaSends?: number;
  kafkaSendP50MsAtMost?: number;
  kafkaSendP99MsAtMost?: number;
}

type Histogram = Map<number, number>;

/** The service's `ingestion_kafka_produce_duration_seconds` buckets (cumulative counts by upper bound, in ms). */
async function produceHistogram(port: number): Promise<Histogram> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out: Histogram = new Map();
  const re = /^ingestion_kafka_produce_duration_seconds_bucket\{le="([^"]+)",outcome="ok"\} (\d+)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000, Number(m[2]));
  }
  return out;
}

/** Sends between two scrapes, and the bucket bounds under which half and 99 % of them finished. */
function produceLatency(
  before: Histogram,
  after: Histogram,
): Pick<PhaseResult, 'kafkaSends' | 'kafkaSendP50MsAtMost' | 'kafkaSendP99MsAtMost'> {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = delta[delta.length - 1] ?? 0;
  const bound = (q: number) => {
    const i = delta.findIndex((n) => n >= q * total);
    return i < 0 ? Number.POSITIVE_INFINITY : bounds[i]!;
  };
  return { kafkaSends: total, kafkaSendP50MsAtMost: bound(0.5), kafkaSendP99MsAtMost: bound(0.99) };
}

// ---------------------------------------------------------------------------- data

const TYPES: EventType[] = [
  'session_start',
  'design',
  'design',
  'design',
  'progression',
  'purchase',
  'error',
  'session_end',
];

function eventPool(): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  for (let i = 0; i < POOL_EVENTS; i++) {
    const player = `bench-player-${i % 2000}`;
    out.push(makeEvent(TYPES[i % TYPES.length]!, { playerId: player, sessionId: `${player}-s1` }));
  }
  return out;
}

function bodies(pool: TelemetryEvent[], batchSize: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + batchSize <= pool.length && out.length < 2000; i += batchSize) {
    out.push(Buffer.from(JSON.stringify({ events: pool.slice(i, i + batchSize) })));
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latency(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return { p50Ms: r(percentile(s, 50)), p99Ms: r(percentile(s, 99)), maxMs: r(s[s.length - 1] ?? 0) };
}

// ---------------------------------------------------------------------------- (a) producer limit

async function producerLimit(topic: string, envelopes: EventEnvelope[]): Promise<PhaseResult> {
  const records: ProducerRecord[] = envelopes.map(envelopeRecord);
  const batches: ProducerRecord[][] = [];
  for (let i = 0; i + PRODUCER_BATCH <= records.length; i += PRODUCER_BATCH)
    batches.push(records.slice(i, i + PRODUCER_BATCH));
  const producer = new EventProducer(kafkaConnection('bench-producer'));
  await producer.connect();
  // Warm-up: metadata and connections to every partition leader.
  await Promise.all(batches.slice(0, CONNECTIONS).map((b) => producer.send(topic, b)));
  const samples: number[] = [];
  let sent = 0;
  let errors = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const batch = batches[next++ % batches.length]!;
        const t = performance.now();
        try {
          await producer.send(topic, batch, { timeoutMs: 10_000 });
          sent += batch.length;
          samples.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await producer.disconnect();
  return {
    phase: 'kafka producer (limit)',
    cpuMicrosPerEvent: Math.round(((cpu.user + cpu.system) / Math.max(1, sent)) * 10) / 10,
    batchSize: PRODUCER_BATCH,
    connections: CONNECTIONS,
    seconds: Math.round(seconds * 10) / 10,
    requests: samples.length,
    errors,
    eventsPerSecond: Math.round(sent / seconds),
    requestsPerSecond: Math.round(samples.length / seconds),
    ...latency(samples),
  };
}

/**
 * The reference for (c): the same producer sending batches of 100 straight to Kafka at the same
 * rate, open loop. Its latency is what Kafka's acknowledgement costs on this machine right now;
 * whatever ingestion adds on top is the service's own.
 */
async function producerOpenLoop(
  topic: string,
  envelopes: EventEnvelope[],
  eventsPerSecond: number,
): Promise<PhaseResult> {
  const records: ProducerRecord[] = envelopes.map(envelopeRecord);
  const producer = new EventProducer(kafkaConnection('bench-producer-open'));
  await producer.connect();
  await producer.send(topic, records.slice(0, PRODUCER_BATCH));
  const interval = (PRODUCER_BATCH / eventsPerSecond) * 1000;
  const samples: number[] = [];
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let sent = 0;
  let i = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  for (let due = started; due < deadline; due += interval) {
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const scheduled = due;
    const from = (i++ * PRODUCER_BATCH) % (records.length - PRODUCER_BATCH);
    inflight.push(
      producer.send(topic, records.slice(from, from + PRODUCER_BATCH), { timeoutMs: 10_000 }).then(
        () => {
          sent += PRODUCER_BATCH;
          samples.push(performance.now() - scheduled);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return {
    phase: 'kafka producer, batch 100, same rate (open loop)',
    batchSize: PRODUCER_BATCH,
    connections: 0,
    seconds: Math.round(seconds * 10) / 10,
    requests: samples.length,
    errors,
    eventsPerSecond: Math.round(sent / seconds),
    requestsPerSecond: Math.round(samples.length / seconds),
    targetEventsPerSecond: Math.round(eventsPerSecond),
    ...latency(samples),
  };
}

// ---------------------------------------------------------------------------- (b) ingestion over HTTP

function post(agent: http.Agent, port: number, key: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/events',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-api-key': key },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens the connections, fills the key cache and lets V8 optimise the hot path before a phase. */
async function warmUp(port: number, key: string, payloads: Buffer[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const until = performance.now() + 1500;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) await post(agent, port, key, payloads[i++ % payloads.length]!);
    }),
  );
  agent.destroy();
}

async function closedLoop(
  port: number,
  key: string,
  batchSize: number,
  payloads: Buffer[],
): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let i = 0;
  const samples: number[] = [];
  let errors = 0;
  let accepted = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const status = await post(agent, port, key, payloads[i++ % payloads.length]!).catch(() => 0);
        if (status === 202) {
          accepted += batchSize;
          samples.push(performance.now() - t);
        } else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    phase: `ingestion HTTP, batch ${batchSize}`,
    batchSize,
    connections: CONNECTIONS,
    seconds: Math.round(seconds * 10) / 10,
    requests: samples.length,
    errors,
    eventsPerSecond: Math.round(accepted / seconds),
    requestsPerSecond: Math.round(samples.length / seconds),
    ...latency(samples),
  };
}

async function openLoop(
  port: number,
  key: string,
  batchSize: number,
  payloads: Buffer[],
  eventsPerSecond: number,
): Promise<PhaseResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const interval = (batchSize / eventsPerSecond) * 1000;
  const samples: number[] = [];
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let accepted = 0;
  let i = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  // Requests leave on a fixed schedule; latency is measured from the scheduled time, so a
  // service that falls behind is charged for the wait (no coordinated omission).
  for (let due = started; due < deadline; due += interval) {
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const scheduled = due;
    inflight.push(
      post(agent, port, key, payloads[i++ % payloads.length]!).then(
        (status) => {
          if (status === 202) {
            accepted += batchSize;
            samples.push(performance.now() - scheduled);
          } else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    phase: `ingestion HTTP, batch ${batchSize}, half of max rate (open loop)`,
    batchSize,
    connections: 0,
    seconds: Math.round(seconds * 10) / 10,
    requests: samples.length,
    errors,
    eventsPerSecond: Math.round(accepted / seconds),
    requestsPerSecond: Math.round(samples.length / seconds),
    targetEventsPerSecond: Math.round(eventsPerSecond),
    ...latency(samples),
  };
}

// ---------------------------------------------------------------------------- service process

/** Nanoseconds the process has run on a CPU (/proc/<pid>/schedstat, first field). */
function cpuNanos(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

async function startIngestionProcess(
  coreUrl: string,
  topic: string,
): Promise<{ child: ChildProcess; port: number }> {
  const build = spawn(process.execPath, [path.join(root, 'tools/build/build.mjs')], {
    cwd: root,
    stdio: 'ignore',
  });
  await new Promise((resolve, reject) =>
    build.once('exit', (code) => (code === 0 ? resolve(code) : reject(new Error('build failed')))),
  );
  const port = await freePort();
  const profileDir = path.join(os.tmpdir(), 'gt-ingestion-profile');
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      // The compiled service, as the run command starts it (no TypeScript hook in the process).
      path.join(root, 'dist/apps/ingestion/src/main.js'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        // The app's environment from platform.config.json (NODE_OPTIONS included), as the run command sets it.
        ...platformAppEnv(),
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        SERVICE_TOKEN,
        CORE_URL: coreUrl,
        KAFKA_TOPIC: topic,
        LOG_LEVEL,
        RATE_LIMIT_EVENTS_PER_SECOND: '1000000000',
        RATE_LIMIT_BURST: '1000000000',
        ...(process.env.BENCH_PRODUCE_MAX_IN_FLIGHT
          ? { PRODUCE_MAX_IN_FLIGHT: process.env.BENCH_PRODUCE_MAX_IN_FLIGHT }
          : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 200,
    message: 'ingestion to become ready',
  });
  return { child, port };
}

function platformAppEnv(): Record<string, string> {
  const config = JSON.parse(readFileSync(path.join(root, 'platform.config.json'), 'utf8')) as {
    apps: { name: string; env?: Record<string, string> }[];
  };
  return config.apps.find((a) => a.name === 'ingestion')?.env ?? {};
}

// ---------------------------------------------------------------------------- main

function table(results: PhaseResult[], rssMb: number, limit: number): string {
  const rows = [
    [
      'phase',
      'batch',
      'conns',
      'events/s',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'vs limit',
      'CPU µs/event',
      'kafka send p50/p99 ms',
    ],
    ...results.map((r) => [
      r.phase,
      String(r.batchSize),
      r.connections ? String(r.connections) : '-',
      String(r.eventsPerSecond),
      String(r.requestsPerSecond),
      r.p50Ms.toFixed(1),
      r.p99Ms.toFixed(1),
      String(r.errors),
      r.phase === 'kafka producer (limit)' ? '1.00' : (r.eventsPerSecond / limit).toFixed(2),
      r.cpuMicrosPerEvent === undefined ? '-' : String(r.cpuMicrosPerEvent),
      r.kafkaSends === undefined ? '-' : `<=${r.kafkaSendP50MsAtMost} / <=${r.kafkaSendP99MsAtMost}`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push('', `ingestion peak RSS: ${rssMb.toFixed(0)} MB`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const connection = kafkaConnection('bench-admin');
  const topic = uniqueId('bench_ingestion');
  await ensureTopics(connection, [{ topic, numPartitions: 12 }]);
  console.log(`[bench] topic ${topic} (12 partitions); starting core and ingestion`);
  const core = await CoreProcess.start();
  let service: { child: ChildProcess; port: number } | undefined;
  try {
    const game = await core.provisioning.provision('Bench', 'web');
    service = await startIngestionProcess(core.url, topic);
    const pid = service.child.pid!;
    const pool = eventPool();
    const envelopes: EventEnvelope[] = pool.map((event) => ({
      v: 1,
      studioId: game.studioId,
      gameId: game.gameId,
      gameClientId: game.gameClientId,
      platform: 'web',
      receivedAt: new Date().toISOString(),
      event,
    }));

    const results: PhaseResult[] = [];
    console.log(`[bench] (a) producer limit, ${SECONDS} s`);
    const limit = await producerLimit(topic, envelopes);
    results.push(limit);
    let peakSampled = 0;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, rssKb(pid, 'VmRSS'))), 250);
    // The service's CPU per event and its Kafka send latency over the measured part of a phase.
    const measured = async (run: () => Promise<PhaseResult>): Promise<PhaseResult> => {
      const before = await produceHistogram(service!.port);
      const cpu0 = cpuNanos(pid);
      const r = await run();
      const cpuMicros = (cpuNanos(pid) - cpu0) / 1000;
      const events = r.eventsPerSecond * r.seconds || 1;
      return {
        ...r,
        cpuMicrosPerEvent: Math.round((cpuMicros / events) * 10) / 10,
        ...produceLatency(before, await produceHistogram(service!.port)),
      };
    };
    for (const size of BATCH_SIZES) {
      console.log(`[bench] (b) ingestion, batch ${size}, ${CONNECTIONS} connections, ${SECONDS} s`);
      await warmUp(service.port, game.key, bodies(pool, size));
      results.push(await measured(() => closedLoop(service!.port, game.key, size, bodies(pool, size))));
    }
    const max = Math.max(
      ...results.filter((r) => !r.phase.startsWith('kafka')).map((r) => r.eventsPerSecond),
    );
    console.log(
      `[bench] (c) ingestion, batch 100 at half of the maximum rate (${Math.round(max / 2)} events/s), ${SECONDS} s`,
    );
    results.push(await measured(() => openLoop(service!.port, game.key, 100, bodies(pool, 100), max / 2)));
    clearInterval(sampler);
    console.log(`[bench] (d) reference: the producer alone at that rate, ${SECONDS} s`);
    results.push(await producerOpenLoop(topic, envelopes, max / 2));
    const peakRssMb = Math.max(rssKb(pid, 'VmHWM'), peakSampled) / 1024;

    const closed = results.filter((r) => r.phase.startsWith('ingestion') && r.connections > 0);
    const b100 = closed.find((r) => r.batchSize === 100) ?? closed[closed.length - 1]!;
    const half = results.find((r) => r.phase.startsWith('ingestion HTTP, batch 100, half'))!;
    const targets = {
      batch100VsLimit: {
        target: '>= 0.5',
        value: Math.round((b100.eventsPerSecond / limit.eventsPerSecond) * 100) / 100,
      },
      p99AtHalfRateMs: { target: '< 50', value: half.p99Ms },
      peakRssMb: { target: '< 300', value: Math.round(peakRssMb) },
    };
    const met = {
      batch100VsLimit: targets.batch100VsLimit.value >= 0.5,
      p99AtHalfRateMs: targets.p99AtHalfRateMs.value < 50,
      peakRssMb: targets.peakRssMb.value < 300,
    };
    console.log('\n' + table(results, peakRssMb, limit.eventsPerSecond));
    const failed = results.filter((r) => r.errors > 0);
    if (failed.length > 0) {
      console.log(
        `WARNING: ${failed.map((r) => r.phase).join(', ')} had errors (503s: was Kafka restarted meanwhile?); ` +
          'the figures of this run are not comparable',
      );
    }
    console.log(
      `targets: batch 100 / limit = ${targets.batch100VsLimit.value} (${met.batch100VsLimit ? 'met' : 'MISSED'}), ` +
        `p99 at half rate = ${targets.p99AtHalfRateMs.value} ms (${met.p99AtHalfRateMs ? 'met' : 'MISSED'}), ` +
        `peak RSS = ${targets.peakRssMb.value} MB (${met.peakRssMb ? 'met' : 'MISSED'})`,
    );

    const out = path.join(root, 'tools/bench/results/ingestion-throughput.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const prettier = await import('prettier');
    const json = JSON.stringify(
      {
        benchmark: 'ingestion-throughput',
        date: new Date().toISOString(),
        setup: {
          secondsPerPhase: SECONDS,
          connections: CONNECTIONS,
          producerBatch: PRODUCER_BATCH,
          topicPartitions: 12,
          acks: 'all in-sync replicas (-1), single local broker',
          ingestionLogLevel: LOG_LEVEL,
          ingestionNodeOptions: platformAppEnv().NODE_OPTIONS ?? '',
          produceMaxInFlight: Number(process.env.BENCH_PRODUCE_MAX_IN_FLIGHT ?? 8),
          rateLimit: 'lifted for the run',
          transport: 'HTTP/1.1 keep-alive from one Node process (node:http), 127.0.0.1, uncompressed JSON',
          profiled: PROFILE,
        },
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
          node: process.version,
          note: 'shared development machine; load generator, ingestion, core and Kafka run on the same host',
        },
        results,
        peakRssMb: Math.round(peakRssMb),
        targets,
        met,
      },
      null,
      2,
    );
    // Formatted as the repository's check expects (prettier --check .).
    writeFileSync(
      out,
      await prettier.format(json, { ...(await prettier.resolveConfig(out)), filepath: out }),
    );
    console.log(`[bench] saved ${path.relative(root, out)}`);
    if (PROFILE)
      console.log(`[bench] CPU profile of ingestion: ${path.join(os.tmpdir(), 'gt-ingestion-profile')}/`);
  } finally {
    if (service) {
      const exited = new Promise((r) => service!.child.once('exit', r));
      service.child.kill('SIGTERM');
      await exited;
    }
    await core.close();
    await deleteTopics(connection, [topic]).catch(() => undefined);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
