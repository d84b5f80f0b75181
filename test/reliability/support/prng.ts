/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that a scenario
 * run is reproducible from its seed alone: the same seed gives the same orders, faults, crash
 * points and shipments. Not for cryptography.
 */
export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  integer(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** Up to `count` distinct elements of a list, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A child generator with its own stream, derived from this one (for a sub-scenario). */
  fork(label: number): Random;
}

function splitmix32(state: number): () => number {
  let value = state >>> 0;
  return () => {
    value = (value + 0x9e3779b9) >>> 0;
    let mixed = value;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded generator.
 *
 * @param seed - any 32-bit unsigned integer.
 */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4_294_967_296;
  };
  for (let index = 0; index < 12; index += 1) next();
  const random: Random = {
    seed: seed >>> 0,
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick: empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    sample: (items, count) => {
      const pool = [...items];
      const chosen: (typeof pool)[number][] = [];
      while (chosen.length < count && pool.length > 0)
        chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as (typeof pool)[number]);
      return chosen;
    },
    fork: (label) => createRandom((Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(label + 1, 0x165667b1)) >>> 0),
  };
  return random;
}

/** Derives the seed of scenario `index` of a run from the run's seed (so one scenario can be replayed alone). */
export function scenarioSeed(runSeed: number, index: number): number {
  return createRandom(runSeed).fork(index).integer(0, 0xffff_ffff) >>> 0;
}
