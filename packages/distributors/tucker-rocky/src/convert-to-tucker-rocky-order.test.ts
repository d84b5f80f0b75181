import { FieldLengthError, type PurchaseOrderRequest, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { convertToTuckerRockyOrder } from './convert-to-tucker-rocky-order.js';
import { parseTuckerRockyPurchaseOrderRequest } from './parse-tucker-rocky-purchase-order-request.js';

const request: PurchaseOrderRequest = {
  poNumber: 'EB-1001-TR',
  currency: 'USD',
  shipTo: {
    name: 'Jane Rider',
    company: 'Moto Co',
    address1: '1 Main St',
    address2: 'Suite 4',
    city: 'Fort Worth',
    region: 'TX',
    postalCode: '76102',
    country: 'US',
    phone: '555-0100',
  },
  lines: [
    { sku: '1234-5678', quantity: 2 },
    { sku: '2222-0001', quantity: 1 },
  ],
  note: 'Leave at back door',
};
const options = { defaultCarrier: 'UG', splitLines: true, stripDashesFromItems: false };

describe('convertToTuckerRockyOrder', () => {
  it('builds the type=ORD parameters of third-party clients (not documented by the vendor)', () => {
    const { parameters, warnings } = convertToTuckerRockyOrder(request, options);
    expect(parameters).toEqual({
      type: 'ORD',
      name: 'Jane Rider',
      address1: '1 Main St',
      address2: 'Suite 4',
      city: 'Fort Worth',
      state: 'TX',
      zip: '76102',
      po: 'EB-1001-TR',
      allowduplicatepo: 'NO',
      carrier: 'UG',
      splitlines: 'YES',
      submit: 'YES',
      invoiceNote: 'Leave at back door',
      line: ['1234-5678,2', '2222-0001,1'],
    });
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'ship-to-fields' })]);
    expect(warnings[0]?.message).toContain('company, phone');
  });

  it('sends submit=NO for validate-only, strips dashes when asked, and warns about backorders', () => {
    const { parameters, warnings } = convertToTuckerRockyOrder(
      { ...request, validateOnly: true, allowBackorder: true, shipMethod: 'FX' },
      { ...options, splitLines: false, stripDashesFromItems: true },
    );
    expect(parameters).toMatchObject({
      submit: 'NO',
      splitlines: 'NO',
      carrier: 'FX',
      line: ['12345678,2', '22220001,1'],
    });
    expect(warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : ''))).toContain(
      'allow-backorder',
    );
  });
});

describe('parseTuckerRockyPurchaseOrderRequest', () => {
  const limits = { maxPoNumberLength: 20, shipToCountries: ['US'] };

  it('refuses a comma in a part number (lines travel as ITEM,QTY)', () => {
    try {
      parseTuckerRockyPurchaseOrderRequest({ ...request, lines: [{ sku: 'A,B', quantity: 1 }] }, limits);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues.map((issue) => issue.path)).toEqual(['lines.0.sku']);
    }
  });

  it('refuses a country TRWS cannot carry', () => {
    try {
      parseTuckerRockyPurchaseOrderRequest({ ...request, shipTo: { ...request.shipTo, country: 'CA' } }, limits);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues[0]?.path).toBe('shipTo.country');
    }
    expect(
      parseTuckerRockyPurchaseOrderRequest(
        { ...request, shipTo: { ...request.shipTo, country: 'CA' } },
        { ...limits, shipToCountries: ['US', 'CA'] },
      ).shipTo.country,
    ).toBe('CA');
  });

  it('refuses a PO number over the configured length', () => {
    try {
      parseTuckerRockyPurchaseOrderRequest({ ...request, poNumber: 'P'.repeat(21) }, limits);
      expect.unreachable();
    } catch (error) {
      expect(FieldLengthError.isInstance(error) && error.violations).toEqual([
        { field: 'po', maxLength: 20, actualLength: 21 },
      ]);
    }
  });
});
