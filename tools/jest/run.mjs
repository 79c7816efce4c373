// Runs one jest tier for one project and writes its JSON report to .reports/jest/,
// which tools/jest/summary.mjs adds up into the `N passed, N failed` line.
// Usage: node tools/jest/run.mjs <unit|int|e2e> <projectName> <projectRoot> [jest args...]
import { spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [tier, project, projectRoot, ...rest] = process.argv.slice(2);
if (!tier || !project || !projectRoot) {
  console.error('usage: run.mjs <unit|int|e2e> <projectName> <projectRoot>');
  process.exit(2);
}
const config = path.join(root, projectRoot, 'jest.config.js');
if (!existsSync(config)) {
  console.log(`[jest] ${project}: no jest.config.js, nothing to run`);
  process.exit(0);
}
const reports = path.join(root, '.reports', 'jest');
mkdirSync(reports, { recursive: true });
const args = [
  path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
  '-c',
  config,
  '--ci',
  '--passWithNoTests',
  '--json',
  `--outputFile=${path.join(reports, `${project}.${tier}.json`)}`,
];
// Integration and browser tests share one local stack: run their files one at a time.
if (tier !== 'unit') args.push('--runInBand');
args.push(...rest);
const r = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, JEST_TIER: tier },
});
process.exit(r.status ?? 1);
