import { describe, expect, it } from 'vitest';
import splitOrder from './__fixtures__/wps-purchase-order-split.json' with { type: 'json' };
import { mapWpsCarrier } from './map-wps-carrier.js';
import { mapWpsPurchaseOrder } from './map-wps-purchase-order.js';
import { wpsPurchaseOrderSchema } from './wps-schemas.js';

const observedAt = '2026-11-21T12:00:00.000Z';

describe('mapWpsPurchaseOrder', () => {
  // Fixture shaped after research §1.6 (order_details[] per warehouse, tracking_numbers[], ship_via).
  const purchaseOrder = wpsPurchaseOrderSchema.parse(splitOrder);

  it('reports each warehouse order as a reference and each tracking number as a shipment', () => {
    const order = mapWpsPurchaseOrder(purchaseOrder, { observedAt });
    expect(order.poNumber).toBe('DS-1001');
    expect(order.distributorOrderRefs).toEqual(['5123001', '5123002']);
    expect(order.shipments).toEqual([
      {
        carrier: 'ups',
        carrierName: 'UP2D',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        shippedAt: '2026-11-19T00:00:00.000Z',
        distributorOrderRef: '5123001',
        warehouse: 'CA',
        lines: [{ sku: '72-7044L', quantity: 1 }],
      },
    ]);
  });

  it('combines the warehouse statuses and keeps the raw texts', () => {
    const order = mapWpsPurchaseOrder(purchaseOrder, { observedAt });
    expect(order.status).toBe('partially_shipped');
    expect(order.statusText).toBe('CA: Shipped; GA: Open');
  });

  it('uses the observation time when WPS gives no ship or invoice date', () => {
    const order = mapWpsPurchaseOrder(
      {
        po_number: 'P1',
        order_details: [
          { order_number: '1', tracking_numbers: ['9400100000000000000000'], items: [], ship_via: 'US1C' },
        ],
      },
      { observedAt },
    );
    expect(order.shipments[0]).toMatchObject({ carrier: 'usps', shippedAt: observedAt });
    expect(order.shipments[0]?.lines).toBeUndefined();
  });

  it('leaves lines out when a warehouse order has several packages, and reports a shared tracking number once', () => {
    const order = mapWpsPurchaseOrder(
      {
        po_number: 'P2',
        order_details: [
          { order_number: '1', tracking_numbers: ['T1', 'T2'], items: [{ sku: 'A', quantity: 2 }], ship_via: 'CO5' },
          { order_number: '2', tracking_numbers: ['T2'], items: [{ sku: 'B', quantity: 1 }], ship_via: 'CO5' },
        ],
      },
      { observedAt },
    );
    expect(order.shipments.map((shipment) => [shipment.trackingNumber, shipment.carrier, shipment.lines])).toEqual([
      ['T1', 'ontrac', undefined],
      ['T2', 'ontrac', undefined],
    ]);
  });

  it('reads a PO without warehouse orders yet as pending', () => {
    const order = mapWpsPurchaseOrder({ po_number: 'P3', order_details: [] }, { observedAt });
    expect(order).toEqual({ poNumber: 'P3', distributorOrderRefs: [], status: 'pending', shipments: [] });
  });
});

describe('mapWpsCarrier', () => {
  it.each([
    ['UP2D', 'ups'],
    ['FE1D', 'fedex'],
    ['AH2D', 'fedex'],
    ['US4C', 'usps'],
    ['CO5', 'ontrac'],
    ['FDXG', 'fedex'],
    ['UPS Ground', 'ups'],
    ['BEST', 'other'],
    ['CPU', 'other'],
    [undefined, 'other'],
  ])('maps ship_via %s to %s', (shipVia, expected) => {
    expect(mapWpsCarrier(shipVia)).toBe(expected);
  });
});
