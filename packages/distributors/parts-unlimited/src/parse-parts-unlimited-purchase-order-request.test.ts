import { FieldLengthError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { parsePartsUnlimitedPurchaseOrderRequest } from './parse-parts-unlimited-purchase-order-request.js';

const valid = {
  poNumber: '12345678901234567890',
  currency: 'USD',
  shipTo: { name: 'A', address1: 'B', city: 'C', region: 'WI', postalCode: '53703', country: 'US' },
  lines: [{ sku: '0101-1234', quantity: 1 }],
};

describe('parsePartsUnlimitedPurchaseOrderRequest', () => {
  it('accepts a PO number of exactly the limit', () => {
    expect(parsePartsUnlimitedPurchaseOrderRequest(valid, 20).poNumber).toHaveLength(20);
  });

  it('refuses a PO number over the limit before sending, naming the field', () => {
    try {
      parsePartsUnlimitedPurchaseOrderRequest({ ...valid, poNumber: `${valid.poNumber}X` }, 20);
      expect.unreachable();
    } catch (error) {
      expect(FieldLengthError.isInstance(error)).toBe(true);
      expect(FieldLengthError.isInstance(error) && error.violations).toEqual([
        { field: 'purchase_order_number', maxLength: 20, actualLength: 21 },
      ]);
    }
  });

  it('honours a configured limit', () => {
    expect(() => parsePartsUnlimitedPurchaseOrderRequest({ ...valid, poNumber: 'ABCDEF' }, 5)).toThrow(
      FieldLengthError,
    );
  });

  it('lists every invalid field with its path', () => {
    try {
      parsePartsUnlimitedPurchaseOrderRequest({ ...valid, currency: 'usd', lines: [{ sku: '', quantity: 1.5 }] }, 20);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      const paths = ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path) : [];
      expect(paths).toEqual(expect.arrayContaining(['currency', 'lines.0.sku', 'lines.0.quantity']));
    }
  });

  it('refuses an order without lines', () => {
    expect(() => parsePartsUnlimitedPurchaseOrderRequest({ ...valid, lines: [] }, 20)).toThrow(ValidationError);
  });
});
