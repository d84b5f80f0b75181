import { createMemoryStore } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { demoSandboxOptions } from './demo-day.js';
import { type DemoResult, run } from './main.js';

function everyLineAccountedFor(result: DemoResult): boolean {
  return result.orders.every((order) =>
    order.lines.every((line) => line.poNumber !== undefined || (line.reason !== undefined && line.reason.length > 0)),
  );
}

describe('pnpm demo', () => {
  // One store and one set of simulators for both runs: the second run sees everything the first did.
  const store = createMemoryStore();
  let sandbox: Sandbox;
  let first: DemoResult;
  let second: DemoResult;

  beforeAll(async () => {
    sandbox = await startSandbox(demoSandboxOptions);
    first = await run({ store, storeKind: 'memory', sandbox, log: () => undefined });
    second = await run({ store, storeKind: 'memory', sandbox, log: () => undefined });
    // Two days with their listing pushes: about 20 s on a quiet 2-core machine, 50 s on a loaded one.
  }, 120_000);
  afterAll(() => sandbox?.close());

  it('ends both runs with every check passed (the exit status is 0)', () => {
    expect(first.checks).toEqual({
      'no PO held twice by a distributor': true,
      'every line has a PO or a reason': true,
      'no tracking number pushed twice': true,
      'no email sent twice': true,
      'no sync error left': true,
      'every listed order imported once': true,
      'the unmappable order held with its reason': true,
      'nothing imported again by a later run': true,
    });
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(true);
  });

  it('pushes stock and price to the channels: every listing in the morning, only what the orders changed after, nothing again on the second run', () => {
    const listings = first.listings;
    expect(listings?.marketplaces).toEqual(expect.arrayContaining(['ebay', 'shopify']));
    for (const row of listings?.morning ?? []) expect(row.sent).toBeGreaterThan(0);
    const day = listings?.day.find((row) => row.marketplace === 'ebay');
    expect(day?.sent).toBeGreaterThan(0);
    expect(day?.sent).toBeLessThan(3 * (listings?.morning.find((row) => row.marketplace === 'ebay')?.sent ?? 0));
    for (const row of second.listings?.morning ?? []) expect(row.sent).toBe(0);
  });

  it('plays the day the README describes: placed, held, not drop-shippable, a failed PO placed on retry', () => {
    const count = (category: string) => first.orders.filter((order) => order.category === category).length;
    expect(first.orders).toHaveLength(30);
    expect(new Set(first.orders.map((order) => order.marketplace))).toEqual(
      new Set(['ebay', 'amazon', 'walmart', 'shopify']),
    );
    expect({
      placed: count('placed'),
      held: count('held'),
      notDropShippable: count('not-drop-shippable'),
      failed: count('failed'),
    }).toEqual({
      placed: 21,
      held: 4,
      notDropShippable: 5,
      failed: 0,
    });
    expect(first.unplacedReasons).toMatchObject({
      'cutoff-price': 2,
      hazardous: 2,
      'truck-only': 1,
      discontinued: 1,
      'held: below minimum profit': 2,
    });

    // The SKU swaps: the catalog's cheapest distributor was sold out in real time.
    const byStory = (story: string) => first.orders.find((order) => order.story === story);
    const swapped = byStory('SKU swap: WPS sold out');
    expect(
      first.purchaseOrders
        .filter((purchaseOrder) => purchaseOrder.salesOrderId === swapped?.salesOrderId)
        .map((purchaseOrder) => purchaseOrder.distributor),
    ).toEqual(['tucker-rocky']);
    // The split: one order, two distributors.
    const split = byStory('split: two distributors');
    expect(
      new Set(
        first.purchaseOrders
          .filter((purchaseOrder) => purchaseOrder.salesOrderId === split?.salesOrderId)
          .map((purchaseOrder) => purchaseOrder.distributor),
      ),
    ).toEqual(new Set(['parts-unlimited', 'tucker-rocky']));
    // The lost answer at WPS: placed once, completed.
    const lost = byStory('fault: WPS loses the answer');
    const lostPurchaseOrder = first.purchaseOrders.find(
      (purchaseOrder) => purchaseOrder.salesOrderId === lost?.salesOrderId,
    );
    expect(lostPurchaseOrder?.state).toBe('completed');
    expect(first.ordersAtDistributors.filter((entry) => entry.poNumber === lostPurchaseOrder?.poNumber)).toEqual([
      { distributor: 'wps', poNumber: lostPurchaseOrder?.poNumber, count: 1 },
    ]);
    // The 401 at Parts Unlimited: the PO failed, the next intake run placed the same PO once.
    const refused = byStory('fault: Parts Unlimited answers 401');
    expect(refused?.placedOnRetry).toBe(true);
    const refusedPurchaseOrders = first.purchaseOrders.filter(
      (purchaseOrder) => purchaseOrder.salesOrderId === refused?.salesOrderId,
    );
    expect(refusedPurchaseOrders.map((purchaseOrder) => purchaseOrder.state)).toEqual(['completed']);
    expect(first.ordersAtDistributors.filter((entry) => entry.poNumber === refusedPurchaseOrders[0]?.poNumber)).toEqual(
      [{ distributor: 'parts-unlimited', poNumber: refusedPurchaseOrders[0]?.poNumber, count: 1 }],
    );
  });

  it('takes the day from the four marketplace listings: each order once, the unmappable one held, the repeat counted once', () => {
    const rows = new Map(first.intake.marketplaces.map((row) => [row.marketplace, row]));
    expect([...rows.keys()]).toEqual(['ebay', 'amazon', 'walmart', 'shopify']);
    // 30 orders and the unmappable one, each with one record; the first run took in each once.
    expect(first.intake.records).toHaveLength(31);
    expect(new Set(first.intake.records.map((record) => record.salesOrderId)).size).toBe(31);
    expect(first.intake.takenInThisRun).toHaveLength(31);
    expect(new Set(first.intake.takenInThisRun)).toEqual(new Set(first.intake.listedOrderIds));
    const importedPerMarketplace = Object.fromEntries(
      [...rows].map(([marketplace, row]) => [marketplace, row.imported]),
    );
    expect(importedPerMarketplace).toEqual({ ebay: 9, amazon: 7, walmart: 6, shopify: 8 });
    expect(rows.get('amazon')?.unmappable).toBe(1);
    // Every listing page was a call the simulators served; Amazon also reads each order's items.
    for (const row of rows.values()) expect(row.calls, row.marketplace).toBeGreaterThanOrEqual(row.pages);
    expect(rows.get('amazon')?.calls).toBeGreaterThan(rows.get('amazon')?.pages ?? 0);
    // Walmart requires acknowledgement: each of its orders acknowledged once.
    expect(rows.get('walmart')?.acknowledged).toBe(6);
    // The unmappable order: held with the marketplace's field, no PO.
    const unmappable = first.intake.records.find((record) => record.salesOrderId === first.intake.unmappableOrderId);
    expect(unmappable?.status).toBe('unmappable');
    expect(unmappable?.reasons.join(' ')).toMatch(/ShippingAddress/);
    expect(first.purchaseOrders.some((purchaseOrder) => purchaseOrder.salesOrderId === unmappable?.salesOrderId)).toBe(
      false,
    );
    // The order listed on two pages of one run: one record, one PO.
    expect(first.intake.repeatedWithinRun).toEqual(['amazon:113-4001313-2601717']);
    expect(
      first.purchaseOrders.filter((purchaseOrder) => purchaseOrder.salesOrderId === 'amazon:113-4001313-2601717'),
    ).toHaveLength(1);
    const held = first.intake.records.filter((record) => record.status === 'held');
    expect(held).toHaveLength(9); // 4 held for review, 5 not drop-shippable
    expect(held.every((record) => record.reasons.length > 0)).toBe(true);
  });

  it('imports nothing on the second run: no order taken in again, the records unchanged', () => {
    expect(second.intake.takenInThisRun).toEqual([]);
    expect(second.intake.recordsBefore).toHaveLength(31);
    expect(second.intake.records).toEqual(first.intake.records);
    expect(second.intake.marketplaces.every((row) => row.imported === 0 && row.placed === 0)).toBe(true);
  });

  it('never lets a distributor hold two orders for one PO number, across both runs', () => {
    expect(second.ordersAtDistributors.length).toBeGreaterThan(0);
    for (const entry of second.ordersAtDistributors) expect(entry, entry.poNumber).toMatchObject({ count: 1 });
    const live = second.purchaseOrders.filter((purchaseOrder) => purchaseOrder.state !== 'failed');
    expect(second.ordersAtDistributors.map((entry) => entry.poNumber).sort()).toEqual(
      live.map((purchaseOrder) => purchaseOrder.poNumber).sort(),
    );
  });

  it('gives every line a PO or a reason, in both runs', () => {
    expect(everyLineAccountedFor(first)).toBe(true);
    expect(everyLineAccountedFor(second)).toBe(true);
  });

  it('pushes every tracking number once and completes every placed PO', () => {
    const keys = second.trackingAtMarketplaces.map(
      (entry) => `${entry.marketplace}:${entry.marketplaceOrderId}:${entry.trackingNumber}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(second.trackingAtMarketplaces).toEqual(first.trackingAtMarketplaces);
    expect(Object.values(first.pushedThisRun).reduce((sum, pushed) => sum + pushed, 0)).toBe(
      first.trackingAtMarketplaces.length,
    );
    expect(Object.values(second.pushedThisRun).reduce((sum, pushed) => sum + pushed, 0)).toBe(0);
    expect(
      first.purchaseOrders
        .filter((purchaseOrder) => purchaseOrder.state !== 'failed')
        .every((purchaseOrder) => purchaseOrder.state === 'completed'),
    ).toBe(true);
  });

  it('emails each Shopify buyer once per package, and nobody twice', () => {
    const shopifyPackages = first.trackingAtMarketplaces.filter((entry) => entry.marketplace === 'shopify').length;
    expect(first.emailsThisRun).toBe(shopifyPackages);
    expect(second.emailsThisRun).toBe(0);
    const messageIds = second.emails.map((email) => email.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
  });

  it('places nothing on the second run and says which orders were already handled', () => {
    expect(first.placedThisRun).toBeGreaterThan(0);
    expect(second.placedThisRun).toBe(0);
    expect(second.orders.filter((order) => order.alreadyHandled)).toHaveLength(30);
    expect(second.purchaseOrders).toEqual(first.purchaseOrders);
  });

  it('places nothing either after a restart: new simulators, same store', async () => {
    const restarted = await startSandbox(demoSandboxOptions);
    try {
      const third = await run({ store, storeKind: 'memory', sandbox: restarted, log: () => undefined });
      expect(third.ok).toBe(true);
      expect(third.placedThisRun).toBe(0);
      expect(third.intake.takenInThisRun).toEqual([]);
      expect(third.ordersAtDistributors).toEqual([]); // the new simulators received no order at all
      expect(third.emailsThisRun).toBe(0);
      expect(restarted.fulfillments()).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
