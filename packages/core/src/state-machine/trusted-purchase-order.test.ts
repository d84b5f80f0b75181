import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { type PurchaseOrder, purchaseOrderSchema } from '../model/purchase-order.js';
import { isTrustedPurchaseOrder } from '../model/trusted-purchase-order.js';
import { NOW, order } from '../routing/__fixtures__/routing-fixtures.js';
import { createPurchaseOrder } from './create-purchase-order.js';
import { transition } from './transition.js';

function draft(): PurchaseOrder {
  return createPurchaseOrder({
    order: order({ marketplaceOrderId: 'T-1', lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 }] }),
    planned: {
      distributor: 'wps',
      poNumber: 'DS-T1-WPS',
      salesOrderId: 'ebay:T-1',
      dropShipFee: 0,
      lines: [
        {
          salesLineId: 'L1',
          sku: 'WPS-1',
          quantity: 2,
          unitCost: 2500,
          warehouse: 'PA',
          leadTimeDays: 0,
          stockSource: 'catalog',
        },
      ],
      subtotal: 5000,
      estimatedShipping: 0,
      leadTimeDays: 0,
    },
    now: NOW,
  });
}

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

describe('purchase orders made by the SDK (frozen, validated once)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands out POs frozen all the way down from createPurchaseOrder and transition', () => {
    const created = draft();
    const shipped = transition(
      transition(transition(created, { type: 'submit' }, { now: NOW }), { type: 'submit-succeeded' }, { now: NOW }),
      {
        type: 'record-shipment',
        shipment: { carrier: 'ups', trackingNumber: '1Z1', shippedAt: NOW, lines: [{ sku: 'WPS-1', quantity: 1 }] },
      },
      { now: NOW },
    );
    for (const purchaseOrder of [created, shipped]) {
      expect(isDeeplyFrozen(purchaseOrder)).toBe(true);
      expect(isTrustedPurchaseOrder(purchaseOrder)).toBe(true);
    }
    expect(() => {
      (shipped.shipments[0] as { trackingNumber: string }).trackingNumber = 'changed';
    }).toThrow(TypeError);
    expect(shipped.shipments[0]?.trackingNumber).toBe('1Z1');
  });

  it('validates a PO it did not make, and neither freezes nor changes it', () => {
    const handMade: PurchaseOrder = JSON.parse(JSON.stringify(draft()));
    const safeParse = vi.spyOn(purchaseOrderSchema, 'safeParse');
    const next = transition(handMade, { type: 'submit' }, { now: NOW });
    expect(safeParse).toHaveBeenCalledTimes(1);
    expect(next).toMatchObject({ state: 'submitting', version: 2 });
    expect(isDeeplyFrozen(next)).toBe(true);
    expect(Object.isFrozen(handMade) || Object.isFrozen(handMade.audit)).toBe(false);
    expect(handMade).toMatchObject({ state: 'draft', version: 1 });
  });

  it('does not validate again a PO it made itself, but still validates the event', () => {
    const created = draft();
    const safeParse = vi.spyOn(purchaseOrderSchema, 'safeParse');
    transition(created, { type: 'submit' }, { now: NOW });
    expect(safeParse).not.toHaveBeenCalled();
    const submitted = transition(transition(created, { type: 'submit' }, { now: NOW }), { type: 'submit-succeeded' });
    const error = (() => {
      try {
        transition(submitted, {
          type: 'record-shipment',
          shipment: { carrier: 'ups', trackingNumber: '', shippedAt: 'yesterday' },
        } as never);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'shipment.shippedAt',
      'shipment.trackingNumber',
    ]);
  });

  it('refuses a malformed copy of a PO it made with a ValidationError (a copy is not trusted)', () => {
    const created = draft();
    for (const malformed of [
      { ...created, version: -1 },
      { ...created, state: 'lost' },
      { ...created, lines: [] },
      { ...created, shipments: [{ ...created.lines[0] }] },
    ]) {
      expect(() => transition(malformed as PurchaseOrder, { type: 'submit' }, { now: NOW })).toThrow(ValidationError);
    }
  });
});
