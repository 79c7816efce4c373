import { validateEvent, type TelemetryEvent } from '@gt/contracts';
import { TelemetryClient } from '@gt/sdk-js';
import { apply } from './player';
import { seededRng } from './random';
import { type Action, newPlayerState, nextAction } from './scenario';
import { parseArgs } from './main';

function actions(seed: number, n: number): Action[] {
  const rng = seededRng(seed);
  const state = newPlayerState();
  return Array.from({ length: n }, () => nextAction(state, rng));
}

describe('player scenario', () => {
  it('is reproducible from its seed', () => {
    expect(actions(42, 200)).toEqual(actions(42, 200));
    expect(actions(42, 200)).not.toEqual(actions(43, 200));
  });

  it('plays whole sessions: start first, end before the next start, attempts finish before they restart', () => {
    const all = actions(7, 3000);
    let inSession = false;
    let open: string | undefined;
    for (const a of all) {
      if (a.kind === 'session_start') {
        expect(inSession).toBe(false);
        inSession = true;
        open = undefined;
      } else if (a.kind === 'session_end') {
        expect(inSession).toBe(true);
        inSession = false;
      } else {
        expect(inSession).toBe(true);
        if (a.kind === 'progression') {
          if (a.status === 'start') {
            expect(open).toBeUndefined();
            open = a.level;
          } else {
            expect(a.level).toBe(open);
            open = undefined;
          }
        }
      }
    }
    const kinds = new Set(all.map((a) => a.kind));
    expect([...kinds].sort()).toEqual([
      'design',
      'error',
      'progression',
      'purchase',
      'session_end',
      'session_start',
    ]);
  });

  it('produces only events the platform accepts, through the SDK', async () => {
    const sent: TelemetryEvent[] = [];
    const client = new TelemetryClient({
      apiKey: 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ',
      endpoint: 'http://ingest.test',
      storage: 'memory',
      batchSize: 500,
      fetch: (async (_url: string, init: RequestInit) => {
        const events = (JSON.parse(String(init.body)) as { events: TelemetryEvent[] }).events;
        sent.push(...events);
        return new Response(JSON.stringify({ accepted: events.length, rejected: [] }), { status: 202 });
      }) as typeof fetch,
      compress: false,
    });
    for (const a of actions(11, 1000)) apply(client, a);
    await client.shutdown();
    expect(sent.length).toBeGreaterThanOrEqual(1000);
    const now = new Date();
    const failures = sent.map((e) => validateEvent(e, now)).filter((r) => !r.ok);
    expect(failures).toEqual([]);
  });
});

describe('simulator arguments', () => {
  it('needs a key and has demo-friendly defaults', () => {
    expect(() => parseArgs([], {})).toThrow(/api-key/);
    expect(parseArgs(['--api-key', 'k', '--players', '40'], {})).toMatchObject({
      endpoint: 'http://127.0.0.1:3002',
      players: 40,
      rate: 20,
      duration: 0,
    });
    expect(parseArgs([], { GT_API_KEY: 'k', GT_ENDPOINT: 'http://x' })).toMatchObject({
      apiKey: 'k',
      endpoint: 'http://x',
    });
  });
});
