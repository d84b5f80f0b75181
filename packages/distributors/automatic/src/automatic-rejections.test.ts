import { OrderRejectedError, type PurchaseOrderRequest, type RejectionReason } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAutomatic } from './automatic-client.js';
import type { AutomaticOptions } from './automatic-options.js';
import { automaticSimulatorRefusals, createAutomaticSimulator } from './automatic-simulator.js';

// Issue 20 at Automatic (everything here is MODELLED: the v2 API is not public).
const simulator = createAutomaticSimulator();
const server = createTestServer(...simulator.handlers);

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  simulator.reset({ all: true });
});
afterAll(() => server.close());

function client(options: AutomaticOptions = {}) {
  return createAutomatic({
    apiToken: simulator.apiToken,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: 'AD-1001', stock: { EAST: 6 }, cost: 1999 });
  simulator.addProduct({ sku: 'AD-2002', stock: { WEST: 4 }, cost: 850 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'AD-PO-1',
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
      { sku: 'AD-1001', quantity: 2 },
      { sku: 'AD-2002', quantity: 1 },
    ],
    ...overrides,
  };
}

async function refusalOf(automatic = client()): Promise<OrderRejectedError> {
  const error = await automatic.submitOrder(purchaseOrder()).catch((caught: unknown) => caught);
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

  it.each(lineReasons)('a %s refusal of one line names that line (by its field) with its reason', async (reason) => {
    seed();
    simulator.rejectNextOrders({ reason, skus: ['AD-2002'] });
    const error = await refusalOf();
    expect(error.reason).toBe(reason);
    expect(error.lineErrors).toEqual([
      { sku: 'AD-2002', message: automaticSimulatorRefusals[reason]('AD-2002'), reason },
    ]);
    expect(simulator.orderCount('AD-PO-1')).toBe(0);
  });

  it('an address refusal names no line and is address-refused', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'address-refused' });
    const error = await refusalOf();
    expect(error.reason).toBe('address-refused');
    expect(error.lineErrors).toEqual([]);
  });

  it('refuses `times` create calls, then places the order once', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'out-of-stock', times: 2 });
    await refusalOf();
    await refusalOf();
    await client().submitOrder(purchaseOrder());
    expect(simulator.orderCount('AD-PO-1')).toBe(1);
    expect(simulator.callCount('submit')).toBe(3);
  });

  it("the dealer's own rules come first; an unknown reason is refused at creation", async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'other', skus: ['AD-1001'] });
    const error = await refusalOf(
      client({ rejectionReasons: [{ pattern: /cannot be ordered/, reason: 'discontinued' }] }),
    );
    expect(error.reason).toBe('discontinued');
    expect(() => client({ rejectionReasons: [{ pattern: 'x', reason: 'nope' as RejectionReason }] })).toThrow(
      /rejectionReasons/,
    );
  });
});

describe("cancellations on Automatic's side", () => {
  it('a whole PO cancelled reads cancelled with its reason', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('AD-PO-1', { reason: 'discontinued' });
    const order = await client().findOrder('AD-PO-1');
    expect(order?.status).toBe('cancelled');
    expect(order?.statusReason).toBe('discontinued');
    expect(order?.cancelledLines).toBeUndefined();
    // The simulator holds it cancelled: nothing of it can ship any more.
    expect(simulator.orders()[0]?.status).toBe('cancelled');
    expect(() => simulator.shipOrder('AD-PO-1')).toThrow(/cancelled/);
  });

  it('some units cancelled: totals, the same on each read; the rest ships and reads shipped', async () => {
    seed();
    const automatic = client();
    await automatic.submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('AD-PO-1', { reason: 'out-of-stock', lines: [{ sku: 'AD-1001', quantity: 1 }] });
    const first = await automatic.findOrder('AD-PO-1');
    expect(first?.status).toBe('open');
    expect(first?.cancelledLines).toEqual([
      { sku: 'AD-1001', quantity: 1, reason: 'out-of-stock', message: 'Part AD-1001 is out of stock.' },
    ]);
    simulator.shipOrder('AD-PO-1');
    const [shipped] = await automatic.listShipments({ poNumbers: ['AD-PO-1'] });
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.cancelledLines).toEqual(first?.cancelledLines);
  });

  it('a PO revoked through cancelOrder reads cancelled with no reason (nobody said why)', async () => {
    seed();
    const automatic = client({ verifiedPaths: ['revokeOrders'] });
    await automatic.submitOrder(purchaseOrder());
    expect(await automatic.cancelOrder('AD-PO-1')).toEqual({ status: 'cancelled' });
    const order = await automatic.findOrder('AD-PO-1');
    expect(order?.status).toBe('cancelled');
    expect(order?.statusReason).toBeUndefined();
  });
});

describe('the dealer price with the stock (modelled dealerPrice)', () => {
  it('reports dealerPrice as unitCost in cents and follows setPrice, at no extra call', async () => {
    seed();
    const automatic = client();
    expect((await automatic.checkStock(['AD-1001']))[0]?.unitCost).toBe(1999);
    simulator.setPrice('AD-1001', 2100);
    expect((await automatic.checkStock(['AD-1001']))[0]?.unitCost).toBe(2100);
    expect(simulator.callCount('stock')).toBe(2);
  });
});
