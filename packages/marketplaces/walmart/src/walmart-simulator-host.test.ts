import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import { WALMART_BASE_URL } from './walmart-settings.js';
import { createWalmartSimulator } from './walmart-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('walmart simulator host', () => {
  it('answers on a reserved test host, never on Walmart production', () => {
    const simulator = createWalmartSimulator();
    expect(simulator.baseURL).toBe('https://walmart.simulator.test');
    expect(new URL(simulator.baseURL).hostname).not.toBe(new URL(WALMART_BASE_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createWalmartSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [WALMART_BASE_URL],
      call: (fetch) =>
        createWalmart({
          ...simulator.credentials,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).pushTracking({
          order: walmartSampleOrder(),
          shipment: {
            id: 'PO-1001:1Z999AA10123456784',
            carrier: 'ups',
            trackingNumber: '1Z999AA10123456784',
            shippedAt: '2026-11-20T15:30:00.000Z',
            lines: [{ lineId: '1', quantity: 1 }],
          },
        }),
    });
  });

  it('order intake pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createWalmartSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [WALMART_BASE_URL],
      call: (fetch) =>
        createWalmart({
          ...simulator.credentials,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).orders.list({
          since: '2026-11-19T00:00:00.000Z',
          until: '2026-11-20T00:00:00.000Z',
        }),
    });
  });
});
