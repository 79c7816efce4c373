/**
 * The one place that names PostgreSQL schemas. Studio schemas are derived from the studio's
 * generated UUID, never from anything a caller typed, so a name can never smuggle SQL.
 */
export const SHARED_SCHEMA = 'core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const TENANT_SCHEMA_PATTERN = /^studio_[0-9a-f]{32}$/;

export function isUuid(value: string): boolean {
  return UUID.test(value.toLowerCase());
}

export function tenantSchemaName(studioId: string): string {
  const id = studioId.toLowerCase();
  if (!UUID.test(id)) throw new Error('tenantSchemaName: a studio id must be a UUID');
  return `studio_${id.replace(/-/g, '')}`;
}

export function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
