import type { OpenApiInfo, ServiceDefinition } from '@gt/service-kit';
import { USER_ID_HEADER, USER_SECURITY_SCHEME } from './auth/user-route';
import { loadCoreConfig, type CoreConfig } from './config';
import { CoreModule, type CoreModuleOptions } from './core.module';

export const CORE_OPENAPI: OpenApiInfo = {
  title: 'Core service',
  description: [
    'Users and sessions, studios (one PostgreSQL schema each), members and roles, games, game clients, API keys,',
    'alert rules and alert history, and the audit log. Every route needs the service credential (x-service-token);',
    'routes called on behalf of a user also need their core user id (x-user-id). Errors are problem details with a stable `code`.',
  ].join(' '),
  version: '1',
  apiKeys: [
    {
      name: USER_SECURITY_SCHEME,
      header: USER_ID_HEADER,
      description: 'The core user id (UUID) of the signed-in user the BFF acts for',
    },
  ],
};

export function coreService(options: CoreModuleOptions = {}): ServiceDefinition<CoreConfig> {
  return {
    name: 'core',
    loadConfig: () => loadCoreConfig(),
    module: (config) => CoreModule.forRoot(config, options),
    openapi: CORE_OPENAPI,
    port: (config) => config.PORT,
    host: (config) => config.HOST,
  };
}
