// The query API's contract at its edges: credential, validation (400 with a stable code and the
// field), games without events (zeros), and fresh events (recent raw tail, online now).
import { makeEvent } from '@gt/contracts';
import { createMetricsClient, MetricsRequestError } from '@gt/metrics-client';
import { waitFor } from '@gt/testing';
import { envelopeFor, MetricsStack, newGameId, qs, TOKEN, type MetricsApp } from './harness';

const stack = new MetricsStack('api');
let app: MetricsApp;
const game = newGameId();
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  await stack.setUp();
  app = await stack.start();
  // Fresh events: two players active in the last minutes, one an hour ago.
  await stack.produce([
    envelopeFor(game, makeEvent('session_start', { playerId: 'a', timestamp: iso(now - 60_000) })),
    envelopeFor(game, makeEvent('design', { playerId: 'b', name: 'Fresh', timestamp: iso(now - 30_000) })),
    envelopeFor(game, makeEvent('design', { playerId: 'c', name: 'Fresh', timestamp: iso(now - 3_600_000) })),
  ]);
  await app.drained(3);
});

afterAll(async () => {
  await stack.tearDown();
});

describe('access', () => {
  it('refuses calls without the service credential', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const r = await app.get<{ code: string }>(`/v1/games/${game}/summary`, token);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('SERVICE_CREDENTIAL_REQUIRED');
    }
  });

  it('answers zeros, not 404, for a game without any event (a new game: an empty dashboard)', async () => {
    const fresh = newGameId();
    // Three days of whole hours: 72 hourly buckets.
    const hour = Math.floor(now / 3_600_000) * 3_600_000;
    const range = { from: iso(hour - 72 * 3_600_000), to: iso(hour) };
    const answers: Record<string, Record<string, unknown>> = {};
    for (const series of [
      'events',
      'top-events',
      'active-players',
      'online-now',
      'new-players',
      'sessions',
      'progression',
      'revenue',
      'errors',
      'summary',
    ]) {
      const r = await app.get<Record<string, unknown>>(`/v1/games/${fresh}/${series}${qs(range)}`);
      expect([series, r.status]).toEqual([series, 200]);
      answers[series] = r.body;
    }
    const zeros = (points: unknown) =>
      (points as { count?: number; players?: number }[]).every((p) => (p.count ?? p.players) === 0);
    // Every type, every bucket, zero-filled: the chart shows a flat line, not an error.
    const events = answers.events as {
      total: number;
      series: { key: string; total: number; points: unknown[] }[];
    };
    expect(events.total).toBe(0);
    expect(events.series.map((s) => s.key)).toEqual([
      'session_start',
      'session_end',
      'design',
      'progression',
      'purchase',
      'error',
    ]);
    expect(events.series.every((s) => s.total === 0 && s.points.length === 72 && zeros(s.points))).toBe(true);
    expect(answers['top-events']).toMatchObject({ gameId: fresh, items: [] });
    expect(zeros((answers['active-players'] as { points: unknown[] }).points)).toBe(true);
    expect(answers['online-now']).toMatchObject({ gameId: fresh, players: 0 });
    expect(answers['new-players']).toMatchObject({ total: 0 });
    expect(answers.sessions).toMatchObject({ total: 0, averageSeconds: null });
    expect(answers.progression).toMatchObject({ levels: [] });
    expect(answers.revenue).toMatchObject({ currencies: [] });
    expect(answers.errors).toMatchObject({ total: 0 });
    const zero = {
      events: 0,
      activePlayers: 0,
      newPlayers: 0,
      sessions: 0,
      averageSessionSeconds: null,
      revenue: [],
      errors: 0,
    };
    expect(answers.summary).toMatchObject({ onlineNow: 0, totalPlayers: 0, today: zero, range: zero });
  });
});

describe('validation', () => {
  const bad = async (query: Record<string, string | number>, series = 'events') => {
    const r = await app.get<{ code: string; errors?: { field: string }[]; detail: string }>(
      `/v1/games/${game}/${series}${qs(query)}`,
    );
    expect(r.status).toBe(400);
    return r.body;
  };

  it('refuses a game id that is not a UUID', async () => {
    const r = await app.get<{ code: string; errors: { field: string }[] }>('/v1/games/not-a-game/events');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors[0]!.field).toBe('gameId');
  });

  it('refuses a range that ends before it starts, or is not a date-time with a zone', async () => {
    expect(await bad({ from: iso(now), to: iso(now - 1000) })).toMatchObject({
      code: 'INVALID_RANGE',
      errors: [{ field: 'to' }],
    });
    expect(await bad({ from: iso(now), to: iso(now) })).toMatchObject({ code: 'INVALID_RANGE' });
    expect(await bad({ from: 'yesterday' })).toMatchObject({
      code: 'INVALID_RANGE',
      errors: [{ field: 'from' }],
    });
    expect(await bad({ to: '2026-11-24T10:00:00' })).toMatchObject({
      code: 'INVALID_RANGE',
      errors: [{ field: 'to' }],
    });
  });

  it('refuses an unknown bucket size, time zone or parameter', async () => {
    expect(await bad({ bucket: '2h' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'bucket' }],
    });
    expect(await bad({ tz: 'Mars/Olympus' })).toMatchObject({
      code: 'INVALID_TIMEZONE',
      errors: [{ field: 'tz' }],
    });
    expect(await bad({ by: 'player' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad({ limit: 0 }, 'top-events')).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'limit' }],
    });
    expect(await bad({ colour: 'red' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'colour' }],
    });
  });

  it('refuses too many buckets in one answer', async () => {
    // 2 days of minutes: 2 880 buckets, over the limit of 1 500.
    const body = await bad({ bucket: '1m', from: iso(now - 2 * 86_400_000), to: iso(now) });
    expect(body).toMatchObject({ code: 'TOO_MANY_BUCKETS', errors: [{ field: 'bucket' }] });
    expect(body.detail).toMatch(/more than 1500 buckets of 1m/);
    // A day of minutes fits.
    const ok = await app.get(
      `/v1/games/${game}/events${qs({ bucket: '1m', from: iso(now - 86_400_000), to: iso(now) })}`,
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a range older than the data kept for the bucket size', async () => {
    // 5-minute buckets come from raw events, kept 35 days.
    const from = iso(now - 40 * 86_400_000);
    const body = await bad({ bucket: '5m', from, to: iso(now - 39.5 * 86_400_000) });
    expect(body).toMatchObject({ code: 'RANGE_NOT_AVAILABLE', errors: [{ field: 'from' }] });
    expect(body.detail).toMatch(/kept 35 days/);
    // Daily buckets in UTC come from daily rollups, kept forever: the same range is fine.
    const ok = await app.get(`/v1/games/${game}/events${qs({ bucket: '1d', from, to: iso(now) })}`);
    expect(ok.status).toBe(200);
  });
});

describe('fresh events', () => {
  it('shows events of the last minutes (raw tail) and who is online now', async () => {
    const online = await app.ok<{ players: number; windowSeconds: number }>(`/v1/games/${game}/online-now`);
    expect(online).toMatchObject({ players: 2, windowSeconds: 300 }); // a and b; c was an hour ago
    const r = await app.ok<{ total: number }>(
      `/v1/games/${game}/events${qs({ bucket: '1h', from: iso(now - 2 * 3_600_000), to: iso(now + 60_000) })}`,
    );
    expect(r.total).toBe(3);
    const today = await app.ok<{ onlineNow: number; totalPlayers: number }>(`/v1/games/${game}/summary`);
    expect(today).toMatchObject({ onlineNow: 2, totalPlayers: 3 });
  });

  it('counts a new event within a second of its production', async () => {
    const before = await app.ok<{ total: number }>(
      `/v1/games/${game}/events${qs({ bucket: '1m', from: iso(now - 3_600_000) })}`,
    );
    const sent = Date.now();
    await stack.produce([
      envelopeFor(game, makeEvent('design', { playerId: 'd', name: 'Fresh', timestamp: iso(sent) })),
    ]);
    await waitFor(
      async () =>
        (
          await app.ok<{ total: number }>(
            `/v1/games/${game}/events${qs({ bucket: '1m', from: iso(now - 3_600_000) })}`,
          )
        ).total ===
        before.total + 1,
      { timeoutMs: 5000, intervalMs: 20, message: 'the new event' },
    );
    expect(Date.now() - sent).toBeLessThan(1500);
  });
});

describe('the typed client (libs/metrics-client) against the running service', () => {
  it('returns typed answers and throws typed errors', async () => {
    const client = createMetricsClient({ baseUrl: app.base, serviceToken: TOKEN });
    const summary = await client.summary(game, { tz: 'Europe/Paris' });
    expect(summary.tz).toBe('Europe/Paris');
    expect(summary.totalPlayers).toBeGreaterThanOrEqual(3);
    const events = await client.events(game, { bucket: '1h', by: 'name', from: iso(now - 2 * 3_600_000) });
    expect(events.series[0]!.key).toBe('Fresh');
    await expect(client.onlineNow(newGameId())).resolves.toMatchObject({ players: 0 });
    await expect(client.sessions(game, { tz: 'Nowhere/Land' })).rejects.toMatchObject({
      constructor: MetricsRequestError,
      code: 'INVALID_TIMEZONE',
      status: 400,
    });
  });
});
