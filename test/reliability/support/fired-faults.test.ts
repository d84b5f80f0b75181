import { faultKinds } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import {
  alignSeed,
  featuredCell,
  featuredCells,
  firedFaultCells,
  firedMinimums,
  formatFiredTable,
  missedMinimums,
} from './fired-faults.js';

/** A fired table where every cell fired `count` times. */
function everyCellFired(count: number): Map<string, number> {
  return new Map(featuredCells.map((cell) => [`${cell.adapter}|${cell.operation}|${cell.kind}`, count]));
}

describe('fired-fault minimums', () => {
  it('asks each distributor for 50 lost answers on submit per 1,000 scenarios, and every other cell once', () => {
    const minimums = firedMinimums(1_000);
    const lostOnSubmit = minimums.filter((cell) => cell.operation === 'submit' && cell.kind === 'lost-response');
    expect(lostOnSubmit.map((cell) => [cell.adapter, cell.minimum])).toEqual([
      ['wps', 50],
      ['parts-unlimited', 50],
      ['tucker-rocky', 50],
      ['automatic', 50],
    ]);
    expect(
      minimums
        .filter((cell) => cell.operation === 'push-tracking' && cell.kind === 'lost-response')
        .map((cell) => cell.minimum),
    ).toEqual([20, 20]);
    // Every (adapter, operation, kind), the hostile answer included, has a minimum in a long run.
    expect(minimums).toHaveLength(featuredCells.length);
    expect(new Set(minimums.map((cell) => cell.kind))).toEqual(new Set(faultKinds));
    // A short run (the PGlite one) only needs a lost answer on submit at each distributor.
    expect(firedMinimums(150).map((cell) => `${cell.adapter} ${cell.operation} ${cell.kind} ${cell.minimum}`)).toEqual([
      'wps submit lost-response 1',
      'parts-unlimited submit lost-response 1',
      'tucker-rocky submit lost-response 1',
      'automatic submit lost-response 1',
    ]);
    expect(firedMinimums(99)).toEqual([]);
  });

  it('fails a run in which one simulator ignored one fault kind on one operation', () => {
    expect(missedMinimums(everyCellFired(60), 1_000)).toEqual([]);
    const ignored = everyCellFired(60);
    ignored.delete('shopify|push-tracking|hostile-answer');
    expect(missedMinimums(ignored, 1_000)).toEqual(['shopify push-tracking hostile-answer: fired 0, minimum 1']);
  });

  it('fails a run with too few lost answers on one distributor, however many the others had', () => {
    const fired = everyCellFired(500);
    fired.set('automatic|submit|lost-response', 49);
    expect(missedMinimums(fired, 1_000)).toEqual(['automatic submit lost-response: fired 49, minimum 50']);
  });

  it('prints one row per adapter and operation, one column per kind', () => {
    const table = formatFiredTable(new Map([['wps|submit|lost-response', 7]])).split('\n');
    expect(table).toHaveLength(2);
    expect(table[0]).toContain('hostile-answer');
    const cells = table[1]?.trim().split(/\s+/);
    expect(cells?.slice(0, 2)).toEqual(['wps', 'submit']);
    expect(cells?.slice(2)).toEqual(faultKinds.map((kind) => (kind === 'lost-response' ? '7' : '0')));
  });
});

describe('featured cells', () => {
  it('covers every standard operation of every simulator of the run with every kind', () => {
    const operations = Object.values(firedFaultCells).reduce((sum, list) => sum + list.length, 0);
    expect(featuredCells).toHaveLength(operations * faultKinds.length);
  });

  it('aligns a drawn seed so that scenario i features cell i (mod the cells), at or below the seed', () => {
    for (const [seed, index] of [
      [2_649_235_543, 0],
      [788_346_361, 17],
      [1_000, 167],
      [400, 5],
    ] as const) {
      const aligned = alignSeed(seed, index);
      expect(aligned).toBeLessThanOrEqual(seed);
      expect(seed - aligned).toBeLessThan(featuredCells.length);
      expect(featuredCell(aligned)).toBe(featuredCells[index % featuredCells.length]);
    }
  });
});
