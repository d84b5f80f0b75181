/** A clock the examples move by hand: every component of the sandbox reads the time from it. */
export interface SimulatedClock {
  /** The current simulated instant (a fresh `Date`). */
  now(): Date;
  /** The current simulated instant as ISO 8601. */
  iso(): string;
  /** Jumps to an instant (never backwards: a clock that goes back would confuse date-range lookups). */
  set(at: Date | string): Date;
  /** Moves forward by some minutes. */
  advanceMinutes(minutes: number): Date;
}

/**
 * Creates a simulated clock starting at `start`.
 *
 * @param start - the first instant (ISO 8601 or a `Date`).
 */
export function createSimulatedClock(start: Date | string): SimulatedClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new RangeError(`simulated clock: "${String(start)}" is not a date`);
  const clock: SimulatedClock = {
    now: () => new Date(current),
    iso: () => new Date(current).toISOString(),
    set(at) {
      const next = new Date(at).getTime();
      if (Number.isNaN(next)) throw new RangeError(`simulated clock: "${String(at)}" is not a date`);
      current = Math.max(current, next);
      return clock.now();
    },
    advanceMinutes(minutes) {
      current += Math.max(0, minutes) * 60_000;
      return clock.now();
    },
  };
  return clock;
}
