import type { SalesOrder } from '@dropship/core';

/**
 * Order number `index` of a run: an eBay order from "Rider <index>" in Austin, placed now, with
 * the given marketplace order id and lines (the crash and scale-out suites place thousands).
 */
export function riderOrder(index: number, marketplaceOrderId: string, lines: SalesOrder['lines']): SalesOrder {
  return {
    marketplace: 'ebay',
    marketplaceOrderId,
    orderedAt: new Date().toISOString(),
    currency: 'USD',
    buyer: { name: `Rider ${index}`, email: `rider${index}@example.com` },
    shipTo: {
      name: `Rider ${index}`,
      address1: '1 Throttle Way',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    lines,
    shippingPaid: 0,
  };
}
