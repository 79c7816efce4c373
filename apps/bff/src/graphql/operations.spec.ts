import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

const dir = path.resolve(__dirname, '../../../../graphql');

describe("graphql/operations/*.graphql (the portal's shared operations)", () => {
  const schema = buildSchema(readFileSync(path.join(dir, 'schema.graphql'), 'utf8'));
  const files = readdirSync(path.join(dir, 'operations')).filter((f) => f.endsWith('.graphql'));

  it.each(files)('%s is valid against schema.graphql', (file) => {
    const errors = validate(schema, parse(readFileSync(path.join(dir, 'operations', file), 'utf8')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
