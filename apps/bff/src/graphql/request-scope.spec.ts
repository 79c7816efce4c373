import { RequestLoaders } from './request-scope';

const tick = () => new Promise((r) => setImmediate(r));

describe('RequestLoaders', () => {
  it('calls an endpoint once per distinct argument set, and the distinct calls together', async () => {
    const loaders = new RequestLoaders();
    const started: string[] = [];
    const release: (() => void)[] = [];
    const fetch = (a: { id: string }) => {
      started.push(a.id);
      return new Promise<string>((r) => release.push(() => r(`v${a.id}`)));
    };
    const all = Promise.all([
      loaders.load('games.get', { id: '1' }, fetch),
      loaders.load('games.get', { id: '2' }, fetch),
      loaders.load('games.get', { id: '1' }, fetch),
    ]);
    await tick();
    // Both distinct calls are in flight before either finishes: parallel, not one after the other.
    expect(started).toEqual(['1', '2']);
    release.forEach((r) => r());
    expect(await all).toEqual(['v1', 'v2', 'v1']);
    // Later in the same request: answered from the request's memo.
    expect(await loaders.load('games.get', { id: '2' }, fetch)).toBe('v2');
    expect(started).toEqual(['1', '2']);
  });

  it('keeps a failure to its own key', async () => {
    const loaders = new RequestLoaders();
    const fetch = async (a: { id: string }) => {
      if (a.id === 'bad') throw new Error('boom');
      return a.id;
    };
    const [ok, bad] = await Promise.allSettled([
      loaders.load('x', { id: 'good' }, fetch),
      loaders.load('x', { id: 'bad' }, fetch),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'good' });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('boom') });
  });

  it('answers primed results without a call, and forgets everything after a write', async () => {
    const loaders = new RequestLoaders();
    const fetch = jest.fn(async (a: { id: string }) => `fetched ${a.id}`);
    loaders.prime('games.get', { id: '1' }, 'from the list');
    expect(await loaders.load('games.get', { id: '1' }, fetch)).toBe('from the list');
    expect(fetch).not.toHaveBeenCalled();
    loaders.clear();
    expect(await loaders.load('games.get', { id: '1' }, fetch)).toBe('fetched 1');
  });
});
