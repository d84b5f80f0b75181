import { describeDistributorClient } from '@dropship/testing/conformance';
import { createTrailhead } from './trailhead-client.js';
import { createTrailheadSimulator, type TrailheadSimulator } from './trailhead-simulator.js';

// The DistributorClient v1 conformance suite, run on the example's adapter: stock, idempotent
// submit, lost response, lookups, tracking, cancel, typed errors, no credential in any error.
// Sentinel keys: the suite checks that neither appears in an error.
const validKey = 'SENTINEL-TRAILHEAD-KEY-3141';
const invalidKey = 'SENTINEL-TRAILHEAD-WRONG-2718';

describeDistributorClient('trailhead (example 05)', {
  createSimulator: () => createTrailheadSimulator({ apiKey: validKey }),
  createClient: (simulator, options) =>
    createTrailhead({
      apiKey: options?.credentials === 'invalid' ? invalidKey : (simulator as TrailheadSimulator).apiKey,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
      rateLimit: { requests: 100, intervalMs: 100 },
    }),
  warehouses: ['SLC', 'DEN', 'RNO'],
  secrets: [validKey, invalidKey],
});
