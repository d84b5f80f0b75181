import { describe, expect, it } from 'vitest';
import response from './__fixtures__/shopify-fulfillment-orders.json' with { type: 'json' };
import { planShopifyFulfillment } from './plan-shopify-fulfillment.js';
import { fulfillmentOrdersDataSchema, type ShopifyOrderFulfillmentData } from './shopify-schemas.js';

const order = fulfillmentOrdersDataSchema.parse(response.data).order as ShopifyOrderFulfillmentData;

describe('planShopifyFulfillment', () => {
  it('finds an existing fulfillment carrying the tracking number, whatever its spacing', () => {
    expect(
      planShopifyFulfillment(order, {
        trackingNumber: '1z999aa1 0123456784',
        lines: [{ lineId: '9001', quantity: 1 }],
      }),
    ).toEqual({
      kind: 'already-pushed',
      fulfillmentId: 'gid://shopify/Fulfillment/7001',
    });
  });

  it('ignores cancelled fulfillments', () => {
    const plan = planShopifyFulfillment(order, {
      trackingNumber: '9400100000000000000000',
      lines: [{ lineId: '9002', quantity: 1 }],
    });
    expect(plan.kind).toBe('create');
  });

  it('maps numeric and global line ids to fulfillment order line items with quantities', () => {
    const plan = planShopifyFulfillment(order, {
      trackingNumber: 'NEW1',
      lines: [
        { lineId: '9001', quantity: 2 },
        { lineId: 'gid://shopify/LineItem/9002', quantity: 1 },
      ],
    });
    expect(plan).toEqual({
      kind: 'create',
      lineItemsByFulfillmentOrder: [
        {
          fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/6001',
          fulfillmentOrderLineItems: [
            { id: 'gid://shopify/FulfillmentOrderLineItem/8001', quantity: 2 },
            { id: 'gid://shopify/FulfillmentOrderLineItem/8002', quantity: 1 },
          ],
        },
      ],
      problems: [],
      warnings: [],
    });
  });

  it('skips lines on a fulfillment order without CREATE_FULFILLMENT, with a warning', () => {
    const plan = planShopifyFulfillment(order, {
      trackingNumber: 'NEW2',
      lines: [
        { lineId: '9002', quantity: 1 },
        { lineId: '9003', quantity: 1 },
      ],
    });
    expect(plan.kind).toBe('create');
    if (plan.kind !== 'create') return;
    expect(plan.lineItemsByFulfillmentOrder.map((entry) => entry.fulfillmentOrderId)).toEqual([
      'gid://shopify/FulfillmentOrder/6001',
    ]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'create-fulfillment',
        message: expect.stringContaining('FulfillmentOrder/6002 (status ON_HOLD)'),
      }),
    ]);
  });

  it('reduces a quantity above what is left, and reports unknown lines', () => {
    const plan = planShopifyFulfillment(order, {
      trackingNumber: 'NEW3',
      lines: [
        { lineId: '9001', quantity: 5 },
        { lineId: '4242', quantity: 1 },
        { lineId: 'SKU-1', quantity: 1 },
      ],
    });
    if (plan.kind !== 'create') throw new Error('expected a create plan');
    expect(plan.lineItemsByFulfillmentOrder[0]?.fulfillmentOrderLineItems).toEqual([
      { id: 'gid://shopify/FulfillmentOrderLineItem/8001', quantity: 2 },
    ]);
    expect(plan.warnings[0]?.message).toContain('only 2 left to fulfil');
    expect(plan.problems).toEqual([
      "line 4242 is not on the order's fulfillment orders",
      'line SKU-1 is not a Shopify line item id',
    ]);
  });
});
