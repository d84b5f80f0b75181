#!/usr/bin/env node
// Runs the whole vitest suite from source and prints a closing line `N passed, N failed`
// computed from vitest's JSON report (vitest's own summary line is not in that form).
// Extra arguments are passed to vitest (for example a file filter).
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

let passed = 0;
let failed = 0;
let skipped = 0;
const notes = [];
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((assertion) => assertion.status === 'failed').length;
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
for (const note of notes) console.error(note);
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
