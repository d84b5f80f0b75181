import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { NetworkError } from '../errors/network-error.js';
import type { PurchaseOrder } from '../model/purchase-order.js';
import { parseSalesOrder, type SalesOrder, salesOrderId } from '../model/sales-order.js';
import type { PlannedPurchaseOrder } from '../routing/plan-types.js';
import { purchaseOrderNumber } from '../routing/purchase-order-number.js';
import { createPurchaseOrder } from '../state-machine/create-purchase-order.js';
import { transition } from '../state-machine/transition.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../test.js';
import { padOffers, partsUnlimitedWithPads, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

// The guards of placement and recovery that only races and crashes reach, each driven through
// the public API (a PO left `submitting` is what a worker that died mid-placement leaves behind).

const at = new Date('2026-11-20T15:00:00.000Z');
const later = new Date(at.getTime() + 10 * 60_000);

function setup(overrides: Partial<DropshipperOptions> = {}) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const pu = partsUnlimitedWithPads(at);
  const store = createMemoryStore();
  const options: DropshipperOptions = {
    distributors: [wps, pu],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store,
    catalog: createMemoryCatalog(padOffers()),
    approval: { mode: 'auto' },
    now: () => later,
    ...overrides,
  };
  return { wps, pu, store, options };
}

const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

/** A PO saved `submitting` at `createdAt` and never sent: what a worker that died before its call leaves. */
function abandonedPurchaseOrder(
  order: SalesOrder,
  distributor: string,
  sku: string,
  createdAt: Date,
  attempt = 0,
): PurchaseOrder {
  const id = salesOrderId(order);
  const planned = {
    distributor,
    poNumber: purchaseOrderNumber(id, distributor, { attempt }),
    salesOrderId: id,
    dropShipFee: 0,
    lines: [{ salesLineId: 'L1', sku, quantity: 1, unitCost: 1700, warehouse: 'NV' }],
  } as unknown as PlannedPurchaseOrder;
  const draft = createPurchaseOrder({ order: parseSalesOrder(order), planned, now: createdAt });
  return transition(draft, { type: 'submit' }, { now: createdAt });
}

describe('recover(): guards', () => {
  it('yields to an earlier live PO of the order that holds the same lines: never sends the later one', async () => {
    const { wps, pu, store, options } = setup({ now: () => at });
    const order = salesOrder('3001', [padLine]);
    const placed = await createDropshipper(options).dropship(order);
    expect(placed.purchaseOrders).toEqual([expect.objectContaining({ distributor: 'wps', outcome: 'submitted' })]);
    // Another worker routed the same line to Parts Unlimited a second later and died before its check.
    const stuck = await store.createPurchaseOrder(
      abandonedPurchaseOrder(order, 'parts-unlimited', 'P-PAD', new Date(at.getTime() + 1_000)),
    );

    const result = await createDropshipper({ ...options, now: () => later }).recover({ olderThanMs: 0 });

    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 0, unresolved: 0, failed: 1, skipped: 0 });
    expect(pu.callCount('findOrder', stuck.poNumber)).toBe(1);
    expect(pu.callCount('submitOrder')).toBe(0);
    expect(pu.orders()).toEqual([]);
    expect(wps.orders()).toHaveLength(1);
    const after = await store.getPurchaseOrder(stuck.poNumber);
    expect(after?.state).toBe('rejected');
    expect(after?.lastError).toMatch(/^not sent: .* holds its lines/);
  });

  it('counts a resubmit the distributor certainly refused as failed, and leaves the PO failed for the next dropship', async () => {
    const { pu, store, options } = setup();
    const order = salesOrder('3002', [padLine]);
    await store.saveSalesOrder(order);
    const stuck = await store.createPurchaseOrder(abandonedPurchaseOrder(order, 'parts-unlimited', 'P-PAD', at));
    pu.injectFault({ kind: 'unauthorized', operations: ['submit-look-up'] });

    const result = await createDropshipper(options).recover({ olderThanMs: 0 });

    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 0, unresolved: 0, failed: 1, skipped: 0 });
    expect(pu.callCount('submitOrder', stuck.poNumber)).toBe(1);
    expect(pu.orders()).toEqual([]);
    const after = await store.getPurchaseOrder(stuck.poNumber);
    expect(after?.state).toBe('failed');
    expect(after?.lastError).toMatch(/401/);
  });

  it('leaves a PO submitting (unresolved) when the resubmit fails ambiguously and the look-up after it fails too', async () => {
    const { pu, store, options } = setup();
    const order = salesOrder('3003', [padLine]);
    await store.saveSalesOrder(order);
    const stuck = await store.createPurchaseOrder(abandonedPurchaseOrder(order, 'parts-unlimited', 'P-PAD', at));
    // recover's own look-up answers "not there"; the submit then fails with a 503, and the
    // look-up that follows an ambiguous submit gets no answer.
    const flaky = Object.create(pu) as MockDistributorClient;
    let lookUps = 0;
    flaky.findOrder = async (poNumber, callOptions) => {
      lookUps++;
      if (lookUps === 2) throw new NetworkError('parts-unlimited: connection dropped', { service: 'parts-unlimited' });
      return pu.findOrder(poNumber, callOptions);
    };
    pu.injectFault({ kind: 'server-error', operations: ['submit'] });

    const result = await createDropshipper({ ...options, distributors: [flaky] }).recover({ olderThanMs: 0 });

    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 0, unresolved: 1, failed: 0, skipped: 0 });
    expect(lookUps).toBe(2);
    expect(pu.callCount('submitOrder', stuck.poNumber)).toBe(1);
    expect((await store.getPurchaseOrder(stuck.poNumber))?.state).toBe('submitting');

    // The next recovery finds nothing placed (the 503 did not act) and sends it once.
    const again = await createDropshipper(options).recover({ olderThanMs: 0 });
    expect(again).toEqual({ examined: 1, found: 0, resubmitted: 1, unresolved: 0, failed: 0, skipped: 0 });
    expect(pu.orderCount(stuck.poNumber)).toBe(1);
    expect(pu.callCount('submitOrder', stuck.poNumber)).toBe(2);
  });
});

describe('placement: guards', () => {
  it('gives up after 9 new PO numbers for one order and distributor, sending nothing more', async () => {
    const { wps, options } = setup();
    const dropshipper = createDropshipper(options);
    const order = salesOrder('3004', [padLine]);
    // Ten rejections: the first number and nine new ones.
    for (let attempt = 0; attempt <= 9; attempt++) {
      wps.rejectNextSubmit(`refused ${attempt}`);
      const result = await dropshipper.dropship(order);
      expect(result.purchaseOrders).toEqual([
        expect.objectContaining({
          poNumber: purchaseOrderNumber('ebay:3004', 'wps', { attempt }),
          outcome: 'rejected',
        }),
      ]);
    }
    const gaveUp = await dropshipper.dropship(order);
    expect(gaveUp.status).toBe('failed');
    expect(gaveUp.purchaseOrders).toEqual([
      expect.objectContaining({
        distributor: 'wps',
        outcome: 'failed',
        state: 'draft',
        error: expect.stringMatching(/gave up after 9 PO numbers/),
      }),
    ]);
    expect(wps.callCount('submitOrder')).toBe(10);
    expect(wps.orders()).toEqual([]);
    expect(await dropshipper.purchaseOrders('ebay:3004')).toHaveLength(10);
  });

  it('reports a live PO that already holds the planned lines as placed instead of placing them again', async () => {
    const { wps, store, options } = setup({ now: () => at });
    const order = salesOrder('3005', [padLine]);
    const placedByA = await createDropshipper(options).dropship(order);
    // Worker B read the order's POs before A saved its own, and planned the same PO.
    let stale = true;
    const storeSeenByB = Object.create(store) as typeof store;
    storeSeenByB.findPurchaseOrders = async (query) => {
      if (stale && query.salesOrderId === 'ebay:3005') {
        stale = false;
        return [];
      }
      return store.findPurchaseOrders(query);
    };
    const placedByB = await createDropshipper({ ...options, store: storeSeenByB }).dropship(order);

    expect(placedByB.purchaseOrders).toEqual([
      {
        poNumber: placedByA.purchaseOrders[0]?.poNumber,
        distributor: 'wps',
        outcome: 'already-placed',
        state: 'submitted',
      },
    ]);
    expect(placedByB.status).toBe('placed');
    expect(wps.callCount('submitOrder')).toBe(1);
    expect(wps.orders()).toHaveLength(1);
    expect(await store.findPurchaseOrders({ salesOrderId: 'ebay:3005' })).toHaveLength(1);
  });
});
