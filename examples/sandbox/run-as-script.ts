import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs `main` when the module at `moduleUrl` is the script Node was started with (not when a
 * test imports it), and sets the exit code: 0 on success, 1 on a thrown error.
 *
 * @param moduleUrl - the caller's `import.meta.url`.
 * @param main - what to run.
 */
export function runAsScript(moduleUrl: string, main: () => Promise<unknown>): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(resolve(entry)).href !== moduleUrl) return;
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
