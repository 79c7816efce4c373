import { BatchAccumulator } from './batch-accumulator';

function make(
  opts: {
    maxItems?: number;
    lingerMs?: number;
    idleMs?: number;
    maxInFlight?: number;
    fail?: () => boolean;
  } = {},
) {
  const flushed: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const acc = new BatchAccumulator<number>({
    maxItems: opts.maxItems ?? 10,
    lingerMs: opts.lingerMs ?? 250,
    idleMs: opts.idleMs ?? 5,
    maxInFlight: opts.maxInFlight,
    flush: async (items) => {
      if (hold) {
        hold = false;
        await new Promise<void>((r) => (release = r));
      }
      if (opts.fail?.()) throw new Error('influx down');
      flushed.push(items);
    },
  });
  return { acc, flushed, holdNext: () => (hold = true), release: () => release?.() };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('BatchAccumulator', () => {
  it('joins what arrives together into one write and resolves every caller after it', async () => {
    const { acc, flushed } = make();
    const a = acc.add([1, 2]);
    const b = acc.add([3]);
    await jest.advanceTimersByTimeAsync(5);
    await expect(Promise.all([a, b])).resolves.toEqual([undefined, undefined]);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('writes at once when the batch is full', async () => {
    const { acc, flushed } = make({ maxItems: 3 });
    const p = acc.add([1, 2, 3]);
    await jest.advanceTimersByTimeAsync(0);
    await p;
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('writes after the linger even if records keep trickling in', async () => {
    const { acc, flushed } = make({ lingerMs: 50, idleMs: 20 });
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      calls.push(acc.add([i]));
      await jest.advanceTimersByTimeAsync(15);
    }
    // 0..45 ms: idle never reached (15 < 20), the linger (50 ms) closes the batch.
    expect(flushed).toEqual([[0, 1, 2, 3]]);
    await jest.advanceTimersByTimeAsync(20);
    await Promise.all(calls);
    expect(flushed).toEqual([[0, 1, 2, 3], [4]]);
  });

  it('rejects every caller of a failed write, and they can retry', async () => {
    let failing = true;
    const { acc, flushed } = make({ fail: () => failing });
    const a = acc.add([1]);
    const b = acc.add([2]);
    const both = Promise.allSettled([a, b]);
    await jest.advanceTimersByTimeAsync(5);
    expect((await both).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    failing = false;
    const retry = acc.add([1, 2]);
    await jest.advanceTimersByTimeAsync(5);
    await retry;
    expect(flushed).toEqual([[1, 2]]);
  });

  it('writes one batch at a time; the next waits for the running one', async () => {
    const { acc, flushed, holdNext, release } = make({ maxItems: 1 });
    holdNext();
    const a = acc.add([1]);
    await jest.advanceTimersByTimeAsync(0);
    const b = acc.add([2]);
    await jest.advanceTimersByTimeAsync(10);
    expect(flushed).toEqual([]);
    release();
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([a, b]);
    expect(flushed).toEqual([[1], [2]]);
  });

  it('lets a second batch be written while the first is in flight, when allowed', async () => {
    const { acc, flushed, holdNext, release } = make({ maxItems: 1, maxInFlight: 2 });
    holdNext();
    const a = acc.add([1]);
    await jest.advanceTimersByTimeAsync(0);
    const b = acc.add([2]);
    await jest.advanceTimersByTimeAsync(10);
    expect(flushed).toEqual([[2]]); // the second went past the held first one
    release();
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([a, b]);
    expect(flushed).toEqual([[2], [1]]);
  });

  it('writes immediately once shutting down', async () => {
    const { acc, flushed } = make({ lingerMs: 10_000, idleMs: 10_000 });
    const p = acc.add([1]);
    acc.flushNow();
    await jest.advanceTimersByTimeAsync(0);
    await p;
    expect(flushed).toEqual([[1]]);
  });
});
