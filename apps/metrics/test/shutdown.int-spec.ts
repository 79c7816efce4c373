// The service as a real process: SIGTERM in the middle of a stream of events finishes the batch in
// flight, commits only what is stored, and exits 0; the next instance of the group completes the
// stream, so every event counts exactly once.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeEvent } from '@gt/contracts';
import { BatchConsumer } from '@gt/kafka';
import { infra, repoRoot, waitFor } from '@gt/testing';
import { envelopeFor, MetricsStack, newGameId, qs, TOKEN } from './harness';

const stack = new MetricsStack('shutdown');
const game = newGameId();
const N = 3000;

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

async function startProcess() {
  const port = await freePort();
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', path.join(repoRoot, 'tools/build/register.js'), path.join(repoRoot, 'apps/metrics/src/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        SERVICE_TOKEN: TOKEN,
        KAFKA_BROKERS: infra.kafka.brokers.join(','),
        KAFKA_TOPIC: stack.topics.topic,
        KAFKA_DLQ_TOPIC: stack.topics.dlqTopic,
        KAFKA_GROUP_ID: `${stack.database}_group`,
        INFLUX_URL: infra.influxdb.url,
        INFLUX_DATABASE: stack.database,
        // Small batches, so that a SIGTERM lands between batches of a long stream.
        BATCH_MAX_EVENTS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, {
    timeoutMs: 60_000,
    intervalMs: 200,
    message: `metrics process ready\n${output}`,
  });
  return { child, exited, base, output: () => output };
}

async function stored(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = /^metrics_events_stored_total (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

beforeAll(async () => {
  await stack.setUp();
});

afterAll(async () => {
  await stack.tearDown();
});

it('finishes the batch in flight on SIGTERM, exits 0, and the next instance completes the stream', async () => {
  const now = Date.now();
  const events = Array.from({ length: N }, (_, i) =>
    envelopeFor(
      game,
      makeEvent('design', {
        playerId: `p${i % 50}`,
        name: 'Stream',
        timestamp: new Date(now - 1000 - i).toISOString(),
      }),
    ),
  );
  const first = await startProcess();
  await stack.produce(events);
  await waitFor(async () => (await stored(first.base)) > 0, {
    timeoutMs: 30_000,
    intervalMs: 20,
    message: 'first batches',
  });
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.output()).not.toMatch(/shutdown timed out/);

  // Everything the group committed is in InfluxDB: counted events >= committed offsets.
  const probe = new BatchConsumer({
    connection: stack.connection,
    groupId: `${stack.database}_group`,
    topic: stack.topics.topic,
    consumerName: 'probe',
    parse: () => ({ ok: true, value: null }),
    handle: () => Promise.resolve(),
    fromBeginning: true,
  });
  const committed = N - (await probe.lag());
  const repo = stack.repository();
  const count = async () =>
    (
      await repo.sumEvents([
        { game, tier: 'raw', fromMs: now - 3_600_000, toMs: now + 60_000, groupBy: [], measures: ['events'] },
      ])
    )[0]?.[0]?.events ?? 0;
  expect(await count()).toBeGreaterThanOrEqual(committed);

  // The next instance of the group takes over: every event exactly once.
  const second = await startProcess();
  try {
    await waitFor(async () => (await probe.lag()) === 0, {
      timeoutMs: 60_000,
      message: 'the rest of the stream',
    });
    const r = await fetch(
      `${second.base}/v1/games/${game}/events${qs({ bucket: '1h', from: new Date(now - 3_600_000).toISOString() })}`,
      { headers: { 'x-service-token': TOKEN } },
    );
    expect(((await r.json()) as { total: number }).total).toBe(N);
  } finally {
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }
});
