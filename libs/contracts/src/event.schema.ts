// JSON Schema of event v1. It is the single source for the runtime validator (ajv) and
// for the ingestion service's OpenAPI document, so it sticks to keywords both understand:
// single-valued `enum` instead of `const`, `anyOf` instead of type arrays, no `$ref`.
// `propertyNames` is not part of OpenAPI 3.0; OpenAPI tooling ignores it, ajv enforces it.
// What JSON Schema cannot say (the timestamp window relative to `now`, the 16 KiB size
// of the whole event) is checked by the validator in event.validator.ts.
import { EVENT_LIMITS as L } from './limits';
import { ERROR_SEVERITIES, PROGRESSION_STATUSES, type EventType } from './event.types';

/** RFC 4122 UUID of version 4 or 7 with the RFC variant; either letter case. */
export const EVENT_ID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[47][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

/** Any UUID (studio, game and game client ids come from core, whatever version it makes). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const COMMON_PROPERTIES = {
  eventId: {
    type: 'string',
    format: 'uuid',
    pattern: EVENT_ID_PATTERN,
    description: 'Client-made unique id (UUID v4 or v7); consumers deduplicate on it.',
  },
  playerId: { type: 'string', minLength: 1, maxLength: L.idMaxLength },
  sessionId: { type: 'string', minLength: 1, maxLength: L.idMaxLength },
  timestamp: {
    type: 'string',
    format: 'date-time',
    description:
      'Client time, ISO-8601 with a zone (Z or +hh:mm). At most 10 minutes ahead of and 30 days behind the server clock.',
  },
  properties: {
    type: 'object',
    maxProperties: L.maxProperties,
    // `__proto__` passes the key pattern but behaves differently as a key in every JavaScript consumer.
    propertyNames: { type: 'string', pattern: L.propertyKeyPattern, not: { enum: ['__proto__'] } },
    additionalProperties: {
      anyOf: [
        { type: 'string', maxLength: L.propertyStringMaxLength },
        { type: 'number' },
        { type: 'boolean' },
      ],
    },
  },
  appVersion: { type: 'string', maxLength: L.appVersionMaxLength },
  sdk: {
    type: 'object',
    properties: {
      name: { type: 'string', maxLength: L.sdkNameMaxLength },
      version: { type: 'string', maxLength: L.sdkVersionMaxLength },
    },
    required: ['name', 'version'],
    additionalProperties: false,
  },
} as const;

// Order matters: with one error reported per event, the first missing field in this list is named.
const COMMON_REQUIRED = ['type', 'eventId', 'playerId', 'sessionId', 'timestamp'] as const;

function eventSchema<T extends EventType, P extends object, R extends readonly string[]>(
  type: T,
  description: string,
  properties: P,
  required: R,
) {
  return {
    type: 'object',
    description,
    properties: { type: { type: 'string', enum: [type] }, ...COMMON_PROPERTIES, ...properties },
    required: [...COMMON_REQUIRED, ...required],
    additionalProperties: false,
  } as const;
}

/** One schema per event type, e.g. to register each as an OpenAPI component. */
export const EVENT_SCHEMAS = {
  session_start: eventSchema('session_start', 'A play session started.', {}, []),
  session_end: eventSchema(
    'session_end',
    'A play session ended.',
    { durationSeconds: { type: 'number', minimum: 0, maximum: L.maxSessionDurationSeconds } },
    [],
  ),
  design: eventSchema(
    'design',
    'A custom event named by the game, e.g. Kill:Sword:Robot, with an optional value.',
    {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: L.designNameMaxLength,
        pattern: L.designNamePattern,
      },
      value: { type: 'number' },
    },
    ['name'],
  ),
  progression: eventSchema(
    'progression',
    'A player started, completed or failed a level.',
    {
      status: { type: 'string', enum: [...PROGRESSION_STATUSES] },
      level: { type: 'string', minLength: 1, maxLength: L.progressionLevelMaxLength },
      score: { type: 'number' },
      attempt: { type: 'integer', minimum: 1 },
    },
    ['status', 'level'],
  ),
  purchase: eventSchema(
    'purchase',
    'A purchase; amount in minor units of an ISO 4217 currency.',
    {
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      amount: { type: 'integer', minimum: 0, maximum: L.purchaseMaxAmount },
      itemId: { type: 'string', minLength: 1, maxLength: L.purchaseItemIdMaxLength },
      itemType: { type: 'string', maxLength: L.purchaseItemTypeMaxLength },
      transactionId: { type: 'string', maxLength: L.purchaseTransactionIdMaxLength },
    },
    ['currency', 'amount', 'itemId'],
  ),
  error: eventSchema(
    'error',
    'An error reported by the game.',
    {
      severity: { type: 'string', enum: [...ERROR_SEVERITIES] },
      message: { type: 'string', minLength: 1, maxLength: L.errorMessageMaxLength },
    },
    ['severity', 'message'],
  ),
} as const satisfies Record<EventType, object>;

/** Event v1: one of EVENT_SCHEMAS, chosen by `type`. */
export const TELEMETRY_EVENT_SCHEMA = {
  type: 'object',
  description: 'A telemetry event v1 sent by a game client.',
  discriminator: { propertyName: 'type' },
  oneOf: [
    EVENT_SCHEMAS.session_start,
    EVENT_SCHEMAS.session_end,
    EVENT_SCHEMAS.design,
    EVENT_SCHEMAS.progression,
    EVENT_SCHEMAS.purchase,
    EVENT_SCHEMAS.error,
  ],
} as const;
