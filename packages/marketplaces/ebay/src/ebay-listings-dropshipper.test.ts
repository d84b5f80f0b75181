import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type ListingInput,
  type OfferInput,
} from '@dropship/core';
import { createMockDistributorClient } from '@dropship/core/test';
import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEbay } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';

// Core's listings push over the real eBay adapter and its simulator, end to end.
const NOW = new Date('2026-12-07T12:00:00.000Z');
const accessToken = 'v^1.1#SENTINEL-EBAY-LISTINGS-E2E-5e';
const simulator = createEbaySimulator({ accessToken });
const server = createTestServer(...simulator.handlers);
beforeAll(() => server.listen());
afterAll(() => server.close());

const offer = (sku: string, quantity: number): OfferInput => ({
  distributor: 'wps',
  sku: `W-${sku}`,
  brand: 'NGK',
  mpn: sku,
  currency: 'USD',
  cost: 1000,
  dropShipFee: 0,
  stock: [{ warehouse: 'PA', quantity, leadTimeDays: 0 }],
  updatedAt: '2026-12-07T10:00:00.000Z',
});

const listing = (sku: string): ListingInput =>
  ({
    marketplace: 'ebay',
    sku,
    product: { brand: 'NGK', mpn: sku },
    currency: 'USD',
    handlingTimeDays: 1,
    price: { kind: 'fixed', amount: 2500 },
    fees: { basisPoints: 0, perLine: 0 },
  }) as ListingInput;

describe('eBay listings through the dropshipper', () => {
  it('pushes every listing once in one bulk call (batch size 25), then nothing, then only what a feed change needs', async () => {
    const skus = ['PAD-A', 'PAD-B', 'PAD-C'];
    for (const sku of skus) simulator.listings.putListing(sku, { quantity: 0 });
    const offers = skus.map((sku) => offer(sku, 5));
    const catalog = createMemoryCatalog(offers);
    const dropshipper = createDropshipper({
      distributors: [
        createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD-A': { PA: 5 } }, now: () => NOW }),
      ],
      marketplaces: [
        createEbay({
          accessToken,
          baseURL: simulator.baseURL,
          retry: { minDelayMs: 1, maxDelayMs: 5 },
          listings: { batchSize: 25, rateLimit: false },
        }),
      ],
      catalog,
      store: createMemoryStore(),
      listings: skus.map(listing),
      now: () => NOW,
    });
    const [first] = await dropshipper.pushListings();
    expect(first).toMatchObject({ marketplace: 'ebay', sent: 3, applied: 3, calls: 1 });
    for (const sku of skus)
      expect(simulator.listings.listing(sku)).toEqual({ quantity: 5, price: { amount: 2500, currency: 'USD' } });
    const [second] = await dropshipper.pushListings();
    expect(second).toMatchObject({ sent: 0, calls: 0 });
    expect(simulator.listings.pushCallCount()).toBe(1);

    // A feed lowers PAD-B: one update, its quantity only.
    const lower = offer('PAD-B', 2);
    await catalog.upsertOffers([lower as never]);
    const [third] = await dropshipper.offersChanged([lower]);
    expect(third).toMatchObject({ sent: 1, applied: 1 });
    expect(simulator.listings.listing('PAD-B')?.quantity).toBe(2);
    expect(simulator.listings.pushCallCount()).toBe(2);
    expect(simulator.listings.changes()).toHaveLength(4);
  });
});
