import { OrderRejectedError, type PurchaseOrderRequest, type RejectionReason } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTuckerRocky } from './tucker-rocky-client.js';
import type { TuckerRockyOptions } from './tucker-rocky-settings.js';
import { createTuckerRockySimulator, tuckerRockySimulatorRefusals } from './tucker-rocky-simulator.js';

// Issue 20 at Tucker Rocky: typed refusals, cancellations on its side, prices (INP, submit=NO).
const simulator = createTuckerRockySimulator();
const server = createTestServer(...simulator.handlers);

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  simulator.reset({ all: true });
});
afterAll(() => server.close());

function client(options: TuckerRockyOptions = {}) {
  return createTuckerRocky({
    customerNumber: simulator.customerNumber,
    apiKey: simulator.apiKey,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: '1234-5678', stock: { DC1: 6 }, cost: 1899 });
  simulator.addProduct({ sku: '2222-0001', stock: { DC2: 4 }, cost: 7420 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'TR-2001',
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '1 Main St',
      city: 'Fort Worth',
      region: 'TX',
      postalCode: '76102',
      country: 'US',
    },
    lines: [
      { sku: '1234-5678', quantity: 2 },
      { sku: '2222-0001', quantity: 1 },
    ],
    ...overrides,
  };
}

async function refusalOf(tucker = client()): Promise<OrderRejectedError> {
  const error = await tucker.submitOrder(purchaseOrder()).catch((caught: unknown) => caught);
  if (!OrderRejectedError.isInstance(error)) throw new Error(`expected OrderRejectedError, got ${String(error)}`);
  return error;
}

describe('typed refusals (errormsg)', () => {
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
      simulator.rejectNextOrders({ reason, skus: ['2222-0001'] });
      const error = await refusalOf();
      expect(error.reason).toBe(reason);
      expect(error.lineErrors).toEqual([{ sku: '2222-0001', message: tuckerRockySimulatorRefusals[reason], reason }]);
      expect(simulator.orderCount('TR-2001')).toBe(0);
    },
  );

  it('an address refusal names no line and is address-refused', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'address-refused' });
    const error = await refusalOf();
    expect(error.reason).toBe('address-refused');
    expect(error.lineErrors).toEqual([]);
  });

  it('refuses `times` submissions, then places the order once', async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'discontinued', times: 2 });
    await refusalOf();
    await refusalOf();
    await client().submitOrder(purchaseOrder());
    expect(simulator.orderCount('TR-2001')).toBe(1);
    expect(simulator.callCount('submit')).toBe(3);
  });

  it("the dealer's own rules come first; an unknown reason is refused at creation", async () => {
    seed();
    simulator.rejectNextOrders({ reason: 'other', skus: ['2222-0001'] });
    const error = await refusalOf(
      client({ rejectionReasons: [{ pattern: 'cannot be ordered', reason: 'not-drop-shippable' }] }),
    );
    expect(error.reason).toBe('not-drop-shippable');
    expect(() => client({ rejectionReasons: [{ pattern: 'x', reason: 'nope' as RejectionReason }] })).toThrow(
      /rejectionReasons/,
    );
  });
});

describe("cancellations on Tucker Rocky's side (shipment answer, MODELLED)", () => {
  it('a whole order cancelled reads cancelled with its reason', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('TR-2001', { reason: 'discontinued' });
    const order = await client().findOrder('TR-2001');
    expect(order?.status).toBe('cancelled');
    expect(order?.statusReason).toBe('discontinued');
    expect(order?.cancelledLines).toBeUndefined();
    // The simulator holds it cancelled: nothing of it can ship any more.
    expect(simulator.orders()[0]?.status).toBe('cancelled');
    expect(() => simulator.shipOrder('TR-2001')).toThrow(/cancelled/);
  });

  it('some units cancelled: totals, the same on each read; the rest ships and reads shipped', async () => {
    seed();
    const tucker = client();
    await tucker.submitOrder(purchaseOrder());
    simulator.cancelOnDistributorSide('TR-2001', {
      reason: 'out-of-stock',
      lines: [{ sku: '1234-5678', quantity: 1 }],
    });
    const first = await tucker.findOrder('TR-2001');
    expect(first?.status).toBe('open');
    expect(first?.cancelledLines).toEqual([
      { sku: '1234-5678', quantity: 1, reason: 'out-of-stock', message: 'Item out of stock' },
    ]);
    simulator.shipOrder('TR-2001');
    const [shipped] = await tucker.listShipments({ poNumbers: ['TR-2001'] });
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.cancelledLines).toEqual(first?.cancelledLines);
  });
});

describe('prices', () => {
  it('stockPrices asks type=INP instead of INV (same number of calls) and reports price as unitCost, following setPrice', async () => {
    seed();
    const tucker = client({ stockPrices: true });
    const levels = await tucker.checkStock(['1234-5678', '2222-0001']);
    expect(levels.map((level) => level.unitCost)).toEqual([1899, 7420]);
    simulator.setPrice('1234-5678', 1950);
    const [after] = await tucker.checkStock(['1234-5678']);
    expect(after?.unitCost).toBe(1950);
    expect(simulator.callCount('stock')).toBe(2);
    expect(server.calls().every((call) => !call.url.includes('type=INV'))).toBe(true);
  });

  it('without stockPrices, stock has no unitCost (INV carries no price)', async () => {
    seed();
    const [level] = await client().checkStock(['1234-5678']);
    expect(level?.found).toBe(true);
    expect(level?.unitCost).toBeUndefined();
  });

  it('a validate-only submit (submit=NO) returns the quoted unit cost of each line, placing nothing', async () => {
    seed();
    simulator.setPrice('2222-0001', 7999);
    const result = await client().submitOrder(purchaseOrder({ validateOnly: true }));
    expect(result.status).toBe('validated');
    expect(result.lines).toEqual([
      { sku: '1234-5678', quantity: 2, unitCost: 1899 },
      { sku: '2222-0001', quantity: 1, unitCost: 7999 },
    ]);
    expect(simulator.orderCount('TR-2001')).toBe(0);
  });
});
