import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import shipments from './__fixtures__/shipments.json' with { type: 'json' };
import { mapTuckerRockyOrderStatus } from './map-tucker-rocky-order-status.js';
import { parseTuckerRockyShipments } from './parse-tucker-rocky-shipments.js';
import { tuckerRockyShipmentResponseSchema } from './tucker-rocky-schemas.js';
import { defaultTuckerRockyCarrierCodes } from './tucker-rocky-settings.js';

const context = { carrierCodes: defaultTuckerRockyCarrierCodes, now: () => new Date('2026-11-22T12:00:00Z') };

describe('parseTuckerRockyShipments', () => {
  it('refuses a package the model would refuse (a 300-character tracking number) with a ResponseParseError', () => {
    const response = tuckerRockyShipmentResponseSchema.parse({
      SHP: {
        shipment: {
          ordernum: 9,
          po: 'PO-9',
          shipmentline: [
            { itemnum: 'A', shipqty: '1', trackingnumbers: { carrier: 'UG', trackingnum: `1Z${'9'.repeat(298)}` } },
          ],
        },
      },
    });
    expect(() => parseTuckerRockyShipments(response, context)).toThrow(ResponseParseError);
    expect(() => parseTuckerRockyShipments(response, context)).toThrow(/PO-9 is not a valid shipment/);
  });

  it('reads the no public documentation shape, mapping UG to UPS and dating an undated package when observed', () => {
    const response = tuckerRockyShipmentResponseSchema.parse(shipments);
    expect(parseTuckerRockyShipments(response, context)).toEqual([
      {
        orderNumber: '7123456',
        poNumber: undefined,
        shipments: [
          {
            carrier: 'ups',
            carrierName: 'UG',
            trackingNumber: '1Z999AA10123456784',
            trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
            shippedAt: '2026-11-22T12:00:00.000Z',
            distributorOrderRef: '7123456',
          },
        ],
        cancelledLines: [],
      },
    ]);
  });

  it('joins lines sharing a tracking number into one package and reads modelled item, quantity and date keys', () => {
    const response = tuckerRockyShipmentResponseSchema.parse({
      SHP: {
        shipment: {
          ordernum: 9,
          po: 'PO-9',
          shipmentline: [
            { itemnum: 'A', shipqty: '2', shipdate: '20261120', trackingnumbers: { carrier: 'XX', trackingnum: 'T1' } },
            { itemnum: 'B', qty: 1, shipdate: '20261120', trackingnumbers: [{ carrier: 'XX', trackingnum: 'T1' }] },
          ],
        },
      },
    });
    const [order] = parseTuckerRockyShipments(response, { ...context, carrierCodes: { XX: 'fedex' } });
    expect(order?.poNumber).toBe('PO-9');
    expect(order?.shipments).toEqual([
      expect.objectContaining({
        carrier: 'fedex',
        trackingNumber: 'T1',
        shippedAt: '2026-11-20T00:00:00.000Z',
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
      }),
    ]);
  });

  it('reads an empty answer as no packages', () => {
    expect(
      parseTuckerRockyShipments(tuckerRockyShipmentResponseSchema.parse({ SHP: { shipment: '' } }), context),
    ).toEqual([]);
  });
});

describe('mapTuckerRockyOrderStatus', () => {
  const shipment = (lines?: { sku: string; quantity: number }[]) => ({
    carrier: 'ups' as const,
    trackingNumber: 'T',
    shippedAt: '2026-11-20T00:00:00.000Z',
    ...(lines ? { lines } : {}),
  });
  it('is open without packages', () => {
    expect(mapTuckerRockyOrderStatus([], [{ sku: 'A', quantity: 1 }])).toBe('open');
  });
  it('compares shipped with ordered lines (dashes ignored)', () => {
    const ordered = [{ sku: 'A-1', quantity: 2 }];
    expect(mapTuckerRockyOrderStatus([shipment([{ sku: 'A1', quantity: 1 }])], ordered)).toBe('partially_shipped');
    expect(mapTuckerRockyOrderStatus([shipment([{ sku: 'A1', quantity: 2 }])], ordered)).toBe('shipped');
  });
  it('is shipped when packages carry no line detail', () => {
    expect(mapTuckerRockyOrderStatus([shipment()], [{ sku: 'A', quantity: 5 }])).toBe('shipped');
  });
});
