// Bugs the reliability suite found, each as a small deterministic reproduction through the real
// clients and simulators. They are written as `it.fails`: the test body states the promise the
// SDK makes, and vitest expects it to fail today. When a fix lands, the test starts passing, so
// `it.fails` reports it: turn it into a plain `it` (and lift the matching restriction of the
// randomized run in fault-injection.test.ts). See docs/reliability.md, "Known bugs".
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DropshipperInstance,
  type DropshipStore,
  type SalesOrder,
} from '@dropship/core';
import { createMockBuyerNotifier } from '@dropship/core/test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createReliabilityServer,
  createReliabilityWorld,
  type ProductStock,
  worldOffers,
  worldProducts,
} from './support/reliability-world.js';

const world = createReliabilityWorld({ timeoutMs: 5_000, lane: 90 });
const server = createReliabilityServer([world]);
beforeAll(() => server.listen());
afterAll(() => server.close());

/** Only WPS has stock (and only WPS is in the catalog), so every line goes to WPS. */
const wpsOnly: ProductStock = { wps: [10, 10, 10, 10], 'parts-unlimited': [0, 0, 0, 0], 'tucker-rocky': [0, 0, 0, 0], automatic: [0, 0, 0, 0] };
const brakePads = worldProducts[0]!;

beforeEach(() => world.reset(wpsOnly));

function walmartOrder(id: string, quantity: number): SalesOrder {
  return {
    marketplace: 'walmart',
    marketplaceOrderId: id,
    orderedAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'USD',
    buyer: { name: 'Jordan Rider' },
    shipTo: { name: 'Jordan Rider', address1: '1200 W Main St', city: 'Boise', region: 'ID', postalCode: '83702', country: 'US' },
    lines: [{ lineId: '1', sku: brakePads.skus.wps, product: { brand: brakePads.brand, mpn: brakePads.mpn }, quantity, unitPrice: 9_000 }],
    shippingPaid: 0,
  };
}

function dropshipperOn(store: DropshipStore, fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init)): DropshipperInstance {
  return createDropshipper({
    distributors: world.createDistributorClients({ fetch }),
    marketplaces: world.createMarketplaceAdapters({ fetch }),
    notifier: createMockBuyerNotifier(),
    store,
    catalog: createMemoryCatalog(worldOffers(wpsOnly).filter((offer) => offer.distributor === 'wps')),
    approval: { mode: 'auto' },
  });
}

describe('known bug 1: a WPS PO shipped in two packages loses a tracking number', () => {
  // Cause (two layers):
  // - packages/distributors/wps/src/map-wps-purchase-order.ts, shipmentsOf(): when a warehouse
  //   order lists one tracking number, the package is given every item of the warehouse order
  //   (`detail.items`), even while the order is only partially shipped. The first of two packages
  //   is therefore reported as holding everything.
  // - packages/core: a package without lines means "the rest of the PO" (transition
  //   isFullyShipped, map-shipment-lines allocate). With two line-less packages (two tracking
  //   numbers on one warehouse order), the first takes every line and the second maps to no line
  //   at all; pushTracking refuses a notice without lines (ValidationError "a shipment needs at
  //   least one line") on every sync, forever.
  it.fails('pushes both tracking numbers, one unit each, when the second package ships after a sync', async () => {
    const store = createMemoryStore();
    const dropshipper = dropshipperOn(store);
    const order = walmartOrder('77001', 2);
    world.addMarketplaceOrder(order);
    const placed = await dropshipper.dropship(order);
    const poNumber = placed.purchaseOrders[0]!.poNumber;
    expect(placed.purchaseOrders[0]).toMatchObject({ distributor: 'wps', outcome: 'submitted' });

    world.distributors.wps.shipOrder(poNumber, { lines: [{ sku: brakePads.skus.wps, quantity: 1 }], trackingNumber: '1ZKNOWNBUG0000001A' });
    await dropshipper.syncTracking();
    world.distributors.wps.shipOrder(poNumber, { trackingNumber: '1ZKNOWNBUG0000002A' });
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();

    const pushed = world.marketplaces.walmart.fulfillments('77001').map((fulfillment) => ({ trackingNumber: fulfillment.trackingNumber, lines: fulfillment.lines }));
    // Today: the first package is pushed as 2 units, the PO completes, the second is never pulled.
    expect(pushed).toEqual([
      { trackingNumber: '1ZKNOWNBUG0000001A', lines: [{ lineId: '1', quantity: 1 }] },
      { trackingNumber: '1ZKNOWNBUG0000002A', lines: [{ lineId: '1', quantity: 1 }] },
    ]);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });

  it.fails('pushes both tracking numbers when both packages are seen in the same sync', async () => {
    const store = createMemoryStore();
    const dropshipper = dropshipperOn(store);
    const order = walmartOrder('77002', 2);
    world.addMarketplaceOrder(order);
    const placed = await dropshipper.dropship(order);
    const poNumber = placed.purchaseOrders[0]!.poNumber;

    world.distributors.wps.shipOrder(poNumber, { lines: [{ sku: brakePads.skus.wps, quantity: 1 }], trackingNumber: '1ZKNOWNBUG0000003A' });
    world.distributors.wps.shipOrder(poNumber, { trackingNumber: '1ZKNOWNBUG0000004A' });
    const first = await dropshipper.syncTracking();
    const second = await dropshipper.syncTracking();

    // Today: both packages come without lines; the second maps to none and its push fails on every sync.
    expect([...first.errors, ...second.errors]).toEqual([]);
    expect(world.marketplaces.walmart.fulfillments('77002').map((fulfillment) => fulfillment.trackingNumber).sort()).toEqual([
      '1ZKNOWNBUG0000003A',
      '1ZKNOWNBUG0000004A',
    ]);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });
});

describe('known bug 2: recover() in one worker resubmits a PO another worker is submitting', () => {
  // Cause: packages/core/src/dropshipper/create-dropshipper.ts, recover(): every PO in
  // `submitting` is treated as left by a crash, including one a live worker is submitting right
  // now (recover runs on every worker's first dropship/syncTracking). Both workers then submit
  // the same PO. With WPS the second submitter's `POST /carts` is refused with 422 "A cart with
  // this PO number already exists", which wps-client.ts (rejection(), via buildCart) reports as
  // OrderRejectedError; the dropshipper saves the PO as `rejected` first, the other worker's
  // successful `submitted` then loses the version race (ConcurrencyConflictError, reported as
  // "already-placed"). The store says rejected while WPS holds the order, the lines are released,
  // and the next dropship places them again under the next PO number: the buyer gets the parts
  // twice.
  it.fails('places the order once and keeps the PO placed', async () => {
    const store = createMemoryStore();
    const order = walmartOrder('77003', 1);
    world.addMarketplaceOrder(order);

    // Interleaving (deterministic): B checks for a cart before A creates it, and B creates its
    // cart after A created one.
    let releaseA: () => void = () => undefined;
    const aMayCreateCart = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    let releaseB: () => void = () => undefined;
    const bMayCreateCart = new Promise<void>((resolve) => {
      releaseB = resolve;
    });
    const isCreateCart = (input: RequestInfo | URL, init?: RequestInit) => (init?.method ?? 'GET') === 'POST' && /\/carts$/.test(String(input));
    const isGetCart = (input: RequestInfo | URL, init?: RequestInit) => (init?.method ?? 'GET') === 'GET' && /\/carts\/[^/]+$/.test(String(input));
    const fetchA: typeof fetch = async (input, init) => {
      if (isCreateCart(input, init)) await aMayCreateCart;
      const response = await globalThis.fetch(input, init);
      if (isCreateCart(input, init)) releaseB();
      return response;
    };
    const fetchB: typeof fetch = async (input, init) => {
      if (isCreateCart(input, init)) await bMayCreateCart;
      const response = await globalThis.fetch(input, init);
      if (isGetCart(input, init)) releaseA();
      return response;
    };
    const workerA = dropshipperOn(store, fetchA);
    const workerB = dropshipperOn(store, fetchB);
    let recovering: Promise<unknown> | undefined;
    workerA.events.on('purchase-order-created', () => {
      recovering ??= workerB.recover();
    });
    await workerA.dropship(order);
    await recovering;

    // A third worker, later: places what it believes is not placed.
    await dropshipperOn(store).dropship(order);

    const wpsOrders = world.distributors.wps.orders().filter((held) => held.lines.some((line) => line.sku === brakePads.skus.wps));
    const states = (await store.findPurchaseOrders({ salesOrderId: 'walmart:77003' })).map((purchaseOrder) => purchaseOrder.state);
    // Today: WPS holds two orders (two PO numbers) for the one line, and the first PO is `rejected`.
    expect(wpsOrders).toHaveLength(1);
    expect(states).not.toContain('rejected');
  });
});
