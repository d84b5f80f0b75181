import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import type { SalesOrder } from '../model/sales-order.js';
import { parseTrackingPush, shipmentLineIssues } from './shipment-notice.js';

const order: SalesOrder = {
  marketplace: 'ebay',
  marketplaceOrderId: '12-34567-89012',
  orderedAt: '2026-11-01T10:00:00.000Z',
  currency: 'USD',
  buyer: { name: 'Pat Rider' },
  shipTo: { name: 'Pat Rider', address1: '1 Main St', city: 'Boise', region: 'ID', postalCode: '83702', country: 'US' },
  lines: [
    { lineId: 'L1', sku: 'BRAKE-PAD', quantity: 2, unitPrice: 2599 },
    { lineId: 'L2', sku: 'CHAIN', quantity: 1, unitPrice: 8999 },
  ],
  shippingPaid: 0,
};

const shipment = {
  id: 'PO-1:1Z5R89390357567127',
  carrier: 'ups' as const,
  trackingNumber: '1Z5R89390357567127',
  shippedAt: '2026-11-02T15:30:00.000Z',
  lines: [{ lineId: 'L1', quantity: 2 }],
};

describe('parseTrackingPush', () => {
  it.each([undefined, null, 'push'])('rejects %s as input with a ValidationError, not a TypeError', (input) => {
    expect(() => parseTrackingPush(input as never)).toThrow(
      expect.objectContaining({ code: 'validation', issues: [{ path: '', message: expect.stringMatching(/object/) }] }),
    );
  });

  it('returns the order and shipment when they fit', () => {
    const parsed = parseTrackingPush({ order, shipment });
    expect(parsed.shipment.lines).toEqual([{ lineId: 'L1', quantity: 2 }]);
    expect(parsed.order.marketplaceOrderId).toBe('12-34567-89012');
  });

  it('lists every problem of order and shipment with its path', () => {
    let caught: unknown;
    try {
      parseTrackingPush({
        order: { ...order, currency: 'dollars' },
        shipment: { ...shipment, carrier: 'pigeon', shippedAt: 'yesterday', lines: [] },
      });
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const paths = (caught as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['order.currency', 'shipment.carrier', 'shipment.shippedAt', 'shipment.lines']),
    );
  });

  it('rejects unknown lines, duplicated lines and over-shipped quantities', () => {
    expect(() =>
      parseTrackingPush({
        order,
        shipment: {
          ...shipment,
          lines: [
            { lineId: 'L1', quantity: 3 },
            { lineId: 'NOPE', quantity: 1 },
            { lineId: 'L2', quantity: 1 },
            { lineId: 'L2', quantity: 1 },
          ],
        },
      }),
    ).toThrow(
      expect.objectContaining({
        issues: [
          { path: 'shipment.lines.0.quantity', message: expect.stringContaining('more than the 2 left') },
          { path: 'shipment.lines.1.lineId', message: 'the order has no line "NOPE"' },
          { path: 'shipment.lines.3.lineId', message: 'line "L2" is listed twice' },
        ],
      }),
    );
  });
});

describe('shipmentLineIssues', () => {
  it('counts what the marketplace already has shipped', () => {
    expect(shipmentLineIssues(order, { lines: [{ lineId: 'L1', quantity: 1 }] }, new Map([['L1', 1]]))).toEqual([]);
    expect(shipmentLineIssues(order, { lines: [{ lineId: 'L1', quantity: 2 }] }, new Map([['L1', 1]]))).toHaveLength(1);
  });
});
