// Compiles the TypeScript of every app and lib (not the portal, which Vite builds) into dist/,
// keeping the tree: dist/apps/core/src/main.js. Library aliases (@gt/*) are rewritten to
// relative paths at compile time, so the output runs on plain node with no loader.
// swc takes ~1 s for the whole repo, so every project's build compiles everything.
import { transformFileSync } from '@swc/core';
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const paths = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => p.replace(/^\.\//, ''))]),
);

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) && !name.endsWith('.d.ts'))
      out.push(p);
  }
  return out;
}

const files = [];
for (const group of ['apps', 'libs']) {
  const g = path.join(root, group);
  if (!existsSync(g)) continue;
  for (const proj of readdirSync(g)) {
    if (proj === 'portal') continue;
    for (const sub of ['src', 'bin']) walk(path.join(g, proj, sub), files);
  }
}
let n = 0;
for (const file of files) {
  const rel = path.relative(root, file);
  const outFile = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
  const { code, map } = transformFileSync(file, {
    ...swcrc,
    swcrc: false,
    filename: file,
    sourceFileName: path.relative(path.dirname(outFile), file),
    jsc: { ...swcrc.jsc, baseUrl: root, paths },
  });
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, code + `\n//# sourceMappingURL=${path.basename(outFile)}.map`);
  if (map) writeFileSync(outFile + '.map', map);
  n++;
}
console.log(`[build] compiled ${n} files into dist/ (${process.argv[2] ?? 'all'})`);
