import { describeMarketplaceAdapter, type UnconfirmedPushAnswer } from '@dropship/testing/conformance';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay } from './ebay-adapter.js';
import { createEbaySimulator, type EbaySimulator } from './ebay-simulator.js';

// Sentinel credentials: the suite checks that neither appears in any error.
const validToken = 'v^1.1#SENTINEL-EBAY-USER-TOKEN-7f3a';
const invalidToken = 'v^1.1#SENTINEL-EBAY-REVOKED-TOKEN-9c2e';

describeMarketplaceAdapter('ebay', {
  createSimulator: () => createEbaySimulator({ accessToken: validToken }),
  createAdapter: (simulator, options) =>
    createEbay({
      accessToken: options?.credentials === 'invalid' ? invalidToken : (simulator as EbaySimulator).accessToken,
      baseURL: simulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 10 },
      ...(options?.orderPageSize === undefined ? {} : { orders: { pageSize: options.orderPageSize } }),
      listings: {
        rateLimit: false,
        ...(options?.listingBatchSize === undefined ? {} : { batchSize: options.listingBatchSize }),
      },
    }),
  sampleOrder: () => ebayOrderFixture(),
  // The simulator refuses a filter date in the future of its clock, as eBay does (30850).
  cancellationListingUntil: () => new Date().toISOString(),
  // eBay cancels whole orders (https://developer.ebay.com/api-docs/user-guides/static/post-order-user-guide/post-order-cancellations.html).
  wholeOrderCancellationsOnly: true,
  secrets: [validToken, invalidToken],
  // eBay's documented success is 201 Created with the fulfillment's Location (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
  unconfirmedPushAnswers: ({ order, shipment }): UnconfirmedPushAnswer[] => [
    { description: 'a 201 without Location', status: 201, headers: { 'content-type': 'application/json' }, body: '{}' },
    {
      description: 'a 201 whose Location names another order',
      status: 201,
      headers: {
        location: `https://api.ebay.com/sell/fulfillment/v1/order/99-99999-99999/shipping_fulfillment/${shipment.trackingNumber}`,
      },
      body: '{}',
    },
    {
      description: 'a 200 with the Location of this order',
      status: 200,
      headers: {
        location: `https://api.ebay.com/sell/fulfillment/v1/order/${order.marketplaceOrderId}/shipping_fulfillment/${shipment.trackingNumber}`,
      },
      body: '{}',
    },
    { description: 'a 204 No Content', status: 204 },
  ],
});
