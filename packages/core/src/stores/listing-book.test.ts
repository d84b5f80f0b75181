import { describe, expect, it } from 'vitest';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type Listing, type ListingInput, parseListings } from '../listings/listing.js';
import { productKeys } from '../model/product-key.js';
import type { ListingPushRecord } from '../spec/v1/store.js';
import { createMemoryStore } from './memory-store.js';

const T0 = '2026-03-02T10:00:00.000Z';

function listing(marketplace: string, sku: string, overrides: Partial<ListingInput> = {}): Listing {
  return parseListings(
    [
      {
        marketplace,
        sku,
        product: { brand: 'NGK', mpn: sku },
        currency: 'USD',
        handlingTimeDays: 1,
        price: { kind: 'fixed', amount: 1999 },
        ...overrides,
      },
    ].map((item) => (item.bundle === undefined ? item : { ...item, product: undefined })),
  )[0] as Listing;
}

function record(sku: string, overrides: Partial<ListingPushRecord> = {}): ListingPushRecord {
  return {
    key: `ebay:${sku}`,
    marketplace: 'ebay',
    sku,
    status: 'sending',
    sending: { quantity: 3, price: 1999, currency: 'USD', at: T0 },
    attempts: 1,
    version: 0,
    ...overrides,
  };
}

describe('memory store: listings', () => {
  it('stores listings by key, finds them by marketplace, key and product (bundle parts included)', async () => {
    const store = createMemoryStore();
    await store.putListings([
      listing('ebay', 'A'),
      listing('amazon', 'A'),
      listing('ebay', 'KIT', {
        bundle: [
          { product: { brand: 'NGK', mpn: 'A' }, quantity: 2 },
          { product: { upc: '012345678905' }, quantity: 1 },
        ],
      }),
    ]);
    expect((await store.findListings({})).map((found) => `${found.marketplace}:${found.sku}`)).toEqual([
      'amazon:A',
      'ebay:A',
      'ebay:KIT',
    ]);
    expect((await store.findListings({ marketplace: 'ebay' })).map((found) => found.sku)).toEqual(['A', 'KIT']);
    expect((await store.findListings({ keys: ['ebay:KIT', 'ebay:none'] })).map((found) => found.sku)).toEqual(['KIT']);
    const upc = productKeys({ upc: '012345678905' });
    expect((await store.findListings({ productKeys: upc })).map((found) => found.sku)).toEqual(['KIT']);
    const ngkA = productKeys({ brand: 'NGK', mpn: 'A' });
    expect((await store.findListings({ productKeys: ngkA, marketplace: 'ebay' })).map((found) => found.sku)).toEqual([
      'A',
      'KIT',
    ]);
  });

  it('replaces a listing with the same key (the product index follows) and refuses a bad list whole', async () => {
    const store = createMemoryStore();
    await store.putListings([listing('ebay', 'A')]);
    await store.putListings([listing('ebay', 'A', { product: { brand: 'NGK', mpn: 'B' } })]);
    expect(await store.findListings({ productKeys: productKeys({ brand: 'NGK', mpn: 'A' }) })).toEqual([]);
    expect(await store.findListings({ productKeys: productKeys({ brand: 'NGK', mpn: 'B' }) })).toHaveLength(1);
    await expect(
      store.putListings([listing('ebay', 'C'), { ...listing('ebay', 'D'), price: { kind: 'nope' } } as never]),
    ).rejects.toThrow(ValidationError);
    expect(await store.findListings({ keys: ['ebay:C'] })).toEqual([]);
  });

  it('deletes listings with their push records', async () => {
    const store = createMemoryStore();
    await store.putListings([listing('ebay', 'A'), listing('ebay', 'B')]);
    await store.saveListingPushRecords([
      { record: record('A'), expectedVersion: null },
      { record: record('B'), expectedVersion: null },
    ]);
    await store.deleteListings(['ebay:A']);
    expect((await store.findListings({})).map((found) => found.sku)).toEqual(['B']);
    expect((await store.findListingPushRecords({})).map((found) => found.sku)).toEqual(['B']);
  });
});

describe('memory store: listing push records', () => {
  it('creates at version 1, updates with the stored version, finds by status and marketplace', async () => {
    const store = createMemoryStore();
    const [created] = await store.saveListingPushRecords([{ record: record('A'), expectedVersion: null }]);
    expect(created?.version).toBe(1);
    const [applied] = await store.saveListingPushRecords([
      {
        record: { ...record('A'), status: 'applied', published: { quantity: 3, at: T0 }, sending: undefined },
        expectedVersion: 1,
      },
    ]);
    expect(applied?.version).toBe(2);
    expect(await store.findListingPushRecords({ status: 'sending' })).toEqual([]);
    expect((await store.findListingPushRecords({ status: ['applied', 'failed'], marketplace: 'ebay' })).length).toBe(1);
    expect(Object.isFrozen((await store.findListingPushRecords({ keys: ['ebay:A'] }))[0])).toBe(true);
  });

  it('writes nothing of a batch when one entry has a stale version', async () => {
    const store = createMemoryStore();
    await store.saveListingPushRecords([{ record: record('A'), expectedVersion: null }]);
    await expect(
      store.saveListingPushRecords([
        { record: record('B'), expectedVersion: null },
        { record: { ...record('A'), attempts: 2 }, expectedVersion: 5 },
      ]),
    ).rejects.toThrow(ConcurrencyConflictError);
    await expect(store.saveListingPushRecords([{ record: record('A'), expectedVersion: null }])).rejects.toThrow(
      ConcurrencyConflictError,
    );
    expect((await store.findListingPushRecords({})).map((found) => [found.sku, found.attempts])).toEqual([['A', 1]]);
  });

  it('refuses malformed records with paths, writing nothing', async () => {
    const store = createMemoryStore();
    const error = await store
      .saveListingPushRecords([
        { record: record('A'), expectedVersion: null },
        { record: { ...record('B'), key: 'ebay:other' }, expectedVersion: null },
        { record: { ...record('C'), status: 'pending' }, expectedVersion: null },
        { record: { ...record('D'), unknown: 1 } as never, expectedVersion: null },
      ])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['1.record.key', '2.record.sending.submissionId']));
    expect(paths.some((path) => path.startsWith('3.record'))).toBe(true);
    expect(await store.findListingPushRecords({})).toEqual([]);
  });
});
