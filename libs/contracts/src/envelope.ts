// Envelope v1: the value of each record on TOPIC_EVENTS. Ingestion wraps a validated event
// with what it learnt from the API key (studio, game, game client) and its receive time.
import { ajv } from './ajv';
import { UUID_PATTERN } from './event.schema';
import type { TelemetryEvent } from './event.types';
import { type EventErrorCode, validateEventShape } from './event.validator';
import { RECORD_HEADERS } from './topics';

export const PLATFORMS = ['unity', 'unreal', 'web', 'node', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const ENVELOPE_VERSION = 1;

export interface EventEnvelopeV1 {
  v: 1;
  studioId: string;
  gameId: string;
  gameClientId: string;
  platform: Platform;
  /** Server time ingestion received the event, ISO-8601 UTC. */
  receivedAt: string;
  event: TelemetryEvent;
}

/** The current envelope. A new version gets its own interface and a union here. */
export type EventEnvelope = EventEnvelopeV1;

export const ENVELOPE_ERROR_CODES = [
  'ENVELOPE_NOT_JSON',
  'ENVELOPE_UNKNOWN_VERSION',
  'ENVELOPE_INVALID',
  'EVENT_INVALID',
] as const;
export type EnvelopeErrorCode = (typeof ENVELOPE_ERROR_CODES)[number];

export type EnvelopeDecodeResult =
  | { ok: true; envelope: EventEnvelope }
  | { ok: false; code: EnvelopeErrorCode; message: string; eventCode?: EventErrorCode };

// Unknown envelope fields are tolerated: a producer that adds an optional field must not make
// consumers that are not yet upgraded dead-letter every record. Incompatible changes bump `v`.
// The event inside is checked separately, by the event schema, so that its errors keep their codes.
export const EVENT_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['v', 'studioId', 'gameId', 'gameClientId', 'platform', 'receivedAt', 'event'],
  properties: {
    v: { type: 'integer', enum: [ENVELOPE_VERSION] },
    studioId: { type: 'string', pattern: UUID_PATTERN },
    gameId: { type: 'string', pattern: UUID_PATTERN },
    gameClientId: { type: 'string', pattern: UUID_PATTERN },
    platform: { type: 'string', enum: [...PLATFORMS] },
    receivedAt: { type: 'string', format: 'date-time' },
    event: { type: 'object' },
  },
} as const;

const validateEnvelopeSchema = ajv.compile<EventEnvelope>(EVENT_ENVELOPE_SCHEMA);

/** Record key: one player's events go to one partition, so they keep their order. */
export function envelopeKey(envelope: EventEnvelope): string {
  return `${envelope.gameId}:${envelope.event.playerId}`;
}

/** Record headers for TOPIC_EVENTS (see RECORD_HEADERS). */
export function envelopeHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    [RECORD_HEADERS.contentType]: 'application/json',
    [RECORD_HEADERS.envelopeVersion]: String(envelope.v),
    [RECORD_HEADERS.eventId]: envelope.event.eventId,
    [RECORD_HEADERS.eventType]: envelope.event.type,
    [RECORD_HEADERS.studioId]: envelope.studioId,
    [RECORD_HEADERS.gameId]: envelope.gameId,
  };
}

/** UTF-8 JSON of exactly the envelope's fields (a caller's extra fields are not published). */
export function encodeEnvelope(envelope: EventEnvelope): Buffer {
  const value: EventEnvelopeV1 = {
    v: envelope.v,
    studioId: envelope.studioId,
    gameId: envelope.gameId,
    gameClientId: envelope.gameClientId,
    platform: envelope.platform,
    receivedAt: envelope.receivedAt,
    event: envelope.event,
  };
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * Parses and checks a record value. The event is re-validated with the schema but without
 * the timestamp window: records are replayed long after they were received.
 */
export function decodeEnvelope(value: Buffer | string | null | undefined): EnvelopeDecodeResult {
  if (value === null || value === undefined) {
    return { ok: false, code: 'ENVELOPE_NOT_JSON', message: 'record has no value' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      code: 'ENVELOPE_NOT_JSON',
      message: `record value is not JSON: ${reason.slice(0, 200)}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, code: 'ENVELOPE_INVALID', message: 'envelope must be a JSON object' };
  }
  const version = (parsed as { v?: unknown }).v;
  if (version !== ENVELOPE_VERSION) {
    return {
      ok: false,
      code: 'ENVELOPE_UNKNOWN_VERSION',
      message:
        version === undefined
          ? 'envelope has no version (v)'
          : `envelope version ${JSON.stringify(version)} is not supported; expected ${ENVELOPE_VERSION}`,
    };
  }
  if (!validateEnvelopeSchema(parsed)) {
    const err = validateEnvelopeSchema.errors?.[0];
    const field =
      err?.keyword === 'required'
        ? (err.params as { missingProperty: string }).missingProperty
        : (err?.instancePath.slice(1) ?? '');
    const message =
      err?.keyword === 'required' ? `envelope ${field} is required` : `envelope ${field} is invalid`;
    return { ok: false, code: 'ENVELOPE_INVALID', message };
  }
  const checked = validateEventShape(parsed.event);
  if (!checked.ok) {
    return { ok: false, code: 'EVENT_INVALID', message: checked.message, eventCode: checked.code };
  }
  return {
    ok: true,
    envelope: checked.event === parsed.event ? parsed : { ...parsed, event: checked.event },
  };
}
