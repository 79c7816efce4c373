// Component tests (unit tier, *.spec.tsx) in jsdom, and the browser tests (e2e tier,
// test/*.e2e-spec.ts) in Node. The tier comes from tools/jest/run.mjs (JEST_TIER).
const path = require('node:path');
const { forProject, root } = require('../../tools/jest/config');

const tier = process.env.JEST_TIER || 'unit';
const base = forProject(__dirname);

// React without the classic JSX import; TSX on; CommonJS output, which jest runs.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports =
  tier === 'unit'
    ? forProject(__dirname, {
        testEnvironment: path.join(__dirname, 'test', 'jsdom-environment.js'),
        testMatch: ['<rootDir>/src/**/*.spec.tsx', '<rootDir>/src/**/*.spec.ts'],
        transform: { '^.+\\.(t|j)sx?$': swc },
        moduleNameMapper: {
          ...base.moduleNameMapper,
          '\\.css$': path.join(__dirname, 'test', 'style-stub.js'),
        },
        setupFilesAfterEnv: [path.join(__dirname, 'src', 'test', 'setup.ts')],
      })
    : forProject(__dirname, {
        // The e2e suite drives a real browser; jest only orchestrates, in Node.
        testEnvironment: 'node',
        roots: [path.join(__dirname, 'test')],
        modulePaths: [path.join(root, 'node_modules')],
      });
