import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createMemoryStore, type DropshipStore } from '@dropship/core';

/** `postgres`: durable (embedded PGlite in a data directory); `memory`: gone when the process ends. */
export type DemoStoreKind = 'postgres' | 'memory';

/** Options of {@link createDemoStore}. */
export interface DemoStoreOptions {
  /** Default `postgres`. */
  kind?: DemoStoreKind;
  /** PGlite data directory. Default `.dropship-data/demo` at the repository root (git-ignored). */
  dataDir?: string;
  /** Delete the data directory first (start a new day). */
  reset?: boolean;
}

/** The store the demo runs on. */
export interface DemoStore {
  readonly store: DropshipStore;
  readonly kind: DemoStoreKind;
  /** Where the state lives, for people. */
  readonly location: string;
  /** Closes the database (a no-op for memory). */
  close(): Promise<void>;
}

/** The default data directory: `<repository>/.dropship-data/demo`. */
export const defaultDemoDataDir = fileURLToPath(new URL('../../.dropship-data/demo', import.meta.url));

/**
 * The demo's store, behind one function: the durable `@dropship/postgres` store (PGlite in a data
 * directory, so a second run resumes and places nothing twice) by default, or core's memory store.
 *
 * @param options - kind, data directory, reset.
 */
export async function createDemoStore(options: DemoStoreOptions = {}): Promise<DemoStore> {
  const kind = options.kind ?? 'postgres';
  if (kind === 'memory') {
    return {
      store: createMemoryStore(),
      kind,
      location: 'memory (lost when the process ends)',
      close: async () => undefined,
    };
  }
  const dataDir = options.dataDir ?? defaultDemoDataDir;
  if (options.reset === true) await rm(dataDir, { recursive: true, force: true });
  const { createPostgresStore } = await import('@dropship/postgres');
  const store = await createPostgresStore({ dataDir });
  return { store, kind, location: dataDir, close: () => store.close() };
}
