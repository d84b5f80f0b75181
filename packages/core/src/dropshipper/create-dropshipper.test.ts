import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import { createMemoryStore } from '../stores/memory-store.js';
import {
  createMockBuyerNotifier,
  createMockDistributorClient,
  createMockMarketplaceAdapter,
  type MockDistributorClient,
} from '../test.js';
import { offer, salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

const at = new Date('2026-11-20T15:00:00.000Z');

interface Setup {
  wps: MockDistributorClient;
  pu: MockDistributorClient;
  options: DropshipperOptions;
}

function setup(overrides: Partial<DropshipperOptions> = {}): Setup {
  const wps = createMockDistributorClient({
    distributor: 'wps',
    stock: { 'W-PAD': { PA: 5 }, 'W-CHAIN': { PA: 5 } },
    now: () => at,
  });
  const pu = createMockDistributorClient({
    distributor: 'parts-unlimited',
    stock: { 'P-PAD': { NV: 5 }, 'P-GRIP': { NV: 5 } },
    now: () => at,
  });
  const catalog = createMemoryCatalog([
    offer('wps', 'W-PAD', 1500, { PA: 5 }),
    offer('parts-unlimited', 'P-PAD', 1700, { NV: 5 }),
    offer('wps', 'W-CHAIN', 4000, { PA: 5 }, { brand: 'DID', mpn: '520VX3' }),
    offer('parts-unlimited', 'P-GRIP', 900, { NV: 5 }, { brand: 'ODI', mpn: 'RUFFIAN' }),
  ]);
  return {
    wps,
    pu,
    options: {
      distributors: [wps, pu],
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
      notifier: createMockBuyerNotifier(),
      store: createMemoryStore(),
      catalog,
      approval: { mode: 'auto' },
      now: () => at,
      ...overrides,
    },
  };
}

const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

describe('createDropshipper: placing', () => {
  it('holds a plan for approval by default, then places exactly the approved plan', async () => {
    const { wps, options } = setup({ approval: { mode: 'manual' } });
    const dropshipper = createDropshipper(options);
    const held = await dropshipper.dropship(salesOrder('1001', [padLine]));
    expect(held.status).toBe('held');
    expect(held.holdReasons[0]).toMatch(/approval required/);
    expect(wps.orders()).toHaveLength(0);

    const placed = await dropshipper.dropship(salesOrder('1001', [padLine]), { plan: held.plan });
    expect(placed.status).toBe('placed');
    expect(placed.purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'wps', outcome: 'submitted', state: 'submitted' }),
    ]);
    expect(wps.orderCount(placed.purchaseOrders[0]!.poNumber)).toBe(1);
    expect(wps.callCount('submitOrder')).toBe(1);
  });

  it('places nothing new when dropship runs twice on the same order', async () => {
    const { wps, options } = setup();
    const dropshipper = createDropshipper(options);
    const first = await dropshipper.dropship(salesOrder('1002', [padLine]));
    const second = await dropshipper.dropship(salesOrder('1002', [padLine]));
    expect(first.status).toBe('placed');
    expect(second.status).toBe('nothing-to-place');
    expect(wps.orders()).toHaveLength(1);
    // The second run sends nothing: the mock distributor would answer alreadyExisted, not refuse.
    expect(wps.callCount('submitOrder')).toBe(1);
  });

  it('places a line that could not be placed before under a new PO number when the old PO number is taken', async () => {
    // The first plan sends the pads to Parts Unlimited and cannot place the grips (none in stock);
    // once grips arrive, the new plan puts both lines on Parts Unlimited under the same
    // deterministic PO number, which the first PO already holds with the pads only.
    const { wps, pu, options } = setup({ approval: { mode: 'auto', allowIncomplete: true } });
    wps.setStock('W-PAD', 'PA', 0);
    pu.setStock('P-GRIP', 'NV', 0);
    const dropshipper = createDropshipper(options);
    const lines = [padLine, { lineId: 'L2', sku: 'P-GRIP', quantity: 2, unitPrice: 2500 }];
    const first = await dropshipper.dropship(salesOrder('1010', lines));
    expect(first.unplaced.map((line) => line.salesLineId)).toEqual(['L2']);
    expect(pu.orders().map((held) => held.lines)).toEqual([[{ sku: 'P-PAD', quantity: 1 }]]);

    pu.setStock('P-GRIP', 'NV', 5);
    const second = await dropshipper.dropship(salesOrder('1010', lines));
    expect(second.plan.purchaseOrders.map((planned) => planned.poNumber)).toEqual([first.purchaseOrders[0]!.poNumber]);
    // Only the grips are placed now, under the next attempt's number.
    expect(second.purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'parts-unlimited', outcome: 'submitted' }),
    ]);
    expect(second.purchaseOrders[0]!.poNumber).not.toBe(first.purchaseOrders[0]!.poNumber);
    expect(pu.orders().map((held) => held.lines)).toEqual([
      [{ sku: 'P-PAD', quantity: 1 }],
      [{ sku: 'P-GRIP', quantity: 2 }],
    ]);
    const stored = await options.store!.findPurchaseOrders({ salesOrderId: 'ebay:1010' });
    expect(stored.flatMap((purchaseOrder) => purchaseOrder.lines.map((line) => line.salesLineId)).sort()).toEqual([
      'L1',
      'L2',
    ]);
    expect((await dropshipper.dropship(salesOrder('1010', lines))).status).toBe('nothing-to-place');
  });

  it('never sends a second PO when two workers place one order at once through different distributors', async () => {
    // Found by the 10,000-scenario run: worker B read the order's POs before worker A saved its
    // own, and B's stock check saw WPS empty, so B routed to Parts Unlimited; the PO numbers
    // differ, and both distributors shipped the same lines.
    const { wps, pu, options } = setup();
    const store = options.store!;
    const workerA = createDropshipper(options);
    const placedByA = await workerA.dropship(salesOrder('1011', [padLine]));
    expect(placedByA.purchaseOrders).toEqual([expect.objectContaining({ distributor: 'wps', outcome: 'submitted' })]);

    // Worker B: a second later, its WPS answers out of stock, and its first read of the order's
    // POs is from before A saved its PO.
    const wpsSeenByB = createMockDistributorClient({
      distributor: 'wps',
      stock: { 'W-PAD': { PA: 0 } },
      now: () => at,
    });
    let stale = true;
    const storeSeenByB = Object.create(store) as typeof store;
    storeSeenByB.findPurchaseOrders = async (query) => {
      if (stale && query.salesOrderId === 'ebay:1011') {
        stale = false;
        return [];
      }
      return store.findPurchaseOrders(query);
    };
    const workerB = createDropshipper({
      ...options,
      distributors: [wpsSeenByB, pu],
      store: storeSeenByB,
      now: () => new Date(at.getTime() + 1_000),
    });
    const placedByB = await workerB.dropship(salesOrder('1011', [padLine]));
    expect(pu.orders()).toEqual([]);
    expect(wps.orders()).toHaveLength(1);
    expect(placedByB.purchaseOrders).toEqual([
      expect.objectContaining({ poNumber: placedByA.purchaseOrders[0]!.poNumber, outcome: 'already-placed' }),
    ]);
    const stored = await store.findPurchaseOrders({ salesOrderId: 'ebay:1011' });
    expect(stored.map((purchaseOrder) => [purchaseOrder.distributor, purchaseOrder.state])).toEqual([
      ['wps', 'submitted'],
      ['parts-unlimited', 'rejected'],
    ]);
    expect(stored[1]!.lastError).toMatch(/not sent: .* holds its lines/);
  });

  it('swaps to another distributor when the real-time check finds the cheaper one out of stock', async () => {
    const { wps, pu, options } = setup();
    wps.setStock('W-PAD', 'PA', 0); // the catalog still says 5
    const result = await createDropshipper(options).dropship(salesOrder('1003', [padLine]));
    expect(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.distributor)).toEqual(['parts-unlimited']);
    expect(pu.orders()[0]?.lines).toEqual([{ sku: 'P-PAD', quantity: 1 }]);
  });

  it('falls back to catalog stock when a stock check fails, and says so', async () => {
    const { wps, options } = setup();
    wps.injectFault({ kind: 'server-error', operations: ['stock'] });
    const dropshipper = createDropshipper(options);
    const failures: string[] = [];
    dropshipper.events.on('stock-check-failed', (event) => failures.push(event.distributor));
    const plan = await dropshipper.plan(salesOrder('1004', [padLine]));
    expect(failures).toEqual(['wps']);
    expect(plan.purchaseOrders[0]?.distributor).toBe('wps');
    expect(plan.purchaseOrders[0]?.lines[0]?.stockSource).toBe('catalog');
  });

  it('splits an order across two distributors, one PO each', async () => {
    const { wps, pu, options } = setup();
    const result = await createDropshipper(options).dropship(
      salesOrder('1005', [
        { lineId: 'L1', sku: 'W-CHAIN', quantity: 1, unitPrice: 9000 },
        { lineId: 'L2', sku: 'P-GRIP', quantity: 2, unitPrice: 2500 },
      ]),
    );
    expect(result.status).toBe('placed');
    expect(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.distributor).sort()).toEqual([
      'parts-unlimited',
      'wps',
    ]);
    expect(wps.orders()).toHaveLength(1);
    expect(pu.orders()).toHaveLength(1);
  });

  it('keeps placing the other POs when one fails, and retries the failed one on the next run', async () => {
    const { wps, pu, options } = setup();
    pu.injectFault({ kind: 'unauthorized', operations: ['submit-look-up'] });
    const dropshipper = createDropshipper(options);
    const twoLines = salesOrder('1006', [
      { lineId: 'L1', sku: 'W-CHAIN', quantity: 1, unitPrice: 9000 },
      { lineId: 'L2', sku: 'P-GRIP', quantity: 1, unitPrice: 2500 },
    ]);
    const first = await dropshipper.dropship(twoLines);
    expect(first.status).toBe('partially-placed');
    const failed = first.purchaseOrders.find((purchaseOrder) => purchaseOrder.distributor === 'parts-unlimited');
    expect(failed).toMatchObject({ outcome: 'failed', state: 'failed' });
    expect(failed?.error).toMatch(/401 Unauthorized/);

    const second = await dropshipper.dropship(twoLines);
    expect(second.purchaseOrders).toEqual([
      expect.objectContaining({ distributor: 'parts-unlimited', outcome: 'submitted' }),
    ]);
    expect(pu.orders()).toHaveLength(1);
    expect(wps.orders()).toHaveLength(1);
  });

  it('finds the order instead of placing it twice when the answer is lost after the distributor acted', async () => {
    const { wps, options } = setup();
    wps.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const result = await createDropshipper(options).dropship(salesOrder('1007', [padLine]));
    const poNumber = result.purchaseOrders[0]!.poNumber;
    expect(result.purchaseOrders[0]).toMatchObject({ outcome: 'submitted', state: 'submitted' });
    expect(wps.orderCount(poNumber)).toBe(1);
    // One submit, then a look-up: the order is not sent again.
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
    expect(wps.callCount('findOrder', poNumber)).toBe(1);
    expect(wps.orders()).toHaveLength(1);
  });

  it('leaves an unsettled PO in submitting and settles it with recover(), never twice', async () => {
    const { wps, options } = setup();
    wps.injectFault({ kind: 'lost-response', operations: ['submit'] });
    wps.injectFault({ kind: 'timeout', operations: ['find-order'] });
    const dropshipper = createDropshipper(options);
    const result = await dropshipper.dropship(salesOrder('1008', [padLine]));
    const poNumber = result.purchaseOrders[0]!.poNumber;
    expect(result.purchaseOrders[0]).toMatchObject({ outcome: 'unknown', state: 'submitting' });

    // Within the lease another worker may still be submitting it: left alone.
    expect(await dropshipper.recover()).toMatchObject({ examined: 1, skipped: 1, found: 0 });
    // A single process settles everything at start.
    const recovered = await dropshipper.recover({ olderThanMs: 0 });
    expect(recovered).toMatchObject({ examined: 1, found: 1 });
    expect((await options.store!.getPurchaseOrder(poNumber))?.state).toBe('submitted');
    expect(wps.orderCount(poNumber)).toBe(1);
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
  });

  it('resubmits on start a PO that a crash left in submitting before the call', async () => {
    const { wps, options } = setup();
    const first = createDropshipper(options);
    wps.injectFault({ kind: 'drop-connection', operations: ['submit'] });
    wps.injectFault({ kind: 'drop-connection', operations: ['find-order'] });
    const result = await first.dropship(salesOrder('1009', [padLine]));
    const poNumber = result.purchaseOrders[0]!.poNumber;
    expect(wps.orderCount(poNumber)).toBe(0);

    // A new process on the same store, after the submit lease ran out: the first sync recovers it.
    const second = createDropshipper({ ...options, now: () => new Date(at.getTime() + 180_000) });
    await second.syncTracking();
    expect((await options.store!.getPurchaseOrder(poNumber))?.state).toBe('submitted');
    expect(wps.orderCount(poNumber)).toBe(1);
    expect(wps.callCount('submitOrder', poNumber)).toBe(2);
  });

  it('lets exactly one of two workers settle a stale PO, and leaves an in-flight one alone', async () => {
    const { wps, options } = setup();
    wps.injectFault({ kind: 'drop-connection', operations: ['submit'] });
    wps.injectFault({ kind: 'drop-connection', operations: ['find-order'] });
    const result = await createDropshipper(options).dropship(salesOrder('1013', [padLine]));
    const poNumber = result.purchaseOrders[0]!.poNumber;
    const submitsBefore = wps.callCount('submitOrder');

    // Another worker syncing within the lease must not touch it (it may be in flight).
    await createDropshipper(options).syncTracking();
    expect(wps.callCount('submitOrder')).toBe(submitsBefore);

    // Two workers recovering at once after the lease: one claims it, the other skips.
    const later = { ...options, now: () => new Date(at.getTime() + 180_000) };
    const [first, second] = await Promise.all([createDropshipper(later).recover(), createDropshipper(later).recover()]);
    expect(first.resubmitted + second.resubmitted).toBe(1);
    expect(first.skipped + second.skipped).toBe(1);
    expect(wps.callCount('submitOrder')).toBe(submitsBefore + 1);
    expect(wps.orderCount(poNumber)).toBe(1);
    expect((await options.store!.getPurchaseOrder(poNumber))?.state).toBe('submitted');
  });

  it('records a rejection and places a new PO number when the order is planned again', async () => {
    const { wps, options } = setup();
    wps.rejectNextSubmit('part is superseded');
    const dropshipper = createDropshipper(options);
    const first = await dropshipper.dropship(salesOrder('1010', [padLine]));
    expect(first.purchaseOrders[0]).toMatchObject({ outcome: 'rejected', state: 'rejected' });
    const second = await dropshipper.dropship(salesOrder('1010', [padLine]));
    expect(second.purchaseOrders[0]?.outcome).toBe('submitted');
    expect(second.purchaseOrders[0]?.poNumber).not.toBe(first.purchaseOrders[0]?.poNumber);
    expect(wps.orders()).toHaveLength(1);
  });

  it('holds orders below the minimum profit with the reason', async () => {
    const { options } = setup({ approval: { mode: 'auto', minimumProfit: 5000 } });
    const result = await createDropshipper(options).dropship(salesOrder('1011', [padLine]));
    expect(result.status).toBe('held');
    expect(result.holdReasons.join()).toMatch(/below the minimum 5000/);
  });

  it('rejects a malformed order with a ValidationError listing paths, and writes nothing', async () => {
    const { options } = setup();
    const dropshipper = createDropshipper(options);
    const error = await dropshipper
      .dropship({ marketplace: 'ebay', lines: [{ quantity: -1 }] })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain('lines.0.quantity');
    expect(await options.store!.findPurchaseOrders({})).toEqual([]);
  });

  it('rejects malformed options up front with a ValidationError listing every path', () => {
    const { options } = setup();
    const attempt = () =>
      createDropshipper({
        ...options,
        marketplaces: 0 as never,
        concurrencyPerDistributor: 0,
        distributors: [{} as never],
        approval: { mode: 'sometimes' } as never,
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'distributors.0',
        'marketplaces',
        'approval',
        'concurrencyPerDistributor',
      ]);
    }
    expect(() => createDropshipper(undefined as never)).toThrow(ValidationError);
    expect(() => createDropshipper({ ...options, rules: { maxLeadTimeDays: -1 } })).toThrow(ValidationError);
  });

  it('keeps working when an event listener throws', async () => {
    const { wps, options } = setup();
    const dropshipper = createDropshipper(options);
    dropshipper.events.on('purchase-order-submitted', () => {
      throw new Error('listener bug');
    });
    const result = await dropshipper.dropship(salesOrder('1012', [padLine]));
    expect(result.status).toBe('placed');
    expect(wps.orders()).toHaveLength(1);
  });
});

describe('createDropshipper: tracking', () => {
  it('records partial shipments, pushes each once, emails the buyer once, completes when all is shipped', async () => {
    const { wps, options } = setup();
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
    const notifier = createMockBuyerNotifier();
    const dropshipper = createDropshipper({ ...options, marketplaces: [marketplace], notifier });
    const placed = await dropshipper.dropship(
      salesOrder('2001', [{ lineId: 'L1', sku: 'W-PAD', quantity: 3, unitPrice: 3000 }]),
    );
    const poNumber = placed.purchaseOrders[0]!.poNumber;

    wps.shipOrder(poNumber, { lines: [{ sku: 'W-PAD', quantity: 1 }], trackingNumber: '1Z999AA10123456784' });
    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 1, buyersNotified: 1, completed: 0 });
    expect((await options.store!.getPurchaseOrder(poNumber))?.state).toBe('partially_shipped');
    expect(marketplace.pushes()[0]?.lines).toEqual([{ lineId: 'L1', quantity: 1 }]);

    wps.shipOrder(poNumber, { trackingNumber: '1Z999AA10123456791' });
    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 1, buyersNotified: 1, completed: 1 });
    expect(marketplace.pushes()[1]?.lines).toEqual([{ lineId: 'L1', quantity: 2 }]);
    expect((await options.store!.getPurchaseOrder(poNumber))?.state).toBe('completed');

    const third = await dropshipper.syncTracking();
    expect(third).toMatchObject({ purchaseOrders: 0, shipmentsRecorded: 0, trackingPushed: 0, buyersNotified: 0 });
    expect(marketplace.pushes()).toHaveLength(2);
    expect(notifier.messages()).toHaveLength(2);
    // One call per shipment: neither the marketplace nor the notifier was asked twice.
    expect(marketplace.calls().map((call) => [call.trackingNumber, call.outcome])).toEqual([
      ['1Z999AA10123456784', 'pushed'],
      ['1Z999AA10123456791', 'pushed'],
    ]);
    expect(notifier.calls().map((call) => call.outcome)).toEqual(['sent', 'sent']);
    expect(new Set(notifier.calls().map((call) => call.shipmentId)).size).toBe(2);
  });

  it('does not email the buyer when the marketplace already does', async () => {
    const { wps, options } = setup();
    const notifier = createMockBuyerNotifier();
    const dropshipper = createDropshipper({
      ...options,
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyer: true })],
      notifier,
    });
    const placed = await dropshipper.dropship(salesOrder('2002', [padLine]));
    wps.shipOrder(placed.purchaseOrders[0]!.poNumber);
    const result = await dropshipper.syncTracking();
    expect(result).toMatchObject({ trackingPushed: 1, buyersNotified: 0, completed: 1 });
    expect(notifier.messages()).toHaveLength(0);
  });

  it('retries a failed push on the next sync without pushing twice', async () => {
    const { wps, options } = setup();
    const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
    const dropshipper = createDropshipper({ ...options, marketplaces: [marketplace] });
    const placed = await dropshipper.dropship(salesOrder('2003', [padLine]));
    wps.shipOrder(placed.purchaseOrders[0]!.poNumber);
    marketplace.injectFault({ kind: 'lost-response', operations: ['push-tracking'] });
    const first = await dropshipper.syncTracking();
    expect(first.errors).toEqual([expect.objectContaining({ step: 'push' })]);
    const second = await dropshipper.syncTracking();
    expect(second.completed).toBe(1);
    expect(marketplace.pushes()).toHaveLength(1);
    // The lost push, then one retry that finds it written; a third sync calls nothing.
    expect(marketplace.calls().map((call) => call.outcome)).toEqual(['failed', 'already-pushed']);
    await dropshipper.syncTracking();
    expect(marketplace.callCount()).toBe(2);
  });

  it('batches tracking lookups as each distributor allows', async () => {
    const { options } = setup();
    const batched = createMockDistributorClient({
      distributor: 'wps',
      stock: { 'W-PAD': { PA: 500 } },
      capabilities: { batchTracking: 'po-list', maxTrackingBatch: 50 },
      now: () => at,
    });
    const ranged = createMockDistributorClient({
      distributor: 'parts-unlimited',
      stock: { 'P-PAD': { NV: 500 } },
      capabilities: { batchTracking: 'date-range' },
      now: () => at,
    });
    const catalog = createMemoryCatalog([
      offer('wps', 'W-PAD', 1500, { PA: 500 }),
      offer('parts-unlimited', 'P-PAD', 1500, { NV: 500 }, { brand: 'X', mpn: 'Y' }),
    ]);
    const dropshipper = createDropshipper({ ...options, distributors: [batched, ranged], catalog });
    for (let index = 0; index < 120; index++) {
      await dropshipper.dropship(
        salesOrder(`3${index}`, [{ lineId: 'L1', sku: index % 2 ? 'W-PAD' : 'P-PAD', quantity: 1, unitPrice: 3000 }]),
      );
    }
    batched.reset();
    ranged.reset({});
    const before = { batched: batched.callCount('listShipments'), ranged: ranged.callCount('listShipments') };
    const result = await dropshipper.syncTracking();
    expect(result.purchaseOrders).toBe(120);
    expect(batched.callCount('listShipments') - before.batched).toBe(2); // 60 POs, 50 per call
    expect(ranged.callCount('listShipments') - before.ranged).toBe(1);
    expect(batched.callCount('findOrder') + ranged.callCount('findOrder')).toBe(0);
  });

  it('changes nothing when the whole loop runs a second time', async () => {
    const { wps, options } = setup();
    const dropshipper = createDropshipper(options);
    const theOrder = salesOrder('2004', [padLine, { lineId: 'L2', sku: 'P-GRIP', quantity: 1, unitPrice: 2500 }]);
    const loop = async () => {
      await dropshipper.dropship(theOrder);
      for (const held of wps.orders()) if (held.status !== 'shipped') wps.shipOrder(held.poNumber);
      await dropshipper.syncTracking();
      return options.store!.findPurchaseOrders({});
    };
    const once = await loop();
    const twice = await loop();
    expect(twice).toEqual(once);
  });
});

describe('createDropshipper: cancel and profit', () => {
  it('cancels where the distributor can and warns where it cannot', async () => {
    const { wps, pu, options } = setup();
    const unsupported = createMockDistributorClient({
      distributor: 'parts-unlimited',
      stock: { 'P-GRIP': { NV: 5 } },
      capabilities: { cancel: 'unsupported' },
      now: () => at,
    });
    const dropshipper = createDropshipper({ ...options, distributors: [wps, unsupported] });
    void pu;
    const placed = await dropshipper.dropship(
      salesOrder('4001', [
        { lineId: 'L1', sku: 'W-CHAIN', quantity: 1, unitPrice: 9000 },
        { lineId: 'L2', sku: 'P-GRIP', quantity: 1, unitPrice: 2500 },
      ]),
    );
    const byDistributor = Object.fromEntries(
      placed.purchaseOrders.map((purchaseOrder) => [purchaseOrder.distributor, purchaseOrder.poNumber]),
    );
    const cancelled = await dropshipper.cancel(byDistributor.wps!);
    expect(cancelled).toMatchObject({ status: 'cancelled', state: 'cancelled' });
    const refused = await dropshipper.cancel(byDistributor['parts-unlimited']!);
    expect(refused.status).toBe('unsupported');
    expect(refused.warning).toMatchObject({ type: 'unsupported', feature: 'cancel-order' });
  });

  it('reports actual profit from the POs placed', async () => {
    const { options } = setup({ rules: { marketplaceFeeBasisPoints: { ebay: 1000 } } });
    const dropshipper = createDropshipper(options);
    await dropshipper.dropship(
      salesOrder('4002', [{ lineId: 'L1', sku: 'W-PAD', quantity: 2, unitPrice: 3000 }], { shippingPaid: 500 }),
    );
    const profit = await dropshipper.profit('ebay:4002');
    expect(profit).toMatchObject({ revenue: 6500, cost: 3000, dropShipFees: 0, marketplaceFee: 650, profit: 2850 });
  });
});
