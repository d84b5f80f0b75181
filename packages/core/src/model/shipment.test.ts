import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { parseWith } from './parse.js';
import { parsePurchaseOrder } from './purchase-order.js';
import { distributorShipmentSchema } from './shipment.js';

const at = '2026-11-22T12:00:00.000Z';
const box = {
  carrier: 'ups',
  trackingNumber: '1ZBOX1',
  shippedAt: at,
  packageOf: { ref: '5100001', lines: [{ sku: 'WPS-1', quantity: 2 }], complete: false },
};

/** The ValidationError `call` throws (fails the test when it throws nothing or something else). */
function validationErrorOf(call: () => unknown): ValidationError {
  try {
    call();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('distributorShipmentSchema: packageOf', () => {
  it('accepts a box of a distributor order with its order lines and completeness', () => {
    expect(parseWith(distributorShipmentSchema, box, 'shipment')).toEqual(box);
  });

  it('refuses packageOf together with lines, naming the path', () => {
    const error = validationErrorOf(() =>
      parseWith(distributorShipmentSchema, { ...box, lines: [{ sku: 'WPS-1', quantity: 1 }] }, 'shipment'),
    );
    expect(error.issues).toEqual([{ path: 'packageOf', message: expect.stringMatching(/must not list lines/) }]);
  });

  it('refuses a packageOf without ref, lines or completeness', () => {
    const error = validationErrorOf(() =>
      parseWith(distributorShipmentSchema, { ...box, packageOf: { ref: '', lines: [] } }, 'shipment'),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'packageOf.complete',
      'packageOf.lines',
      'packageOf.ref',
    ]);
  });

  it('refuses a recorded shipment with both, inside a purchase order', () => {
    const purchaseOrder = {
      poNumber: 'DS-1',
      distributor: 'wps',
      salesOrderId: 'ebay:1',
      marketplace: 'ebay',
      state: 'partially_shipped',
      version: 3,
      currency: 'USD',
      shipTo: { name: 'Dana', address1: '1 Main St', city: 'Boise', region: 'ID', postalCode: '83702', country: 'US' },
      lines: [{ salesLineId: 'L1', sku: 'WPS-1', quantity: 2, unitCost: 1000 }],
      shipments: [{ ...box, id: 'DS-1:1ZBOX1', recordedAt: at, lines: [{ sku: 'WPS-1', quantity: 1 }] }],
      createdAt: at,
      updatedAt: at,
    };
    const error = validationErrorOf(() => parsePurchaseOrder(purchaseOrder));
    expect(error.issues.map((issue) => issue.path)).toEqual(['shipments.0.packageOf']);
    const { lines: _lines, ...valid } = purchaseOrder.shipments[0] as (typeof purchaseOrder.shipments)[number];
    expect(parsePurchaseOrder({ ...purchaseOrder, shipments: [valid] }).shipments[0]).toMatchObject({
      packageOf: box.packageOf,
      recordedAt: at,
    });
  });
});
