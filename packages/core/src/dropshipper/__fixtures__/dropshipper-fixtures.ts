import type { SalesOrder } from '../../model/sales-order.js';

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
