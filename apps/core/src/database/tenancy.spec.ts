import { TENANT_SCHEMA_PATTERN, quoteIdent, tenantSchemaName } from './tenancy';

describe('tenantSchemaName', () => {
  it('derives studio_<32 hex> from the studio id', () => {
    expect(tenantSchemaName('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(
      'studio_0f8fad5bd9cb469fa16570867728950e',
    );
    expect(tenantSchemaName('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(
      'studio_0f8fad5bd9cb469fa16570867728950e',
    );
    expect(tenantSchemaName('0f8fad5b-d9cb-469f-a165-70867728950e')).toMatch(TENANT_SCHEMA_PATTERN);
  });

  it.each([
    ['acme'],
    ['core'],
    ['x"; DROP SCHEMA core CASCADE; --'],
    ['0f8fad5b-d9cb-469f-a165-70867728950'],
  ])('refuses anything that is not a UUID: %s', (input) => {
    expect(() => tenantSchemaName(input)).toThrow(/must be a UUID/);
  });

  it('quotes identifiers', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
