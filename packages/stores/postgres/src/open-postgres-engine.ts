import { mkdirSync } from 'node:fs';
import { parseWith } from '@dropship/core';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { z } from 'zod';
import { lockDataDirectory } from './data-directory-lock.js';
import { createPgliteEngine, createPoolEngine, type SqlEngine } from './postgres-executor.js';
import { connectionSecrets, withConnectionSecretsScrubbed } from './redact-connection-secrets.js';

/** Where the data lives. Give one of `dataDir`, `connectionString`, `pool` or `pglite`; none means an in-memory PGlite. */
export interface PostgresConnectionOptions {
  /** Embedded: a PGlite data directory (created if missing). Omit everything for an in-memory database (tests). */
  dataDir?: string;
  /** Server: a PostgreSQL URL, for example `postgres://dropship:secret@db:5432/dropship`. Never put in errors. */
  connectionString?: string;
  /** Server: most connections the store opens with `connectionString`. Default 10. */
  maxConnections?: number;
  /** Server: a `pg` Pool you manage (the store does not end it). */
  pool?: pg.Pool;
  /** Embedded: a PGlite instance you manage (the store does not close it). */
  pglite?: PGlite;
  /**
   * The PostgreSQL schema holding the tables (created if missing). Default `dropship`.
   * Letters, digits and underscores only.
   */
  schema?: string;
}

const connectionSchema = z
  .strictObject({
    dataDir: z.string().trim().min(1, 'must not be empty').optional(),
    connectionString: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    maxConnections: z.number().int().positive().max(1_000).optional(),
    pool: z
      .custom<pg.Pool>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as pg.Pool).connect === 'function' &&
          typeof (value as pg.Pool).query === 'function',
        { message: 'must be a pg Pool' },
      )
      .optional(),
    pglite: z
      .custom<PGlite>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as PGlite).query === 'function' &&
          typeof (value as PGlite).transaction === 'function',
        { message: 'must be a PGlite instance' },
      )
      .optional(),
    schema: z
      .string()
      .regex(
        /^[a-z_][a-z0-9_]{0,62}$/,
        'must be lower-case letters, digits and underscores, starting with a letter or _',
      )
      .optional(),
  })
  .superRefine((options, context) => {
    const given = (['dataDir', 'connectionString', 'pool', 'pglite'] as const).filter(
      (key) => options[key] !== undefined,
    );
    if (given.length > 1) {
      context.addIssue({
        code: 'custom',
        path: [given[1] as string],
        message: `give one of dataDir, connectionString, pool or pglite (got ${given.join(' and ')})`,
      });
    }
  });

/** Validated connection options. */
export interface ParsedConnectionOptions {
  options: PostgresConnectionOptions;
  schema: string;
}

/**
 * Validates connection options. The connection string is checked for its scheme only and is
 * never echoed in an error. Unknown keys are refused.
 *
 * @throws ValidationError listing every problem with its path.
 * @internal
 */
export function parseConnectionOptions(input: unknown, subject: string): ParsedConnectionOptions {
  const options = parseWith(connectionSchema, input ?? {}, subject) as PostgresConnectionOptions;
  return { options, schema: options.schema ?? 'dropship' };
}

/**
 * Opens the engine the options describe: a pg pool for a server, PGlite otherwise (file-backed
 * with `dataDir`, in memory without).
 *
 * @internal
 */
export async function openPostgresEngine(options: PostgresConnectionOptions): Promise<SqlEngine> {
  // Driver errors can quote the connection (a URL it cannot parse, a connection error's text):
  // every error of a server engine is scrubbed of the connection string and its password.
  if (options.pool) {
    return withConnectionSecretsScrubbed(
      createPoolEngine(options.pool, async () => {}),
      connectionSecrets(options),
    );
  }
  if (options.connectionString) {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return withConnectionSecretsScrubbed(
      createPoolEngine(pool, () => pool.end()),
      connectionSecrets(options),
    );
  }
  if (options.pglite) return createPgliteEngine(options.pglite, async () => {});
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    const unlock = lockDataDirectory(options.dataDir);
    try {
      const database = await PGlite.create(options.dataDir);
      return createPgliteEngine(database, async () => {
        try {
          await database.close();
        } finally {
          unlock();
        }
      });
    } catch (error) {
      unlock();
      throw error;
    }
  }
  const database = await PGlite.create();
  return createPgliteEngine(database, () => database.close());
}
