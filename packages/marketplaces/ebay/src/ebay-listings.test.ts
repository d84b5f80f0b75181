import {
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  ResponseParseError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEbay } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';
import { ebayListingOperations } from './ebay-simulator-listings.js';

const simulator = createEbaySimulator({ accessToken: 'v^1.1#SENTINEL-EBAY-LISTINGS-TOKEN-41d' });
const strictSimulator = createEbaySimulator({
  baseURL: 'https://ebay-one-sku.simulator.test',
  listingSkusPerCall: 1,
});
const server = createTestServer(...simulator.handlers, ...strictSimulator.handlers);

function adapter(options: { batchSize?: number; accessToken?: string; baseURL?: string } = {}) {
  return createEbay({
    accessToken: options.accessToken ?? simulator.accessToken,
    baseURL: options.baseURL ?? simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    listings: { rateLimit: false, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) },
  });
}

const usd = (amount: number) => ({ amount, currency: 'USD' });
const skus = (count: number) => Array.from({ length: count }, (_, index) => `PAD-${String(index).padStart(3, '0')}`);

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  simulator.reset({ all: true });
  strictSimulator.reset({ all: true });
});

describe('eBay listings push (bulkUpdatePriceQuantity)', () => {
  it('declares the capability and pushes 60 SKUs in 3 calls of 25, offers looked up once and cached', async () => {
    const ebay = adapter({ batchSize: 25 });
    expect(ebay.capabilities.listings).toBe('push');
    expect(ebay.listings.batchSize).toBe(25);
    expect(ebay.listings.mode).toBe('synchronous');
    for (const sku of skus(60)) simulator.listings.putListing(sku, { quantity: 1, price: usd(1000) });

    const updates = skus(60).map((sku, index) => ({ sku, quantity: index % 7, price: usd(2000 + index) }));
    const result = await ebay.listings.push(updates);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(Array(60).fill('applied'));
    expect(result.outcomes.map((outcome) => outcome.sku)).toEqual(skus(60));
    expect(simulator.listings.pushCallCount()).toBe(3);
    expect(simulator.callCount(ebayListingOperations.readListings)).toBe(60);
    expect(result.calls).toBe(3);
    expect(simulator.listings.listing('PAD-013')).toEqual({ quantity: 6, price: usd(2013) });
    // Both quantities are set (the listing shows the smaller), the price as eBay's decimal string went through.
    expect(simulator.ebayListing('PAD-013')).toMatchObject({ shipToQuantity: 6, offerQuantity: 6 });
    expect(simulator.listings.changes()).toHaveLength(60);

    // The second push reuses the cached offer ids: bulk calls only.
    const again = await ebay.listings.push(updates.slice(0, 30).map((update) => ({ ...update, quantity: 9 })));
    expect(again.calls).toBe(2);
    // Only the bulk calls count as the push's calls; the look-ups are reads.
    expect(simulator.callCount(ebayListingOperations.readListings)).toBe(60);
    expect(simulator.listings.pushCallCount()).toBe(5);
    // The simulator does not deduplicate: a resend of the same value is a change recorded again.
    await ebay.listings.push([{ sku: 'PAD-000', quantity: 9 }]);
    expect(simulator.listings.changes().filter((change) => change.sku === 'PAD-000')).toHaveLength(3);
  });

  it('sends one SKU per call by default (the method description), which a strict eBay accepts', async () => {
    const ebay = adapter({ baseURL: strictSimulator.baseURL, accessToken: strictSimulator.accessToken });
    expect(ebay.listings.batchSize).toBe(1);
    for (const sku of skus(3)) strictSimulator.listings.putListing(sku);
    const result = await ebay.listings.push(skus(3).map((sku) => ({ sku, quantity: 4 })));
    expect(result.outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
    expect(strictSimulator.listings.pushCallCount()).toBe(3);

    // A batch size the account refuses fails the whole call: typed error, nothing applied.
    const wide = adapter({ baseURL: strictSimulator.baseURL, accessToken: strictSimulator.accessToken, batchSize: 2 });
    await expect(wide.listings.push(skus(2).map((sku) => ({ sku, quantity: 1 })))).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(strictSimulator.listings.listing('PAD-000')?.quantity).toBe(4);
  });

  it('reports a refused item per item with its retryability; the rest of the call is applied', async () => {
    const ebay = adapter({ batchSize: 25 });
    for (const sku of skus(4)) simulator.listings.putListing(sku, { quantity: 2 });
    simulator.listings.refuseNextUpdate(['PAD-001']);
    simulator.listings.refuseNextUpdate(['PAD-002'], { retryable: true });
    const result = await ebay.listings.push(skus(4).map((sku) => ({ sku, quantity: 5 })));
    expect(result.outcomes).toEqual([
      { sku: 'PAD-000', status: 'applied' },
      expect.objectContaining({ sku: 'PAD-001', status: 'failed', retryable: false, code: '25002' }),
      expect.objectContaining({ sku: 'PAD-002', status: 'failed', retryable: true, code: '25025' }),
      { sku: 'PAD-003', status: 'applied' },
    ]);
    expect(simulator.listings.pushCallCount()).toBe(1);
    expect(simulator.listings.listing('PAD-001')?.quantity).toBe(2);
    expect(simulator.listings.listing('PAD-003')?.quantity).toBe(5);
  });

  it('a SKU with no offer, or an unpublished one, is failed (not retryable), not a thrown error', async () => {
    const ebay = adapter({ batchSize: 25 });
    simulator.listings.putListing('LISTED', { quantity: 1 });
    simulator.listings.putListing('DRAFT', { quantity: 1 });
    simulator.unpublishListing('DRAFT');
    const result = await ebay.listings.push([
      { sku: 'NOT-LISTED', quantity: 3 },
      { sku: 'DRAFT', quantity: 3 },
      { sku: 'LISTED', quantity: 3 },
    ]);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ sku: 'NOT-LISTED', status: 'failed', retryable: false }),
      expect.objectContaining({ sku: 'DRAFT', status: 'failed', retryable: false }),
      { sku: 'LISTED', status: 'applied' },
    ]);
    expect(simulator.listings.pushCallCount()).toBe(1);
  });

  it('a price in another currency than the offer is failed, not converted', async () => {
    const ebay = adapter();
    simulator.listings.putListing('PAD-1', { quantity: 1, price: usd(1999) });
    const result = await ebay.listings.push([{ sku: 'PAD-1', price: { amount: 1500, currency: 'EUR' } }]);
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', retryable: false });
    expect(simulator.listings.pushCallCount()).toBe(0);
  });

  it('waits out a 429 and sends the call again: applied, two calls', async () => {
    const ebay = adapter();
    simulator.listings.putListing('PAD-1');
    simulator.injectFault({ kind: 'rate-limit', operations: ['push-listings'], retryAfterSeconds: 0 });
    const result = await ebay.listings.push([{ sku: 'PAD-1', quantity: 8 }]);
    expect(result.outcomes).toEqual([{ sku: 'PAD-1', status: 'applied' }]);
    expect(simulator.listings.pushCallCount()).toBe(2);
    expect(simulator.listings.listing('PAD-1')?.quantity).toBe(8);
  });

  it('a 5xx or a garbled answer with nothing known applied throws the typed error; never resent blind', async () => {
    const ebay = adapter();
    simulator.listings.putListing('PAD-1');
    simulator.injectFault({ kind: 'server-error', operations: ['push-listings'] });
    await expect(ebay.listings.push([{ sku: 'PAD-1', quantity: 8 }])).rejects.toBeInstanceOf(ServerError);
    expect(simulator.listings.pushCallCount()).toBe(1);
    simulator.injectFault({ kind: 'malformed-body', operations: ['push-listings'] });
    await expect(ebay.listings.push([{ sku: 'PAD-1', quantity: 8 }])).rejects.toBeInstanceOf(ResponseParseError);
    expect(simulator.listings.pushCallCount()).toBe(2);
  });

  it('an answer lost after eBay acted, in a push where another call applied, is unknown for its items', async () => {
    const ebay = adapter();
    simulator.listings.putListing('PAD-1');
    simulator.listings.putListing('PAD-2');
    // Alone, the lost answer is the push's error: nothing is known applied.
    simulator.injectFault({ kind: 'lost-response', operations: ['push-listings'], times: 1 });
    await expect(ebay.listings.push([{ sku: 'PAD-2', quantity: 2 }])).rejects.toBeInstanceOf(NetworkError);
    expect(simulator.listings.listing('PAD-2')?.quantity).toBe(2);
    // Beside an applied call (one SKU per call): the lost one is unknown (it did act), not failed.
    simulator.injectFault({ kind: 'lost-response', operations: ['push-listings'], times: 1 });
    const result = await ebay.listings.push([
      { sku: 'PAD-2', quantity: 6 },
      { sku: 'PAD-1', quantity: 5 },
    ]);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ sku: 'PAD-2', status: 'unknown' }),
      { sku: 'PAD-1', status: 'applied' },
    ]);
    expect(simulator.listings.listing('PAD-2')?.quantity).toBe(6);
  });

  it('reads back what the listings show: the smaller quantity, the price, and unknown SKUs as not found', async () => {
    const ebay = adapter();
    simulator.listings.putListing('PAD-1', { quantity: 7, price: usd(4599) });
    simulator.listings.sell('PAD-1', 2);
    const readings = await ebay.listings.read(['PAD-1', 'NOT-LISTED']);
    expect(readings).toEqual([
      { sku: 'PAD-1', found: true, quantity: 5, price: usd(4599) },
      { sku: 'NOT-LISTED', found: false },
    ]);
  });

  it('a revoked token throws AuthenticationError without the token in it; nothing is applied', async () => {
    const revoked = 'v^1.1#SENTINEL-EBAY-REVOKED-LISTINGS-9ab';
    const ebay = adapter({ accessToken: revoked });
    simulator.listings.putListing('PAD-1', { quantity: 1 });
    const error = await ebay.listings.push([{ sku: 'PAD-1', quantity: 3 }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecrets([error], [revoked]);
    await expect(ebay.listings.read(['PAD-1'])).rejects.toBeInstanceOf(AuthenticationError);
    expect(simulator.listings.listing('PAD-1')?.quantity).toBe(1);
  });

  it('refuses bad updates before any call: a SKU twice, a negative quantity, neither quantity nor price', async () => {
    const ebay = adapter();
    for (const updates of [
      [
        { sku: 'PAD-1', quantity: 1 },
        { sku: 'PAD-1', quantity: 2 },
      ],
      [{ sku: 'PAD-1', quantity: -1 }],
      [{ sku: 'PAD-1' }],
      [{ sku: 'PAD-1', quantity: 1, extra: true }],
    ]) {
      await expect(ebay.listings.push(updates as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(simulator.callCount()).toBe(0);
    expect(() => createEbay({ accessToken: 'token-value', listings: { batchSize: 26 } })).toThrow(ValidationError);
  });
});
