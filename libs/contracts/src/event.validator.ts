// The one runtime check of event v1, used by ingestion for every incoming event and by
// every consumer (through decodeEnvelope) for every record. ajv compiles the schema once
// at module load; a failure is mapped from ajv's first error to a stable code and a
// message that names the field, which ingestion returns to the game client as is.
import type { ErrorObject } from 'ajv';
import { ajv } from './ajv';
import { TELEMETRY_EVENT_SCHEMA } from './event.schema';
import { EVENT_TYPES, type TelemetryEvent } from './event.types';
import { EVENT_LIMITS } from './limits';

export const EVENT_ERROR_CODES = [
  'EVENT_NOT_OBJECT',
  'EVENT_MISSING_FIELD',
  'EVENT_UNKNOWN_TYPE',
  'EVENT_INVALID_FIELD',
  'EVENT_UNKNOWN_FIELD',
  'EVENT_STRING_TOO_LONG',
  'EVENT_TOO_MANY_PROPERTIES',
  'EVENT_INVALID_ID',
  'EVENT_TIMESTAMP_OUT_OF_RANGE',
  'EVENT_TOO_LARGE',
] as const;
export type EventErrorCode = (typeof EVENT_ERROR_CODES)[number];

export interface EventValidationFailure {
  ok: false;
  code: EventErrorCode;
  /** Names the field, e.g. "playerId is required". Safe to return to the game client. */
  message: string;
  /** JSON Pointer of the offending value, e.g. /properties/level; absent for the whole event. */
  path?: string;
}

export type EventValidationResult = { ok: true; event: TelemetryEvent } | EventValidationFailure;

const validateSchema = ajv.compile<TelemetryEvent>(TELEMETRY_EVENT_SCHEMA);

/**
 * Validates one event as received from a game client: schema, size and the timestamp
 * window relative to `now` (the server clock; a parameter so that tests freeze time).
 * On success `event` is the input itself, except that an uppercase eventId is lowercased
 * (in a copy) so that deduplication by id never sees two spellings of one UUID.
 */
export function validateEvent(input: unknown, now: Date): EventValidationResult {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new TypeError('validateEvent: now is an invalid Date');
  const result = validateEventShape(input);
  if (!result.ok) return result;
  return checkTimestampWindow(result.event, nowMs) ?? result;
}

/**
 * Schema and size only, no timestamp window: for records read back from Kafka, which may be
 * replayed long after they were received (decodeEnvelope uses it).
 */
export function validateEventShape(input: unknown): EventValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('EVENT_NOT_OBJECT', `event must be a JSON object, got ${describeType(input)}`);
  }
  if (!validateSchema(input)) {
    const errors = validateSchema.errors ?? [];
    return toFailure(errors, input);
  }
  // Measured after the schema passed, so every field is bounded and stringify is cheap.
  const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
  if (bytes > EVENT_LIMITS.maxEventBytes) {
    return fail(
      'EVENT_TOO_LARGE',
      `event is ${bytes} bytes as JSON; at most ${EVENT_LIMITS.maxEventBytes} allowed`,
    );
  }
  return { ok: true, event: canonicalize(input) };
}

function canonicalize(event: TelemetryEvent): TelemetryEvent {
  const lower = event.eventId.toLowerCase();
  return lower === event.eventId ? event : { ...event, eventId: lower };
}

function checkTimestampWindow(event: TelemetryEvent, nowMs: number): EventValidationFailure | undefined {
  // The format check guarantees a parseable, calendar-valid date-time.
  const ts = Date.parse(event.timestamp);
  if (ts > nowMs + EVENT_LIMITS.maxFutureSkewMs) {
    return fail(
      'EVENT_TIMESTAMP_OUT_OF_RANGE',
      `timestamp ${event.timestamp} is more than ${EVENT_LIMITS.maxFutureSkewMs / 60_000} minutes ahead of server time ${new Date(nowMs).toISOString()}`,
      '/timestamp',
    );
  }
  if (ts < nowMs - EVENT_LIMITS.maxPastAgeMs) {
    return fail(
      'EVENT_TIMESTAMP_OUT_OF_RANGE',
      `timestamp ${event.timestamp} is more than ${EVENT_LIMITS.maxPastAgeMs / 86_400_000} days before server time ${new Date(nowMs).toISOString()}`,
      '/timestamp',
    );
  }
  return undefined;
}

function fail(code: EventErrorCode, message: string, path?: string): EventValidationFailure {
  return path === undefined ? { ok: false, code, message } : { ok: false, code, message, path };
}

/** ajv stops at the first failing keyword; with anyOf it lists each branch, then anyOf itself. */
function toFailure(errors: readonly ErrorObject[], input: object): EventValidationFailure {
  const err = errors[0];
  if (err === undefined) return fail('EVENT_INVALID_FIELD', 'event is invalid');
  const path = err.instancePath;
  const segments = pointerSegments(path);

  if (err.keyword === 'discriminator') {
    const params = err.params as { error: 'tag' | 'mapping'; tagValue?: unknown };
    if (params.error === 'tag' && params.tagValue === undefined) {
      return fail('EVENT_MISSING_FIELD', 'type is required', '/type');
    }
    return fail(
      'EVENT_UNKNOWN_TYPE',
      `type must be one of ${EVENT_TYPES.join(', ')}; got ${describeValue(params.tagValue)}`,
      '/type',
    );
  }
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return fail(
      'EVENT_MISSING_FIELD',
      `${fieldName([...segments, missing])} is required`,
      `${path}/${escape(missing)}`,
    );
  }
  if (err.keyword === 'additionalProperties') {
    const extra = (err.params as { additionalProperty: string }).additionalProperty;
    const where = segments.length === 0 ? `${(input as { type: string }).type} events` : fieldName(segments);
    return fail(
      'EVENT_UNKNOWN_FIELD',
      `${fieldName([...segments, extra])} is not a field of ${where}`,
      `${path}/${escape(extra)}`,
    );
  }
  if (err.propertyName !== undefined) {
    return fail(
      'EVENT_INVALID_FIELD',
      `properties key ${JSON.stringify(err.propertyName)} is invalid: keys are 1 to 64 letters, digits, _ . - and start with a letter or _`,
      `${path}/${escape(err.propertyName)}`,
    );
  }

  const top = segments[0];
  if (top === 'eventId') {
    return fail('EVENT_INVALID_ID', 'eventId must be a UUID of version 4 or 7', path);
  }
  // A free-form property value: the anyOf reports one error per branch, so judge the value itself.
  if (top === 'properties' && segments.length === 2) {
    const key = segments[1] as string;
    const value = (input as { properties: Record<string, unknown> }).properties[key];
    if (typeof value === 'string') {
      return fail(
        'EVENT_STRING_TOO_LONG',
        `${fieldName(segments)} is longer than ${EVENT_LIMITS.propertyStringMaxLength} characters`,
        path,
      );
    }
    return fail(
      'EVENT_INVALID_FIELD',
      `${fieldName(segments)} must be a string, a finite number or a boolean`,
      path,
    );
  }

  const name = fieldName(segments);
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'maxLength':
      return fail('EVENT_STRING_TOO_LONG', `${name} is longer than ${String(params.limit)} characters`, path);
    case 'maxProperties':
      return fail(
        'EVENT_TOO_MANY_PROPERTIES',
        `${name} has ${Object.keys(valueAt(input, segments) ?? {}).length} keys; at most ${String(params.limit)} allowed`,
        path,
      );
    case 'minLength':
      return fail('EVENT_INVALID_FIELD', `${name} must not be empty`, path);
    case 'type':
      return fail('EVENT_INVALID_FIELD', `${name} must be ${typeNoun(String(params.type))}`, path);
    case 'enum':
      return fail(
        'EVENT_INVALID_FIELD',
        `${name} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
        path,
      );
    case 'minimum':
    case 'maximum':
      return fail(
        'EVENT_INVALID_FIELD',
        `${name} must be ${err.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`,
        path,
      );
    case 'format':
    case 'pattern':
      return fail('EVENT_INVALID_FIELD', `${name} ${PATTERN_HINTS[name] ?? 'has an invalid format'}`, path);
    default:
      return fail('EVENT_INVALID_FIELD', `${name} is invalid`, path);
  }
}

const PATTERN_HINTS: Record<string, string> = {
  timestamp: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-11-24T10:00:00.000Z',
  name: 'must be 1 to 5 colon-separated parts of letters, digits, _ . - (e.g. Kill:Sword:Robot)',
  currency: 'must be an ISO 4217 code of three uppercase letters, e.g. EUR',
};

function typeNoun(type: string): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a finite number';
    case 'object':
      return 'a JSON object';
    default:
      return `of type ${type}`;
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function fieldName(segments: readonly string[]): string {
  return segments.length === 0 ? 'event' : segments.join('.');
}

function valueAt(input: object, segments: readonly string[]): object | undefined {
  let cur: unknown = input;
  for (const s of segments) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return typeof cur === 'object' && cur !== null ? cur : undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : describeType(value);
}
