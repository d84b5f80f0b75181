import { describe, expect, it } from 'vitest';
import {
  cellsMissingOnce,
  featuredCell,
  featuredCells,
  firedMinimums,
  missedMinimums,
  topUpSeeds,
} from './support/fired-faults.js';

// The fired-fault minimums of the fault-injection run, and its top-up of cells that missed "at
// least once" by chance: a kind a simulator ignores must still fail the run.

const shopifyMalformedPush = { adapter: 'shopify', operation: 'push-tracking', kind: 'malformed-body' } as const;
const key = (cell: { adapter: string; operation: string; kind: string }) =>
  `${cell.adapter}|${cell.operation}|${cell.kind}`;

/** A run of 1,000 scenarios that fired every minimum exactly, but for the cells left out. */
function firedAllBut(...left: (typeof shopifyMalformedPush)[]): Map<string, number> {
  const leftOut = new Set(left.map(key));
  return new Map(firedMinimums(1_000).flatMap((cell) => (leftOut.has(key(cell)) ? [] : [[key(cell), cell.minimum]])));
}

describe('fired-fault minimums', () => {
  it('a run that fired every minimum misses none, and one that never fired a kind names it', () => {
    expect(missedMinimums(firedAllBut(), 1_000)).toEqual([]);
    expect(missedMinimums(firedAllBut(shopifyMalformedPush), 1_000)).toEqual([
      'shopify push-tracking malformed-body: fired 0, minimum 1',
    ]);
  });

  it('tops up only the cells that missed "at least once", never a larger minimum', () => {
    expect(cellsMissingOnce(firedAllBut(shopifyMalformedPush), 1_000)).toEqual([shopifyMalformedPush]);
    const noLostSubmit = firedAllBut();
    noLostSubmit.set('wps|submit|lost-response', 3);
    expect(cellsMissingOnce(noLostSubmit, 1_000)).toEqual([]);
    expect(missedMinimums(noLostSubmit, 1_000)).toEqual(['wps submit lost-response: fired 3, minimum 50']);
  });

  it('top-up seeds each feature the missing cell, and replay the same for the same run seed', () => {
    const seeds = topUpSeeds(shopifyMalformedPush, 462_094_540, 16);
    expect(new Set(seeds).size).toBe(16);
    for (const seed of seeds) expect(featuredCell(seed)).toEqual(shopifyMalformedPush);
    expect(topUpSeeds(shopifyMalformedPush, 462_094_540, 16)).toEqual(seeds);
    expect(featuredCells.length).toBeGreaterThan(100);
  });
});
