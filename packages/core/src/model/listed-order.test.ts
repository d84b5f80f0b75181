import { describe, expect, it } from 'vitest';
import { salesOrder } from '../dropshipper/__fixtures__/dropshipper-fixtures.js';
import { OrderMappingError } from '../errors/order-mapping-error.js';
import { toListedOrder } from './listed-order.js';

const updatedAt = '2026-11-20T14:30:00.000Z';
const good = salesOrder('E-1', [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 }]);

describe('toListedOrder: an order that cannot be mapped is held with field and reason, never dropped', () => {
  it('maps and validates an order', () => {
    const entry = toListedOrder({ marketplaceOrderId: 'E-1', updatedAt, status: 'ready', map: () => good });
    expect(entry).toMatchObject({ kind: 'order', status: 'ready', updatedAt, order: { marketplaceOrderId: 'E-1' } });
  });

  it('holds an order whose mapper names a field it cannot map', () => {
    const entry = toListedOrder({
      marketplaceOrderId: 'E-2',
      updatedAt,
      status: 'ready',
      map: () => {
        throw new OrderMappingError('ebay', 'E-2', 'fulfillmentStartInstructions.shippingStep.shipTo', 'no ship-to');
      },
    });
    expect(entry).toEqual({
      kind: 'unmappable',
      marketplaceOrderId: 'E-2',
      updatedAt,
      status: 'ready',
      field: 'fulfillmentStartInstructions.shippingStep.shipTo',
      reason: 'no ship-to',
    });
  });

  it('holds a mapped order that does not validate, naming the first field and every issue', () => {
    const entry = toListedOrder({
      marketplaceOrderId: 'E-3',
      updatedAt,
      status: 'cancel-requested',
      map: () => ({
        ...good,
        marketplaceOrderId: 'E-3',
        lines: [{ lineId: 'L1', sku: 'W-PAD', quantity: 0, unitPrice: 19.99 }],
      }),
    });
    expect(entry).toMatchObject({ kind: 'unmappable', marketplaceOrderId: 'E-3', status: 'cancel-requested' });
    if (entry.kind !== 'unmappable') throw new Error('not held');
    expect(entry.field).toBe('lines.0.quantity');
    expect(entry.reason).toMatch(/lines\.0\.quantity: .*; lines\.0\.unitPrice: /);
  });

  it('throws any other error (a bug in the mapper is not an order to hold)', () => {
    expect(() =>
      toListedOrder({
        marketplaceOrderId: 'E-4',
        updatedAt,
        status: 'ready',
        map: () => {
          throw new TypeError('boom');
        },
      }),
    ).toThrow(TypeError);
  });
});
