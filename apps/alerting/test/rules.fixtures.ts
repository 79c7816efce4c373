import type { AlertRule } from '../src/rules/alert-rule';

/** A valid active rule; override what the test is about. */
export function makeRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'rule-1',
    studioId: '0b6f3a52-6a7d-4c1e-9d0a-4f1f8e2b7c01',
    studioName: 'Pixel Forge',
    gameId: '5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02',
    gameName: 'Sky Raiders',
    name: '100 players',
    kind: 'players_reached',
    threshold: 100,
    recipients: ['ops@pixelforge.test'],
    enabled: true,
    updatedAt: '2026-01-10T10:00:00.000Z',
    ...overrides,
  };
}
