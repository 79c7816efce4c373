import { EVENT_TYPES, type EventType, type TelemetryEvent } from './event.types';
import { validateEvent, validateEventShape, type EventValidationResult } from './event.validator';
import { makeEvent } from './fixtures';
import { EVENT_LIMITS } from './limits';

// Frozen server clock; event timestamps are one minute before it unless a test says otherwise.
const NOW = new Date('2026-11-24T10:00:00.000Z');
const TS = '2026-11-24T09:59:00.000Z';

function ev(type: EventType, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...makeEvent(type, { timestamp: TS }), ...overrides };
}

function without(event: Record<string, unknown>, field: string): Record<string, unknown> {
  const copy = { ...event };
  delete copy[field];
  return copy;
}

function failure(result: EventValidationResult) {
  if (result.ok) throw new Error(`expected a failure, got ok for ${JSON.stringify(result.event)}`);
  return { code: result.code, message: result.message, path: result.path };
}

describe('validateEvent', () => {
  describe('valid events', () => {
    it.each(EVENT_TYPES)('accepts a minimal %s event as it is', (type) => {
      const input = ev(type);
      const result = validateEvent(input, NOW);
      expect(result).toEqual({ ok: true, event: input });
      // No copy on the hot path when nothing needs canonicalising.
      expect(result.ok && result.event).toBe(input);
    });

    it('accepts every optional field at its limit', () => {
      const properties: Record<string, string | number | boolean> = {};
      for (let i = 0; i < EVENT_LIMITS.maxProperties; i++)
        properties[`k${i}`] = i % 3 === 0 ? 'v' : i % 3 === 1 ? 1.5 : true;
      const input = ev('purchase', {
        properties,
        appVersion: 'x'.repeat(32),
        sdk: { name: 'gt-unity', version: '1.2.3' },
        itemType: 't'.repeat(64),
        transactionId: 'x'.repeat(128),
        amount: 0,
      });
      expect(validateEvent(input, NOW).ok).toBe(true);
    });

    it.each([
      ['progression with score and attempt', ev('progression', { status: 'fail', score: -3.5, attempt: 7 })],
      ['design with one part and no value', without(ev('design', { name: 'LevelUp' }), 'value')],
      ['design with five parts', ev('design', { name: 'a:b:c:d:e' })],
      ['session_end without duration', without(ev('session_end'), 'durationSeconds')],
      ['session_end of exactly 7 days', ev('session_end', { durationSeconds: 7 * 24 * 3600 })],
      [
        'a critical error with an 8192-character message',
        ev('error', { severity: 'critical', message: 'm'.repeat(8192) }),
      ],
      ['a UUID v7 event id', ev('design', { eventId: '01935f7e-8a3b-7c2d-9e4f-0a1b2c3d4e5f' })],
      ['a timestamp with an offset', ev('design', { timestamp: '2026-11-24T11:59:00+02:00' })],
      [
        'a timestamp with 7 fractional digits (C# "o")',
        ev('design', { timestamp: '2026-11-24T09:59:00.1234567Z' }),
      ],
      ['a timestamp exactly 10 minutes ahead', ev('design', { timestamp: '2026-11-24T10:10:00.000Z' })],
      ['a timestamp exactly 30 days old', ev('design', { timestamp: '2026-10-25T10:00:00.000Z' })],
      ['a 128-character playerId', ev('design', { playerId: 'p'.repeat(128) })],
      ['an error message of multibyte characters', ev('error', { message: '€ ünïcödé 🎮' })],
      ['a property key with dots and dashes', ev('design', { properties: { 'ui.button-id_2': 'ok' } })],
    ])('accepts %s', (_name, input) => {
      expect(validateEvent(input, NOW)).toMatchObject({ ok: true });
    });

    it('lowercases an uppercase eventId in a copy, leaving the input untouched', () => {
      const input = ev('design', { eventId: 'A3BB189E-8BF9-4888-9912-ACE4E6543002' });
      const result = validateEvent(input, NOW);
      expect(result.ok && result.event.eventId).toBe('a3bb189e-8bf9-4888-9912-ace4e6543002');
      expect(input.eventId).toBe('A3BB189E-8BF9-4888-9912-ACE4E6543002');
    });

    it('narrows the result to the event type', () => {
      const result = validateEvent(ev('purchase'), NOW);
      if (!result.ok) throw new Error(result.message);
      const event: TelemetryEvent = result.event;
      // The switch compiles only because `type` discriminates the union.
      switch (event.type) {
        case 'purchase':
          expect(event.amount).toBe(499);
          break;
        case 'session_start':
        case 'session_end':
        case 'design':
        case 'progression':
        case 'error':
          throw new Error('wrong type');
      }
    });
  });

  describe('not an object', () => {
    it.each([
      [null, 'null'],
      [[], 'an array'],
      ['{"type":"design"}', 'string'],
      [42, 'number'],
      [undefined, 'undefined'],
    ])('refuses %p', (input, described) => {
      expect(failure(validateEvent(input, NOW))).toEqual({
        code: 'EVENT_NOT_OBJECT',
        message: `event must be a JSON object, got ${described}`,
        path: undefined,
      });
    });
  });

  describe('type', () => {
    it('reports a missing type', () => {
      expect(failure(validateEvent(without(ev('design'), 'type'), NOW))).toEqual({
        code: 'EVENT_MISSING_FIELD',
        message: 'type is required',
        path: '/type',
      });
    });

    it.each([['level_up'], [42], ['DESIGN']])('refuses type %p as unknown', (type) => {
      const f = failure(validateEvent(ev('design', { type }), NOW));
      expect(f.code).toBe('EVENT_UNKNOWN_TYPE');
      expect(f.message).toMatch(
        /^type must be one of session_start, session_end, design, progression, purchase, error/,
      );
    });
  });

  describe('missing fields', () => {
    it.each([
      ['session_start', 'eventId'],
      ['session_start', 'playerId'],
      ['session_end', 'sessionId'],
      ['design', 'timestamp'],
      ['design', 'name'],
      ['progression', 'status'],
      ['progression', 'level'],
      ['purchase', 'currency'],
      ['purchase', 'amount'],
      ['purchase', 'itemId'],
      ['error', 'severity'],
      ['error', 'message'],
    ] as const)('%s without %s', (type, field) => {
      expect(failure(validateEvent(without(ev(type), field), NOW))).toEqual({
        code: 'EVENT_MISSING_FIELD',
        message: `${field} is required`,
        path: `/${field}`,
      });
    });

    it('names the nested field of an incomplete sdk', () => {
      expect(failure(validateEvent(ev('design', { sdk: { name: 'gt-web' } }), NOW))).toEqual({
        code: 'EVENT_MISSING_FIELD',
        message: 'sdk.version is required',
        path: '/sdk/version',
      });
    });

    it('names the first missing common field when several are missing', () => {
      const input = without(without(ev('design'), 'playerId'), 'sessionId');
      expect(failure(validateEvent(input, NOW)).message).toBe('playerId is required');
    });
  });

  describe('unknown fields', () => {
    it('refuses a top-level field the type does not have', () => {
      // `value` belongs to design events, not to purchases.
      expect(failure(validateEvent(ev('purchase', { value: 3 }), NOW))).toEqual({
        code: 'EVENT_UNKNOWN_FIELD',
        message: 'value is not a field of purchase events',
        path: '/value',
      });
    });

    it('refuses an unknown sdk field', () => {
      expect(
        failure(validateEvent(ev('design', { sdk: { name: 'a', version: 'b', os: 'ios' } }), NOW)),
      ).toEqual({
        code: 'EVENT_UNKNOWN_FIELD',
        message: 'sdk.os is not a field of sdk',
        path: '/sdk/os',
      });
    });
  });

  describe('wrong types and values', () => {
    it.each([
      ['playerId', ev('design', { playerId: 42 }), 'playerId must be a string'],
      ['playerId', ev('design', { playerId: '' }), 'playerId must not be empty'],
      ['value', ev('design', { value: '3' }), 'value must be a finite number'],
      ['value', ev('design', { value: Infinity }), 'value must be a finite number'],
      ['value', ev('design', { value: NaN }), 'value must be a finite number'],
      ['durationSeconds', ev('session_end', { durationSeconds: -1 }), 'durationSeconds must be at least 0'],
      [
        'durationSeconds',
        ev('session_end', { durationSeconds: 604801 }),
        'durationSeconds must be at most 604800',
      ],
      ['status', ev('progression', { status: 'won' }), 'status must be one of start, complete, fail'],
      ['attempt', ev('progression', { attempt: 0 }), 'attempt must be at least 1'],
      ['attempt', ev('progression', { attempt: 1.5 }), 'attempt must be an integer'],
      ['amount', ev('purchase', { amount: 4.99 }), 'amount must be an integer'],
      ['amount', ev('purchase', { amount: -1 }), 'amount must be at least 0'],
      [
        'currency',
        ev('purchase', { currency: 'eur' }),
        'currency must be an ISO 4217 code of three uppercase letters, e.g. EUR',
      ],
      [
        'severity',
        ev('error', { severity: 'fatal' }),
        'severity must be one of debug, info, warning, error, critical',
      ],
      ['sdk', ev('design', { sdk: 'unity' }), 'sdk must be a JSON object'],
      ['properties', ev('design', { properties: [1, 2] }), 'properties must be a JSON object'],
    ])('refuses a bad %s', (field, input, message) => {
      expect(failure(validateEvent(input, NOW))).toEqual({
        code: 'EVENT_INVALID_FIELD',
        message,
        path: `/${field}`,
      });
    });

    it.each([['Kill::Robot'], ['a:b:c:d:e:f'], ['Kill Sword'], [':Kill'], ['']])(
      'refuses design name %p',
      (name) => {
        const f = failure(validateEvent(ev('design', { name }), NOW));
        expect(f.code).toBe('EVENT_INVALID_FIELD');
        expect(f.path).toBe('/name');
      },
    );

    it.each([
      ['no zone', '2026-11-24T09:59:00'],
      ['a space for T', '2026-11-24 09:59:00Z'],
      ['a date only', '2026-11-24'],
      ['February 30th', '2026-02-30T09:59:00Z'],
      ['hour 24', '2026-11-24T24:00:00Z'],
      ['a leap second', '2026-11-24T09:59:60Z'],
      ['epoch millis as a string', '1795514340000'],
    ])('refuses a timestamp with %s', (_name, timestamp) => {
      expect(failure(validateEvent(ev('design', { timestamp }), NOW))).toEqual({
        code: 'EVENT_INVALID_FIELD',
        message: 'timestamp must be an ISO-8601 date-time with a time zone, e.g. 2026-11-24T10:00:00.000Z',
        path: '/timestamp',
      });
    });

    it('refuses a number as timestamp', () => {
      expect(failure(validateEvent(ev('design', { timestamp: 1795514340000 }), NOW))).toMatchObject({
        code: 'EVENT_INVALID_FIELD',
        message: 'timestamp must be a string',
      });
    });
  });

  describe('event ids', () => {
    it.each([
      ['not a UUID', 'evt-1'],
      ['a UUID v1', 'a3bb189e-8bf9-1888-9912-ace4e6543002'],
      ['a UUID with the wrong variant', 'a3bb189e-8bf9-4888-c912-ace4e6543002'],
      ['a UUID without dashes', 'a3bb189e8bf948889912ace4e6543002'],
      ['a URN', 'urn:uuid:a3bb189e-8bf9-4888-9912-ace4e6543002'],
      ['a number', 42],
    ])('refuses %s', (_name, eventId) => {
      expect(failure(validateEvent(ev('design', { eventId }), NOW))).toEqual({
        code: 'EVENT_INVALID_ID',
        message: 'eventId must be a UUID of version 4 or 7',
        path: '/eventId',
      });
    });
  });

  describe('string lengths', () => {
    it.each([
      ['playerId', ev('design', { playerId: 'p'.repeat(129) }), 128],
      ['sessionId', ev('design', { sessionId: 's'.repeat(129) }), 128],
      ['appVersion', ev('design', { appVersion: '1'.repeat(33) }), 32],
      ['name', ev('design', { name: 'n'.repeat(129) }), 128],
      ['level', ev('progression', { level: 'l'.repeat(65) }), 64],
      ['itemId', ev('purchase', { itemId: 'i'.repeat(65) }), 64],
      ['transactionId', ev('purchase', { transactionId: 't'.repeat(129) }), 128],
      ['message', ev('error', { message: 'm'.repeat(8193) }), 8192],
    ])('refuses a %s over its limit', (field, input, limit) => {
      expect(failure(validateEvent(input, NOW))).toEqual({
        code: 'EVENT_STRING_TOO_LONG',
        message: `${field} is longer than ${limit} characters`,
        path: `/${field}`,
      });
    });

    it('counts characters, not UTF-16 units: 128 emoji are a valid playerId, 129 are not', () => {
      expect(validateEvent(ev('design', { playerId: '🎮'.repeat(128) }), NOW).ok).toBe(true);
      expect(failure(validateEvent(ev('design', { playerId: '🎮'.repeat(129) }), NOW)).code).toBe(
        'EVENT_STRING_TOO_LONG',
      );
    });

    it('refuses a nested sdk.name over its limit', () => {
      expect(
        failure(validateEvent(ev('design', { sdk: { name: 'n'.repeat(33), version: '1' } }), NOW)),
      ).toEqual({
        code: 'EVENT_STRING_TOO_LONG',
        message: 'sdk.name is longer than 32 characters',
        path: '/sdk/name',
      });
    });
  });

  describe('properties', () => {
    it('refuses 51 keys', () => {
      const properties = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
      expect(failure(validateEvent(ev('design', { properties }), NOW))).toEqual({
        code: 'EVENT_TOO_MANY_PROPERTIES',
        message: 'properties has 51 keys; at most 50 allowed',
        path: '/properties',
      });
    });

    it('refuses a string value over 256 characters', () => {
      expect(failure(validateEvent(ev('design', { properties: { weapon: 'w'.repeat(257) } }), NOW))).toEqual({
        code: 'EVENT_STRING_TOO_LONG',
        message: 'properties.weapon is longer than 256 characters',
        path: '/properties/weapon',
      });
    });

    it.each([
      ['an object', { x: 1 }],
      ['an array', [1]],
      ['null', null],
      ['Infinity', Infinity],
    ])('refuses %s as a value', (_name, value) => {
      expect(failure(validateEvent(ev('design', { properties: { weapon: value } }), NOW))).toEqual({
        code: 'EVENT_INVALID_FIELD',
        message: 'properties.weapon must be a string, a finite number or a boolean',
        path: '/properties/weapon',
      });
    });

    it.each([['1st'], ['has space'], ['k'.repeat(65)], [''], ['__proto__'], ['a/b']])(
      'refuses key %p',
      (key) => {
        // JSON.parse, as ingestion does: an object literal cannot hold an own __proto__ key.
        const properties: unknown = JSON.parse(`{${JSON.stringify(key)}: 1}`);
        const f = failure(validateEvent(ev('design', { properties }), NOW));
        expect(f.code).toBe('EVENT_INVALID_FIELD');
        expect(f.message).toBe(
          `properties key ${JSON.stringify(key)} is invalid: keys are 1 to 64 letters, digits, _ . - and start with a letter or _`,
        );
      },
    );

    it('escapes a key with a slash in the JSON Pointer path', () => {
      const f = failure(validateEvent(ev('design', { properties: { 'a/b': 1 } }), NOW));
      expect(f.path).toBe('/properties/a~1b');
    });
  });

  describe('timestamp window', () => {
    it('refuses a timestamp more than 10 minutes ahead of the server', () => {
      // 10 minutes and 1 millisecond ahead: the client clock is wrong.
      expect(failure(validateEvent(ev('design', { timestamp: '2026-11-24T10:10:00.001Z' }), NOW))).toEqual({
        code: 'EVENT_TIMESTAMP_OUT_OF_RANGE',
        message:
          'timestamp 2026-11-24T10:10:00.001Z is more than 10 minutes ahead of server time 2026-11-24T10:00:00.000Z',
        path: '/timestamp',
      });
    });

    it('refuses a timestamp more than 30 days old', () => {
      expect(failure(validateEvent(ev('design', { timestamp: '2026-10-25T09:59:59.999Z' }), NOW))).toEqual({
        code: 'EVENT_TIMESTAMP_OUT_OF_RANGE',
        message:
          'timestamp 2026-10-25T09:59:59.999Z is more than 30 days before server time 2026-11-24T10:00:00.000Z',
        path: '/timestamp',
      });
    });

    it('applies the offset: 11:15+01:00 is 10:15Z, 15 minutes ahead', () => {
      expect(failure(validateEvent(ev('design', { timestamp: '2026-11-24T11:15:00+01:00' }), NOW)).code).toBe(
        'EVENT_TIMESTAMP_OUT_OF_RANGE',
      );
    });

    it('is not applied by validateEventShape (records are replayed later)', () => {
      expect(validateEventShape(ev('design', { timestamp: '2020-01-01T00:00:00Z' })).ok).toBe(true);
    });

    it('throws on an invalid now, a programming error', () => {
      expect(() => validateEvent(ev('design'), new Date('nope'))).toThrow(TypeError);
    });
  });

  describe('size', () => {
    it('refuses an event over 16 KiB even when every field is within its limit', () => {
      // 50 properties of 256 three-byte characters are ~38 KiB of UTF-8.
      const properties = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, '€'.repeat(256)]));
      const f = failure(validateEvent(ev('design', { properties }), NOW));
      expect(f.code).toBe('EVENT_TOO_LARGE');
      expect(f.message).toMatch(/^event is \d+ bytes as JSON; at most 16384 allowed$/);
    });

    it('accepts an event just under 16 KiB', () => {
      const properties = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'x'.repeat(256)]));
      const input = ev('design', { properties });
      expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(16 * 1024);
      expect(validateEvent(input, NOW).ok).toBe(true);
    });
  });
});
