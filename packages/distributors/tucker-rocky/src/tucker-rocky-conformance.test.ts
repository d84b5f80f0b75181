import { describeDistributorClient } from '@dropship/testing/conformance';
import { createTuckerRocky } from './tucker-rocky-client.js';
import { createTuckerRockySimulator, tuckerRockySimulatorDistributionCenters } from './tucker-rocky-simulator.js';

const customerNumber = 'SENTINEL-TR-CUST-3141';
const apiKey = 'SENTINEL-TR-API-KEY-2718';

describeDistributorClient('tucker-rocky', {
  createSimulator: () => createTuckerRockySimulator({ customerNumber, apiKey }),
  createClient: (simulator, options) =>
    createTuckerRocky({
      customerNumber,
      apiKey: options?.credentials === 'invalid' ? 'SENTINEL-TR-WRONG-KEY-0001' : apiKey,
      baseURL: simulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      rateLimit: false,
      // Prices with the stock (type=INP, the same calls), so that the price case runs.
      stockPrices: true,
    }),
  warehouses: tuckerRockySimulatorDistributionCenters,
  secrets: [customerNumber, apiKey, 'SENTINEL-TR-WRONG-KEY-0001'],
});
