import type { Dropshipper } from '@dropship/core';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import {
  cronSchema,
  type ParsedSchedule,
  queueMarketplacesSchema,
  type ScheduledQueue,
  type ScheduledQueueSettings,
  scheduleIssues,
  sendFirstRuns,
  sendNextRun,
  setUpScheduledQueues,
} from './scheduled-jobs.js';

/**
 * The scheduled listing push of a queue (`DropshipQueueOptions.listings`): each run calls
 * `dropshipper.pushListings({ full: true, marketplaces: [marketplace] })`, a full pass that
 * recomputes every listing from the store and reads the marketplace back, so a push is never made
 * from a stale view. With `marketplaces`, one pg-boss queue per marketplace,
 * `dropship-listings-<marketplace>`; without, one queue, `dropship-listings`, whose runs push to
 * every marketplace whose adapter pushes listings. Give `everyMs` or `cron`, not both (default:
 * every 900,000 ms, 15 minutes).
 */
export interface DropshipListingPushOptions {
  /** The marketplaces to push to, each on its own schedule (default: every marketplace that pushes listings, in one run). */
  marketplaces?: readonly string[];
  /**
   * Milliseconds from the start of one run to the start of the next, per queue: at least 1,000,
   * rounded up to whole seconds (pg-boss's resolution). Default 900,000. A run sends only what
   * changed, in the marketplace's batch size, so its calls are the adapter's (its documented
   * limits), not this interval's.
   */
  everyMs?: number;
  /**
   * Instead of `everyMs`: a cron expression run by pg-boss's scheduler (minute resolution;
   * `0 * * * *` is hourly), evaluated in `timezone`. pg-boss sends each run once.
   */
  cron?: string;
  /** The IANA time zone of `cron`. Default `UTC`. */
  timezone?: string;
}

/** The listing push options, with their defaults (`everySeconds`: `everyMs` in whole seconds). */
export type ParsedListingPushOptions = ParsedSchedule & { marketplaces?: string[] };

const listingPushOptionsSchema = z
  .strictObject({
    marketplaces: queueMarketplacesSchema.optional(),
    everyMs: z.number().int().min(1_000, 'must be at least 1000 (one second)').max(86_400_000).optional(),
    cron: cronSchema.optional(),
    timezone: z.string().min(1).optional(),
  })
  .superRefine((options, context) => scheduleIssues(options, 'everyMs', context));

/** The listings option's schema, for the queue options' schema. @internal */
export const listingPushOptionSchema = listingPushOptionsSchema.transform((options): ParsedListingPushOptions => {
  const marketplaces = options.marketplaces === undefined ? {} : { marketplaces: options.marketplaces };
  return options.cron === undefined
    ? { ...marketplaces, schedule: 'every', everySeconds: Math.ceil((options.everyMs ?? 900_000) / 1_000) }
    : { ...marketplaces, schedule: 'cron', cron: options.cron, timezone: options.timezone ?? 'UTC' };
});

/**
 * The pg-boss queue of a marketplace's listing pushes, `dropship-listings-<marketplace>`, or of
 * the runs that push to every marketplace, `dropship-listings`.
 *
 * @param marketplace - the marketplace; absent for the queue of every marketplace.
 */
export function listingPushQueueName(marketplace?: string): string {
  return marketplace === undefined ? 'dropship-listings' : `dropship-listings-${marketplace}`;
}

/** One queue of listing pushes: its pg-boss queue, its run's data, and the lease its runs hold. @internal */
export interface ListingPushQueue extends ScheduledQueue {
  /** The marketplace it pushes to; absent: every marketplace that pushes listings. */
  marketplace?: string;
  /** The lease a run holds while it pushes (one run per marketplace at a time across workers). */
  leaseKey: string;
}

/** The queues of the listing push option. @internal */
export function listingPushQueues(listings: ParsedListingPushOptions): ListingPushQueue[] {
  if (listings.marketplaces === undefined) return [{ name: listingPushQueueName(), data: {}, leaseKey: 'listings:*' }];
  return listings.marketplaces.map((marketplace) => ({
    name: listingPushQueueName(marketplace),
    data: { marketplace },
    marketplace,
    leaseKey: `listings:${marketplace}`,
  }));
}

/**
 * Creates (or updates) the listing push queues: one run per queue at a time, never piling up;
 * with `cron`, pg-boss's schedule of each queue.
 *
 * @throws ValidationError when pg-boss refuses the cron expression or the time zone.
 * @internal
 */
export async function setUpListingPushQueues(
  boss: PgBoss,
  listings: ParsedListingPushOptions,
  settings: ScheduledQueueSettings,
): Promise<void> {
  await setUpScheduledQueues(boss, listingPushQueues(listings), listings, settings, 'listings');
}

/** Sends each queue's first run of the `everyMs` chain (nothing when one is waiting). @internal */
export async function sendFirstListingPushRuns(boss: PgBoss, listings: ParsedListingPushOptions): Promise<void> {
  await sendFirstRuns(boss, listingPushQueues(listings), listings);
}

/** Sends the queue's next run, `everyMs` from now (nothing when one is waiting). @internal */
export async function sendNextListingPushRun(
  boss: PgBoss,
  listings: ParsedListingPushOptions,
  queue: ListingPushQueue,
): Promise<void> {
  await sendNextRun(boss, queue, listings);
}

/**
 * What a listing push job keeps as its output: each marketplace's run (`pushListings`'s counts:
 * changed, sent, applied, pending, failed, calls, and its `error` when a pass stopped early) and
 * when the push ran in the worker (its clock, ISO 8601).
 */
export interface ListingPushJobOutput {
  status: 'pushed';
  runs: Awaited<ReturnType<Dropshipper['pushListings']>>;
  startedAt: string;
  finishedAt: string;
}

/**
 * Runs one full push of the queue's marketplace (or of every marketplace that pushes listings).
 *
 * @internal
 */
export async function runListingPush(dropshipper: Dropshipper, queue: ListingPushQueue): Promise<ListingPushJobOutput> {
  const startedAt = new Date().toISOString();
  const runs = await dropshipper.pushListings({
    full: true,
    ...(queue.marketplace === undefined ? {} : { marketplaces: [queue.marketplace] }),
  });
  return { status: 'pushed', runs, startedAt, finishedAt: new Date().toISOString() };
}
