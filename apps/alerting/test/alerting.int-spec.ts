// Issue 6's scenarios end to end, nothing mocked: the real core (own database) holds the
// studio, games and rules; events go through a Kafka topic of this run; alerting instances
// run as child processes on a Redis key prefix of this run; emails land in maildev.
// The scenarios run in order and share the topic, so every instance started later replays
// everything before it from offset 0: no scenario may gain a second email from that.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { DLQ_HEADERS, makeEvent, type EventEnvelope, type TelemetryEvent } from '@gt/contracts';
import {
  collectRecords,
  createKafka,
  deleteTopics,
  ensureTopics,
  envelopeRecord,
  EventProducer,
  headerText,
  type ProducerRecord,
} from '@gt/kafka';
import { infra, infraControl, mailbox, repoRoot, uniqueId, waitFor, type CaughtEmail } from '@gt/testing';
import { Redis } from 'ioredis';
import { freePort, startAlerting, type AlertingProcess } from './alerting-process';
import { startCore, type CoreProcess } from './core-process';

const TOKEN = 'alerting-int-test-service-token';
const runId = uniqueId('alerting_it');
const topic = `alerting.it.${runId}`;
const dlqTopic = `alerting.it.${runId}.dlq`;
const prefix = `${runId}:`;
const PORTAL = 'http://portal.test';
const connection = createKafka({ brokers: infra.kafka.brokers, clientId: 'alerting-int-test' });
const producer = new EventProducer(connection);
const redis = new Redis(infra.redis.url, { maxRetriesPerRequest: 1 });
const instances: AlertingProcess[] = [];
let core: CoreProcess;
let userId: string;
let studio: { id: string; name: string };
let produced = 0;

interface Game {
  id: string;
  name: string;
  recipient: string;
  ruleId: string;
}
const games: Record<string, Game> = {};

const alertingEnv = (group: string, extra: Record<string, string> = {}) => ({
  SERVICE_TOKEN: TOKEN,
  CORE_URL: core.url,
  KAFKA_TOPIC: topic,
  KAFKA_DLQ_TOPIC: dlqTopic,
  KAFKA_GROUP_ID: `${runId}-${group}`,
  REDIS_KEY_PREFIX: prefix,
  PORTAL_URL: PORTAL,
  RULES_POLL_MS: '500',
  OUTBOX_POLL_MS: '200',
  MAIL_RETRY_BASE_MS: '300',
  MAIL_RETRY_MAX_MS: '1500',
  // Retries must outlast an SMTP restart in the fault test.
  MAIL_MAX_ATTEMPTS: '100',
  LOG_LEVEL: 'info',
  ...extra,
});

async function start(group: string, extra: Record<string, string> = {}): Promise<AlertingProcess> {
  const p = await startAlerting(alertingEnv(group, extra));
  instances.push(p);
  return p;
}

function record(gameId: string, event: TelemetryEvent): ProducerRecord {
  const envelope: EventEnvelope = {
    v: 1,
    studioId: studio.id,
    gameId,
    gameClientId: randomUUID(),
    platform: 'unity',
    receivedAt: new Date().toISOString(),
    event,
  };
  return envelopeRecord(envelope);
}

async function produce(records: ProducerRecord[]): Promise<void> {
  await producer.send(topic, records, { timeoutMs: 15_000 });
  produced += records.length;
}

/** `n` distinct players (numbered from `from`), `each` events per player, interleaved. */
function players(game: Game, from: number, n: number, each = 1): ProducerRecord[] {
  const out: ProducerRecord[] = [];
  for (let e = 0; e < each; e++) {
    for (let p = from; p < from + n; p++)
      out.push(record(game.id, makeEvent('design', { playerId: `player-${p}`, name: 'Level:Up' })));
  }
  return out;
}

/** Waits until the instances together have handled (and committed) every good record so far. */
async function caughtUp(group: AlertingProcess[], good = produced - malformed): Promise<void> {
  await waitFor(
    async () =>
      (await Promise.all(group.map((p) => p.status()))).reduce((n, s) => n + s.consumer.handled, 0) >= good,
    {
      // Generous: a shared 2-core machine under other suites' load is slow, and this only bounds a failure.
      timeoutMs: 60_000,
      message: `${good} records handled`,
    },
  );
}
let malformed = 0;

async function emailsTo(game: Game): Promise<CaughtEmail[]> {
  return (await mailbox.list()).filter((m) => m.to.some((t) => t.address === game.recipient));
}

async function oneEmail(game: Game, timeoutMs = 30_000): Promise<CaughtEmail> {
  return mailbox.waitFor((m) => m.to.some((t) => t.address === game.recipient), { timeoutMs });
}

/** A little longer than the service needs to send a second email, if there were one. */
async function settle(ms = 1500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface HistoryItem {
  ruleId: string;
  observedValue: number;
  threshold: number;
  deliveryStatus: string;
  firingKey: string;
  deliveredAt: string | null;
}

async function history(game: Game): Promise<HistoryItem[]> {
  const page = await core.call<{ items: HistoryItem[] }>(
    'GET',
    `/studios/${studio.id}/alert-history?gameId=${game.id}`,
    undefined,
    userId,
  );
  return page.items;
}

async function makeGame(key: string, rule: Record<string, unknown>): Promise<Game> {
  const game = await core.call<{ id: string; name: string }>(
    'POST',
    `/studios/${studio.id}/games`,
    { name: `Game ${key} ${runId.slice(-8)}` },
    userId,
  );
  const recipient = `${runId}-${key.toLowerCase()}@alerting.test`;
  const created = await core.call<{ id: string }>(
    'POST',
    `/studios/${studio.id}/games/${game.id}/alert-rules`,
    { recipients: [recipient], ...rule },
    userId,
  );
  games[key] = { id: game.id, name: game.name, recipient, ruleId: created.id };
  return games[key];
}

beforeAll(async () => {
  core = await startCore(TOKEN);
  userId = (
    await core.call<{ id: string }>('POST', '/internal/users/google', {
      googleSubject: `it|${runId}`,
      email: `${runId}@alerting.test`,
      name: 'Alerting IT',
    })
  ).id;
  studio = await core.call('POST', '/studios', { name: `Alerting Studio ${runId.slice(-8)}` }, userId);
  // Every rule exists before any instance starts, so each instance plans with all of them.
  await makeGame('A', { name: '100 players', kind: 'players_reached', threshold: 100 });
  await makeGame('B', { name: '100 players', kind: 'players_reached', threshold: 100 });
  await makeGame('C', { name: '100 players', kind: 'players_reached', threshold: 100 });
  await makeGame('D', { name: '5 players', kind: 'players_reached', threshold: 5 });
  await makeGame('E', {
    name: 'Crash storm',
    kind: 'event_count',
    eventType: 'error',
    windowSeconds: 60,
    threshold: 5,
    cooldownSeconds: 120,
  });
  await makeGame('F', { name: '3 players', kind: 'players_reached', threshold: 3 });
  await makeGame('G', { name: '3 players', kind: 'players_reached', threshold: 3 });
  // ensureTopics waits for the new topics' leaders itself (libs/kafka).
  await ensureTopics(connection, [
    { topic, numPartitions: 6 },
    { topic: dlqTopic, numPartitions: 1 },
  ]);
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((p) => p.kill()));
  // The instances' logs, for whoever has to find out why a scenario failed (.reports is not committed).
  const logs = path.join(repoRoot, '.reports', 'alerting-int');
  mkdirSync(logs, { recursive: true });
  instances.forEach((p, i) => writeFileSync(path.join(logs, `instance-${i + 1}.log`), p.output()));
  // Whatever happened, the shared stack is left running.
  await infraControl.start('redis').catch(() => undefined);
  await infraControl.start('smtp').catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  await deleteTopics(connection, [topic, dlqTopic]).catch(() => undefined);
  const keys = await redis.keys(`${prefix}*`).catch(() => [] as string[]);
  if (keys.length) await redis.unlink(...keys).catch(() => undefined);
  redis.disconnect();
  for (const m of await mailbox.list().catch(() => [] as CaughtEmail[])) {
    if (m.to.some((t) => t.address.startsWith(runId))) await mailbox.remove(m.id).catch(() => undefined);
  }
  await core?.stop();
}, 120_000);

describe('alerting, end to end', () => {
  let first: AlertingProcess;

  it('"100 players reached": nothing at 99 players, exactly one email at the 100th, none after', async () => {
    const A = games.A;
    first = await start('first');
    // 99 distinct players, three events each.
    await produce(players(A, 1, 99, 3));
    await caughtUp([first]);
    await settle(500);
    expect(await emailsTo(A)).toHaveLength(0);
    expect((await history(A)).length).toBe(0);

    await produce(players(A, 100, 1));
    const mail = await oneEmail(A);
    expect(mail.subject).toBe(`[${A.name}] 100 players: 100 distinct players reached`);
    for (const part of [mail.text ?? '', mail.html ?? '']) {
      expect(part).toContain(studio.name);
      expect(part).toContain(A.name);
      expect(part).toContain('100 players');
      expect(part).toContain(`${PORTAL}/studios/${studio.id}/games/${A.id}`);
      expect(part).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    }
    expect(mail.text).toContain('Distinct players: 100 (threshold 100)');

    await produce(players(A, 101, 20, 2));
    await caughtUp([first]);
    await settle();
    expect(await emailsTo(A)).toHaveLength(1);
    const [entry] = await waitFor(async () => {
      const h = await history(A);
      return h.length === 1 && h[0].deliveryStatus === 'delivered' ? h : undefined;
    });
    expect(entry).toMatchObject({
      ruleId: A.ruleId,
      observedValue: 100,
      threshold: 100,
      deliveryStatus: 'delivered',
    });
    expect(entry.deliveredAt).not.toBeNull();
  });

  it('sends malformed records to the DLQ with the standard headers, and the next events still count', async () => {
    const F = games.F;
    const broken: ProducerRecord = { key: 'x', value: Buffer.from('{not json'), headers: {} };
    const badEvent = record(F.id, {
      ...makeEvent('design', { playerId: 'f-bad' }),
      name: 42,
    } as unknown as TelemetryEvent);
    await produce([broken, badEvent]);
    malformed += 2;
    await produce(players(F, 1, 3));

    const mail = await oneEmail(F);
    expect(mail.subject).toContain('3 distinct players reached');
    const dead = await collectRecords(connection, { topic: dlqTopic, count: 2, timeoutMs: 15_000 });
    expect(dead.map((r) => headerText(r.headers, DLQ_HEADERS.reason)).sort()).toEqual([
      'ENVELOPE_NOT_JSON',
      'EVENT_INVALID',
    ]);
    for (const r of dead) {
      expect(headerText(r.headers, DLQ_HEADERS.consumer)).toBe('alerting');
      expect(headerText(r.headers, DLQ_HEADERS.originalTopic)).toBe(topic);
      expect(headerText(r.headers, DLQ_HEADERS.originalOffset)).toMatch(/^\d+$/);
      expect(headerText(r.headers, DLQ_HEADERS.failedAt)).toBeDefined();
    }
    expect((await first.status()).consumer.deadLettered).toBe(2);
  });

  it('windowed rule: N events in a window fire once; the next window fires again only after the cool-down', async () => {
    const E = games.E;
    const W = 60_000;
    const now = Date.now();
    const w0 = now - (now % W) - 10 * W; // minutes ago, inside the grace: counted
    const errors = (start: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        record(
          E.id,
          makeEvent('error', { playerId: `e-${i % 3}`, timestamp: new Date(start + 1000 + i).toISOString() }),
        ),
      );
    const firstFour = errors(w0, 4);
    // Four errors sent twice (a retried batch), and other event types: not five errors yet.
    await produce([...firstFour, ...firstFour, ...players(E, 1, 10)]);
    await caughtUp([first]);
    await settle(500);
    expect(await emailsTo(E)).toHaveLength(0);

    await produce(errors(w0, 3)); // the fifth error: fires
    await oneEmail(E);
    await produce(errors(w0, 10)); // same window: no more
    // The next window crosses 60 s after the first firing, inside the 120 s cool-down: no email.
    // Three windows on (180 s after) it fires again. (Players land on different partitions, so
    // which event is the fifth varies by a few ms; the margins here do not depend on it.)
    await produce(errors(w0 + W, 6));
    await produce(errors(w0 + 3 * W, 6));
    await waitFor(async () => (await emailsTo(E)).length >= 2, {
      timeoutMs: 15_000,
      message: 'the second window email',
    });
    await caughtUp([first]);
    await settle();
    const mails = await emailsTo(E);
    expect(mails).toHaveLength(2);
    const windows = mails.map((m) => /Window: (\S+ \S+) UTC/.exec(m.text ?? '')?.[1]).sort();
    const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
    expect(windows).toEqual([iso(w0), iso(w0 + 3 * W)]);
    for (const m of mails) expect(m.text).toContain('Count of error events: 5 (threshold 5)');
  });

  let pair: AlertingProcess[] = [];

  it('replayed from offset 0 by a new group: no second email; two instances in one group: one email', async () => {
    // Graceful stop: the batch in flight is finished and committed, the process exits 0.
    expect(await first.stop()).toBe(0);
    pair = await Promise.all([start('pair'), start('pair')]);
    await caughtUp(pair);
    await settle();
    for (const key of ['A', 'E', 'F']) expect(await emailsTo(games[key])).toHaveLength(key === 'E' ? 2 : 1);

    const B = games.B;
    await produce(players(B, 1, 150));
    await oneEmail(B);
    await caughtUp(pair);
    await settle();
    expect(await emailsTo(B)).toHaveLength(1);
    // The group split the partitions: both instances counted part of the topic.
    const statuses = await Promise.all(pair.map((p) => p.status()));
    for (const s of statuses) expect(s.consumer.handled).toBeGreaterThan(0);
  });

  it('applies a rule changed in core within seconds: a raised threshold fires once more, at the new value', async () => {
    const B = games.B;
    await core.call(
      'PATCH',
      `/studios/${studio.id}/games/${B.id}/alert-rules/${B.ruleId}`,
      { threshold: 160, name: '160 players' },
      userId,
    );
    // Both instances poll every 500 ms; the shared Redis copy shows when the change went round.
    await waitFor(
      async () => JSON.parse((await redis.hget(`${prefix}rules`, B.ruleId)) ?? '{}').threshold === 160,
      {
        message: 'the changed rule in the Redis copy',
      },
    );
    await settle(1200);
    await produce(players(B, 151, 9));
    await caughtUp(pair);
    await settle(500);
    expect(await emailsTo(B)).toHaveLength(1);
    await produce(players(B, 160, 5));
    const mail = await mailbox.waitFor(
      (m) => m.to.some((t) => t.address === B.recipient) && m.subject.includes('160 players:'),
    );
    expect(mail.text).toContain('Distinct players: 160 (threshold 160)');
    await caughtUp(pair);
    await settle();
    expect(await emailsTo(B)).toHaveLength(2);
  });

  it('Redis SIGKILLed between the 60th and the 100th player: counts survive, one email at 100', async () => {
    const C = games.C;
    const counters = async () =>
      (await (
        await fetch(`${pair[0].url}/internal/games/${C.id}/counters`, {
          headers: { 'x-service-token': TOKEN },
        })
      ).json()) as { players: number };
    await produce(players(C, 1, 60, 2));
    await caughtUp(pair);
    expect((await counters()).players).toBe(60);

    await infraControl.kill('redis');
    try {
      // Events arrive while Redis is down: the consumers pause and retry, nothing is dead-lettered.
      await produce(players(C, 61, 40, 2));
      await waitFor(
        async () => (await Promise.all(pair.map((p) => p.status()))).some((s) => s.consumer.retrying),
        {
          timeoutMs: 15_000,
          message: 'a consumer retrying its batch',
        },
      );
    } finally {
      await infraControl.start('redis');
    }
    const mail = await oneEmail(C, 30_000);
    expect(mail.text).toContain('Distinct players: 100 (threshold 100)');
    await caughtUp(pair);
    await settle();
    expect(await emailsTo(C)).toHaveLength(1);
    expect((await counters()).players).toBe(100);
    // Nothing was dead-lettered for the outage: the DLQ holds only the malformed records.
    const dead = await collectRecords(connection, { topic: dlqTopic, count: 1000, timeoutMs: 3000 });
    expect(new Set(dead.map((r) => headerText(r.headers, DLQ_HEADERS.reason)))).toEqual(
      new Set(['ENVELOPE_NOT_JSON', 'EVENT_INVALID']),
    );
  });

  it('SMTP down when the alert fires: delivered once it is back, history says delivered, never twice', async () => {
    const D = games.D;
    await infraControl.stop('smtp');
    try {
      await produce(players(D, 1, 5));
      // The firing is recorded as pending while the email waits for the SMTP server.
      await waitFor(async () => (await history(D))[0]?.deliveryStatus === 'pending', {
        timeoutMs: 20_000,
        message: 'a pending history entry',
      });
    } finally {
      await infraControl.start('smtp');
    }
    await oneEmail(D, 30_000);
    await waitFor(async () => (await history(D))[0]?.deliveryStatus === 'delivered', {
      timeoutMs: 15_000,
      message: 'history: delivered',
    });
    await settle(2500);
    expect(await emailsTo(D)).toHaveLength(1);
    expect(await history(D)).toHaveLength(1);
  });

  it('an instance killed between claiming a firing and sending it: another instance sends it, once', async () => {
    const G = games.G;
    await Promise.all(pair.map((p) => p.stop()));
    // An SMTP server that accepts connections and never answers: the instance claims the
    // firing and hangs in the send, which is where it gets SIGKILLed.
    const sockets: Socket[] = [];
    const blackHole: Server = createServer((s) => sockets.push(s));
    const port = await freePort();
    await new Promise<void>((r) => blackHole.listen(port, '127.0.0.1', r));
    try {
      const doomed = await start('crash', { SMTP_PORT: String(port), OUTBOX_LEASE_MS: '2000' });
      await caughtUp([doomed]);
      await produce(players(G, 1, 3));
      await waitFor(() => sockets.length > 0, { timeoutMs: 15_000, message: 'the instance trying to send' });
      await doomed.kill();
      expect(await emailsTo(G)).toHaveLength(0);
      // No history yet either: it is written after the send.
      expect(await history(G)).toHaveLength(0);
    } finally {
      for (const s of sockets) s.destroy();
      blackHole.close();
    }
    // Any instance works any outbox entry once its lease ran out (it need not be in the same group).
    const rescuer = await start('rescue', { OUTBOX_LEASE_MS: '2000' });
    await oneEmail(G, 20_000);
    await waitFor(async () => (await history(G))[0]?.deliveryStatus === 'delivered', {
      timeoutMs: 15_000,
      message: 'history: delivered',
    });
    await settle();
    expect(await emailsTo(G)).toHaveLength(1);
    expect(await rescuer.stop()).toBe(0);
  });
});
