#!/usr/bin/env node
// Runs the whole vitest suite from source and prints a closing line `N passed, N failed`
// computed from vitest's JSON report (vitest's own summary line is not in that form).
// Extra arguments are passed to vitest (for example a file filter).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outputDirectory = join(process.cwd(), '.test-results');
const reportFile = join(outputDirectory, 'vitest.json');
mkdirSync(outputDirectory, { recursive: true });
rmSync(reportFile, { force: true });

const result = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} catch {
  failed = Math.max(failed, 1);
  console.error('test: vitest wrote no JSON report; counting the run as failed');
}
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
