import { type FaultKind, faultKinds } from '@dropship/testing/simulator';
import { scenarioSeed } from './prng.js';

// The faults a run fired, counted by the simulators' fault injectors as each one was applied to
// a call (a queued fault that never fires counts for nothing), per adapter × operation × kind,
// and the minimums a run must reach so that a fault kind a simulator ignores fails the run.

/** Faults that fired, by `adapter|operation|kind`. */
export type FiredFaults = Map<string, number>;

/** Adds the counts of `from` into `into`. */
export function addFired(into: FiredFaults, from: ReadonlyMap<string, number>): void {
  for (const [key, count] of from) into.set(key, (into.get(key) ?? 0) + count);
}

/** The standard operations of each simulator of the run that every fault kind must fire on. */
export const firedFaultCells: Readonly<Record<string, readonly string[]>> = {
  wps: ['stock', 'submit', 'find-order', 'shipments'],
  'parts-unlimited': ['stock', 'submit', 'find-order', 'shipments'],
  'tucker-rocky': ['stock', 'submit', 'find-order', 'shipments'],
  automatic: ['stock', 'submit', 'find-order', 'shipments'],
  walmart: ['token', 'read-order', 'push-tracking'],
  shopify: ['read-order', 'push-tracking'],
};

/** One (adapter, operation, kind) with the least number of times it must fire in a run. */
export interface FiredMinimum {
  adapter: string;
  operation: string;
  kind: FaultKind;
  minimum: number;
}

/**
 * The minimums for a run of `scenarios` scenarios. In runs of 500 scenarios or more (each cell is
 * featured by a scenario at least twice then), per 1,000 scenarios: an answer lost after the
 * distributor made the order (lost-response on submit) at least 50 times for each distributor, an
 * answer lost after the marketplace recorded the push at least 20 times for each marketplace, and
 * every other kind on every operation at least once. Shorter runs of 100 scenarios or more (the
 * PGlite run) only need a lost answer on submit at each distributor (a scaled minimum would fail
 * by chance there). Runs under 100 scenarios have no minimums (too few to say).
 *
 * @param scenarios - scenarios in the run.
 */
export function firedMinimums(scenarios: number): FiredMinimum[] {
  if (scenarios < 100) return [];
  const long = scenarios >= 500;
  const scale = (perThousand: number) => Math.max(1, Math.floor((perThousand * scenarios) / 1_000));
  return featuredCells
    .map((cell) => ({
      ...cell,
      minimum:
        cell.kind === 'lost-response' && cell.operation === 'submit'
          ? long
            ? scale(50)
            : 1
          : !long
            ? 0
            : cell.kind === 'lost-response' && cell.operation === 'push-tracking'
              ? scale(20)
              : 1,
    }))
    .filter((cell) => cell.minimum > 0);
}

/** The minimums a run missed, one line each (`adapter operation kind: fired n, minimum m`). */
export function missedMinimums(fired: ReadonlyMap<string, number>, scenarios: number): string[] {
  return firedMinimums(scenarios)
    .map((cell) => ({ ...cell, count: fired.get(`${cell.adapter}|${cell.operation}|${cell.kind}`) ?? 0 }))
    .filter((cell) => cell.count < cell.minimum)
    .map((cell) => `${cell.adapter} ${cell.operation} ${cell.kind}: fired ${cell.count}, minimum ${cell.minimum}`);
}

/** The fired table as printed: one row per adapter × operation, one column per kind. */
export function formatFiredTable(fired: ReadonlyMap<string, number>): string {
  const rows = new Map<string, Map<string, number>>();
  for (const [key, count] of fired) {
    const [adapter = '', operation = '', kind = ''] = key.split('|');
    const row = `${adapter} ${operation}`;
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)?.set(kind, count);
  }
  const width = Math.max(24, ...[...rows.keys()].map((row) => row.length + 1));
  const header = `  ${'fired (adapter operation)'.padEnd(width)}${faultKinds.map((kind) => kind.padStart(16)).join('')}`;
  const lines = [...rows.keys()]
    .sort()
    .map(
      (row) =>
        `  ${row.padEnd(width)}${faultKinds.map((kind) => String(rows.get(row)?.get(kind) ?? 0).padStart(16)).join('')}`,
    );
  return [header, ...lines].join('\n');
}

/** One (adapter, operation, kind) a scenario features: it queues that fault where the call comes. */
export interface FeaturedCell {
  adapter: string;
  operation: string;
  kind: FaultKind;
}

/** Every cell of {@link firedFaultCells} × fault kinds, in a stable order. */
export const featuredCells: readonly FeaturedCell[] = Object.entries(firedFaultCells).flatMap(([adapter, operations]) =>
  operations.flatMap((operation) => faultKinds.map((kind) => ({ adapter, operation, kind }))),
);

/**
 * The cell a scenario features: `featuredCells[seed % featuredCells.length]`, so that a scenario
 * replays alone from its seed, and a run whose scenario `i` has `seed % length === i % length`
 * (see {@link alignSeed}) features every cell equally often.
 *
 * @param seed - the scenario's seed.
 */
export function featuredCell(seed: number): FeaturedCell {
  return featuredCells[seed % featuredCells.length] as FeaturedCell;
}

/**
 * A scenario seed moved to the nearest seed at or below it that features cell `index % length`.
 *
 * @param seed - the seed drawn for scenario `index`.
 * @param index - the scenario's index in the run.
 */
export function alignSeed(seed: number, index: number): number {
  const length = featuredCells.length;
  const aligned = seed - (seed % length) + (index % length);
  return aligned <= seed ? aligned : aligned - length;
}

/**
 * The cells of a run that missed a minimum of one (every kind on every operation at least once):
 * a cell featured a handful of times per 1,000 scenarios can miss it by chance, where a kind a
 * simulator ignores misses it always. The run tops these up (see {@link topUpSeeds}) before it
 * judges them; minimums above one are judged on the run alone.
 *
 * @param fired - what the run fired.
 * @param scenarios - scenarios in the run.
 */
export function cellsMissingOnce(fired: ReadonlyMap<string, number>, scenarios: number): FeaturedCell[] {
  return firedMinimums(scenarios)
    .filter((cell) => cell.minimum === 1 && (fired.get(`${cell.adapter}|${cell.operation}|${cell.kind}`) ?? 0) === 0)
    .map(({ adapter, operation, kind }) => ({ adapter, operation, kind }));
}

/**
 * `count` scenario seeds that feature `cell`, derived from the run's seed (replayable: each is a
 * scenario seed like any other).
 *
 * @param cell - the cell to feature.
 * @param runSeed - the run's seed.
 * @param count - how many seeds.
 */
export function topUpSeeds(cell: FeaturedCell, runSeed: number, count: number): number[] {
  const index = featuredCells.findIndex(
    (candidate) =>
      candidate.adapter === cell.adapter && candidate.operation === cell.operation && candidate.kind === cell.kind,
  );
  if (index < 0) throw new Error(`not a featured cell: ${cell.adapter} ${cell.operation} ${cell.kind}`);
  return Array.from({ length: count }, (_, offset) =>
    alignSeed(scenarioSeed((runSeed ^ 0x9e37_79b9) >>> 0, index * 1_000 + offset), index),
  );
}
