import type { Dropshipper, DropshipStore } from '@dropship/core';
import { parseWith } from '@dropship/core';
import type pg from 'pg';
import { z } from 'zod';
import { type DropshipIntakeOptions, intakeOptionSchema, type ParsedIntakeOptions } from './intake-jobs.js';
import {
  type DropshipListingPushOptions,
  listingPushOptionSchema,
  type ParsedListingPushOptions,
} from './listing-jobs.js';

/** Something the queue tells its log hook. Carries queue names, job ids and messages; never a credential. */
export type DropshipQueueEvent =
  /** A job ran; `output` is what it did (also stored as the job's output). */
  | { type: 'job-completed'; queue: string; jobId: string; output: unknown }
  /** A job threw; pg-boss retries it (with backoff) until the queue's retry limit. */
  | { type: 'job-failed'; queue: string; jobId: string; message: string }
  /** Another worker holds the order or PO: the job was sent again for later. */
  | { type: 'job-postponed'; queue: string; jobId: string; key: string }
  /** pg-boss or the pump met an error outside a job (a lost connection, say). */
  | { type: 'queue-error'; message: string };

/** Options of {@link createDropshipQueue}. Every duration has a default suited to production. */
export interface DropshipQueueOptions {
  /** The PostgreSQL server, for example `postgres://dropship:secret@db:5432/dropship`. Never put in errors. Give this or `pool`. */
  connectionString?: string;
  /** A `pg` Pool you manage (the queue does not end it). */
  pool?: pg.Pool;
  /** Schema of the store's tables. Default `dropship`. */
  schema?: string;
  /** Schema of pg-boss's tables. Default `<schema>_jobs`. */
  jobsSchema?: string;
  /** Most connections of the store's pool (with `connectionString`). Default 10. */
  maxConnections?: number;
  /** Most connections of pg-boss's own pool (with `connectionString`). Default 4. */
  maxJobConnections?: number;
  /**
   * Builds the dropshipper a worker runs, on the store it is given (use that store, and pass it
   * to the email notifier's `idempotency` too). Called once per `startWorker`; build your clients
   * once, outside, so their rate limits are shared. Use an `approval: { mode: 'auto' }` policy:
   * a queued order has nobody to approve it (a held order is recorded as `held`).
   */
  createDropshipper?: (store: DropshipStore) => Dropshipper | Promise<Dropshipper>;
  /** Seconds between tracking syncs of an open PO (the first one after it is placed, too). Default 900. */
  syncIntervalSeconds?: number;
  /** Seconds after a PO is saved `submitting` before a job makes sure it left that state. Default 120. */
  submitCheckSeconds?: number;
  /** Seconds after a shipment is recorded before a job makes sure it was pushed and notified. Default 120. */
  pushCheckSeconds?: number;
  /** Seconds a lease on an order or a PO lasts without renewal (renewed every third of it). Default 120. */
  leaseSeconds?: number;
  /** Seconds before a job whose order or PO another worker holds runs again. Default 5. */
  busyRetrySeconds?: number;
  /** Retries of a job that threw. Default 5. */
  retryLimit?: number;
  /** Seconds before the first retry (doubling after each). Default 5. */
  retryDelaySeconds?: number;
  /** Placements tried again after a PO failed (certainly not placed). Default 3. */
  failedRetryLimit?: number;
  /** Seconds a job may stay active before pg-boss fails it (and retries it): a dead worker's jobs come back. Default 900. */
  expireInSeconds?: number;
  /** Seconds between pg-boss maintenance runs (expiring jobs of dead workers, archiving). Default 60. */
  maintenanceIntervalSeconds?: number;
  /** How long an idle worker waits before asking for jobs again, ms. Default 1,000. */
  pollIntervalMs?: number;
  /**
   * Scheduled order intake: one job per run and marketplace calling
   * `dropshipper.importMarketplaceOrders(marketplace)`, one run per marketplace at a time across
   * every worker. Default: none.
   */
  intake?: DropshipIntakeOptions;
  /**
   * Scheduled listing push: one job per run calling `dropshipper.pushListings({ full: true,
   * marketplaces: [marketplace] })` (the workers' dropshipper needs a store with the listings
   * capability: this queue's store has it), one run per marketplace at a time across every
   * worker. Default: none.
   */
  listings?: DropshipListingPushOptions;
  /** Log hook. */
  onEvent?: (event: DropshipQueueEvent) => void;
}

/** Options with their defaults. */
export interface ParsedQueueOptions {
  connectionString?: string;
  pool?: pg.Pool;
  schema: string;
  jobsSchema: string;
  maxConnections: number;
  maxJobConnections: number;
  createDropshipper?: (store: DropshipStore) => Dropshipper | Promise<Dropshipper>;
  syncIntervalSeconds: number;
  submitCheckSeconds: number;
  pushCheckSeconds: number;
  leaseSeconds: number;
  busyRetrySeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  failedRetryLimit: number;
  expireInSeconds: number;
  maintenanceIntervalSeconds: number;
  pollIntervalMs: number;
  intake?: ParsedIntakeOptions;
  listings?: ParsedListingPushOptions;
  onEvent: (event: DropshipQueueEvent) => void;
}

const schemaName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be lower-case letters, digits and underscores, starting with a letter or _');
const seconds = z.number().positive().max(86_400);
const functionSchema = <T>() => z.custom<T>((value) => typeof value === 'function', { message: 'must be a function' });

const optionsSchema = z
  .strictObject({
    connectionString: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
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
    schema: schemaName.default('dropship'),
    jobsSchema: schemaName.optional(),
    maxConnections: z.number().int().positive().max(1_000).default(10),
    maxJobConnections: z.number().int().positive().max(1_000).default(4),
    createDropshipper: functionSchema<(store: DropshipStore) => Dropshipper | Promise<Dropshipper>>().optional(),
    syncIntervalSeconds: seconds.default(900),
    submitCheckSeconds: seconds.default(120),
    pushCheckSeconds: seconds.default(120),
    leaseSeconds: seconds.default(120),
    busyRetrySeconds: seconds.default(5),
    retryLimit: z.number().int().nonnegative().max(1_000).default(5),
    retryDelaySeconds: z.number().int().positive().max(86_400).default(5),
    failedRetryLimit: z.number().int().nonnegative().max(100).default(3),
    expireInSeconds: z.number().int().positive().max(86_399).default(900),
    maintenanceIntervalSeconds: z.number().int().positive().max(86_399).default(60),
    pollIntervalMs: z.number().int().positive().max(3_600_000).default(1_000),
    intake: intakeOptionSchema.optional(),
    listings: listingPushOptionSchema.optional(),
    onEvent: functionSchema<(event: DropshipQueueEvent) => void>().optional(),
  })
  .superRefine((options, context) => {
    const given = (['connectionString', 'pool'] as const).filter((key) => options[key] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: [given[1] ?? 'connectionString'],
        message:
          given.length === 0
            ? 'give connectionString or pool: the queue needs a PostgreSQL server (pg-boss does not run on PGlite)'
            : 'give connectionString or pool, not both',
      });
    }
  });

/**
 * Validates the queue options and applies the defaults.
 *
 * @throws ValidationError listing every problem (the connection string is never echoed).
 * @internal
 */
export function parseQueueOptions(input: unknown): ParsedQueueOptions {
  const parsed = parseWith(optionsSchema, input, 'dropship queue options');
  return {
    ...parsed,
    jobsSchema: parsed.jobsSchema ?? `${parsed.schema}_jobs`,
    onEvent: parsed.onEvent ?? (() => {}),
  } as ParsedQueueOptions;
}
