import { createDropshipper, createMemoryCatalog, createMemoryStore, type SalesOrder } from '@dropship/core';
import { createMockDistributorClient } from '@dropship/core/test';
import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';

// Core's order intake over the real eBay adapter and its simulator: the scan, the dedup and the
// hold rules end to end, on one clock shared by the dropshipper and the simulator.
let now = Date.parse('2026-11-20T15:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const simulator = createEbaySimulator({ now: () => now });
const server = createTestServer(...simulator.handlers);

function padOrder(index: number): SalesOrder {
  return ebayOrderFixture({
    marketplaceOrderId: `12-34567-${String(90_000 + index)}`,
    orderedAt: minutesAgo(60),
    lines: [{ lineId: `1000123456${String(7000 + index)}`, sku: 'W-PAD', quantity: 1, unitPrice: 3000 }],
  });
}

function world(approval: 'manual' | 'auto') {
  const wps = createMockDistributorClient({
    distributor: 'wps',
    stock: { 'W-PAD': { PA: 100 } },
    now: () => new Date(now),
  });
  const dropshipper = createDropshipper({
    distributors: [wps],
    marketplaces: [
      createEbay({
        accessToken: simulator.accessToken,
        baseURL: simulator.baseURL,
        retry: { minDelayMs: 1, maxDelayMs: 5 },
        orders: { pageSize: 2, rateLimit: false },
      }),
    ],
    store: createMemoryStore(),
    catalog: createMemoryCatalog([
      {
        distributor: 'wps',
        sku: 'W-PAD',
        brand: 'EBC',
        mpn: 'FA123',
        currency: 'USD',
        cost: 1500,
        dropShipFee: 0,
        stock: [{ warehouse: 'PA', quantity: 100, leadTimeDays: 0 }],
      },
    ]),
    approval: { mode: approval },
    now: () => new Date(now),
  });
  return { wps, dropshipper };
}

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  now = Date.parse('2026-11-20T15:00:00.000Z');
  simulator.reset({ all: true });
});

describe('eBay order intake through the dropshipper', () => {
  it('imports each ready order once, holds the unmappable one, skips the others, and imports nothing on a second run', async () => {
    for (let index = 0; index < 4; index++)
      simulator.intake.putOrder(padOrder(index), { updatedAt: minutesAgo(12 - index) });
    simulator.intake.putUnmappableOrder(padOrder(4), { updatedAt: minutesAgo(8) });
    simulator.intake.putOrder(padOrder(5), { updatedAt: minutesAgo(7), status: 'not-ready' });
    simulator.intake.putOrder(padOrder(6), { updatedAt: minutesAgo(6), status: 'cancelled' });
    simulator.intake.repeatOnNextPages(1);
    const { dropshipper } = world('manual');

    const first = await dropshipper.importMarketplaceOrders('ebay');
    expect(first).toMatchObject({ imported: 4, held: 4, unmappable: 1, skipped: 2, placed: 0 });
    expect(first.listed).toBe(8); // seven orders, one of them repeated by eBay's paging
    const records = await dropshipper.importedOrders({ marketplace: 'ebay' });
    expect(records.map((record) => [record.marketplaceOrderId, record.status]).sort()).toEqual([
      ['12-34567-90000', 'held'],
      ['12-34567-90001', 'held'],
      ['12-34567-90002', 'held'],
      ['12-34567-90003', 'held'],
      ['12-34567-90004', 'unmappable'],
    ]);
    const unmappable = records.find((record) => record.status === 'unmappable');
    expect(unmappable?.reasons.join(' ')).toContain('fulfillmentStartInstructions[0].shippingStep.shipTo.fullName');

    // A minute later: the overlap (15 minutes) lists every order again.
    now += 60_000;
    const callsBefore = simulator.intake.listCallCount();
    const second = await dropshipper.importMarketplaceOrders('ebay');
    expect(second).toMatchObject({ imported: 0, held: 0, placed: 0 });
    expect(second.listed).toBe(7);
    expect(second).toMatchObject({ duplicates: 5, skipped: 2, unmappable: 0 });
    expect(simulator.intake.listCallCount() - callsBefore).toBe(second.pages);
    expect(await dropshipper.importedOrders({ marketplace: 'ebay' })).toHaveLength(5);
  });

  it('places a ready order by the auto policy once; a second run over the window places nothing', async () => {
    simulator.intake.putOrder(padOrder(0), { updatedAt: minutesAgo(10) });
    const { wps, dropshipper } = world('auto');

    const first = await dropshipper.importMarketplaceOrders('ebay');
    expect(first).toMatchObject({ imported: 1, placed: 1 });
    expect(wps.callCount('submitOrder')).toBe(1);

    now += 60_000;
    const second = await dropshipper.importMarketplaceOrders('ebay');
    expect(second).toMatchObject({ imported: 0, placed: 0, duplicates: 1 });
    expect(wps.callCount('submitOrder')).toBe(1);
  });

  it("a buyer's cancel request on an order not placed yet: nothing placed, accepted at eBay once, the order shows cancelled", async () => {
    simulator.intake.putOrder(padOrder(0), { updatedAt: minutesAgo(10) });
    const { wps, dropshipper } = world('manual');
    expect(await dropshipper.importMarketplaceOrders('ebay')).toMatchObject({ imported: 1, held: 1 });

    now += 60_000;
    simulator.intake.requestCancellation?.('12-34567-90000');
    now += 10 * 60_000; // past the scan's settling lag
    await dropshipper.importMarketplaceOrders('ebay');
    expect(simulator.intake.cancellationAnswers?.()).toEqual([
      { marketplaceOrderId: '12-34567-90000', decision: 'accept' },
    ]);
    expect(simulator.ebayOrder('12-34567-90000')?.cancelStatus.cancelState).toBe('CANCELED');
    expect(wps.callCount('submitOrder')).toBe(0);

    // The next runs list it cancelled: nothing answered again, nothing placed.
    now += 10 * 60_000;
    await dropshipper.importMarketplaceOrders('ebay');
    expect(simulator.intake.cancellationAnswers?.()).toHaveLength(1);
    expect(wps.callCount('submitOrder')).toBe(0);
  });
});
