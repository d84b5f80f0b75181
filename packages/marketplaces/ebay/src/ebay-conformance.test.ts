import { describeMarketplaceAdapter } from '@dropship/testing';
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
    }),
  sampleOrder: () => ebayOrderFixture(),
  secrets: [validToken, invalidToken],
});
