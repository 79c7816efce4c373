import { FakeIngestion, problem } from '../test/fake-server';
import { TelemetryClient } from './client';
import type { TelemetryEvent, TelemetryOptions } from './types';

const KEY = 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ';
const START = Date.parse('2026-11-24T10:00:00.000Z');
const iso = (ms: number) => new Date(START + ms).toISOString();
const clients: TelemetryClient[] = [];

function manualClock(): (() => number) & { advance(ms: number): void } {
  let now = START;
  return Object.assign(() => now, { advance: (ms: number) => void (now += ms) });
}

function make(options: Partial<TelemetryOptions> = {}) {
  const server = new FakeIngestion();
  const clock = manualClock();
  const client = new TelemetryClient({
    apiKey: KEY,
    endpoint: 'http://ingest.test',
    storage: 'memory',
    fetch: server.fetch as typeof fetch,
    flushIntervalMs: 600_000,
    now: clock,
    random: () => 0.5,
    log: () => undefined,
    ...options,
  });
  clients.push(client);
  return { client, server, clock };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown(100)));
  delete (globalThis as { window?: unknown }).window;
});

const settle = () => new Promise((r) => setTimeout(r, 20));
const summary = (events: TelemetryEvent[]) =>
  events.map((e) => ({
    type: e.type,
    sessionId: e.sessionId,
    timestamp: e.timestamp,
    ...('durationSeconds' in e ? { durationSeconds: e.durationSeconds } : {}),
  }));

describe('pause and resume', () => {
  it('pause stops the session clock and sends the queue; a short pause keeps the session', async () => {
    const { client, server, clock } = make();
    const session = client.startSession();
    clock.advance(20_000);
    client.pause();
    expect(client.paused).toBe(true);
    await settle();
    // Sent at the pause, without flush() and long before flushIntervalMs.
    expect(server.events.map((e) => e.type)).toEqual(['session_start']);
    clock.advance(59_999);
    client.resume();
    expect(client.paused).toBe(false);
    expect(client.sessionId).toBe(session);
    clock.advance(10_000);
    client.endSession();
    await client.flush();
    // 20 s before the pause + 10 s after it; the 60 s away do not count.
    expect(summary(server.events.slice(1))).toEqual([
      { type: 'session_end', sessionId: session, timestamp: iso(89_999), durationSeconds: 30 },
    ]);
  });

  it('a resume after sessionTimeoutMs ends the session as of the pause and starts a new one', async () => {
    const { client, server, clock } = make({ sessionTimeoutMs: 5000 });
    const first = client.startSession();
    clock.advance(12_345);
    client.pause();
    clock.advance(5000);
    client.resume();
    const second = client.sessionId;
    expect(second).not.toBe(first);
    expect(client.paused).toBe(false);
    client.track('Back:Again');
    await client.flush();
    expect(summary(server.events)).toEqual([
      { type: 'session_start', sessionId: first, timestamp: iso(0) },
      { type: 'session_end', sessionId: first, timestamp: iso(12_345), durationSeconds: 12 },
      { type: 'session_start', sessionId: second, timestamp: iso(17_345) },
      { type: 'design', sessionId: second, timestamp: iso(17_345) },
    ]);
  });

  it('ends a paused session as of the pause, on endSession, startSession and shutdown alike', async () => {
    const { client, server, clock } = make();
    const a = client.startSession();
    clock.advance(4000);
    client.pause();
    clock.advance(30_000);
    client.endSession();
    const b = client.startSession();
    clock.advance(2000);
    client.pause();
    clock.advance(1000);
    const c = client.startSession();
    expect(client.paused).toBe(false);
    clock.advance(7000);
    client.pause();
    clock.advance(1000);
    await client.shutdown();
    expect(summary(server.events)).toEqual([
      { type: 'session_start', sessionId: a, timestamp: iso(0) },
      { type: 'session_end', sessionId: a, timestamp: iso(4000), durationSeconds: 4 },
      { type: 'session_start', sessionId: b, timestamp: iso(34_000) },
      { type: 'session_end', sessionId: b, timestamp: iso(36_000), durationSeconds: 2 },
      { type: 'session_start', sessionId: c, timestamp: iso(37_000) },
      { type: 'session_end', sessionId: c, timestamp: iso(44_000), durationSeconds: 7 },
    ]);
  });

  it('events tracked while paused join the paused session, which stays paused; pause twice counts once', async () => {
    const { client, server, clock } = make();
    const session = client.startSession();
    clock.advance(1000);
    client.pause();
    clock.advance(1000);
    client.pause(); // does not move the moment of the pause
    client.track('Background:Sync');
    expect(client.paused).toBe(true);
    clock.advance(58_000);
    client.resume(); // 59 s after the first pause: within the 60 s default
    expect(client.sessionId).toBe(session);
    clock.advance(1000);
    client.endSession();
    await client.flush();
    expect(summary(server.events).slice(1)).toEqual([
      { type: 'design', sessionId: session, timestamp: iso(2000) },
      { type: 'session_end', sessionId: session, timestamp: iso(61_000), durationSeconds: 2 },
    ]);
  });

  it('outside a session, pause only sends and resume does nothing', async () => {
    const { client, server } = make({ autoSession: false });
    client.track('No:Session');
    client.resume();
    client.pause();
    expect(client.paused).toBe(false);
    await settle();
    expect(server.events.map((e) => e.type)).toEqual(['design']);
    expect(client.sessionId).toBeUndefined();
  });

  it('pause does not cut a retry wait short', async () => {
    const { client, server, clock } = make();
    server.script.push(problem(503, 'KAFKA_UNAVAILABLE', { 'retry-after': '30' }));
    client.startSession();
    await client.flush();
    clock.advance(10_000);
    client.pause();
    await settle();
    expect(server.requests).toHaveLength(1);
  });
});

/** A window and document as the client sees them: listeners by type, a visibility state. */
function fakeBrowser() {
  const listeners = new Map<string, Set<() => void>>();
  const win = {
    document: { visibilityState: 'visible' },
    addEventListener: (type: string, l: () => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(l);
    },
    removeEventListener: (type: string, l: () => void) => void listeners.get(type)?.delete(l),
    fire(type: string) {
      for (const l of listeners.get(type) ?? []) l();
    },
    /** The browser's order: visibilitychange on hiding; on unload pagehide comes first. */
    hide() {
      win.document.visibilityState = 'hidden';
      win.fire('visibilitychange');
    },
    show() {
      win.document.visibilityState = 'visible';
      win.fire('visibilitychange');
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
  (globalThis as { window?: unknown }).window = win;
  return win;
}

describe('in a browser (autoPause)', () => {
  it('pauses when the page is hidden, sending the queue as a keepalive request, and resumes when shown', async () => {
    const page = fakeBrowser();
    const { client, server, clock } = make();
    const session = client.startSession();
    client.track('Menu:Open');
    clock.advance(5000);
    page.hide();
    expect(client.paused).toBe(true);
    await settle();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ keepalive: true });
    clock.advance(10_000);
    page.show();
    expect(client.paused).toBe(false);
    expect(client.sessionId).toBe(session);
    clock.advance(5000);
    page.hide();
    clock.advance(60_000);
    page.show();
    expect(client.sessionId).not.toBe(session);
    await client.flush();
    expect(summary(server.events).slice(2)).toEqual([
      { type: 'session_end', sessionId: session, timestamp: iso(20_000), durationSeconds: 10 },
      { type: 'session_start', sessionId: client.sessionId, timestamp: iso(80_000) },
    ]);
  });

  it('pauses on pagehide even while the page still reads visible (leaving by navigation)', async () => {
    const page = fakeBrowser();
    const { client, server } = make();
    client.startSession();
    page.fire('pagehide');
    expect(client.paused).toBe(true);
    await settle();
    expect(server.requests[0]).toMatchObject({ keepalive: true });
    // Back from the back/forward cache.
    page.fire('pageshow');
    expect(client.paused).toBe(false);
  });

  it('with autoPause: false, hiding still saves and sends, but the session runs on', async () => {
    const page = fakeBrowser();
    const { client, server, clock } = make({ autoPause: false });
    client.startSession();
    page.hide();
    expect(client.paused).toBe(false);
    await settle();
    expect(server.requests[0]).toMatchObject({ keepalive: true });
    clock.advance(120_000);
    page.show();
    client.endSession();
    await client.flush();
    expect(server.events.at(-1)).toMatchObject({ type: 'session_end', durationSeconds: 120 });
  });

  it('lets go of the page on shutdown', async () => {
    const page = fakeBrowser();
    const { client } = make();
    expect(page.listenerCount()).toBe(4);
    await client.shutdown();
    expect(page.listenerCount()).toBe(0);
  });
});
