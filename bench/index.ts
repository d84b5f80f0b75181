// `pnpm bench [filter...]`: runs every bench/*.bench.ts (or those whose name contains one of the
// filters) one after the other, each in its own Node process so that one benchmark's heap, JIT
// state and garbage do not skew the next. Output is streamed as it comes; at the end a summary
// lists which benchmarks printed FAIL (a missed target) or crashed.
//
// Each benchmark runs as `node --conditions=@dropship/source --import tsx --expose-gc <file>`,
// so workspace packages resolve to their TypeScript sources (no build needed) and a benchmark may
// call `globalThis.gc?.()` before measuring memory. Benchmarks are not tests and never gate CI;
// the exit code is 1 when a benchmark crashed or printed FAIL, so a script can still notice.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDirectory = fileURLToPath(new URL('.', import.meta.url));
const suffix = '.bench.ts';

/** What one benchmark process did. */
interface BenchmarkOutcome {
  name: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  failLines: string[];
  seconds: number;
}

const filters = process.argv.slice(2).filter((argument) => argument !== '--');
const available = readdirSync(benchDirectory)
  .filter((file) => file.endsWith(suffix))
  .sort();
const selected = available.filter(
  (file) => filters.length === 0 || filters.some((filter) => basename(file, suffix).includes(filter)),
);

if (available.length === 0) {
  console.log(`bench: no *${suffix} file in ${relative(process.cwd(), benchDirectory) || '.'}`);
  process.exit(0);
}
if (selected.length === 0) {
  console.error(`bench: no benchmark matches ${filters.map((filter) => `"${filter}"`).join(' or ')}`);
  console.error(`bench: available: ${available.map((file) => basename(file, suffix)).join(', ')}`);
  process.exit(1);
}

let running: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    running?.kill(signal);
    process.exit(130);
  });
}

/** Runs one benchmark file, streaming its output and collecting the lines that say FAIL. */
function runBenchmark(file: string): Promise<BenchmarkOutcome> {
  const name = basename(file, suffix);
  const started = performance.now();
  const failLines: string[] = [];
  const pending = { stdout: '', stderr: '' };
  const scan = (stream: 'stdout' | 'stderr', chunk: Buffer, flush = false) => {
    const text = pending[stream] + chunk.toString('utf8');
    const lines = text.split('\n');
    pending[stream] = flush ? '' : (lines.pop() ?? '');
    for (const line of lines) if (/\bFAIL\b/.test(line)) failLines.push(line.trim());
  };

  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@dropship/source', '--import', 'tsx', '--expose-gc', join(benchDirectory, file)],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } },
    );
    running = child;
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      scan('stdout', chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      scan('stderr', chunk);
    });
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      scan('stdout', Buffer.alloc(0), true);
      scan('stderr', Buffer.alloc(0), true);
      running = undefined;
      resolve({ name, exitCode, signal, failLines, seconds: (performance.now() - started) / 1000 });
    };
    child.on('error', (error) => {
      console.error(`bench: could not start ${file}: ${error.message}`);
      finish(1, null);
    });
    child.on('close', finish);
  });
}

const outcomes: BenchmarkOutcome[] = [];
for (const file of selected) {
  console.log(`\n━━ bench ${basename(file, suffix)} (${relative(process.cwd(), join(benchDirectory, file))}) ━━`);
  outcomes.push(await runBenchmark(file));
}

console.log('\n━━ bench summary ━━');
for (const outcome of outcomes) {
  const crashed = outcome.exitCode !== 0;
  const status = crashed
    ? `CRASHED (${outcome.signal ?? `exit code ${outcome.exitCode}`})`
    : outcome.failLines.length > 0
      ? 'FAIL'
      : 'ok';
  console.log(`${status.padEnd(8)} ${outcome.name} (${outcome.seconds.toFixed(1)} s)`);
  for (const line of outcome.failLines) console.log(`           ${line}`);
}
const failed = outcomes.filter((outcome) => outcome.exitCode !== 0 || outcome.failLines.length > 0);
console.log(
  `${outcomes.length - failed.length} met their targets, ${failed.length} did not${failed.length > 0 ? `: ${failed.map((outcome) => outcome.name).join(', ')}` : ''}`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
