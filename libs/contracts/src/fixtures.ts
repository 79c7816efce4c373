// Test data for every project of the repo: valid events and envelopes with sensible defaults.
// Invalid variants are made by spreading, e.g. `{ ...makeEvent('design'), name: 42 }`.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from './envelope';
import type { EventOfType, EventType, TelemetryEvent } from './event.types';

/** Fixed ids, so that tests can assert keys and tenants. */
export const FIXTURE_IDS = {
  studioId: '0b6f3a52-6a7d-4c1e-9d0a-4f1f8e2b7c01',
  gameId: '5d2c8e44-93b1-4b6a-8f3e-2a9c6d1e0f02',
  gameClientId: '9e7a1c3b-2f4d-4e8a-b6c5-1d0e3f2a4b03',
} as const;

const TYPE_DEFAULTS: { [T in EventType]: Omit<EventOfType<T>, keyof TelemetryEventCommon | 'type'> } = {
  session_start: {},
  session_end: { durationSeconds: 600 },
  design: { name: 'Kill:Sword:Robot', value: 1 },
  progression: { status: 'complete', level: 'world-1', score: 1200, attempt: 1 },
  purchase: { currency: 'EUR', amount: 499, itemId: 'gem-pack-small' },
  error: { severity: 'error', message: 'NullReferenceException at Player.Update' },
};

type TelemetryEventCommon = Omit<EventOfType<'session_start'>, 'type'>;

/**
 * A valid event of `type`: a fresh UUID v4 eventId and the current time as timestamp
 * (pass `timestamp` when the test freezes `now`).
 */
export function makeEvent<T extends EventType>(
  type: T,
  overrides: Partial<EventOfType<T>> = {},
): EventOfType<T> {
  const event = {
    eventId: randomUUID(),
    type,
    playerId: 'player-1',
    sessionId: 'session-1',
    timestamp: new Date().toISOString(),
    ...TYPE_DEFAULTS[type],
    ...overrides,
  };
  // The spread of a mapped default loses the link between T and the fields; the table above keeps it.
  return event as unknown as EventOfType<T>;
}

/** A valid envelope around `event` (a session_start by default), received now from a Unity client. */
export function makeEnvelope(
  event: TelemetryEvent = makeEvent('session_start'),
  overrides: Partial<Omit<EventEnvelope, 'event'>> = {},
): EventEnvelope {
  return {
    v: 1,
    ...FIXTURE_IDS,
    platform: 'unity',
    receivedAt: new Date().toISOString(),
    ...overrides,
    event,
  };
}
