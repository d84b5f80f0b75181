import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { salesOrderId } from '../../model/sales-order.js';
import { purchaseOrderNumber } from '../../routing/purchase-order-number.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../../test.js';
import { offer, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from '../context/dropshipper-types.js';
import { createDropshipper } from '../create-dropshipper.js';

// How a PO's submit settles, and what it announces: one event per outcome, whatever the
// distributor answered (accepted, found, refused, failed before acting, failed ambiguously).

const at = new Date('2026-11-20T15:00:00.000Z');
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

function setup(store: DropshipStore = createMemoryStore()) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const options: DropshipperOptions = {
    distributors: [wps],
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    store,
    catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500, { PA: 5 })]),
    approval: { mode: 'auto' },
    now: () => at,
  };
  return { wps, store, options };
}

/** Every placement event a dropshipper emits, in order, as `[name, event]`. */
function recordEvents(options: DropshipperOptions) {
  const dropshipper = createDropshipper(options);
  const events: [string, Record<string, unknown>][] = [];
  for (const name of [
    'purchase-order-submitted',
    'purchase-order-failed',
    'purchase-order-rejected',
    'warning',
  ] as const)
    dropshipper.events.on(name, (event) => events.push([name, event as unknown as Record<string, unknown>]));
  return { dropshipper, events };
}

async function placeOne(options: DropshipperOptions, id: string) {
  const { dropshipper, events } = recordEvents(options);
  const result = await dropshipper.dropship(salesOrder(id, [padLine]));
  expect(result.purchaseOrders).toHaveLength(1);
  return { outcome: result.purchaseOrders[0]!, events };
}

describe('submitting a PO: accepted', () => {
  it('announces a PO the distributor accepted once, with its reference, as not already existing', async () => {
    const { wps, store, options } = setup();
    const { outcome, events } = await placeOne(options, '6001');
    const reference = wps.orders()[0]!.reference;
    expect(outcome).toEqual({
      poNumber: outcome.poNumber,
      distributor: 'wps',
      outcome: 'submitted',
      state: 'submitted',
    });
    const stored = await store.getPurchaseOrder(outcome.poNumber);
    expect(events).toEqual([
      [
        'purchase-order-submitted',
        {
          poNumber: outcome.poNumber,
          distributor: 'wps',
          salesOrderId: stored?.salesOrderId,
          distributorOrderRefs: [reference],
          alreadyExisted: false,
        },
      ],
    ]);
  });

  it('reports a PO the distributor already held as already placed, announced as already existing', async () => {
    const { wps, options } = setup();
    const order = salesOrder('6002', [padLine]);
    const poNumber = purchaseOrderNumber(salesOrderId(order), 'wps', { attempt: 0 });
    // An earlier process placed it and died before saving anything.
    await wps.submitOrder({
      poNumber,
      shipTo: order.shipTo,
      currency: 'USD',
      lines: [{ sku: 'W-PAD', quantity: 1, unitCost: 1500 }],
    });
    const { outcome, events } = await placeOne(options, '6002');
    expect(outcome).toMatchObject({ poNumber, outcome: 'already-placed', state: 'submitted' });
    expect(events).toEqual([['purchase-order-submitted', expect.objectContaining({ poNumber, alreadyExisted: true })]]);
    expect(wps.orderCount(poNumber)).toBe(1);
  });

  it('passes on the warnings of an accepted submit, each with its PO number', async () => {
    const { wps, options } = setup();
    const warning = { type: 'other' as const, message: 'wps: line 1 ships from a second warehouse' };
    const warns = Object.create(wps) as MockDistributorClient;
    warns.submitOrder = async (request, callOptions) => {
      const result = await wps.submitOrder(request, callOptions);
      return { ...result, warnings: [...result.warnings, warning] };
    };
    const { outcome, events } = await placeOne({ ...options, distributors: [warns] }, '6003');
    expect(events.filter(([name]) => name === 'warning')).toEqual([
      ['warning', { warning, poNumber: outcome.poNumber }],
    ]);
  });
});

describe('submitting a PO: failures', () => {
  it('marks a PO failed without a look-up when the distributor certainly did not act (401)', async () => {
    const { wps, store, options } = setup();
    wps.injectFault({ kind: 'unauthorized', operations: ['submit'] });
    const { outcome, events } = await placeOne(options, '6004');
    expect(outcome).toMatchObject({ outcome: 'failed', state: 'failed', error: expect.stringMatching(/401/) });
    expect(wps.callCount('findOrder')).toBe(0);
    expect(events).toEqual([
      [
        'purchase-order-failed',
        { poNumber: outcome.poNumber, distributor: 'wps', error: outcome.error, settled: true },
      ],
    ]);
    expect((await store.getPurchaseOrder(outcome.poNumber))?.state).toBe('failed');
  });

  it('marks a PO failed after an ambiguous failure (503) when the look-up positively finds no order', async () => {
    const { wps, options } = setup();
    wps.injectFault({ kind: 'server-error', operations: ['submit'] });
    const { outcome, events } = await placeOne(options, '6005');
    expect(outcome).toMatchObject({ outcome: 'failed', state: 'failed', error: expect.stringMatching(/503/) });
    expect(wps.callCount('findOrder', outcome.poNumber)).toBe(1);
    expect(wps.orderCount(outcome.poNumber)).toBe(0);
    expect(events).toEqual([
      ['purchase-order-failed', expect.objectContaining({ poNumber: outcome.poNumber, settled: true })],
    ]);
  });

  it('marks a PO submitted with the found reference when the answer was lost and the look-up finds it', async () => {
    const { wps, store, options } = setup();
    wps.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const { outcome, events } = await placeOne(options, '6006');
    const reference = wps.orders()[0]!.reference;
    expect(outcome).toEqual({
      poNumber: outcome.poNumber,
      distributor: 'wps',
      outcome: 'submitted',
      state: 'submitted',
    });
    expect((await store.getPurchaseOrder(outcome.poNumber))?.distributorOrderRefs).toEqual([reference]);
    expect(events).toEqual([
      [
        'purchase-order-submitted',
        expect.objectContaining({ distributorOrderRefs: [reference], alreadyExisted: false }),
      ],
    ]);
  });

  it('leaves a PO submitting, announced as not settled, when the look-up after an ambiguous failure fails too', async () => {
    const { wps, store, options } = setup();
    wps.injectFault({ kind: 'drop-connection', operations: ['submit'] });
    wps.injectFault({ kind: 'timeout', operations: ['find-order'] });
    const { outcome, events } = await placeOne(options, '6007');
    expect(outcome).toMatchObject({ outcome: 'unknown', state: 'submitting', error: expect.stringMatching(/dropped/) });
    expect(events).toEqual([
      [
        'purchase-order-failed',
        { poNumber: outcome.poNumber, distributor: 'wps', error: outcome.error, settled: false },
      ],
    ]);
    expect((await store.getPurchaseOrder(outcome.poNumber))?.state).toBe('submitting');
    expect(wps.callCount('submitOrder', outcome.poNumber)).toBe(1);
  });

  it('announces a refused PO as rejected with the reason, never as failed', async () => {
    const { wps, options } = setup();
    wps.rejectNextSubmit('part is superseded');
    const { outcome, events } = await placeOne(options, '6008');
    expect(outcome).toMatchObject({ outcome: 'rejected', state: 'rejected' });
    expect(events).toEqual([
      [
        'purchase-order-rejected',
        { poNumber: outcome.poNumber, distributor: 'wps', error: expect.stringMatching(/superseded/) },
      ],
    ]);
  });
});

describe('submitting a PO: the store failing after the distributor answered', () => {
  /** A store whose write of a submitted PO fails with `error`. */
  function storeFailingSubmittedWrite(error: Error): DropshipStore {
    const store = createMemoryStore();
    const failing = Object.create(store) as DropshipStore;
    failing.updatePurchaseOrder = async (purchaseOrder, expectedVersion) => {
      if (purchaseOrder.state === 'submitted') throw error;
      return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
    };
    return failing;
  }

  it('reports the PO unknown and still submitting when the write fails, the order placed once', async () => {
    const { wps, options } = setup(storeFailingSubmittedWrite(new Error('store: connection reset')));
    const { outcome } = await placeOne(options, '6009');
    expect(outcome).toMatchObject({
      poNumber: outcome.poNumber,
      distributor: 'wps',
      outcome: 'unknown',
      state: 'submitting',
      error: expect.stringContaining('connection reset'),
    });
    // It tells the operator what happens next: looked up by recover(), never sent again blind.
    expect(outcome.recovery).toContain(`wps may hold ${outcome.poNumber}: it is not sent again blind`);
    expect(outcome.recovery).toContain('sends it only when wps certainly does not hold it');
    expect(wps.orderCount(outcome.poNumber)).toBe(1);
  });

  it('reports the PO already placed when another worker wrote it first (a version conflict)', async () => {
    const conflict = new ConcurrencyConflictError('purchase order', 'PO', 2, 3);
    const { wps, options } = setup(storeFailingSubmittedWrite(conflict));
    const { outcome } = await placeOne(options, '6010');
    expect(outcome).toMatchObject({ outcome: 'already-placed', state: 'submitting' });
    expect(outcome.recovery).toBeUndefined();
    expect(wps.orderCount(outcome.poNumber)).toBe(1);
  });
});
