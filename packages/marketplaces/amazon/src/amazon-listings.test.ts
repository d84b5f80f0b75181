import {
  AuthenticationError,
  type ListingUpdate,
  type ListingUpdateOutcome,
  NetworkError,
  type PendingListingUpdate,
  ResponseParseError,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AmazonSettings, createAmazon } from './amazon-adapter.js';
import { buildAmazonListingPatch } from './amazon-listings.js';
import { createAmazonSimulator } from './amazon-simulator.js';
import { amazonListingsOperations } from './amazon-simulator-listings.js';

// Listings Items API 2021-08-01: patchListingsItem (5/s burst 5, ACCEPTED → queued; no 404 for an
// unknown SKU) and getListingsItem (https://developer-docs.amazon.com/sp-api/reference/patchlistingsitem,
// https://developer-docs.amazon.com/sp-api/reference/getlistingsitem, https://developer-docs.amazon.com/sp-api/docs/merge-a-listing).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let counter = 0;

function setup(settings: AmazonSettings = {}) {
  counter += 1;
  const credentials = {
    refreshToken: `Atzr|SENTINEL-AMZ-LIST-REFRESH-${counter}-6a2f`,
    clientId: `amzn1.application-oa2-client.SENTINEL-${counter}`,
    clientSecret: `SENTINEL-AMZ-LIST-SECRET-${counter}-93cd`,
  };
  const simulator = createAmazonSimulator(credentials);
  server.resetHandlers(...simulator.handlers);
  const adapter = createAmazon({
    ...credentials,
    baseURL: simulator.baseURL,
    tokenURL: simulator.tokenURL,
    sellerId: simulator.sellerId,
    retry: { minDelayMs: 1, maxDelayMs: 10 },
    ...settings,
  });
  const listings = adapter.listings;
  if (!listings) throw new Error('no listings');
  const secrets = () => [credentials.refreshToken, credentials.clientSecret];
  return { simulator, adapter, listings, secrets };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

function pendingOf(updates: readonly ListingUpdate[], outcomes: readonly ListingUpdateOutcome[]) {
  return outcomes.map((outcome, index): PendingListingUpdate => {
    if (outcome.status !== 'pending') throw new Error(`expected pending, got ${JSON.stringify(outcome)}`);
    return { submissionId: outcome.submissionId, update: updates[index] as ListingUpdate };
  });
}

const patches = (simulator: ReturnType<typeof setup>['simulator']) =>
  simulator.requestTimes(amazonListingsOperations.push).length;
const reads = (simulator: ReturnType<typeof setup>['simulator']) =>
  simulator.requestTimes(amazonListingsOperations.read).length;

describe('amazon listings', () => {
  it('pushes listings only with a sellerId: asynchronous, declared as listings: push', () => {
    const { adapter, listings } = setup();
    expect(adapter.capabilities).toEqual({ orders: 'list', listings: 'push' });
    expect(listings.mode).toBe('asynchronous');
    const simulator = createAmazonSimulator();
    const without = createAmazon({
      ...simulator.credentials,
      baseURL: simulator.baseURL,
      tokenURL: simulator.tokenURL,
    });
    expect(without.capabilities).toEqual({ orders: 'list' });
    expect(without.listings).toBeUndefined();
  });

  it('merges the quantity (handling time kept) and replaces the offer price, for the DEFAULT channel', () => {
    expect(
      buildAmazonListingPatch({ sku: 'A', quantity: 7, price: { amount: 1_999, currency: 'USD' } }, 'ATVPDKIKX0DER'),
    ).toEqual({
      productType: 'PRODUCT',
      patches: [
        {
          op: 'merge',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }],
        },
        {
          op: 'replace',
          path: '/attributes/purchasable_offer',
          value: [
            {
              marketplace_id: 'ATVPDKIKX0DER',
              currency: 'USD',
              audience: 'ALL',
              our_price: [{ schedule: [{ value_with_tax: 19.99 }] }],
            },
          ],
        },
      ],
    });
  });

  it('one patch per SKU, pending until Amazon processes it, then applied on confirm; a known SKU is looked up once', async () => {
    const { simulator, listings } = setup();
    for (const sku of ['A', 'B', 'C']) simulator.listings.putListing(sku, { quantity: 1 });
    const updates: ListingUpdate[] = [
      { sku: 'A', quantity: 5 },
      { sku: 'B', quantity: 0 },
      { sku: 'C', quantity: 2, price: { amount: 4_599, currency: 'USD' } },
    ];
    const pushed = await listings.push(updates);
    expect(pushed.calls).toBe(3);
    expect(patches(simulator)).toBe(3);
    expect(reads(simulator)).toBe(3);
    expect(pushed.outcomes.map((outcome) => outcome.status)).toEqual(['pending', 'pending', 'pending']);
    expect(simulator.listings.listing('A')).toEqual({ quantity: 1 });

    const pending = pendingOf(updates, pushed.outcomes);
    expect((await listings.confirm?.(pending))?.outcomes.map((outcome) => outcome.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    simulator.listings.process();
    expect((await listings.confirm?.(pending))?.outcomes).toEqual([
      { sku: 'A', status: 'applied' },
      { sku: 'B', status: 'applied' },
      { sku: 'C', status: 'applied' },
    ]);
    expect(simulator.listings.listing('C')).toEqual({ quantity: 2, price: { amount: 4_599, currency: 'USD' } });
    expect(simulator.listings.changes().map((change) => change.sku)).toEqual(['A', 'B', 'C']);

    const before = reads(simulator);
    await listings.push([{ sku: 'A', quantity: 6 }]);
    expect(reads(simulator) - before).toBe(0);
    expect(patches(simulator)).toBe(4);
  });

  it('never patches a SKU the seller does not list (a patch would create a partial listing): failed, not retryable', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A');
    const pushed = await listings.push([
      { sku: 'A', quantity: 3 },
      { sku: 'GHOST', quantity: 3 },
    ]);
    expect(pushed.outcomes[1]).toMatchObject({ sku: 'GHOST', status: 'failed', retryable: false, code: 'NOT_FOUND' });
    expect(pushed.calls).toBe(1);
    expect(patches(simulator)).toBe(1);
    simulator.listings.process();
    expect(simulator.listings.partialListings()).toEqual([]);
  });

  it('an INVALID answer is failed with its issues (not retryable); an ERROR issue after acceptance fails on confirm (retryable)', async () => {
    const { simulator, listings } = setup();
    for (const sku of ['OK', 'BAD', 'LATER']) simulator.listings.putListing(sku);
    simulator.listings.refuseNextUpdate(['BAD']);
    simulator.listings.refuseNextUpdate(['LATER'], { retryable: true });
    const updates = ['OK', 'BAD', 'LATER'].map((sku) => ({ sku, quantity: 4 }));
    const pushed = await listings.push(updates);
    expect(pushed.outcomes).toMatchObject([
      { sku: 'OK', status: 'pending' },
      { sku: 'BAD', status: 'failed', retryable: false, code: '90220' },
      { sku: 'LATER', status: 'pending' },
    ]);
    simulator.listings.process();
    const [ok, , later] = pushed.outcomes;
    if (!ok || !later) throw new Error('outcomes');
    const confirmed = await listings.confirm?.(
      pendingOf([updates[0] as ListingUpdate, updates[2] as ListingUpdate], [ok, later]),
    );
    expect(confirmed?.outcomes).toMatchObject([
      { sku: 'OK', status: 'applied' },
      { sku: 'LATER', status: 'failed', retryable: true, code: '18027' },
    ]);
  });

  it('paces the patches at 5/s burst 5 (no 429 from the quota) and waits out a 429', async () => {
    const { simulator, listings } = setup();
    const skus = Array.from({ length: 8 }, (_, index) => `P-${index}`);
    for (const sku of skus) simulator.listings.putListing(sku);
    await listings.push(skus.map((sku) => ({ sku, quantity: 1 })));
    const times = simulator.requestTimes(amazonListingsOperations.push);
    expect(times).toHaveLength(8);
    expect((times[7] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(450);
    expect(simulator.quotaRejections()).toBe(0);

    const other = setup();
    other.simulator.listings.putListing('A');
    other.simulator.injectFault({
      kind: 'rate-limit',
      operations: [amazonListingsOperations.push],
      retryAfterSeconds: 0,
    });
    const pushed = await other.listings.push([{ sku: 'A', quantity: 2 }]);
    expect(pushed.outcomes[0]?.status).toBe('pending');
    expect(patches(other.simulator)).toBe(2);
  });

  it('a first patch whose answer was lost throws and sends nothing more; a later one is unknown; neither is resent', async () => {
    const first = setup();
    first.simulator.listings.putListing('A');
    first.simulator.listings.putListing('B');
    await first.listings.read(['A', 'B']);
    first.simulator.injectFault({ kind: 'lost-response', operations: [amazonListingsOperations.push] });
    const lost = await failure(
      first.listings.push([
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 2 },
      ]),
    );
    expect(NetworkError.isInstance(lost)).toBe(true);
    expect(patches(first.simulator)).toBe(1);

    let patchCalls = 0;
    // The answer to the second patch is lost after the simulator queued it.
    const losing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if ((init?.method ?? 'GET') === 'PATCH') {
        patchCalls += 1;
        if (patchCalls === 2) throw new TypeError('fetch failed');
      }
      return response;
    };
    const later = setup({ fetch: losing });
    later.simulator.listings.putListing('A');
    later.simulator.listings.putListing('B');
    const pushed = await later.listings.push([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 2 },
    ]);
    expect(pushed.outcomes.map((outcome) => outcome.status)).toEqual(['pending', 'unknown']);
    expect(patches(later.simulator)).toBe(2);
    later.simulator.listings.process();
    expect(later.simulator.listings.changes()).toHaveLength(2);
  });

  it('reads back quantity and price; an unknown SKU is not found', async () => {
    const { simulator, listings } = setup();
    simulator.listings.putListing('A', { quantity: 9, price: { amount: 2_500, currency: 'USD' } });
    simulator.listings.sell('A', 4);
    expect(await listings.read(['A', 'NOPE'])).toEqual([
      { sku: 'A', found: true, quantity: 5, price: { amount: 2_500, currency: 'USD' } },
      { sku: 'NOPE', found: false },
    ]);
  });

  it('throws when every call fails: a garbled answer (ResponseParseError), bad credentials (AuthenticationError), no secret in either', async () => {
    const { simulator, listings, secrets } = setup();
    simulator.listings.putListing('A');
    await listings.read(['A']);
    simulator.injectFault({ kind: 'malformed-body', operations: [amazonListingsOperations.push] });
    const garbled = await failure(listings.push([{ sku: 'A', quantity: 1 }]));
    expect(ResponseParseError.isInstance(garbled)).toBe(true);

    const wrong = createAmazon({
      ...simulator.credentials,
      refreshToken: 'Atzr|SENTINEL-AMZ-LIST-WRONG-77e1',
      baseURL: simulator.baseURL,
      tokenURL: simulator.tokenURL,
      sellerId: simulator.sellerId,
    });
    const refused = await failure(wrong.listings?.push([{ sku: 'A', quantity: 1 }]) ?? Promise.resolve());
    expect(AuthenticationError.isInstance(refused)).toBe(true);
    expectNoSecrets([garbled, refused], [...secrets(), 'Atzr|SENTINEL-AMZ-LIST-WRONG-77e1']);
    expect(simulator.listings.changes()).toEqual([]);
  });

  it('refuses bad updates and settings before any call (ValidationError)', async () => {
    const { simulator, listings } = setup();
    for (const bad of [
      [{ sku: 'A' }],
      [{ sku: 'A', quantity: -1 }],
      [{ sku: 'A', quantity: 1, shade: 'blue' }],
      [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 2 },
      ],
    ]) {
      expect(ValidationError.isInstance(await failure(listings.push(bad as ListingUpdate[])))).toBe(true);
    }
    expect(patches(simulator) + reads(simulator)).toBe(0);
    expect(() => createAmazon({ ...simulator.credentials, sellerId: 'not a seller' })).toThrow(ValidationError);
  });
});
