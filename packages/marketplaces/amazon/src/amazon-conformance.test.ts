import { describeMarketplaceAdapter, type UnconfirmedPushAnswer } from '@dropship/testing/conformance';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { createAmazon } from './amazon-adapter.js';
import { type AmazonSimulator, createAmazonSimulator } from './amazon-simulator.js';

// Sentinel credentials: the suite checks that none appears in any error.
const credentials = {
  refreshToken: 'Atzr|SENTINEL-AMAZON-REFRESH-TOKEN-41d8',
  clientId: 'amzn1.application-oa2-client.SENTINEL-CLIENT-ID',
  clientSecret: 'SENTINEL-AMAZON-CLIENT-SECRET-5b7e',
};
const wrongRefreshToken = 'Atzr|SENTINEL-AMAZON-WRONG-REFRESH-TOKEN-0e6f';

describeMarketplaceAdapter('amazon', {
  createSimulator: () => createAmazonSimulator(credentials),
  createAdapter: (simulator, options) => {
    const amazon = simulator as AmazonSimulator;
    return createAmazon({
      ...amazon.credentials,
      ...(options?.credentials === 'invalid' ? { refreshToken: wrongRefreshToken } : {}),
      baseURL: amazon.baseURL,
      tokenURL: amazon.tokenURL,
      // With the seller id the adapter pushes listings, and the listings cases run.
      sellerId: amazon.sellerId,
      retry: { minDelayMs: 1, maxDelayMs: 10 },
      // The cases check what the listing returns, not its pacing (the adapter's own tests do): the
      // documented buckets (getOrders 1 per 60 s after a burst of 20) are shared by every adapter
      // of these credentials in the file and would make the suite wait minutes.
      orders: {
        ...(options?.orderPageSize === undefined ? {} : { pageSize: options.orderPageSize }),
        rateLimits: { getOrders: false, getOrderItems: false, createRestrictedDataToken: false },
      },
    });
  },
  // getOrders carries no lines: one getOrderItems call per order (https://developer-docs.amazon.com/sp-api/reference/getorderitems).
  intakeCalls: { perPage: 1, perOrder: 1 },
  sampleOrder: () => amazonOrderFixture(),
  secrets: [credentials.refreshToken, credentials.clientSecret, wrongRefreshToken],
  // confirmShipment's documented success is 204 No Content (https://developer-docs.amazon.com/sp-api/reference/confirmshipment).
  unconfirmedPushAnswers: (): UnconfirmedPushAnswer[] => [
    { description: 'a 200 with an empty body', status: 200 },
    {
      description: 'a 200 with an empty JSON object',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    { description: 'a 202 Accepted', status: 202 },
    { description: 'a 201 Created', status: 201, body: '' },
  ],
});
