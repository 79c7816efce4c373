import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateEvent } from '@gt/contracts';
import { FakeIngestion, problem } from '../test/fake-server';
import { TelemetryClient } from './client';
import { fileStorage, memoryStorage, type TelemetryStorage } from './storage';
import type { TelemetryIssue, TelemetryOptions } from './types';

const KEY = 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ';
const clients: TelemetryClient[] = [];

function make(server: FakeIngestion, options: Partial<TelemetryOptions> = {}) {
  const issues: TelemetryIssue[] = [];
  const client = new TelemetryClient({
    apiKey: KEY,
    endpoint: 'http://ingest.test/',
    storage: 'memory',
    fetch: server.fetch as typeof fetch,
    flushIntervalMs: 60_000,
    random: () => 0.5,
    onIssue: (i) => issues.push(i),
    ...options,
  });
  clients.push(client);
  return { client, issues };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown(100)));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function manualClock(
  start = Date.parse('2026-11-24T10:00:00.000Z'),
): (() => number) & { advance(ms: number): void } {
  let now = start;
  return Object.assign(() => now, {
    advance: (ms: number) => {
      now += ms;
    },
  });
}

describe('TelemetryClient', () => {
  it('writes event keys in the contract schema order (the wire format shared by every SDK)', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, {
      playerId: 'p',
      appVersion: '2.0.0',
      sdk: { name: 'my-engine', version: '9.9.9' },
    });
    client.purchase({
      transactionId: 't-1',
      itemId: 'gems',
      amount: 99,
      currency: 'EUR',
      properties: { z: 1, a: 2 },
    });
    await client.flush();
    const body = JSON.stringify(server.events[1]);
    expect(Object.keys(JSON.parse(body) as object)).toEqual([
      'type',
      'eventId',
      'playerId',
      'sessionId',
      'timestamp',
      'properties',
      'appVersion',
      'sdk',
      'currency',
      'amount',
      'itemId',
      'transactionId',
    ]);
    expect(server.events[1]).toMatchObject({
      sdk: { name: 'my-engine', version: '9.9.9' },
      properties: { z: 1, a: 2 },
    });
    expect(Object.keys((server.events[1] as { properties: object }).properties)).toEqual(['z', 'a']);
  });

  it('makes events the server accepts: ids, player, session, time, SDK; a session starts by itself', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, { playerId: 'player-7', appVersion: '1.2.3' });
    client.track('Kill:Sword:Robot', 2, { weapon: 'sword' });
    client.progression('complete', 'world-1', { score: 1200, attempt: 1 });
    client.purchase({ currency: 'EUR', amount: 499, itemId: 'gems-100', itemType: 'gems' });
    client.error('warning', 'Texture missing');
    client.endSession();
    await client.flush();
    const events = server.events;
    expect(events.map((e) => e.type)).toEqual([
      'session_start',
      'design',
      'progression',
      'purchase',
      'error',
      'session_end',
    ]);
    const now = new Date();
    for (const e of events) expect(validateEvent(e, now)).toMatchObject({ ok: true });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(6);
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1);
    expect(events[1]).toMatchObject({
      name: 'Kill:Sword:Robot',
      value: 2,
      properties: { weapon: 'sword' },
      playerId: 'player-7',
      appVersion: '1.2.3',
      sdk: { name: 'gt-sdk-js', version: expect.any(String) },
    });
    expect(server.requests[0]!.url).toBe('http://ingest.test/v1/events');
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY);
  });

  it('sends a batch as soon as batchSize events are queued', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, { batchSize: 3, autoSession: false });
    client.track('a');
    client.track('b');
    await sleep(20);
    expect(server.requests).toHaveLength(0);
    client.track('c');
    await sleep(20);
    expect(server.requests.map((r) => r.events.length)).toEqual([3]);
  });

  it('sends what is queued every flushIntervalMs', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, { flushIntervalMs: 30, autoSession: false });
    client.track('a');
    await sleep(120);
    expect(server.events).toHaveLength(1);
  });

  it('sends when the oldest unsent event has waited flushIntervalMs, whatever was sent before it', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-24T10:00:00.000Z') });
    try {
      const server = new FakeIngestion();
      const { client } = make(server, { flushIntervalMs: 10_000, autoSession: false, now: () => Date.now() });
      client.track('a');
      await jest.advanceTimersByTimeAsync(1000);
      void client.flush();
      await jest.advanceTimersByTimeAsync(1000);
      expect(server.requests).toHaveLength(1);
      // Queued at 2 s: due at 12 s, not at the 10 s a timer started with the client would say.
      client.track('b');
      await jest.advanceTimersByTimeAsync(9999);
      expect(server.requests).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(2);
      expect(server.requests.map((r) => r.events.length)).toEqual([1, 1]);
      const done = client.shutdown(0);
      await jest.advanceTimersByTimeAsync(10);
      await done;
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps one request in flight, so events arrive in the order they were tracked', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, { batchSize: 5, autoSession: false });
    for (let i = 0; i < 100; i++) client.track(`n:${i}`);
    await client.flush();
    expect(server.maxConcurrent).toBe(1);
    expect(server.events.map((e) => (e as { name: string }).name)).toEqual(
      Array.from({ length: 100 }, (_, i) => `n:${i}`),
    );
  });

  it('retries 503 no sooner than Retry-After, then delivers every event once', async () => {
    const server = new FakeIngestion();
    server.script.push(problem(503, 'KAFKA_UNAVAILABLE', { 'retry-after': '3' }));
    const clock = manualClock();
    const { client, issues } = make(server, { autoSession: false, now: clock });
    client.track('a');
    client.track('b');
    expect(await client.flush()).toEqual({ sent: 0, remaining: 2 });
    expect(issues[0]).toMatchObject({ kind: 'retrying', status: 503, code: 'KAFKA_UNAVAILABLE' });
    const delayMs = (issues[0] as { delayMs: number }).delayMs;
    expect(delayMs).toBeGreaterThanOrEqual(3000);
    // flush() during the wait sends nothing: a game flushing every frame must not hammer the server.
    clock.advance(delayMs - 1);
    expect(await client.flush()).toEqual({ sent: 0, remaining: 2 });
    expect(server.requests).toHaveLength(1);
    clock.advance(1);
    expect(await client.flush()).toEqual({ sent: 2, remaining: 0 });
    expect(server.requests[1]!.events).toEqual(server.requests[0]!.events);
  });

  it('retries 429, 500 and network errors with growing delays', async () => {
    const server = new FakeIngestion();
    server.script.push(problem(429, 'RATE_LIMITED'), problem(500, 'INTERNAL_ERROR'), 'network-error');
    const clock = manualClock();
    const { client, issues } = make(server, {
      autoSession: false,
      now: clock,
      retry: { initialDelayMs: 100, maxDelayMs: 10_000 },
    });
    client.track('a');
    for (let i = 0; i < 3; i++) {
      await client.flush();
      clock.advance((issues[i] as { delayMs: number }).delayMs);
    }
    const delays = issues.map((i) => (i as { delayMs: number }).delayMs);
    // random() = 0.5: three quarters of 100, 200, 400 ms.
    expect(delays).toEqual([75, 150, 300]);
    expect(client.stats().consecutiveFailures).toBe(3);
    expect(await client.flush()).toEqual({ sent: 1, remaining: 0 });
    expect(client.stats().consecutiveFailures).toBe(0);
  });

  it('retries by itself after the backoff delay', async () => {
    const server = new FakeIngestion();
    server.script.push('network-error');
    const { client } = make(server, { autoSession: false, retry: { initialDelayMs: 40 } });
    client.track('a');
    await client.flush();
    expect(server.requests).toHaveLength(1);
    await sleep(150);
    expect(server.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ queued: 0, sent: 1 });
  });

  it('still retries when its timer fires before the clock says the wait is over', async () => {
    // Node's timers run on the event loop's clock, which can lag Date.now() by a millisecond.
    const server = new FakeIngestion();
    server.script.push('network-error');
    const clock = manualClock();
    const { client } = make(server, { autoSession: false, now: clock, retry: { initialDelayMs: 40 } });
    client.track('a');
    await client.flush(); // a wait of 30 ms on the client's clock
    clock.advance(29);
    await sleep(80); // the timer has fired, with 1 ms to go
    expect(server.requests).toHaveLength(1);
    clock.advance(1);
    await sleep(40);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, 'MALFORMED_JSON'],
    [422, 'UNPROCESSABLE'],
  ])(
    'never retries a %i (%s): the batch is dropped and reported, later events still go',
    async (status, code) => {
      const server = new FakeIngestion();
      server.script.push(problem(status, code));
      const { client, issues } = make(server, { autoSession: false, retry: { initialDelayMs: 10 } });
      client.track('a');
      client.track('b');
      await client.flush();
      await sleep(60);
      await client.flush();
      expect(server.requests).toHaveLength(1);
      expect(issues).toEqual([{ kind: 'refused', status, code, message: `${code} (fake)`, count: 2 }]);
      expect(client.stats()).toMatchObject({ queued: 0, sent: 0, rejected: 2 });
      client.track('c');
      expect(await client.flush()).toEqual({ sent: 1, remaining: 0 });
    },
  );

  it.each([
    [401, 'KEY_REVOKED'],
    [403, 'FORBIDDEN'],
    [415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('stops sending after a %i (%s), keeping the queue for a later start', async (status, code) => {
    const server = new FakeIngestion();
    server.script.push(problem(status, code));
    const storage = memoryStorage();
    const { client, issues } = make(server, { storage, autoSession: false, flushIntervalMs: 20 });
    client.track('a');
    await client.flush();
    client.track('b');
    await client.flush();
    await sleep(80);
    expect(server.requests).toHaveLength(1);
    expect(issues).toEqual([{ kind: 'halted', status, code, message: `${code} (fake)`, queued: 1 }]);
    expect(client.stats()).toMatchObject({ queued: 2, sent: 0, rejected: 0, halted: true });
    await client.shutdown(100);
    // The next start (a fixed key, say) sends what was kept.
    const next = new FakeIngestion();
    const { client: again } = make(next, { storage, autoSession: false });
    await again.flush();
    expect(next.events.map((e) => (e as { name: string }).name)).toEqual(['a', 'b']);
  });

  it('reports events the server rejected, by event id, and does not send them again', async () => {
    const server = new FakeIngestion();
    server.fallback = (events) => ({
      status: 202,
      body: {
        accepted: events.length - 1,
        rejected: [{ index: 1, code: 'EVENT_TIMESTAMP_OUT_OF_RANGE', message: 'too old' }],
      },
    });
    const { client, issues } = make(server, { autoSession: false });
    client.track('ok');
    const bad = client.track('late');
    await client.flush();
    await client.flush();
    expect(server.requests).toHaveLength(1);
    expect(issues).toEqual([
      {
        kind: 'rejected',
        events: [{ eventId: bad, code: 'EVENT_TIMESTAMP_OUT_OF_RANGE', message: 'too old' }],
      },
    ]);
    expect(client.stats()).toMatchObject({ sent: 1, rejected: 1 });
  });

  it('halves the batch after a 413 until it fits', async () => {
    const server = new FakeIngestion();
    server.fallback = (events) =>
      events.length > 10
        ? problem(413, 'PAYLOAD_TOO_LARGE')
        : { status: 202, body: { accepted: events.length, rejected: [] } };
    const { client } = make(server, { autoSession: false, batchSize: 40 });
    for (let i = 0; i < 40; i++) client.track(`n:${i}`);
    await client.flush();
    expect(server.requests.map((r) => r.events.length)).toEqual([40, 20, 10, 10, 10, 10]);
    expect(client.stats()).toMatchObject({ queued: 0, sent: 40, rejected: 0 });
  });

  it('holds at most maxQueueSize events while offline, dropping the oldest and counting them', async () => {
    const server = new FakeIngestion();
    server.fallback = 'network-error';
    const { client, issues } = make(server, { autoSession: false, maxQueueSize: 10, batchSize: 500 });
    for (let i = 0; i < 25; i++) client.track(`n:${i}`);
    expect(client.stats()).toMatchObject({ queued: 10, dropped: 15 });
    expect(issues.filter((i) => i.kind === 'dropped')).toHaveLength(15);
    server.fallback = (events) => ({ status: 202, body: { accepted: events.length, rejected: [] } });
    await client.flush();
    expect(server.requests.at(-1)!.events.map((e) => (e as { name: string }).name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `n:${i + 15}`),
    );
  });

  it('keeps the queue in storage: events tracked offline are sent by the next run, with the same player id', async () => {
    const storage = memoryStorage();
    const offline = new FakeIngestion();
    offline.fallback = 'network-error';
    const { client: first } = make(offline, { storage, autoSession: false });
    const ids = [first.track('a'), first.track('b'), first.track('c')];
    const left = await first.shutdown(200);
    expect(left.remaining).toBe(3);

    const online = new FakeIngestion();
    const { client: second } = make(online, { storage, autoSession: false });
    expect(second.playerId).toBe(first.playerId);
    await second.flush();
    expect(online.events.map((e) => e.eventId)).toEqual(ids);
    await sleep(5);
    expect(JSON.parse(storage.load()!)).toMatchObject({ events: [] });
  });

  it('reports a storage that fails and keeps working from memory', async () => {
    const broken: TelemetryStorage = {
      load: () => null,
      save: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const server = new FakeIngestion();
    const { client, issues } = make(server, { storage: broken, autoSession: false });
    client.track('a');
    await client.flush();
    expect(server.events).toHaveLength(1);
    expect(issues.some((i) => i.kind === 'storage')).toBe(true);
  });

  it('gzips bodies of 1 KiB and more', async () => {
    const server = new FakeIngestion();
    const { client } = make(server, { autoSession: false });
    for (let i = 0; i < 20; i++) client.track(`n:${i}`, i, { note: 'x'.repeat(50) });
    await client.flush();
    expect(server.requests[0]!.gzip).toBe(true);
    expect(server.requests[0]!.headers['content-encoding']).toBe('gzip');
    expect(server.events).toHaveLength(20);
  });

  it('ignores events after shutdown, which ends the session and flushes', async () => {
    const server = new FakeIngestion();
    const { client } = make(server);
    client.startSession();
    client.track('a');
    expect(await client.shutdown()).toEqual({ sent: 3, remaining: 0 });
    expect(server.events.map((e) => e.type)).toEqual(['session_start', 'design', 'session_end']);
    expect(client.track('late')).toBeUndefined();
  });
});

describe('fileStorage', () => {
  it('round-trips through a file, replaced atomically', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gt-sdk-'));
    try {
      const file = path.join(dir, 'nested', 'queue.json');
      const s = fileStorage(file);
      expect(s.load()).toBeNull();
      await s.save('{"v":1,"events":[]}');
      expect(readFileSync(file, 'utf8')).toBe('{"v":1,"events":[]}');
      expect(fileStorage(file).load()).toBe('{"v":1,"events":[]}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
