import { makeRule } from '../../test/rules.fixtures';
import { buildCounterPlan } from './counter-plan';
import { selectorOf } from './alert-rule';

const GAME = 'game-a';

describe('buildCounterPlan', () => {
  it('keeps exact players up to the largest threshold, never below the floor', () => {
    const plan = buildCounterPlan(
      [
        makeRule({ id: 'a', gameId: GAME, threshold: 100 }),
        makeRule({ id: 'b', gameId: GAME, threshold: 50_000 }),
      ],
      10_000,
    );
    // 50 000 > floor: the set must reach the 50 000th player to fire rule b exactly.
    expect(plan.games.get(GAME)?.pc).toBe(50_000);
    expect(plan.games.get(GAME)?.pr).toEqual([
      ['a', 100],
      ['b', 50_000],
    ]);
  });

  it('shares one windowed counter between rules that count the same thing over the same window', () => {
    const plan = buildCounterPlan(
      [
        makeRule({
          id: 'a',
          gameId: GAME,
          kind: 'event_count',
          eventType: 'error',
          windowSeconds: 300,
          threshold: 10,
        }),
        makeRule({
          id: 'b',
          gameId: GAME,
          kind: 'event_count',
          eventType: 'error',
          windowSeconds: 300,
          threshold: 40,
          cooldownSeconds: 900,
        }),
        makeRule({
          id: 'c',
          gameId: GAME,
          kind: 'event_count',
          eventName: 'Boss:Defeated',
          windowSeconds: 60,
          threshold: 5,
        }),
      ],
      0,
    );
    const ws = plan.games.get(GAME)?.ws;
    // Sorted by window size; cap = the largest threshold on the counter; the cool-down
    // defaults to the window (core's documented default).
    expect(ws).toEqual([
      [60, 'n:Boss:Defeated', 5, [['c', 5, 60]]],
      [
        300,
        't:error',
        40,
        [
          ['a', 10, 300],
          ['b', 40, 900],
        ],
      ],
    ]);
    expect(plan.maxWindowSeconds).toBe(300);
    expect(JSON.parse(plan.json.get(GAME) ?? '{}')).toEqual(plan.games.get(GAME));
  });

  it('leaves out disabled, deleted and incomplete rules', () => {
    const plan = buildCounterPlan(
      [
        makeRule({ id: 'off', enabled: false }),
        makeRule({ id: 'gone', deletedAt: '2026-01-11T00:00:00.000Z' }),
        makeRule({ id: 'nowindow', kind: 'event_count', windowSeconds: undefined }),
        makeRule({ id: 'nobody', recipients: [] }),
      ],
      10,
    );
    expect(plan.games.size).toBe(0);
  });
});

describe('selectorOf', () => {
  it('counts by design name before type, and everything when neither is given', () => {
    expect(selectorOf({ eventType: 'design', eventName: 'Kill:Sword' })).toBe('n:Kill:Sword');
    expect(selectorOf({ eventType: 'purchase' })).toBe('t:purchase');
    expect(selectorOf({})).toBe('*');
  });
});
