import { describeDistributorClient } from '@dropship/testing/conformance';
import { createPartsUnlimited } from './parts-unlimited-client.js';
import { partsUnlimitedWarehouses } from './parts-unlimited-settings.js';
import { createPartsUnlimitedSimulator } from './parts-unlimited-simulator.js';

const dealerNumber = 'SENTINEL-PU-DEALER-7731';
const apiKey = 'SENTINEL-PU-API-KEY-5519';

describeDistributorClient('parts-unlimited', {
  createSimulator: () => createPartsUnlimitedSimulator({ dealerNumber, apiKey }),
  createClient: (simulator, options) =>
    createPartsUnlimited({
      dealerNumber,
      apiKey: options?.credentials === 'invalid' ? 'SENTINEL-PU-WRONG-KEY-0001' : apiKey,
      baseURL: simulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      rateLimit: false,
      // The pricing call with each stock batch (one more call per batch), so that the price case runs.
      stockPrices: true,
    }),
  warehouses: partsUnlimitedWarehouses,
  secrets: [dealerNumber, apiKey, 'SENTINEL-PU-WRONG-KEY-0001'],
});
