import type { DataSource, QueryRunner } from 'typeorm';
import { Database, TenantScopeError } from './database';

const A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** A DataSource whose query runners record the SQL they are given. */
function fakeDataSource(opts: { failOn?: RegExp } = {}) {
  const log: string[] = [];
  const dataSource = {
    createQueryRunner: () => {
      let active = false;
      const runner = {
        connect: async () => undefined,
        startTransaction: async () => {
          active = true;
          log.push('BEGIN');
        },
        commitTransaction: async () => {
          active = false;
          log.push('COMMIT');
        },
        rollbackTransaction: async () => {
          active = false;
          log.push('ROLLBACK');
        },
        release: async () => void log.push('RELEASE'),
        get isTransactionActive() {
          return active;
        },
        query: async (sql: string) => {
          log.push(sql);
          if (opts.failOn?.test(sql)) throw Object.assign(new Error('boom'), { code: '42P01' });
          return { records: [{ ok: 1 }], affected: 1 };
        },
      };
      return runner as unknown as QueryRunner;
    },
  } as unknown as DataSource;
  return { db: new Database(dataSource), log };
}

describe('Database', () => {
  it('binds the studio schema with SET LOCAL inside one transaction', async () => {
    const { db, log } = fakeDataSource();
    await db.inTenant(A, async () => {
      expect(db.currentTenant()).toBe(A);
      await db.tenantQuery('SELECT 1 FROM games');
    });
    expect(log).toEqual([
      'BEGIN',
      'SET LOCAL search_path TO "studio_0f8fad5bd9cb469fa16570867728950e"',
      'SELECT 1 FROM games',
      'SET LOCAL search_path TO DEFAULT',
      'COMMIT',
      'RELEASE',
    ]);
    expect(db.currentTenant()).toBeNull();
  });

  it('throws TenantScopeError for tenant SQL outside a scope, before any SQL is sent', async () => {
    const { db, log } = fakeDataSource();
    await expect(db.tenantQuery('SELECT 1 FROM games')).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tenantExecute('DELETE FROM games')).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.createTenantSchema(A)).rejects.toBeInstanceOf(TenantScopeError);
    expect(log).toEqual([]);
  });

  it('refuses to bind a second studio in a transaction bound to another', async () => {
    const { db } = fakeDataSource();
    await expect(db.inTenant(A, () => db.inTenant(B, async () => 1))).rejects.toBeInstanceOf(
      TenantScopeError,
    );
    await expect(db.inTenant(A, () => db.inTenant(A, async () => 2))).resolves.toBe(2);
  });

  it('binds and unbinds tenants one after another inside a shared transaction', async () => {
    const { db, log } = fakeDataSource();
    await db.transaction(async () => {
      await db.sharedQuery('SELECT 1 FROM core.studios');
      await db.inTenant(A, () => db.tenantQuery('INSERT INTO audit_log DEFAULT VALUES'));
      await db.inTenant(B, () => db.tenantQuery('INSERT INTO audit_log DEFAULT VALUES'));
    });
    expect(log.filter((l) => l.startsWith('SET LOCAL'))).toEqual([
      'SET LOCAL search_path TO "studio_0f8fad5bd9cb469fa16570867728950e"',
      'SET LOCAL search_path TO DEFAULT',
      'SET LOCAL search_path TO "studio_7c9e6679742540de944be07fc1f90ae7"',
      'SET LOCAL search_path TO DEFAULT',
    ]);
    expect(log.filter((l) => l === 'BEGIN')).toHaveLength(1);
  });

  it('rolls back and releases the connection when the work fails', async () => {
    const { db, log } = fakeDataSource({ failOn: /games/ });
    await expect(db.inTenant(A, () => db.tenantQuery('SELECT * FROM games'))).rejects.toThrow('boom');
    expect(log.slice(-2)).toEqual(['ROLLBACK', 'RELEASE']);
    expect(log).not.toContain('COMMIT');
  });

  it('refuses a studio id that is not a UUID before touching the database', async () => {
    const { db, log } = fakeDataSource();
    await expect(db.inTenant('acme"; DROP SCHEMA core; --', async () => 1)).rejects.toThrow(/must be a UUID/);
    expect(log).toEqual([]);
  });
});
