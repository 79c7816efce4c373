// POST /v1/events against the real core (child process, own database) and real Kafka (a topic of
// this file's own), plus the SDK and the simulator as clients. Faults (core or Kafka down) are in
// faults.int-spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateApiKey } from '@gt/api-keys';
import { makeEvent } from '@gt/contracts';
import { fileStorage, TelemetryClient, type TelemetryIssue } from '@gt/sdk-js';
import { waitFor } from '@gt/testing';
import type { ProvisionedKey } from '../../../tools/demo/core-api';
import { Simulation } from '../../../tools/simulator/src/simulation';
import {
  CoreProcess,
  freePort,
  postEvents,
  startIngestion,
  TopicRecorder,
  type RunningIngestion,
} from './stack';

const KEY_TTL_SECONDS = 2;
let core: CoreProcess;
let topic: TopicRecorder;
let ingestion: RunningIngestion;
let game: ProvisionedKey;

beforeAll(async () => {
  [core, topic] = await Promise.all([CoreProcess.start(), TopicRecorder.create('ingestion_it')]);
  ingestion = await startIngestion({
    CORE_URL: core.url,
    KAFKA_TOPIC: topic.topic,
    KEY_CACHE_TTL_SECONDS: String(KEY_TTL_SECONDS),
    KEY_NEGATIVE_CACHE_TTL_SECONDS: '1',
  });
  game = await core.provisioning.provision('Ingestion IT', 'web');
}, 90_000);

afterAll(async () => {
  await ingestion?.close();
  await Promise.all([topic?.close(), core?.close()]);
});

describe('POST /v1/events with the real core and Kafka', () => {
  it('publishes one record per event: the envelope carries the key\u2019s studio, game, client and platform; the record key keeps a player\u2019s order', async () => {
    const events = [
      makeEvent('session_start', { playerId: 'alice', sessionId: 's-a' }),
      makeEvent('design', { playerId: 'bob', sessionId: 's-b' }),
      makeEvent('progression', { playerId: 'alice', sessionId: 's-a' }),
      makeEvent('purchase', { playerId: 'alice', sessionId: 's-a' }),
    ];
    const before = Date.now();
    const res = await postEvents(ingestion.url, game.key, { events });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 4, rejected: [] });

    const records = await topic.waitForIds(events.map((e) => e.eventId));
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r.envelope).toMatchObject({
        v: 1,
        studioId: game.studioId,
        gameId: game.gameId,
        gameClientId: game.gameClientId,
        platform: 'web',
      });
      expect(Date.parse(r.envelope.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(r.key).toBe(`${game.gameId}:${r.envelope.event.playerId}`);
    }
    const alice = records.filter((r) => r.envelope.event.playerId === 'alice');
    expect(new Set(alice.map((r) => r.partition)).size).toBe(1);
    expect(alice.map((r) => r.envelope.event.eventId)).toEqual([
      events[0]!.eventId,
      events[2]!.eventId,
      events[3]!.eventId,
    ]);
  });

  it('in a mixed batch, publishes exactly the valid events and reports exactly the invalid ones', async () => {
    const valid = [makeEvent('session_start'), makeEvent('error'), makeEvent('session_end')];
    const invalid = [
      { ...makeEvent('purchase'), currency: 'euros' },
      { ...makeEvent('design'), name: '' },
      { ...makeEvent('progression'), timestamp: '2001-01-01T00:00:00Z' },
      { ...makeEvent('session_start'), extra: true },
    ];
    const res = await postEvents(ingestion.url, game.key, {
      events: [invalid[0], valid[0], invalid[1], valid[1], invalid[2], invalid[3], valid[2]],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected!.map((r) => [r.index, r.code])).toEqual([
      [0, 'EVENT_INVALID_FIELD'],
      [2, 'EVENT_INVALID_FIELD'],
      [4, 'EVENT_TIMESTAMP_OUT_OF_RANGE'],
      [5, 'EVENT_UNKNOWN_FIELD'],
    ]);
    await topic.waitForIds(valid.map((e) => e.eventId));
    await topic.expectNone(invalid.map((e) => e.eventId));
  });

  it('accepts a gzip-encoded batch', async () => {
    const events = [makeEvent('design'), makeEvent('design')];
    const res = await postEvents(ingestion.url, game.key, gzipSync(JSON.stringify({ events })), {
      'content-encoding': 'gzip',
    });
    expect(res).toMatchObject({ status: 202, body: { accepted: 2 } });
    await topic.waitForIds(events.map((e) => e.eventId));
  });

  describe('refusals: each with its status and code, none publishing anything', () => {
    const refusedIds: string[] = [];
    const one = () => {
      const e = makeEvent('session_start');
      refusedIds.push(e.eventId);
      return { events: [e] };
    };
    const mistype = (k: string) => k.slice(0, -1) + (k.endsWith('A') ? 'B' : 'A');

    it.each([
      ['no key', 401, 'KEY_MISSING', () => postEvents(ingestion.url, undefined, one())],
      ['a malformed key', 401, 'KEY_MALFORMED', () => postEvents(ingestion.url, 'let-me-in', one())],
      [
        'a key with a bad checksum',
        401,
        'KEY_BAD_CHECKSUM',
        () => postEvents(ingestion.url, mistype(game.key), one()),
      ],
      [
        'a key core does not know',
        401,
        'KEY_UNKNOWN',
        () => postEvents(ingestion.url, generateApiKey(), one()),
      ],
      [
        'another content type',
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        () => postEvents(ingestion.url, game.key, JSON.stringify(one()), { 'content-type': 'text/plain' }),
      ],
      ['malformed JSON', 400, 'MALFORMED_JSON', () => postEvents(ingestion.url, game.key, '{"events": [}')],
      [
        'a body over 1 MiB',
        413,
        'PAYLOAD_TOO_LARGE',
        () => postEvents(ingestion.url, game.key, { ...one(), padding: 'x'.repeat(1024 * 1024) }),
      ],
      [
        'more than 500 events',
        413,
        'TOO_MANY_EVENTS',
        () =>
          postEvents(ingestion.url, game.key, { events: Array.from({ length: 501 }, () => one().events[0]) }),
      ],
    ] as const)('%s: %i %s', async (_what, status, code, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
    });

    it('published none of the refused events', async () => {
      await topic.expectNone(refusedIds);
    });
  });

  it('answers 429 RATE_LIMITED with Retry-After beyond the per-key limit, publishing nothing of the refused request', async () => {
    const limited = await startIngestion({
      CORE_URL: core.url,
      KAFKA_TOPIC: topic.topic,
      RATE_LIMIT_EVENTS_PER_SECOND: '1',
      RATE_LIMIT_BURST: '5',
      MAX_EVENTS_PER_REQUEST: '5',
    });
    try {
      const first = Array.from({ length: 5 }, () => makeEvent('design'));
      expect((await postEvents(limited.url, game.key, { events: first })).status).toBe(202);
      const refused = makeEvent('design');
      const res = await postEvents(limited.url, game.key, { events: [refused] });
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await topic.waitForIds(first.map((e) => e.eventId));
      await topic.expectNone([refused.eventId]);
    } finally {
      await limited.close();
    }
  });

  it(`refuses a revoked key (401 KEY_REVOKED) once the key cache lifetime (${KEY_TTL_SECONDS} s here) has passed`, async () => {
    const k = await core.provisioning.newKey(
      core.provisioning.as(game.userId),
      game.studioId,
      game.gameId,
      game.gameClientId,
      'to be revoked',
    );
    expect((await postEvents(ingestion.url, k.key, { events: [makeEvent('design')] })).status).toBe(202);
    await core.provisioning.revoke({ ...game, keyId: k.keyId });
    const revokedAt = Date.now();
    const refused = await waitFor(
      async () => {
        const r = await postEvents(ingestion.url, k.key, { events: [makeEvent('design')] });
        return r.status === 401 ? r : undefined;
      },
      { timeoutMs: (KEY_TTL_SECONDS + 3) * 1000, intervalMs: 200, message: 'the revoked key to be refused' },
    );
    expect(refused.body.code).toBe('KEY_REVOKED');
    // The documented bound: a revoked key works at most KEY_CACHE_TTL_SECONDS longer.
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(KEY_TTL_SECONDS * 1000 + 1000);
  });

  it('serves health, Prometheus metrics and its OpenAPI document', async () => {
    expect((await fetch(`${ingestion.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${ingestion.url}/metrics`)).text();
    expect(metrics).toMatch(/^ingestion_events_accepted_total [1-9]\d*/m);
    expect(metrics).toMatch(/^ingestion_events_rejected_total\{code="EVENT_UNKNOWN_FIELD"\} 1/m);
    expect(metrics).toMatch(/^ingestion_kafka_produce_duration_seconds_count\{outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^ingestion_key_cache_hit_ratio 0\.\d+/m);
    const doc = (await (await fetch(`${ingestion.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/v1/events');
    expect((await fetch(`${ingestion.url}/docs`)).status).toBe(200);
  });
});

describe('clients: the simulator and the SDK through the real service', () => {
  it('simulator traffic reaches the topic through the service', async () => {
    const sim = new Simulation({
      endpoint: ingestion.url,
      apiKey: game.key,
      players: 5,
      eventsPerSecond: 50,
      playerPrefix: `sim-${Date.now().toString(36)}`,
      seed: 4,
    });
    sim.stepAll(20);
    const totals = await sim.stop();
    expect(totals).toMatchObject({ queued: 0, rejected: 0, dropped: 0 });
    expect(totals.sent).toBeGreaterThanOrEqual(100);
    await waitFor(
      () => topic.records.filter((r) => r.envelope.event.playerId.startsWith('sim-')).length >= totals.sent,
      {
        timeoutMs: 20_000,
        message: 'simulated events on the topic',
      },
    );
    const types = new Set(
      topic.records
        .filter((r) => r.envelope.event.playerId.startsWith('sim-'))
        .map((r) => r.envelope.event.type),
    );
    expect(types).toEqual(
      new Set(['session_start', 'session_end', 'design', 'progression', 'purchase', 'error']),
    );
  });

  it('SDK: events tracked offline (queue bounded, kept on disk across a restart) are delivered once each when the service is back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gt-sdk-it-'));
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const storage = fileStorage(path.join(dir, 'queue.json'));
    const issues: TelemetryIssue[] = [];
    let later: RunningIngestion | undefined;
    try {
      // Offline: nothing listens on the port yet.
      const offline = new TelemetryClient({
        apiKey: game.key,
        endpoint,
        storage,
        maxQueueSize: 20,
        // Larger than what is tracked: no send starts while tracking, so the bound drops exactly the oldest.
        batchSize: 50,
        playerId: 'offline-player',
        autoSession: false,
        retry: { initialDelayMs: 100, maxDelayMs: 300 },
        onIssue: (i) => issues.push(i),
      });
      const ids = Array.from({ length: 30 }, (_, i) => offline.track(`Offline:Event:${i}`, i)!);
      await offline.flush();
      expect(offline.stats()).toMatchObject({ queued: 20, dropped: 10, sent: 0 });
      expect(issues.some((i) => i.kind === 'retrying')).toBe(true);
      // The game quits while offline: the queue stays on disk.
      expect(await offline.shutdown(500)).toEqual({ sent: 0, remaining: 20 });

      // Back online: the service is up on the same address, the game starts again.
      later = await startIngestion({ CORE_URL: core.url, KAFKA_TOPIC: topic.topic }, port);
      const online = new TelemetryClient({
        apiKey: game.key,
        endpoint,
        storage,
        autoSession: false,
        flushIntervalMs: 100,
      });
      expect(online.playerId).toBe('offline-player');
      const more = [online.track('Online:Event', 1)!];
      await waitFor(() => online.stats().sent === 21, {
        timeoutMs: 15_000,
        message: 'the SDK to send its queue',
      });
      await online.shutdown();

      const kept = [...ids.slice(10), ...more];
      await topic.waitForIds(kept);
      await new Promise((r) => setTimeout(r, 1000));
      // Once per event id: nothing sent twice, and the 10 dropped by the queue bound never arrive.
      expect(kept.map((id) => topic.count(id))).toEqual(kept.map(() => 1));
      await topic.expectNone(ids.slice(0, 10), 0);
    } finally {
      await later?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SDK: a request the service refuses with 400 is not retried', async () => {
    let requests = 0;
    const issues: TelemetryIssue[] = [];
    const client = new TelemetryClient({
      apiKey: game.key,
      endpoint: ingestion.url,
      storage: 'memory',
      autoSession: false,
      compress: false,
      retry: { initialDelayMs: 50 },
      flushIntervalMs: 50,
      // A proxy that mangles bodies: the service answers 400 MALFORMED_JSON.
      fetch: ((input: string, init: RequestInit) => {
        requests++;
        return fetch(input, { ...init, body: String(init.body).slice(0, -2) });
      }) as typeof fetch,
      onIssue: (i) => issues.push(i),
    });
    const id = client.track('Never:Delivered')!;
    await client.flush();
    await new Promise((r) => setTimeout(r, 500));
    await client.shutdown();
    expect(requests).toBe(1);
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'refused', status: 400, code: 'MALFORMED_JSON', count: 1 }),
    ]);
    await topic.expectNone([id], 0);
  });

  it('SDK: a refused key (401) is not retried: the client stops sending and keeps its queue', async () => {
    let requests = 0;
    const issues: TelemetryIssue[] = [];
    const client = new TelemetryClient({
      apiKey: generateApiKey(),
      endpoint: ingestion.url,
      storage: 'memory',
      autoSession: false,
      retry: { initialDelayMs: 50 },
      flushIntervalMs: 50,
      fetch: ((input: string, init: RequestInit) => {
        requests++;
        return fetch(input, init);
      }) as typeof fetch,
      onIssue: (i) => issues.push(i),
    });
    const id = client.track('Never:Delivered')!;
    await client.flush();
    await new Promise((r) => setTimeout(r, 500));
    await client.shutdown();
    expect(requests).toBe(1);
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'halted', status: 401, code: 'KEY_UNKNOWN', queued: 1 }),
    ]);
    expect(client.stats()).toMatchObject({ halted: true, queued: 1 });
    await topic.expectNone([id], 0);
  });
});
