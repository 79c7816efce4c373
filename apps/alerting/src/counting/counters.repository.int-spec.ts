// The Redis side on the real Redis (the project's instance on 6380, a key prefix of its own):
// exact thresholds, idempotence, windows and cool-downs, claims and the outbox lease.
import { randomUUID } from 'node:crypto';
import { infra, uniqueId } from '@gt/testing';
import type { Redis } from 'ioredis';
import { makeRule } from '../../test/rules.fixtures';
import { OutboxRepository } from '../alerts/outbox.repository';
import { createRedis } from '../redis/redis.connection';
import type { AlertRule } from '../rules/alert-rule';
import { buildCounterPlan, type CounterPlan } from '../rules/counter-plan';
import { RulesStoreRepository } from '../rules/rules-store.repository';
import { CountersRepository, type CountableEvent } from './counters.repository';

const HOUR = 3_600_000;
let redis: Redis;
let prefix: string;
let counters: CountersRepository;
let outbox: OutboxRepository;

beforeAll(() => {
  redis = createRedis(infra.redis.url);
});

beforeEach(() => {
  prefix = `${uniqueId('alerting_repo')}:`;
  counters = new CountersRepository(redis, { REDIS_KEY_PREFIX: prefix });
  outbox = new OutboxRepository(redis, { REDIS_KEY_PREFIX: prefix });
});

afterEach(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
});

afterAll(async () => {
  await redis.quit();
});

function event(gameId: string, playerId: string, overrides: Partial<CountableEvent> = {}): CountableEvent {
  return {
    gameId,
    playerId,
    eventId: randomUUID(),
    timestampMs: Date.now(),
    type: 'design',
    name: 'Kill:Sword',
    ...overrides,
  };
}

// One plan per rules array, as the service keeps one plan until a rule changes (and with it
// the memo of players already counted).
const plans = new WeakMap<AlertRule[], { floor: number; plan: CounterPlan }>();

async function count(
  events: CountableEvent[],
  rules: AlertRule[],
  floor = 1000,
  nowMs = Date.now(),
): Promise<string[]> {
  let held = plans.get(rules);
  if (held?.floor !== floor) {
    held = { floor, plan: buildCounterPlan(rules, floor) };
    plans.set(rules, held);
  }
  return counters.count(events, held.plan, { nowMs, graceMs: HOUR, playersFloor: floor });
}

async function firing(key: string): Promise<Record<string, unknown>> {
  return JSON.parse((await redis.hget(`${prefix}ob:${key}`, 'firing')) ?? 'null') as Record<string, unknown>;
}

describe('distinct players', () => {
  const game = randomUUID();
  const rule = makeRule({ id: 'players-100', gameId: game, threshold: 100 });
  const rules = [rule];

  it('fires on the 100th distinct player exactly, whatever the batching, and never again', async () => {
    // 99 players with 5 events each, shuffled across batches of odd sizes: no firing.
    const early: CountableEvent[] = [];
    for (let r = 0; r < 5; r++) for (let p = 1; p <= 99; p++) early.push(event(game, `player-${p}`));
    early.sort(() => Math.random() - 0.5);
    for (let i = 0; i < early.length; i += 77) expect(await count(early.slice(i, i + 77), rules)).toEqual([]);
    expect(await counters.players(game)).toBe(99);

    const hundredth = event(game, 'player-100');
    const fired = await count([event(game, 'player-7'), hundredth, event(game, 'player-101')], rules);
    expect(fired).toEqual(['players-100:players:100']);
    expect(await firing(fired[0])).toMatchObject({
      observed: 100,
      threshold: 100,
      eventId: hundredth.eventId,
      kind: 'players_reached',
    });

    // More players and a replay of everything: no second firing.
    expect(await count([...early, hundredth, event(game, 'player-102')], rules)).toEqual([]);
    expect(await counters.players(game)).toBe(102);
  });

  it('decides exactly once when two instances count the same game at the same time', async () => {
    const other = randomUUID();
    const r = makeRule({ id: 'race', gameId: other, threshold: 500 });
    const a: CountableEvent[] = [];
    const b: CountableEvent[] = [];
    for (let p = 0; p < 1000; p++) (p % 2 ? a : b).push(event(other, `p${p}`));
    const [fa, fb] = await Promise.all([count(a, [r]), count(b, [r])]);
    expect([...fa, ...fb]).toEqual(['race:players:500']);
  });

  it('fires a rule created after the game passed its threshold on the next event, with the count then', async () => {
    const other = randomUUID();
    const events = Array.from({ length: 30 }, (_, i) => event(other, `p${i}`));
    await count(events, []);
    const late = makeRule({ id: 'late', gameId: other, threshold: 10 });
    const fired = await count([event(other, 'p0')], [late]);
    expect(fired).toEqual(['late:players:10']);
    expect(await firing(fired[0])).toMatchObject({ observed: 30, threshold: 10 });
  });

  it('stops growing the exact set at max(floor, largest threshold): memory stays bounded', async () => {
    const other = randomUUID();
    const events = Array.from({ length: 50 }, (_, i) => event(other, `p${i}`));
    await count(events, [], 20);
    expect(await counters.players(other)).toBe(20);
    // A rule with a higher threshold lets it grow again, up to that threshold.
    await count(events, [makeRule({ id: 'x', gameId: other, threshold: 40 })], 20);
    expect(await counters.players(other)).toBe(40);
  });
});

describe('windowed event counts', () => {
  const game = randomUUID();
  const W = 60_000;
  const rule = makeRule({
    id: 'errors',
    gameId: game,
    kind: 'event_count',
    eventType: 'error',
    windowSeconds: 60,
    threshold: 5,
    cooldownSeconds: 120,
  });

  it('counts an event id once, fires once per window, and respects the cool-down on event time', async () => {
    const now = Date.now();
    const w0 = now - (now % W) - 10 * W; // ten minutes ago, well inside the grace
    const errors = (start: number, n: number, type = 'error') =>
      Array.from({ length: n }, (_, i) => event(game, `p${i % 2}`, { type, timestampMs: start + 1000 + i }));

    const first = errors(w0, 4);
    // Four errors, sent twice (a client resend or a replay), and other event types: not 5 yet.
    expect(await count([...first, ...first, ...errors(w0, 9, 'design')], [rule])).toEqual([]);
    expect(await counters.windowCount(game, 60, 't:error', w0)).toBe(4);
    const fired = await count(errors(w0, 3), [rule]);
    expect(fired).toEqual([`errors:w60:${w0 / 1000}`]);
    expect(await firing(fired[0])).toMatchObject({
      observed: 5,
      windowStart: w0,
      windowSeconds: 60,
      windowPlayers: 2,
    });
    expect(await count(errors(w0, 10), [rule])).toEqual([]);

    // The next window crosses about 60 s after the first firing, inside the 120 s cool-down: no firing.
    expect(await count(errors(w0 + W, 6), [rule])).toEqual([]);
    // Two windows on it is 120 s after: it fires again.
    expect(await count(errors(w0 + 2 * W, 6), [rule])).toEqual([`errors:w60:${w0 / 1000 + 120}`]);
  });

  it('does not count windows that closed longer ago than the grace', async () => {
    const now = Date.now();
    const old = now - 2 * HOUR;
    const events = Array.from({ length: 10 }, () => event(game, 'p', { type: 'error', timestampMs: old }));
    expect(await count(events, [rule], 1000, now)).toEqual([]);
    expect(await counters.windowCount(game, 60, 't:error', old)).toBe(0);
  });

  it('lets window keys expire after the window and its grace', async () => {
    const now = Date.now();
    await count([event(game, 'p', { type: 'error', timestampMs: now })], [rule], 1000, now);
    const start = now - (now % W);
    const ttl = await redis.pttl(`${prefix}w:${game}:60:t:error:${start / 1000}`);
    expect(ttl).toBeGreaterThan(HOUR);
    expect(ttl).toBeLessThanOrEqual(start + W + HOUR - now);
  });
});

describe('the outbox', () => {
  const game = randomUUID();

  async function claimOne(id: string): Promise<string> {
    const [key] = await count([event(game, `p-${id}`)], [makeRule({ id, gameId: game, threshold: 1 })]);
    return key;
  }

  it('leases an entry to one taker at a time and gives it back when the lease runs out', async () => {
    const key = await claimOne('lease');
    const now = Date.now();
    const [a, b] = await Promise.all([outbox.leaseDue(now, 1000, 10), outbox.leaseDue(now, 1000, 10)]);
    expect([...a, ...b].map((e) => e.firing.firingKey)).toEqual([key]);
    expect(await outbox.leaseDue(now + 500, 1000, 10)).toEqual([]);
    // The holder died: after the lease another taker gets it, and the old holder's writes are refused.
    const holder = [...a, ...b][0];
    const [taken] = await outbox.leaseDue(now + 1001, 1000, 10);
    expect(taken.firing.firingKey).toBe(key);
    expect(await outbox.save(holder, { sentAt: now })).toBe(false);
    expect(await outbox.save(taken, { sentAt: now })).toBe(true);
    expect(await outbox.complete(taken)).toBe(true);
    expect(await outbox.size()).toBe(0);
  });

  it('keeps progress across retries', async () => {
    await claimOne('retry');
    const [entry] = await outbox.leaseDue(Date.now(), 1000, 10);
    expect(entry.rule).toBeNull(); // no rules copy under this prefix
    await outbox.retryAt(entry, Date.now() - 1, {
      attempts: 1,
      lastError: 'ECONNREFUSED',
      historyId: 'h1',
      historyStatus: 'pending',
    });
    const [again] = await outbox.leaseDue(Date.now(), 1000, 10);
    expect(again).toMatchObject({
      attempts: 1,
      lastError: 'ECONNREFUSED',
      historyId: 'h1',
      historyStatus: 'pending',
    });
  });
});

describe('the rules copy', () => {
  it('keeps the newest version whatever order instances write in, and copies it into firings', async () => {
    const store = new RulesStoreRepository(redis, { REDIS_KEY_PREFIX: prefix });
    const game = randomUUID();
    const v2 = makeRule({
      id: 'r',
      gameId: game,
      threshold: 1,
      name: 'v2',
      updatedAt: '2026-01-10T11:00:00.000Z',
    });
    const v1 = makeRule({
      id: 'r',
      gameId: game,
      threshold: 1,
      name: 'v1',
      updatedAt: '2026-01-10T10:00:00.000Z',
    });
    await store.apply([v2], '2026-01-10T11:00:01.000Z');
    await store.apply([v1], '2026-01-10T10:00:01.000Z');
    const loaded = await store.load();
    expect(loaded.rules.map((r) => r.name)).toEqual(['v2']);
    expect(loaded.cursor).toBe('2026-01-10T11:00:01.000Z');

    await count([event(game, 'p')], [v2]);
    const [entry] = await outbox.leaseDue(Date.now(), 1000, 10);
    expect(entry.rule?.name).toBe('v2');

    await store.apply(
      [{ ...v2, enabled: false, updatedAt: '2026-01-10T12:00:00.000Z' }],
      '2026-01-10T12:00:01.000Z',
    );
    expect((await store.load()).rules).toEqual([]);
  });
});
