import { ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { automaticPurchaseOrderRequest } from './__fixtures__/automatic-purchase-order-request.js';
import { parseAutomaticPurchaseOrderRequest } from './parse-automatic-purchase-order-request.js';

const request = automaticPurchaseOrderRequest;

describe('parseAutomaticPurchaseOrderRequest (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source: ASCII printable, at most 22)', () => {
  it('accepts a 22-character printable PO, spaces included', () => {
    expect(
      parseAutomaticPurchaseOrderRequest({ ...request, poNumber: 'PO 1234567890-ABCDEFGH' }).poNumber,
    ).toHaveLength(22);
  });

  it('refuses a longer or non-ASCII PO, listing both problems', () => {
    try {
      parseAutomaticPurchaseOrderRequest({ ...request, poNumber: 'PO-Ünïcødé-12345678901234' });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['poNumber', 'poNumber']);
    }
  });
});
