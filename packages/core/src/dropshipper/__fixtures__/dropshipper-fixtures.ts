import type { OfferInput } from '../../model/offer.js';
import type { SalesOrder } from '../../model/sales-order.js';
import { createMockDistributorClient, type MockDistributorClientOptions } from '../../test.js';

/**
 * An eBay order from Dana Rider in Boise, placed 2026-11-20 at 14:00 UTC (an hour before the
 * dropshipper tests' clock), with the given lines and overrides.
 */
export function salesOrder(id: string, lines: SalesOrder['lines'], overrides: Partial<SalesOrder> = {}): SalesOrder {
  return {
    marketplace: 'ebay',
    marketplaceOrderId: id,
    orderedAt: '2026-11-20T14:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Dana Rider', email: 'dana@example.com' },
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines,
    shippingPaid: 0,
    ...overrides,
  };
}

/**
 * An offer of the EBC FA123 brake pads by `distributor` under its own `sku`, in USD with no
 * drop-ship fee, holding `stock` (warehouse → quantity, shipping the same day), with overrides.
 */
export function offer(
  distributor: string,
  sku: string,
  cost: number,
  stock: Record<string, number>,
  extra: Partial<OfferInput> = {},
): OfferInput {
  return {
    distributor,
    sku,
    brand: 'EBC',
    mpn: 'FA123',
    currency: 'USD',
    cost,
    dropShipFee: 0,
    stock: Object.entries(stock).map(([warehouse, quantity]) => ({ warehouse, quantity, leadTimeDays: 0 })),
    ...extra,
  };
}

/** The pads at two distributors: WPS the cheaper source (`W-PAD`, $15.00), Parts Unlimited the other (`P-PAD`, $17.00), five each. */
export function padOffers(): OfferInput[] {
  return [offer('wps', 'W-PAD', 1500, { PA: 5 }), offer('parts-unlimited', 'P-PAD', 1700, { NV: 5 })];
}

/** A mock Parts Unlimited holding five `P-PAD` at NV, on the tests' clock, with overrides. */
export function partsUnlimitedWithPads(now: Date, overrides: Partial<MockDistributorClientOptions> = {}) {
  return createMockDistributorClient({
    distributor: 'parts-unlimited',
    stock: { 'P-PAD': { NV: 5 } },
    now: () => now,
    ...overrides,
  });
}
