// Benchmark of core's key validation (issue 3): POST /internal/api-keys/validate through HTTP
// against a real core process on 127.0.0.1 and a real database holding BENCH_KEYS keys
// (default 1,000) spread over 10 game clients. For each concurrency level, a bounded loop of
// BENCH_SECONDS (default 10) with that many requests in flight; prints validations/s and
// p50/p99 latency and saves tools/bench/results/core-key-validation.json.
//
//   node -r ./tools/build/register.js tools/bench/core-key-validation.ts
//   BENCH_CONCURRENCY=1,16,64 BENCH_SECONDS=10 BENCH_KEYS=1000 BENCH_POOL=10 ...
//
// The database is a fresh one on the project's PostgreSQL (core_bench_<random>), dropped at
// the end. Core runs with LOG_LEVEL=warn: per-request log lines would measure the log pipe.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateApiKey } from '@gt/api-keys';
import { localInfra } from '@gt/service-kit';

const root = path.resolve(__dirname, '../..');
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEYS = Number(process.env.BENCH_KEYS ?? 1000);
const POOL = Number(process.env.BENCH_POOL ?? 10);
const CLIENTS = 10;
const TOKEN = `bench-${randomBytes(12).toString('hex')}`;
/** Share of requests with a well-formed key that does not exist (ingestion sees those too). */
const UNKNOWN_SHARE = 0.05;

/**
 * CPU seconds the core process has used (Linux /proc, user + system; clock ticks of 1/100 s).
 * Per request, this is the figure that survives a busy machine: wall-clock throughput here
 * depends on what else the host runs, CPU cost per validation does not.
 */
function processCpuSeconds(pid: number | undefined): number | null {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return null;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface LevelResult {
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  validationsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU time of the core process per validation, in ms (null where /proc is missing). */
  coreCpuMsPerValidation: number | null;
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: localInfra().postgresUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function call(
  base: string,
  method: string,
  url: string,
  body: unknown,
  userId?: string,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-service-token': TOKEN };
  if (userId) headers['x-user-id'] = userId;
  const res = await fetch(`${base}${url}`, { method, headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function ok<T>(p: Promise<{ status: number; body: unknown }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`seeding failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as T;
}

async function waitReady(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`core exited (${child.exitCode}):\n${output()}`);
    const status = await fetch(`${base}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`core did not become ready:\n${output()}`);
}

async function seed(base: string, count: number): Promise<string[]> {
  const user = await ok<{ id: string }>(
    call(base, 'POST', '/internal/users/google', {
      googleSubject: 'bench',
      email: 'bench@bench.example',
      name: 'Bench',
    }),
  );
  const studio = await ok<{ id: string }>(call(base, 'POST', '/studios', { name: 'Bench Studio' }, user.id));
  const game = await ok<{ id: string }>(
    call(base, 'POST', `/studios/${studio.id}/games`, { name: 'Bench Game' }, user.id),
  );
  const clients: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const gc = await ok<{ id: string }>(
      call(
        base,
        'POST',
        `/studios/${studio.id}/games/${game.id}/clients`,
        { name: `Build ${i}`, platform: 'unity' },
        user.id,
      ),
    );
    clients.push(gc.id);
  }
  const secrets: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const clientId = clients[i % CLIENTS]!;
        const created = await ok<{ secret: string }>(
          call(
            base,
            'POST',
            `/studios/${studio.id}/games/${game.id}/clients/${clientId}/api-keys`,
            { name: `key ${i}` },
            user.id,
          ),
        );
        secrets.push(created.secret);
      }
    }),
  );
  return secrets;
}

/**
 * One request on a keep-alive agent. node:http, not fetch: the load generator shares the
 * machine with core and PostgreSQL, and undici's fetch costs several times more CPU per call.
 */
function request(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'x-service-token': TOKEN };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What this machine gives a route that does nothing (GET /health/live), for scale. */
async function runBaseline(
  port: number,
  concurrency: number,
  seconds: number,
): Promise<{ concurrency: number; requestsPerSecond: number; p50Ms: number; p99Ms: number }> {
  const latencies: number[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await request(agent, port, 'GET', '/health/live');
        latencies.push(performance.now() - t0);
      }
    }),
  );
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const elapsed = (performance.now() - started) / 1000;
  return {
    concurrency,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
    p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
  };
}

async function runLevel(
  port: number,
  corePid: number | undefined,
  keys: string[],
  unknown: string[],
  concurrency: number,
  seconds: number,
): Promise<LevelResult> {
  const cpuBefore = processCpuSeconds(corePid);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const key =
          Math.random() < UNKNOWN_SHARE
            ? unknown[Math.floor(Math.random() * unknown.length)]!
            : keys[Math.floor(Math.random() * keys.length)]!;
        const t0 = performance.now();
        try {
          const res = await request(
            agent,
            port,
            'POST',
            '/internal/api-keys/validate',
            JSON.stringify({ key }),
          );
          latencies.push(performance.now() - t0);
          const body = JSON.parse(res.text) as { status?: string };
          const label = `${res.status} ${body.status ?? ''}`.trim();
          statuses[label] = (statuses[label] ?? 0) + 1;
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  const cpuAfter = processCpuSeconds(corePid);
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    concurrency,
    requests: latencies.length,
    errors,
    seconds: round(elapsed),
    validationsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
    coreCpuMsPerValidation:
      cpuBefore === null || cpuAfter === null || latencies.length === 0
        ? null
        : round(((cpuAfter - cpuBefore) * 1000) / latencies.length),
    statuses,
  };
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const dbName = `core_bench_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const dbUrl = new URL(localInfra().postgresUrl);
  dbUrl.pathname = `/${dbName}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['-r', './tools/build/register.js', 'apps/core/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SERVICE_TOKEN: TOKEN,
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl.toString(),
      DATABASE_POOL_SIZE: String(POOL),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    await waitReady(base, child, () => output);
    const seedStarted = Date.now();
    const keys = await seed(base, KEYS);
    const keyCount = await admin(async (c) => {
      await c.query(`SELECT 1`);
      const inner = new Client({ connectionString: dbUrl.toString() });
      await inner.connect();
      try {
        return Number((await inner.query('SELECT count(*) AS n FROM core.api_key_index')).rows[0].n);
      } finally {
        await inner.end();
      }
    });
    process.stdout.write(
      `seeded ${keyCount} keys in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s; core pool ${POOL}\n`,
    );
    const unknown = Array.from({ length: 100 }, () => generateApiKey());

    await runLevel(port, child.pid, keys, unknown, 8, 2); // warm-up: JIT, pool connections, PostgreSQL buffers
    const results: LevelResult[] = [];
    for (const c of CONCURRENCY) {
      const r = await runLevel(port, child.pid, keys, unknown, c, SECONDS);
      results.push(r);
      process.stdout.write(
        `  concurrency ${c}: ${r.validationsPerSecond}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms\n`,
      );
    }

    const baseline = await runBaseline(port, 16, Math.min(5, SECONDS));
    process.stdout.write(
      `  baseline GET /health/live, concurrency 16: ${baseline.requestsPerSecond}/s, p50 ${baseline.p50Ms} ms\n`,
    );

    const header = [
      'concurrency',
      'requests',
      'validations/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'errors',
      'core CPU ms/validation',
    ];
    const rows = results.map((r) =>
      [
        r.concurrency,
        r.requests,
        r.validationsPerSecond,
        r.p50Ms,
        r.p90Ms,
        r.p99Ms,
        r.maxMs,
        r.errors,
        r.coreCpuMsPerValidation ?? '-',
      ].map(String),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
    process.stdout.write(
      `\ncore key validation, ${keyCount} keys, ${SECONDS} s per level (HTTP, keep-alive, ${Math.round(UNKNOWN_SHARE * 100)}% unknown keys)\n`,
    );
    process.stdout.write(
      `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
    );
    process.stdout.write(
      `for scale, a route that does nothing (GET /health/live, concurrency 16): ${baseline.requestsPerSecond}/s, p50 ${baseline.p50Ms} ms\n`,
    );

    const outFile = path.join(root, 'tools/bench/results/core-key-validation.json');
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(
      outFile,
      JSON.stringify(
        {
          benchmark: 'core-key-validation',
          date: new Date().toISOString(),
          setup: {
            keys: keyCount,
            gameClients: CLIENTS,
            secondsPerLevel: SECONDS,
            unknownKeyShare: UNKNOWN_SHARE,
            corePoolSize: POOL,
            coreLogLevel: 'warn',
            transport: 'HTTP/1.1 keep-alive (node:http agent) from one Node process, 127.0.0.1',
            database: 'project PostgreSQL 15 on 127.0.0.1:5433, fresh database',
          },
          machine: {
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model,
            loadAverageAtStart: loadAtStart,
            loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
            node: process.version,
            note: 'shared development machine; the load generator, core and PostgreSQL run on the same host',
          },
          results,
          baselineNoopRoute: { route: 'GET /health/live', ...baseline },
        },
        null,
        2,
      ) + '\n',
    );
    process.stdout.write(`\nsaved ${path.relative(root, outFile)}\n`);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
