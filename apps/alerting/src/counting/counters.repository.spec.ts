import { makeRule } from '../../test/rules.fixtures';
import { buildCounterPlan } from '../rules/counter-plan';
import { groupChunk, KnownPlayers, uuidBytes, type CountableEvent } from './counters.repository';

const GAME = '5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02';
const NOW = Date.parse('2026-01-10T10:30:00.000Z');
const HOUR = 3_600_000;
const opts = { nowMs: NOW, graceMs: HOUR, playersFloor: 100 };
let n = 0;

function ev(playerId: string, overrides: Partial<CountableEvent> = {}): CountableEvent {
  n++;
  return {
    gameId: GAME,
    playerId,
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    timestampMs: NOW - 1000,
    type: 'error',
    name: '',
    ...overrides,
  };
}

const plan = buildCounterPlan(
  [
    makeRule({ id: 'p', gameId: GAME, threshold: 10 }),
    makeRule({
      id: 'w',
      gameId: GAME,
      kind: 'event_count',
      eventType: 'error',
      windowSeconds: 300,
      threshold: 5,
    }),
  ],
  100,
);

describe('groupChunk', () => {
  it('sends each player once per chunk, in event order, and skips players already known', () => {
    const known = new KnownPlayers(10);
    known.add(GAME, 'old');
    const chunk = [ev('a'), ev('old'), ev('b'), ev('a')];
    const { players } = groupChunk(chunk, plan, opts, known);
    const entries = players.get(GAME)?.entries ?? [];
    // (playerId, event id bytes, timestamp) of the first event of each new player.
    expect(entries.filter((_, i) => i % 3 === 0)).toEqual(['a', 'b']);
    expect(entries[1]).toEqual(uuidBytes(chunk[0].eventId));
  });

  it('counts an event id once per window and only events the counter selects', () => {
    const dup = ev('a');
    const chunk = [dup, dup, ev('b'), ev('c', { type: 'design', name: 'Boss' })];
    const { windows, hll } = groupChunk(chunk, plan, opts, new KnownPlayers(10));
    expect([...windows.values()].map((w) => w.entries.length / 2)).toEqual([2]);
    // Window players count every event type.
    expect([...hll.values()][0].players).toEqual(new Set(['a', 'b', 'c']));
  });

  it('splits events by tumbling window and drops windows closed longer ago than the grace', () => {
    const start = NOW - (NOW % 300_000);
    const chunk = [
      ev('a', { timestampMs: start + 1 }),
      ev('b', { timestampMs: start - 1 }),
      ev('c', { timestampMs: NOW - 2 * HOUR }),
    ];
    const { windows } = groupChunk(chunk, plan, opts, new KnownPlayers(10));
    expect([...windows.values()].map((w) => w.startMs).sort()).toEqual([start - 300_000, start]);
  });
});

describe('KnownPlayers', () => {
  it('forgets everything when full rather than growing', () => {
    const known = new KnownPlayers(2);
    known.add('g', 'a');
    known.add('g', 'b');
    known.add('g', 'c');
    expect(known.has('g', 'a')).toBe(false);
    expect(known.has('g', 'c')).toBe(true);
  });
});
