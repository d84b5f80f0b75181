import type { SalesOrder } from '@dropship/core';

/**
 * An eBay order as the dealer's platform received it: eBay order ids look like `12-34567-89012`
 * and line item ids are numeric strings.
 */
export function ebayOrderFixture(overrides: Partial<SalesOrder> = {}): SalesOrder {
  return {
    marketplace: 'ebay',
    marketplaceOrderId: '12-34567-89012',
    orderedAt: '2026-11-01T10:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Pat Rider', email: 'pat@example.com' },
    shipTo: {
      name: 'Pat Rider',
      address1: '1 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: '10001234567890', sku: 'BRAKE-PAD-FA181', quantity: 2, unitPrice: 2599 },
      { lineId: '10001234567891', sku: 'CHAIN-520', quantity: 1, unitPrice: 8999 },
    ],
    shippingPaid: 0,
    ...overrides,
  };
}
