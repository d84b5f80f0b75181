import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import orderList from './__fixtures__/order-list-modelled.json' with { type: 'json' };
import { mapPartsUnlimitedOrderStatus } from './map-parts-unlimited-order-status.js';
import {
  type PartsUnlimitedOrderListContext,
  parsePartsUnlimitedOrderList,
} from './parse-parts-unlimited-order-list.js';
import { defaultPartsUnlimitedOrderListFields } from './parts-unlimited-schemas.js';

// MODELLED shape: no public documentation found the endpoint but NOT its response shape.
const context: PartsUnlimitedOrderListContext = {
  fields: defaultPartsUnlimitedOrderListFields,
  carrierCodes: {},
  now: () => new Date('2026-11-22T12:00:00Z'),
  method: 'GET',
  url: 'https://api.parts-unlimited.com/api/v2/orders/dropship',
};

describe('parsePartsUnlimitedOrderList', () => {
  it('reads orders, statuses and packages', () => {
    const page = parsePartsUnlimitedOrderList(orderList, context);
    expect(page.totalPages).toBe(1);
    expect(page.orders).toEqual([
      {
        poNumber: 'PO-1001',
        distributorOrderRefs: ['DS1000001'],
        status: 'partially_shipped',
        statusText: 'SHIPPED',
        shipments: [
          {
            carrier: 'ups',
            carrierName: 'UPS Ground',
            trackingNumber: '1Z999AA10123456784',
            trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
            shippedAt: '2026-11-21T00:00:00.000Z',
            lines: [{ sku: '0101-1234', quantity: 2 }],
            distributorOrderRef: 'DS1000001',
            warehouse: 'NV',
          },
        ],
      },
      { poNumber: 'PO-1002', distributorOrderRefs: ['DS1000002'], status: 'open', statusText: 'OPEN', shipments: [] },
    ]);
  });

  it('follows configured key names and carrier codes', () => {
    const body = { data: [{ po: 'X1', tracking: [{ trk: ['T1', 'T2'], via: 'LM1' }] }] };
    const page = parsePartsUnlimitedOrderList(body, {
      ...context,
      fields: {
        ...defaultPartsUnlimitedOrderListFields,
        poNumber: ['po'],
        shipments: ['tracking'],
        trackingNumber: ['trk'],
        carrier: ['via'],
      },
      carrierCodes: { LM1: 'fedex' },
    });
    expect(page.orders[0]?.shipments.map((shipment) => [shipment.trackingNumber, shipment.carrier])).toEqual([
      ['T1', 'fedex'],
      ['T2', 'fedex'],
    ]);
    expect(page.orders[0]?.status).toBe('shipped');
    // No ship date in the answer: the time the package was observed.
    expect(page.orders[0]?.shipments[0]?.shippedAt).toBe('2026-11-22T12:00:00.000Z');
  });

  it('accepts a bare array', () => {
    expect(parsePartsUnlimitedOrderList([{ po_number: 'A' }], context).orders[0]?.poNumber).toBe('A');
  });

  it('names the keys tried when the order array is missing', () => {
    try {
      parsePartsUnlimitedOrderList({ something: [] }, context);
      expect.unreachable();
    } catch (error) {
      expect(ResponseParseError.isInstance(error)).toBe(true);
      expect(ResponseParseError.isInstance(error) && error.fields).toEqual(['orders', 'data', 'results', 'items']);
    }
  });

  it('names the keys tried when an order has no PO number', () => {
    try {
      parsePartsUnlimitedOrderList({ orders: [{ reference_number: 'R' }] }, context);
      expect.unreachable();
    } catch (error) {
      expect(ResponseParseError.isInstance(error) && error.fields[0]).toBe('orders.0.purchase_order_number');
    }
  });
});

describe('mapPartsUnlimitedOrderStatus', () => {
  const none = { ordered: new Map<string, number>(), shipped: new Map<string, number>(), packageCount: 0 };
  it.each([
    ['Cancelled', 'cancelled'],
    ['BACK ORDER', 'backordered'],
    ['Partially Shipped', 'partially_shipped'],
    ['Processing', 'open'],
    ['', 'open'],
    ['Mystery', 'unknown'],
  ] as const)('%s → %s', (text, expected) => {
    expect(mapPartsUnlimitedOrderStatus(text, none)).toBe(expected);
  });

  it('trusts SHIPPED only when every ordered line is covered', () => {
    const ordered = new Map([['A', 2]]);
    expect(mapPartsUnlimitedOrderStatus('SHIPPED', { ordered, shipped: new Map([['A', 2]]), packageCount: 1 })).toBe(
      'shipped',
    );
    expect(mapPartsUnlimitedOrderStatus('SHIPPED', { ordered, shipped: new Map([['A', 1]]), packageCount: 1 })).toBe(
      'partially_shipped',
    );
  });

  it('reads packages on an open order without line detail as partially shipped', () => {
    expect(mapPartsUnlimitedOrderStatus('OPEN', { ...none, packageCount: 1 })).toBe('partially_shipped');
  });
});
