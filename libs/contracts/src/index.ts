export * from './limits';
export * from './event.types';
export { EVENT_ID_PATTERN, UUID_PATTERN, EVENT_SCHEMAS, TELEMETRY_EVENT_SCHEMA } from './event.schema';
export {
  EVENT_ERROR_CODES,
  validateEvent,
  validateEventShape,
  type EventErrorCode,
  type EventValidationFailure,
  type EventValidationResult,
} from './event.validator';
export { isIsoDateTime, isUuid } from './formats';
export * from './envelope';
export * from './topics';
export * from './ingest';
export { FIXTURE_IDS, makeEvent, makeEnvelope } from './fixtures';
