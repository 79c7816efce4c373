import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';
import { Database } from './database';
import { tenantSchemaName } from './tenancy';

export const SHARED_MIGRATION_LIST = Symbol('SHARED_MIGRATION_LIST');
export const TENANT_MIGRATION_LIST = Symbol('TENANT_MIGRATION_LIST');

// Advisory lock keys: (namespace, key) pairs of pg_advisory_xact_lock(int, int).
const LOCK_NAMESPACE = 0x67_74; // "gt"
const SHARED_LOCK_KEY = 1;

export interface MigrationReport {
  shared: string[];
  tenants: { studioId: string; applied: string[] }[];
  skippedStudios: string[];
}

function nameOf(m: MigrationInterface): string {
  return m.name ?? m.constructor.name;
}

/**
 * Applies the two tiers of migrations. Safe to re-run and to run concurrently (two instances
 * starting at once): each tier runs in one transaction per schema under an advisory lock, and
 * applied names are recorded in that schema's schema_migrations table.
 */
@Injectable()
export class Migrator {
  private readonly logger = new Logger('Migrator');

  constructor(
    private readonly db: Database,
    @Inject(SHARED_MIGRATION_LIST) private readonly sharedMigrations: readonly MigrationInterface[],
    @Inject(TENANT_MIGRATION_LIST) private readonly tenantMigrations: readonly MigrationInterface[],
  ) {}

  /** Shared tier, then every studio in the registry. */
  async migrateAll(): Promise<MigrationReport> {
    const shared = await this.migrateShared();
    const studios = await this.db.sharedQuery<{ id: string }>(
      'SELECT id FROM core.studios ORDER BY created_at, id',
    );
    const report: MigrationReport = { shared, tenants: [], skippedStudios: [] };
    for (const { id } of studios) {
      // A studio deleted since the list was read has no schema any more: skip it.
      const applied = await this.db.transaction(async () =>
        (await this.db.tenantSchemaExists(id))
          ? this.db.inTenant(id, () => this.applyTenantMigrations())
          : null,
      );
      if (applied === null) report.skippedStudios.push(id);
      else report.tenants.push({ studioId: id, applied });
    }
    return report;
  }

  async migrateShared(): Promise<string[]> {
    return this.db.transaction(async () => {
      await this.db.sharedQuery('SELECT pg_catalog.pg_advisory_xact_lock($1, $2)', [
        LOCK_NAMESPACE,
        SHARED_LOCK_KEY,
      ]);
      await this.db.sharedExecute('CREATE SCHEMA IF NOT EXISTS core');
      await this.db.sharedExecute(
        'CREATE TABLE IF NOT EXISTS core.schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await this.db.sharedQuery<{ name: string }>('SELECT name FROM core.schema_migrations')).map(
          (r) => r.name,
        ),
      );
      const applied: string[] = [];
      for (const m of this.sharedMigrations) {
        const name = nameOf(m);
        if (done.has(name)) continue;
        await m.up(this.db.currentRunner());
        await this.db.sharedExecute('INSERT INTO core.schema_migrations (name) VALUES ($1)', [name]);
        applied.push(name);
      }
      this.warnAboutUnknown('shared', done, this.sharedMigrations);
      return applied;
    });
  }

  /**
   * Brings the bound studio schema up to date. Must run inside Database.inTenant (studio
   * creation calls it in the creating transaction; migrateAll in one transaction per studio).
   */
  async applyTenantMigrations(): Promise<string[]> {
    const studioId = this.db.currentTenant();
    if (!studioId) throw new Error('applyTenantMigrations must run inside a tenant scope');
    // One migrator per studio schema at a time, keyed by the schema name.
    await this.db.tenantQuery('SELECT pg_catalog.pg_advisory_xact_lock($1, pg_catalog.hashtext($2))', [
      LOCK_NAMESPACE + 1,
      tenantSchemaName(studioId),
    ]);
    await this.db.tenantExecute(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await this.db.tenantQuery<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of this.tenantMigrations) {
      const name = nameOf(m);
      if (done.has(name)) continue;
      await m.up(this.db.currentRunner());
      await this.db.tenantExecute('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    this.warnAboutUnknown(`studio ${studioId}`, done, this.tenantMigrations);
    return applied;
  }

  private warnAboutUnknown(where: string, done: Set<string>, known: readonly MigrationInterface[]): void {
    const names = new Set(known.map(nameOf));
    const unknown = [...done].filter((n) => !names.has(n));
    // A newer release migrated this database; this (older) code still runs, but say so.
    if (unknown.length)
      this.logger.warn({ where, unknown }, 'database has migrations this version does not know');
  }
}
