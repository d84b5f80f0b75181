// Order intake benchmark (issue 19): 10,000 new orders spread over the four marketplace
// simulators (eBay, Amazon, Walmart, Shopify; 2,500 each), imported by one
// `dropshipper.importOrders()` with the memory store, each adapter at its marketplace's largest
// page and every HTTP call 20 ms slower (a fetch that waits before sending: the simulated network).
//
// Each marketplace's documented (or, where none is published, the adapter's modelled) rate limits
// would make this run take hours (Amazon's getOrderItems, 0.5 requests/s after a burst of 30, is
// 82 minutes for 2,500 orders), so for the run every limit the adapters and simulators enforce is
// scaled up by one factor, printed. Prints, per marketplace and in all: the calls made against the
// minimum (pages needed, plus Amazon's getOrderItems per order and Walmart's acknowledgement per
// order), and the wall time against the minimum those scaled limits and the latency allow (plus the
// minimum under the documented limits, unscaled). Targets: calls = minimum, wall ≤ 1.25× minimum.
// Not a test; the adapters take the paths they take in production (only their limits are set).

import { availableParallelism, loadavg } from 'node:os';
import { amazonOrderRateLimits, createAmazon } from '@dropship/amazon';
import { createAmazonSimulator } from '@dropship/amazon/testing';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type ImportMarketplaceOrdersResult,
  type MarketplaceAdapter,
  type OfferInput,
  type SalesOrder,
} from '@dropship/core';
import { createMockDistributorClient } from '@dropship/core/test';
import { createEbay, EBAY_ORDER_LIST_RATE_LIMIT } from '@dropship/ebay';
import { createEbaySimulator } from '@dropship/ebay/testing';
import type { RateLimitOptions } from '@dropship/http';
import { createShopify, SHOPIFY_MAX_QUERY_COST, shopifyOrdersQueryCost } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createTestServer, type MarketplaceSimulator } from '@dropship/testing';
import {
  createWalmart,
  WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT,
  WALMART_LIST_ORDERS_RATE_LIMIT,
} from '@dropship/walmart';
import { createWalmartSimulator } from '@dropship/walmart/testing';

const ordersPerMarketplace = 2_500;
const latencyMs = 20;
/** Every rate limit of the run (client buckets and simulator quotas) is this many times the documented one. */
const rateScale = 500;
/** Requests in flight per credential: `@dropship/http`'s default, which the adapters keep. */
const concurrency = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The simulated network: every request waits `latencyMs` before it is sent. */
const slowFetch: typeof fetch = async (input, init) => {
  await sleep(latencyMs);
  return globalThis.fetch(input, init);
};

/** A documented rate limit scaled by {@link rateScale} (the burst stays). */
function scaled(limit: Readonly<RateLimitOptions>): Required<RateLimitOptions> {
  return { requests: limit.requests, intervalMs: limit.intervalMs / rateScale, burst: limit.burst ?? limit.requests };
}

/** A token bucket the minimum is computed from: `calls` requests of one kind under `limit`. */
interface Bucket {
  name: string;
  calls: number;
  /** The documented limit, in requests (or, for Shopify, cost points) per interval. */
  limit: Readonly<RateLimitOptions>;
  /** Where the figure comes from. */
  source: string;
}

/** The least time `bucket` lets its calls go in, at `scale` times its documented rate, ms. */
function bucketMs(bucket: Bucket, scale: number): number {
  const burst = bucket.limit.burst ?? bucket.limit.requests;
  return (Math.max(0, bucket.calls - burst) * bucket.limit.intervalMs) / bucket.limit.requests / scale;
}

/** One marketplace of the run. */
interface Lane {
  marketplace: string;
  simulator: MarketplaceSimulator & { intake: NonNullable<MarketplaceSimulator['intake']> };
  adapter: MarketplaceAdapter;
  pageSize: number;
  /** The n-th order of this marketplace (ids in its format), one line of one unit. */
  order(index: number, at: string): SalesOrder;
  /** Listing calls per order besides the pages (Amazon: getOrderItems). */
  listingCallsPerOrder: number;
  /** Acknowledgement calls per order (Walmart: one POST per purchase order). */
  acknowledgementsPerOrder: number;
  buckets(pages: number[]): Bucket[];
}

const skus = Array.from({ length: 50 }, (_, index) => `BENCH-${String(index).padStart(3, '0')}`);
const sku = (index: number) => skus[index % skus.length] as string;
const pad = (value: number, width: number) => String(value).padStart(width, '0');

function baseOrder(
  marketplace: string,
  marketplaceOrderId: string,
  lineId: string,
  index: number,
  at: string,
): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId,
    orderedAt: at,
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
    lines: [{ lineId, sku: sku(index), quantity: 1, unitPrice: 4_999 }],
    shippingPaid: 0,
  };
}

function createLanes(): Lane[] {
  const ebaySimulator = createEbaySimulator();
  const amazonSimulator = createAmazonSimulator({
    // The simulator enforces Amazon's quotas, scaled like the client's buckets.
    orderQuotas: {
      listOrders: scaled(amazonOrderRateLimits.getOrders),
      listOrderItems: scaled(amazonOrderRateLimits.getOrderItems),
      restrictedDataToken: scaled(amazonOrderRateLimits.createRestrictedDataToken),
    },
  });
  const walmartSimulator = createWalmartSimulator();
  // Shopify's Standard plan: 100 cost points a second, a bucket of 2,000 (https://shopify.dev/docs/api/usage/limits).
  const shopifyRestoreRate = 100;
  const shopifyBucket = 2_000;
  const shopifySimulator = createShopifySimulator({
    restoreRate: shopifyRestoreRate * rateScale,
    maximumAvailable: shopifyBucket,
  });
  // Shopify's page is bounded by the query cost (SHOPIFY_MAX_QUERY_COST, 1,000 points): one line
  // item per order (every order of the run has one) lets 90 orders on a page.
  const shopifyLineItemsPerOrder = 1;
  let shopifyPageSize = 1;
  while (shopifyOrdersQueryCost(shopifyPageSize + 1, shopifyLineItemsPerOrder) <= SHOPIFY_MAX_QUERY_COST)
    shopifyPageSize++;

  return [
    {
      marketplace: 'ebay',
      simulator: ebaySimulator as Lane['simulator'],
      adapter: createEbay({
        accessToken: ebaySimulator.accessToken,
        baseURL: ebaySimulator.baseURL,
        fetch: slowFetch,
        orders: { pageSize: 200, rateLimit: scaled(EBAY_ORDER_LIST_RATE_LIMIT) },
      }),
      pageSize: 200,
      order: (index, at) =>
        baseOrder('ebay', `27-${pad(index, 5)}-89012`, String(10_001_234_560_000 + index), index, at),
      listingCallsPerOrder: 0,
      acknowledgementsPerOrder: 0,
      buckets: (pages) => [
        {
          name: 'getOrders',
          calls: pages.length,
          limit: EBAY_ORDER_LIST_RATE_LIMIT,
          source: 'modelled (eBay publishes daily quotas only)',
        },
      ],
    },
    {
      marketplace: 'amazon',
      simulator: amazonSimulator as Lane['simulator'],
      adapter: createAmazon({
        ...amazonSimulator.credentials,
        baseURL: amazonSimulator.baseURL,
        tokenURL: amazonSimulator.tokenURL,
        fetch: slowFetch,
        orders: {
          pageSize: 100,
          rateLimits: {
            getOrders: scaled(amazonOrderRateLimits.getOrders),
            getOrderItems: scaled(amazonOrderRateLimits.getOrderItems),
            createRestrictedDataToken: scaled(amazonOrderRateLimits.createRestrictedDataToken),
          },
        },
      }),
      pageSize: 100,
      order: (index, at) =>
        baseOrder('amazon', `902-${pad(index, 7)}-1059050`, String(52_986_400_000_000 + index), index, at),
      listingCallsPerOrder: 1,
      acknowledgementsPerOrder: 0,
      buckets: (pages) => [
        {
          name: 'getOrders',
          calls: pages.length,
          limit: amazonOrderRateLimits.getOrders,
          source: 'https://developer-docs.amazon.com/sp-api/reference/getorders',
        },
        {
          name: 'getOrderItems',
          calls: ordersPerMarketplace,
          limit: amazonOrderRateLimits.getOrderItems,
          source: 'https://developer-docs.amazon.com/sp-api/reference/getorderitems',
        },
      ],
    },
    {
      marketplace: 'walmart',
      simulator: walmartSimulator as Lane['simulator'],
      adapter: createWalmart({
        ...walmartSimulator.credentials,
        baseURL: walmartSimulator.baseURL,
        fetch: slowFetch,
        orders: {
          pageSize: 200,
          listRateLimit: scaled(WALMART_LIST_ORDERS_RATE_LIMIT),
          acknowledgeRateLimit: scaled(WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT),
        },
      }),
      pageSize: 200,
      order: (index, at) => baseOrder('walmart', String(1_800_000_000_000 + index), '1', index, at),
      listingCallsPerOrder: 0,
      acknowledgementsPerOrder: 1,
      buckets: (pages) => [
        {
          name: 'list orders',
          calls: pages.length,
          limit: WALMART_LIST_ORDERS_RATE_LIMIT,
          source: 'modelled (Walmart publishes no figure for its order calls)',
        },
        {
          name: 'acknowledge',
          calls: ordersPerMarketplace,
          limit: WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT,
          source: 'modelled (Walmart publishes no figure for its order calls)',
        },
      ],
    },
    {
      marketplace: 'shopify',
      simulator: shopifySimulator as Lane['simulator'],
      adapter: createShopify({
        accessToken: shopifySimulator.accessToken,
        baseURL: shopifySimulator.baseURL,
        fetch: slowFetch,
        orders: { pageSize: shopifyPageSize, lineItemsPerOrder: shopifyLineItemsPerOrder },
      }),
      pageSize: shopifyPageSize,
      order: (index, at) => ({
        ...baseOrder('shopify', String(6_100_000 + index), String(7_100_000 + index), index, at),
      }),
      listingCallsPerOrder: 0,
      acknowledgementsPerOrder: 0,
      buckets: (pages) => [
        {
          name: 'orders query cost (points)',
          // What Shopify charges a page: its actual cost (the unused part of the requested cost is refunded).
          calls: pages.reduce((sum, orders) => sum + shopifyOrdersQueryCost(orders, shopifyLineItemsPerOrder), 0),
          limit: { requests: shopifyRestoreRate, intervalMs: 1_000, burst: shopifyBucket },
          source: 'https://shopify.dev/docs/api/usage/limits (Standard plan)',
        },
      ],
    },
  ];
}

/** Orders on each page of a listing of `count` orders by `pageSize`. */
function pagesOf(count: number, pageSize: number): number[] {
  return Array.from({ length: Math.ceil(count / pageSize) }, (_, page) => Math.min(pageSize, count - page * pageSize));
}

/** The least wall time of a lane: its buckets at `scale`, or the latency of what must happen in turn. */
function laneMinimumMs(lane: Lane, scale: number): { ms: number; bound: string } {
  const pages = pagesOf(ordersPerMarketplace, lane.pageSize);
  const perOrder = ordersPerMarketplace * (lane.listingCallsPerOrder + lane.acknowledgementsPerOrder);
  const lastPagePerOrder = (pages.at(-1) ?? 0) * (lane.listingCallsPerOrder + lane.acknowledgementsPerOrder);
  // Pages follow one another (each needs the cursor of the one before); per-order calls go
  // `concurrency` at a time; those of the last page follow it.
  const chain = pages.length * latencyMs + Math.ceil(lastPagePerOrder / concurrency) * latencyMs;
  const spread = Math.ceil(perOrder / concurrency) * latencyMs + latencyMs;
  const candidates = [
    { ms: chain, bound: 'latency: pages in turn' },
    { ms: spread, bound: `latency: per-order calls ${concurrency} at a time` },
    ...lane
      .buckets(pages)
      .map((bucket) => ({ ms: bucketMs(bucket, scale) + latencyMs, bound: `rate: ${bucket.name}` })),
  ];
  return candidates.reduce((best, candidate) => (candidate.ms > best.ms ? candidate : best));
}

/** The most calls that arrived within one latency of each other: how many a lane had in flight at once, at most. */
function mostInFlight(times: readonly number[]): number {
  const sorted = [...times].sort((left, right) => left - right);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= latencyMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(2)} s`;
const minutes = (ms: number) => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : seconds(ms));

const lanes = createLanes();
const server = createTestServer(...lanes.flatMap((lane) => lane.simulator.handlers));
server.listen();

// The orders: new, changed in the last 90 minutes (one a second), each created when it changed.
const startedAt = Date.now();
for (const lane of lanes) {
  for (let index = 0; index < ordersPerMarketplace; index++) {
    const at = new Date(startedAt - 90 * 60_000 + index * 1_000).toISOString();
    lane.simulator.intake.putOrder(lane.order(index, at), { updatedAt: at });
  }
}
const offers: OfferInput[] = skus.map((code) => ({
  distributor: 'wps',
  sku: code,
  brand: 'Bench',
  mpn: code,
  currency: 'USD',
  cost: 2_000,
  stock: [{ warehouse: 'PA', quantity: 1_000_000, leadTimeDays: 0 }],
}));
const dropshipper = createDropshipper({
  distributors: [
    createMockDistributorClient({
      distributor: 'wps',
      stock: Object.fromEntries(skus.map((code) => [code, { PA: 1_000_000 }])),
    }),
  ],
  marketplaces: lanes.map((lane) => lane.adapter),
  store: createMemoryStore(),
  catalog: createMemoryCatalog(offers),
  // Held for a person: the run measures intake (save, reserve, record, acknowledge), not placing.
  approval: { mode: 'manual' },
  // A listing that never ends (an adapter bug) stops the run instead of hanging it: 60 pages is
  // more than any marketplace needs here (Shopify, 28).
  intake: { maxPagesPerRun: 60 },
});

console.log(
  `intake of ${ordersPerMarketplace * lanes.length} new orders (${ordersPerMarketplace} per marketplace), ${latencyMs} ms per call, ${concurrency} calls in flight per credential, every rate limit × ${rateScale}`,
);
const loadBefore = loadavg()[0] as number;
const started = Date.now();
const cpuStarted = process.cpuUsage();
const results = await dropshipper.importOrders();
const wallMs = Date.now() - started;
const cpu = process.cpuUsage(cpuStarted);
server.close();

let callsAtMinimum = true;
let allImported = true;
let minimumMs = 0;
let documentedMinimumMs = 0;
for (const lane of lanes) {
  const result = results.find((each) => each.marketplace === lane.marketplace) as ImportMarketplaceOrdersResult;
  const pages = pagesOf(ordersPerMarketplace, lane.pageSize);
  const listingMinimum = pages.length + ordersPerMarketplace * lane.listingCallsPerOrder;
  const acknowledgementMinimum = ordersPerMarketplace * lane.acknowledgementsPerOrder;
  const listing = lane.simulator.intake.listCallCount();
  const acknowledgements = lane.simulator.requestTimes('acknowledge-orders').length;
  const all = lane.simulator.requestTimes().length;
  const atMinimum = listing === listingMinimum && acknowledgements === acknowledgementMinimum;
  callsAtMinimum &&= atMinimum;
  const imported =
    result.imported === ordersPerMarketplace &&
    result.error === undefined &&
    result.stopped === undefined &&
    result.duplicates === 0;
  allImported &&= imported;
  const lastCall = Math.max(...lane.simulator.requestTimes());
  const scaledMinimum = laneMinimumMs(lane, rateScale);
  const documented = laneMinimumMs(lane, 1);
  minimumMs = Math.max(minimumMs, scaledMinimum.ms);
  documentedMinimumMs = Math.max(documentedMinimumMs, documented.ms);
  console.log(
    `${lane.marketplace.padEnd(8)} pages of ${lane.pageSize}: ${result.pages}; imported ${result.imported}, held ${result.held}, duplicates ${result.duplicates}, acknowledged ${result.acknowledged}${result.stopped ? `, stopped: ${result.stopped}` : ''}${result.error ? `, error: ${result.error}` : ''}`,
  );
  console.log(
    `         calls: listing ${listing} (minimum ${listingMinimum}), acknowledgements ${acknowledgements} (minimum ${acknowledgementMinimum}), other ${all - listing - acknowledgements} (tokens) ${atMinimum ? '= minimum' : '≠ minimum'}`,
  );
  console.log(
    `         calls arriving within one latency (${latencyMs} ms) of each other: at most ${mostInFlight(lane.simulator.requestTimes())} (${concurrency} can be in flight)`,
  );
  console.log(
    `         last call at ${seconds(lastCall - started)}; minimum ${seconds(scaledMinimum.ms)} (${scaledMinimum.bound}); under the documented limits: ${minutes(documented.ms)} (${documented.bound}; ${lane
      .buckets(pages)
      .map(
        (bucket) =>
          `${bucket.name} ${bucket.limit.requests}/${bucket.limit.intervalMs} ms burst ${bucket.limit.burst ?? bucket.limit.requests}, ${bucket.source}`,
      )
      .join('; ')})`,
  );
}
const ratio = wallMs / minimumMs;
console.log(
  `load average (1 min) before / after the run: ${loadBefore.toFixed(2)} / ${(loadavg()[0] as number).toFixed(2)} on ${availableParallelism()} cores (wall time includes whatever else the machine runs; CPU time is this process's)`,
);
console.log(
  `wall time: ${seconds(wallMs)} (CPU ${seconds((cpu.user + cpu.system) / 1_000)}); minimum with the limits × ${rateScale}: ${seconds(minimumMs)}; ratio ${ratio.toFixed(2)}× (target ≤ 1.25×) ${ratio <= 1.25 ? 'PASS' : 'FAIL'}`,
);
console.log(
  `under the documented limits the same intake takes at least ${minutes(documentedMinimumMs)} (the slowest marketplace), ${rateScale}× the run's minimum`,
);
console.log(`calls: ${callsAtMinimum ? 'every marketplace at the minimum PASS' : 'not at the minimum FAIL'}`);
console.log(`every order imported once, no error: ${allImported ? 'yes PASS' : 'no FAIL'}`);
