import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@gt/service-kit';
import { DataSource } from 'typeorm';
import { CORE_CONFIG } from '../tokens';
import type { CoreConfig } from '../config';
import { Database } from './database';
import { Migrator } from './migrator';

/**
 * Connects at start-up (waiting up to DATABASE_STARTUP_WAIT_SECONDS for PostgreSQL), runs both
 * migration tiers when MIGRATE_ON_START, reports readiness, and closes the pool last on shutdown.
 */
@Injectable()
export class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly dataSource: DataSource,
    private readonly db: Database,
    private readonly migrator: Migrator,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('postgres', () => this.db.ping());
    await this.connect();
    if (this.config.MIGRATE_ON_START) {
      const report = await this.migrator.migrateAll();
      this.logger.log(
        {
          shared: report.shared,
          studios: report.tenants.length,
          studiosMigrated: report.tenants.filter((t) => t.applied.length > 0).length,
        },
        'migrations applied',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async connect(): Promise<void> {
    const deadline = Date.now() + this.config.DATABASE_STARTUP_WAIT_SECONDS * 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.initialize();
        return;
      } catch (e) {
        if (Date.now() >= deadline) {
          throw new Error(
            `PostgreSQL is not reachable after ${this.config.DATABASE_STARTUP_WAIT_SECONDS} s: ${(e as Error).message}`,
          );
        }
        this.logger.warn({ attempt, error: (e as Error).message }, 'waiting for PostgreSQL');
        await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
      }
    }
  }
}
