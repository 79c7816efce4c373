import { DataSource } from 'typeorm';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  applicationName?: string;
}

/**
 * TypeORM over node-postgres. Core uses TypeORM for the pool, query runners, transactions and
 * the migration interface, and writes its SQL by hand in repositories: with a schema per studio
 * and tables resolved through search_path, explicit SQL keeps visible which schema a statement
 * touches (docs/core.md, "Why SQL in repositories").
 */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    poolSize: opts.poolSize,
    connectTimeoutMS: opts.connectTimeoutMs,
    applicationName: opts.applicationName ?? 'gt-core',
    synchronize: false,
    migrationsRun: false,
    entities: [],
    logging: false,
    extra: {
      // No schema on the path by default: unqualified (tenant) table names only resolve inside
      // a tenant transaction, which sets its own search_path with SET LOCAL.
      options: '-c search_path=pg_catalog',
      idleTimeoutMillis: 30_000,
    },
  });
}
