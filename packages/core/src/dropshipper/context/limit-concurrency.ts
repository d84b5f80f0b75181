/** Runs async tasks with at most `concurrency` in flight. */
export type ConcurrencyLimiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A minimal concurrency limiter (core depends on zod and eventemitter3 only, so no p-limit here).
 * Tasks start in the order they were queued.
 *
 * @param concurrency - most tasks in flight, at least 1.
 */
export function limitConcurrency(concurrency: number): ConcurrencyLimiter {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  let active = 0;
  const queue: Array<() => void> = [];
  const next = (): void => {
    active--;
    queue.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < concurrency) run();
      else queue.push(run);
    });
}
