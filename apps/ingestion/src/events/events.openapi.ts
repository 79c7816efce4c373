// OpenAPI pieces of POST /v1/events. The event schemas come from libs/contracts, the single
// source the validator also compiles, so the document cannot drift from what is enforced.
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { EVENT_ERROR_CODES, INGEST_REQUEST_SCHEMA, INGEST_RESPONSE_SCHEMA } from '@gt/contracts';
import { SIGNATURE_ERROR_CODES } from '../signing/request-signature';

export const API_KEY_SECURITY = 'api-key';

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable `code`.',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:gt:error:KEY_REVOKED' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
  },
};

function problem(status: number, codes: string[], description: string, retryAfter = false) {
  return ApiResponse({
    status,
    description: `${description} Codes: ${codes.join(', ')}.`,
    content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
    ...(retryAfter
      ? {
          headers: {
            'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
          },
        }
      : {}),
  });
}

// Unknown top-level members are ignored (a newer SDK may add some), unlike the contract's strict form.
const { additionalProperties: _strict, ...requestSchema } = INGEST_REQUEST_SCHEMA;

export function IngestEventsDocs(maxEvents: number, maxBytes: number) {
  return applyDecorators(
    ApiOperation({
      summary: 'Send a batch of events',
      description:
        `Up to ${maxEvents} events and ${maxBytes} bytes per request (the same bound applies after gzip ` +
        'decompression). Each event is validated on its own; valid events are published even when others ' +
        'in the batch are rejected. 202 is sent only after Kafka acknowledged every accepted event; on 503 ' +
        'nothing was acknowledged and the whole request may be retried (consumers deduplicate by eventId). ' +
        `Per-event codes: ${EVENT_ERROR_CODES.join(', ')}.`,
    }),
    ApiSecurity(API_KEY_SECURITY),
    ApiConsumes('application/json'),
    ApiHeader({ name: 'Content-Encoding', required: false, enum: ['identity', 'gzip'] }),
    ApiHeader({
      name: 'X-Signature',
      required: false,
      description:
        't=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, "<t>." + body before Content-Encoding)>. ' +
        'Required for game clients that require signed requests; `t` within SIGNATURE_TOLERANCE_SECONDS ' +
        '(default 300) of the server clock, which every answer gives in its Date header.',
    }),
    ApiBody({ schema: requestSchema as unknown as SchemaObject }),
    ApiResponse({
      status: 202,
      description: 'Accepted events are stored in Kafka; rejected ones are listed by index with a code.',
      schema: INGEST_RESPONSE_SCHEMA as unknown as SchemaObject,
    }),
    problem(400, ['MALFORMED_JSON', 'VALIDATION_FAILED'], 'The body is not JSON, or has no events array.'),
    problem(
      401,
      [
        'KEY_MISSING',
        'KEY_MALFORMED',
        'KEY_BAD_CHECKSUM',
        'KEY_UNKNOWN',
        'KEY_REVOKED',
        'KEY_EXPIRED',
        ...Object.values(SIGNATURE_ERROR_CODES),
      ],
      'No usable API key, or no valid request signature where the game client requires one.',
    ),
    problem(413, ['PAYLOAD_TOO_LARGE', 'TOO_MANY_EVENTS'], 'Too many bytes or events in one request.'),
    problem(415, ['UNSUPPORTED_MEDIA_TYPE'], 'Not application/json (UTF-8), or an encoding other than gzip.'),
    problem(429, ['RATE_LIMITED'], 'The key sent more events than its rate allows.', true),
    problem(500, ['KAFKA_SEND_FAILED', 'INTERNAL_ERROR'], 'The event store refused the records.'),
    problem(
      503,
      ['CORE_UNAVAILABLE', 'KAFKA_UNAVAILABLE'],
      'A dependency is down; nothing was stored.',
      true,
    ),
  );
}
