import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { jsonBodyParserOptions } from './body-parser';
import { ConfigError } from './config';
import { createValidationPipe, ProblemDetailsFilter } from './errors';
import { HealthRegistry } from './health';
import { createLogger, PinoNestLogger, requestLogging } from './logger';
import { setupOpenApi, type OpenApiInfo } from './openapi';

export interface ServiceDefinition<C> {
  /** Service name, used in logs. */
  name: string;
  /** Reads and validates configuration; throws ConfigError on a bad environment. */
  loadConfig: () => C;
  /** The root module for this configuration. */
  module: (config: C) => DynamicModule | Type<unknown>;
  openapi: OpenApiInfo;
  port: (config: C) => number;
  host?: (config: C) => string;
  /** Body size limit for JSON (default 1mb). */
  bodyLimit?: string;
  /**
   * Request paths the kit's JSON parser leaves unread, for routes that read their own body
   * (compressed uploads, limits and codes of their own). Each covers itself and everything under
   * it, compared as Express compares a mount path, so mount the route's reader in `configure`
   * with `app.use(path, reader)` on the same path. Full paths, global prefix included.
   */
  bodyParserExclude?: readonly string[];
  /** Extra setup on the Nest app before it listens (CORS, raw body parsers...). */
  configure?: (app: NestExpressApplication, config: C, logger: Logger) => void | Promise<void>;
  /** Seconds to finish in-flight work after SIGTERM before the process exits anyway. */
  shutdownTimeoutSeconds?: number;
}

/**
 * Builds a configured application without listening, so tests can start it on an ephemeral
 * port with the same wiring as production.
 */
export async function createServiceApp<C>(
  def: ServiceDefinition<C>,
  config: C,
  opts: { logger?: Logger } = {},
): Promise<NestExpressApplication> {
  const logger = opts.logger ?? createLogger(def.name);
  const app = await NestFactory.create<NestExpressApplication>(def.module(config), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.use(requestLogging(logger, { quietPaths: /^\/(health|metrics)/ }));
  app.useBodyParser(
    'json',
    jsonBodyParserOptions({ limit: def.bodyLimit ?? '1mb', exclude: def.bodyParserExclude }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useGlobalPipes(createValidationPipe());
  if (def.configure) await def.configure(app, config, logger);
  setupOpenApi(app, def.openapi);
  return app;
}

/** The entry point of every service: config, app, listen, graceful shutdown. */
export async function runService<C>(def: ServiceDefinition<C>): Promise<INestApplication> {
  const logger = createLogger(def.name);
  let config: C;
  try {
    config = def.loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      logger.fatal({ problems: e.problems }, e.message);
      // Plain stderr too, so a person starting the service by hand sees it at once.
      process.stderr.write(`${def.name}: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await createServiceApp(def, config, { logger });
  const timeout = (def.shutdownTimeoutSeconds ?? 25) * 1000;
  // Our own signal handling rather than Nest's enableShutdownHooks: readiness turns false
  // first, app.close() runs every module's destroy/shutdown hooks (consumers finish their
  // batch and commit, producers flush), the HTTP server drains in-flight requests, and the
  // process exits 0. A hard timeout bounds the whole thing.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down: finishing in-flight work');
      app.get(HealthRegistry, { strict: false })?.markShuttingDown();
      setTimeout(() => {
        logger.error({ timeoutMs: timeout }, 'shutdown timed out; exiting');
        process.exit(1);
      }, timeout).unref();
      app.close().then(
        () => {
          logger.info('shutdown complete');
          process.exit(0);
        },
        (e: unknown) => {
          logger.error({ err: e }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  const port = def.port(config);
  const host = def.host?.(config) ?? '0.0.0.0';
  await app.listen(port, host);
  logger.info(
    { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, docs: '/docs' },
    `${def.name} listening`,
  );
  return app;
}
