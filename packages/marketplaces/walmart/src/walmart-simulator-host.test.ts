import { NetworkError } from '@dropship/core';
import { createRecordingFetch, isReservedTestURL } from '@dropship/testing/simulator';
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
    // Checked first, so that a simulator on a production host fails here before any request.
    expect(isReservedTestURL(simulator.baseURL)).toBe(true);
    const order = walmartSampleOrder();
    const recorder = createRecordingFetch();
    const client = createWalmart({
      ...simulator.credentials,
      baseURL: simulator.baseURL,
      fetch: recorder.fetch,
      retry: { retries: 0 },
    });
    const error = await client
      .pushTracking({
        order,
        shipment: {
          id: 'PO-1001:1Z999AA10123456784',
          carrier: 'ups',
          trackingNumber: '1Z999AA10123456784',
          shippedAt: '2026-11-20T15:30:00.000Z',
          lines: [{ lineId: '1', quantity: 1 }],
        },
      })
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(recorder.urls.length).toBeGreaterThan(0);
    expect(recorder.urls.filter((url) => !isReservedTestURL(url))).toEqual([]);
  });
});
