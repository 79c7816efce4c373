import { poll } from './poll';

describe('poll (the live subscription source)', () => {
  afterEach(() => jest.useRealTimers());

  it('ticks at once and then every interval, skipping empty ticks, until return()', async () => {
    jest.useFakeTimers();
    let n = 0;
    const it = poll(5000, async () => {
      n++;
      return n === 2 ? undefined : n;
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    const second = it.next();
    await jest.advanceTimersByTimeAsync(10_000);
    // Tick 2 was empty: the value is tick 3's.
    expect(await second).toEqual({ done: false, value: 3 });
    const pending = it.next();
    await it.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('yields a failing tick as a last Error value, then ends', async () => {
    const it = poll(10, async () => {
      throw new Error('session revoked');
    });
    const first = await it.next();
    expect(first.value).toEqual(new Error('session revoked'));
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });
});
