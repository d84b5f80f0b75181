import { expectStaysOnTestHosts } from '@dropship/testing/simulator';
import { describe, expect, it } from 'vitest';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { createAmazon } from './amazon-adapter.js';
import { amazonRegionHosts } from './amazon-schemas.js';
import { createAmazonSimulator } from './amazon-simulator.js';
import { LWA_TOKEN_URL } from './lwa-token-provider.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('amazon simulator host', () => {
  it('answers on a reserved test host, never on Amazon production', () => {
    const simulator = createAmazonSimulator();
    expect(simulator.baseURL).toBe('https://amazon.simulator.test');
    expect(new URL(simulator.baseURL).hostname).not.toBe(new URL(amazonRegionHosts.na).hostname);
    expect(simulator.tokenURL).toBe('https://amazon-lwa.simulator.test/auth/o2/token');
    expect(new URL(simulator.tokenURL).hostname).not.toBe(new URL(LWA_TOKEN_URL).hostname);
  });

  it('a client pointed at the simulator with no server listening fails without a request to a production host', async () => {
    const simulator = createAmazonSimulator();
    const order = amazonOrderFixture();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL, simulator.tokenURL],
      productionURLs: [amazonRegionHosts.na, LWA_TOKEN_URL],
      call: (fetch) =>
        createAmazon({
          ...simulator.credentials,
          baseURL: simulator.baseURL,
          tokenURL: simulator.tokenURL,
          fetch,
          retry: { retries: 0 },
        }).pushTracking({
          order,
          shipment: {
            id: 'PO-1:986578788855',
            carrier: 'fedex',
            trackingNumber: '986578788855',
            shippedAt: '2026-11-02T08:30:00-07:00',
            lines: [{ lineId: order.lines[0]?.lineId ?? '', quantity: 1 }],
          },
        }),
    });
  });
});
