import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator, SIMULATED_SHOPIFY_SHOP } from './shopify-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('shopify simulator host', () => {
  it('answers on a reserved test host, never on a shop production host (myshopify.com)', () => {
    const simulator = createShopifySimulator();
    expect(simulator.baseURL).toBe('https://shopify.simulator.test');
    expect(new URL(simulator.baseURL).hostname).not.toBe(
      new URL(`https://${SIMULATED_SHOPIFY_SHOP}.myshopify.com`).hostname,
    );
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createShopifySimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [`https://${SIMULATED_SHOPIFY_SHOP}.myshopify.com`],
      call: (fetch) =>
        createShopify({
          accessToken: simulator.accessToken,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).pushTracking({
          order: shopifySampleOrder(),
          shipment: {
            id: 'PO-1001:1Z999AA10123456784',
            carrier: 'ups',
            trackingNumber: '1Z999AA10123456784',
            shippedAt: '2026-11-20T15:30:00.000Z',
            lines: [{ lineId: '9001', quantity: 1 }],
          },
        }),
    });
  });
});
