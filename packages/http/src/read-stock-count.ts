import { z } from 'zod';

/**
 * Reads a stock count as distributors send it: a number or a numeric string (`7`, `"7"`,
 * `" 12 "`). Fractions are truncated, negatives read as 0, and counts beyond
 * `Number.MAX_SAFE_INTEGER` are capped there (the count then means "at least that many").
 * Anything else (NaN, Infinity, `"many"`, objects) is undefined, for the caller to reject.
 *
 * @param value - the count from an API body.
 */
export function readStockCount(value: unknown): number | undefined {
  let count: number;
  if (typeof value === 'number') count = value;
  else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) count = Number(value);
  else return undefined;
  if (Number.isNaN(count)) return undefined;
  if (count === Number.NEGATIVE_INFINITY) return 0;
  if (count === Number.POSITIVE_INFINITY) return undefined;
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.trunc(count)));
}

/**
 * Zod schema of a stock count read with {@link readStockCount}: a whole, non-negative, safe
 * integer, or a parse failure naming the field (which `@dropship/http` turns into a
 * `ResponseParseError`).
 */
export const stockCountSchema = z.unknown().transform((value, context) => {
  const count = readStockCount(value);
  if (count === undefined) {
    context.addIssue({ code: 'custom', message: 'must be a stock count (a whole number or numeric string)' });
    return z.NEVER;
  }
  return count;
});
