import type PgBoss from 'pg-boss';

/** A job as the pump hands it to a handler. */
export interface PumpedJob<Data> {
  id: string;
  data: Data;
}

/** What became of one job: its output, or the error that fails it (pg-boss retries it). */
export type JobResult = { output: object } | { error: unknown };

/** Options of {@link startJobPump}. */
export interface JobPumpOptions<Data> {
  /** The pg-boss queue to take jobs from. */
  queue: string;
  /** Handler calls in flight at once. */
  slots: number;
  /** Jobs per handler call (1: one job each; more: a batch). */
  batchSize: number;
  /** How long to wait before asking again when the queue was empty, ms. */
  pollIntervalMs: number;
  /**
   * After taking fewer jobs than it could, wait this long before asking again, ms, so that
   * batches fill up (a tracking sync costs about the same for one PO as for a hundred). Default 0.
   */
  gatherMs?: number;
  /**
   * Does the work of a batch: one result per job. When it rejects, every job of the batch fails
   * (and pg-boss retries it as the queue says).
   */
  handle(jobs: PumpedJob<Data>[]): Promise<JobResult[]>;
  /** Told about errors the pump itself meets (a failed fetch or completion). */
  onError(error: unknown): void;
}

/** A running pump. */
export interface JobPump {
  /** Takes no new jobs, waits for the handlers in flight, then resolves. */
  stop(): Promise<void>;
}

/** What a failed job keeps as its output: the message only (the store never puts credentials in one). */
export function failureOutput(error: unknown): { message: string } {
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * Takes jobs from one pg-boss queue and runs them, up to `slots` batches at once. Unlike
 * pg-boss's `work`, it asks for the next jobs as soon as a slot frees (not once per polling
 * interval), waits `pollIntervalMs` only when the queue is empty, completes the jobs of a batch
 * in one statement, and fails only the jobs that failed.
 *
 * @internal
 */
export function startJobPump<Data extends object>(boss: PgBoss, options: JobPumpOptions<Data>): JobPump {
  let running = 0;
  let stopping = false;
  let wake: (() => void) | undefined;
  let stopSleeping: (() => void) | undefined;
  const idle: (() => void)[] = [];

  const nudge = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  /** Waits `ms` (or, without, until a handler finishes), unless the pump stops. */
  const pause = (ms: number | undefined) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => nudge(), ms);
      wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
    });
  /** Waits `ms` unless the pump stops (a finishing handler does not cut it short). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        stopSleeping = undefined;
        resolve();
      }, ms);
      stopSleeping = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function settle(jobs: PumpedJob<Data>[]): Promise<void> {
    let results: JobResult[];
    try {
      results = await options.handle(jobs);
    } catch (error) {
      results = jobs.map(() => ({ error }));
    }
    const done: string[] = [];
    const outputs: object[] = [];
    const failed: { id: string; error: unknown }[] = [];
    jobs.forEach((job, index) => {
      const result = results[index] ?? { error: new Error('no result for the job') };
      if ('output' in result) {
        done.push(job.id);
        outputs.push(result.output);
      } else {
        failed.push({ id: job.id, error: result.error });
      }
    });
    try {
      // A job left active (a statement failed) is expired and retried by pg-boss: the work is idempotent.
      if (done.length === 1 && jobs.length === 1)
        await boss.complete(options.queue, done[0] as string, outputs[0] as object);
      else if (done.length > 0) await boss.complete(options.queue, done); // a batch: one statement, no outputs
      for (const { id, error } of failed) await boss.fail(options.queue, id, failureOutput(error));
    } catch (error) {
      options.onError(error);
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const free = options.slots - running;
      if (free <= 0) {
        await pause(undefined);
        continue;
      }
      let jobs: PumpedJob<Data>[] = [];
      try {
        jobs = (await boss.fetch<Data>(options.queue, { batchSize: free * options.batchSize })) ?? [];
      } catch (error) {
        options.onError(error);
      }
      if (jobs.length === 0) {
        if (!stopping) await pause(options.pollIntervalMs);
        continue;
      }
      for (let index = 0; index < jobs.length; index += options.batchSize) {
        running += 1;
        void settle(jobs.slice(index, index + options.batchSize)).finally(() => {
          running -= 1;
          if (running === 0) for (const resolve of idle.splice(0)) resolve();
          nudge();
        });
      }
      if (options.gatherMs && jobs.length < free * options.batchSize && !stopping) await sleep(options.gatherMs);
    }
  }

  const looping = loop();
  return {
    async stop() {
      stopping = true;
      nudge();
      stopSleeping?.();
      await looping;
      if (running > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
