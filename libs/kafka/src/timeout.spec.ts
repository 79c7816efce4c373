import { Sleeper, withTimeout } from './timeout';

describe('withTimeout', () => {
  it('resolves with the value when in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, () => new Error('late'))).resolves.toBe(7);
  });

  it('rejects with the given error when late', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 5, () => new Error('late'))).rejects.toThrow('late');
  });
});

describe('Sleeper', () => {
  it('wake() ends every pending sleep at once', async () => {
    const s = new Sleeper();
    const t0 = Date.now();
    const sleeping = Promise.all([s.sleep(10_000), s.sleep(10_000)]);
    s.wake();
    await sleeping;
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
