import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@dropship/core';

/** Data directories this process has open. */
const openHere = new Set<string>();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function inUse(dataDir: string, pid: number): ConfigurationError {
  return new ConfigurationError(
    `postgres: the PGlite data directory ${dataDir} is already open in process ${pid}. PGlite serves one process at a time; ` +
      'stop the other process, or run several processes on a PostgreSQL server (createPostgresStore({ connectionString })).',
  );
}

/**
 * Takes the data directory for this process: PGlite has no protection of its own, and two
 * processes writing one directory lose writes. Writes `dropship.lock` (the pid) into the
 * directory; a lock left by a dead process (a crash, SIGKILL) is taken over.
 *
 * @param dataDir - the PGlite data directory (must exist).
 * @returns a function that releases the lock.
 * @throws ConfigurationError when another live process (or this one) has it open.
 * @internal
 */
export function lockDataDirectory(dataDir: string): () => void {
  const directory = resolve(dataDir);
  if (openHere.has(directory)) throw inUse(directory, process.pid);
  const lockFile = join(directory, 'dropship.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const descriptor = openSync(lockFile, 'wx');
      writeSync(descriptor, `${process.pid}\n${new Date().toISOString()}\n`);
      closeSync(descriptor);
      openHere.add(directory);
      return () => {
        openHere.delete(directory);
        if (ownerOf(lockFile) === process.pid) rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(lockFile);
      // A lock with our own pid is a previous incarnation (a restarted container reuses pids).
      if (owner !== undefined && owner !== process.pid && processIsAlive(owner)) throw inUse(directory, owner);
      rmSync(lockFile, { force: true });
    }
  }
  throw new ConfigurationError(`postgres: could not lock the PGlite data directory ${directory}`);
}
