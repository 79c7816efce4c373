// Shared jest configuration. Each project's jest.config.js calls forProject(__dirname).
// The tier comes from JEST_TIER (set by tools/jest/run.mjs, which the Nx targets call):
//   unit -> *.spec.ts      (fast, next to the code, no I/O)
//   int  -> *.int-spec.ts  (real PostgreSQL, Kafka, Redis, InfluxDB, SMTP from tools/infra)
//   e2e  -> *.e2e-spec.ts  (real browser against the running platform)
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '../..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
}

const tiers = {
  unit: { match: ['**/*.spec.ts', '**/*.spec.tsx'], timeout: 15_000 },
  int: { match: ['**/*.int-spec.ts'], timeout: 120_000 },
  e2e: { match: ['**/*.e2e-spec.ts'], timeout: 300_000 },
};

function forProject(projectDir, overrides = {}) {
  const tier = process.env.JEST_TIER || 'unit';
  const t = tiers[tier];
  if (!t) throw new Error(`JEST_TIER must be one of ${Object.keys(tiers).join(', ')}, got ${tier}`);
  return {
    rootDir: projectDir,
    displayName: `${path.relative(root, projectDir)} (${tier})`,
    testEnvironment: 'node',
    testMatch: t.match.map((m) => `<rootDir>/${m}`),
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
    moduleNameMapper,
    testTimeout: t.timeout,
    ...overrides,
  };
}

module.exports = { forProject, root };
