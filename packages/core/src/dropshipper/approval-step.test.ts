import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { padOffers, partsUnlimitedWithPads, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './create-dropshipper.js';

/** Manual approval as one obvious call: a person reviews the plan, then places exactly it. */

const at = new Date('2026-11-20T15:00:00.000Z');

function world() {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const pu = partsUnlimitedWithPads(at);
  const dropshipper = createDropshipper({
    distributors: [wps, pu],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store: createMemoryStore(),
    catalog: createMemoryCatalog(padOffers()),
    now: () => at,
  });
  return { wps, pu, dropshipper };
}

const order = salesOrder('A-1', [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 }]);

describe('placePlan: the approval step', () => {
  it('places exactly the plan a held dropship returned, once, however often it is approved', async () => {
    const { wps, pu, dropshipper } = world();
    const held = await dropshipper.dropship(order);
    expect(held.status).toBe('held');
    expect(held.holdReasons).toEqual(['approval required: place the reviewed plan with placePlan(result.plan)']);
    expect(wps.callCount('submitOrder')).toBe(0);

    const placed = await dropshipper.placePlan(held.plan);
    expect(placed.status).toBe('placed');
    const poNumber = held.plan.purchaseOrders[0]?.poNumber as string;
    expect(placed.purchaseOrders).toEqual([
      expect.objectContaining({ poNumber, distributor: 'wps', outcome: 'submitted' }),
    ]);

    const again = await dropshipper.placePlan(held.plan);
    expect(again.status).toBe('nothing-to-place');
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
    expect(wps.orderCount(poNumber)).toBe(1);
    expect(pu.callCount('submitOrder')).toBe(0);
  });

  it('places a plan from plan(order) when given the order (a dry run saves nothing), and says so when it is not', async () => {
    const { wps, dropshipper } = world();
    const plan = await dropshipper.plan(order);
    await expect(dropshipper.placePlan(plan)).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && /placePlan\(plan, \{ order \}\)/.test(error.message),
    );
    expect(wps.callCount('submitOrder')).toBe(0);
    expect((await dropshipper.placePlan(plan, { order })).status).toBe('placed');
    expect(wps.orders()).toHaveLength(1);
  });

  it('refuses a plan for another order than the one given, and malformed arguments, sending nothing', async () => {
    const { wps, dropshipper } = world();
    const plan = await dropshipper.plan(order);
    const other = salesOrder('A-2', order.lines);
    await expect(dropshipper.placePlan(plan, { order: other })).rejects.toSatisfy(ConfigurationError.isInstance);
    await expect(dropshipper.placePlan({} as never)).rejects.toSatisfy(ValidationError.isInstance);
    await expect(dropshipper.placePlan(plan, { order, recovr: false } as never)).rejects.toSatisfy(
      (error) => ValidationError.isInstance(error) && error.issues.some((issue) => issue.path === 'recovr'),
    );
    expect(wps.callCount('submitOrder')).toBe(0);
  });

  it('keeps the old form working: dropship(order, { plan })', async () => {
    const { wps, dropshipper } = world();
    const held = await dropshipper.dropship(order);
    expect((await dropshipper.dropship(order, { plan: held.plan })).status).toBe('placed');
    expect(wps.orders()).toHaveLength(1);
  });
});
