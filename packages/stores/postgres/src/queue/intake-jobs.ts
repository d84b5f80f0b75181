import { type Dropshipper, type ImportMarketplaceOrdersResult, ValidationError } from '@dropship/core';
import type PgBoss from 'pg-boss';
import { z } from 'zod';

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

/** A marketplace id that can name a pg-boss queue. */
const marketplaceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, _ and -, starting with a letter or digit');

const intakeOptionsSchema = z
  .strictObject({
    marketplaces: z
      .array(marketplaceSchema)
      .min(1, 'must name at least one marketplace')
      .refine((list) => new Set(list).size === list.length, 'must not name a marketplace twice'),
    everySeconds: z.number().int().positive().max(86_400).optional(),
    cron: z
      .string()
      .trim()
      .regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of 5 or 6 fields')
      .optional(),
    timezone: z.string().min(1).optional(),
  })
  .superRefine((options, context) => {
    if (options.cron !== undefined && options.everySeconds !== undefined)
      context.addIssue({ code: 'custom', path: ['cron'], message: 'give everySeconds or cron, not both' });
    if (options.timezone !== undefined && options.cron === undefined)
      context.addIssue({ code: 'custom', path: ['timezone'], message: 'is the time zone of cron: give cron too' });
  });

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

/** Settings every intake queue gets (the queue's retry and expiry settings). */
export interface IntakeQueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

/**
 * Creates (or updates) the intake queue of each marketplace with the `stately` policy: at most one
 * job waiting and one running per queue, so runs of one marketplace never overlap and never pile
 * up, whatever the number of workers. With `cron`, registers pg-boss's schedule of each queue;
 * with `everySeconds`, removes a schedule left by an earlier configuration.
 *
 * @throws ValidationError when pg-boss refuses the cron expression or the time zone.
 * @internal
 */
export async function setUpIntakeQueues(
  boss: PgBoss,
  intake: ParsedIntakeOptions,
  settings: IntakeQueueSettings,
): Promise<void> {
  for (const marketplace of intake.marketplaces) {
    const name = intakeQueueName(marketplace);
    const queue = { name, policy: 'stately' as const, ...settings };
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
    if (intake.schedule === 'every') {
      await boss.unschedule(name);
      continue;
    }
    try {
      await boss.schedule(name, intake.cron, { marketplace }, { tz: intake.timezone });
    } catch (error) {
      throw new ValidationError('dropship queue options', [
        {
          path: 'intake.cron',
          message: `pg-boss refused the schedule (${error instanceof Error ? error.message : String(error)})`,
        },
      ]);
    }
  }
}

/**
 * Sends each marketplace's run now, when none is waiting (the queue's policy refuses a second):
 * the first run of the `everySeconds` chain, sent by every worker that starts.
 *
 * @internal
 */
export async function sendFirstIntakeRuns(boss: PgBoss, intake: ParsedIntakeOptions): Promise<void> {
  if (intake.schedule !== 'every') return;
  for (const marketplace of intake.marketplaces) await boss.send(intakeQueueName(marketplace), { marketplace });
}

/**
 * Sends the marketplace's next run, `everySeconds` from now (nothing when one is waiting). Called
 * when a run starts, so that a worker dying mid-run does not break the chain.
 *
 * @internal
 */
export async function sendNextIntakeRun(boss: PgBoss, intake: ParsedIntakeOptions, marketplace: string): Promise<void> {
  if (intake.schedule !== 'every') return;
  await boss.send(intakeQueueName(marketplace), { marketplace }, { startAfter: intake.everySeconds });
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
