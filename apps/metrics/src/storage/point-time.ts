// Point identity. InfluxDB keeps one point per (measurement, tag set, timestamp): a second write
// with the same three replaces the first. So the timestamp itself carries the identity.
//
// Events: the event's millisecond plus a sub-millisecond offset of 0..999 999 ns taken from a hash
// of the event id. The same event written twice is the same point (replays and client retries
// change nothing); two different events in the same millisecond land on different nanoseconds
// unless their ids hash to the same offset (see apps/metrics/README.md for the odds). The offset
// never moves an event out of its millisecond, so no bucket boundary (whole minutes) is crossed.
//
// Presence and first-seen points: one per player and period, at the period start plus an offset
// from a hash of the player id over the whole period. Writing it again is a no-op.
//
// These functions are part of the storage contract: changing the hash or its inputs would give
// events already stored a new identity, and a replay would count them twice.
const NS_PER_MS = 1_000_000;

/**
 * A 53-bit non-cryptographic hash of the key (cyrb53: two multiply-xorshift 32-bit lanes), well
 * spread for UUID v4 and v7 alike although v7 starts with a timestamp. In plain numbers, ~20x
 * cheaper than a crypto digest per event, which matters at tens of thousands of events a second.
 */
export function hash53(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** `${ms}` followed by six digits of nanoseconds, without going through BigInt (ms * 1e6 > 2^53). */
function nsString(ms: number, subMsNs: number): string {
  return `${ms}${String(subMsNs).padStart(6, '0')}`;
}

/** Nanosecond timestamp of an event point: its millisecond plus an offset from the event id. */
export function eventTimeNs(eventMs: number, eventId: string): string {
  if (!Number.isSafeInteger(eventMs) || eventMs < 0)
    throw new RangeError(`event time out of range: ${eventMs}`);
  return nsString(eventMs, hash53(eventId) % NS_PER_MS);
}

/** Nanosecond timestamp of a once-per-period point: the period start plus an offset inside the period. */
export function slotTimeNs(periodStartMs: number, periodMs: number, key: string): string {
  if (!Number.isSafeInteger(periodStartMs) || periodStartMs < 0) {
    throw new RangeError(`period start out of range: ${periodStartMs}`);
  }
  // periodMs * 1e6 is at most 8.64e13 for a day: well inside 48 bits and 2^53.
  const offset = hash53(key) % (periodMs * NS_PER_MS);
  return nsString(periodStartMs + Math.floor(offset / NS_PER_MS), offset % NS_PER_MS);
}

/** Milliseconds of a nanosecond timestamp string (floor). */
export function nsToMs(ns: string | bigint): number {
  return Number(BigInt(ns) / 1_000_000n);
}
