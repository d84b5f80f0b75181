import type { PurchaseOrderRequest } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { convertToPartsUnlimitedOrder, minorUnitsToPartsUnlimitedPrice } from './convert-to-parts-unlimited-order.js';

const request: PurchaseOrderRequest = {
  poNumber: 'EB-1001-PU',
  currency: 'USD',
  shipTo: {
    name: 'Jane Rider',
    company: 'Moto Co',
    address1: '1 Main St',
    address2: 'Suite 4',
    address3: 'Dock B',
    city: 'Madison',
    region: 'WI',
    postalCode: '53703',
    country: 'US',
    phone: '555-0100',
  },
  lines: [
    { sku: '0101-1234', quantity: 2, unitCost: 1999 },
    { sku: '0202-0001', quantity: 1 },
  ],
};

const options = {
  dealerNumber: 'DEALER-1',
  defaultShippingMethod: 'ground',
  cancellationPolicies: { allowBackorder: 'back_order', noBackorder: '0' },
  validatePrice: false,
};

describe('convertToPartsUnlimitedOrder', () => {
  it('builds the drop-ship body of third-party clients (not documented by the vendor)', () => {
    expect(convertToPartsUnlimitedOrder(request, options)).toEqual({
      dealer_number: 'DEALER-1',
      order_type: 'DS',
      purchase_order_number: 'EB-1001-PU',
      shipping_method: 'ground',
      validate_price: false,
      cancellation_policy: '0',
      ship_to_address: {
        name: 'Jane Rider',
        company: 'Moto Co',
        address_line_1: '1 Main St',
        address_line_2: 'Suite 4 Dock B',
        city: 'Madison',
        state: 'WI',
        postal_code: '53703',
        country: 'US',
      },
      line_items: [
        { line_number: 1, part_number: '0101-1234', quantity: 2, price: 19.99, currency: 'USD' },
        { line_number: 2, part_number: '0202-0001', quantity: 1, price: 0, currency: 'USD' },
      ],
    });
  });

  it('uses the request ship method and the backorder policy when asked', () => {
    const body = convertToPartsUnlimitedOrder({ ...request, shipMethod: 'second_day', allowBackorder: true }, options);
    expect(body.shipping_method).toBe('second_day');
    expect(body.cancellation_policy).toBe('back_order');
  });

  it('sends empty strings for absent optional address parts', () => {
    const { company: _company, address2: _address2, address3: _address3, ...shipTo } = request.shipTo;
    const body = convertToPartsUnlimitedOrder({ ...request, shipTo }, options);
    expect(body.ship_to_address.company).toBe('');
    expect(body.ship_to_address.address_line_2).toBe('');
  });

  it('converts minor units exactly', () => {
    expect(minorUnitsToPartsUnlimitedPrice(1)).toBe(0.01);
    expect(minorUnitsToPartsUnlimitedPrice(123456)).toBe(1234.56);
  });
});
