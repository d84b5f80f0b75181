import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient, createMockMarketplaceAdapter, type MockDistributorClient } from '../../test.js';
import { offer, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from '../context/dropshipper-types.js';
import { createDropshipper } from '../create-dropshipper.js';

// What recovery does with a PO a worker left `submitting` (it died, or its answer and its look-up
// were both lost), driven through the public API: `recover()` for the counts, and
// `submitPurchaseOrder(poNumber)` (which recovers a `submitting` PO the same way) for the outcome.

const at = new Date('2026-11-20T15:00:00.000Z');
/** After the submit lease (two minutes by default) of a PO saved at `at`. */
const later = new Date(at.getTime() + 10 * 60_000);
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };

function setup() {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const store = createMemoryStore();
  const options: DropshipperOptions = {
    distributors: [wps],
    store,
    catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500, { PA: 5 })]),
    approval: { mode: 'auto' },
    marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
    now: () => at,
  };
  return { wps, store, options, after: { ...options, now: () => later } };
}

/**
 * Places an order whose submit fails with `submitFault` and whose look-up after it times out: the
 * PO is left `submitting` (placed at WPS for `lost-response`, not placed for `drop-connection`).
 */
async function abandon(
  wps: MockDistributorClient,
  options: DropshipperOptions,
  submitFault: 'lost-response' | 'drop-connection',
  id = '5001',
): Promise<string> {
  wps.injectFault({ kind: submitFault, operations: ['submit'] });
  wps.injectFault({ kind: 'timeout', operations: ['find-order'] });
  const result = await createDropshipper(options).dropship(salesOrder(id, [padLine]));
  const placed = result.purchaseOrders[0]!;
  expect(placed).toMatchObject({ outcome: 'unknown', state: 'submitting' });
  return placed.poNumber;
}

/** A store whose `updatePurchaseOrder` fails with `error` on the calls `failOn` lists (1-based). */
function storeFailingUpdates(store: DropshipStore, error: Error, failOn: number[]): DropshipStore {
  const failing = Object.create(store) as DropshipStore;
  let updates = 0;
  failing.updatePurchaseOrder = async (purchaseOrder, expectedVersion) => {
    updates++;
    if (failOn.includes(updates)) throw error;
    return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
  };
  return failing;
}

describe('recover(): a PO the distributor holds', () => {
  it('is marked submitted with the distributor reference, and announced once as already existing', async () => {
    const { wps, store, options, after } = setup();
    const poNumber = await abandon(wps, options, 'lost-response');
    const dropshipper = createDropshipper(after);
    const announced: unknown[] = [];
    dropshipper.events.on('purchase-order-submitted', (event) => announced.push(event));

    const outcome = await dropshipper.submitPurchaseOrder(poNumber);

    expect(outcome).toEqual({ poNumber, distributor: 'wps', outcome: 'already-placed', state: 'submitted' });
    const reference = wps.orders()[0]!.reference;
    expect((await store.getPurchaseOrder(poNumber))?.distributorOrderRefs).toEqual([reference]);
    expect(announced).toEqual([
      expect.objectContaining({
        poNumber,
        distributor: 'wps',
        distributorOrderRefs: [reference],
        alreadyExisted: true,
      }),
    ]);
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
    expect(wps.orderCount(poNumber)).toBe(1);
  });

  it('counts as resubmitted, nothing sent twice, when the look-up misses it but the submit finds it', async () => {
    const { wps, store, after, options } = setup();
    const poNumber = await abandon(wps, options, 'lost-response');
    // A search index that lags: recovery's own look-up answers "none", the client's look-up
    // before creating (inside submitOrder) finds the order.
    const lagging = Object.create(wps) as MockDistributorClient;
    lagging.findOrder = async () => null;

    const result = await createDropshipper({ ...after, distributors: [lagging] }).recover();

    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 1, unresolved: 0, failed: 0, skipped: 0 });
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('submitted');
    expect(wps.orderCount(poNumber)).toBe(1);
  });
});

describe('recover(): what is left for later', () => {
  it('leaves the PO submitting (unresolved) when its look-up fails, and sends nothing', async () => {
    const { wps, store, options, after } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    const submitsBefore = wps.callCount('submitOrder', poNumber);
    wps.injectFault({ kind: 'timeout', operations: ['find-order'], times: 2 });

    const result = await createDropshipper(after).recover();
    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 0, unresolved: 1, failed: 0, skipped: 0 });
    // The claim restarted the lease: the next attempt comes after it.
    const next = { ...after, now: () => new Date(later.getTime() + 10 * 60_000) };
    const outcome = await createDropshipper(next).submitPurchaseOrder(poNumber);
    expect(outcome).toMatchObject({ poNumber, distributor: 'wps', outcome: 'unknown', state: 'submitting' });
    expect(outcome.error).toMatch(/timeout/);

    expect(wps.callCount('submitOrder', poNumber)).toBe(submitsBefore);
    expect(wps.orderCount(poNumber)).toBe(0);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('submitting');
  });

  it('leaves alone a PO inside its submit lease, saying why', async () => {
    const { wps, options } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    const submitsBefore = wps.callCount('submitOrder', poNumber);
    const outcome = await createDropshipper(options).submitPurchaseOrder(poNumber);
    expect(outcome).toEqual({
      poNumber,
      distributor: 'wps',
      outcome: 'unknown',
      state: 'submitting',
      error: 'in flight: younger than the submit lease',
    });
    expect(wps.callCount('findOrder', poNumber)).toBe(1);
    expect(wps.callCount('submitOrder', poNumber)).toBe(submitsBefore);
  });

  it('skips a PO of a distributor no client is configured for, saying so, and sends nothing', async () => {
    const { wps, options, after } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    const submitsBefore = wps.callCount('submitOrder');
    const other = createMockDistributorClient({ distributor: 'parts-unlimited', stock: {}, now: () => at });
    const withoutWps = createDropshipper({ ...after, distributors: [other] });

    expect(await withoutWps.recover()).toEqual({
      examined: 1,
      found: 0,
      resubmitted: 0,
      unresolved: 0,
      failed: 0,
      skipped: 1,
    });
    expect(await withoutWps.submitPurchaseOrder(poNumber)).toEqual({
      poNumber,
      distributor: 'wps',
      outcome: 'unknown',
      state: 'submitting',
      error: 'no client configured for distributor "wps"',
    });
    expect(wps.callCount('submitOrder')).toBe(submitsBefore);
    expect(other.callCount()).toBe(0);
  });

  it('lets one of two workers claim a PO both read as abandoned; the other skips it, saying so', async () => {
    const { wps, options, after } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    const [first, second] = await Promise.all([
      createDropshipper(after).submitPurchaseOrder(poNumber),
      createDropshipper(after).submitPurchaseOrder(poNumber),
    ]);
    const skipped = [first, second].filter((outcome) => outcome.error === 'claimed by another worker');
    expect(skipped).toEqual([
      { poNumber, distributor: 'wps', outcome: 'unknown', state: 'submitting', error: 'claimed by another worker' },
    ]);
    expect(wps.orderCount(poNumber)).toBe(1);
  });
});

describe('recover(): store failures', () => {
  it('fails with a store error on the claim instead of reporting the PO claimed by another worker', async () => {
    const { wps, store, options, after } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    const outage = new Error('store: connection refused');
    const dropshipper = createDropshipper({ ...after, store: storeFailingUpdates(store, outage, [1]) });
    await expect(dropshipper.recover()).rejects.toBe(outage);
    expect(wps.callCount('findOrder', poNumber)).toBe(1);
    expect(wps.orderCount(poNumber)).toBe(0);
  });

  it('counts a resubmit whose result could not be saved as unresolved, and the next recovery finds the order', async () => {
    const { wps, store, options, after } = setup();
    const poNumber = await abandon(wps, options, 'drop-connection');
    // The claim is saved; the write of the accepted submit fails.
    const failing = storeFailingUpdates(store, new Error('store: connection reset'), [2]);

    const result = await createDropshipper({ ...after, store: failing }).recover();
    expect(result).toEqual({ examined: 1, found: 0, resubmitted: 0, unresolved: 1, failed: 0, skipped: 0 });
    expect(wps.orderCount(poNumber)).toBe(1);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('submitting');

    const next = { ...after, now: () => new Date(later.getTime() + 10 * 60_000) };
    expect(await createDropshipper(next).recover()).toMatchObject({ examined: 1, found: 1 });
    expect(wps.orderCount(poNumber)).toBe(1);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('submitted');
  });
});
