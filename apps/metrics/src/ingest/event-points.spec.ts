import { makeEnvelope, makeEvent } from '@gt/contracts';
import {
  eventPoint,
  firstSeenPoint,
  firstSeenShard,
  firstSeenTimeNs,
  line,
  presenceDayPoint,
  presenceHourPoint,
} from './event-points';

const T = '2026-11-24T10:15:30.250Z';
const ID = '0b6f3a52-6a7d-4c1e-9d0a-4f1f8e2b7c99';
const base = { eventId: ID, playerId: 'p 1', sessionId: 's=1', timestamp: T };

function lp(type: Parameters<typeof makeEvent>[0], extra: object) {
  return line(eventPoint(makeEnvelope(makeEvent(type, { ...base, ...extra } as never))));
}

describe('eventPoint', () => {
  it('tags the dimensions queries group by and keeps ids as fields', () => {
    const text = lp('design', { name: 'Kill:Sword', value: 2 });
    // Line protocol: measurement,tags fields time (tags and fields sorted by key).
    expect(text).toMatch(
      /^events,game=5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02,name=Kill:Sword,type=design player="p 1",session="s=1",value=2 1795515330250\d{6}$/,
    );
  });

  it.each([
    ['session_start', {}, 'type=session_start', ''],
    ['session_end', { durationSeconds: 90 }, 'type=session_end', 'duration=90,'],
    [
      'progression',
      { status: 'fail', level: 'w 1', score: 3, attempt: 2 },
      'level=w\\ 1,status=fail,type=progression',
      'attempt=2i,',
    ],
    [
      'purchase',
      { currency: 'EUR', amount: 499, itemId: 'gems' },
      'currency=EUR,type=purchase',
      'amount=499i,item="gems",',
    ],
    ['error', { severity: 'critical', message: 'x' }, 'severity=critical,type=error', ''],
  ] as const)('maps a %s event', (type, extra, tags, fields) => {
    const text = lp(type, extra);
    // Spaces separate measurement+tags, fields and time; an escaped space is part of a value.
    const [head] = text.split(/(?<!\\) /);
    expect(
      head!
        .split(/(?<!\\),/)
        .slice(1)
        .sort(),
    ).toEqual([...tags.split(','), 'game=5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02'].sort());
    expect(text).toContain(` ${fields}player="p 1"`);
  });

  it('writes the same event as the same point', () => {
    expect(lp('session_start', {})).toBe(lp('session_start', {}));
  });
});

describe('presence and first-seen points', () => {
  const ms = Date.parse(T);

  it('makes one point per player per UTC hour and day', () => {
    const a = line(presenceHourPoint('g', 'p', ms));
    expect(a).toBe(line(presenceHourPoint('g', 'p', ms + 40 * 60_000)));
    expect(a).not.toBe(line(presenceHourPoint('g', 'p', ms + 60 * 60_000)));
    expect(line(presenceDayPoint('g', 'p', ms))).toBe(line(presenceDayPoint('g', 'p', ms + 10 * 3_600_000)));
  });

  it('shards first-seen points and puts them in the first event millisecond', () => {
    expect(Number(firstSeenShard('p'))).toBeGreaterThanOrEqual(0);
    expect(Number(firstSeenShard('p'))).toBeLessThan(32);
    const ns = firstSeenTimeNs('p', ms);
    expect(ns / 1_000_000n).toBe(BigInt(ms));
    expect(line(firstSeenPoint('g', 'p', ns))).toBe(
      `players_first_seen,game=g,shard=${firstSeenShard('p')} player="p" ${ns}`,
    );
  });
});
