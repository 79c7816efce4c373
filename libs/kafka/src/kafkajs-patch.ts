// kafkajs 2.2.4 (unmaintained) calls setTimeout(fn, throttledUntil - Date.now()) with a
// negative delay whenever the broker is not throttling it; Node >= 23 then prints a
// TimeoutNegativeWarning on stderr from inside every service. Node already runs such timers
// after 1 ms, so the method below is kafkajs's own, line for line, with the delay clamped to
// 1 ms: same behaviour, no warning. Applied only to the exact version it mirrors.
import { createRequire } from 'node:module';

// src/network/requestQueue/index.js in kafkajs 2.2.4.
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

interface RequestQueueInternals {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

let applied = false;

export function patchKafkajsNegativeTimeout(): void {
  if (applied) return;
  applied = true;
  const load = createRequire(__filename);
  const version = (load('kafkajs/package.json') as { version?: string }).version;
  if (version !== '2.2.4') return;
  const RequestQueue = load('kafkajs/src/network/requestQueue') as {
    prototype?: Partial<RequestQueueInternals>;
  };
  const proto = RequestQueue.prototype;
  if (proto === undefined || typeof proto.scheduleCheckPendingRequests !== 'function') return;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    let scheduleAt = this.throttledUntil - Date.now();
    if (!this.throttleCheckTimeoutId) {
      if (this.pending.length > 0) {
        scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
      }
      this.throttleCheckTimeoutId = setTimeout(
        () => {
          this.throttleCheckTimeoutId = null;
          this.checkPendingRequests();
        },
        Math.max(1, scheduleAt),
      );
    }
  };
}
