import type { PurchaseOrderRequest } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { convertToWpsCart } from './convert-to-wps-cart.js';
import { findWpsFieldLengthViolations } from './find-wps-field-length-violations.js';

const request: PurchaseOrderRequest = {
  poNumber: 'DS-1001',
  currency: 'USD',
  shipTo: {
    name: 'Jane Rider',
    company: 'Rider Racing',
    address1: '12 Main St',
    address2: 'Unit 4',
    city: 'Boise',
    region: 'id',
    postalCode: '83702',
    country: 'US',
    phone: '208-555-0100',
    email: 'jane@example.com',
  },
  lines: [
    { sku: '72-7044L', quantity: 1 },
    { sku: '87-9901', quantity: 2 },
    { sku: '72-7044L', quantity: 3 },
  ],
  note: 'Leave at back door',
};

describe('convertToWpsCart', () => {
  it('maps the PO to the documented drop-ship cart fields (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts)', () => {
    const { cart } = convertToWpsCart(request, { defaultShipVia: 'BEST', multipleWarehouse: true });
    expect(cart).toEqual({
      po_number: 'DS-1001',
      ship_name: 'Jane Rider',
      ship_address1: '12 Main St',
      ship_address2: 'Unit 4',
      ship_city: 'Boise',
      ship_state: 'ID',
      ship_zip: '83702',
      ship_phone: '208-555-0100',
      email: 'jane@example.com',
      comment1: 'Leave at back door',
      ship_via: 'BEST',
      allow_backorder: false,
      multiple_warehouse: true,
    });
  });

  it('merges lines of the same SKU into one cart item', () => {
    const { items } = convertToWpsCart(request, { multipleWarehouse: true });
    expect(items).toEqual([
      { item_sku: '72-7044L', quantity: 4 },
      { item_sku: '87-9901', quantity: 2 },
    ]);
  });

  it('prefers the request ship method, and sends the default warehouse and backorder flag', () => {
    const { cart } = convertToWpsCart(
      { ...request, shipMethod: 'UP2D', allowBackorder: true },
      { defaultShipVia: 'BEST', defaultWarehouse: 'GA', multipleWarehouse: false },
    );
    expect(cart).toMatchObject({
      ship_via: 'UP2D',
      default_warehouse: 'GA',
      allow_backorder: true,
      multiple_warehouse: false,
    });
  });

  it('leaves out optional fields that are empty', () => {
    const { cart } = convertToWpsCart(
      {
        ...request,
        note: '  ',
        shipTo: { ...request.shipTo, address2: undefined, phone: undefined, email: undefined },
      },
      { multipleWarehouse: true },
    );
    expect(Object.keys(cart)).not.toEqual(
      expect.arrayContaining(['ship_address2', 'ship_phone', 'email', 'comment1', 'ship_via']),
    );
  });
});

describe('findWpsFieldLengthViolations', () => {
  it('accepts a cart within every limit', () => {
    const { cart } = convertToWpsCart(request, { multipleWarehouse: true });
    expect(findWpsFieldLengthViolations(cart, 20)).toEqual([]);
  });

  it('lists every field that is too long, with its limit and length', () => {
    const { cart } = convertToWpsCart(
      {
        ...request,
        poNumber: 'PO-123456789012345678901',
        note: 'x'.repeat(51),
        shipTo: {
          ...request.shipTo,
          name: 'A very long recipient name that goes on',
          city: 'Rancho Santa Margarita',
          region: 'California',
          email: `${'a'.repeat(45)}@example.com`,
        },
      },
      { multipleWarehouse: true },
    );
    expect(findWpsFieldLengthViolations(cart, 20)).toEqual([
      { field: 'po_number', maxLength: 20, actualLength: 24 },
      { field: 'ship_name', maxLength: 30, actualLength: 39 },
      { field: 'ship_city', maxLength: 17, actualLength: 22 },
      { field: 'ship_state', maxLength: 2, actualLength: 10 },
      { field: 'email', maxLength: 50, actualLength: 57 },
      { field: 'comment1', maxLength: 50, actualLength: 51 },
    ]);
  });
});
