// Rate limits: for every adapter with a known or configured limit, many calls at once through two
// clients that share one credential (the limit is per credential, not per client), request times
// recorded at the test server, and a sliding-window check that the limit is never exceeded.
//
// - Amazon: 2 requests/s, burst 10 (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), the adapter's default; the
//   simulator also enforces the quota (429 QuotaExceeded), so its rejections must stay at 0.
// - WPS, Parts Unlimited, Tucker Rocky, Automatic, eBay: no limit is published (each client's
//   README says so), so none is configured by default;
//   the test configures one through each factory's `rateLimit` option.
// - Walmart: its per-endpoint limits are UNCONFIRMED (no public documentation), so none is set by
//   default; the test configures one through `rateLimit` (token requests included), and also
//   checks the `concurrency` cap: never more requests in flight than configured.
// - Shopify: the limit is Shopify's cost bucket; the adapter waits the restore time a THROTTLED
//   answer names before it retries, which is what is checked. Many pushes at once through a
//   small bucket are fixed bug 7 (known-bugs.test.ts).
import { createAmazon } from '@dropship/amazon';
import { createAmazonSimulator } from '@dropship/amazon/testing';
import type { DistributorClient, SalesOrder } from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEbaySimulator } from '@dropship/ebay/testing';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator } from '@dropship/walmart/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createReliabilityServer,
  createReliabilityWorld,
  distributorIds,
  type ProductStock,
  worldProducts,
} from './support/reliability-world.js';
import { type BucketLimit, slidingWindowReports } from './support/sliding-window.js';

const configured: BucketLimit = { requests: 10, intervalMs: 500, burst: 3 };
/** Time a request may spend between leaving the limiter and reaching the server, ms. */
const jitterMs = 30;
const stock: ProductStock = {
  wps: [50, 50, 50, 50],
  'parts-unlimited': [50, 50, 50, 50],
  'tucker-rocky': [50, 50, 50, 50],
  automatic: [50, 50, 50, 50],
};

// Credentials unique to this file, so that no other client shares (and pre-spends) the limiters.
const suffix = Math.random().toString(36).slice(2, 10);
const world = createReliabilityWorld({
  timeoutMs: 10_000,
  lane: 60,
  credentials: {
    wpsApiToken: `rate-wps-${suffix}`,
    partsUnlimitedApiKey: `rate-pu-${suffix}`,
    tuckerRockyApiKey: `rate-tr-${suffix}`,
    automaticApiToken: `rate-ad-${suffix}`,
    walmartClientSecret: `rate-wm-${suffix}`,
  },
  shopifyRestoreRate: 1_000_000,
});
const amazon = createAmazonSimulator({
  baseURL: 'https://amazon.lane60.reliability.test',
  tokenURL: 'https://lwa.lane60.reliability.test/auth/o2/token',
  refreshToken: `Atzr|rate-${suffix}`,
});
const ebay = createEbaySimulator({
  baseURL: 'https://ebay.lane60.reliability.test',
  accessToken: `rate-ebay-${suffix}`,
});
const shopify = createShopifySimulator({
  baseURL: 'https://shopify-small.lane60.reliability.test',
  accessToken: `shpat_rate_${suffix}`,
  maximumAvailable: 400,
  restoreRate: 400,
  queryCost: 150,
  mutationCost: 10,
});
// Its own Walmart account: the first client of a credential sets its limiter (the concurrency
// check below uses the world's account with `concurrency: 2` and no rate limit).
const walmart = createWalmartSimulator({
  baseURL: 'https://walmart-limited.lane60.reliability.test',
  clientId: `rate-wm-limited-${suffix}`,
  clientSecret: `rate-wm-limited-secret-${suffix}`,
});
const server = createReliabilityServer([world], {
  record: true,
  more: [
    { origins: [amazon.baseURL, amazon.tokenURL], handlers: amazon.handlers },
    { origins: [ebay.baseURL], handlers: ebay.handlers },
    { origins: [shopify.baseURL], handlers: shopify.handlers },
    { origins: [walmart.baseURL], handlers: walmart.handlers },
  ],
});
const recorder = server.recorder!;
beforeAll(() => {
  server.listen();
  world.reset(stock);
});
afterAll(() => server.close());

const fetchNow: typeof fetch = (input, init) => globalThis.fetch(input, init);

/** Request times at the server for one origin (and path pattern). */
function timesAt(origin: string, path?: RegExp): number[] {
  const host = new URL(origin).origin;
  return recorder
    .calls()
    .filter((call) => call.url.startsWith(host) && (path === undefined || path.test(call.path)))
    .map((call) => call.time);
}

function expectWithin(times: readonly number[], limit: BucketLimit): void {
  for (const report of slidingWindowReports(times, limit, jitterMs)) {
    expect(
      report.most,
      `at most ${report.allowed} requests in any ${report.windowMs} ms window (busiest at +${report.at} ms)`,
    ).toBeLessThanOrEqual(report.allowed);
  }
}

function order(marketplace: string, id: string, lineId: string): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId: id,
    orderedAt: '2026-11-20T14:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [{ lineId, sku: 'EBC-FA196HH', quantity: 1, unitPrice: 4_599 }],
    shippingPaid: 0,
  };
}

function notice(id: string, lineId: string, trackingNumber: string) {
  return {
    id,
    carrier: 'ups' as const,
    trackingNumber,
    shippedAt: '2026-11-21T10:00:00.000Z',
    lines: [{ lineId, quantity: 1 }],
  };
}

describe('rate limits configured on the distributor clients are never exceeded', () => {
  for (const distributor of distributorIds) {
    it(`${distributor}: ${configured.requests} per ${configured.intervalMs} ms, burst ${configured.burst}, shared by two clients`, async () => {
      // Two clients with the same credentials: the limit is per credential, shared by both.
      const limited = [0, 1].map(
        () =>
          world
            .createDistributorClients({ fetch: fetchNow, rateLimit: configured })
            .find((client) => client.distributor === distributor) as DistributorClient,
      );
      const origin = world.distributors[distributor].baseURL;
      const before = timesAt(origin).length;
      const started = Date.now();
      const calls = Array.from({ length: 30 }, (_, index) => {
        const client = limited[index % 2] as DistributorClient;
        const sku = worldProducts[index % worldProducts.length]!.skus[distributor];
        return index % 3 === 0 ? client.findOrder(`RATE${index}`) : client.checkStock([sku]);
      });
      await Promise.all(calls);
      const times = timesAt(origin).slice(before);
      expect(times.length).toBeGreaterThanOrEqual(30);
      expectWithin(times, configured);
      // 30+ requests at 10 per 500 ms after a burst of 3 cannot finish in less than ~1.3 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(
        ((times.length - configured.burst) / configured.requests) * configured.intervalMs - jitterMs,
      );
    }, 30_000);
  }
});

describe('Amazon: 2 requests/s, burst 10 (the default), never exceeded', () => {
  it('confirms 24 shipments at once through two adapters sharing one refresh token', async () => {
    const make = () =>
      createAmazon({
        refreshToken: amazon.credentials.refreshToken,
        clientId: amazon.credentials.clientId,
        clientSecret: amazon.credentials.clientSecret,
        baseURL: amazon.baseURL,
        tokenURL: amazon.tokenURL,
        fetch: fetchNow,
        retry: { retries: 0 },
      });
    const adapters = [make(), make()];
    const pushes = Array.from({ length: 24 }, (_, index) => {
      const id = `902-${String(1_100_000 + index).padStart(7, '0')}-${String(1_000_000 + index).padStart(7, '0')}`;
      const lineId = String(52_986_411_826_000 + index);
      const sales = order('amazon', id, lineId);
      amazon.addOrder(sales);
      return (adapters[index % 2] as ReturnType<typeof make>).pushTracking({
        order: sales,
        shipment: notice(`PO${index}:1ZRATE${index}`, lineId, `1ZRATEAMZ${String(index).padStart(9, '0')}`),
      });
    });
    const results = await Promise.all(pushes);
    expect(results.every((result) => result.status === 'pushed')).toBe(true);
    const times = timesAt(amazon.baseURL, /shipmentConfirmation/);
    expect(times).toHaveLength(24);
    expectWithin(times, { requests: 2, intervalMs: 1_000, burst: 10 });
    // The simulator enforces Amazon's quota itself: a client over the limit would have been refused.
    expect(amazon.quotaRejections()).toBe(0);
  }, 60_000);
});

describe('eBay: a configured limit is never exceeded', () => {
  it('pushes 20 shipments at once through two adapters sharing one token', async () => {
    const make = () =>
      createEbay({
        accessToken: `rate-ebay-${suffix}`,
        baseURL: ebay.baseURL,
        fetch: fetchNow,
        rateLimit: configured,
        retry: { retries: 0 },
      });
    const adapters = [make(), make()];
    const pushes = Array.from({ length: 20 }, (_, index) => {
      const id = `12-${String(34_000 + index).padStart(5, '0')}-${String(89_000 + index).padStart(5, '0')}`;
      const lineId = String(10_001_234_560_000 + index);
      const sales = order('ebay', id, lineId);
      ebay.addOrder(sales);
      return (adapters[index % 2] as ReturnType<typeof make>).pushTracking({
        order: sales,
        shipment: notice(`PO${index}:1ZEBAY${index}`, lineId, `1ZRATEEBY${String(index).padStart(9, '0')}`),
      });
    });
    await Promise.all(pushes);
    const times = timesAt(ebay.baseURL);
    expect(times.length).toBeGreaterThanOrEqual(20);
    expectWithin(times, configured);
  }, 60_000);
});

describe('Walmart: a configured limit is never exceeded', () => {
  it('pushes 16 shipments at once through two adapters sharing one client ID', async () => {
    const make = () =>
      createWalmart({
        clientId: `rate-wm-limited-${suffix}`,
        clientSecret: `rate-wm-limited-secret-${suffix}`,
        baseURL: walmart.baseURL,
        fetch: fetchNow,
        rateLimit: configured,
      });
    const adapters = [make(), make()];
    await Promise.all(
      Array.from({ length: 16 }, (_, index) => {
        const sales = order('walmart', `7710${index}`, '1');
        walmart.addOrder(sales);
        return (adapters[index % 2] as ReturnType<typeof make>).pushTracking({
          order: sales,
          shipment: notice(`PO:L${index}`, '1', `1ZRATEWML${String(index).padStart(9, '0')}`),
        });
      }),
    );
    const times = timesAt(walmart.baseURL);
    // At least a token request, then a read and a ship call per push.
    expect(times.length).toBeGreaterThanOrEqual(33);
    expectWithin(times, configured);
    expect(walmart.fulfillments('77100')).toHaveLength(1);
  }, 60_000);
});

describe('Walmart: the concurrency cap holds', () => {
  it('never has more than 2 requests in flight with concurrency 2', async () => {
    let inFlight = 0;
    let most = 0;
    const slowFetch: typeof fetch = async (input, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 15));
        return await globalThis.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const make = () =>
      createWalmart({
        clientId: world.credentials.walmartClientId,
        clientSecret: world.credentials.walmartClientSecret,
        baseURL: world.marketplaces.walmart.baseURL,
        fetch: slowFetch,
        concurrency: 2,
      });
    const adapters = [make(), make()];
    await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const sales = order('walmart', `7700${index}`, '1');
        world.addMarketplaceOrder(sales);
        return (adapters[index % 2] as ReturnType<typeof make>).pushTracking({
          order: sales,
          shipment: notice(`PO:${index}`, '1', `1ZRATEWMT${String(index).padStart(9, '0')}`),
        });
      }),
    );
    // The token request runs on its own client (same credential, same limiter).
    expect(most).toBeLessThanOrEqual(2);
    expect(world.marketplaces.walmart.fulfillments('77000')).toHaveLength(1);
  }, 60_000);
});

describe('Shopify: a THROTTLED answer is waited out before the retry', () => {
  it('waits the restore time Shopify names before asking again', async () => {
    const adapter = createShopify({ accessToken: `shpat_rate_${suffix}`, baseURL: shopify.baseURL, fetch: fetchNow });
    const sales = order('shopify', '660001', '990001');
    shopify.addOrder(sales);
    // The read costs 150 points; THROTTLED with 0 available and 400 restored per second names a
    // wait of 375 ms.
    shopify.throttle({ times: 1, operations: ['read-order'], currentlyAvailable: 0 });
    const before = timesAt(shopify.baseURL).length;
    const result = await adapter.pushTracking({
      order: sales,
      shipment: notice('PO:1', '990001', '1ZRATESHP000000001'),
    });
    expect(result.status).toBe('pushed');
    const [throttled, retried] = timesAt(shopify.baseURL).slice(before);
    expect((retried as number) - (throttled as number)).toBeGreaterThanOrEqual(375 - jitterMs);
  }, 30_000);
});
