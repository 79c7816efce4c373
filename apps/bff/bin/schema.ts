// Writes graphql/schema.graphql from the code-first schema, without any service running:
//   node -r ./tools/build/register.js apps/bff/bin/schema.ts [outFile]
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildSchemaSdl } from '../src/graphql/schema-sdl';

const root = path.resolve(__dirname, '../../..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'graphql/schema.graphql'));

buildSchemaSdl().then(
  (sdl) => {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, sdl);
    console.log(`[codegen] wrote ${path.relative(process.cwd(), out)}`);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
