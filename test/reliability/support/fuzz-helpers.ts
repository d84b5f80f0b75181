import { DropshipError } from '@dropship/core';
import fc from 'fast-check';

/** A change to one place of a JSON-like value. */
export interface Mutation {
  /** Picks the place (modulo the number of places). */
  place: number;
  /** `replace` the value there, `delete` it, or `wrap` it in an array. */
  kind: 'replace' | 'delete' | 'wrap';
  /** The new value for `replace`. */
  value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A deep copy of the arrays and plain objects of `value`; anything else (functions, catalogs, dates) is shared. */
export function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => copyPlain(item)) as T;
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyPlain(item)])) as T;
  return value;
}

/** Every path (list of keys) into the arrays and plain objects of a value, the root included. */
export function pathsOf(
  value: unknown,
  prefix: readonly (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push([...prefix]);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      pathsOf(item, [...prefix, index], out);
    });
  } else if (isPlainObject(value))
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

/** Applies mutations to a deep copy of `value`. */
export function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  let result: unknown = copyPlain(value);
  for (const mutation of mutations) {
    const paths = pathsOf(result);
    const path = paths[mutation.place % paths.length] ?? [];
    if (path.length === 0) {
      result = mutation.kind === 'wrap' ? [result] : mutation.kind === 'delete' ? undefined : mutation.value;
      continue;
    }
    let parent = result as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (mutation.kind === 'replace') parent[last] = mutation.value;
    else if (mutation.kind === 'wrap') parent[last] = [parent[last]];
    else if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  return result;
}

/** Hostile scalar and structural values: wrong types, edge numbers, huge and odd strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    2 ** 53,
    '',
    ' ',
    '\u0000',
    '💥',
    '__proto__',
    'constructor',
    [],
  ),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.string({ minLength: 300, maxLength: 400 }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 2 }),
);

/** One mutation. */
export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.record({
  place: fc.nat(),
  kind: fc.constantFrom<Mutation['kind']>('replace', 'replace', 'replace', 'delete', 'wrap'),
  value: hostileValue,
});

/** Malformed variants of a valid value: 1 to 3 mutations, or something else altogether. */
export function malformed(valid: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(mutationArbitrary, { minLength: 1, maxLength: 3 })
        .map((mutations) => applyMutations(valid, mutations)),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
}

/**
 * A known bug: an entry point that throws an untyped error for some malformed input today. Each
 * has a deterministic `it.fails` reproduction in known-bugs.test.ts; the fuzz properties skip
 * exactly this signature (so that they stay green and keep checking everything else) until it is
 * fixed, then the entry is deleted.
 */
export interface KnownBug {
  /** The bug's number in known-bugs.test.ts and docs/reliability.md. */
  id: number;
  /** True when `error`, thrown for `input`, is this bug. */
  matches(error: unknown, input: unknown): boolean;
}

/**
 * Signatures of the open bugs the fuzzer runs into, by name. Fixed ones are deleted from here (3,
 * 4, 5, 6, 16 and 18 were: createDropshipper options, parseTrackingPush input, the PostgreSQL store
 * and U+0000, stock counts beyond 2^53, createHttpClient's unvalidated options, the WPS item
 * parser's unvalidated fields).
 */
export const knownFuzzBugs = {
  /**
   * 17: `checkStock` answers stock levels the model refuses: an over-long warehouse code from the
   * API is passed on (Tucker Rocky, Automatic). The over-long SKU echo of the same bug is fixed.
   */
  overlongStockText: {
    id: 17,
    matches: (_error, input) => {
      const level = input as { sku?: unknown; warehouses?: { warehouse?: unknown }[] };
      const tooLong = (text: unknown) => typeof text === 'string' && text.length > 100;
      return (level.warehouses ?? []).some((entry) => tooLong(entry.warehouse));
    },
  } satisfies KnownBug,
};

/** Seeds every property also runs with, whatever the run's seed: failures found once, kept. */
export const regressionSeeds: readonly number[] = [20_261_122, 1_127_653_361, 846_219_835, 1_164_320_541];

/**
 * The seed of this run: `FUZZ_SEED` when set (to replay a failure), else a new one per run, so
 * that every run explores new inputs. Printed with its replay command.
 */
export const runSeed: number =
  process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== '' && process.env.FUZZ_SEED !== 'random'
    ? Number(process.env.FUZZ_SEED)
    : Math.floor(Math.random() * 2 ** 31);

/** The command that replays this run's seed. */
export const replayCommand = `FUZZ_SEED=${runSeed} pnpm exec vitest run test/reliability/fuzz.test.ts`;

/**
 * Checks a property with the run's seed (`numRuns` runs), then with each regression seed (a
 * quarter of the runs each, at least 5). A failure names its seed and the replay command.
 *
 * @param property - a fast-check property (sync or async).
 * @param parameters - at least `numRuns`.
 */
export async function assertSeeded<T>(
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  parameters: { numRuns: number },
): Promise<void> {
  const plan = [
    { seed: runSeed, numRuns: parameters.numRuns },
    ...regressionSeeds.map((seed) => ({ seed, numRuns: Math.max(5, Math.round(parameters.numRuns / 4)) })),
  ];
  for (const { seed, numRuns } of plan) {
    try {
      await fc.assert(property as fc.IAsyncProperty<T>, { ...parameters, seed, numRuns });
    } catch (error) {
      const replay =
        seed === runSeed ? `replay: ${replayCommand}` : `regression seed ${seed} (in support/fuzz-helpers.ts)`;
      throw new Error(
        `${replay}
${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

/** What a call did under fuzzing: a result, or a typed error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DropshipError };

/**
 * Runs `call` and classifies what happened: a value, or a `DropshipError`. Anything else thrown
 * (a TypeError, a RangeError, a string) fails the property, naming it.
 */
export async function typedOutcome<T>(
  call: () => T | Promise<T>,
  known?: { bug: KnownBug; input: unknown },
): Promise<Outcome<T> | { ok: 'known-bug' }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (DropshipError.isInstance(error)) return { ok: false, error };
    if (known?.bug.matches(error, known.input)) return { ok: 'known-bug' };
    const described = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    throw new Error(`not a typed DropshipError: ${described}`);
  }
}

/** Synchronous version of {@link typedOutcome}. */
export function typedOutcomeSync<T>(
  call: () => T,
  known?: { bug: KnownBug; input: unknown },
): Outcome<T> | { ok: 'known-bug' } {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    if (DropshipError.isInstance(error)) return { ok: false, error };
    if (known?.bug.matches(error, known.input)) return { ok: 'known-bug' };
    const described = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    throw new Error(`not a typed DropshipError: ${described}`);
  }
}
