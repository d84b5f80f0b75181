import type { SalesOrder } from '@dropship/core';

/** A Shopify order as the SDK holds it: numeric order id, numeric line item ids as line ids. */
export function shopifySampleOrder(orderId = '5001'): SalesOrder {
  return {
    marketplace: 'shopify',
    marketplaceOrderId: orderId,
    orderedAt: '2026-11-18T14:03:00.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: '9001', sku: 'EBC-FA196HH', quantity: 3, unitPrice: 4_599 },
      { lineId: '9002', sku: 'DID-520VX3', quantity: 1, unitPrice: 12_995 },
      { lineId: 'gid://shopify/LineItem/9003', sku: 'NGK-CR9EK', quantity: 2, unitPrice: 1_099 },
    ],
    shippingPaid: 0,
  };
}
