#!/usr/bin/env node
// Runs the whole vitest suite from source and prints a closing line `N passed, N failed`
// computed from vitest's JSON report (vitest's own summary line is not in that form).
// Extra arguments are passed to vitest (for example a file filter).
//
// Suites that need a server this machine lacks (a PostgreSQL server, openssl for FTPS) skip with
// a test titled `skipped: <what to set or install>`. Every such skip is listed loudly at the end.
// With DROPSHIP_REQUIRE_SERVERS=1 (set by .ci/run) each one counts as a failure instead: CI never
// turns a missing server into a silent green.
//
// "failed" counts failed tests, plus each test file that failed without a failed test (it did not
// import, or a hook threw, so its tests never ran), plus one when vitest itself exited with an
// error the report does not show (an unhandled error). vitest's own `numFailedTestSuites` is not
// used: it counts every describe block around a failed test, so one failure would count several
// times.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const outputDirectory = join(process.cwd(), '.test-results');
const reportFile = join(outputDirectory, 'vitest.json');
mkdirSync(outputDirectory, { recursive: true });
rmSync(reportFile, { force: true });

const result = spawnSync(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

const requireServers = process.env.DROPSHIP_REQUIRE_SERVERS === '1';
let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];
/** `file: title` of every test skipped for want of a server (title `skipped: ...`). */
const serverSkips = [];
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((assertion) => assertion.status === 'failed').length;
    for (const assertion of file.assertionResults ?? []) {
      const title = String(assertion.title ?? '');
      if ((assertion.status === 'skipped' || assertion.status === 'pending') && title.startsWith('skipped:')) {
        serverSkips.push(`${relative(process.cwd(), file.name)}: ${title}`);
      }
    }
    failed += failedTests;
    if (file.status === 'failed' && failedTests === 0) {
      failed += 1;
      const message = String(file.message ?? '').split('\n')[0];
      notes.push(
        `test: ${relative(process.cwd(), file.name)} failed before its tests ran${message ? `: ${message}` : ''}`,
      );
    }
  }
} catch {
  notes.push('test: vitest wrote no JSON report; counting the run as failed');
}
if (result.status !== 0 && failed === 0) {
  failed = 1;
  notes.push(
    `test: vitest exited with ${result.status === null ? `signal ${result.signal}` : `code ${result.status}`} (see its output above); counting one failure`,
  );
}
if (serverSkips.length > 0) {
  const banner = requireServers
    ? `test: FAILED: ${serverSkips.length} suite(s) skipped because a server or tool they need is missing, and DROPSHIP_REQUIRE_SERVERS=1 forbids that:`
    : `test: WARNING: ${serverSkips.length} suite(s) did NOT run because a server or tool they need is missing:`;
  notes.push(['', '!'.repeat(100), banner, ...serverSkips.map((skip) => `  - ${skip}`), '!'.repeat(100)].join('\n'));
  if (requireServers) {
    failed += serverSkips.length;
    skipped -= serverSkips.length;
  }
}
for (const note of notes) console.error(note);
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
