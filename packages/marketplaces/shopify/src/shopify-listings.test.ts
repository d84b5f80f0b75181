import {
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  ResponseParseError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createShopify } from './shopify-client.js';
import { shopifyIdempotencyKey, shopifySkuSearch } from './shopify-listings.js';
import type { ShopifyListingOptions } from './shopify-settings.js';
import { createShopifySimulator, type ShopifySimulatorOptions } from './shopify-simulator.js';
import { shopifyListingOperations } from './shopify-simulator-listings.js';

// https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities,
// https://shopify.dev/docs/api/admin-graphql/latest/mutations/productVariantsBulkUpdate, https://shopify.dev/docs/api/usage/limits.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const usd = (amount: number) => ({ amount, currency: 'USD' });
const skus = (count: number) => Array.from({ length: count }, (_, index) => `KIT-${String(index).padStart(3, '0')}`);

function setup(
  simulatorOptions: ShopifySimulatorOptions = {},
  listings: ShopifyListingOptions = {},
  accessToken = 'shpat_SENTINEL_LISTINGS_4e1a9c',
) {
  const simulator = createShopifySimulator({
    accessToken: 'shpat_SENTINEL_LISTINGS_4e1a9c',
    restoreRate: 100_000,
    ...simulatorOptions,
  });
  server.resetHandlers(...simulator.handlers);
  const shopify = createShopify({
    accessToken,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    listings,
  });
  return { simulator, shopify };
}

describe('Shopify listings push', () => {
  it('sets 600 quantities in 3 calls of 250 (after 12 look-ups of 50 SKUs), each with a stable idempotency key', async () => {
    const { simulator, shopify } = setup();
    expect(shopify.capabilities.listings).toBe('push');
    expect(shopify.listings.batchSize).toBe(250);
    for (const sku of skus(600)) simulator.listings.putListing(sku, { quantity: 3 });
    const updates = skus(600).map((sku, index) => ({ sku, quantity: index % 5, expectedQuantity: 3 }));
    const result = await shopify.listings.push(updates);
    expect(result.outcomes.every((outcome) => outcome.status === 'applied')).toBe(true);
    expect(simulator.listings.pushCallCount()).toBe(3);
    expect(simulator.requestTimes(shopifyListingOperations.readListings)).toHaveLength(13); // 12 look-ups + the location
    expect(result.calls).toBe(3); // the push requests; look-ups are reads
    expect(simulator.listings.listing('KIT-007')?.quantity).toBe(2);
    expect(simulator.listings.changes()).toHaveLength(600);

    // Ids are cached: the next push is the mutation alone.
    const again = await shopify.listings.push([{ sku: 'KIT-007', quantity: 9, expectedQuantity: 2 }]);
    expect(again).toEqual({ outcomes: [{ sku: 'KIT-007', status: 'applied' }], calls: 1 });
  });

  it('a stale changeFromQuantity is stale with the quantity the listing shows now; the rest of the call is not guessed', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 5 });
    simulator.listings.putListing('KIT-B', { quantity: 5 });
    simulator.listings.sell('KIT-A', 2);
    const result = await shopify.listings.push([
      { sku: 'KIT-A', quantity: 4, expectedQuantity: 5 },
      { sku: 'KIT-B', quantity: 4, expectedQuantity: 5 },
    ]);
    expect(result.outcomes[0]).toEqual({ sku: 'KIT-A', status: 'stale', currentQuantity: 3 });
    // The answer's adjustment group shows KIT-B set: applied on that evidence.
    expect(result.outcomes[1]).toEqual({ sku: 'KIT-B', status: 'applied' });
    expect(simulator.listings.listing('KIT-A')?.quantity).toBe(3);
    expect(simulator.listings.listing('KIT-B')?.quantity).toBe(4);

    // No expected quantity: changeFromQuantity is an explicit null, the set is applied whatever it shows.
    const blind = await shopify.listings.push([{ sku: 'KIT-A', quantity: 4 }]);
    expect(blind.outcomes).toEqual([{ sku: 'KIT-A', status: 'applied' }]);
    expect(simulator.listings.listing('KIT-A')?.quantity).toBe(4);
  });

  it('when a call has a user error, an item the answer does not show set is unknown, not applied', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    simulator.listings.putListing('KIT-B', { quantity: 1 });
    await shopify.listings.read(['KIT-A', 'KIT-B']);
    // Shopify's answer when one error rejects the whole call (not documented either way).
    server.use(
      http.post(`${simulator.baseURL}/admin/api/:version/graphql.json`, () =>
        HttpResponse.json({
          data: {
            quantities: {
              inventoryAdjustmentGroup: null,
              userErrors: [
                {
                  code: 'NON_MUTABLE_INVENTORY_ITEM',
                  field: ['input', 'quantities', '0', 'inventoryItemId'],
                  message: 'no',
                },
              ],
            },
          },
        }),
      ),
    );
    const result = await shopify.listings.push([
      { sku: 'KIT-A', quantity: 2 },
      { sku: 'KIT-B', quantity: 2 },
    ]);
    expect(result.outcomes[0]).toMatchObject({ sku: 'KIT-A', status: 'failed', retryable: false });
    expect(result.outcomes[1]).toMatchObject({ sku: 'KIT-B', status: 'unknown' });
  });

  it('the same request sent again after a refusal gets a new key: Shopify does not replay its refusal', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    simulator.listings.putListing('KIT-B', { quantity: 1 });
    simulator.listings.refuseNextUpdate(['KIT-A'], { retryable: true });
    const updates = [
      { sku: 'KIT-A', quantity: 2 },
      { sku: 'KIT-B', quantity: 2 },
    ];
    const first = await shopify.listings.push(updates);
    expect(first.outcomes[0]).toMatchObject({ status: 'failed', retryable: true });
    const again = await shopify.listings.push(updates);
    expect(again.outcomes).toEqual([
      { sku: 'KIT-A', status: 'applied' },
      { sku: 'KIT-B', status: 'applied' },
    ]);
    expect(simulator.listings.listing('KIT-A')?.quantity).toBe(2);
  });

  it("refuseNextUpdate refuses the listing's whole next update: its quantity and its price in that request", async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1, price: usd(1000) });
    simulator.listings.refuseNextUpdate(['KIT-A']);
    const refused = await shopify.listings.push([{ sku: 'KIT-A', quantity: 3, price: usd(1500) }]);
    expect(refused.outcomes[0]).toMatchObject({ status: 'failed', retryable: false });
    expect(simulator.listings.listing('KIT-A')).toEqual({ quantity: 1, price: usd(1000) });
    expect(simulator.listings.changes()).toEqual([]);
    const again = await shopify.listings.push([{ sku: 'KIT-A', quantity: 3, price: usd(1500) }]);
    expect(again.outcomes).toEqual([{ sku: 'KIT-A', status: 'applied' }]);
    expect(simulator.listings.changes()).toHaveLength(1);
  });

  it('a refused item is failed with Shopify code and retryability', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    simulator.listings.putListing('KIT-B', { quantity: 1 });
    simulator.listings.refuseNextUpdate(['KIT-A']);
    const refused = await shopify.listings.push([
      { sku: 'KIT-A', quantity: 2 },
      { sku: 'KIT-B', quantity: 2 },
    ]);
    expect(refused.outcomes[0]).toMatchObject({
      status: 'failed',
      retryable: false,
      code: 'NON_MUTABLE_INVENTORY_ITEM',
    });
    expect(refused.outcomes[1]).toEqual({ sku: 'KIT-B', status: 'applied' });
    simulator.listings.refuseNextUpdate(['KIT-A'], { retryable: true });
    const again = await shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }]);
    expect(again.outcomes[0]).toMatchObject({
      status: 'failed',
      retryable: true,
      code: 'IDEMPOTENCY_CONCURRENT_REQUEST',
    });
  });

  it('a SKU no variant has, or two variants have, is failed (not retryable), never guessed', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    simulator.listings.putListing('KIT-TWICE', { quantity: 1 });
    simulator.duplicateListingSku('KIT-TWICE');
    const result = await shopify.listings.push([
      { sku: 'KIT-NONE', quantity: 2 },
      { sku: 'KIT-TWICE', quantity: 2 },
      { sku: 'KIT-A', quantity: 2 },
    ]);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ sku: 'KIT-NONE', status: 'failed', retryable: false, code: 'no-variant' }),
      expect.objectContaining({ sku: 'KIT-TWICE', status: 'failed', retryable: false, code: 'several-variants' }),
      { sku: 'KIT-A', status: 'applied' },
    ]);
    expect(simulator.listingVariant('KIT-TWICE')?.available.get('gid://shopify/Location/1')).toBe(1);
  });

  it('prices go by productVariantsBulkUpdate, one call per product, only for updates with a price', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1, price: usd(1000) });
    simulator.listings.putListing('KIT-B', { quantity: 1, price: usd(1000) });
    const result = await shopify.listings.push([
      { sku: 'KIT-A', price: usd(1299) },
      { sku: 'KIT-B', quantity: 6, price: usd(2450) },
    ]);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    // One request: KIT-B's quantity and the two products' prices as fields of one mutation.
    expect(simulator.listings.pushCallCount()).toBe(1);
    expect(result.calls).toBe(1);
    expect(simulator.listings.listing('KIT-A')).toEqual({ quantity: 1, price: usd(1299) });
    expect(simulator.listings.listing('KIT-B')).toEqual({ quantity: 6, price: usd(2450) });
    // One change entry per SKU per request, quantity and price together.
    expect(simulator.listings.changes().map(({ sku, quantity, price }) => ({ sku, quantity, price }))).toEqual([
      { sku: 'KIT-B', quantity: 6, price: usd(2450) },
      { sku: 'KIT-A', quantity: undefined, price: usd(1299) },
    ]);
  });

  it.each([200, 429] as const)(
    'waits out a THROTTLED answer at HTTP %i, then the call is applied with the same key',
    async (status) => {
      const { simulator, shopify } = setup({ throttleHttpStatus: status });
      simulator.listings.putListing('KIT-A', { quantity: 1 });
      simulator.throttle({ times: 1, operations: [shopifyListingOperations.pushListings], currentlyAvailable: 1_990 });
      const result = await shopify.listings.push([{ sku: 'KIT-A', quantity: 7 }]);
      expect(result.outcomes).toEqual([{ sku: 'KIT-A', status: 'applied' }]);
      expect(simulator.listings.pushCallCount()).toBe(2);
      expect(simulator.listings.changes()).toHaveLength(1);
    },
  );

  it('a lost answer is not resent blind: thrown alone; the key makes a resend in the window harmless', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    await shopify.listings.read(['KIT-A']); // ids cached
    simulator.injectFault({ kind: 'lost-response', operations: [shopifyListingOperations.pushListings] });
    await expect(shopify.listings.push([{ sku: 'KIT-A', quantity: 7, expectedQuantity: 1 }])).rejects.toBeInstanceOf(
      NetworkError,
    );
    expect(simulator.listings.pushCallCount()).toBe(1);
    expect(simulator.listings.listing('KIT-A')?.quantity).toBe(7);
    // The same update again (a retry): same key, Shopify answers what it answered, nothing applied twice.
    const retried = await shopify.listings.push([{ sku: 'KIT-A', quantity: 7, expectedQuantity: 1 }]);
    expect(retried.outcomes).toEqual([{ sku: 'KIT-A', status: 'applied' }]);
    expect(simulator.listings.changes()).toHaveLength(1);
  });

  it('a 5xx or a garbled answer with nothing known applied throws the typed error', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    await shopify.listings.read(['KIT-A']);
    simulator.injectFault({ kind: 'server-error', operations: [shopifyListingOperations.pushListings] });
    await expect(shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }])).rejects.toBeInstanceOf(ServerError);
    simulator.injectFault({ kind: 'malformed-body', operations: [shopifyListingOperations.pushListings] });
    await expect(shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }])).rejects.toBeInstanceOf(ResponseParseError);
    expect(simulator.listings.pushCallCount()).toBe(2);
  });

  it('reads back the available level and price; unknown SKUs are not found', async () => {
    const { simulator, shopify } = setup();
    simulator.listings.putListing('KIT-A', { quantity: 4, price: usd(1999) });
    simulator.listings.sell('KIT-A', 1);
    expect(await shopify.listings.read(['KIT-A', 'KIT-NONE'])).toEqual([
      { sku: 'KIT-A', found: true, quantity: 3, price: usd(1999) },
      { sku: 'KIT-NONE', found: false },
    ]);
  });

  it('a shop with several locations needs listings.locationId; with it, that location is set', async () => {
    const locations = ['gid://shopify/Location/1', 'gid://shopify/Location/2'];
    const unset = setup({ listingLocationIds: locations });
    unset.simulator.listings.putListing('KIT-A', { quantity: 1 });
    await expect(unset.shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }])).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(unset.simulator.listings.pushCallCount()).toBe(0);
    const set = setup({ listingLocationIds: locations }, { locationId: '1' });
    set.simulator.listings.putListing('KIT-A', { quantity: 1 });
    const result = await set.shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }]);
    expect(result.outcomes).toEqual([{ sku: 'KIT-A', status: 'applied' }]);
  });

  it('a wrong token throws AuthenticationError without the token in it', async () => {
    const wrong = 'shpat_SENTINEL_WRONG_77ab3';
    const { simulator, shopify } = setup({}, {}, wrong);
    simulator.listings.putListing('KIT-A', { quantity: 1 });
    const error = await shopify.listings.push([{ sku: 'KIT-A', quantity: 2 }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecrets([error], [wrong]);
  });

  it('refuses bad updates and options before any call', async () => {
    const { simulator, shopify } = setup();
    for (const updates of [
      [
        { sku: 'KIT-A', quantity: 1 },
        { sku: 'KIT-A', quantity: 2 },
      ],
      [{ sku: 'KIT-A', quantity: 1.5 }],
      [{ sku: 'KIT-A' }],
    ]) {
      await expect(shopify.listings.push(updates as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(simulator.requestTimes()).toHaveLength(0);
    expect(() => createShopify({ shop: 'x', accessToken: 'shpat_x', listings: { batchSize: 251 } })).toThrow(
      ValidationError,
    );
    expect(() => createShopify({ shop: 'x', accessToken: 'shpat_x', listings: { locationId: 'warehouse' } })).toThrow(
      ValidationError,
    );
  });

  it('builds the SKU search and a key that is the same for the same input in the same window only', () => {
    expect(shopifySkuSearch(['A-1', 'say "hi"'])).toBe('sku:"A-1" OR sku:"say \\"hi\\""');
    const input = { name: 'available', quantities: [{ quantity: 1 }] };
    expect(shopifyIdempotencyKey(input, 1_000)).toBe(shopifyIdempotencyKey(input, 2_000));
    expect(shopifyIdempotencyKey(input, 1_000)).not.toBe(shopifyIdempotencyKey({ ...input, name: 'x' }, 1_000));
    expect(shopifyIdempotencyKey(input, 1_000)).not.toBe(shopifyIdempotencyKey(input, 1_000 + 600_000));
    expect(shopifyIdempotencyKey(input, 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
