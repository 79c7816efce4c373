import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeHeaders,
  envelopeKey,
  type EnvelopeDecodeResult,
  type EventEnvelope,
} from './envelope';
import { EVENT_TYPES } from './event.types';
import { FIXTURE_IDS, makeEnvelope, makeEvent } from './fixtures';

function failure(result: EnvelopeDecodeResult) {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

function encodeRaw(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

describe('envelope', () => {
  it.each(EVENT_TYPES)('round-trips a %s event through encode and decode', (type) => {
    const envelope = makeEnvelope(makeEvent(type, { properties: { level: 3, vip: true, skin: 'red' } }));
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual({ ok: true, envelope });
  });

  it('decodes a string value too', () => {
    const envelope = makeEnvelope();
    expect(decodeEnvelope(encodeEnvelope(envelope).toString('utf8'))).toEqual({ ok: true, envelope });
  });

  it('publishes only the envelope fields, v first', () => {
    const envelope = { ...makeEnvelope(), extra: 'not published' } as EventEnvelope;
    const json = encodeEnvelope(envelope).toString('utf8');
    expect(json.startsWith('{"v":1,')).toBe(true);
    expect(json).not.toContain('extra');
  });

  it('keys by game and player so one player stays on one partition', () => {
    const envelope = makeEnvelope(makeEvent('design', { playerId: 'p-42' }));
    expect(envelopeKey(envelope)).toBe(`${FIXTURE_IDS.gameId}:p-42`);
  });

  it('builds record headers from the envelope', () => {
    const event = makeEvent('purchase');
    expect(envelopeHeaders(makeEnvelope(event))).toEqual({
      'content-type': 'application/json',
      'envelope-version': '1',
      'event-id': event.eventId,
      'event-type': 'purchase',
      'studio-id': FIXTURE_IDS.studioId,
      'game-id': FIXTURE_IDS.gameId,
    });
  });

  it('re-validates the event without the timestamp window: a year-old replay decodes', () => {
    const old = makeEnvelope(makeEvent('design', { timestamp: '2025-01-01T00:00:00.000Z' }));
    expect(decodeEnvelope(encodeEnvelope(old)).ok).toBe(true);
  });

  it('canonicalises an uppercase event id', () => {
    const envelope = makeEnvelope(makeEvent('design', { eventId: 'A3BB189E-8BF9-4888-9912-ACE4E6543002' }));
    const result = decodeEnvelope(encodeEnvelope(envelope));
    expect(result.ok && result.envelope.event.eventId).toBe('a3bb189e-8bf9-4888-9912-ace4e6543002');
  });

  it('tolerates an unknown envelope field added by a newer producer', () => {
    expect(decodeEnvelope(encodeRaw({ ...makeEnvelope(), region: 'eu' })).ok).toBe(true);
  });

  describe('decode failures', () => {
    it.each([
      ['null (a tombstone)', null, 'record has no value'],
      ['an empty buffer', Buffer.alloc(0), /^record value is not JSON: /],
      ['garbage bytes', Buffer.from([0xde, 0xad, 0xbe, 0xef]), /^record value is not JSON: /],
      ['truncated JSON', encodeEnvelope(makeEnvelope()).subarray(0, 40), /^record value is not JSON: /],
    ])('ENVELOPE_NOT_JSON for %s', (_name, value, message) => {
      const f = failure(decodeEnvelope(value));
      expect(f.code).toBe('ENVELOPE_NOT_JSON');
      expect(f.message).toMatch(message);
    });

    it.each([
      ['no version', { ...makeEnvelope(), v: undefined }, 'envelope has no version (v)'],
      ['version 2', { ...makeEnvelope(), v: 2 }, 'envelope version 2 is not supported; expected 1'],
      ['version "1"', { ...makeEnvelope(), v: '1' }, 'envelope version "1" is not supported; expected 1'],
    ])('ENVELOPE_UNKNOWN_VERSION for %s', (_name, value, message) => {
      expect(failure(decodeEnvelope(encodeRaw(value)))).toEqual({
        ok: false,
        code: 'ENVELOPE_UNKNOWN_VERSION',
        message,
      });
    });

    it.each([
      ['a JSON array', [1, 2], 'envelope must be a JSON object'],
      ['a JSON string', 'hello', 'envelope must be a JSON object'],
      ['no studioId', { ...makeEnvelope(), studioId: undefined }, 'envelope studioId is required'],
      ['no event', { ...makeEnvelope(), event: undefined }, 'envelope event is required'],
      ['a non-UUID gameId', { ...makeEnvelope(), gameId: 'game-1' }, 'envelope gameId is invalid'],
      ['an unknown platform', { ...makeEnvelope(), platform: 'switch' }, 'envelope platform is invalid'],
      ['a bad receivedAt', { ...makeEnvelope(), receivedAt: 'yesterday' }, 'envelope receivedAt is invalid'],
      ['an event that is not an object', { ...makeEnvelope(), event: 'x' }, 'envelope event is invalid'],
    ])('ENVELOPE_INVALID for %s', (_name, value, message) => {
      expect(failure(decodeEnvelope(encodeRaw(value)))).toEqual({
        ok: false,
        code: 'ENVELOPE_INVALID',
        message,
      });
    });

    it('EVENT_INVALID with the event error code for an event that breaks the schema', () => {
      const envelope = makeEnvelope();
      const value = encodeRaw({ ...envelope, event: { ...envelope.event, playerId: undefined } });
      expect(failure(decodeEnvelope(value))).toEqual({
        ok: false,
        code: 'EVENT_INVALID',
        eventCode: 'EVENT_MISSING_FIELD',
        message: 'playerId is required',
      });
    });

    it('EVENT_INVALID for an unknown event type', () => {
      const envelope = makeEnvelope();
      const value = encodeRaw({ ...envelope, event: { ...envelope.event, type: 'level_up' } });
      expect(failure(decodeEnvelope(value))).toMatchObject({
        code: 'EVENT_INVALID',
        eventCode: 'EVENT_UNKNOWN_TYPE',
      });
    });
  });
});
