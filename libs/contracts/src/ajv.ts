// The one ajv instance of the contracts lib. Schemas are compiled once, at module load, so
// that the ingestion hot path only runs generated code.
import { Ajv } from 'ajv';
import { isIsoDateTime, isUuid } from './formats';

export const ajv = new Ajv({
  // One error per event is all a client gets back, and stopping early is faster.
  allErrors: false,
  // We write our own messages from keyword and params (event.validator.ts).
  messages: false,
  // NaN and Infinity are not JSON, but in-process callers (the TypeScript SDK, tests) can pass them.
  strictNumbers: true,
  strict: true,
  discriminator: true,
});

ajv.addFormat('date-time', { type: 'string', validate: isIsoDateTime });
ajv.addFormat('uuid', { type: 'string', validate: isUuid });
