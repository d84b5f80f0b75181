import { describeMarketplaceAdapter, type UnconfirmedPushAnswer } from '@dropship/testing/conformance';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator } from './shopify-simulator.js';

const accessToken = 'shpat_SENTINEL_CONFORMANCE_0123456789';

describeMarketplaceAdapter('shopify', {
  createSimulator: () => createShopifySimulator({ accessToken }),
  createAdapter: (simulator, options) =>
    createShopify({
      accessToken: options?.credentials === 'invalid' ? `${accessToken}_WRONG` : accessToken,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      ...(options?.orderPageSize === undefined ? {} : { orders: { pageSize: options.orderPageSize } }),
      ...(options?.listingBatchSize === undefined ? {} : { listings: { batchSize: options.listingBatchSize } }),
    }),
  // inventorySetQuantities takes changeFromQuantity (https://shopify.dev/docs/api/admin-graphql/latest/input-objects/InventoryQuantityInput).
  listingsCompareAndSwap: true,
  sampleOrder: () => shopifySampleOrder(),
  // Shopify line item ids are unique across the shop, and the listing gives them in numeric form.
  intakeOrder: (index) => {
    const order = shopifySampleOrder(String(6001 + index));
    return {
      ...order,
      lines: order.lines.map((line, lineIndex) => ({ ...line, lineId: String(96_000 + index * 10 + lineIndex) })),
    };
  },
  secrets: [accessToken, `${accessToken}_WRONG`],
  // fulfillmentCreate's documented success is HTTP 200 with empty userErrors and the fulfillment (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate).
  unconfirmedPushAnswers: ({ shipment }): UnconfirmedPushAnswer[] => {
    const json = (data: unknown): Pick<UnconfirmedPushAnswer, 'status' | 'headers' | 'body'> => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    return [
      {
        description: 'userErrors with HTTP 200',
        ...json({
          fulfillmentCreate: {
            fulfillment: null,
            userErrors: [
              { field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'Invalid fulfillment order' },
            ],
          },
        }),
      },
      {
        description: 'neither a fulfillment nor userErrors',
        ...json({ fulfillmentCreate: { fulfillment: null, userErrors: [] } }),
      },
      {
        description: 'a fulfillment carrying another tracking number',
        ...json({
          fulfillmentCreate: {
            fulfillment: {
              id: 'gid://shopify/Fulfillment/1',
              status: 'SUCCESS',
              trackingInfo: [{ company: 'UPS', number: `${shipment.trackingNumber}9`, url: null }],
            },
            userErrors: [],
          },
        }),
      },
      {
        description: 'GraphQL data of another mutation',
        ...json({ orderUpdate: { order: { id: 'gid://shopify/Order/1' } } }),
      },
    ];
  },
});
