import type { MigrationInterface } from 'typeorm';
import { SharedInitial1700000000001 } from './shared/1700000000001-shared-initial';
import { SharedSigningIndex1700000000002 } from './shared/1700000000002-shared-signing-index';
import { TenantInitial1700000000001 } from './tenant/1700000000001-tenant-initial';
import { TenantSigningSecrets1700000000002 } from './tenant/1700000000002-tenant-signing-secrets';

/**
 * Two tiers, each applied in this order and recorded by name in its own schema_migrations
 * table: the shared schema once, and every studio schema (new studios get all of them at
 * creation). Append new migrations at the end; never edit one that has shipped.
 */
export const SHARED_MIGRATIONS: readonly MigrationInterface[] = [
  new SharedInitial1700000000001(),
  new SharedSigningIndex1700000000002(),
];
export const TENANT_MIGRATIONS: readonly MigrationInterface[] = [
  new TenantInitial1700000000001(),
  new TenantSigningSecrets1700000000002(),
];
