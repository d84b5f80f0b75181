import { type ChildProcess, spawn } from 'node:child_process';

/** A child process running a TypeScript script, with its stdout split in lines. */
export interface ChildRun {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: readonly string[];
  /** Everything it wrote on stderr (for failure messages). */
  readonly stderr: () => string;
  /** The first line (already written or to come) that starts with `prefix`. */
  waitForLine(prefix: string, timeoutMs: number): Promise<string>;
  /** Resolves when the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no cleanup, no flush, as a crash. */
  kill(): void;
}

/**
 * Starts `node --conditions=@dropship/source --import tsx <script> ...args` from the repository
 * root, as the workspace runs its TypeScript without a build.
 *
 * @param script - the script path.
 * @param args - its arguments.
 * @param env - more environment variables.
 */
export function startChild(script: string, args: readonly string[], env: Record<string, string> = {}): ChildRun {
  // DROPSHIP_CHILD_NODE_ARGUMENTS: more Node flags for the children, for example `--cpu-prof`.
  const extra = (process.env.DROPSHIP_CHILD_NODE_ARGUMENTS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...extra, '--conditions=@dropship/source', '--import', 'tsx', script, ...args],
    {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let pending = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = pending + chunk.toString('utf8');
    const parts = text.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((candidate) => line.startsWith(candidate.prefix))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-20_000);
    if (process.env.DROPSHIP_CRASH_DEBUG) process.stderr.write(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    process: child,
    lines,
    stderr: () => errors,
    waitForLine(prefix, timeoutMs) {
      const found = lines.find((line) => line.startsWith(prefix));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(
            new Error(
              `no "${prefix}" line from the child within ${timeoutMs} ms; stdout:\n${lines.join('\n')}\nstderr:\n${errors}`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          prefix,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        void exited.then(() => {
          if (!waiters.includes(waiter)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          clearTimeout(timer);
          reject(
            new Error(`the child exited before a "${prefix}" line; stdout:\n${lines.join('\n')}\nstderr:\n${errors}`),
          );
        });
      });
    },
    exited,
    kill() {
      child.kill('SIGKILL');
    },
  };
}
