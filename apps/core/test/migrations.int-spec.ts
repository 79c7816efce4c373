// The two migration tiers: the migrate command is safe to re-run and to run concurrently, and
// a migration added later reaches every studio schema exactly once.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runMigrations } from '../bin/migrate';
import { TENANT_MIGRATIONS } from '../src/database/migrations';
import { tenantSchemaName } from '../src/database/tenancy';
import { AddProbe1800000000001 } from './fixtures/probe-migration';
import { createTestDatabase, signIn, startCore, type TestDatabase } from './helpers';

const root = path.resolve(__dirname, '../../..');

class AddSecondProbe1800000000002 implements MigrationInterface {
  name = 'AddSecondProbe1800000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query('INSERT INTO probe DEFAULT VALUES');
  }
  async down(): Promise<void> {}
}

function migrateCommand(databaseUrl: string, script: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['-r', './tools/build/register.js', script], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('migrations', () => {
  let db: TestDatabase;
  const studios: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const core = await startCore(db.url);
    try {
      const owner = await signIn(core.api, 'm@m.example');
      for (const name of ['One', 'Two', 'Three'])
        studios.push((await core.api.as(owner).post('/studios', { name })).body.id);
    } finally {
      await core.close();
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  const probeRows = async (studioId: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tenantSchemaName(studioId)}.probe`))[0]!
      .n;
  const recorded = async (studioId: string, name: string) =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${tenantSchemaName(studioId)}.schema_migrations WHERE name = $1`,
        [name],
      )
    )[0]!.n;

  it('applies an added tenant migration to every studio once when the migrate command runs twice', async () => {
    const first = migrateCommand(db.url, 'apps/core/test/fixtures/migrate-with-probe.ts');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/studio schemas: 3 checked, 3 migrated/);
    expect(first.out.match(/: AddProbe1800000000001/g)).toHaveLength(3);
    const second = migrateCommand(db.url, 'apps/core/test/fixtures/migrate-with-probe.ts');
    expect(second.status).toBe(0);
    expect(second.out).toMatch(/studio schemas: 3 checked, 0 migrated/);
    // And in-process, the same function reports nothing left to do.
    const third = await runMigrations(db.url, [...TENANT_MIGRATIONS, new AddProbe1800000000001()]);
    expect(third.tenants.map((t) => t.applied)).toEqual([[], [], []]);
    for (const id of studios) {
      expect(await probeRows(id)).toBe(1);
      expect(await recorded(id, 'AddProbe1800000000001')).toBe(1);
    }
  });

  it('applies a migration once even when two migrators run at the same time', async () => {
    const migrations = [...TENANT_MIGRATIONS, new AddProbe1800000000001(), new AddSecondProbe1800000000002()];
    const [a, b] = await Promise.all([runMigrations(db.url, migrations), runMigrations(db.url, migrations)]);
    // Each studio was migrated by exactly one of the two.
    const appliedPerStudio = studios.map(
      (id) =>
        (a.tenants.find((t) => t.studioId === id)?.applied.length ?? 0) +
        (b.tenants.find((t) => t.studioId === id)?.applied.length ?? 0),
    );
    expect(appliedPerStudio).toEqual([1, 1, 1]);
    for (const id of studios) {
      expect(await probeRows(id)).toBe(2);
      expect(await recorded(id, 'AddSecondProbe1800000000002')).toBe(1);
    }
  });

  it('gives a studio created later every migration at creation, and start-up migrates the rest', async () => {
    const migrations = [...TENANT_MIGRATIONS, new AddProbe1800000000001()];
    const core = await startCore(db.url, { module: { tenantMigrations: migrations } });
    try {
      const owner = await signIn(core.api, 'late@m.example');
      const late = (await core.api.as(owner).post('/studios', { name: 'Late' })).body.id;
      expect(await probeRows(late)).toBe(1);
      expect(await recorded(late, 'AddProbe1800000000001')).toBe(1);
    } finally {
      await core.close();
    }
  });
});
