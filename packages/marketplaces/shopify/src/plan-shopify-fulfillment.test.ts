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
    const lineItemsByFulfillmentOrder = [
      {
        fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/6001',
        fulfillmentOrderLineItems: [
          { id: 'gid://shopify/FulfillmentOrderLineItem/8001', quantity: 2 },
          { id: 'gid://shopify/FulfillmentOrderLineItem/8002', quantity: 1 },
        ],
      },
    ];
    expect(plan).toEqual({
      kind: 'create',
      lineItemsByFulfillmentOrder,
      byLocation: [
        {
          // The fixture's read does not carry assignedLocation: the fulfillment order goes alone.
          locationId: undefined,
          lineItemsByFulfillmentOrder,
          lineItems: [
            { lineItemId: 'gid://shopify/LineItem/9001', quantity: 2 },
            { lineItemId: 'gid://shopify/LineItem/9002', quantity: 1 },
          ],
        },
      ],
      earlierFulfillmentIds: [],
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

describe('planShopifyFulfillment by location', () => {
  /** The fixture's order with its two fulfillment orders assigned to `locations` and both open. */
  function withLocations(locations: (string | undefined)[]): ShopifyOrderFulfillmentData {
    return {
      ...order,
      fulfillments: [],
      fulfillmentOrders: {
        ...order.fulfillmentOrders,
        nodes: order.fulfillmentOrders.nodes.map((node, index) => ({
          ...node,
          supportedActions: [{ action: 'CREATE_FULFILLMENT' }],
          assignedLocation: locations[index] ? { location: { id: locations[index] } } : null,
        })),
      },
    };
  }
  const shipment = {
    trackingNumber: 'NEW4',
    lines: [
      { lineId: '9001', quantity: 1 },
      { lineId: '9003', quantity: 1 },
    ],
  };

  it('one call per assigned location', () => {
    const plan = planShopifyFulfillment(
      withLocations(['gid://shopify/Location/1', 'gid://shopify/Location/2']),
      shipment,
    );
    if (plan.kind !== 'create') throw new Error('expected a create plan');
    expect(plan.byLocation.map((call) => [call.locationId, call.lineItems])).toEqual([
      ['gid://shopify/Location/1', [{ lineItemId: 'gid://shopify/LineItem/9001', quantity: 1 }]],
      ['gid://shopify/Location/2', [{ lineItemId: 'gid://shopify/LineItem/9003', quantity: 1 }]],
    ]);
  });

  it('fulfillment orders of one location share a call; two of unknown location never do', () => {
    const same = planShopifyFulfillment(
      withLocations(['gid://shopify/Location/1', 'gid://shopify/Location/1']),
      shipment,
    );
    if (same.kind !== 'create') throw new Error('expected a create plan');
    expect(same.byLocation).toHaveLength(1);
    expect(same.byLocation[0]?.lineItemsByFulfillmentOrder).toHaveLength(2);
    const unknown = planShopifyFulfillment(withLocations([undefined, undefined]), shipment);
    if (unknown.kind !== 'create') throw new Error('expected a create plan');
    expect(unknown.byLocation.map((call) => call.lineItemsByFulfillmentOrder.length)).toEqual([1, 1]);
  });

  it('plans only what fulfillments already carrying the tracking number do not hold', () => {
    const read = withLocations(['gid://shopify/Location/1', 'gid://shopify/Location/2']);
    const earlier = {
      ...read,
      fulfillments: [
        {
          id: 'gid://shopify/Fulfillment/7101',
          status: 'SUCCESS',
          trackingInfo: [{ company: 'UPS', number: 'NEW4', url: null }],
          fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { id: 'gid://shopify/LineItem/9001' } }] },
        },
      ],
    };
    const plan = planShopifyFulfillment(earlier, shipment);
    if (plan.kind !== 'create') throw new Error('expected a create plan');
    expect(plan.earlierFulfillmentIds).toEqual(['gid://shopify/Fulfillment/7101']);
    expect(plan.byLocation.map((call) => call.locationId)).toEqual(['gid://shopify/Location/2']);
    // Both lines held: already pushed. A fulfillment whose line items the read does not show: already pushed too.
    const both = {
      ...earlier,
      fulfillments: [
        {
          ...earlier.fulfillments[0],
          fulfillmentLineItems: {
            nodes: [
              { quantity: 1, lineItem: { id: 'gid://shopify/LineItem/9001' } },
              { quantity: 1, lineItem: { id: 'gid://shopify/LineItem/9003' } },
            ],
          },
        },
      ],
    } as ShopifyOrderFulfillmentData;
    expect(planShopifyFulfillment(both, shipment)).toEqual({
      kind: 'already-pushed',
      fulfillmentId: 'gid://shopify/Fulfillment/7101',
    });
    const unread = {
      ...earlier,
      fulfillments: [
        { ...earlier.fulfillments[0], fulfillmentLineItems: { pageInfo: { hasNextPage: true }, nodes: [] } },
      ],
    } as ShopifyOrderFulfillmentData;
    expect(planShopifyFulfillment(unread, shipment).kind).toBe('already-pushed');
  });
});
