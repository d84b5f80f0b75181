import type { Offer, PurchaseOrder, PurchaseOrderState, SalesOrder } from '@dropship/core';

/** A valid sales order. */
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
    lines: [{ lineId: 'L1', sku: 'WPS-87-1234', title: 'Brake pads', quantity: 2, unitPrice: 3999 }],
    shippingPaid: 0,
    ...overrides,
  };
}

/** A draft purchase order (version 1, one audit entry), as the dropshipper creates one. */
export function purchaseOrder(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  const createdAt = overrides.createdAt ?? '2026-11-20T15:05:00.000Z';
  return {
    poNumber: 'DS-EBAY-1234-WPS',
    distributor: 'wps',
    salesOrderId: 'ebay:12-34567-89012',
    marketplace: 'ebay',
    state: 'draft',
    version: 1,
    currency: 'USD',
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Throttle Way',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    lines: [{ salesLineId: 'L1', sku: '87-1234', quantity: 2, unitCost: 2500 }],
    dropShipFee: 0,
    distributorOrderRefs: [],
    shipments: [],
    createdAt,
    updatedAt: createdAt,
    audit: [{ at: createdAt, event: 'created', from: 'draft', to: 'draft', version: 1 }],
    ...overrides,
  };
}

/**
 * The next version of a PO in state `to`, with an audit entry appended: what a state
 * transition hands the store.
 */
export function advance(
  po: PurchaseOrder,
  to: PurchaseOrderState,
  event = `moved-to-${to}`,
  detail?: string,
): PurchaseOrder {
  const at = new Date(Date.parse(po.updatedAt) + 1_000).toISOString();
  const version = po.version + 1;
  return {
    ...po,
    state: to,
    version,
    updatedAt: at,
    audit: [...po.audit, { at, event, from: po.state, to, version, ...(detail === undefined ? {} : { detail }) }],
  };
}

/** A WPS offer for a brake pad set, with brand + MPN and UPC. */
export function offer(overrides: Partial<Offer> = {}): Offer {
  return {
    distributor: 'wps',
    sku: '87-1234',
    brand: 'EBC',
    mpn: 'FA196HH',
    upc: '0841386002345',
    title: 'EBC HH brake pads',
    currency: 'USD',
    cost: 2500,
    dropShipFee: 0,
    estimatedShipping: 0,
    stock: [{ warehouse: 'ID', quantity: 4, leadTimeDays: 0, isFloor: false }],
    dropShipEligible: true,
    discontinued: false,
    hazardous: false,
    truckOnly: false,
    ...overrides,
  };
}
