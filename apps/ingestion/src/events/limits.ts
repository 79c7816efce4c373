import { MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES } from '@gt/contracts';

/**
 * The defaults the OpenAPI document states. Decorators run at import time, before configuration
 * is read, so the document shows the platform defaults rather than an instance's overrides
 * (MAX_EVENTS_PER_REQUEST, MAX_BODY_BYTES), which keeps the committed file independent of the
 * environment it was generated in.
 */
export const DOCUMENTED_LIMITS = { maxEvents: MAX_EVENTS_PER_REQUEST, maxBytes: MAX_REQUEST_BYTES } as const;
