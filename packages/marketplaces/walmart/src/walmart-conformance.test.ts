import { describeMarketplaceAdapter } from '@dropship/testing';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import { createWalmartSimulator, type WalmartSimulator } from './walmart-simulator.js';

const clientId = 'SENTINEL-CONFORMANCE-WALMART-ID';
const clientSecret = 'SENTINEL-CONFORMANCE-WALMART-SECRET';
const simulators: WalmartSimulator[] = [];

describeMarketplaceAdapter('walmart', {
  createSimulator: () => {
    const simulator = createWalmartSimulator({ clientId, clientSecret });
    simulators.push(simulator);
    return simulator;
  },
  createAdapter: (simulator, options) =>
    createWalmart({
      clientId,
      clientSecret: options?.credentials === 'invalid' ? `${clientSecret}-WRONG` : clientSecret,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    }),
  sampleOrder: () => walmartSampleOrder(),
  // Read when the suite checks errors: the API key, its Basic form and every access token issued.
  get secrets() {
    return [
      clientId,
      clientSecret,
      `${clientSecret}-WRONG`,
      Buffer.from(`${clientId}:${clientSecret}`).toString('base64'),
      ...simulators.flatMap((simulator) => simulator.issuedTokens()),
    ];
  },
});
