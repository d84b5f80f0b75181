import { describe, expect, it } from 'vitest';
import { createShopifyCostPacer } from './shopify-cost-pacer.js';

// throttleStatus as Shopify reports it: https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits
const status = (currentlyAvailable: number, maximumAvailable = 2_000, restoreRate = 100) => ({
  cost: {
    requestedQueryCost: 953,
    actualQueryCost: 428,
    throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate },
  },
});

describe('createShopifyCostPacer', () => {
  it('waits for the missing points at the restore rate, counting the time since the answer', () => {
    let now = 1_000_000;
    const pacer = createShopifyCostPacer(() => now);
    expect(pacer.waitFor(953), 'nothing known yet').toBe(0);
    pacer.observe(status(553));
    expect(pacer.waitFor(953)).toBe(4_000);
    now += 1_500;
    expect(pacer.waitFor(953)).toBe(2_500);
    now += 2_500;
    expect(pacer.waitFor(953)).toBe(0);
    expect(pacer.waitFor(500), 'points already there').toBe(0);
  });

  it('never waits for more than the bucket holds, nor on an answer without throttleStatus', () => {
    const pacer = createShopifyCostPacer(() => 0);
    pacer.observe(status(0, 1_000, 50));
    expect(pacer.waitFor(1_001)).toBe(0);
    expect(pacer.waitFor(1_000)).toBe(20_000);
    pacer.observe({ cost: { requestedQueryCost: 10 } });
    pacer.observe(undefined);
    expect(pacer.waitFor(1_000), 'the last reading stays').toBe(20_000);
    pacer.observe(status(0, 1_000, 0));
    expect(pacer.waitFor(1_000), 'a restore rate of 0 is not a reading').toBe(20_000);
  });
});
