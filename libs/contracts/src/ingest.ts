// HTTP shapes of POST /v1/events (ingestion). Events stay `unknown` in the request: each is
// validated on its own with validateEvent, and answered on its own in `rejected`.
import { MAX_EVENTS_PER_REQUEST } from './limits';
import { TELEMETRY_EVENT_SCHEMA } from './event.schema';

export interface IngestRequest {
  events: unknown[];
}

export interface IngestRejection {
  /** Position of the event in the request's `events`. */
  index: number;
  /** An EventErrorCode. */
  code: string;
  message: string;
}

export interface IngestResponse {
  accepted: number;
  rejected: IngestRejection[];
}

/** For the OpenAPI document: the request as documented (ingestion validates event by event). */
export const INGEST_REQUEST_SCHEMA = {
  type: 'object',
  required: ['events'],
  additionalProperties: false,
  properties: {
    events: { type: 'array', maxItems: MAX_EVENTS_PER_REQUEST, items: TELEMETRY_EVENT_SCHEMA },
  },
} as const;

export const INGEST_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['accepted', 'rejected'],
  additionalProperties: false,
  properties: {
    accepted: { type: 'integer', minimum: 0 },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'code', 'message'],
        additionalProperties: false,
        properties: {
          index: { type: 'integer', minimum: 0 },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
