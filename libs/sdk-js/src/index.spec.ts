import { FakeIngestion } from '../test/fake-server';
import * as gt from './index';
import { defaultStorage } from './storage';

const KEY = 'gtk_live_0123456789abcdefghijABCDEFGHIJ01_4SlgzZ';

describe('the shared client (init, track, flush, shutdown)', () => {
  it('sends through the client made by init', async () => {
    const server = new FakeIngestion();
    const client = gt.init({
      apiKey: KEY,
      endpoint: 'http://ingest.test',
      storage: 'memory',
      fetch: server.fetch as typeof fetch,
    });
    expect(gt.startSession()).toBe(client.sessionId);
    gt.track('Menu:Open');
    gt.progression('start', 'level-1');
    gt.purchase({ currency: 'USD', amount: 99, itemId: 'sword' });
    gt.error('error', 'boom');
    gt.endSession();
    expect(await gt.flush()).toEqual({ sent: 6, remaining: 0 });
    expect(await gt.shutdown()).toEqual({ sent: 0, remaining: 0 });
    // Without a client, calls are ignored (with one console warning), never thrown.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(gt.track('late')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('defaultStorage in a browser', () => {
  it('uses localStorage under a gt-telemetry: key', () => {
    const items = new Map<string, string>();
    const g = globalThis as { localStorage?: unknown };
    g.localStorage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => items.set(k, v),
    };
    try {
      const s = defaultStorage('abc');
      void s.save('{"v":1}');
      expect(items.get('gt-telemetry:abc')).toBe('{"v":1}');
      expect(s.load()).toBe('{"v":1}');
    } finally {
      delete g.localStorage;
    }
  });
});
