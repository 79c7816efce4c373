/**
 * An async iterator that calls `tick` at once and then every `intervalMs` until the consumer
 * stops (return(), e.g. the client unsubscribed or disconnected), which also clears the pending
 * timer at once. A tick that resolves undefined is skipped. A tick that throws ends the stream:
 * the error is yielded as the last value (so the subscription can report it as a GraphQL error
 * with its code) and the iterator is done.
 */
export function poll<T>(
  intervalMs: number,
  tick: () => Promise<T | undefined>,
): AsyncIterableIterator<T | Error> {
  let done = false;
  let first = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, intervalMs);
    });

  const finish = (): IteratorResult<T | Error> => {
    done = true;
    if (timer) clearTimeout(timer);
    wake?.();
    return { done: true, value: undefined };
  };

  const iterator: AsyncIterableIterator<T | Error> = {
    async next(): Promise<IteratorResult<T | Error>> {
      while (!done) {
        if (!first) await sleep();
        first = false;
        if (done) break;
        try {
          const value = await tick();
          if (done) break;
          if (value !== undefined) return { done: false, value };
        } catch (e) {
          done = true;
          return { done: false, value: e instanceof Error ? e : new Error(String(e)) };
        }
      }
      return { done: true, value: undefined };
    },
    async return(): Promise<IteratorResult<T | Error>> {
      return finish();
    },
    async throw(e?: unknown): Promise<IteratorResult<T | Error>> {
      finish();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
