import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IngestionConfig } from '../config';
import { eventsBodyReader } from './events-body';

export const EVENTS_PATH = '/v1/events';

type CorsOptions = Exclude<
  Parameters<NestExpressApplication['enableCors']>[0],
  undefined | ((...args: never[]) => unknown)
>;

/** CORS for web games: any listed origin (or every origin with `*`) may POST events with a key. */
export function corsOptions(config: IngestionConfig): CorsOptions {
  const origins = config.CORS_ORIGINS;
  return {
    // The key travels in a header, never in a cookie, so `*` exposes nothing a page could abuse.
    origin: origins.includes('*') ? '*' : origins,
    methods: ['POST', 'GET'],
    allowedHeaders: ['Content-Type', 'Content-Encoding', 'X-API-Key', 'X-Signature', 'X-Request-Id'],
    // Date: signing SDKs learn the server's clock from it (it is not a CORS-safelisted header).
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'Date'],
    credentials: false,
    maxAge: 600,
  };
}

/**
 * CORS and the raw body reader of POST /v1/events. The kit's JSON parser leaves EVENTS_PATH
 * alone (`bodyParserExclude` in service.ts), so the reader gets the unread body stream. CORS
 * goes first so that the reader's 413/415 answers carry the headers a browser needs to read them.
 */
export function configureHttp(app: NestExpressApplication, config: IngestionConfig): void {
  app.enableCors(corsOptions(config));
  app.use(EVENTS_PATH, eventsBodyReader(config.MAX_BODY_BYTES));
}
