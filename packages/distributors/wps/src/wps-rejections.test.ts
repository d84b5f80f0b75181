import { OrderRejectedError, type PurchaseOrderRequest, type RejectionReason } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWps } from './wps-client.js';
import type { WpsOptions } from './wps-options.js';
import { createWpsSimulator } from './wps-simulator.js';

// Issue 20 at WPS: typed refusals, cancellations on WPS's side, the dealer price with the stock.
const simulator = createWpsSimulator();
const server = createTestServer(...simulator.handlers);

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  simulator.reset({ all: true });
});
afterAll(() => server.close());

function client(options: WpsOptions = {}) {
  return createWps({
    apiToken: simulator.apiToken,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: '72-7044L', stock: { CA: 30, GA: 3 }, cost: 2997 });
  simulator.addProduct({ sku: '87-9901', stock: { GA: 5 }, cost: 1250 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'DS-2001',
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '12 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { sku: '72-7044L', quantity: 2 },
      { sku: '87-9901', quantity: 1 },
    ],
    ...overrides,
  };
}

async function refusalOf(wps = client(), request = purchaseOrder()): Promise<OrderRejectedError> {
  const error = await wps.submitOrder(request).catch((caught: unknown) => caught);
  if (!OrderRejectedError.isInstance(error)) throw new Error(`expected OrderRejectedError, got ${String(error)}`);
  return error;
}

describe('typed refusals', () => {
  const lineReasons: RejectionReason[] = [
    'out-of-stock',
    'discontinued',
    'not-drop-shippable',
    'price-changed',
    'other',
  ];

  it.each(lineReasons)(
    'a %s refusal of one line names that line with its reason; nothing is placed',
    async (reason) => {
      seed();
      simulator.rejectNextOrders({ reason, skus: ['87-9901'] });
      const error = await refusalOf();
      expect(error.reason).toBe(reason);
      expect(error.lineErrors).toEqual([{ sku: '87-9901', message: expect.stringContaining('87-9901'), reason }]);
      expect(simulator.orderCount('DS-2001')).toBe(0);
      expect(simulator.cart('DS-2001')).toBeUndefined();
    },
  );

  it('an address refusal names no line and is address-refused', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'address-refused' });
    const error = await refusalOf();
    expect(error.reason).toBe('address-refused');
    expect(error.lineErrors).toEqual([]);
  });

  it('every line refused for one reason: each line named, the order has that reason', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'discontinued' });
    const error = await refusalOf();
    expect(error.reason).toBe('discontinued');
    expect(error.lineErrors.map((line) => [line.sku, line.reason])).toEqual([
      ['72-7044L', 'discontinued'],
      ['87-9901', 'discontinued'],
    ]);
  });

  it('refuses `times` submissions, then places the order once (one POST /orders per attempt)', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'out-of-stock', times: 2 });
    await refusalOf();
    await refusalOf();
    const result = await client().submitOrder(purchaseOrder());
    expect(result.alreadyExisted).toBe(false);
    expect(simulator.orderCount('DS-2001')).toBe(1);
    expect(simulator.callCount('submit')).toBe(3);
  });

  it("the dealer's own rules come first (a wording the defaults read otherwise)", async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'other', skus: ['87-9901'] });
    const error = await refusalOf(
      client({ rejectionReasons: [{ pattern: 'could not be ordered', reason: 'discontinued' }] }),
    );
    expect(error.reason).toBe('discontinued');
    expect(error.lineErrors[0]?.reason).toBe('discontinued');
  });

  it('refuses a rule with an unknown reason at creation', () => {
    expect(() => client({ rejectionReasons: [{ pattern: 'x', reason: 'gone' as RejectionReason }] })).toThrow(
      /rejectionReasons/,
    );
  });
});

describe("cancellations on WPS's side", () => {
  it('a whole order cancelled reads cancelled with its reason', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('DS-2001', { reason: 'discontinued' });
    const order = await client().findOrder('DS-2001');
    expect(order?.status).toBe('cancelled');
    expect(order?.statusReason).toBe('discontinued');
    expect(order?.cancelledLines).toBeUndefined();
    // The simulator holds it cancelled: nothing of it can ship any more.
    expect(simulator.orders()[0]?.status).toBe('cancelled');
    expect(() => simulator.shipOrder('DS-2001')).toThrow(/cancelled/);
  });

  it('some units cancelled: the rest goes on, the cancelled units are totals, the same on every read', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('DS-2001', { reason: 'out-of-stock', lines: [{ sku: '72-7044L', quantity: 1 }] });
    const wps = client();
    const first = await wps.findOrder('DS-2001');
    expect(first?.status).toBe('open');
    expect(first?.cancelledLines).toEqual([
      { sku: '72-7044L', quantity: 1, reason: 'out-of-stock', message: 'Cancelled - Out of Stock' },
    ]);
    const [listed] = await wps.listShipments({ poNumbers: ['DS-2001'] });
    expect(listed?.cancelledLines).toEqual(first?.cancelledLines);
    // What is left ships: one unit of 72-7044L and the other line.
    simulator.shipOrder('DS-2001');
    const shipped = await wps.findOrder('DS-2001');
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.shipments.flatMap((shipment) => shipment.packageOf?.lines ?? shipment.lines ?? [])).toEqual(
      expect.arrayContaining([{ sku: '72-7044L', quantity: 1 }]),
    );
    expect(shipped?.cancelledLines).toEqual(first?.cancelledLines);
  });
});

describe('the dealer price with the stock', () => {
  it('reports standard_dealer_price as unitCost in cents, at no extra call, and follows setPrice', async () => {
    seed();
    const wps = client();
    const [before] = await wps.checkStock(['72-7044L']);
    expect(before?.unitCost).toBe(2997);
    simulator.setPrice('72-7044L', 3150);
    const [after, unknown] = await wps.checkStock(['72-7044L', 'NOPE']);
    expect(after?.unitCost).toBe(3150);
    expect(unknown).toEqual({ sku: 'NOPE', found: false, warehouses: [] });
    expect(simulator.callCount('stock')).toBe(3);
  });
});
