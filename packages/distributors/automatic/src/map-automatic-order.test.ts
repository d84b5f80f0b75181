import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import lookupFixture from './__fixtures__/automatic-order-lookup.json' with { type: 'json' };
import { automaticOrderListSchema } from './automatic-schemas.js';
import {
  automaticOrderReference,
  combineAutomaticOrderStatuses,
  groupAutomaticOrdersByPoNumber,
  mapAutomaticOrderStatus,
  mapAutomaticOrders,
} from './map-automatic-order.js';

describe('mapAutomaticOrders', () => {
  const orders = automaticOrderListSchema.parse(lookupFixture).orders;
  const observedAt = '2026-11-21T00:00:00.000Z';

  it('refuses a package the model would refuse (a tracking number of 300 spaces) as a ResponseParseError', () => {
    const [first, ...rest] = orders;
    const broken = {
      ...first,
      shipments: [{ ...first?.shipments[0], trackingNumber: ' '.repeat(300) }],
    } as (typeof orders)[number];
    let caught: unknown;
    try {
      mapAutomaticOrders('DS-2001', [broken, ...rest], { observedAt });
    } catch (error) {
      caught = error;
    }
    expect(ResponseParseError.isInstance(caught), String(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/package of PO .* is not a valid shipment/);
  });

  it('reports tracking and PRO numbers (separate fields) as shipments', () => {
    const order = mapAutomaticOrders('DS-2001', orders, { observedAt });
    expect(order.distributorOrderRefs).toEqual(['AD0000042-01']);
    expect(order.status).toBe('partially_shipped');
    expect(order.statusText).toBe('PARTIALLY SHIPPED');
    expect(order.shipments).toEqual([
      {
        carrier: 'ups',
        carrierName: 'UPS',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        shippedAt: '2026-11-19T00:00:00.000Z',
        lines: [{ sku: 'AD-1001', quantity: 2 }],
        distributorOrderRef: 'AD0000042-01',
      },
      {
        carrier: 'other',
        carrierName: 'Estes Express (PRO number)',
        trackingNumber: 'PRO004400001',
        shippedAt: '2026-11-19T00:00:00.000Z',
        distributorOrderRef: 'AD0000042-01',
      },
    ]);
  });

  it('groups range results by PO number', () => {
    const grouped = groupAutomaticOrdersByPoNumber(
      [...orders, { header: { ponumber: 'DS-9', status: 'OPEN' }, lines: [], shipments: [] }],
      { observedAt },
    );
    expect(grouped.map((order) => [order.poNumber, order.status])).toEqual([
      ['DS-2001', 'partially_shipped'],
      ['DS-9', 'open'],
    ]);
  });

  it('builds the reference from the order and generation numbers', () => {
    expect(automaticOrderReference({ ponumber: 'P', orderNumber: '77', orderGenerationNumber: '3' })).toBe('77-03');
    expect(automaticOrderReference({ ponumber: 'P', orderNumber: '77' })).toBe('77');
    expect(automaticOrderReference({ ponumber: 'P' })).toBeUndefined();
  });
});

describe('mapAutomaticOrderStatus and combineAutomaticOrderStatuses (modelled texts)', () => {
  it.each([
    ['OPEN', false, 'open'],
    ['Shipped', false, 'shipped'],
    ['REVOKED', false, 'cancelled'],
    ['Z9', false, 'unknown'],
    ['Z9', true, 'partially_shipped'],
    [undefined, false, 'unknown'],
  ] as const)('%s (packages: %s) → %s', (text, hasShipments, expected) => {
    expect(mapAutomaticOrderStatus(text, hasShipments)).toBe(expected);
  });

  it('takes overrides', () => {
    expect(mapAutomaticOrderStatus('z9', false, { Z9: 'backordered' })).toBe('backordered');
  });

  it.each([
    [[], 'pending'],
    [['shipped', 'cancelled'], 'shipped'],
    [['shipped', 'open'], 'partially_shipped'],
    [['cancelled', 'cancelled'], 'cancelled'],
    [['rejected'], 'rejected'],
    [['open', 'backordered'], 'backordered'],
  ] as const)('combines %j into %s', (statuses, expected) => {
    expect(combineAutomaticOrderStatuses(statuses)).toBe(expected);
  });
});
