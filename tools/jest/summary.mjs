// Adds up jest's JSON reports in .reports/jest and prints the one line CI reads.
// A suite that failed to load (syntax error, missing module) has no failed tests in jest's
// count, so it is counted as one failure here: a broken file must never read as green.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.reports', 'jest');
let passed = 0,
  failed = 0,
  skipped = 0;
const extra = process.argv.slice(2).map(Number);
if (existsSync(dir)) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const s of r.testResults ?? []) {
      if (s.status === 'failed' && (s.assertionResults ?? []).every((a) => a.status !== 'failed'))
        failed += 1;
    }
  }
}
// Failures of steps that are not jest (format, lint, typecheck, drift) are passed in as counts.
for (const n of extra) if (Number.isFinite(n)) failed += n;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
