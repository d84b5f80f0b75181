import { describeDistributorClient } from '@dropship/testing/conformance';
import { createWps } from './wps-client.js';
import { wpsWarehouseCodes } from './wps-constants.js';
import { createWpsSimulator, type WpsSimulator } from './wps-simulator.js';

const apiToken = 'SENTINEL-WPS-CONFORMANCE-TOKEN-51c0';

describeDistributorClient('wps', {
  createSimulator: () => createWpsSimulator({ apiToken }),
  createClient: (simulator, options) =>
    createWps({
      apiToken:
        options?.credentials === 'invalid' ? 'SENTINEL-WPS-WRONG-TOKEN-09be' : (simulator as WpsSimulator).apiToken,
      baseURL: simulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 10 },
    }),
  warehouses: wpsWarehouseCodes,
  secrets: [apiToken, 'SENTINEL-WPS-WRONG-TOKEN-09be'],
});
