import { describe, expect, it } from 'vitest';
import { wpsCartSchema, wpsPurchaseOrderSchema, wpsSubmittedOrderSchema } from './wps-schemas.js';

describe('WPS response schemas', () => {
  it('accept the Data Depot `data` envelope or the bare object', () => {
    expect(wpsCartSchema.parse({ data: { cart_number: 77, po_number: 'P1', shipment_type: 'DS' } })).toMatchObject({
      cart_number: '77',
      po_number: 'P1',
    });
    expect(wpsSubmittedOrderSchema.parse({ order_number: 123 })).toEqual({ order_number: '123' });
  });

  it('tolerate unknown fields and nulls', () => {
    const parsed = wpsPurchaseOrderSchema.parse({
      data: {
        po_number: 'P1',
        new_field: 1,
        order_details: [{ order_number: 1, tracking_numbers: null, items: [{ foo: 1 }], surprise: true }],
      },
    });
    expect(parsed.order_details[0]).toMatchObject({ order_number: '1', tracking_numbers: [], items: [] });
  });

  it('name the missing field when a required one is absent', () => {
    const result = wpsPurchaseOrderSchema.safeParse({ data: { order_details: [{ tracking_numbers: [] }] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'po_number',
      'order_details.0.order_number',
    ]);
  });
});
