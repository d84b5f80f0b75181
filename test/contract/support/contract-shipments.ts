import type { CarrierCode, SalesOrder, ShipmentNotice } from '@dropship/core';

/** Which lines of the two-line contract order a package holds. */
export type LineSelection = 'first-line-whole' | 'first-line-partial' | 'every-line' | 'every-line-partial';

/** One kind of shipment every marketplace adapter is checked with. */
export interface ContractShipmentCase {
  /** What the case covers, for the test name. */
  name: string;
  carrier: CarrierCode;
  carrierName?: string;
  trackingNumber: string;
  trackingUrl?: string;
  shippedAt: string;
  lines: LineSelection;
}

/**
 * The representative shipments: every canonical carrier, `other` with and without a tracking
 * URL, tracking numbers with spaces, partial quantities, several lines, and ship times with a
 * UTC offset as well as in UTC.
 */
export const contractShipmentCases: readonly ContractShipmentCase[] = [
  {
    name: 'UPS, spaced tracking number, whole line',
    carrier: 'ups',
    carrierName: 'UPS Ground',
    trackingNumber: '1Z 999 AA1 01 2345 6784',
    shippedAt: '2026-11-02T08:30:00-07:00',
    lines: 'first-line-whole',
  },
  {
    name: 'USPS, spaced tracking number, partial quantity',
    carrier: 'usps',
    trackingNumber: '9400 1118 9922 3344 5566 77',
    shippedAt: '2026-11-02T15:30:00.000Z',
    lines: 'first-line-partial',
  },
  {
    name: 'FedEx, several lines',
    carrier: 'fedex',
    trackingNumber: '986578788855',
    shippedAt: '2026-11-03T09:15:42.5+02:00',
    lines: 'every-line',
  },
  {
    name: 'DHL Express',
    carrier: 'dhl',
    trackingNumber: '1234567890',
    shippedAt: '2026-11-03T10:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'DHL eCommerce, several lines partly',
    carrier: 'dhl-ecommerce',
    trackingNumber: 'GM2951173225174494',
    shippedAt: '2026-11-03T10:00:00Z',
    lines: 'every-line-partial',
  },
  {
    name: 'OnTrac',
    carrier: 'ontrac',
    trackingNumber: 'C11922223333444',
    shippedAt: '2026-11-04T01:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'LaserShip',
    carrier: 'lasership',
    trackingNumber: '1LS723456789012',
    shippedAt: '2026-11-04T01:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'Canada Post',
    carrier: 'canada-post',
    trackingNumber: 'RB123456785CA',
    shippedAt: '2026-11-04T01:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'Purolator',
    carrier: 'purolator',
    trackingNumber: '329012345678',
    shippedAt: '2026-11-04T01:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'Amazon Logistics',
    carrier: 'amazon',
    trackingNumber: 'TBA123456789000',
    shippedAt: '2026-11-04T01:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'other carrier with a tracking URL',
    carrier: 'other',
    carrierName: 'Speedy Pigeon',
    trackingNumber: 'SP123456',
    trackingUrl: 'https://track.speedy-pigeon.example/SP123456',
    shippedAt: '2026-11-05T12:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'other carrier without a tracking URL',
    carrier: 'other',
    carrierName: 'Valley Courier',
    trackingNumber: 'VC998877',
    shippedAt: '2026-11-05T12:00:00Z',
    lines: 'first-line-whole',
  },
  {
    name: 'other carrier that names a known one',
    carrier: 'other',
    carrierName: 'GLS US',
    trackingNumber: '123456789012',
    shippedAt: '2026-11-05T12:00:00Z',
    lines: 'first-line-partial',
  },
];

/**
 * The order a case ships from: two lines, the first of quantity 3 (so a partial package is
 * possible), the second of quantity 1.
 *
 * @param marketplace - marketplace id.
 * @param marketplaceOrderId - the order id in the marketplace's format.
 * @param lineIds - the two line ids in the marketplace's format.
 */
export function contractOrder(
  marketplace: string,
  marketplaceOrderId: string,
  lineIds: readonly [string, string],
): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId,
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
      { lineId: lineIds[0], sku: 'BRAKE-PAD-FA181', quantity: 3, unitPrice: 2599 },
      { lineId: lineIds[1], sku: 'CHAIN-520', quantity: 1, unitPrice: 8999 },
    ],
    shippingPaid: 0,
  };
}

/**
 * The shipment notice of a case for an order made by {@link contractOrder}.
 *
 * @param order - the contract order.
 * @param shipmentCase - the case.
 */
export function contractShipment(order: SalesOrder, shipmentCase: ContractShipmentCase): ShipmentNotice {
  const [first, second] = order.lines as [SalesOrder['lines'][0], SalesOrder['lines'][0]];
  const lines = {
    'first-line-whole': [{ lineId: first.lineId, quantity: first.quantity }],
    'first-line-partial': [{ lineId: first.lineId, quantity: 1 }],
    'every-line': [
      { lineId: first.lineId, quantity: first.quantity },
      { lineId: second.lineId, quantity: second.quantity },
    ],
    'every-line-partial': [
      { lineId: first.lineId, quantity: 2 },
      { lineId: second.lineId, quantity: second.quantity },
    ],
  }[shipmentCase.lines];
  return {
    id: `PO-CONTRACT:${shipmentCase.trackingNumber.replace(/\s+/g, '')}`,
    carrier: shipmentCase.carrier,
    ...(shipmentCase.carrierName ? { carrierName: shipmentCase.carrierName } : {}),
    trackingNumber: shipmentCase.trackingNumber,
    ...(shipmentCase.trackingUrl ? { trackingUrl: shipmentCase.trackingUrl } : {}),
    shippedAt: shipmentCase.shippedAt,
    lines,
  };
}
