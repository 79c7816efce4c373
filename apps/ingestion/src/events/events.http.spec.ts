// POST /v1/events through the real HTTP wiring (body reader, CORS, problem details, metrics)
// with core and Kafka replaced by fakes. The same paths against the real core and Kafka are in
// test/ingestion.int-spec.ts.
import { gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { decodeEnvelope, makeEvent } from '@gt/contracts';
import { FakeKafka, FakeKeyDirectory, IDENTITY, startTestApp, testConfig } from '../../test/fakes';

let app: NestExpressApplication;
let url: string;
const directory = new FakeKeyDirectory();
const kafka = new FakeKafka();
const key = directory.activeKey();

beforeAll(async () => {
  Logger.overrideLogger(false);
  ({ app, url } = await startTestApp(
    testConfig({
      MAX_EVENTS_PER_REQUEST: '50',
      MAX_BODY_BYTES: '65536',
      RATE_LIMIT_EVENTS_PER_SECOND: '1',
      RATE_LIMIT_BURST: '200',
      CORS_ORIGINS: 'https://game.example',
      UNAVAILABLE_RETRY_AFTER_SECONDS: '4',
    }),
    { keyDirectory: directory, kafka },
  ));
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  kafka.down = false;
  kafka.sent.length = 0;
});

async function post(
  body: unknown,
  opts: { key?: string | null; headers?: Record<string, string>; raw?: Buffer | string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  const k = opts.key === undefined ? key : opts.key;
  if (k !== null) headers['x-api-key'] = k;
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers,
    body: opts.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

describe('POST /v1/events (HTTP wiring, fake core and Kafka)', () => {
  it('publishes the valid events of a mixed batch and reports the invalid ones by index', async () => {
    const good1 = makeEvent('session_start', { playerId: 'p1' });
    const good2 = makeEvent('design', { playerId: 'p2' });
    const res = await post({
      events: [
        good1,
        { ...makeEvent('design'), name: 42 },
        good2,
        'nope',
        { ...makeEvent('purchase'), currency: 'euro' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected).toEqual([
      { index: 1, code: 'EVENT_INVALID_FIELD', message: expect.stringContaining('name') },
      { index: 3, code: 'EVENT_NOT_OBJECT', message: expect.any(String) },
      { index: 4, code: 'EVENT_INVALID_FIELD', message: expect.stringContaining('currency') },
    ]);
    const records = kafka.records;
    expect(records).toHaveLength(2);
    const envelopes = records.map((r) => {
      const d = decodeEnvelope(r.value as Buffer);
      if (!d.ok) throw new Error(d.message);
      return d.envelope;
    });
    expect(envelopes.map((e) => e.event.eventId)).toEqual([good1.eventId, good2.eventId]);
    expect(envelopes[0]).toMatchObject({
      v: 1,
      studioId: IDENTITY.studioId,
      gameId: IDENTITY.gameId,
      gameClientId: IDENTITY.gameClientId,
      platform: 'web',
    });
    expect(records.map((r) => r.key)).toEqual([`${IDENTITY.gameId}:p1`, `${IDENTITY.gameId}:p2`]);
    expect(kafka.sent[0]!.topic).toBe('telemetry.events.v1');
  });

  it('accepts a gzip-encoded body', async () => {
    const event = makeEvent('progression');
    const res = await post(null, {
      raw: gzipSync(JSON.stringify({ events: [event] })),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, rejected: [] });
  });

  it.each([
    ['no key', 401, 'KEY_MISSING', { key: null }],
    ['a malformed key', 401, 'KEY_MALFORMED', { key: 'secret' }],
    [
      'a key with a bad checksum',
      401,
      'KEY_BAD_CHECKSUM',
      { key: key.slice(0, -1) + (key.endsWith('x') ? 'y' : 'x') },
    ],
    ['an unknown key', 401, 'KEY_UNKNOWN', { key: new FakeKeyDirectory().activeKey() }],
    ['text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'content-type': 'text/plain' } }],
    [
      'a latin-1 charset',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      { headers: { 'content-type': 'application/json; charset=latin1' } },
    ],
    ['brotli', 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'content-encoding': 'br' } }],
    ['malformed JSON', 400, 'MALFORMED_JSON', { raw: '{"events": [' }],
    ['an empty body', 400, 'MALFORMED_JSON', { raw: '' }],
    ['bad gzip', 400, 'MALFORMED_JSON', { raw: 'not gzip', headers: { 'content-encoding': 'gzip' } }],
    ['no events array', 400, 'VALIDATION_FAILED', { raw: '{"event": []}' }],
    [
      'a body over MAX_BODY_BYTES',
      413,
      'PAYLOAD_TOO_LARGE',
      { raw: JSON.stringify({ events: [], pad: 'x'.repeat(70_000) }) },
    ],
    [
      'more than MAX_EVENTS_PER_REQUEST events',
      413,
      'TOO_MANY_EVENTS',
      { raw: JSON.stringify({ events: Array.from({ length: 51 }, () => makeEvent('session_start')) }) },
    ],
  ] as const)('refuses %s: %i %s, publishing nothing', async (_name, status, code, opts) => {
    const res = await post({ events: [makeEvent('session_start')] }, opts);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status, code });
    expect(kafka.records).toHaveLength(0);
  });

  it('stops reading a chunked body (no Content-Length) once it passes MAX_BODY_BYTES', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a gzip bomb whose decompressed size exceeds MAX_BODY_BYTES', async () => {
    const bomb = gzipSync(JSON.stringify({ events: [], pad: ' '.repeat(5_000_000) }));
    expect(bomb.length).toBeLessThan(65_536);
    const res = await post(null, { raw: bomb, headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 503 KAFKA_UNAVAILABLE with Retry-After when the send fails, and reports nothing accepted', async () => {
    kafka.down = true;
    const res = await post({ events: [makeEvent('session_start')] });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('KAFKA_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toBe('4');
  });

  it('answers 503 CORE_UNAVAILABLE for an uncached key when core is down', async () => {
    const fresh = directory.activeKey();
    directory.down = true;
    try {
      const res = await post({ events: [makeEvent('session_start')] }, { key: fresh });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('CORE_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('4');
    } finally {
      directory.down = false;
    }
  });

  it('lets a listed web origin call it (CORS preflight and response headers)', async () => {
    const pre = await fetch(`${url}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://game.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://game.example');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-API-Key/i);
    // Error answers carry the headers too, so a browser game can read its 415.
    const res = await post({}, { headers: { origin: 'https://game.example', 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://game.example');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('exposes accepted and rejected counts, produce latency and the key-cache hit ratio at /metrics', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^ingestion_events_accepted_total \d+/m);
    expect(text).toMatch(/^ingestion_events_rejected_total\{code="EVENT_INVALID_FIELD"\} \d+/m);
    expect(text).toMatch(/^ingestion_kafka_produce_duration_seconds_bucket\{le="0.005",outcome="ok"\} \d+/m);
    expect(text).toMatch(/^ingestion_key_cache_hit_ratio 0\.\d+/m);
    expect(text).toMatch(/^ingestion_requests_total\{code="KEY_MISSING"\} 1/m);
  });

  // Last: it drains this key's bucket.
  it('answers 429 RATE_LIMITED with Retry-After once the key has used its burst', async () => {
    const batch = { events: Array.from({ length: 50 }, () => makeEvent('session_start')) };
    let res = await post(batch);
    for (let i = 0; i < 10 && res.status === 202; i++) res = await post(batch);
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
