import type { SalesOrder } from '@dropship/core';

/** A Walmart order as the SDK holds it: purchaseOrderId as marketplace order id, line numbers as line ids. */
export function walmartSampleOrder(purchaseOrderId = '1796277083022'): SalesOrder {
  return {
    marketplace: 'walmart',
    marketplaceOrderId: purchaseOrderId,
    orderedAt: '2026-11-18T14:03:00.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: '1', sku: 'EBC-FA196HH', quantity: 3, unitPrice: 4_599 },
      { lineId: '2', sku: 'DID-520VX3', quantity: 1, unitPrice: 12_995 },
    ],
    shippingPaid: 0,
  };
}
