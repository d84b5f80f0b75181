import { parseWith, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { chunk, createShipmentQuerySchema, poNumberInputSchema, skuListSchema } from './distributor-inputs.js';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error), String(error)).toBe(true);
    return ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path) : [];
  }
  return [];
}

describe('distributor inputs', () => {
  it('takes trimmed, non-blank SKUs and PO numbers, and refuses blank ones by position', () => {
    expect(parseWith(skuListSchema, [' A-1 ', 'B-2'], 'SKU list')).toEqual(['A-1', 'B-2']);
    expect(issuesOf(() => parseWith(skuListSchema, ['A-1', '  '], 'SKU list'))).toEqual(['1']);
    // Longer than a stock level can hold (TEXT_LIMITS.code): refused at the call, not echoed back.
    expect(issuesOf(() => parseWith(skuListSchema, ['X'.repeat(101)], 'SKU list'))).toEqual(['0']);
    expect(parseWith(skuListSchema, ['X'.repeat(100)], 'SKU list')).toHaveLength(1);
    expect(issuesOf(() => parseWith(poNumberInputSchema, ' ', 'PO number'))).toEqual(['']);
  });

  it('takes PO lists and date ranges, refusing unknown keys, bad dates and a range that ends before it starts', () => {
    const dates = createShipmentQuerySchema();
    expect(parseWith(dates, { poNumbers: ['PO-1'] }, 'query')).toEqual({ poNumbers: ['PO-1'] });
    expect(parseWith(dates, { from: '2026-11-01', to: '2026-11-05' }, 'query')).toEqual({
      from: '2026-11-01',
      to: '2026-11-05',
    });
    expect(issuesOf(() => parseWith(dates, { poNumbers: ['PO-1'], limit: 5 }, 'query'))).not.toEqual([]);
    expect(issuesOf(() => parseWith(dates, { from: '2026-11-05', to: '2026-11-01' }, 'query'))).not.toEqual([]);
    expect(issuesOf(() => parseWith(dates, { from: '2026-11-01T00:00:00Z', to: '2026-11-05' }, 'query'))).not.toEqual(
      [],
    );
    const dateTimes = createShipmentQuerySchema({ dateTimes: true });
    expect(parseWith(dateTimes, { from: '2026-11-01T00:00:00Z', to: '2026-11-05' }, 'query')).toEqual({
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-05',
    });
  });

  it('splits a list into batches in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
