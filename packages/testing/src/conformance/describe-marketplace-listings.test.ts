// The listings cases can fail: each broken variant of the reference adapter (an adapter bug of the
// kind seen in real integrations) fails the case that guards against it, while the unbroken adapter
// passes them all (reference-marketplace-conformance.test.ts runs them in the suite).
import {
  AuthenticationError,
  type ListingUpdate,
  type MarketplaceAdapter,
  type MarketplaceListings,
  NetworkError,
  ResponseParseError,
  ServerError,
} from '@dropship/core';
import { createMockMarketplaceAdapter, createMockMarketplaceServer } from '@dropship/core/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from '../create-test-server.js';
import { referenceHarnessTokens, referenceMarketplaceHarness } from '../reference/reference-marketplace-harness.js';
import { createReferenceMarketplaceSimulator } from '../reference/reference-marketplace-simulator.js';
import {
  type ListingsSimulator,
  listingsDeclarationProblem,
  type MarketplaceListingsHarness,
  marketplaceListingsCases,
} from './describe-marketplace-listings.js';

type BreakListings = (listings: MarketplaceListings, simulator: ListingsSimulator) => MarketplaceListings;

const server = createTestServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

/** Runs the listings case whose name starts with `prefix` against the reference adapter broken by `breakListings`. */
async function runCase(
  prefix: string,
  breakListings: BreakListings,
  harness: MarketplaceListingsHarness = referenceMarketplaceHarness,
) {
  const listingsCase = marketplaceListingsCases.find((candidate) => candidate.name.startsWith(prefix));
  if (!listingsCase) throw new Error(`no listings case "${prefix}"`);
  const simulator = createReferenceMarketplaceSimulator({ accessToken: referenceHarnessTokens.valid });
  server.resetHandlers(...simulator.handlers);
  const broken: MarketplaceListingsHarness = {
    ...harness,
    createAdapter: (target, options) => {
      const adapter = harness.createAdapter(target, options);
      return adapter.listings
        ? { ...adapter, listings: breakListings(adapter.listings, target as ListingsSimulator) }
        : adapter;
    },
  };
  return listingsCase.run({
    harness: broken,
    simulator,
    secrets: () => [referenceHarnessTokens.valid, referenceHarnessTokens.invalid],
  });
}

/** Runs a case that must fail, and checks it fails for the reason `pattern` names. */
async function expectRed(
  prefix: string,
  breakListings: BreakListings,
  pattern: RegExp,
  harness?: MarketplaceListingsHarness,
): Promise<void> {
  const error = await runCase(prefix, breakListings, harness).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, `"${prefix}" passed with a broken adapter`).toBeDefined();
  expect(String(error)).toMatch(pattern);
}

/** Listings with `push` replaced. */
const withPush =
  (
    push: (
      listings: MarketplaceListings,
      ...args: Parameters<MarketplaceListings['push']>
    ) => ReturnType<MarketplaceListings['push']>,
  ): BreakListings =>
  (listings) => ({ ...listings, push: (...args) => push(listings, ...args) });

const unbroken: BreakListings = (listings) => listings;

describe('the listings cases catch a broken adapter', () => {
  it('the unbroken reference adapter passes every case (the control)', async () => {
    for (const listingsCase of marketplaceListingsCases) await runCase(listingsCase.name, unbroken);
  });

  it('one that sends an update per call fails the batching case', async () => {
    const onePerCall = withPush(async (listings, updates, options) => {
      const outcomes = [];
      let calls = 0;
      for (const update of updates) {
        const result = await listings.push([update], options);
        outcomes.push(...result.outcomes);
        calls += result.calls;
      }
      return { outcomes, calls };
    });
    await expectRed('batches to the limit', onePerCall, /calls the push reports|push calls for/);
  });

  it('one that reports fewer calls than it made fails the batching case', async () => {
    const underReports = withPush(async (listings, updates, options) => ({
      ...(await listings.push(updates, options)),
      calls: 1,
    }));
    await expectRed('batches to the limit', underReports, /calls the push reports/);
  });

  it('one that calls the marketplace for an empty push fails the nothing-to-send case', async () => {
    const callsAnyway: BreakListings = (listings) => ({
      ...listings,
      push: async (updates, options) => {
        if (updates.length === 0) {
          await listings.read(['CONF-L-00000'], options);
          return { outcomes: [], calls: 1 };
        }
        return listings.push(updates, options);
      },
    });
    await expectRed('sends nothing when there is nothing to send', callsAnyway, /calls the push reports|calls made/);
  });

  it('one that sends prices in major units fails the quantity-and-price case', async () => {
    const majorUnits = withPush((listings, updates, options) =>
      listings.push(
        updates.map((update) =>
          update.price
            ? { ...update, price: { ...update.price, amount: Math.round(update.price.amount / 100) } }
            : update,
        ),
        options,
      ),
    );
    await expectRed('sets quantity and price as sent', majorUnits, /what the listings show/);
  });

  it('one that reports every item applied, refused ones included, fails the per-item failure case', async () => {
    const allApplied = withPush(async (listings, updates, options) => {
      const result = await listings.push(updates, options);
      return {
        ...result,
        outcomes: result.outcomes.map((outcome) => ({ sku: outcome.sku, status: 'applied' as const })),
      };
    });
    await expectRed('reports a refused item as failed', allApplied, /outcome of each update/);
  });

  it('one that reports every refusal as permanent fails the per-item failure case', async () => {
    const neverRetryable = withPush(async (listings, updates, options) => {
      const result = await listings.push(updates, options);
      return {
        ...result,
        outcomes: result.outcomes.map((outcome) =>
          outcome.status === 'failed' ? { ...outcome, retryable: false } : outcome,
        ),
      };
    });
    await expectRed('reports a refused item as failed', neverRetryable, /retryable/);
  });

  it('one that remembers what it sent and skips it (deduplicating for the SDK) fails the per-item failure case', async () => {
    const remembers: BreakListings = (listings) => {
      const sent = new Map<string, number | undefined>();
      return {
        ...listings,
        async push(updates, options) {
          const fresh = updates.filter((update) => !sent.has(update.sku) || sent.get(update.sku) !== update.quantity);
          for (const update of updates) sent.set(update.sku, update.quantity);
          const result = fresh.length > 0 ? await listings.push(fresh, options) : { outcomes: [], calls: 0 };
          const bySku = new Map(result.outcomes.map((outcome) => [outcome.sku, outcome]));
          return {
            ...result,
            outcomes: updates.map((update) => bySku.get(update.sku) ?? { sku: update.sku, status: 'applied' as const }),
          };
        },
      };
    };
    await expectRed('reports a refused item as failed', remembers, /quantity|push calls after the second push/);
  });

  it('one that gives up at a 429 (failed outcomes) fails the rate-limit case', async () => {
    const givesUp: BreakListings = (listings, simulator) => ({
      ...listings,
      async push(updates, options) {
        const before = simulator.requestTimes('push-listings').length;
        const result = await listings.push(updates, options);
        if (simulator.requestTimes('push-listings').length - before <= 1) return result;
        return {
          ...result,
          outcomes: updates.map((update) => ({
            sku: update.sku,
            status: 'failed' as const,
            retryable: true,
            message: 'rate limited',
          })),
        };
      },
    });
    await expectRed('retries a 429 on the push', givesUp, /expected/);
  });

  it('one that throws the whole push away when a later call fails fails the second-call case', async () => {
    const throwsAll = withPush(async (listings, updates, options) => {
      const result = await listings.push(updates, options);
      const failed = result.outcomes.find((outcome) => outcome.status === 'failed' || outcome.status === 'unknown');
      if (failed)
        throw new ServerError(`a call of the push failed (${failed.sku})`, { service: 'broken', status: 503 });
      return result;
    });
    await expectRed('a push whose second call fails', throwsAll, /a call of the push failed/);
  });

  it('one that reports a failed call applied fails both failed-call cases', async () => {
    const optimistic = withPush(async (listings, updates, options) => {
      const applied = updates.map((update) => ({ sku: update.sku, status: 'applied' as const }));
      try {
        const result = await listings.push(updates, options);
        return { ...result, outcomes: applied };
      } catch {
        return { outcomes: applied, calls: 1 };
      }
    });
    await expectRed('a push whose every call fails', optimistic, /outcomes reported applied/);
    await expectRed('a push whose second call fails', optimistic, /the failed batch's outcomes/);
  });

  it('one that resends a push after a lost response fails the lost-response case', async () => {
    const resends = withPush(async (listings, updates, options) => {
      try {
        return await listings.push(updates, options);
      } catch (error) {
        if (!NetworkError.isInstance(error)) throw error;
        return listings.push(updates, options);
      }
    });
    await expectRed('a push whose response was lost', resends, /resent blind/);
  });

  it('one that reports an unknown SKU as found with quantity 0 fails the read-back case', async () => {
    const findsEverything: BreakListings = (listings) => ({
      ...listings,
      read: async (skus, options) =>
        (await listings.read(skus, options)).map((reading) =>
          reading.found ? reading : { sku: reading.sku, found: true, quantity: 0 },
        ),
    });
    await expectRed('reads back what the listings show', findsEverything, /not listed/);
  });

  it('one that makes unknown outcomes of an answer it cannot read fails every garbage-answer case', async () => {
    const unknownOnGarbage = withPush(async (listings, updates, options) => {
      try {
        return await listings.push(updates, options);
      } catch (error) {
        if (!ResponseParseError.isInstance(error)) throw error;
        return {
          outcomes: updates.map((update) => ({ sku: update.sku, status: 'unknown' as const, message: 'unreadable' })),
          calls: 1,
        };
      }
    });
    const garbageCases = marketplaceListingsCases.filter((candidate) =>
      candidate.name.startsWith('throws ResponseParseError'),
    );
    expect(garbageCases).toHaveLength(3);
    for (const garbageCase of garbageCases) {
      await expectRed(garbageCase.name, unknownOnGarbage, /expected the call to fail, but it succeeded/);
    }
  });

  it('one that makes failed outcomes of bad credentials fails the credentials case', async () => {
    const swallows = withPush(async (listings, updates, options) => {
      try {
        return await listings.push(updates, options);
      } catch (error) {
        if (!AuthenticationError.isInstance(error)) throw error;
        return {
          outcomes: updates.map((update) => ({
            sku: update.sku,
            status: 'failed' as const,
            retryable: false,
            message: 'unauthorized',
          })),
          calls: 1,
        };
      }
    });
    await expectRed('throws AuthenticationError for bad credentials', swallows, /expected the call to fail/);
  });

  it('one that drops keys it does not know instead of refusing them fails the validation case', async () => {
    const lenient = withPush((listings, updates, options) =>
      listings.push(
        updates.map(
          (update): ListingUpdate => ({
            sku: update.sku,
            ...(update.quantity === undefined ? {} : { quantity: update.quantity }),
            ...(update.price === undefined ? {} : { price: update.price }),
          }),
        ),
        options,
      ),
    );
    await expectRed('refuses updates that are not valid', lenient, /an unknown key/);
  });

  it('one that drops expectedQuantity fails the compare-and-swap case (the marketplace has it)', async () => {
    const noCompare = withPush((listings, updates, options) =>
      listings.push(
        updates.map(({ expectedQuantity: _expected, ...update }) => update),
        options,
      ),
    );
    await expectRed('compare-and-swap where the marketplace has it', noCompare, /a sale the SDK did not know of/);
  });
});

describe('the listings declaration check', () => {
  const simulator = createReferenceMarketplaceSimulator();
  const adapter = referenceMarketplaceHarness.createAdapter(simulator);
  const listings = adapter.listings as MarketplaceListings;
  const { capabilities: _capabilities, listings: _listings, ...pushOnly } = adapter;

  it.each<[string, MarketplaceAdapter, RegExp | undefined]>([
    ['a consistent adapter', adapter, undefined],
    ['an adapter without listings (no capability, no listings)', pushOnly, undefined],
    ['listings without the capability', { ...pushOnly, listings }, /does not declare `capabilities.listings/],
    ['the capability without listings', { ...pushOnly, capabilities: { listings: 'push' } }, /has no `listings`/],
    ['a batch size of 0', { ...adapter, listings: { ...listings, batchSize: 0 } }, /batchSize/],
    [
      'asynchronous without confirm',
      { ...adapter, listings: { ...listings, mode: 'asynchronous' } },
      /`listings.confirm` is not a function/,
    ],
    [
      'synchronous with confirm',
      { ...adapter, listings: { ...listings, confirm: async () => ({ outcomes: [], calls: 0 }) } },
      /its mode is 'synchronous'/,
    ],
  ])('%s', (_name, candidate, problem) => {
    const found = listingsDeclarationProblem(candidate);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});

describe('the asynchronous listings case catches a broken adapter (the core mock marketplace, asynchronous)', () => {
  const token = 'mock-listings-token-4411';

  /** Runs the asynchronous case against the core mock in asynchronous mode, its listings broken by `breakListings`. */
  async function runAsynchronous(breakListings: BreakListings): Promise<void> {
    const listingsCase = marketplaceListingsCases.find((candidate) => candidate.name.startsWith('asynchronous'));
    if (!listingsCase) throw new Error('no asynchronous case');
    const mockServer = createMockMarketplaceServer({ marketplace: 'mock-market', validToken: token });
    const simulator: ListingsSimulator = {
      marketplace: mockServer.marketplace,
      handlers: [],
      baseURL: 'http://127.0.0.1/in-memory',
      addOrder() {},
      fulfillments: () => [],
      injectFault: () => {},
      requestTimes: (operation) => mockServer.requestTimes(operation),
      reset: () => mockServer.reset(),
      listings: mockServer.listings,
    };
    await listingsCase.run({
      harness: {
        ...referenceMarketplaceHarness,
        createAdapter: (_target, options) => {
          const { server: _server, ...adapter } = createMockMarketplaceAdapter({
            server: mockServer,
            apiToken: token,
            listings: {
              mode: 'asynchronous',
              ...(options?.listingBatchSize ? { batchSize: options.listingBatchSize } : {}),
            },
          });
          return adapter.listings ? { ...adapter, listings: breakListings(adapter.listings, simulator) } : adapter;
        },
      },
      simulator,
      secrets: () => [token],
    });
  }

  it('the unbroken asynchronous mock passes it (the control)', async () => {
    await runAsynchronous(unbroken);
  });

  it('one that reports a queued update applied fails it', async () => {
    const claimsApplied = withPush(async (listings, updates, options) => {
      const result = await listings.push(updates, options);
      return {
        ...result,
        outcomes: result.outcomes.map((outcome) => ({ sku: outcome.sku, status: 'applied' as const })),
      };
    });
    await expect(runAsynchronous(claimsApplied)).rejects.toThrow(/outcomes before processing/);
  });

  it('one whose confirm says applied before the marketplace processed the queue fails it', async () => {
    const confirmsBlind: BreakListings = (listings) => ({
      ...listings,
      confirm: async (pending) => ({
        outcomes: pending.map((entry) => ({ sku: entry.update.sku, status: 'applied' as const })),
        calls: 0,
      }),
    });
    await expect(runAsynchronous(confirmsBlind)).rejects.toThrow(/confirm before processing/);
  });
});
