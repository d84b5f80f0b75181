import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { OfferInput } from '../model/offer.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { createMockBuyerNotifier, createMockDistributorClient, createMockMarketplaceAdapter } from '../test.js';
import { salesOrder } from './__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './create-dropshipper.js';

// The single-PO operations a queue job calls: submitPurchaseOrder, settlePurchaseOrder and
// syncDistributor act on the PO (or the distributor) they are given and on nothing else.

const at = new Date('2026-11-20T15:00:00.000Z');

function offer(distributor: string, sku: string, cost: number): OfferInput {
  return {
    distributor,
    sku,
    brand: 'EBC',
    mpn: sku,
    currency: 'USD',
    cost,
    dropShipFee: 0,
    stock: [{ warehouse: 'A', quantity: 50, leadTimeDays: 0 }],
  };
}

function setup() {
  const wps = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { A: 50 } }, now: () => at });
  const pu = createMockDistributorClient({
    distributor: 'parts-unlimited',
    stock: { 'P-BELT': { A: 50 } },
    now: () => at,
  });
  const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay' });
  const notifier = createMockBuyerNotifier();
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: [wps, pu],
    marketplaces: [marketplace],
    notifier,
    store,
    catalog: createMemoryCatalog([offer('wps', 'W-PAD', 1500), offer('parts-unlimited', 'P-BELT', 1700)]),
    approval: { mode: 'auto' },
    packageGroupSettleMs: 0,
    now: () => at,
  });
  return { wps, pu, marketplace, notifier, store, dropshipper };
}

const padLine = { lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 };
const beltLine = { lineId: 'L2', sku: 'P-BELT', quantity: 1, unitPrice: 3000 };

/** Places one order and returns its only PO number. */
async function placeOne(dropshipper: ReturnType<typeof setup>['dropshipper'], id: string, line = padLine) {
  const result = await dropshipper.dropship(salesOrder(id, [line]));
  const [outcome] = result.purchaseOrders;
  if (outcome === undefined) throw new Error(`nothing placed for ${id}`);
  return outcome.poNumber;
}

describe('submitPurchaseOrder', () => {
  it('sends a failed PO again once, and sends nothing for a PO already placed', async () => {
    const { wps, dropshipper, store } = setup();
    // The look-up before the create is refused (401): the submit certainly did not act.
    wps.injectFault({ kind: 'unauthorized', operations: ['submit-look-up'] });
    const poNumber = await placeOne(dropshipper, '4001');
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('failed');

    const sent = await dropshipper.submitPurchaseOrder(poNumber);
    expect(sent).toEqual({ poNumber, distributor: 'wps', outcome: 'submitted', state: 'submitted' });
    const again = await dropshipper.submitPurchaseOrder(poNumber);
    expect(again).toEqual({ poNumber, distributor: 'wps', outcome: 'already-placed', state: 'submitted' });

    expect(wps.callCount('submitOrder', poNumber)).toBe(2);
    expect(wps.orderCount(poNumber)).toBe(1);
  });

  it('leaves a PO submitting within its lease alone, and after it looks the PO up instead of sending it again', async () => {
    const { wps, dropshipper, store } = setup();
    // The order is placed, its answer is lost, and the look-up after it gets no answer either.
    wps.injectFault({ kind: 'lost-response', operations: ['submit'] });
    wps.injectFault({ kind: 'drop-connection', operations: ['find-order'] });
    const poNumber = await placeOne(dropshipper, '4002');
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('submitting');
    const callsBefore = wps.callCount();

    const inFlight = await dropshipper.submitPurchaseOrder(poNumber);
    expect(inFlight).toMatchObject({ poNumber, outcome: 'unknown', state: 'submitting' });
    expect(wps.callCount()).toBe(callsBefore);

    const settled = await dropshipper.submitPurchaseOrder(poNumber, { olderThanMs: 0 });
    expect(settled).toEqual({ poNumber, distributor: 'wps', outcome: 'already-placed', state: 'submitted' });
    expect(wps.callCount('findOrder', poNumber)).toBe(2);
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
    expect(wps.orderCount(poNumber)).toBe(1);
  });

  it('refuses an unknown PO number, a malformed one and unknown options', async () => {
    const { dropshipper, wps } = setup();
    await expect(dropshipper.submitPurchaseOrder('DS-NOSUCHPO')).rejects.toThrow(ConfigurationError);
    await expect(dropshipper.submitPurchaseOrder('')).rejects.toThrow(ValidationError);
    const poNumber = await placeOne(dropshipper, '4003');
    await expect(dropshipper.submitPurchaseOrder(poNumber, { olderThanMs: -1 })).rejects.toThrow(ValidationError);
    await expect(
      dropshipper.submitPurchaseOrder(poNumber, { olderThan: 0 } as unknown as { olderThanMs: number }),
    ).rejects.toThrow(/olderThan/);
    expect(wps.callCount('submitOrder', poNumber)).toBe(1);
  });
});

describe('syncDistributor', () => {
  it('asks one distributor about the POs named, and settles only those', async () => {
    const { wps, pu, marketplace, dropshipper, store } = setup();
    const first = await placeOne(dropshipper, '4101');
    const second = await placeOne(dropshipper, '4102');
    const belt = await placeOne(dropshipper, '4103', beltLine);
    const tracking = wps.shipOrder(first);
    wps.shipOrder(second);
    pu.shipOrder(belt);
    const wpsCalls = wps.callCount();
    const puCalls = pu.callCount();

    const result = await dropshipper.syncDistributor('wps', { poNumbers: [first, belt, 'DS-NOSUCHPO'] });

    expect(result).toMatchObject({
      purchaseOrders: 1,
      distributorCalls: 1,
      shipmentsRecorded: 1,
      trackingPushed: 1,
      completed: 1,
      errors: [],
    });
    expect(wps.callCount() - wpsCalls).toBe(1);
    expect(pu.callCount()).toBe(puCalls);
    expect(marketplace.pushCount('4101', tracking)).toBe(1);
    expect(marketplace.pushes()).toHaveLength(1);
    expect((await store.getPurchaseOrder(first))?.state).toBe('completed');
    expect((await store.getPurchaseOrder(second))?.state).toBe('submitted');
    expect((await store.getPurchaseOrder(belt))?.state).toBe('submitted');
  });

  it('runs no recovery pass: a PO left submitting stays as it is', async () => {
    const { wps, dropshipper, store } = setup();
    wps.injectFault({ kind: 'lost-response', operations: ['submit'] });
    wps.injectFault({ kind: 'drop-connection', operations: ['find-order'] });
    const stuck = await placeOne(dropshipper, '4104');
    const callsBefore = wps.callCount();

    const result = await dropshipper.syncDistributor('wps');

    expect(result).toMatchObject({ purchaseOrders: 0, distributorCalls: 0 });
    expect(wps.callCount()).toBe(callsBefore);
    expect((await store.getPurchaseOrder(stuck))?.state).toBe('submitting');
  });

  it('refuses an empty distributor id and unknown options', async () => {
    const { dropshipper } = setup();
    await expect(dropshipper.syncDistributor('')).rejects.toThrow(ValidationError);
    await expect(
      dropshipper.syncDistributor('wps', { poNumber: 'x' } as unknown as { poNumbers: string[] }),
    ).rejects.toThrow(ValidationError);
  });
});

describe('settlePurchaseOrder', () => {
  it('pushes and emails what is recorded once, completes the PO, and calls no distributor', async () => {
    const { wps, marketplace, notifier, dropshipper, store } = setup();
    const poNumber = await placeOne(dropshipper, '4201');
    const tracking = wps.shipOrder(poNumber);
    // The shipment is recorded, but the marketplace fails the push: the PO stays shipped.
    marketplace.injectFault({ kind: 'server-error', operations: ['push-tracking'] });
    const synced = await dropshipper.syncDistributor('wps');
    expect(synced).toMatchObject({ shipmentsRecorded: 1, trackingPushed: 0, completed: 0 });
    expect(synced.errors).toEqual([expect.objectContaining({ poNumber, step: 'push' })]);
    const wpsCalls = wps.callCount();

    const settled = await dropshipper.settlePurchaseOrder(poNumber);
    expect(settled).toMatchObject({
      purchaseOrders: 1,
      distributorCalls: 0,
      shipmentsRecorded: 0,
      trackingPushed: 1,
      buyersNotified: 1,
      completed: 1,
      errors: [],
    });
    const again = await dropshipper.settlePurchaseOrder(poNumber);
    expect(again).toMatchObject({ purchaseOrders: 0, trackingPushed: 0, buyersNotified: 0, completed: 0 });

    expect(wps.callCount()).toBe(wpsCalls);
    expect(marketplace.pushCount('4201', tracking)).toBe(1);
    expect(notifier.messages()).toHaveLength(1);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });

  it('refuses an unknown PO number', async () => {
    const { dropshipper } = setup();
    await expect(dropshipper.settlePurchaseOrder('DS-NOSUCHPO')).rejects.toThrow(ConfigurationError);
    await expect(dropshipper.settlePurchaseOrder('')).rejects.toThrow(ValidationError);
  });
});

describe('cancel, profit, purchaseOrders', () => {
  it('refuse a malformed id with a ValidationError (a rejected promise, never a synchronous throw)', async () => {
    const { dropshipper, wps } = setup();
    for (const bad of ['', 42, undefined]) {
      await expect(dropshipper.cancel(bad as string)).rejects.toThrow(ValidationError);
      await expect(dropshipper.profit(bad as string)).rejects.toThrow(ValidationError);
      await expect(dropshipper.purchaseOrders(bad as string)).rejects.toThrow(ValidationError);
    }
    await expect(dropshipper.cancel('DS-NOSUCHPO')).rejects.toThrow(ConfigurationError);
    expect(wps.callCount('cancelOrder')).toBe(0);
  });
});
