import { FieldLengthError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { buildWalmartShipRequest } from './build-walmart-ship-request.js';

const shipment = {
  carrier: 'ups' as const,
  trackingNumber: '1Z 999 AA1 01 2345 6784',
  shippedAt: '2026-11-20T15:30:00.000Z',
};

describe('buildWalmartShipRequest (spec shape, https://developer.walmart.com/us-marketplace/reference/shippingupdates)', () => {
  it('builds orderShipment.orderLines.orderLine[] with per-line quantities as strings and epoch-ms ship time', () => {
    const body = buildWalmartShipRequest({
      shipment,
      lines: [
        { lineNumber: '1', quantity: 2 },
        { lineNumber: '3', quantity: 1 },
      ],
      sellerOrderId: 'PO-1001',
      methodCode: 'Standard',
    });
    expect(body).toEqual({
      orderShipment: {
        orderLines: {
          orderLine: [
            {
              lineNumber: '1',
              sellerOrderId: 'PO-1001',
              orderLineStatuses: {
                orderLineStatus: [
                  {
                    status: 'Shipped',
                    statusQuantity: { unitOfMeasurement: 'EACH', amount: '2' },
                    trackingInfo: {
                      shipDateTime: Date.UTC(2026, 10, 20, 15, 30),
                      carrierName: { carrier: 'UPS' },
                      methodCode: 'Standard',
                      trackingNumber: '1Z999AA10123456784',
                      trackingURL: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
                    },
                  },
                ],
              },
            },
            expect.objectContaining({ lineNumber: '3' }),
          ],
        },
      },
    });
    const third = body.orderShipment.orderLines.orderLine[1];
    expect(third?.orderLineStatuses.orderLineStatus[0]?.statusQuantity.amount).toBe('1');
    expect(typeof third?.orderLineStatuses.orderLineStatus[0]?.trackingInfo.shipDateTime).toBe('number');
  });

  it('sends otherCarrier with trackingURL for a carrier Walmart does not list', () => {
    const body = buildWalmartShipRequest({
      shipment: {
        ...shipment,
        carrier: 'other',
        carrierName: 'Speedy Pigeon',
        trackingUrl: 'https://pigeon.example/SP1',
      },
      lines: [{ lineNumber: '1', quantity: 1 }],
      sellerOrderId: 'PO-1',
      methodCode: 'Value',
    });
    const info = body.orderShipment.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]?.trackingInfo;
    expect(info?.carrierName).toEqual({ otherCarrier: 'Speedy Pigeon' });
    expect(info?.trackingURL).toBe('https://pigeon.example/SP1');
  });

  it('refuses otherCarrier without a tracking URL, and lists every problem', () => {
    const attempt = () =>
      buildWalmartShipRequest({
        shipment: { carrier: 'other', carrierName: 'Speedy Pigeon', trackingNumber: 'SP1', shippedAt: 'yesterday' },
        lines: [{ lineNumber: '1', quantity: 0 }],
        sellerOrderId: 'PO-1',
        methodCode: 'Standard',
      });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'shipment.shippedAt',
        'shipment.trackingUrl',
        'lines.0.quantity',
      ]);
    }
  });

  it('refuses a sellerOrderId longer than 30 characters', () => {
    expect(() =>
      buildWalmartShipRequest({
        shipment,
        lines: [{ lineNumber: '1', quantity: 1 }],
        sellerOrderId: 'X'.repeat(31),
        methodCode: 'Standard',
      }),
    ).toThrow(FieldLengthError);
  });
});
