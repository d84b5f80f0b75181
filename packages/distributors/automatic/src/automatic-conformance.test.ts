import { describeDistributorClient } from '@dropship/testing/conformance';
import { createAutomatic } from './automatic-client.js';
import { type AutomaticSimulator, createAutomaticSimulator } from './automatic-simulator.js';

const apiToken = 'SENTINEL-AD-CONFORMANCE-TOKEN-3e8d';

describeDistributorClient('automatic', {
  createSimulator: () => createAutomaticSimulator({ apiToken }),
  createClient: (simulator, options) =>
    createAutomatic({
      apiToken:
        options?.credentials === 'invalid'
          ? 'SENTINEL-AD-WRONG-TOKEN-77aa'
          : (simulator as AutomaticSimulator).apiToken,
      baseURL: simulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 10 },
    }),
  warehouses: ['EAST', 'WEST'],
  secrets: [apiToken, 'SENTINEL-AD-WRONG-TOKEN-77aa'],
});

// The same suite with the token in the query string, the placement most likely to leak, and the
// revoke path verified, so that cancel is supported and checked (the first suite checks it unsupported).
describeDistributorClient('automatic (token in the query string)', {
  createSimulator: () => createAutomaticSimulator({ apiToken, auth: { placement: 'query', name: 'api_token' } }),
  createClient: (simulator, options) =>
    createAutomatic({
      apiToken:
        options?.credentials === 'invalid'
          ? 'SENTINEL-AD-WRONG-TOKEN-77aa'
          : (simulator as AutomaticSimulator).apiToken,
      baseURL: simulator.baseURL,
      auth: { placement: 'query', name: 'api_token' },
      verifiedPaths: ['revokeOrders'],
      retry: { minDelayMs: 1, maxDelayMs: 10 },
    }),
  warehouses: ['EAST', 'WEST'],
  secrets: [apiToken, 'SENTINEL-AD-WRONG-TOKEN-77aa'],
});
