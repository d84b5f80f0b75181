import { describe, expect, it } from 'vitest';
import { readStockCount, stockCountSchema } from './read-stock-count.js';

describe('readStockCount', () => {
  it.each([
    [7, 7],
    ['7', 7],
    [' 12 ', 12],
    [3.9, 3],
    [-4, 0],
    ['-4', 0],
    [2 ** 53, Number.MAX_SAFE_INTEGER],
    ['900000000000000000000000000000', Number.MAX_SAFE_INTEGER],
    [Number.NEGATIVE_INFINITY, 0],
  ])('%s → %s', (value, expected) => {
    expect(readStockCount(value)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'many', '', null, undefined, {}, '7+'])(
    '%s is not a count',
    (value) => {
      expect(readStockCount(value)).toBeUndefined();
    },
  );

  it('always gives a safe whole number through the schema, or a parse failure', () => {
    expect(stockCountSchema.parse('9007199254740993')).toBe(Number.MAX_SAFE_INTEGER);
    expect(stockCountSchema.safeParse('lots').success).toBe(false);
  });
});
