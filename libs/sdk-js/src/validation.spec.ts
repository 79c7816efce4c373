import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_LIMITS, makeEvent, validateEvent, type TelemetryEvent } from '@gt/contracts';
import { FakeIngestion } from '../test/fake-server';
import { TelemetryClient } from './client';
import * as gt from './index';
import type { TelemetryIssue, TelemetryOptions } from './types';

const KEY = 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ';
const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const clients: TelemetryClient[] = [];

function make(options: Partial<TelemetryOptions> = {}) {
  const server = new FakeIngestion();
  const issues: TelemetryIssue[] = [];
  const logged: [string, string][] = [];
  const client = new TelemetryClient({
    apiKey: KEY,
    endpoint: 'http://ingest.test',
    storage: 'memory',
    fetch: server.fetch as typeof fetch,
    flushIntervalMs: 60_000,
    playerId: 'player-1',
    now: () => NOW,
    onIssue: (i) => issues.push(i),
    log: (level, message) => logged.push([level, message]),
    ...options,
  });
  clients.push(client);
  return { client, server, issues, logged };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown(100)));
});

/** What ingestion would say of this event, as it arrives (through JSON). */
const ingestion = (event: object) => validateEvent(JSON.parse(JSON.stringify(event)), new Date(NOW));
const at = { timestamp: new Date(NOW).toISOString() };
const big = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, '€'.repeat(256)]));

// Untyped arguments, as plain JavaScript (or a wrong cast) would pass them.
const loose = <T>(v: unknown) => v as T;

describe('what a game bundles', () => {
  it('is this library and three import-free contract modules: no ajv, no node: module, no package', () => {
    // Runtime imports (not `import type`) reachable from the entry point, resolved to files.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        expect({ file, spec }).toEqual({ file, spec: expect.stringMatching(/^\.\.?\//) });
        visit(path.resolve(path.dirname(file), `${spec}.ts`));
      }
    };
    visit(path.join(__dirname, 'index.ts'));
    const contracts = path.join(__dirname, '..', '..', 'contracts', 'src');
    const outside = [...seen].filter((f) => !f.startsWith(__dirname)).map((f) => path.relative(contracts, f));
    expect(outside.sort()).toEqual(['event.schema.ts', 'event.types.ts', 'limits.ts']);
  });
});

describe('calls ingestion would reject are refused at the call', () => {
  const cases: [string, (c: TelemetryClient) => string | undefined, object][] = [
    ['an empty design name', (c) => c.track(''), { ...makeEvent('design', at), name: '' }],
    [
      'an empty name part',
      (c) => c.track('Kill::Robot'),
      { ...makeEvent('design', at), name: 'Kill::Robot' },
    ],
    ['six name parts', (c) => c.track('A:B:C:D:E:F'), { ...makeEvent('design', at), name: 'A:B:C:D:E:F' }],
    ['a space in the name', (c) => c.track('has space'), { ...makeEvent('design', at), name: 'has space' }],
    [
      'a name over 128',
      (c) => c.track('x'.repeat(129)),
      { ...makeEvent('design', at), name: 'x'.repeat(129) },
    ],
    ['a name that is no string', (c) => c.track(loose(42)), { ...makeEvent('design', at), name: 42 }],
    ['a NaN value', (c) => c.track('A', NaN), { ...makeEvent('design', at), value: NaN }],
    ['an infinite value', (c) => c.track('A', Infinity), { ...makeEvent('design', at), value: Infinity }],
    ['a string value', (c) => c.track('A', loose('3')), { ...makeEvent('design', at), value: '3' }],
    [
      'an unknown status',
      (c) => c.progression(loose('won'), 'world-1'),
      { ...makeEvent('progression', at), status: 'won' },
    ],
    ['an empty level', (c) => c.progression('start', ''), { ...makeEvent('progression', at), level: '' }],
    [
      'a level over 64 code points',
      (c) => c.progression('start', '😀'.repeat(65)),
      { ...makeEvent('progression', at), level: '😀'.repeat(65) },
    ],
    [
      'an infinite score',
      (c) => c.progression('complete', 'w', { score: -Infinity }),
      { ...makeEvent('progression', at), score: -Infinity },
    ],
    [
      'attempt 0',
      (c) => c.progression('fail', 'w', { attempt: 0 }),
      { ...makeEvent('progression', at), attempt: 0 },
    ],
    [
      'attempt 1.5',
      (c) => c.progression('fail', 'w', { attempt: 1.5 }),
      { ...makeEvent('progression', at), attempt: 1.5 },
    ],
    [
      'a lowercase currency',
      (c) => c.purchase({ currency: 'eur', amount: 1, itemId: 'gem' }),
      { ...makeEvent('purchase', at), currency: 'eur' },
    ],
    [
      'a four-letter currency',
      (c) => c.purchase({ currency: 'EURO', amount: 1, itemId: 'gem' }),
      { ...makeEvent('purchase', at), currency: 'EURO' },
    ],
    [
      'a negative amount',
      (c) => c.purchase({ currency: 'EUR', amount: -1, itemId: 'gem' }),
      { ...makeEvent('purchase', at), amount: -1 },
    ],
    [
      'a fractional amount',
      (c) => c.purchase({ currency: 'EUR', amount: 4.99, itemId: 'gem' }),
      { ...makeEvent('purchase', at), amount: 4.99 },
    ],
    [
      'an amount past 2^53-1',
      (c) => c.purchase({ currency: 'EUR', amount: 2 ** 53, itemId: 'gem' }),
      { ...makeEvent('purchase', at), amount: 2 ** 53 },
    ],
    [
      'an empty itemId',
      (c) => c.purchase({ currency: 'EUR', amount: 1, itemId: '' }),
      { ...makeEvent('purchase', at), itemId: '' },
    ],
    [
      'an itemType over 64',
      (c) => c.purchase({ currency: 'EUR', amount: 1, itemId: 'gem', itemType: 't'.repeat(65) }),
      { ...makeEvent('purchase', at), itemType: 't'.repeat(65) },
    ],
    [
      'a transactionId over 128',
      (c) => c.purchase({ currency: 'EUR', amount: 1, itemId: 'gem', transactionId: 't'.repeat(129) }),
      { ...makeEvent('purchase', at), transactionId: 't'.repeat(129) },
    ],
    [
      'no purchase details',
      (c) => c.purchase(loose(undefined)),
      { ...makeEvent('purchase', at), currency: undefined },
    ],
    [
      'an unknown severity',
      (c) => c.error(loose('fatal'), 'boom'),
      { ...makeEvent('error', at), severity: 'fatal' },
    ],
    ['an empty message', (c) => c.error('error', ''), { ...makeEvent('error', at), message: '' }],
    [
      'an event over 16 KiB of JSON',
      (c) => c.track('Big', 1, big),
      { ...makeEvent('design', at), properties: big },
    ],
  ];

  it.each(cases)('%s: no event, no id, a warning; ingestion would say no too', async (_, act, raw) => {
    expect(ingestion(raw)).toMatchObject({ ok: false });
    const { client, server, issues, logged } = make();
    expect(act(client)).toBeUndefined();
    expect(client.sessionId).toBeUndefined(); // not even the session an event would have opened
    expect(client.stats().queued).toBe(0);
    expect(issues).toEqual([{ kind: 'invalid', call: expect.any(String), message: expect.any(String) }]);
    expect(logged).toEqual([['warn', expect.stringContaining('not recorded')]]);
    await client.flush();
    expect(server.requests).toHaveLength(0);
  });

  it('accepts everything up to the limits, and ingestion accepts what it makes', async () => {
    const { client, server, issues } = make();
    const ids = [
      client.track('a'.repeat(128)),
      client.track('A_1:b.2:c-3:D:e', -0.5),
      client.track('Null:Value', loose(null)),
      client.progression('start', '😀'.repeat(64), { score: -1e300, attempt: 1 }),
      client.progression('fail', 'w', { attempt: Number.MAX_SAFE_INTEGER, score: loose(null) }),
      client.purchase({ currency: 'JPY', amount: 0, itemId: 'i'.repeat(64), itemType: '' }),
      client.purchase({
        currency: 'EUR',
        amount: EVENT_LIMITS.purchaseMaxAmount,
        itemId: 'gem',
        itemType: 't'.repeat(64),
        transactionId: 't'.repeat(128),
      }),
      client.error('critical', `${'x'.repeat(8191)}😀😀`),
    ];
    expect(issues).toEqual([]);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    await client.flush();
    const events = server.events;
    expect(events).toHaveLength(9);
    for (const e of events) expect(ingestion(e)).toMatchObject({ ok: true });
    // null is "not given": the field is left out rather than sent as null.
    expect(events[3]).not.toHaveProperty('value');
    expect(events[5]).not.toHaveProperty('score');
    // A long message is cut to 8192 code points, never in the middle of a surrogate pair.
    expect((events[8] as { message: string }).message).toBe(`${'x'.repeat(8191)}😀`);
  });

  it('logs a repeated refusal once and reports every one', () => {
    const { client, issues, logged } = make();
    for (let i = 0; i < 3; i++) client.track('bad name');
    expect(issues).toHaveLength(3);
    expect(logged).toHaveLength(1);
    for (let i = 0; i < 150; i++) client.track(`bad name ${i}`);
    // 100 distinct warnings, then one line saying the rest are not logged.
    expect(logged).toHaveLength(101);
    expect(logged.at(-1)![1]).toMatch(/not logged/);
  });

  it('writes to the console by default, prefixed, and never lets a logger break the game', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const c = new TelemetryClient({
        apiKey: KEY,
        endpoint: 'http://x.test',
        storage: 'memory',
        fetch: jest.fn(),
      });
      clients.push(c);
      c.track('Kill::Robot');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[gt-sdk\] track: name "Kill::Robot"/));
    } finally {
      warn.mockRestore();
    }
    const { client } = make({
      log: () => {
        throw new Error('logger down');
      },
    });
    expect(() => client.track('Kill::Robot')).not.toThrow();
  });
});

describe('properties are cleaned, not refused', () => {
  it('drops bad keys and values, keeps the first 50 in order, cuts strings to 256 code points', async () => {
    const { client, server, issues, logged } = make();
    const properties: Record<string, unknown> = {
      '1bad': 'digit first',
      'has space': 'x',
      ['__proto__']: 'reserved',
      ['k'.repeat(65)]: 'too long',
      nested: { a: 1 },
      list: [1],
      nothing: null,
      nan: NaN,
      inf: -Infinity,
      left_out: undefined,
      long: '😀'.repeat(300),
      ok: true,
      'dots.and-dashes_1': -0.5,
    };
    for (let i = 0; i < 60; i++) properties[`p${i}`] = i;
    const id = client.track('Sanitize:Props', undefined, loose(properties));
    expect(id).toEqual(expect.any(String));
    await client.flush();
    const event = server.events[1] as TelemetryEvent & { properties: Record<string, unknown> };
    expect(ingestion(event)).toMatchObject({ ok: true });
    expect(Object.keys(event.properties)).toEqual([
      'long',
      'ok',
      'dots.and-dashes_1',
      ...Array.from({ length: 47 }, (_, i) => `p${i}`),
    ]);
    expect(event.properties.long).toBe('😀'.repeat(256));
    // Each drop is reported (undefined is left out silently, as JSON.stringify would).
    const cleaned = issues.filter((i) => i.kind === 'cleaned').map((i) => (i as { message: string }).message);
    expect(cleaned).toHaveLength(9 + 13);
    expect(cleaned.filter((m) => /at most 50/.test(m))).toHaveLength(13);
    expect(cleaned.some((m) => m.includes('"__proto__"'))).toBe(true);
    expect(logged.every(([level]) => level === 'warn')).toBe(true);
  });

  it('drops properties that are not an object, keeping the event', async () => {
    const { client, server, issues } = make();
    expect(client.progression('start', 'w', { properties: loose(['a']) })).toEqual(expect.any(String));
    expect(client.error('info', 'm', loose('flat'))).toEqual(expect.any(String));
    await client.flush();
    expect(server.events.slice(1).map((e) => 'properties' in e)).toEqual([false, false]);
    expect(issues.map((i) => i.kind)).toEqual(['cleaned', 'cleaned']);
  });
});

describe('options the client cannot start with', () => {
  const cases: [string, Partial<TelemetryOptions>, string][] = [
    ['an empty key', { apiKey: '' }, 'KEY_MALFORMED'],
    [
      'a test-environment key',
      { apiKey: 'gtk_test_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ' },
      'KEY_MALFORMED',
    ],
    ['a mistyped key', { apiKey: 'gtk_live_0123456789abcdefghijABCDEFGHIJ0l_4SlgzZ' }, 'KEY_BAD_CHECKSUM'],
    ['no key at all', { apiKey: loose(undefined) }, 'KEY_MALFORMED'],
    ['an endpoint without scheme', { endpoint: 'ingest.example.com' }, 'CONFIG_INVALID'],
    ['a non-http endpoint', { endpoint: 'ftp://ingest.example.com' }, 'CONFIG_INVALID'],
    ['an appVersion over 32', { appVersion: '1'.repeat(33) }, 'CONFIG_INVALID'],
    ['a playerId over 128', { playerId: 'p'.repeat(129) }, 'CONFIG_INVALID'],
    ['an sdk name over 32', { sdk: { name: 'n'.repeat(33), version: '1' } }, 'CONFIG_INVALID'],
  ];

  it.each(cases)(
    '%s: no throw; disabled, logged once as an error, and it never sends',
    async (_, bad, code) => {
      const storage = { load: jest.fn(() => null), save: jest.fn() };
      const { client, server, issues, logged } = make({ ...bad, storage });
      expect(client.enabled).toBe(false);
      expect(client.initError).toEqual({ code, message: expect.any(String) });
      expect(issues).toEqual([{ kind: 'disabled', code, message: client.initError!.message }]);
      expect(logged).toEqual([['error', expect.stringContaining('Nothing will be sent')]]);
      // The key itself is never written out whole.
      expect(logged[0]![1]).not.toContain('ABCDEFGHIJ01_4SlgzZ');
      expect(client.startSession()).toBeUndefined();
      expect(client.track('Never:Sent')).toBeUndefined();
      client.pause();
      client.resume();
      expect(await client.flush()).toEqual({ sent: 0, remaining: 0 });
      expect(await client.shutdown()).toEqual({ sent: 0, remaining: 0 });
      expect(server.requests).toHaveLength(0);
      expect(storage.load).not.toHaveBeenCalled();
      expect(storage.save).not.toHaveBeenCalled();
      expect(client.stats()).toMatchObject({ queued: 0, sent: 0 });
    },
  );

  it('takes an empty playerId as none (an anonymous id), as the other SDKs', () => {
    const { client } = make({ playerId: '' });
    expect(client.enabled).toBe(true);
    expect(client.playerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('init() with a bad key returns a disabled client and the shared calls do nothing', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const fetchMock = jest.fn();
      const c = gt.init({
        apiKey: 'gtk_live_oops',
        endpoint: 'http://x.test',
        storage: 'memory',
        fetch: fetchMock,
      });
      expect(c.enabled).toBe(false);
      expect(error).toHaveBeenCalledWith(
        expect.stringMatching(/^\[gt-sdk\] not started: apiKey "gtk_live_oop…" is malformed/),
      );
      expect(gt.track('A:B')).toBeUndefined();
      gt.pause();
      gt.resume();
      expect(await gt.flush()).toEqual({ sent: 0, remaining: 0 });
      await gt.shutdown();
      expect(fetchMock).not.toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });
});
