import { describeMarketplaceAdapter } from '@dropship/testing';
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
    }),
  sampleOrder: () => shopifySampleOrder(),
  secrets: [accessToken, `${accessToken}_WRONG`],
});
