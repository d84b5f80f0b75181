import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay, EBAY_PRODUCTION_URL } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('ebay simulator host', () => {
  it('answers on a reserved test host, never on eBay production', () => {
    const simulator = createEbaySimulator();
    expect(simulator.baseURL).toBe('https://ebay.simulator.test');
    expect(new URL(simulator.baseURL).hostname).not.toBe(new URL(EBAY_PRODUCTION_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createEbaySimulator();
    const order = ebayOrderFixture();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [EBAY_PRODUCTION_URL],
      call: (fetch) =>
        createEbay({
          accessToken: simulator.accessToken,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).pushTracking({
          order,
          shipment: {
            id: 'PO-1:1Z5R89390357567127',
            carrier: 'ups',
            trackingNumber: '1Z5R89390357567127',
            shippedAt: '2026-11-02T08:30:00-07:00',
            lines: [{ lineId: order.lines[0]?.lineId ?? '', quantity: 1 }],
          },
        }),
    });
  });
});
