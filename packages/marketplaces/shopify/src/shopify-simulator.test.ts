import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { FULFILLMENT_CREATE_MUTATION, FULFILLMENT_ORDERS_QUERY } from './shopify-schemas.js';
import { createShopifySimulator, type ShopifySimulatorOptions } from './shopify-simulator.js';

// Raw GraphQL requests against the simulator: it must refuse what Shopify refuses (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate, https://shopify.dev/docs/api/usage/limits).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface ReadBody {
  data: {
    order: {
      fulfillmentOrders: {
        nodes: {
          id: string;
          status: string;
          supportedActions: { action: string }[];
          lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[] };
        }[];
      };
    } | null;
  };
}

function setup(options: ShopifySimulatorOptions = {}) {
  const simulator = createShopifySimulator(options);
  server.resetHandlers(...simulator.handlers);
  const post = async (query: string, variables: Record<string, unknown>, token = simulator.accessToken) =>
    fetch(`${simulator.baseURL}/admin/api/2025-10/graphql.json`, {
      method: 'POST',
      headers: { 'X-Shopify-Access-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  const read = async (id = 'gid://shopify/Order/5001') =>
    (await (await post(FULFILLMENT_ORDERS_QUERY, { id })).json()) as ReadBody;
  const create = async (lineItemsByFulfillmentOrder: unknown) =>
    (await (
      await post(FULFILLMENT_CREATE_MUTATION, {
        fulfillment: {
          lineItemsByFulfillmentOrder,
          notifyCustomer: false,
          trackingInfo: { company: 'UPS', number: '1Z1' },
        },
      })
    ).json()) as {
      data: {
        fulfillmentCreate: { fulfillment: { id: string } | null; userErrors: { field: string[]; message: string }[] };
      };
    };
  return { simulator, post, read, create };
}

describe('shopify simulator', () => {
  it('answers the fulfillment-orders read and null for an unknown order', async () => {
    const { simulator, read } = setup();
    simulator.addOrder(shopifySampleOrder());
    const body = await read();
    const [fulfillmentOrder] = body.data.order?.fulfillmentOrders.nodes ?? [];
    expect(fulfillmentOrder?.status).toBe('OPEN');
    expect(fulfillmentOrder?.supportedActions.map((entry) => entry.action)).toContain('CREATE_FULFILLMENT');
    expect(fulfillmentOrder?.lineItems.nodes.map((node) => [node.lineItem.id, node.remainingQuantity])).toEqual([
      ['gid://shopify/LineItem/9001', 3],
      ['gid://shopify/LineItem/9002', 1],
      ['gid://shopify/LineItem/9003', 2],
    ]);
    expect((await read('gid://shopify/Order/404')).data.order).toBeNull();
  });

  it('refuses an over-fulfilled quantity with userErrors and writes nothing', async () => {
    const { simulator, read, create } = setup();
    simulator.addOrder(shopifySampleOrder());
    const fulfillmentOrder = (await read()).data.order?.fulfillmentOrders.nodes[0];
    const item = fulfillmentOrder?.lineItems.nodes[0];
    const result = await create([
      { fulfillmentOrderId: fulfillmentOrder?.id, fulfillmentOrderLineItems: [{ id: item?.id, quantity: 4 }] },
    ]);
    expect(result.data.fulfillmentCreate.fulfillment).toBeNull();
    expect(result.data.fulfillmentCreate.userErrors[0]?.field).toEqual([
      'fulfillment',
      'lineItemsByFulfillmentOrder',
      '0',
      'fulfillmentOrderLineItems',
      '0',
      'quantity',
    ]);
    expect(simulator.fulfillments('5001')).toEqual([]);
  });

  it('refuses a fulfillment order without CREATE_FULFILLMENT and an unknown line item', async () => {
    const { simulator, read, create } = setup();
    simulator.addOrder(shopifySampleOrder(), { fulfillmentOrders: [{ lineIds: ['9001'], status: 'ON_HOLD' }] });
    const [held, open] = (await read()).data.order?.fulfillmentOrders.nodes ?? [];
    expect(held?.supportedActions).toEqual([{ action: 'RELEASE_HOLD' }]);
    const refusedHold = await create([{ fulfillmentOrderId: held?.id }]);
    expect(refusedHold.data.fulfillmentCreate.userErrors[0]?.message).toContain('does not allow CREATE_FULFILLMENT');
    const refusedItem = await create([
      {
        fulfillmentOrderId: open?.id,
        fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/1', quantity: 1 }],
      },
    ]);
    expect(refusedItem.data.fulfillmentCreate.userErrors[0]?.message).toBe(
      'Fulfillment order line item does not exist.',
    );
  });

  it('fulfils everything left on a fulfillment order when its line items are omitted, then closes it', async () => {
    const { simulator, read, create } = setup();
    simulator.addOrder(shopifySampleOrder());
    const fulfillmentOrder = (await read()).data.order?.fulfillmentOrders.nodes[0];
    const result = await create([{ fulfillmentOrderId: fulfillmentOrder?.id }]);
    expect(result.data.fulfillmentCreate.userErrors).toEqual([]);
    const after = (await read()).data.order?.fulfillmentOrders.nodes[0];
    expect(after?.status).toBe('CLOSED');
    expect(after?.supportedActions).toEqual([]);
  });

  it('refuses a wrong token with HTTP 401', async () => {
    const { post } = setup();
    const response = await post(FULFILLMENT_ORDERS_QUERY, { id: 'gid://shopify/Order/5001' }, 'shpat_wrong');
    expect(response.status).toBe(401);
  });

  it('throttles when the cost bucket is empty, reporting throttleStatus', async () => {
    const clock = { now: 1_800_000_000_000 };
    const { simulator, post } = setup({ maximumAvailable: 200, restoreRate: 50, now: () => clock.now });
    simulator.addOrder(shopifySampleOrder());
    expect((await post(FULFILLMENT_ORDERS_QUERY, { id: 'gid://shopify/Order/5001' })).status).toBe(200);
    const throttled = await (await post(FULFILLMENT_ORDERS_QUERY, { id: 'gid://shopify/Order/5001' })).json();
    expect(throttled).toMatchObject({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
      extensions: {
        cost: {
          requestedQueryCost: 150,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 200, currentlyAvailable: 50, restoreRate: 50 },
        },
      },
    });
    clock.now += 2_000; // 100 points restored
    const again = await (await post(FULFILLMENT_ORDERS_QUERY, { id: 'gid://shopify/Order/5001' })).json();
    expect(again).toHaveProperty('data.order.id', 'gid://shopify/Order/5001');
  });
});
