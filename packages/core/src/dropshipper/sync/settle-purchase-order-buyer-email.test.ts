import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { DropshipStore } from '../../spec/v1/store.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockBuyerNotifier, createMockDistributorClient, createMockMarketplaceAdapter } from '../../test.js';
import { offer, salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import type { DropshipperOptions } from '../context/dropshipper-types.js';
import { createDropshipper } from '../create-dropshipper.js';

// Tracking sync, per PO: who emails the buyer (the `notifyBuyer` option against a marketplace
// that emails its buyers itself), an email that fails and is sent once later, the events, and a
// PO whose sales order or marketplace adapter is missing. Calls are counted, not only results.

const at = new Date('2026-11-20T15:00:00.000Z');
const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 2, unitPrice: 3000 };

function setup(overrides: { notifyBuyer?: DropshipperOptions['notifyBuyer']; marketplaceEmails?: boolean } = {}) {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { PA: 5 } }, now: () => at });
  const marketplace = createMockMarketplaceAdapter({
    marketplace: 'ebay',
    notifiesBuyer: overrides.marketplaceEmails ?? false,
  });
  const notifier = createMockBuyerNotifier();
  const store = createMemoryStore();
  const options: DropshipperOptions = {
    distributors: [wps],
    marketplaces: [marketplace],
    notifier,
    store,
    catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500, { PA: 5 })]),
    approval: { mode: 'auto' },
    now: () => at,
    ...(overrides.notifyBuyer === undefined ? {} : { notifyBuyer: overrides.notifyBuyer }),
  };
  return { wps, marketplace, notifier, store, options };
}

/** Places a one-line order of two units and ships it in `packages` packages; returns the PO number. */
async function placeAndShip(setupResult: ReturnType<typeof setup>, id: string, packages: 1 | 2 = 1) {
  const { wps, options } = setupResult;
  const placed = await createDropshipper(options).dropship(salesOrder(id, [padLine]));
  const poNumber = placed.purchaseOrders[0]!.poNumber;
  if (packages === 1) wps.shipOrder(poNumber);
  else {
    wps.shipOrder(poNumber, { lines: [{ sku: 'W-PAD', quantity: 1 }] });
    wps.shipOrder(poNumber, { lines: [{ sku: 'W-PAD', quantity: 1 }] });
  }
  return poNumber;
}

describe('syncTracking: who emails the buyer', () => {
  it.each([
    ['auto, the marketplace does not email', 'auto', false, 1],
    ['auto, the marketplace emails its buyers', 'auto', true, 0],
    ['always, even when the marketplace emails', 'always', true, 1],
    ['never', 'never', false, 0],
  ] as const)('%s', async (_, notifyBuyer, marketplaceEmails, emails) => {
    const context = setup({ notifyBuyer, marketplaceEmails });
    const poNumber = await placeAndShip(context, `7001-${notifyBuyer}-${marketplaceEmails}`);
    const result = await createDropshipper(context.options).syncTracking();
    expect(result).toMatchObject({ trackingPushed: 1, buyersNotified: emails, completed: 1, errors: [] });
    expect(context.notifier.callCount()).toBe(emails);
    expect(context.notifier.messages()).toHaveLength(emails);
    expect(context.marketplace.pushes()).toHaveLength(1);
    expect((await context.store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });
});

describe('syncTracking: packages shipped one sync apart', () => {
  it('pushes and emails each package once, announcing each once, across syncs', async () => {
    const context = setup();
    const placed = await createDropshipper(context.options).dropship(salesOrder('7007', [padLine]));
    const poNumber = placed.purchaseOrders[0]!.poNumber;
    const dropshipper = createDropshipper(context.options);
    const announced: string[] = [];
    dropshipper.events.on('tracking-pushed', (event) => announced.push(`pushed ${event.trackingNumber}`));
    dropshipper.events.on('buyer-notified', (event) => announced.push(`emailed ${event.status}`));

    const first = context.wps.shipOrder(poNumber, { lines: [{ sku: 'W-PAD', quantity: 1 }] });
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 1, buyersNotified: 1, completed: 0 });
    const second = context.wps.shipOrder(poNumber, { lines: [{ sku: 'W-PAD', quantity: 1 }] });
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 1, buyersNotified: 1, completed: 1 });
    expect(await dropshipper.syncTracking()).toMatchObject({ trackingPushed: 0, buyersNotified: 0, completed: 0 });

    expect(announced).toEqual([`pushed ${first}`, 'emailed sent', `pushed ${second}`, 'emailed sent']);
    expect(context.marketplace.callCount()).toBe(2);
    expect(context.notifier.callCount()).toBe(2);
  });

  it('completes a PO after its pushes when there is no notifier to email the buyer', async () => {
    const context = setup();
    const { notifier: _unused, ...withoutNotifier } = context.options;
    const poNumber = await placeAndShip({ ...context, options: withoutNotifier }, '7008');
    const result = await createDropshipper(withoutNotifier).syncTracking();
    expect(result).toMatchObject({ trackingPushed: 1, buyersNotified: 0, completed: 1, errors: [] });
    expect((await context.store.getPurchaseOrder(poNumber))?.state).toBe('completed');
    expect(context.notifier.callCount()).toBe(0);
  });
});

describe('syncTracking: an email that fails', () => {
  it('counts a failed email as a notify error, keeps the PO open, and sends it once on the next sync', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7002');
    context.notifier.injectFault({ kind: 'server-error', operations: ['send'] });
    const dropshipper = createDropshipper(context.options);
    const notified: unknown[] = [];
    dropshipper.events.on('buyer-notified', (event) => notified.push(event));
    const pushed: boolean[] = [];
    dropshipper.events.on('tracking-pushed', (event) => pushed.push(event.alreadyPushed));

    const first = await dropshipper.syncTracking();
    expect(first).toMatchObject({ trackingPushed: 1, buyersNotified: 0, completed: 0 });
    expect(first.errors).toEqual([{ poNumber, step: 'notify', message: expect.stringContaining('503') }]);
    expect(context.notifier.messages()).toHaveLength(0);
    // The push was saved before the email was tried: it is not made again.
    expect((await context.store.getPurchaseOrder(poNumber))?.shipments[0]?.trackingPushedAt).toBeDefined();

    const second = await dropshipper.syncTracking();
    expect(second).toMatchObject({ trackingPushed: 0, buyersNotified: 1, completed: 1, errors: [] });
    expect(context.notifier.messages()).toHaveLength(1);
    expect(context.marketplace.callCount()).toBe(1);
    const salesOrderId = (await context.store.getPurchaseOrder(poNumber))?.salesOrderId;
    expect(notified).toEqual([{ poNumber, salesOrderId, shipmentId: expect.any(String), status: 'sent' }]);
    // The package pushed on the first sync is not pushed, nor announced as pushed, again.
    expect(pushed).toEqual([false]);
  });

  it('announces an email found in the idempotency record as already sent, without sending it again', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7003');
    // The write after the email fails once: the record of the email is all that is left of it.
    let failed = false;
    const flaky = Object.create(context.store) as DropshipStore;
    flaky.updatePurchaseOrder = async (purchaseOrder: PurchaseOrder, expectedVersion: number) => {
      if (!failed && purchaseOrder.shipments.some((shipment) => shipment.buyerNotifiedAt !== undefined)) {
        failed = true;
        throw new Error('store: connection lost');
      }
      return context.store.updatePurchaseOrder(purchaseOrder, expectedVersion);
    };
    const dropshipper = createDropshipper({ ...context.options, store: flaky });
    const statuses: string[] = [];
    dropshipper.events.on('buyer-notified', (event) => statuses.push(event.status));

    expect((await dropshipper.syncTracking()).errors).toEqual([expect.objectContaining({ poNumber, step: 'save' })]);
    expect(await dropshipper.syncTracking()).toMatchObject({ buyersNotified: 0, completed: 1, errors: [] });
    expect(statuses).toEqual(['sent', 'already-sent']);
    expect(context.notifier.callCount()).toBe(1);
  });
});

describe('syncTracking: what it learns is written before each call', () => {
  it('writes the first package as pushed before pushing the second, and emails after each push is saved', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7004', 2);
    const calls: string[] = [];
    const counting = Object.create(context.store) as DropshipStore;
    counting.updatePurchaseOrder = async (purchaseOrder: PurchaseOrder, expectedVersion: number) => {
      const stored = await context.store.updatePurchaseOrder(purchaseOrder, expectedVersion);
      const events = stored.audit.filter((entry) => entry.version > expectedVersion).map((entry) => entry.event);
      calls.push(`write ${events.join('+')}`);
      return stored;
    };
    const marketplace = Object.create(context.marketplace) as typeof context.marketplace;
    marketplace.pushTracking = async (request) => {
      calls.push('push');
      return context.marketplace.pushTracking(request);
    };
    const notifier = Object.create(context.notifier) as typeof context.notifier;
    notifier.notifyShipment = async (request) => {
      calls.push('email');
      return context.notifier.notifyShipment(request);
    };
    const result = await createDropshipper({
      ...context.options,
      store: counting,
      marketplaces: [marketplace],
      notifier,
    }).syncTracking();

    expect(result).toMatchObject({ trackingPushed: 2, buyersNotified: 2, completed: 1, errors: [] });
    // Every call follows a write of what came before it; nothing learnt is left unwritten at the end.
    expect(calls).toEqual([
      'write record-shipment+record-shipment',
      'push',
      'write mark-tracking-pushed',
      'email',
      'write mark-buyer-notified',
      'push',
      'write mark-tracking-pushed',
      'email',
      'write mark-buyer-notified+complete',
    ]);
    expect((await context.store.getPurchaseOrder(poNumber))?.state).toBe('completed');
    expect(context.marketplace.pushes()).toHaveLength(2);
    expect(context.notifier.messages()).toHaveLength(2);
  });
});

describe('syncTracking: what the marketplace and the buyer are told', () => {
  it('passes on the carrier name and tracking URL the distributor reported, and none it did not', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7009', 2);
    const trackingUrl = 'https://www.saia.com/track/details;pro=1234567890';
    let reported = 0;
    // The first package goes by a carrier the SDK does not know, with a tracking page; the second by UPS.
    const reporting = Object.create(context.wps) as typeof context.wps;
    reporting.listShipments = async (query, callOptions) =>
      (await context.wps.listShipments(query, callOptions)).map((order) => ({
        ...order,
        shipments: order.shipments.map((shipment) =>
          reported++ % 2 === 0
            ? { ...shipment, carrier: 'other' as const, carrierName: 'Saia LTL', trackingUrl }
            : shipment,
        ),
      }));
    const told: Record<string, unknown>[] = [];
    const notifier = Object.create(context.notifier) as typeof context.notifier;
    notifier.notifyShipment = async (request) => {
      told.push({ ...request.shipment });
      return context.notifier.notifyShipment(request);
    };
    const result = await createDropshipper({ ...context.options, distributors: [reporting], notifier }).syncTracking();

    expect(result).toMatchObject({ trackingPushed: 2, buyersNotified: 2, errors: [] });
    const pushes = context.marketplace.pushes();
    expect(pushes.map((push) => [push.carrier, push.carrierName])).toEqual([
      ['other', 'Saia LTL'],
      ['ups', undefined],
    ]);
    expect(told).toEqual([
      expect.objectContaining({ carrier: 'other', carrierName: 'Saia LTL', trackingUrl }),
      expect.not.objectContaining({ carrierName: expect.anything() }),
    ]);
    expect(told[1]).not.toHaveProperty('trackingUrl');
    expect((await context.store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });
});

describe('syncTracking: a PO it cannot settle', () => {
  it('reports a PO whose sales order is not in the store, and calls nobody', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7005');
    const salesOrderId = (await context.store.getPurchaseOrder(poNumber))!.salesOrderId;
    const forgetful = Object.create(context.store) as DropshipStore;
    forgetful.getSalesOrder = async (id) => (id === salesOrderId ? null : context.store.getSalesOrder(id));

    const result = await createDropshipper({ ...context.options, store: forgetful }).syncTracking();
    expect(result.errors).toEqual([
      { poNumber, step: 'push', message: `sales order ${salesOrderId} is not in the store` },
    ]);
    expect(result).toMatchObject({ trackingPushed: 0, buyersNotified: 0, completed: 0 });
    expect(context.marketplace.callCount()).toBe(0);
    expect(context.notifier.callCount()).toBe(0);
  });

  it('reports a PO of a marketplace with no adapter, keeps what it recorded, and pushes nothing', async () => {
    const context = setup();
    const poNumber = await placeAndShip(context, '7006');
    const amazon = createMockMarketplaceAdapter({ marketplace: 'amazon' });

    const result = await createDropshipper({ ...context.options, marketplaces: [amazon] }).syncTracking();
    expect(result.errors).toEqual([{ poNumber, step: 'push', message: 'no adapter for marketplace "ebay"' }]);
    expect(result).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 0, buyersNotified: 0, completed: 0 });
    expect(context.marketplace.callCount()).toBe(0);
    expect(amazon.callCount()).toBe(0);
    expect(context.notifier.callCount()).toBe(0);
    const stored = await context.store.getPurchaseOrder(poNumber);
    expect(stored?.shipments).toHaveLength(1);
    expect(stored?.shipments[0]?.trackingPushedAt).toBeUndefined();
  });
});
