import { createRequire } from 'node:module';
import { patchKafkajsNegativeTimeout } from './kafkajs-patch';

describe('patchKafkajsNegativeTimeout', () => {
  it('schedules the pending-request check after 1 ms, never with a negative delay', async () => {
    patchKafkajsNegativeTimeout();
    const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
      prototype: { scheduleCheckPendingRequests(this: unknown): void };
    };
    const spy = jest.spyOn(global, 'setTimeout');
    let checked = 0;
    // A queue that was never throttled (throttledUntil -1) with nothing pending: kafkajs
    // itself would pass -Date.now() as the delay, which Node >= 23 warns about.
    const queue = {
      throttledUntil: -1,
      pending: [],
      throttleCheckTimeoutId: null as NodeJS.Timeout | null,
      checkPendingRequests: () => (checked += 1),
    };
    try {
      RequestQueue.prototype.scheduleCheckPendingRequests.call(queue);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![1]).toBe(1);
    } finally {
      spy.mockRestore();
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(checked).toBe(1);
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });
});
