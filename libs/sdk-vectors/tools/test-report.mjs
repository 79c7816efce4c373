// Turns an NUnit 2.6 result file or a GoogleTest XML report into the jest JSON summary that
// tools/jest/summary.mjs adds up (numPassedTests, numFailedTests, numPendingTests, testResults),
// so the engine SDKs' tests count in the repository's `N passed, N failed` line.
//   node test-report.mjs nunit <TestResult.xml> <out.json> <suite name>
//   node test-report.mjs gtest <report.xml> <out.json> <suite name>
//   node test-report.mjs failed <reason> <out.json> <suite name>     (the build itself failed)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [kind, input, out, suite] = process.argv.slice(2);
if (!kind || !input || !out || !suite) {
  console.error('usage: test-report.mjs <nunit|gtest|failed> <xml|reason> <out.json> <suite>');
  process.exit(2);
}

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m
    ? m[1]
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    : undefined;
};

/** @type {{ group: string, title: string, status: 'passed'|'failed'|'pending', message?: string }[]} */
const cases = [];
let buildFailure;

if (kind === 'failed') {
  buildFailure = input;
} else if (!existsSync(input)) {
  buildFailure = `no test report at ${input}: the test run did not finish`;
} else {
  const xml = readFileSync(input, 'utf8');
  if (kind === 'nunit') {
    // <test-case name="Ns.Fixture.Test" executed="True" result="Success" ...>[<failure><message>...]
    const re = /<test-case\b([^>]*?)(\/>|>([\s\S]*?)<\/test-case>)/g;
    for (let m; (m = re.exec(xml));) {
      const tag = m[1];
      const name = attr(tag, 'name') ?? '?';
      const result = attr(tag, 'result') ?? '';
      const executed = attr(tag, 'executed') === 'True';
      const dot = name.lastIndexOf('.', name.indexOf('(') >= 0 ? name.indexOf('(') : name.length);
      const status =
        executed && result === 'Success'
          ? 'passed'
          : result === 'Ignored' || result === 'Inconclusive' || result === 'Skipped'
            ? 'pending'
            : 'failed';
      const msg = /<message><!\[CDATA\[([\s\S]*?)\]\]><\/message>/.exec(m[3] ?? '');
      cases.push({ group: name.slice(0, dot), title: name.slice(dot + 1), status, message: msg?.[1] });
    }
  } else if (kind === 'gtest') {
    // <testcase name="X" status="run" result="completed" classname="Suite">[<failure message=...>|<skipped .../>]
    const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
    for (let m; (m = re.exec(xml));) {
      const tag = m[1];
      const body = m[3] ?? '';
      const skipped =
        attr(tag, 'result') === 'skipped' || /<skipped\b/.test(body) || attr(tag, 'status') === 'notrun';
      const failed = /<failure\b/.test(body);
      const msg = /<failure\b[^>]*message="([^"]*)"/.exec(body);
      cases.push({
        group: attr(tag, 'classname') ?? '?',
        title: attr(tag, 'name') ?? '?',
        status: failed ? 'failed' : skipped ? 'pending' : 'passed',
        message: msg?.[1],
      });
    }
  } else {
    console.error(`unknown report kind ${kind}`);
    process.exit(2);
  }
  if (cases.length === 0) buildFailure = `the test report ${input} lists no tests`;
}

const groups = new Map();
for (const c of cases) {
  if (!groups.has(c.group)) groups.set(c.group, []);
  groups.get(c.group).push(c);
}
const testResults = [...groups].map(([group, list]) => ({
  name: `${suite} ${group}`,
  status: list.some((c) => c.status === 'failed') ? 'failed' : 'passed',
  message: '',
  assertionResults: list.map((c) => ({
    title: c.title,
    fullName: `${group} ${c.title}`,
    ancestorTitles: [group],
    status: c.status,
    failureMessages: c.message ? [c.message] : [],
  })),
}));
if (buildFailure) {
  testResults.push({
    name: `${suite} (build)`,
    status: 'failed',
    message: buildFailure,
    assertionResults: [
      {
        title: 'build',
        fullName: `${suite} build`,
        ancestorTitles: [],
        status: 'failed',
        failureMessages: [buildFailure],
      },
    ],
  });
}
const count = (s) => cases.filter((c) => c.status === s).length;
const report = {
  numPassedTests: count('passed'),
  numFailedTests: count('failed') + (buildFailure ? 1 : 0),
  numPendingTests: count('pending'),
  numTodoTests: 0,
  numTotalTests: cases.length + (buildFailure ? 1 : 0),
  success: count('failed') === 0 && !buildFailure,
  testResults,
};
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
const line = `[${suite}] ${report.numPassedTests} passed, ${report.numFailedTests} failed${report.numPendingTests ? `, ${report.numPendingTests} skipped` : ''}`;
console.log(buildFailure ? `${line} (${buildFailure})` : line);
for (const c of cases.filter((x) => x.status === 'failed'))
  console.log(`[${suite}] FAILED ${c.group} ${c.title}`);
process.exit(report.success ? 0 : 1);
