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

interface RouterLayer {
  name: string;
}

/**
 * CORS and the raw body reader of POST /v1/events. The kit installs a global JSON parser before
 * `configure` runs; both must come before it (the parser would otherwise consume our body, and
 * a 413/415 answer would lack the CORS headers a browser needs to read it), so the two layers
 * are moved in front of it. If the kit ever lets a service exclude routes from its parser, this
 * becomes two plain app.use calls.
 */
export function configureHttp(app: NestExpressApplication, config: IngestionConfig): void {
  app.enableCors(corsOptions(config));
  app.use(EVENTS_PATH, eventsBodyReader(config.MAX_BODY_BYTES));
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const stack = express.router.stack;
  const parserAt = stack.findIndex((layer) => layer.name === 'jsonParser');
  if (parserAt >= 0) {
    const ours = stack.splice(stack.length - 2, 2);
    stack.splice(parserAt, 0, ...ours);
  }
}
