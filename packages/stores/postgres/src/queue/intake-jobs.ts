import type { Dropshipper, ImportMarketplaceOrdersResult } from '@dropship/core';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import {
  cronSchema,
  queueMarketplacesSchema,
  type ScheduledQueue,
  type ScheduledQueueSettings,
  scheduleIssues,
  sendFirstRuns,
  sendNextRun,
  setUpScheduledQueues,
} from './scheduled-jobs.js';

/**
 * The scheduled order intake of a queue (`DropshipQueueOptions.intake`): one pg-boss queue per
 * marketplace, `dropship-intake-<marketplace>`, whose jobs call
 * `dropshipper.importMarketplaceOrders(marketplace)`. Give `everySeconds` or `cron`, not both
 * (default: every 300 seconds).
 */
export interface DropshipIntakeOptions {
  /** The marketplaces to import from (each needs an adapter with `orders` in the workers' dropshipper). */
  marketplaces: readonly string[];
  /**
   * Seconds from the start of one run to the start of the next, per marketplace. Default 300.
   * Each run reads every page of its window, so the rate is the adapter's (its documented limit),
   * not this interval's.
   */
  everySeconds?: number;
  /**
   * Instead of `everySeconds`: a cron expression run by pg-boss's scheduler (minute resolution;
   * `0 * * * *` is hourly), evaluated in `timezone`. Every process running the queue checks the
   * schedule; pg-boss sends each run once.
   */
  cron?: string;
  /** The IANA time zone of `cron`. Default `UTC`. */
  timezone?: string;
}

/** The intake options, with their defaults. */
export type ParsedIntakeOptions =
  | { marketplaces: string[]; schedule: 'every'; everySeconds: number }
  | { marketplaces: string[]; schedule: 'cron'; cron: string; timezone: string };

const intakeOptionsSchema = z
  .strictObject({
    marketplaces: queueMarketplacesSchema,
    everySeconds: z.number().int().positive().max(86_400).optional(),
    cron: cronSchema.optional(),
    timezone: z.string().min(1).optional(),
  })
  .superRefine((options, context) => scheduleIssues(options, 'everySeconds', context));

/** The intake option's schema, for the queue options' schema. @internal */
export const intakeOptionSchema = intakeOptionsSchema.transform(
  (options): ParsedIntakeOptions =>
    options.cron === undefined
      ? { marketplaces: options.marketplaces, schedule: 'every', everySeconds: options.everySeconds ?? 300 }
      : {
          marketplaces: options.marketplaces,
          schedule: 'cron',
          cron: options.cron,
          timezone: options.timezone ?? 'UTC',
        },
);

/** The pg-boss queue of a marketplace's intake jobs: `dropship-intake-<marketplace>`. */
export function intakeQueueName(marketplace: string): string {
  return `dropship-intake-${marketplace}`;
}

/** The scheduled queue of each marketplace's intake runs. */
function intakeQueues(intake: ParsedIntakeOptions): ScheduledQueue[] {
  return intake.marketplaces.map((marketplace) => ({ name: intakeQueueName(marketplace), data: { marketplace } }));
}

/**
 * Creates (or updates) the intake queue of each marketplace: one run per marketplace at a time,
 * never piling up (see `setUpScheduledQueues`); with `cron`, pg-boss's schedule of each queue.
 *
 * @throws ValidationError when pg-boss refuses the cron expression or the time zone.
 * @internal
 */
export async function setUpIntakeQueues(
  boss: PgBoss,
  intake: ParsedIntakeOptions,
  settings: ScheduledQueueSettings,
): Promise<void> {
  await setUpScheduledQueues(boss, intakeQueues(intake), intake, settings, 'intake');
}

/**
 * Sends each marketplace's run now, when none is waiting: the first run of the `everySeconds`
 * chain, sent by every worker that starts.
 *
 * @internal
 */
export async function sendFirstIntakeRuns(boss: PgBoss, intake: ParsedIntakeOptions): Promise<void> {
  await sendFirstRuns(boss, intakeQueues(intake), intake);
}

/**
 * Sends the marketplace's next run, `everySeconds` from now (nothing when one is waiting).
 *
 * @internal
 */
export async function sendNextIntakeRun(boss: PgBoss, intake: ParsedIntakeOptions, marketplace: string): Promise<void> {
  await sendNextRun(boss, { name: intakeQueueName(marketplace), data: { marketplace } }, intake);
}

/**
 * What an intake job keeps as its output: the run's counts, not its orders (see
 * `dropshipper.importedOrders`), and when the import ran in the worker (its clock, ISO 8601).
 */
export type IntakeJobOutput = Omit<ImportMarketplaceOrdersResult, 'orders'> & {
  status: 'imported';
  startedAt: string;
  finishedAt: string;
};

/**
 * Runs one intake of `marketplace` and returns its counts.
 *
 * @internal
 */
export async function runIntake(dropshipper: Dropshipper, marketplace: string): Promise<IntakeJobOutput> {
  const startedAt = new Date().toISOString();
  const { orders: _orders, ...counts } = await dropshipper.importMarketplaceOrders(marketplace);
  return { status: 'imported', ...counts, startedAt, finishedAt: new Date().toISOString() };
}
