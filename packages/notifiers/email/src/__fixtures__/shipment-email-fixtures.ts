import type { SalesOrder, ShipmentNotice } from '@dropship/core';

/** A valid eBay order with two lines and a buyer email. */
export function salesOrder(overrides: Partial<SalesOrder> = {}): SalesOrder {
  return {
    marketplace: 'ebay',
    marketplaceOrderId: '12-34567-89012',
    orderedAt: '2026-11-20T15:04:05Z',
    currency: 'USD',
    buyer: { name: 'Dana Rider', email: 'dana.rider@example.com' },
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Throttle Way',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    lines: [
      { lineId: 'L1', sku: 'WPS-87-1234', title: 'Brake pads (front)', quantity: 2, unitPrice: 3999 },
      { lineId: 'L2', sku: 'PU-1101-0042', title: 'Oil filter', quantity: 1, unitPrice: 1299 },
    ],
    shippingPaid: 0,
    ...overrides,
  };
}

/** A UPS package of line L1. */
export function shipmentNotice(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'DS-EBAY-1234-WPS:1Z999AA10123456784',
    carrier: 'ups',
    trackingNumber: '1Z999AA10123456784',
    shippedAt: '2026-11-21T18:00:00Z',
    lines: [{ lineId: 'L1', quantity: 2 }],
    ...overrides,
  };
}
