import { describe, expect, it } from 'vitest';
import { NetworkError } from '../errors/network-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { MarketplaceListings } from '../spec/v1/listing-push.js';
import { createMockMarketplaceAdapter } from './mock-marketplace.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('mock marketplace listings', () => {
  it('sets absolute values in batches of batchSize, one call each, and never deduplicates', async () => {
    const adapter = createMockMarketplaceAdapter({ listings: { batchSize: 2 } });
    const control = adapter.server.listings;
    for (const sku of ['A', 'B', 'C']) control.putListing(sku, { quantity: 1 });
    expect(adapter.capabilities?.listings).toBe('push');
    const listings = adapter.listings as MarketplaceListings;
    const result = await listings.push([
      { sku: 'A', quantity: 5, price: usd(1999) },
      { sku: 'B', quantity: 0 },
      { sku: 'C', quantity: 3 },
    ]);
    expect(result.calls).toBe(2);
    expect(control.pushCallCount()).toBe(2);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied', 'applied']);
    expect(control.listing('A')).toEqual({ quantity: 5, price: usd(1999) });
    await listings.push([{ sku: 'A', quantity: 5 }]);
    expect(control.changes().filter((change) => change.sku === 'A')).toHaveLength(2);
    await expect(
      listings.push([
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ]),
    ).rejects.toThrow(ValidationError);
  });

  it('answers per item: unknown SKU and refused updates fail, the rest apply', async () => {
    const adapter = createMockMarketplaceAdapter({ listings: {} });
    const control = adapter.server.listings;
    control.putListing('A');
    control.putListing('B');
    control.refuseNextUpdate(['B'], { retryable: true });
    const result = await (adapter.listings as MarketplaceListings).push([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 1 },
      { sku: 'Z', quantity: 1 },
    ]);
    expect(result.outcomes).toEqual([
      { sku: 'A', status: 'applied' },
      expect.objectContaining({ sku: 'B', status: 'failed', retryable: true }),
      expect.objectContaining({ sku: 'Z', status: 'failed', retryable: false }),
    ]);
    expect(control.listing('B')?.quantity).toBe(0);
  });

  it('compare-and-swap: stale when the listing no longer shows expectedQuantity (a sale)', async () => {
    const adapter = createMockMarketplaceAdapter({ listings: { compareAndSwap: true } });
    const control = adapter.server.listings;
    control.putListing('A', { quantity: 4 });
    control.sell('A', 1);
    expect(() => control.sell('A', 9)).toThrow(ValidationError);
    const result = await (adapter.listings as MarketplaceListings).push([
      { sku: 'A', quantity: 6, expectedQuantity: 4 },
    ]);
    expect(result.outcomes).toEqual([{ sku: 'A', status: 'stale', currentQuantity: 3 }]);
    expect(control.listing('A')?.quantity).toBe(3);
  });

  it('asynchronous: pending until processed, then confirm answers applied', async () => {
    const adapter = createMockMarketplaceAdapter({ listings: { mode: 'asynchronous' } });
    const control = adapter.server.listings;
    control.putListing('A');
    const listings = adapter.listings as MarketplaceListings;
    const [outcome] = (await listings.push([{ sku: 'A', quantity: 2 }])).outcomes;
    expect(outcome?.status).toBe('pending');
    const submissionId = outcome?.status === 'pending' ? outcome.submissionId : '';
    const pending = [{ submissionId, update: { sku: 'A', quantity: 2 } }];
    expect((await listings.confirm?.(pending))?.outcomes[0]?.status).toBe('pending');
    expect(control.listing('A')?.quantity).toBe(0);
    control.process();
    expect((await listings.confirm?.(pending))?.outcomes[0]?.status).toBe('applied');
    expect(control.listing('A')?.quantity).toBe(2);
  });

  it('a lost response applies the update, then throws; a later chunk of a failed call is unknown', async () => {
    const adapter = createMockMarketplaceAdapter({ listings: { batchSize: 1 } });
    const control = adapter.server.listings;
    control.putListing('A');
    control.putListing('B');
    const listings = adapter.listings as MarketplaceListings;
    adapter.injectFault({ kind: 'lost-response', operations: ['push-listings'] });
    await expect(listings.push([{ sku: 'A', quantity: 7 }])).rejects.toThrow(NetworkError);
    expect(control.listing('A')?.quantity).toBe(7);
    expect((await listings.read(['A', 'Q'])).map((reading) => [reading.found, reading.quantity])).toEqual([
      [true, 7],
      [false, undefined],
    ]);
    adapter.injectFault({ kind: 'rate-limit', operations: ['push-listings'] });
    const result = await listings.push([{ sku: 'A', quantity: 8 }]);
    expect(result.outcomes[0]?.status).toBe('applied');
    expect(control.pushCallCount()).toBe(3);
  });
});
