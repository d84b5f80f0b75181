import { OrderRejectedError, type PurchaseOrderRequest, type RejectionReason } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPartsUnlimited } from './parts-unlimited-client.js';
import type { PartsUnlimitedOptions } from './parts-unlimited-settings.js';
import { createPartsUnlimitedSimulator } from './parts-unlimited-simulator.js';

// Issue 20 at Parts Unlimited: typed refusals, cancellations on its side, the dealer price.
const simulator = createPartsUnlimitedSimulator();
const server = createTestServer(...simulator.handlers);

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  simulator.reset({ all: true });
});
afterAll(() => server.close());

function client(options: PartsUnlimitedOptions = {}) {
  return createPartsUnlimited({
    dealerNumber: simulator.dealerNumber,
    apiKey: simulator.apiKey,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: '0101-1234', stock: { WI: 8 }, cost: 1999 });
  simulator.addProduct({ sku: '0402-0077', stock: { NY: 3 }, cost: 4550 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'PU-2001',
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '1 Main St',
      city: 'Madison',
      region: 'WI',
      postalCode: '53703',
      country: 'US',
    },
    lines: [
      { sku: '0101-1234', quantity: 2 },
      { sku: '0402-0077', quantity: 1 },
    ],
    ...overrides,
  };
}

async function refusalOf(partsUnlimited = client()): Promise<OrderRejectedError> {
  const error = await partsUnlimited.submitOrder(purchaseOrder()).catch((caught: unknown) => caught);
  if (!OrderRejectedError.isInstance(error)) throw new Error(`expected OrderRejectedError, got ${String(error)}`);
  return error;
}

describe('typed refusals (mainframeErrors)', () => {
  const lineReasons: RejectionReason[] = [
    'out-of-stock',
    'discontinued',
    'not-drop-shippable',
    'price-changed',
    'other',
  ];

  it.each(lineReasons)(
    'a %s refusal of one part names that line with its reason; nothing is placed',
    async (reason) => {
      seed();
      simulator.rejectNextOrders({ reason, skus: ['0402-0077'] });
      const error = await refusalOf();
      expect(error.reason).toBe(reason);
      expect(error.lineErrors).toEqual([{ sku: '0402-0077', message: expect.stringContaining('0402-0077'), reason }]);
      expect(simulator.orderCount('PU-2001')).toBe(0);
    },
  );

  it('an address refusal names no line and is address-refused', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'address-refused' });
    const error = await refusalOf();
    expect(error.reason).toBe('address-refused');
    expect(error.lineErrors).toEqual([{ message: 'INVALID SHIP TO ADDRESS', reason: 'address-refused' }]);
  });

  it('refuses `times` submissions, then places the order once', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'out-of-stock', times: 2 });
    await refusalOf();
    await refusalOf();
    await client().submitOrder(purchaseOrder());
    expect(simulator.orderCount('PU-2001')).toBe(1);
    expect(simulator.callCount('submit')).toBe(3);
  });

  it("the dealer's own rules come first; an unknown reason is refused at creation", async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'other', skus: ['0402-0077'] });
    const error = await refusalOf(
      client({ rejectionReasons: [{ pattern: /cannot be ordered/i, reason: 'discontinued' }] }),
    );
    expect(error.reason).toBe('discontinued');
    expect(() => client({ rejectionReasons: [{ pattern: 'x', reason: 'nope' as RejectionReason }] })).toThrow(
      /rejectionReasons/,
    );
  });
});

describe("cancellations on Parts Unlimited's side (order list, MODELLED)", () => {
  it('a whole order cancelled reads cancelled with its reason', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('PU-2001', { reason: 'address-refused' });
    const order = await client().findOrder('PU-2001');
    expect(order?.status).toBe('cancelled');
    expect(order?.statusReason).toBe('address-refused');
    expect(order?.cancelledLines).toBeUndefined();
    // The simulator holds it cancelled: nothing of it can ship any more.
    expect(simulator.orders()[0]?.status).toBe('cancelled');
    expect(() => simulator.shipOrder('PU-2001')).toThrow(/cancelled/);
  });

  it('some units cancelled: totals per part, repeated on each read; the rest ships and reads shipped', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('PU-2001', {
      reason: 'out-of-stock',
      lines: [{ sku: '0101-1234', quantity: 1 }],
    });
    const partsUnlimited = client();
    const first = await partsUnlimited.findOrder('PU-2001');
    expect(first?.status).toBe('open');
    expect(first?.cancelledLines).toEqual([
      { sku: '0101-1234', quantity: 1, reason: 'out-of-stock', message: 'PART 0101-1234 OUT OF STOCK' },
    ]);
    simulator.shipOrder('PU-2001');
    const [shipped] = await partsUnlimited.listShipments({ poNumbers: ['PU-2001'] });
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.cancelledLines).toEqual(first?.cancelledLines);
  });
});

describe('the dealer price with the stock (stockPrices)', () => {
  it('is off by default: one inventory call per batch, no unitCost', async () => {
    seed();
    const [level] = await client().checkStock(['0101-1234']);
    expect(level?.unitCost).toBeUndefined();
    expect(simulator.callCount('pricing')).toBe(0);
  });

  it('asks the pricing call once per batch and reports dealerPrice in cents, following setPrice', async () => {
    seed();
    const partsUnlimited = client({ stockPrices: true });
    const levels = await partsUnlimited.checkStock(['0101-1234', '0402-0077', 'NOPE-1']);
    expect(levels.map((level) => level.unitCost)).toEqual([1999, 4550, undefined]);
    expect(levels[2]?.found).toBe(false);
    simulator.setPrice('0101-1234', 2125);
    const [after] = await partsUnlimited.checkStock(['0101-1234']);
    expect(after?.unitCost).toBe(2125);
    expect(simulator.callCount('pricing')).toBe(2);
    expect(simulator.callCount('stock')).toBe(2);
  });
});
