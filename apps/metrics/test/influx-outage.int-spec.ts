// InfluxDB stops while events flow: the consumer pauses and retries, commits and dead-letters
// nothing, and catches up once InfluxDB is back. Stops the shared local InfluxDB for a few
// seconds, and always starts it again.
import { makeEvent, type EventEnvelope } from '@gt/contracts';
import { collectRecords } from '@gt/kafka';
import { infraControl, waitFor } from '@gt/testing';
import { envelopeFor, MetricsStack, newGameId, qs, type MetricsApp } from './harness';

const stack = new MetricsStack('outage');
let app: MetricsApp;
const game = newGameId();
const now = Date.now();
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

// Some events of the last minutes, some of yesterday (late: their hours are rolled up on arrival).
function events(n: number, tag: string): EventEnvelope[] {
  return Array.from({ length: n }, (_, i) =>
    envelopeFor(
      game,
      makeEvent('design', {
        playerId: `${tag}-${i % 4}`,
        name: `Outage:${tag}`,
        timestamp: iso(i % 2 === 0 ? now - 60_000 - i * 100 : now - 20 * HOUR - i * 1000),
      }),
    ),
  );
}

const total = async (): Promise<number> =>
  (
    await app.ok<{ total: number }>(
      `/v1/games/${game}/events${qs({ bucket: '1h', from: iso(now - 24 * HOUR), to: iso(now + HOUR) })}`,
    )
  ).total;

beforeAll(async () => {
  await stack.setUp();
  app = await stack.start({ KAFKA_GROUP_ID: `${stack.database}_outage` });
});

afterAll(async () => {
  await infraControl.start('influxdb');
  await stack.tearDown();
}, 180_000);

it('loses nothing and dead-letters nothing when InfluxDB is down for a while', async () => {
  await stack.produce(events(10, 'before'));
  await waitFor(async () => (await total()) === 10, {
    timeoutMs: 15_000,
    message: '10 events before the outage',
  });
  await app.drained(10);
  const handledBefore = app.consumer().status().handled;

  await infraControl.stop('influxdb');
  try {
    // Events keep coming while InfluxDB is down.
    for (let round = 0; round < 4; round++) {
      await stack.produce(events(10, `during${round}`));
      await new Promise((r) => setTimeout(r, 500));
    }
    await waitFor(() => app.consumer().status().retrying, {
      timeoutMs: 15_000,
      message: 'the consumer retrying',
    });
    const status = app.consumer().status();
    expect(status).toMatchObject({ handled: handledBefore, deadLettered: 0, retrying: true });
    expect(status.lastError?.source).toBe('handler');
    // Readiness and the query API say InfluxDB is down.
    const ready = await app.get<{ checks: Record<string, { status: string }> }>('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.influxdb!.status).toBe('down');
    const down = await app.get<{ code: string }>(`/v1/games/${game}/events`);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('METRICS_STORE_UNAVAILABLE');
  } finally {
    await infraControl.start('influxdb');
  }

  await waitFor(async () => (await total()) === 50, {
    timeoutMs: 60_000,
    intervalMs: 250,
    message: 'all 50 events',
  });
  await app.drained(50);
  expect(app.consumer().status()).toMatchObject({ deadLettered: 0, retrying: false });
  const dead = await collectRecords(stack.connection, {
    topic: stack.topics.dlqTopic,
    count: 1,
    timeoutMs: 3000,
  });
  expect(dead).toHaveLength(0);
  // Yesterday's hours were rolled up once InfluxDB was back: the rollup holds all 25 late events.
  const [rollup] = await stack.repository().sumEvents([
    {
      game,
      tier: 'hourly',
      fromMs: Math.floor((now - 24 * HOUR) / HOUR) * HOUR,
      toMs: Math.floor((now - 2 * HOUR) / HOUR) * HOUR,
      groupBy: [],
      measures: ['events'],
    },
  ]);
  expect(rollup![0]!.events).toBe(25);
});
