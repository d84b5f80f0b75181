import { ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { fetchStockInBatches, stockLevelsAsAsked, validatedLocallyResult } from './distributor-operations.js';

describe('fetchStockInBatches', () => {
  it('asks each SKU once, in batches of at most the size, and keeps the list as asked', async () => {
    const batches: string[][] = [];
    const result = await fetchStockInBatches([' A ', 'B', 'A', 'C', 'D', 'E'], 2, async (batch) => {
      batches.push(batch);
      return batch.map((sku) => `${sku}!`);
    });
    expect(batches).toEqual([['A', 'B'], ['C', 'D'], ['E']]);
    expect(result).toEqual({ asked: ['A', 'B', 'A', 'C', 'D', 'E'], items: ['A!', 'B!', 'C!', 'D!', 'E!'] });
  });

  it('refuses a bad SKU list before any request, naming the subject', async () => {
    let calls = 0;
    const error = await fetchStockInBatches(
      ['A', ''],
      5,
      async () => {
        calls += 1;
        return [];
      },
      'WPS stock request',
    ).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('WPS stock request');
    expect(calls).toBe(0);
  });

  it('makes no request for an empty list', async () => {
    let calls = 0;
    expect(
      await fetchStockInBatches([], 5, async () => {
        calls += 1;
        return [];
      }),
    ).toEqual({ asked: [], items: [] });
    expect(calls).toBe(0);
  });
});

describe('validatedLocallyResult', () => {
  it('says validated, nothing sent, and which checks ran', () => {
    expect(validatedLocallyResult('wps', 'DS-1', 'field lengths')).toEqual({
      poNumber: 'DS-1',
      distributorOrderRefs: [],
      status: 'validated',
      alreadyExisted: false,
      warnings: [
        {
          type: 'unsupported',
          feature: 'validate-only',
          message:
            'wps: the API has no validate-only mode; only the local checks ran (field lengths). Nothing was sent.',
        },
      ],
    });
  });
});

describe('stockLevelsAsAsked', () => {
  it('answers in the order asked, repeats included, and not found for a SKU without a level', () => {
    const level = { sku: 'A', found: true, warehouses: [{ warehouse: 'E', quantity: 2, isFloor: false }] };
    expect(stockLevelsAsAsked(['A', 'B', 'A'], [level])).toEqual([
      level,
      { sku: 'B', found: false, warehouses: [] },
      level,
    ]);
  });
});
