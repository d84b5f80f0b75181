#!/usr/bin/env node
// Promise mutations (issue 13 item 9b): each entry of scripts/promise-mutation-list.mjs is a
// regression of the code that carries a promise (a PO never placed twice nor lost, tracking never
// pushed twice, a buyer never emailed twice, credentials never leaked). They are applied ONE AT A
// TIME to a scratch copy of the repository (the working tree is only read), and each must make its
// suites fail. The run fails (exit 1) when:
//   - a search text is not found exactly once (the code moved: update the list), checked first;
//   - the suites are not green on the unmutated copy (a red baseline proves nothing);
//   - a mutation marked `expected: 'caught'` leaves its suites green.
// A `known-gap` mutation that survives is printed, not failed; one that is caught is printed as
// ready to flip to `caught`.
//
//   node scripts/promise-mutations.mjs [--check] [--only <id>[,<id>...]] [--keep] [--no-bail] [--timeout <seconds>]
//
// --check only checks the list against the code (every search text found once) and runs nothing.
// --end-to-end runs only each mutation's suites under test/ (are they caught end to end?).
//
// Each mutation's suites run one at a time, in the list's order, and stop at the first red test
// (--no-bail runs every suite in one vitest run, to see which of them catch it). --keep keeps the
// scratch copy; --timeout bounds each vitest run (default 600 s; a run killed by it counts as
// caught: a hang fails CI too). The vitest output of each run is kept in
// .test-results/mutations/<id>[-<suite>].log. RELIABILITY_* variables set by the caller replace
// the list's settings.
//
// The crash and scale-out suites need DROPSHIP_TEST_DATABASE_URL (see scripts/start-test-postgres.sh);
// without it they skip, and a mutation only they would catch survives. Prints a table (mutation,
// suites, result, seconds) and the total time.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { excludedTestNames, promiseMutations, suiteEnvironment } from './promise-mutation-list.mjs';

/**
 * @typedef {object} PromiseMutation
 * @property {string} id - short name.
 * @property {string} promise - the promise it breaks.
 * @property {string} file - path from the repository root.
 * @property {string} search - exact text, found exactly once in `file`.
 * @property {string} replace - its replacement.
 * @property {readonly string[]} suites - test files or folders that must fail.
 * @property {'caught' | 'known-gap'} expected - whether a survivor fails the run.
 * @property {'caught' | 'known-gap'} endToEnd - the same for the suites under test/ alone (--end-to-end).
 * @property {string} note - what it stands for (and why it is a gap).
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
/** Where each run's vitest output is written (`<mutation id>.log`, `baseline.log`). */
const logDirectory = join(root, '.test-results', 'mutations');

function parseArguments(argv) {
  const options = {
    only: undefined,
    keep: false,
    bail: true,
    checkOnly: false,
    endToEndOnly: false,
    timeoutSeconds: 600,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--keep') options.keep = true;
    else if (argument === '--no-bail') options.bail = false;
    else if (argument === '--check') options.checkOnly = true;
    else if (argument === '--end-to-end') options.endToEndOnly = true;
    else if (argument === '--only') options.only = new Set(String(argv[++index] ?? '').split(','));
    else if (argument === '--timeout') {
      options.timeoutSeconds = Number(argv[++index]);
      if (!Number.isSafeInteger(options.timeoutSeconds) || options.timeoutSeconds <= 0)
        fail(`--timeout must be a whole number of seconds, got "${argv[index]}"`);
    } else
      fail(
        `unknown argument "${argument}" (known: --check, --only <id,...>, --end-to-end, --keep, --no-bail, --timeout <seconds>)`,
      );
  }
  return options;
}

/** The vitest run in progress (its process group is killed when this script is stopped). */
let running;
/** The scratch copy, removed when this script is stopped. */
let scratchDirectory;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (running !== undefined) {
      try {
        process.kill(-running.pid, 'SIGKILL');
      } catch {}
    }
    if (scratchDirectory !== undefined && !keepScratch) rmSync(scratchDirectory, { recursive: true, force: true });
    console.error(`mutations: FAILED: stopped by ${signal}`);
    process.exit(1);
  });
}
let keepScratch = false;

/** A reason to stop the run with exit code 1 (the scratch copy is removed first). */
class RunFailure extends Error {}

function fail(message) {
  throw new RunFailure(message);
}

function countOccurrences(text, search) {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + 1)) count += 1;
  return count;
}

/** Every problem of the list: malformed entries, and search texts not found exactly once. */
function checkList(mutations) {
  const problems = [];
  const ids = new Set();
  for (const mutation of mutations) {
    const name = mutation.id ?? '(no id)';
    for (const key of ['id', 'promise', 'file', 'search', 'note'])
      if (typeof mutation[key] !== 'string' || mutation[key].length === 0)
        problems.push(`${name}: "${key}" is missing`);
    if (typeof mutation.replace !== 'string') problems.push(`${name}: "replace" is missing`);
    if (!Array.isArray(mutation.suites) || mutation.suites.length === 0) problems.push(`${name}: no suites`);
    for (const key of ['expected', 'endToEnd'])
      if (mutation[key] !== 'caught' && mutation[key] !== 'known-gap')
        problems.push(`${name}: "${key}" must be 'caught' or 'known-gap'`);
    if (ids.has(name)) problems.push(`${name}: duplicate id`);
    ids.add(name);
    if (typeof mutation.file !== 'string' || typeof mutation.search !== 'string') continue;
    const path = join(root, mutation.file);
    if (!existsSync(path)) {
      problems.push(`${name}: ${mutation.file} does not exist (the code moved: update the list)`);
      continue;
    }
    const count = countOccurrences(readFileSync(path, 'utf8'), mutation.search);
    if (count !== 1)
      problems.push(
        `${name}: the search text is found ${count} times in ${mutation.file}, not once (the code moved: update the list)`,
      );
    for (const suite of mutation.suites ?? [])
      if (!existsSync(join(root, suite))) problems.push(`${name}: suite ${suite} does not exist`);
  }
  return problems;
}

/** The files to copy: tracked and new files, not ignored ones (node_modules, dist, reports). */
function sourceFiles() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0) fail(`git ls-files failed: ${listed.stderr}`);
  return [...new Set(listed.stdout.split('\0').filter(Boolean))];
}

/**
 * A scratch copy of the repository: its files, the root node_modules with `.pnpm` linked (the
 * packages are not copied) and each workspace package's node_modules copied as links, so that
 * `@dropship/*` resolves to the copy's sources, never to the working tree's.
 */
function makeScratchCopy() {
  const scratch = mkdtempSync(join(tmpdir(), 'dropship-mutations-'));
  const files = sourceFiles();
  for (const file of files) {
    const from = join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(from, join(scratch, file), { verbatimSymlinks: true });
  }
  const rootModules = join(root, 'node_modules');
  mkdirSync(join(scratch, 'node_modules'));
  for (const entry of readdirSync(rootModules)) {
    if (entry === '.vite' || entry === '.vite-temp' || entry === '.cache') continue;
    if (entry === '.pnpm') symlinkSync(join(rootModules, '.pnpm'), join(scratch, 'node_modules', '.pnpm'));
    else
      cpSync(join(rootModules, entry), join(scratch, 'node_modules', entry), {
        recursive: true,
        verbatimSymlinks: true,
      });
  }
  for (const file of files) {
    if (!file.endsWith('package.json') || file === 'package.json' || file.includes('node_modules')) continue;
    const modules = join(root, dirname(file), 'node_modules');
    if (existsSync(modules) && lstatSync(modules).isDirectory())
      cpSync(modules, join(scratch, dirname(file), 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  return scratch;
}

/**
 * Runs vitest on `suites` in `directory`, bounded by `timeoutSeconds`.
 * @returns {Promise<{ passed: number, failed: number, fileErrors: string[], timedOut: boolean, seconds: number, exitCode: number | null, failures: string[] }>}
 */
function runSuites(directory, suites, timeoutSeconds, label, { bail = false } = {}) {
  // The output and report are kept after the scratch copy is gone, beside pnpm test's report
  // (ignored by git).
  mkdirSync(logDirectory, { recursive: true });
  const reportFile = join(logDirectory, `${label}.json`);
  rmSync(reportFile, { force: true });
  const logFile = join(logDirectory, `${label}.log`);
  const begun = Date.now();
  return new Promise((done) => {
    const child = spawn(
      'pnpm',
      [
        'exec',
        'vitest',
        'run',
        // A test red by timing alone on a loaded machine (not by the mutation) gets a second try,
        // in the baseline as in each mutation: a mutant's test fails both times.
        '--retry=1',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
        `--testNamePattern=^(?!.*${excludedTestNames.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`,
        // A mutant needs one red test: stop at the first (the unit suites finish first).
        ...(bail ? ['--bail=1'] : []),
        ...suites,
      ],
      {
        cwd: directory,
        // The list's settings, unless the caller set one (to replay with another seed or count).
        env: { ...suiteEnvironment, ...process.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    running = child;
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutSeconds * 1000);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      running = undefined;
      writeFileSync(logFile, Buffer.concat(output));
      const result = {
        passed: 0,
        failed: 0,
        skipped: 0,
        fileErrors: [],
        failures: [],
        serverSkips: [],
        timedOut,
        exitCode,
        seconds: (Date.now() - begun) / 1000,
        logFile,
      };
      try {
        const report = JSON.parse(readFileSync(reportFile, 'utf8'));
        result.passed = report.numPassedTests ?? 0;
        result.skipped = report.numPendingTests ?? 0;
        for (const file of report.testResults ?? []) {
          const failedTests = (file.assertionResults ?? []).filter((assertion) => assertion.status === 'failed');
          for (const assertion of file.assertionResults ?? [])
            if (assertion.status !== 'passed' && String(assertion.title ?? '').startsWith('skipped:'))
              result.serverSkips.push(`${file.name.slice(directory.length + 1)}: ${assertion.title}`);
          result.failed += failedTests.length;
          for (const assertion of failedTests)
            result.failures.push(`${file.name.slice(directory.length + 1)}: ${assertion.title}`);
          if (file.status === 'failed' && failedTests.length === 0)
            result.fileErrors.push(
              `${file.name.slice(directory.length + 1)}: ${String(file.message ?? '').split('\n')[0]}`,
            );
        }
      } catch {
        result.fileErrors.push('vitest wrote no JSON report');
      }
      done(result);
    });
  });
}

/**
 * Runs a mutation's suites: by default one vitest run per suite, in the list's order (the quick
 * unit suites first), stopping at the first that goes red; with --no-bail, all of them in one run.
 */
async function runMutationSuites(directory, mutation, options) {
  if (!options.bail) return runSuites(directory, mutation.suites, options.timeoutSeconds, mutation.id);
  let total;
  for (const [index, suite] of mutation.suites.entries()) {
    const result = await runSuites(directory, [suite], options.timeoutSeconds, `${mutation.id}-${index + 1}`, {
      bail: true,
    });
    total =
      total === undefined
        ? result
        : {
            ...result,
            passed: total.passed + result.passed,
            failed: total.failed + result.failed,
            failures: [...total.failures, ...result.failures],
            fileErrors: [...total.fileErrors, ...result.fileErrors],
            seconds: total.seconds + result.seconds,
          };
    if (result.failed > 0 || result.timedOut) break;
  }
  return total;
}

function formatTable(rows) {
  const headers = ['mutation', 'promise', 'suites', 'expected', 'result', 'seconds'];
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells) => cells.map((cell, column) => String(cell).padEnd(widths[column])).join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const selected = promiseMutations
    .filter((mutation) => !options.only || options.only.has(mutation.id))
    .map((mutation) =>
      // --end-to-end: only the suites under test/ (to see whether they catch it without the unit suites).
      options.endToEndOnly
        ? {
            ...mutation,
            suites: mutation.suites.filter((suite) => suite.startsWith('test/')),
            expected: mutation.endToEnd,
          }
        : mutation,
    );
  if (options.only)
    for (const id of options.only)
      if (!promiseMutations.some((mutation) => mutation.id === id)) fail(`--only: no mutation "${id}"`);

  const problems = checkList(promiseMutations);
  if (problems.length > 0) {
    fail(
      `scripts/promise-mutation-list.mjs no longer matches the code (${problems.length} problem(s)):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
  if (options.checkOnly) {
    console.log(
      `mutations: the ${promiseMutations.length} search texts are each found once; nothing was run (--check)`,
    );
    return 0;
  }
  if (!process.env.DROPSHIP_TEST_DATABASE_URL)
    console.error(
      'mutations: WARNING: DROPSHIP_TEST_DATABASE_URL is not set: the crash and scale-out suites skip, so the mutations only they catch survive',
    );

  keepScratch = options.keep;
  const scratch = makeScratchCopy();
  scratchDirectory = scratch;
  console.log(`mutations: scratch copy in ${scratch} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  let exitCode = 0;
  try {
    // The baseline: every suite green on the unmutated copy.
    const allSuites = [...new Set(selected.flatMap((mutation) => mutation.suites))];
    const baseline = await runSuites(scratch, allSuites, options.timeoutSeconds, 'baseline');
    console.log(
      `mutations: baseline (unmutated): ${baseline.passed} passed, ${baseline.failed} failed in ${baseline.seconds.toFixed(1)} s`,
    );
    if (baseline.failed > 0 || baseline.fileErrors.length > 0 || baseline.timedOut || baseline.exitCode !== 0) {
      fail(
        `the suites are not green without any mutation, so a mutation's failure would prove nothing:\n${[
          ...baseline.failures,
          ...baseline.fileErrors,
          ...(baseline.timedOut ? [`timed out after ${options.timeoutSeconds} s`] : []),
          ...(baseline.failures.length + baseline.fileErrors.length === 0 && !baseline.timedOut
            ? [`vitest exited with ${baseline.exitCode}`]
            : []),
        ]
          .map((line) => `  - ${line}`)
          .join('\n')}\n  (output: ${baseline.logFile})`,
      );
    }

    if (baseline.serverSkips.length > 0) {
      const message = `${baseline.serverSkips.length} suite(s) skipped for want of a server, so the mutations only they catch survive:\n${baseline.serverSkips.map((skip) => `  - ${skip}`).join('\n')}`;
      if (process.env.DROPSHIP_REQUIRE_SERVERS === '1') fail(`${message}\n  (DROPSHIP_REQUIRE_SERVERS=1 forbids that)`);
      console.error(`mutations: WARNING: ${message}`);
    }

    const rows = [];
    const survivors = [];
    const newlyCaught = [];
    for (const mutation of selected) {
      const path = join(scratch, mutation.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(
        path,
        original.replace(mutation.search, () => mutation.replace),
      );
      let result;
      try {
        result = await runMutationSuites(scratch, mutation, options);
      } finally {
        writeFileSync(path, original);
      }
      // Caught: a test failed (an import error alone would also catch a mutation that does not
      // compile, so it does not count), or the run hung past the timeout.
      const caught = result.failed > 0 || result.timedOut;
      let verdict;
      if (caught) {
        verdict = result.timedOut
          ? `caught (timed out after ${options.timeoutSeconds} s)`
          : `caught (${result.failed} failed)`;
        if (mutation.expected === 'known-gap') newlyCaught.push(mutation);
      } else {
        verdict = mutation.expected === 'caught' ? 'SURVIVED' : 'survived (known gap)';
        if (mutation.expected === 'caught') {
          exitCode = 1;
          survivors.push({ mutation, result });
        }
      }
      rows.push([
        mutation.id,
        mutation.promise,
        mutation.suites.join(' '),
        mutation.expected,
        verdict,
        result.seconds.toFixed(1),
      ]);
      console.log(`mutations: ${mutation.id}: ${verdict} in ${result.seconds.toFixed(1)} s`);
      const redFiles = new Map();
      for (const failure of result.failures) {
        const file = failure.slice(0, failure.indexOf(': '));
        redFiles.set(file, (redFiles.get(file) ?? 0) + 1);
      }
      for (const [file, count] of redFiles) console.log(`  red: ${file} (${count} failed)`);
      if (result.failures.length > 0) console.log(`  first: ${result.failures[0]}`);
    }

    console.log(`\n${formatTable(rows)}\n`);
    for (const mutation of selected.filter((entry) => entry.expected === 'known-gap'))
      console.log(`mutations: known gap ${mutation.id}: ${mutation.note}`);
    for (const mutation of newlyCaught)
      console.log(
        `mutations: ${mutation.id} is now caught: flip it to expected: 'caught' in scripts/promise-mutation-list.mjs`,
      );
    for (const { mutation, result } of survivors)
      console.error(
        `mutations: FAILED: ${mutation.id} (${mutation.note}) left ${mutation.suites.join(', ')} green (${result.passed} passed${
          result.fileErrors.length > 0 ? `; file errors: ${result.fileErrors.join('; ')}` : ''
        }): a test must catch this regression (output: ${result.logFile})`,
      );
    console.log(
      `mutations: ${rows.length} mutation(s), ${survivors.length} survived unexpectedly, in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    if (!options.keep) rmSync(scratch, { recursive: true, force: true });
    else console.log(`mutations: scratch copy kept in ${scratch}`);
  }
  return exitCode;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof RunFailure)) throw error;
  console.error(`mutations: FAILED: ${error.message}`);
  process.exitCode = 1;
}
