import { createHmac } from 'node:crypto';
import { FakeIngestion, problem, type SeenRequest } from '../test/fake-server';
import { TelemetryClient } from './client';
import type { TelemetryOptions } from './types';

const KEY = 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ';
const SECRET = 'gtsig_s3cret-é';
const START = Date.parse('2026-11-24T10:00:00.000Z');
const T0 = START / 1000;
const clients: TelemetryClient[] = [];

function make(options: Partial<TelemetryOptions> = {}) {
  const server = new FakeIngestion();
  let now = START;
  const client = new TelemetryClient({
    apiKey: KEY,
    endpoint: 'http://ingest.test',
    storage: 'memory',
    fetch: server.fetch as typeof fetch,
    flushIntervalMs: 600_000,
    autoSession: false,
    compress: false,
    signingSecret: SECRET,
    now: () => now,
    random: () => 0.5,
    ...options,
  });
  clients.push(client);
  return { client, server, advance: (ms: number) => void (now += ms) };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown(100)));
});

/** Checks X-Signature the way ingestion does (over the body it decoded) and returns its t. */
function signedAt(request: SeenRequest, secret = SECRET): number {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(request.headers['x-signature'] ?? '');
  expect(m).not.toBeNull();
  const expected = createHmac('sha256', secret)
    .update(`${m![1]}.`)
    .update(request.body, 'utf8')
    .digest('hex');
  expect(m![2]).toBe(expected);
  return Number(m![1]);
}

describe('request signature (X-Signature)', () => {
  it('is off without a signingSecret (and with an empty one)', async () => {
    for (const signingSecret of [undefined, '']) {
      const { client, server } = make(signingSecret === undefined ? { signingSecret } : { signingSecret });
      client.track('A');
      await client.flush();
      expect(server.requests[0]!.headers).not.toHaveProperty('x-signature');
    }
  });

  it('signs "<t>." + the exact body with the device time in whole seconds', async () => {
    const { client, server, advance } = make();
    advance(1999);
    client.track('Boss:Defeated', 1, { note: 'Défaité 😀 "quoted"' });
    await client.flush();
    expect(signedAt(server.requests[0]!)).toBe(T0 + 1);
  });

  it('signs the body before compression when gzip is on', async () => {
    const { client, server } = make({ compress: true });
    for (let i = 0; i < 20; i++) client.track(`n:${i}`, i, { note: 'x'.repeat(50) });
    await client.flush();
    expect(server.requests[0]!.gzip).toBe(true);
    expect(signedAt(server.requests[0]!)).toBe(T0);
  });

  it('signs every attempt at its own time, on the server clock learnt from Date', async () => {
    const { client, server, advance } = make();
    // The device is an hour and 5 s behind the server.
    server.script.push(
      problem(503, 'CORE_UNAVAILABLE', { 'retry-after': '1', date: 'Tue, 24 Nov 2026 11:00:05 GMT' }),
    );
    client.track('A');
    await client.flush();
    expect(signedAt(server.requests[0]!)).toBe(T0);
    advance(2000);
    // The retry; its answer says the server is now 62 s behind the device.
    server.script.push({
      status: 202,
      body: { accepted: 1, rejected: [] },
      headers: { date: 'Tue, 24 Nov 2026 09:59:00 GMT' },
    });
    await client.flush();
    expect(signedAt(server.requests[1]!)).toBe(T0 + 2 + 3605);
    advance(1000);
    // A network error teaches nothing, nor does a Date that cannot be read.
    server.script.push('network-error');
    client.track('B');
    await client.flush();
    expect(signedAt(server.requests[2]!)).toBe(T0 + 3 - 62);
    advance(1000);
    server.script.push({
      status: 202,
      body: { accepted: 1, rejected: [] },
      headers: { date: 'yesterday-ish' },
    });
    await client.flush();
    expect(signedAt(server.requests[3]!)).toBe(T0 + 4 - 62);
    client.track('C');
    await client.flush();
    expect(signedAt(server.requests[4]!)).toBe(T0 + 4 - 62);
  });

  it('answers a first SIGNATURE_EXPIRED with Date by sending the batch again at once, re-signed', async () => {
    const issues: unknown[] = [];
    const { client, server } = make({ onIssue: (i) => issues.push(i) });
    // The device clock is 10 minutes ahead of the server's.
    server.script.push(problem(401, 'SIGNATURE_EXPIRED', { date: 'Tue, 24 Nov 2026 09:50:00 GMT' }));
    client.track('A');
    const result = await client.flush();
    expect(server.requests.map((r) => signedAt(r))).toEqual([T0, T0 - 600]);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(result).toEqual({ sent: 1, remaining: 0 });
    expect(client.stats()).toMatchObject({ halted: false, consecutiveFailures: 0 });
    expect(issues).toEqual([]);
  });

  it('halts on a second SIGNATURE_EXPIRED in a row, and on one without Date', async () => {
    const date = { date: 'Tue, 24 Nov 2026 10:10:00 GMT' };
    for (const [firstHeaders, requests] of [
      [date, 2],
      [undefined, 1],
    ] as const) {
      const { client, server } = make();
      server.script.push(
        problem(401, 'SIGNATURE_EXPIRED', firstHeaders),
        problem(401, 'SIGNATURE_EXPIRED', date),
      );
      client.track('A');
      await client.flush();
      expect(client.stats()).toMatchObject({ halted: true, queued: 1 });
      expect(server.requests).toHaveLength(requests);
    }
  });

  it('halts at once on SIGNATURE_EXPIRED when the request was not signed', async () => {
    const { client, server } = make({ signingSecret: undefined });
    server.script.push(problem(401, 'SIGNATURE_EXPIRED', { date: 'Tue, 24 Nov 2026 10:10:00 GMT' }));
    client.track('A');
    await client.flush();
    expect(server.requests).toHaveLength(1);
    expect(client.stats().halted).toBe(true);
  });
});
