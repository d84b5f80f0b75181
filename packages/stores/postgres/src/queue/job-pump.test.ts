import type PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { type JobResult, type PumpedJob, startJobPump } from './job-pump.js';

/**
 * The three calls of pg-boss the pump makes, over an in-memory queue: `fetch` hands out up to
 * `batchSize` waiting jobs (each once), `complete` and `fail` record what they are told. Faults
 * make the next call of an operation throw, as a lost connection would.
 */
function fakeBoss(jobIds: readonly string[]) {
  const waiting = jobIds.map((id): PumpedJob<{ n: number }> => ({ id, data: { n: Number(id.slice(1)) } }));
  const completed: { ids: string[]; output: object | undefined }[] = [];
  const failed: { id: string; output: object }[] = [];
  const faults = { fetch: 0, complete: 0 };
  let fetches = 0;
  const boss = {
    async fetch(_queue: string, options: { batchSize: number }) {
      fetches++;
      if (faults.fetch > 0) {
        faults.fetch--;
        throw new Error('fetch: connection terminated');
      }
      return waiting.splice(0, options.batchSize);
    },
    async complete(_queue: string, ids: string | string[], output?: object) {
      if (faults.complete > 0) {
        faults.complete--;
        throw new Error('complete: connection terminated');
      }
      completed.push({ ids: Array.isArray(ids) ? ids : [ids], output });
    },
    async fail(_queue: string, id: string, output: object) {
      failed.push({ id, output });
    },
  };
  return { boss: boss as unknown as PgBoss, completed, failed, faults, fetches: () => fetches, waiting };
}

/** Waits until `condition` holds (the pump runs on its own timers). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settledIds = (world: ReturnType<typeof fakeBoss>) => [
  ...world.completed.flatMap((entry) => entry.ids),
  ...world.failed.map((entry) => entry.id),
];

describe('startJobPump', () => {
  it('completes a single job with its output and a batch in one call, and fails only the jobs that failed', async () => {
    const world = fakeBoss(['j1', 'j2', 'j3', 'j4']);
    const handled: string[][] = [];
    const pump = startJobPump<{ n: number }>(world.boss, {
      queue: 'q',
      slots: 1,
      batchSize: 3,
      pollIntervalMs: 5,
      onError: () => {},
      async handle(jobs) {
        handled.push(jobs.map((job) => job.id));
        return jobs.map(
          (job): JobResult => (job.data.n === 2 ? { error: new Error('n is 2') } : { output: { n: job.data.n } }),
        );
      },
    });
    await until(() => settledIds(world).length === 4);
    await pump.stop();

    expect(handled).toEqual([['j1', 'j2', 'j3'], ['j4']]);
    expect(world.completed).toEqual([
      { ids: ['j1', 'j3'], output: undefined },
      { ids: ['j4'], output: { n: 4 } },
    ]);
    expect(world.failed).toEqual([{ id: 'j2', output: { message: 'n is 2' } }]);
  });

  it('fails every job of a batch whose handler throws, and a job the handler gave no result for', async () => {
    const world = fakeBoss(['j1', 'j2', 'j3']);
    let calls = 0;
    const pump = startJobPump<{ n: number }>(world.boss, {
      queue: 'q',
      slots: 1,
      batchSize: 2,
      pollIntervalMs: 5,
      onError: () => {},
      async handle(jobs) {
        calls++;
        if (calls === 1) throw 'the batch broke';
        return jobs.slice(1).map(() => ({ output: {} }));
      },
    });
    await until(() => settledIds(world).length === 3);
    await pump.stop();

    expect(world.failed).toEqual([
      { id: 'j1', output: { message: 'the batch broke' } },
      { id: 'j2', output: { message: 'the batch broke' } },
      { id: 'j3', output: { message: 'no result for the job' } },
    ]);
    expect(world.completed).toEqual([]);
  });

  it('reports a failed fetch or completion and keeps taking jobs', async () => {
    const world = fakeBoss(['j1', 'j2']);
    world.faults.fetch = 1;
    world.faults.complete = 1;
    const errors: string[] = [];
    const pump = startJobPump<{ n: number }>(world.boss, {
      queue: 'q',
      slots: 1,
      batchSize: 1,
      pollIntervalMs: 5,
      onError: (error) => errors.push((error as Error).message),
      handle: async (jobs) => jobs.map(() => ({ output: { ok: true } })),
    });
    await until(() => world.completed.length === 1);
    await pump.stop();

    expect(errors).toEqual(['fetch: connection terminated', 'complete: connection terminated']);
    // j1's completion was lost (pg-boss hands it out again after its expiry); j2 completed.
    expect(world.completed).toEqual([{ ids: ['j2'], output: { ok: true } }]);
    expect(world.fetches()).toBeGreaterThanOrEqual(3);
  });

  it('stops taking jobs on stop() and waits for the handlers in flight', async () => {
    const world = fakeBoss(['j1', 'j2', 'j3']);
    let release: (() => void) | undefined;
    const started: string[] = [];
    const pump = startJobPump<{ n: number }>(world.boss, {
      queue: 'q',
      slots: 1,
      batchSize: 1,
      pollIntervalMs: 5,
      onError: () => {},
      async handle(jobs) {
        started.push(...jobs.map((job) => job.id));
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return jobs.map(() => ({ output: {} }));
      },
    });
    await until(() => started.length === 1);
    let stopped = false;
    const stopping = pump.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    release?.();
    await stopping;

    expect(started).toEqual(['j1']);
    expect(world.completed).toEqual([{ ids: ['j1'], output: {} }]);
    expect(world.waiting.map((job) => job.id)).toEqual(['j2', 'j3']);
  });

  it('waits gatherMs after a batch that was not full, so the next batch fills up', async () => {
    const world = fakeBoss(['j1']);
    const batches: string[][] = [];
    const pump = startJobPump<{ n: number }>(world.boss, {
      queue: 'q',
      slots: 1,
      batchSize: 10,
      pollIntervalMs: 5,
      gatherMs: 150,
      onError: () => {},
      async handle(jobs) {
        batches.push(jobs.map((job) => job.id));
        return jobs.map(() => ({ output: {} }));
      },
    });
    await until(() => batches.length === 1);
    world.waiting.push({ id: 'j2', data: { n: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 40));
    world.waiting.push({ id: 'j3', data: { n: 3 } });
    await until(() => batches.length === 2);
    await pump.stop();
    expect(batches).toEqual([['j1'], ['j2', 'j3']]);
  });
});
