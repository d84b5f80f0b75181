import { ValidationError } from '@dropship/core';
import type PgBoss from 'pg-boss';
import { z } from 'zod';

/**
 * When a scheduled job runs: every `everySeconds` from the start of one run to the start of the
 * next (a chain of delayed jobs), or on pg-boss's `cron` schedule in `timezone`.
 */
export type ParsedSchedule =
  | { schedule: 'every'; everySeconds: number }
  | { schedule: 'cron'; cron: string; timezone: string };

/** A queue of scheduled runs: its pg-boss name and the data of each run. @internal */
export interface ScheduledQueue {
  name: string;
  data: object;
}

/** Settings every scheduled queue gets (the queue's retry and expiry settings). */
export interface ScheduledQueueSettings {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

/** A marketplace id that can name a pg-boss queue. @internal */
export const queueMarketplaceSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, _ and -, starting with a letter or digit');

/** A list of marketplaces, each once. @internal */
export const queueMarketplacesSchema = z
  .array(queueMarketplaceSchema)
  .min(1, 'must name at least one marketplace')
  .refine((list) => new Set(list).size === list.length, 'must not name a marketplace twice');

/** A cron expression of 5 or 6 fields (pg-boss checks the rest when the schedule is registered). @internal */
export const cronSchema = z
  .string()
  .trim()
  .regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of 5 or 6 fields');

/**
 * The issues of a schedule given as an interval (`intervalKey`) or `cron` with its `timezone`:
 * not both, and a time zone only with a cron expression. @internal
 */
export function scheduleIssues(
  options: { cron?: string | undefined; timezone?: string | undefined } & Record<string, unknown>,
  intervalKey: string,
  context: z.RefinementCtx,
): void {
  if (options.cron !== undefined && options[intervalKey] !== undefined)
    context.addIssue({ code: 'custom', path: ['cron'], message: `give ${intervalKey} or cron, not both` });
  if (options.timezone !== undefined && options.cron === undefined)
    context.addIssue({ code: 'custom', path: ['timezone'], message: 'is the time zone of cron: give cron too' });
}

/**
 * Creates (or updates) each queue with the `stately` policy: at most one job waiting and one
 * running per queue, so runs of one queue never overlap and never pile up, whatever the number of
 * workers. With `cron`, registers pg-boss's schedule of each queue; with an interval, removes a
 * schedule left by an earlier configuration.
 *
 * @param optionPath - the option whose `cron` pg-boss refused, for the error (`intake`, `listings`).
 * @throws ValidationError when pg-boss refuses the cron expression or the time zone.
 * @internal
 */
export async function setUpScheduledQueues(
  boss: PgBoss,
  queues: readonly ScheduledQueue[],
  schedule: ParsedSchedule,
  settings: ScheduledQueueSettings,
  optionPath: string,
): Promise<void> {
  for (const { name, data } of queues) {
    const queue = { name, policy: 'stately' as const, ...settings };
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
    if (schedule.schedule === 'every') {
      await boss.unschedule(name);
      continue;
    }
    try {
      await boss.schedule(name, schedule.cron, data, { tz: schedule.timezone });
    } catch (error) {
      throw new ValidationError('dropship queue options', [
        {
          path: `${optionPath}.cron`,
          message: `pg-boss refused the schedule (${error instanceof Error ? error.message : String(error)})`,
        },
      ]);
    }
  }
}

/**
 * Sends each queue's run now, when none is waiting (the queue's policy refuses a second): the
 * first run of an interval's chain, sent by every worker that starts.
 *
 * @internal
 */
export async function sendFirstRuns(
  boss: PgBoss,
  queues: readonly ScheduledQueue[],
  schedule: ParsedSchedule,
): Promise<void> {
  if (schedule.schedule !== 'every') return;
  for (const { name, data } of queues) await boss.send(name, data);
}

/**
 * Sends the queue's next run, `everySeconds` from now (nothing when one is waiting). Called when
 * a run starts, so that a worker dying mid-run does not break the chain.
 *
 * @internal
 */
export async function sendNextRun(boss: PgBoss, queue: ScheduledQueue, schedule: ParsedSchedule): Promise<void> {
  if (schedule.schedule !== 'every') return;
  await boss.send(queue.name, queue.data, { startAfter: schedule.everySeconds });
}
