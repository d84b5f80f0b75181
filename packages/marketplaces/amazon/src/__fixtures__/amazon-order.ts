import type { SalesOrder } from '@dropship/core';

/**
 * An Amazon order as the dealer's platform received it: the order id in Amazon's 3-7-7 format
 * (the sandbox example of https://developer-docs.amazon.com/sp-api/reference/confirmshipment) and 14-digit order item ids.
 */
export function amazonOrderFixture(overrides: Partial<SalesOrder> = {}): SalesOrder {
  return {
    marketplace: 'amazon',
    marketplaceOrderId: '902-1106328-1059050',
    orderedAt: '2026-11-01T10:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Sam Trail' },
    shipTo: {
      name: 'Sam Trail',
      address1: '20 Ridge Rd',
      city: 'Bend',
      region: 'OR',
      postalCode: '97701',
      country: 'US',
    },
    lines: [
      { lineId: '52986411826454', sku: 'AIR-FILTER-HFA', quantity: 3, unitPrice: 1899 },
      { lineId: '52986411826455', sku: 'SPARK-PLUG-CR8', quantity: 1, unitPrice: 799 },
    ],
    shippingPaid: 0,
    ...overrides,
  };
}
