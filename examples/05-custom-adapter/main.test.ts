import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 05: a custom distributor adapter in the dropshipper', () => {
  it('routes to the custom distributor, survives a lost answer with exactly one order, and syncs its tracking', async () => {
    const result = await run({ log: () => undefined });

    expect(result).toMatchObject({ distributor: 'trailhead', sku: 'TH-FA181HH', outcome: 'submitted' });
    // The answer was lost after Trailhead stored the order: the adapter found it, nothing was sent twice.
    expect(result.submitCalls).toBe(1);
    expect(result.ordersAtTrailhead).toBe(1);
    expect(result.warnings.join()).toMatch(/answer to the order was lost/);

    expect(result.sync).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 1, completed: 1, errors: [] });
    expect(result.ebayTracking).toEqual([result.trackingNumber]);
  });
});
