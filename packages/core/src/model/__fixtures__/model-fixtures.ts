import type { OfferInput } from '../offer.js';
import type { SalesOrder } from '../sales-order.js';

/** The instant the fixtures are judged at. */
export const NOW = '2026-11-22T12:00:00Z';

/** An offer with sensible defaults: in stock (5 at PA, lead 0), drop-shippable, USD. */
export function offer(overrides: Partial<OfferInput> & Pick<OfferInput, 'distributor' | 'sku'>): OfferInput {
  return {
    brand: 'Pro Taper',
    mpn: 'PT-100',
    currency: 'USD',
    cost: 1000,
    dropShipFee: 0,
    estimatedShipping: 0,
    stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 0 }],
    ...overrides,
  };
}

/** A valid sales order; `lines` default to one line of 1 × `PT-100` at $25. */
export function order(overrides: Partial<SalesOrder> = {}): SalesOrder {
  return {
    marketplace: 'ebay',
    marketplaceOrderId: '12-34567-89012',
    orderedAt: '2026-11-22T10:00:00Z',
    currency: 'USD',
    buyer: { name: 'Ada Buyer', email: 'ada@example.com' },
    shipTo: {
      name: 'Ada Buyer',
      address1: '1 Main St',
      city: 'Reno',
      region: 'NV',
      postalCode: '89501',
      country: 'US',
    },
    lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 2500 }],
    shippingPaid: 0,
    ...overrides,
  };
}
