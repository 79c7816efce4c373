import type { ServiceDefinition } from '@gt/service-kit';
import cookieParser from 'cookie-parser';
import { BffModule, type BffModuleOverrides } from './app.module';
import { type BffConfig, loadBffConfig } from './config';
import { csrfGuard } from './graphql/csrf';
import { GRAPHQL_PATH } from './graphql/graphql.config';
import { graphiqlMiddleware } from './ide/graphiql';
import { setupPortal } from './portal/portal-static';

/** GraphQL documents and sign-in forms are small; anything bigger is refused with 413 before parsing. */
export const REQUEST_BODY_LIMIT = '100kb';

/** The BFF as a service of the kit (main.ts runs it; tests build it with createServiceApp). */
export function bffService(overrides: BffModuleOverrides = {}): ServiceDefinition<BffConfig> {
  return {
    name: 'bff',
    loadConfig: () => loadBffConfig(),
    module: (config) => BffModule.forRoot(config, overrides),
    port: (config) => config.PORT,
    host: (config) => config.HOST,
    bodyLimit: REQUEST_BODY_LIMIT,
    openapi: {
      title: 'Game Telemetry BFF',
      description:
        'Browser sign-in (/auth/*). The API itself is GraphQL at POST /graphql (schema: graphql/schema.graphql; IDE: GET /graphql in a browser).',
      version: '1',
    },
    configure: (app, config, logger) => {
      app.use(cookieParser());
      app.useBodyParser('urlencoded', { extended: false, limit: '10kb' });
      // Behind a reverse proxy, req.ip should be the client's (anonymous rate limits).
      app.set(
        'trust proxy',
        /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY,
      );
      app.use(graphiqlMiddleware(config.GRAPHQL_IDE));
      app.use(GRAPHQL_PATH, csrfGuard);
      if (setupPortal(app, config.PORTAL_DIST))
        logger.info({ dir: config.PORTAL_DIST }, 'serving the portal');
      else if (config.PORTAL_DIST)
        logger.warn({ dir: config.PORTAL_DIST }, 'PORTAL_DIST does not exist; not serving the portal');
    },
  };
}
