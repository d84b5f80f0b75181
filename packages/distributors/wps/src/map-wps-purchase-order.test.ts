import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import splitOrder from './__fixtures__/wps-purchase-order-split.json' with { type: 'json' };
import { mapWpsCarrier } from './map-wps-carrier.js';
import { mapWpsPurchaseOrder } from './map-wps-purchase-order.js';
import { wpsPurchaseOrderSchema } from './wps-schemas.js';

const observedAt = '2026-11-21T12:00:00.000Z';

describe('mapWpsPurchaseOrder', () => {
  // Fixture shaped after https://www.wps-inc.com/data-depot/v4/api/order-processing/orders (order_details[] per warehouse, tracking_numbers[], ship_via).
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

  it('refuses a box the model would refuse (a tracking number of 300 characters) with a ResponseParseError', () => {
    const broken = structuredClone(splitOrder) as typeof splitOrder;
    const [first] = broken.data.order_details as { tracking_numbers: string[] }[];
    if (first) first.tracking_numbers = [`1Z${'9'.repeat(298)}`];
    const parsed = wpsPurchaseOrderSchema.parse(broken);
    expect(() => mapWpsPurchaseOrder(parsed, { observedAt })).toThrow(ResponseParseError);
    expect(() => mapWpsPurchaseOrder(parsed, { observedAt })).toThrow(/DS-1001 is not a valid shipment/);
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
    // No items listed: nothing is said about the contents (core reads it as the rest of the PO).
    expect(order.shipments[0]?.lines).toBeUndefined();
    expect(order.shipments[0]?.packageOf).toBeUndefined();
  });

  it('treats warehouse orders sharing a tracking number as one order, and reports that tracking number once', () => {
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
    const packageOf = {
      ref: '1+2',
      lines: [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ],
      complete: false,
    };
    expect(order.shipments.map((shipment) => [shipment.trackingNumber, shipment.carrier, shipment.lines])).toEqual([
      ['T1', 'ontrac', undefined],
      ['T2', 'ontrac', undefined],
    ]);
    expect(order.shipments.map((shipment) => shipment.packageOf)).toEqual([packageOf, packageOf]);
  });

  // https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: items and tracking numbers are reported per warehouse order; which box holds
  // which items is not reported, and the `order_status` value set is NOT FOUND (the simulator
  // and the default patterns use 'Partially Shipped' and 'Shipped').
  const warehouseOrder = (orderStatus: string, trackingNumbers: string[]) => ({
    po_number: 'P4',
    order_details: [
      {
        order_number: '5100001',
        order_status: orderStatus,
        tracking_numbers: trackingNumbers,
        items: [{ sku: 'A', quantity: 2 }],
        ship_via: 'UP2D',
      },
    ],
  });

  it('reports the one box of a partially shipped warehouse order as a box of it, not complete', () => {
    const order = mapWpsPurchaseOrder(warehouseOrder('Partially Shipped', ['1ZA']), { observedAt });
    expect(order.shipments.map((shipment) => [shipment.lines, shipment.packageOf])).toEqual([
      [undefined, { ref: '5100001', lines: [{ sku: 'A', quantity: 2 }], complete: false }],
    ]);
  });

  it('reports two boxes of a shipped warehouse order as two boxes of it, complete', () => {
    const order = mapWpsPurchaseOrder(warehouseOrder('Shipped', ['1ZA', '1ZB']), { observedAt });
    const packageOf = { ref: '5100001', lines: [{ sku: 'A', quantity: 2 }], complete: true };
    expect(order.shipments.map((shipment) => [shipment.trackingNumber, shipment.lines, shipment.packageOf])).toEqual([
      ['1ZA', undefined, packageOf],
      ['1ZB', undefined, packageOf],
    ]);
  });

  it('gives the one box of a shipped warehouse order its items as exact lines', () => {
    const order = mapWpsPurchaseOrder(warehouseOrder('Shipped', ['1ZA']), { observedAt });
    expect(order.shipments.map((shipment) => [shipment.lines, shipment.packageOf])).toEqual([
      [[{ sku: 'A', quantity: 2 }], undefined],
    ]);
  });

  it('reads "shipped in full" through the configurable status mapping', () => {
    // An unknown text with tracking reads as partially shipped: the box waits for completion.
    expect(mapWpsPurchaseOrder(warehouseOrder('Z9', ['1ZA']), { observedAt }).shipments[0]?.packageOf).toEqual({
      ref: '5100001',
      lines: [{ sku: 'A', quantity: 2 }],
      complete: false,
    });
    // A dealer who learnt that Z9 means shipped in full pins it in `statusMap`.
    const pinned = mapWpsPurchaseOrder(warehouseOrder('Z9', ['1ZA']), { observedAt, statusMap: { Z9: 'shipped' } });
    expect(pinned.shipments[0]?.lines).toEqual([{ sku: 'A', quantity: 2 }]);
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
