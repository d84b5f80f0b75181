import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { NOW, offer, order } from './__fixtures__/routing-fixtures.js';
import { createPlanner } from './create-planner.js';

/** The paths of the ValidationError `run` throws (fails the test when it throws anything else or nothing). */
function issuePaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

// Orders are checked for safe totals when parsed (see model/bounded-input.test.ts); costs come
// from offers, so the plan checks its own sums.
describe('plan totals stay within safe integers', () => {
  it('never gives a plan whose cost or profit passes Number.MAX_SAFE_INTEGER: a ValidationError instead', () => {
    const planner = createPlanner({
      rules: { singleShipment: 'none', marketplaceFeeBasisPoints: { ebay: 0 } },
    });
    const huge = offer({
      distributor: 'wps',
      sku: 'WPS-1',
      cost: 1_000_000_000_000,
      stock: [{ warehouse: 'PA', quantity: 100_000, leadTimeDays: 0 }],
    });
    const salesOrder = order({ lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 100_000, unitPrice: 1 }] });
    expect(issuePaths(() => planner.plan(salesOrder, { offers: { L1: [huge] as never }, now: NOW }))).toEqual([
      'profit.cost',
      'profit.profit',
    ]);
    const fine = planner.plan(order({ lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 1 }] }), {
      offers: { L1: [huge] as never },
      now: NOW,
    });
    expect(fine.profit.cost).toBe(2_000_000_000_000);
  });
});
