// The migration command: the shared schema, then every studio schema in the registry, one
// transaction per schema under advisory locks. Safe to re-run (applied migrations are recorded
// per schema) and safe beside a running core (which runs the same thing at start-up).
// Usage: node -r ./tools/build/register.js apps/core/bin/migrate.ts   (or node dist/apps/core/bin/migrate.js)
// Reads DATABASE_URL (default: the local development cluster).
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@gt/service-kit';
import { coreConfigSpec } from '../src/config';
import { createDataSource } from '../src/database/data-source';
import { Database } from '../src/database/database';
import { SHARED_MIGRATIONS, TENANT_MIGRATIONS } from '../src/database/migrations';
import { Migrator, type MigrationReport } from '../src/database/migrator';

export async function runMigrations(
  databaseUrl: string,
  tenantMigrations = TENANT_MIGRATIONS,
): Promise<MigrationReport> {
  const dataSource = createDataSource({
    url: databaseUrl,
    poolSize: 2,
    connectTimeoutMs: 5000,
    applicationName: 'gt-core-migrate',
  });
  await dataSource.initialize();
  try {
    return await new Migrator(new Database(dataSource), SHARED_MIGRATIONS, tenantMigrations).migrateAll();
  } finally {
    await dataSource.destroy();
  }
}

/** The command; tests call it with an added migration to run "the migrate command" for real. */
export async function main(tenantMigrations = TENANT_MIGRATIONS): Promise<void> {
  const config = loadConfig({ DATABASE_URL: coreConfigSpec.DATABASE_URL });
  const report = await runMigrations(config.DATABASE_URL, tenantMigrations);
  const changed = report.tenants.filter((t) => t.applied.length > 0);
  process.stdout.write(
    [
      `shared schema: ${report.shared.length ? `applied ${report.shared.join(', ')}` : 'up to date'}`,
      `studio schemas: ${report.tenants.length} checked, ${changed.length} migrated` +
        (report.skippedStudios.length ? `, ${report.skippedStudios.length} skipped (deleted meanwhile)` : ''),
      ...changed.map((t) => `  studio ${t.studioId}: ${t.applied.join(', ')}`),
      '',
    ].join('\n'),
  );
}

export function runCommand(tenantMigrations = TENANT_MIGRATIONS): void {
  main(tenantMigrations).catch((e: unknown) => {
    process.stderr.write(
      e instanceof ConfigError ? `${e.message}\n` : `migration failed: ${(e as Error).stack ?? String(e)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) runCommand();
