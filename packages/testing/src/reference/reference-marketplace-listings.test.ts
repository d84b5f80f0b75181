// The reference marketplace's listings push beyond the conformance cases: its batch-size setting,
// the API's own batch maximum, and what it reports for an answer that leaves an item out.
import { ValidationError } from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import { createTestServer } from '../create-test-server.js';
import { createReferenceMarketplaceAdapter } from './reference-marketplace-adapter.js';
import { referenceMarketplaceListingBatch } from './reference-marketplace-listing-book.js';
import {
  createReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulator,
} from './reference-marketplace-simulator.js';

const server = createTestServer();
let simulator: ReferenceMarketplaceSimulator;

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  simulator = createReferenceMarketplaceSimulator();
  server.resetHandlers(...simulator.handlers);
});

const adapter = (listingBatchSize?: number) =>
  createReferenceMarketplaceAdapter({
    accessToken: simulator.accessToken,
    baseURL: simulator.baseURL,
    rateLimit: false,
    ...(listingBatchSize === undefined ? {} : { listingBatchSize }),
  });

describe('reference marketplace listings push', () => {
  it.each([0, -1, 1.5, referenceMarketplaceListingBatch + 1])(
    'refuses a listingBatchSize of %s at creation (ValidationError naming it)',
    (listingBatchSize) => {
      let caught: unknown;
      try {
        adapter(listingBatchSize);
      } catch (error) {
        caught = error;
      }
      expect(ValidationError.isInstance(caught), String(caught)).toBe(true);
      expect(String(caught)).toContain('listingBatchSize');
    },
  );

  it('sends the API maximum per call by default: 2 × 20 + 1 updates in 3 calls', async () => {
    const skus = Array.from({ length: 2 * referenceMarketplaceListingBatch + 1 }, (_, index) => `SKU-${index}`);
    for (const sku of skus) simulator.listings.putListing(sku);
    const result = await adapter().listings?.push(skus.map((sku) => ({ sku, quantity: 2 })));
    expect(result?.calls).toBe(3);
    expect(simulator.listings.pushCallCount()).toBe(3);
    expect(result?.outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
  });

  it('reports an item the answer leaves out as unknown, never applied', async () => {
    simulator.listings.putListing('SKU-A');
    simulator.listings.putListing('SKU-B');
    simulator.injectFault({
      kind: 'malformed-body',
      operations: [standardOperations.pushListings],
      body: JSON.stringify({ results: [{ sku: 'SKU-A', status: 'updated' }] }),
    });
    const result = await adapter().listings?.push([
      { sku: 'SKU-A', quantity: 1 },
      { sku: 'SKU-B', quantity: 1 },
    ]);
    expect(result?.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'unknown']);
  });
});
