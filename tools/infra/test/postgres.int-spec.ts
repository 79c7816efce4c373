import { Client } from 'pg';
import { infra, uniqueId } from '@gt/testing';

describe('PostgreSQL (own cluster)', () => {
  const client = new Client({ connectionString: infra.postgres.url });
  const schema = uniqueId('infra_it');

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('runs the configured server and settings', async () => {
    const { rows } = await client.query<{
      version: string;
      fsync: string;
      max: string;
      db: string;
      usr: string;
    }>(
      `SELECT current_setting('server_version_num') AS version, current_setting('fsync') AS fsync,
              current_setting('max_connections') AS max, current_database() AS db, current_user AS usr`,
    );
    expect(Number(rows[0]!.version)).toBeGreaterThanOrEqual(150000);
    expect(rows[0]!.fsync).toBe('on');
    expect(Number(rows[0]!.max)).toBeGreaterThanOrEqual(200);
    expect(rows[0]!.db).toBe(infra.postgres.database);
    expect(rows[0]!.usr).toBe(infra.postgres.user);
  });

  it('creates a schema and a table, writes and reads, drops', async () => {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      `CREATE TABLE ${schema}.events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(`INSERT INTO ${schema}.events (name) VALUES ($1), ($2)`, [
      'level_start',
      'level_complete',
    ]);
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${schema}.events ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['level_complete', 'level_start']);

    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    const left = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
      schema,
    ]);
    expect(left.rowCount).toBe(0);
  });
});
