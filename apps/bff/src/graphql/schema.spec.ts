import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchemaSdl } from './schema-sdl';

describe('graphql/schema.graphql', () => {
  it('matches the schema the code builds (regenerate with bash tools/codegen/bff.sh)', async () => {
    const committed = readFileSync(path.resolve(__dirname, '../../../../graphql/schema.graphql'), 'utf8');
    expect(await buildSchemaSdl()).toBe(committed);
  }, 60_000);
});
