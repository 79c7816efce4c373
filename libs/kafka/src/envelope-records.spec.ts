import { encodeEnvelope, makeEnvelope, makeEvent, RECORD_HEADERS } from '@gt/contracts';
import { envelopeRecord, parseEnvelopeRecord } from './envelope-records';
import type { ConsumedRecord } from './records';

function record(value: Buffer | null): ConsumedRecord {
  return { topic: 't', partition: 0, offset: '0', key: null, value, headers: {}, timestamp: '0' };
}

describe('parseEnvelopeRecord', () => {
  it('parses a valid envelope', () => {
    const envelope = makeEnvelope(makeEvent('progression'));
    expect(parseEnvelopeRecord(record(encodeEnvelope(envelope)))).toEqual({ ok: true, value: envelope });
  });

  it('refuses a tombstone with the envelope code as reason', () => {
    expect(parseEnvelopeRecord(record(null))).toEqual({
      ok: false,
      reason: 'ENVELOPE_NOT_JSON',
      message: 'record has no value',
    });
  });

  it('names the event error code in the message of an invalid event', () => {
    const envelope = makeEnvelope();
    const bad = Buffer.from(JSON.stringify({ ...envelope, event: { ...envelope.event, eventId: 'x' } }));
    expect(parseEnvelopeRecord(record(bad))).toEqual({
      ok: false,
      reason: 'EVENT_INVALID',
      message: 'EVENT_INVALID_ID: eventId must be a UUID of version 4 or 7',
    });
  });
});

describe('envelopeRecord', () => {
  it('keys by game and player, carries the envelope headers, and reads back as the same envelope', () => {
    const envelope = makeEnvelope(makeEvent('design', { playerId: 'p-1' }));
    const produced = envelopeRecord(envelope);
    expect(produced.key).toBe(`${envelope.gameId}:p-1`);
    expect(produced.headers).toMatchObject({
      [RECORD_HEADERS.eventId]: envelope.event.eventId,
      [RECORD_HEADERS.eventType]: 'design',
      [RECORD_HEADERS.gameId]: envelope.gameId,
    });
    const consumed = { ...record(produced.value as Buffer), headers: produced.headers ?? {} };
    expect(parseEnvelopeRecord(consumed)).toEqual({ ok: true, value: envelope });
  });
});
