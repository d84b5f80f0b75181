import {
  AuthenticationError,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type PendingListingUpdate,
  ResponseParseError,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWalmart } from './walmart-client.js';
import { readWalmartSubmissionId } from './walmart-listings.js';
import type { WalmartOptions } from './walmart-settings.js';
import { createWalmartSimulator } from './walmart-simulator.js';
import { walmartListingsOperations } from './walmart-simulator-listings.js';

// Bulk feeds: POST /v3/feeds?feedType=inventory (1.4) and feedType=price (1.7), multipart field
// `file`; status GET /v3/feeds/{feedId}?includeDetails=true&offset&limit (<= 50); read-back
// GET /v3/inventory?sku= (https://developer.walmart.com/us-marketplace/docs/bulk-inventory-update-feed;
// spec copies api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-{feeds,inventory}-openapi-original.yml).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let counter = 0;

function setup(adapterOptions: WalmartOptions = {}) {
  counter += 1;
  const credentials = {
    clientId: `SENTINEL-WM-LIST-ID-${counter}-3d9a`,
    clientSecret: `SENTINEL-WM-LIST-SECRET-${counter}-c41b`,
  };
  const simulator = createWalmartSimulator(credentials);
  server.resetHandlers(...simulator.handlers);
  const adapter = createWalmart({
    ...credentials,
    baseURL: simulator.baseURL,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...adapterOptions,
    listings: { feedRateLimit: false, readRateLimit: false, ...adapterOptions.listings },
  });
  const secrets = () => [credentials.clientId, credentials.clientSecret, ...simulator.issuedTokens()];
  return { simulator, adapter, listings: adapter.listings, secrets };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const skus = (count: number) => Array.from({ length: count }, (_, index) => `SKU-${index + 1}`);

function pendingOf(updates: readonly ListingUpdate[], outcomes: readonly ListingUpdateOutcome[]) {
  return outcomes.map((outcome, index): PendingListingUpdate => {
    if (outcome.status !== 'pending') throw new Error(`expected pending, got ${JSON.stringify(outcome)}`);
    return { submissionId: outcome.submissionId, update: updates[index] as ListingUpdate };
  });
}

describe('walmart listings', () => {
  it('declares an asynchronous push with the configured batch size (default 1,000, modelled)', () => {
    expect(setup().adapter.capabilities.listings).toBe('push');
    expect(setup().listings.mode).toBe('asynchronous');
    expect(setup().listings.batchSize).toBe(1_000);
    expect(setup({ listings: { batchSize: 3 } }).listings.batchSize).toBe(3);
  });

  it('batches to the limit: 7 quantities in feeds of 3 are 3 calls, pending until Walmart processes them, then applied', async () => {
    const { simulator, listings } = setup({ listings: { batchSize: 3 } });
    for (const sku of skus(7)) simulator.listings.putListing(sku, { quantity: 1 });
    const updates = skus(7).map((sku, index) => ({ sku, quantity: 10 + index }));
    const pushed = await listings.push(updates);
    expect(pushed.calls).toBe(3);
    expect(simulator.listings.pushCallCount()).toBe(3);
    expect(simulator.listings.feeds().map((feed) => feed.skus.length)).toEqual([3, 3, 1]);
    expect(pushed.outcomes.map((outcome) => outcome.status)).toEqual(Array(7).fill('pending'));
    expect(simulator.listings.listing('SKU-1')).toEqual({ quantity: 1 });

    const pending = pendingOf(updates, pushed.outcomes);
    const early = await listings.confirm?.(pending);
    expect(early?.outcomes.map((outcome) => outcome.status)).toEqual(Array(7).fill('pending'));

    simulator.listings.process();
    const confirmed = await listings.confirm?.(pending);
    expect(confirmed?.outcomes).toEqual(skus(7).map((sku) => ({ sku, status: 'applied' })));
    expect(confirmed?.calls).toBe(3);
    expect(simulator.listings.listing('SKU-7')).toEqual({ quantity: 16 });
    expect(simulator.listings.changes().map(({ sku, quantity }) => ({ sku, quantity }))).toEqual(
      updates.map(({ sku, quantity }) => ({ sku, quantity })),
    );
  });

  it('sends quantities and prices in one inventory and one price feed; the submission names both', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A', { quantity: 2 });
    simulator.listings.putListing('B', { quantity: 2 });
    const updates: ListingUpdate[] = [
      { sku: 'A', quantity: 5, price: { amount: 4_599, currency: 'USD' } },
      { sku: 'B', price: { amount: 12_995, currency: 'USD' } },
    ];
    const pushed = await listings.push(updates);
    expect(pushed.calls).toBe(2);
    expect(simulator.listings.feeds().map((feed) => [feed.feedType, feed.skus])).toEqual([
      ['inventory', ['A']],
      ['price', ['A', 'B']],
    ]);
    const [first] = pendingOf(updates, pushed.outcomes);
    expect(Object.keys(readWalmartSubmissionId(first?.submissionId ?? '') ?? {})).toEqual(['inventory', 'price']);
    simulator.listings.process();
    const confirmed = await listings.confirm?.(pendingOf(updates, pushed.outcomes));
    expect(confirmed?.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    expect(simulator.listings.listing('A')).toEqual({ quantity: 5, price: { amount: 4_599, currency: 'USD' } });
    expect(simulator.listings.listing('B')).toEqual({ quantity: 2, price: { amount: 12_995, currency: 'USD' } });
  });

  it('reports per item: an unknown SKU and a refused value are failed (not retryable), a system error retryable; the others applied', async () => {
    const { simulator, listings } = setup();
    for (const sku of ['OK', 'REFUSED', 'FLAKY']) simulator.listings.putListing(sku);
    simulator.listings.refuseNextUpdate(['REFUSED']);
    simulator.listings.refuseNextUpdate(['FLAKY'], { retryable: true });
    const updates = ['OK', 'UNKNOWN', 'REFUSED', 'FLAKY'].map((sku) => ({ sku, quantity: 4 }));
    const pushed = await listings.push(updates);
    simulator.listings.process();
    const confirmed = await listings.confirm?.(pendingOf(updates, pushed.outcomes));
    expect(confirmed?.outcomes).toMatchObject([
      { sku: 'OK', status: 'applied' },
      { sku: 'UNKNOWN', status: 'failed', retryable: false, code: 'ERR_EXT_DATA_0101001' },
      { sku: 'REFUSED', status: 'failed', retryable: false },
      { sku: 'FLAKY', status: 'failed', retryable: true },
    ]);
    expect(simulator.listings.listing('OK')).toEqual({ quantity: 4 });
    expect(simulator.listings.listing('REFUSED')).toEqual({ quantity: 0 });
  });

  it('a feed that ends in ERROR fails every item, retryable (accepted is not applied)', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A');
    simulator.listings.failNextFeed();
    const updates = [{ sku: 'A', quantity: 3 }];
    const pushed = await listings.push(updates);
    simulator.listings.process();
    const confirmed = await listings.confirm?.(pendingOf(updates, pushed.outcomes));
    expect(confirmed?.outcomes).toMatchObject([{ sku: 'A', status: 'failed', retryable: true }]);
    expect(simulator.listings.listing('A')).toEqual({ quantity: 0 });
  });

  it('pages a processed feed 50 items at a time: 120 items are 3 status calls', async () => {
    const { simulator, listings } = setup();
    for (const sku of skus(120)) simulator.listings.putListing(sku);
    const updates = skus(120).map((sku) => ({ sku, quantity: 1 }));
    const pushed = await listings.push(updates);
    expect(pushed.calls).toBe(1);
    simulator.listings.process();
    const confirmed = await listings.confirm?.(pendingOf(updates, pushed.outcomes));
    expect(confirmed?.calls).toBe(3);
    expect(simulator.requestTimes(walmartListingsOperations.confirm)).toHaveLength(3);
    expect(confirmed?.outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
  });

  it('a 429 is waited out and sent again: one feed, two calls served', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A');
    simulator.throttle({ times: 1, operations: [walmartListingsOperations.push] });
    const pushed = await listings.push([{ sku: 'A', quantity: 2 }]);
    expect(pushed.outcomes[0]?.status).toBe('pending');
    expect(simulator.listings.pushCallCount()).toBe(2);
    expect(simulator.listings.feeds()).toHaveLength(1);
  });

  it('paces the feeds with feedRateLimit', async () => {
    const { simulator, listings } = setup({
      listings: { batchSize: 1, feedRateLimit: { requests: 1, intervalMs: 250, burst: 1 } },
    });
    for (const sku of skus(3)) simulator.listings.putListing(sku);
    await listings.push(skus(3).map((sku) => ({ sku, quantity: 1 })));
    const times = simulator.requestTimes(walmartListingsOperations.push);
    expect(times).toHaveLength(3);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(300);
  });

  it('reads back what the listings show; an unknown SKU is not found', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A', { quantity: 7 });
    simulator.listings.sell('A', 2);
    expect(await listings.read(['A', 'NOPE'])).toEqual([
      { sku: 'A', found: true, quantity: 5 },
      { sku: 'NOPE', found: false },
    ]);
  });

  it('a first feed refused or garbled throws (AuthenticationError, ResponseParseError) without the secrets', async () => {
    const { simulator, listings, secrets } = setup();
    simulator.listings.putListing('A');
    simulator.injectFault({ kind: 'malformed-body', operations: [walmartListingsOperations.push] });
    const garbled = await failure(listings.push([{ sku: 'A', quantity: 1 }]));
    expect(ResponseParseError.isInstance(garbled)).toBe(true);

    const wrong = createWalmart({
      clientId: 'SENTINEL-WM-LIST-WRONG-ID-0a1b',
      clientSecret: 'SENTINEL-WM-LIST-WRONG-SECRET-2c3d',
      baseURL: simulator.baseURL,
      retry: { retries: 0 },
    });
    const refused = await failure(wrong.listings.push([{ sku: 'A', quantity: 1 }]));
    expect(AuthenticationError.isInstance(refused)).toBe(true);
    expectNoSecrets([refused, garbled], [...secrets(), 'SENTINEL-WM-LIST-WRONG-SECRET-2c3d']);
    expect(simulator.listings.feeds()).toHaveLength(0);
  });

  it('a later feed lost after Walmart took it leaves its items unknown (not failed, not pending); the first stay pending', async () => {
    let feedPosts = 0;
    // The answer to the second feed is lost after the simulator queued it.
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if ((init?.method ?? 'GET') === 'POST' && url.includes('/v3/feeds')) {
        feedPosts += 1;
        if (feedPosts === 2) throw new TypeError('fetch failed');
      }
      return response;
    };
    const { simulator, listings } = setup({ fetch: losing, listings: { batchSize: 1 } });
    simulator.listings.putListing('A');
    simulator.listings.putListing('B');
    const pushed = await listings.push([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 2 },
    ]);
    expect(pushed.outcomes.map((outcome) => outcome.status)).toEqual(['pending', 'unknown']);
    expect(simulator.listings.feeds()).toHaveLength(2);
    expect(simulator.listings.pushCallCount()).toBe(2);
  });

  it('refuses bad updates before any call (ValidationError)', async () => {
    const { simulator, listings } = setup();
    for (const bad of [
      [{ sku: 'A' }],
      [{ sku: 'A', quantity: -1 }],
      [{ sku: 'A', quantity: 1.5 }],
      [{ sku: '', quantity: 1 }],
      [{ sku: 'A', price: { amount: 10.5, currency: 'USD' } }],
      [{ sku: 'A', quantity: 1, colour: 'red' }],
    ]) {
      const error = await failure(listings.push(bad as ListingUpdate[]));
      expect(ValidationError.isInstance(error)).toBe(true);
    }
    expect(simulator.listings.pushCallCount()).toBe(0);
  });
});
