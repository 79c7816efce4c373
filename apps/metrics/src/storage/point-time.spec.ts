import { eventTimeNs, hash53, nsToMs, slotTimeNs } from './point-time';

const ID_A = '0b6f3a52-6a7d-4c1e-9d0a-4f1f8e2b7c01';
const ID_B = '5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02';
const MS = Date.parse('2026-11-24T10:00:00.123Z');

describe('point identity', () => {
  it('gives the same event the same nanosecond, every time', () => {
    expect(eventTimeNs(MS, ID_A)).toBe(eventTimeNs(MS, ID_A));
  });

  it('gives two events of the same millisecond different nanoseconds', () => {
    expect(eventTimeNs(MS, ID_A)).not.toBe(eventTimeNs(MS, ID_B));
  });

  it('never moves an event out of its millisecond', () => {
    for (let i = 0; i < 1000; i++) {
      const ns = eventTimeNs(MS, `${ID_A.slice(0, -4)}${String(i).padStart(4, '0')}`);
      expect(nsToMs(ns)).toBe(MS);
    }
  });

  it('spreads 10 000 ids of one millisecond over distinct offsets (collisions are rare)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(eventTimeNs(MS, `id-${i}`));
    // Birthday bound for 10 000 ids in 1 000 000 slots: about 50 expected pairs.
    expect(seen.size).toBeGreaterThan(9_850);
  });

  it('places a once-per-period point inside its period, the same for the same key', () => {
    const hour = Date.parse('2026-11-24T10:00:00Z');
    const ns = slotTimeNs(hour, 3_600_000, 'player-1');
    expect(ns).toBe(slotTimeNs(hour, 3_600_000, 'player-1'));
    expect(nsToMs(ns)).toBeGreaterThanOrEqual(hour);
    expect(nsToMs(ns)).toBeLessThan(hour + 3_600_000);
    expect(slotTimeNs(hour, 3_600_000, 'player-2')).not.toBe(ns);
  });

  it('hashes to 53 bits and refuses times it cannot represent', () => {
    expect(hash53('x')).toBeLessThan(2 ** 53);
    expect(hash53('x')).toBe(hash53('x'));
    expect(() => eventTimeNs(-1, ID_A)).toThrow(RangeError);
    expect(() => eventTimeNs(Number.NaN, ID_A)).toThrow(RangeError);
  });
});
