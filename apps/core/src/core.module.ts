import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@gt/service-kit';
import { DataSource, type MigrationInterface } from 'typeorm';
import { UserIdGuard } from './auth/user-route';
import { Clock } from './common/clock';
import type { CoreConfig } from './config';
import { controllers } from './controllers';
import { createDataSource } from './database/data-source';
import { Database } from './database/database';
import { DatabaseLifecycle } from './database/database.lifecycle';
import { SHARED_MIGRATIONS, TENANT_MIGRATIONS } from './database/migrations';
import { Migrator, SHARED_MIGRATION_LIST, TENANT_MIGRATION_LIST } from './database/migrator';
import { repositories } from './repositories';
import { services } from './services';
import { CORE_CONFIG } from './tokens';

export interface CoreModuleOptions {
  /** Replaces the tenant migrations (tests add a failing or an extra one). */
  tenantMigrations?: readonly MigrationInterface[];
  /** Replaces the clock (tests freeze time). */
  clock?: Clock;
}

/** Core: controllers -> services -> repositories -> the tenant-aware Database. */
@Module({})
export class CoreModule {
  static forRoot(config: CoreConfig, options: CoreModuleOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN })],
      controllers,
      providers: [
        { provide: CORE_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: () =>
            createDataSource({
              url: config.DATABASE_URL,
              poolSize: config.DATABASE_POOL_SIZE,
              connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
            }),
        },
        { provide: SHARED_MIGRATION_LIST, useValue: SHARED_MIGRATIONS },
        { provide: TENANT_MIGRATION_LIST, useValue: options.tenantMigrations ?? TENANT_MIGRATIONS },
        { provide: Clock, useValue: options.clock ?? new Clock() },
        Database,
        Migrator,
        DatabaseLifecycle,
        UserIdGuard,
        ...repositories,
        ...services,
      ],
    };
  }
}
