import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import type { DistributorShipment, PackageOf } from '../model/shipment.js';
import type { DistributorClient, DistributorOrder } from '../spec/v1/distributor-client.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockBuyerNotifier, createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from './context/dropshipper-types.js';
import { createDropshipper } from './create-dropshipper.js';

// syncTracking with a distributor that reports boxes per distributor order (`packageOf`), as WPS
// does per warehouse order (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders): which box holds which units is never said.

const start = new Date('2026-11-20T15:00:00.000Z');

/**
 * A dropshipper whose distributor reports the boxes in `boxes` for every PO it holds (a mock
 * distributor for placing, its tracking answers replaced), with a clock the test moves.
 */
function setup(overrides: Partial<DropshipperOptions> = {}) {
  const clock = { now: start };
  const mock = createMockDistributorClient({
    distributor: 'wps',
    stock: { 'W-PAD': { PA: 10 } },
    now: () => clock.now,
  });
  const boxes: DistributorShipment[] = [];
  const withBoxes = (order: DistributorOrder | null): DistributorOrder | null =>
    order === null ? null : { ...order, shipments: structuredClone(boxes) };
  const distributor: DistributorClient = {
    ...mock,
    findOrder: async (poNumber) => withBoxes(await mock.findOrder(poNumber)),
    listShipments: async (query) =>
      (await mock.listShipments(query)).map((order) => withBoxes(order) as DistributorOrder),
  };
  const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const notifier = createMockBuyerNotifier();
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: [distributor],
    marketplaces: [marketplace],
    notifier,
    store,
    catalog: createMemoryCatalog([
      {
        distributor: 'wps',
        sku: 'W-PAD',
        brand: 'EBC',
        mpn: 'FA123',
        currency: 'USD',
        cost: 1500,
        dropShipFee: 0,
        stock: [{ warehouse: 'PA', quantity: 10, leadTimeDays: 0 }],
      },
    ]),
    approval: { mode: 'auto' },
    now: () => clock.now,
    ...overrides,
  });
  const events: { name: string; payload: unknown }[] = [];
  for (const name of [
    'shipment-received',
    'tracking-pushed',
    'tracking-push-skipped',
    'package-group-settled',
  ] as const)
    dropshipper.events.on(name, (payload: unknown) => events.push({ name, payload }));
  const box = (trackingNumber: string, packageOf: PackageOf): DistributorShipment => ({
    carrier: 'ups',
    trackingNumber,
    shippedAt: clock.now.toISOString(),
    packageOf,
  });
  async function place(id: string, quantity: number): Promise<string> {
    const placed = await dropshipper.dropship(
      salesOrder(id, [{ lineId: 'L1', sku: 'W-PAD', quantity, unitPrice: 3000 }]),
    );
    const poNumber = placed.purchaseOrders[0]?.poNumber;
    if (poNumber === undefined) throw new Error('not placed');
    return poNumber;
  }
  return { clock, boxes, box, marketplace, notifier, store, dropshipper, events, place };
}

const order = (quantity: number, complete: boolean): PackageOf => ({
  ref: '5100001',
  lines: [{ sku: 'W-PAD', quantity }],
  complete,
});

describe('syncTracking: boxes of a distributor order (packageOf)', () => {
  it('records every box of one answer in one write, so a failed write leaves no box as the whole order', async () => {
    // Found by the 10,000-scenario run: a process that died after recording the first box of a
    // complete order, and before the second, left a PO whose lone box took every unit; the PO
    // looked fully shipped, was not asked about again, and the second tracking number was lost.
    const { boxes, box, marketplace, store, dropshipper, place } = setup();
    const poNumber = await place('2009', 2);
    boxes.push(box('1ZBOX0000000091', order(2, false)));
    await dropshipper.syncTracking();
    const writes: number[] = [];
    const update = store.updatePurchaseOrder.bind(store);
    store.updatePurchaseOrder = async (purchaseOrder, expectedVersion) => {
      writes.push(purchaseOrder.version - expectedVersion);
      if (writes.length === 2) throw new Error('the process died');
      return update(purchaseOrder, expectedVersion);
    };
    boxes.splice(0, 1, box('1ZBOX0000000091', order(2, true)), box('1ZBOX0000000092', order(2, true)));
    await dropshipper.syncTracking();
    // The revision of the first box and the second box went in one write (two versions at once).
    expect(writes[0]).toBe(2);
    const afterFailure = await store.getPurchaseOrder(poNumber);
    expect(afterFailure?.shipments.map((shipment) => shipment.trackingNumber)).toEqual([
      '1ZBOX0000000091',
      '1ZBOX0000000092',
    ]);
    store.updatePurchaseOrder = update;
    await dropshipper.syncTracking();
    expect(marketplace.pushes().map((push) => [push.trackingNumber, push.lines])).toEqual([
      ['1ZBOX0000000091', [{ lineId: 'L1', quantity: 1 }]],
      ['1ZBOX0000000092', [{ lineId: 'L1', quantity: 1 }]],
    ]);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });

  it('records a box at once but pushes and emails only when its order is complete, then splits the units', async () => {
    const { boxes, box, marketplace, notifier, store, dropshipper, events, place } = setup();
    const poNumber = await place('2001', 2);

    boxes.push(box('1ZBOX0000000001', order(2, false)));
    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({
      shipmentsRecorded: 1,
      trackingPushed: 0,
      buyersNotified: 0,
      completed: 0,
      errors: [],
    });
    expect(events.map((event) => event.name)).toEqual(['shipment-received']);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('partially_shipped');
    expect(marketplace.pushes()).toEqual([]);

    // The order shipped in full, in two boxes: the first box is seen again, now complete.
    boxes.splice(0, 1, box('1ZBOX0000000001', order(2, true)), box('1ZBOX0000000002', order(2, true)));
    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({
      shipmentsRecorded: 1,
      trackingPushed: 2,
      buyersNotified: 2,
      completed: 1,
      errors: [],
    });
    expect(marketplace.pushes().map((push) => [push.trackingNumber, push.lines])).toEqual([
      ['1ZBOX0000000001', [{ lineId: 'L1', quantity: 1 }]],
      ['1ZBOX0000000002', [{ lineId: 'L1', quantity: 1 }]],
    ]);
    expect(notifier.messages()).toHaveLength(2);
    const completed = await store.getPurchaseOrder(poNumber);
    expect(completed?.state).toBe('completed');
    expect(completed?.audit.map((entry) => entry.event)).toContain('record-shipment');
  });

  it('after packageGroupSettleMs, takes the boxes seen so far as the whole order and pushes them', async () => {
    const { clock, boxes, box, marketplace, store, dropshipper, events, place } = setup({
      packageGroupSettleMs: 3_600_000,
    });
    const poNumber = await place('2002', 2);
    boxes.push(box('1ZBOX0000000003', order(2, false)));
    await dropshipper.syncTracking();

    clock.now = new Date(start.getTime() + 3_599_999);
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 0, completed: 0 });

    clock.now = new Date(start.getTime() + 3_600_000);
    const settled = await dropshipper.syncTracking();
    expect(settled).toMatchObject({ trackingPushed: 1, completed: 1, errors: [] });
    expect(marketplace.pushes().map((push) => push.lines)).toEqual([[{ lineId: 'L1', quantity: 2 }]]);
    expect(events.filter((event) => event.name === 'package-group-settled').map((event) => event.payload)).toEqual([
      { poNumber, distributor: 'wps', ref: '5100001', packages: 1 },
    ]);
    const purchaseOrder = await store.getPurchaseOrder(poNumber);
    expect(purchaseOrder?.audit.find((entry) => entry.event === 'settle-package-group')?.detail).toMatch(
      /5100001 taken as complete: not reported complete within 3600000 ms/,
    );
  });

  it('waits 24 hours by default', async () => {
    const { clock, boxes, box, dropshipper, place } = setup();
    await place('2003', 1);
    boxes.push(box('1ZBOX0000000004', order(1, false)));
    await dropshipper.syncTracking();
    clock.now = new Date(start.getTime() + 86_399_999);
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 0 });
    clock.now = new Date(start.getTime() + 86_400_000);
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 1, completed: 1 });
  });

  it('settles a box that covers no unit without a marketplace call, emails the buyer, and completes the PO', async () => {
    const { boxes, box, marketplace, notifier, store, dropshipper, events, place } = setup();
    const poNumber = await place('2004', 1);
    // One unit, two boxes (a box of packing material, or the distributor split it oddly).
    boxes.push(box('1ZBOX0000000005', order(1, true)), box('1ZBOX0000000006', order(1, true)));
    const synced = await dropshipper.syncTracking();
    expect(synced).toMatchObject({
      shipmentsRecorded: 2,
      trackingPushed: 1,
      buyersNotified: 2,
      completed: 1,
      errors: [],
    });
    expect(marketplace.pushes().map((push) => [push.trackingNumber, push.lines])).toEqual([
      ['1ZBOX0000000005', [{ lineId: 'L1', quantity: 1 }]],
    ]);
    expect(notifier.messages().map((message) => message.trackingNumber)).toEqual([
      '1ZBOX0000000005',
      '1ZBOX0000000006',
    ]);
    const purchaseOrder = await store.getPurchaseOrder(poNumber);
    expect(purchaseOrder?.state).toBe('completed');
    expect(purchaseOrder?.shipments[1]).toMatchObject({ trackingPushSkipped: 'no-units' });
    expect(purchaseOrder?.shipments[1]?.trackingPushedAt).toBeUndefined();
    expect(events.filter((event) => event.name === 'tracking-push-skipped').map((event) => event.payload)).toEqual([
      {
        poNumber,
        salesOrderId: 'ebay:2004',
        shipmentId: `${poNumber}:1ZBOX0000000006`,
        trackingNumber: '1ZBOX0000000006',
        reason: 'no-units',
      },
    ]);
    // Nothing more happens on the next sync.
    expect(await dropshipper.syncTracking()).toMatchObject({ purchaseOrders: 0, trackingPushed: 0, buyersNotified: 0 });
  });

  it('refuses a packageGroupSettleMs that is not a whole number of ms', () => {
    for (const value of [-1, 1.5, Number.NaN, '1000']) {
      let error: unknown;
      try {
        setup({ packageGroupSettleMs: value as number });
      } catch (caught) {
        error = caught;
      }
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues).toEqual([
        { path: 'packageGroupSettleMs', message: 'must be a whole number, at least 0' },
      ]);
    }
  });
});
