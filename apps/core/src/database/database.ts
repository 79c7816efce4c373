import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { translateDatabaseError } from './database-errors';
import { quoteIdent, tenantSchemaName } from './tenancy';

/** Raised when tenant data is touched without a bound tenant: a programming error, never user input. */
export class TenantScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantScopeError';
  }
}

interface TenantBinding {
  studioId: string;
  schema: string;
}

interface TransactionScope {
  runner: QueryRunner;
  tenant: TenantBinding | null;
}

export type SqlParams = readonly unknown[];

/**
 * The tenant-aware data layer: the only class that runs SQL (repositories call it).
 *
 * - Every connection starts with `search_path = pg_catalog`, so an unqualified table name
 *   resolves to nothing outside a tenant scope. Shared tables are always written `core.x`.
 * - `inTenant(studioId, fn)` runs `fn` in a transaction whose `SET LOCAL search_path` names the
 *   studio's schema. SET LOCAL ends with the transaction, so a pooled connection can never carry
 *   one studio's scope into another request.
 * - The current transaction travels in AsyncLocalStorage, so repositories called inside a scope
 *   share its connection (no second pool checkout, no deadlock on a small pool) and tenant
 *   queries outside a scope throw TenantScopeError before any SQL is sent.
 */
@Injectable()
export class Database {
  private readonly scope = new AsyncLocalStorage<TransactionScope>();

  constructor(private readonly dataSource: DataSource) {}

  /** The studio bound to the current transaction, if any. */
  currentTenant(): string | null {
    return this.scope.getStore()?.tenant?.studioId ?? null;
  }

  /**
   * Runs fn in one transaction. Nested calls join the outer transaction, so a service can
   * compose repository calls without caring who opened it.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.scope.getStore()) return fn();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const result = await this.scope.run({ runner, tenant: null }, fn);
      await runner.commitTransaction();
      return result;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw translateDatabaseError(e);
    } finally {
      await runner.release().catch(() => undefined);
    }
  }

  /**
   * Runs fn with the studio's schema bound. Outside a transaction this opens one; inside a
   * shared (unbound) transaction it binds the tenant for fn only and unbinds afterwards, so
   * studio creation and invitation acceptance stay atomic across shared and tenant tables.
   * Binding a second, different studio while one is bound is refused.
   */
  async inTenant<T>(studioId: string, fn: () => Promise<T>): Promise<T> {
    const schema = tenantSchemaName(studioId);
    const outer = this.scope.getStore();
    if (!outer) return this.transaction(() => this.inTenant(studioId, fn));
    if (outer.tenant) {
      if (outer.tenant.schema === schema) return fn();
      throw new TenantScopeError('A transaction bound to one studio cannot bind another');
    }
    await this.run(outer.runner, `SET LOCAL search_path TO ${quoteIdent(schema)}`, []);
    try {
      return await this.scope.run(
        { runner: outer.runner, tenant: { studioId: studioId.toLowerCase(), schema } },
        fn,
      );
    } finally {
      // Unbind even when fn failed and the caller recovers: the rest of the transaction must
      // not run in this studio's schema. (In an aborted transaction this fails, harmlessly.)
      await this.run(outer.runner, 'SET LOCAL search_path TO DEFAULT', []).catch(() => undefined);
    }
  }

  /** SQL on tenant tables (unqualified names). Throws when no studio is bound. */
  async tenantQuery<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    const scope = this.requireTenant();
    return (await this.run(scope.runner, sql, params)).records as T[];
  }

  /** Like tenantQuery, for statements: returns the number of affected rows. */
  async tenantExecute(sql: string, params: SqlParams = []): Promise<number> {
    const scope = this.requireTenant();
    return (await this.run(scope.runner, sql, params)).affected;
  }

  /** SQL on shared tables (always qualified `core.x`): joins the current transaction if any. */
  async sharedQuery<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await this.runShared(sql, params)).records as T[];
  }

  async sharedExecute(sql: string, params: SqlParams = []): Promise<number> {
    return (await this.runShared(sql, params)).affected;
  }

  /**
   * A one-statement read of shared tables for hot paths (key validation): a named prepared
   * statement straight on the pool, so PostgreSQL parses and plans it once per connection and
   * no query runner is set up per call. Inside a transaction it joins it like sharedQuery.
   */
  async sharedLookup<T>(statementName: string, sql: string, params: SqlParams = []): Promise<T[]> {
    if (this.scope.getStore()) return this.sharedQuery<T>(sql, params);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
    if (!pool) return this.sharedQuery<T>(sql, params);
    try {
      return (await pool.query({ name: statementName, text: sql, values: params as unknown[] })).rows as T[];
    } catch (e) {
      throw translateDatabaseError(e);
    }
  }

  /** Creates the studio's empty schema inside the current transaction (studio creation). */
  async createTenantSchema(studioId: string): Promise<void> {
    const runner = this.requireTransaction('createTenantSchema');
    await this.run(runner, `CREATE SCHEMA ${quoteIdent(tenantSchemaName(studioId))}`, []);
  }

  /** Drops the studio's schema and everything in it, inside the current transaction. */
  async dropTenantSchema(studioId: string): Promise<void> {
    const runner = this.requireTransaction('dropTenantSchema');
    await this.run(runner, `DROP SCHEMA IF EXISTS ${quoteIdent(tenantSchemaName(studioId))} CASCADE`, []);
  }

  async tenantSchemaExists(studioId: string): Promise<boolean> {
    const rows = await this.sharedQuery<{ exists: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS exists',
      [tenantSchemaName(studioId)],
    );
    return rows[0]?.exists ?? false;
  }

  /** The query runner of the current scope: for the migrator, which hands it to TypeORM migrations. */
  currentRunner(): QueryRunner {
    return this.requireTransaction('currentRunner');
  }

  async ping(): Promise<void> {
    await this.sharedQuery('SELECT 1');
  }

  private requireTenant(): TransactionScope {
    const scope = this.scope.getStore();
    if (!scope?.tenant) throw new TenantScopeError('Tenant data accessed outside a tenant scope');
    return scope;
  }

  private requireTransaction(what: string): QueryRunner {
    const scope = this.scope.getStore();
    if (!scope) throw new TenantScopeError(`${what} must run inside a transaction`);
    return scope.runner;
  }

  private async runShared(sql: string, params: SqlParams): Promise<{ records: unknown[]; affected: number }> {
    const scope = this.scope.getStore();
    if (scope) return this.run(scope.runner, sql, params);
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.run(runner, sql, params);
    } finally {
      await runner.release().catch(() => undefined);
    }
  }

  private async run(
    runner: QueryRunner,
    sql: string,
    params: SqlParams,
  ): Promise<{ records: unknown[]; affected: number }> {
    try {
      const result = await runner.query(sql, params as unknown[], true);
      return { records: result.records ?? [], affected: result.affected ?? 0 };
    } catch (e) {
      throw translateDatabaseError(e);
    }
  }
}
