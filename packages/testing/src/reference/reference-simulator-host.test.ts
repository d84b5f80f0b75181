import type { SalesOrder } from '@dropship/core';
import { describe, it } from 'vitest';
import { expectStaysOnTestHosts } from '../expect-stays-on-test-hosts.js';
import { createReferenceDistributorClient } from './reference-distributor-client.js';
import { createReferenceDistributorSimulator } from './reference-distributor-simulator.js';
import { createReferenceMarketplaceAdapter } from './reference-marketplace-adapter.js';
import { createReferenceMarketplaceSimulator } from './reference-marketplace-simulator.js';

// No test server in this file: this is a script that forgot `server.listen()`.
describe('reference simulators host', () => {
  it('the reference distributor: a reserved test host; with no server listening the client fails without leaving it', async () => {
    const simulator = createReferenceDistributorSimulator();
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [], // a reference, no vendor behind it
      call: (fetch) =>
        createReferenceDistributorClient({
          apiKey: simulator.apiKey,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).findOrder('PO-1001'),
    });
  });

  it('the reference marketplace: a reserved test host; with no server listening the adapter fails without leaving it', async () => {
    const simulator = createReferenceMarketplaceSimulator();
    const order: SalesOrder = {
      marketplace: 'reference',
      marketplaceOrderId: 'R-1001',
      orderedAt: '2026-11-18T14:03:00.000Z',
      currency: 'USD',
      buyer: { name: 'Jordan Rider' },
      shipTo: {
        name: 'Jordan Rider',
        address1: '1200 W Main St',
        city: 'Boise',
        region: 'ID',
        postalCode: '83702',
        country: 'US',
      },
      lines: [{ lineId: 'L1', sku: 'EBC-FA196HH', quantity: 1, unitPrice: 4_599 }],
      shippingPaid: 0,
    };
    await expectStaysOnTestHosts({
      urls: [simulator.baseURL],
      productionURLs: [], // a reference, no vendor behind it
      call: (fetch) =>
        createReferenceMarketplaceAdapter({
          accessToken: simulator.accessToken,
          baseURL: simulator.baseURL,
          fetch,
          retry: { retries: 0 },
        }).pushTracking({
          order,
          shipment: {
            id: 'PO-1001:1Z999AA10123456784',
            carrier: 'ups',
            trackingNumber: '1Z999AA10123456784',
            shippedAt: '2026-11-20T15:30:00.000Z',
            lines: [{ lineId: 'L1', quantity: 1 }],
          },
        }),
    });
  });
});
