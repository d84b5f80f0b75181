import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ServerError } from '../errors/server-error.js';
import type { OfferInput } from '../model/offer.js';
import type { PurchaseOrder } from '../model/purchase-order.js';
import type { SalesOrder } from '../model/sales-order.js';
import { createMemoryStore } from '../stores/memory-store.js';
import {
  createMockBuyerNotifier,
  createMockDistributorClient,
  createMockMarketplaceAdapter,
  type MockDistributorClient,
} from '../test.js';
import { salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './create-dropshipper.js';

const at = new Date('2026-11-20T15:00:00.000Z');

/** A one-line order for `sku`, from a buyer without an email (the marketplace emails the buyer). */
function order(id: string, sku: string): SalesOrder {
  return salesOrder(id, [{ lineId: 'L1', sku, quantity: 1, unitPrice: 5000 }], { buyer: { name: 'Dana Rider' } });
}

function offer(distributor: string, sku: string): OfferInput {
  return {
    distributor,
    sku,
    brand: distributor,
    mpn: `${distributor}-PART`,
    currency: 'USD',
    cost: 1000,
    stock: [{ warehouse: 'A', quantity: 100, leadTimeDays: 0 }],
  };
}

/** Places one PO per order with `client` and ships every one of them. */
async function placeAndShip(client: MockDistributorClient, sku: string, count: number) {
  const store = createMemoryStore();
  const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyer: true });
  const catalog = createMemoryCatalog([offer(client.distributor, sku)]);
  const placing = createDropshipper({
    distributors: [client],
    marketplaces: [marketplace],
    store,
    catalog,
    approval: { mode: 'auto' },
    now: () => at,
  });
  for (let index = 0; index < count; index++) await placing.dropship(order(`S-${index}`, sku));
  for (const placed of client.orders()) client.shipOrder(placed.poNumber);
  return { store, marketplace, catalog };
}

describe('syncTracking', () => {
  it('settles the POs of the batches that answered when another batch fails, and the rest next time', async () => {
    const tucker = createMockDistributorClient({
      distributor: 'tucker-rocky',
      capabilities: { batchTracking: 'po-list', maxTrackingBatch: 2 },
      stock: { 'TR-1': { A: 100 } },
      now: () => at,
    });
    const { store, marketplace, catalog } = await placeAndShip(tucker, 'TR-1', 5);
    const dropshipper = createDropshipper({
      distributors: [tucker],
      marketplaces: [marketplace],
      store,
      catalog,
      concurrencyPerDistributor: 1,
      now: () => at,
    });
    tucker.injectFault({ kind: 'server-error', operations: ['shipments'] });

    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({ purchaseOrders: 5, distributorCalls: 3, shipmentsRecorded: 3, completed: 3 });
    expect(first.errors).toEqual([expect.objectContaining({ distributor: 'tucker-rocky', step: 'pull' })]);

    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ purchaseOrders: 2, distributorCalls: 1, shipmentsRecorded: 2, completed: 2 });
    expect(second.errors).toEqual([]);
    const completed = await store.findPurchaseOrders({ state: 'completed' });
    expect(completed).toHaveLength(5);
    // Each tracking number went to the marketplace exactly once over both syncs.
    for (const purchaseOrder of completed) {
      const marketplaceOrderId = purchaseOrder.salesOrderId.split(':')[1] as string;
      expect(marketplace.pushCount(marketplaceOrderId, purchaseOrder.shipments[0]?.trackingNumber ?? '')).toBe(1);
    }
    expect(marketplace.pushes()).toHaveLength(5);
    // ...and the marketplace was called once per shipment, not once per sync.
    expect(marketplace.callCount()).toBe(5);
  });

  it('still pushes the recorded shipments of POs whose distributor has no client any more', async () => {
    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-1': { A: 100 } }, now: () => at });
    const { store, marketplace, catalog } = await placeAndShip(wps, 'W-1', 2);
    const withWps = createDropshipper({
      distributors: [wps],
      marketplaces: [marketplace],
      store,
      catalog,
      now: () => at,
    });
    // The shipments are recorded, but the pushes fail: the POs stay open with unpushed tracking.
    marketplace.injectFault({ kind: 'server-error', operations: ['read-order'], times: 2 });
    const first = await withWps.syncTracking();
    expect(first).toMatchObject({ shipmentsRecorded: 2, trackingPushed: 0, completed: 0 });

    // The dealer stops working with WPS: its client is gone, its open POs are not.
    const pu = createMockDistributorClient({ distributor: 'parts-unlimited', now: () => at });
    const withoutWps = createDropshipper({
      distributors: [pu],
      marketplaces: [marketplace],
      store,
      catalog,
      now: () => at,
    });
    const second = await withoutWps.syncTracking();
    expect(second).toMatchObject({ purchaseOrders: 2, distributorCalls: 0, trackingPushed: 2, completed: 2 });
    expect(second.errors).toEqual([]);
    expect(wps.callCount('listShipments')).toBe(1);
    expect(marketplace.pushes()).toHaveLength(2);
    expect(marketplace.calls().map((call) => call.outcome)).toEqual(['failed', 'failed', 'pushed', 'pushed']);
  });

  it('settles a shipped PO in two writes: the package, then pushed and completed together', async () => {
    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-1': { A: 100 } }, now: () => at });
    const { store, marketplace, catalog } = await placeAndShip(wps, 'W-1', 1);
    const writes: string[][] = [];
    const counting = {
      ...store,
      updatePurchaseOrder: async (purchaseOrder: PurchaseOrder, expectedVersion: number) => {
        const stored = await store.updatePurchaseOrder(purchaseOrder, expectedVersion);
        writes.push(stored.audit.filter((entry) => entry.version > expectedVersion).map((entry) => entry.event));
        return stored;
      },
    };
    const dropshipper = createDropshipper({
      distributors: [wps],
      marketplaces: [marketplace],
      store: counting,
      catalog,
      now: () => at,
    });
    const result = await dropshipper.syncTracking();
    expect(result).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 1, completed: 1, errors: [] });
    expect(writes).toEqual([['record-shipment'], ['mark-tracking-pushed', 'complete']]);
    const [completed] = await store.findPurchaseOrders({ state: 'completed' });
    // Every step is still in the audit, one version each.
    expect(completed?.audit.slice(-3).map((entry) => [entry.event, entry.version])).toEqual([
      ['record-shipment', 4],
      ['mark-tracking-pushed', 5],
      ['complete', 6],
    ]);
  });

  it('never pushes twice when the write after a push fails: the idempotency record carries the push', async () => {
    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-1': { A: 100 } }, now: () => at });
    const { store, marketplace, catalog } = await placeAndShip(wps, 'W-1', 1);
    let failNextMarkWrite = true;
    const flaky = {
      ...store,
      updatePurchaseOrder: async (purchaseOrder: PurchaseOrder, expectedVersion: number) => {
        const marksPush = purchaseOrder.shipments.some((shipment) => shipment.trackingPushedAt !== undefined);
        if (marksPush && failNextMarkWrite) {
          failNextMarkWrite = false;
          throw new ServerError('store: connection lost', { service: 'store', status: 503 });
        }
        return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
      },
    };
    const pushed: boolean[] = [];
    const dropshipper = createDropshipper({
      distributors: [wps],
      marketplaces: [marketplace],
      store: flaky,
      catalog,
      now: () => at,
    });
    dropshipper.events.on('tracking-pushed', (event) => pushed.push(event.alreadyPushed));

    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({ trackingPushed: 1, completed: 0 });
    expect(first.errors).toEqual([
      expect.objectContaining({ step: 'save', message: expect.stringContaining('connection lost') }),
    ]);
    expect(await store.findPurchaseOrders({ state: 'shipped' })).toHaveLength(1);

    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ trackingPushed: 0, completed: 1, errors: [] });
    expect(marketplace.pushes()).toHaveLength(1);
    // The second sync found the push in the idempotency record and did not ask the marketplace.
    expect(marketplace.callCount()).toBe(1);
    expect(pushed).toEqual([false, true]);
    expect(await store.findPurchaseOrders({ state: 'completed' })).toHaveLength(1);
  });

  it('never emails twice when the write after an email fails: the idempotency record carries the email', async () => {
    const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-1': { A: 100 } }, now: () => at });
    const store = createMemoryStore();
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
    const notifier = createMockBuyerNotifier();
    const catalog = createMemoryCatalog([offer('wps', 'W-1')]);
    let failNextNotifiedWrite = true;
    const flaky = {
      ...store,
      updatePurchaseOrder: async (purchaseOrder: PurchaseOrder, expectedVersion: number) => {
        const marksEmail = purchaseOrder.shipments.some((shipment) => shipment.buyerNotifiedAt !== undefined);
        if (marksEmail && failNextNotifiedWrite) {
          failNextNotifiedWrite = false;
          throw new ServerError('store: connection lost', { service: 'store', status: 503 });
        }
        return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
      },
    };
    const dropshipper = createDropshipper({
      distributors: [wps],
      marketplaces: [marketplace],
      notifier,
      store: flaky,
      catalog,
      approval: { mode: 'auto' },
      now: () => at,
    });
    const placed = await dropshipper.dropship(
      salesOrder('E-1', [{ lineId: 'L1', sku: 'W-1', quantity: 1, unitPrice: 5000 }]),
    );
    wps.shipOrder(placed.purchaseOrders[0]?.poNumber ?? '');

    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({ trackingPushed: 1, buyersNotified: 1, completed: 0 });
    expect(first.errors).toEqual([expect.objectContaining({ step: 'save' })]);

    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ buyersNotified: 0, completed: 1, errors: [] });
    expect(notifier.messages()).toHaveLength(1);
    // The second sync found the email in the idempotency record and did not ask the notifier.
    expect(notifier.callCount()).toBe(1);
    expect(marketplace.callCount()).toBe(1);
  });
});
