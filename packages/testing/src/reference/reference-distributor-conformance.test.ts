import { describeDistributorClient } from '../conformance/describe-distributor-client.js';
import { createReferenceDistributorClient } from './reference-distributor-client.js';
import {
  createReferenceDistributorSimulator,
  type ReferenceDistributorSimulator,
} from './reference-distributor-simulator.js';

// The reference distributor passes the DistributorClient conformance suite: the proof that the
// suite runs end to end, and the example an integrator copies for their own adapter.
describeDistributorClient('reference-distributor', {
  createSimulator: () => createReferenceDistributorSimulator({ apiKey: 'SENTINEL-REFERENCE-KEY-1234' }),
  createClient: (simulator, options) =>
    createReferenceDistributorClient({
      apiKey:
        options?.credentials === 'invalid'
          ? 'SENTINEL-WRONG-KEY-5678'
          : (simulator as ReferenceDistributorSimulator).apiKey,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
      rateLimit: { requests: 100, intervalMs: 100 },
    }),
  warehouses: ['boise', 'reno', 'tampa'],
  secrets: ['SENTINEL-REFERENCE-KEY-1234', 'SENTINEL-WRONG-KEY-5678'],
});
