import {
  ApiError,
  AuthenticationError,
  type ListingPushResult,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type MarketplaceAdapter,
  type MarketplaceListings,
  mayHaveActed,
  ResponseParseError,
  ValidationError,
} from '@dropship/core';
import { expect } from 'vitest';
import { observeFaultInjectors, standardOperations } from '../create-fault-injector.js';
import type { MarketplaceConformanceHarness, MarketplaceSimulator, SimulatedListings } from '../testing-types.js';
import type { ConformanceCase, MarketplaceCaseContext } from './conformance-case.js';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failureOf } from './failure-of.js';

/** What the listings cases need of a harness beyond {@link MarketplaceConformanceHarness}. */
export interface MarketplaceListingsHarness extends MarketplaceConformanceHarness {
  /**
   * Whether the adapter honours `ListingUpdate.expectedQuantity` (compare-and-swap, Shopify's
   * `changeFromQuantity`): then a sale between two pushes makes the second one `stale` with the
   * quantity the listing shows. Default false: the adapter ignores `expectedQuantity`, and the
   * suite checks that it does (the update applies whatever it says).
   */
  listingsCompareAndSwap?: boolean;
  /**
   * The `index`-th listing SKU of the cases, in the marketplace's format. Default
   * `CONF-L-<index, 5 digits>`.
   */
  listingSku?: (index: number) => string;
  /** The currency of the prices the cases push (the marketplace's, or the seller account's). Default `USD`. */
  listingCurrency?: string;
  /**
   * Quantities and prices go through separate calls (Walmart's inventory and price feeds,
   * Shopify's inventory and variant mutations): a push of both takes one call of each. Default
   * false: one call carries both (eBay's `bulkUpdatePriceQuantity`).
   */
  listingPricesSeparately?: boolean;
}

/** An adapter whose listings push is declared and implemented. */
export type ListingsAdapter = MarketplaceAdapter & { listings: MarketplaceListings };

/** A simulator with its listings surface. */
export type ListingsSimulator = MarketplaceSimulator & { listings: SimulatedListings };

/** What one listings case runs against: a fresh simulator (its handlers served) and the harness. */
export type ListingsCaseContext = MarketplaceCaseContext<MarketplaceListingsHarness, ListingsSimulator>;

/** One listings case: a name (the test title) and a check that throws when the adapter fails it. */
export type MarketplaceListingsCase = ConformanceCase<ListingsCaseContext>;

/** The batch size the cases ask the adapter for (`listingBatchSize`); an adapter may keep its own. */
export const listingsCaseBatchSize = 5;

/** Most updates the batching case sends: past this, it sends one batch and one update more. */
const batchingCaseLimit = 2_001;

function adapterOf(context: ListingsCaseContext, credentials: 'valid' | 'invalid' = 'valid'): ListingsAdapter {
  const adapter = context.harness.createAdapter(context.simulator, {
    credentials,
    listingBatchSize: listingsCaseBatchSize,
  });
  if (adapter.listings === undefined) throw new Error('the adapter declares listings push but has no `listings`');
  return adapter as ListingsAdapter;
}

function skuOf(context: ListingsCaseContext, index: number): string {
  return context.harness.listingSku?.(index) ?? `CONF-L-${String(index).padStart(5, '0')}`;
}

function currencyOf(context: ListingsCaseContext): string {
  return context.harness.listingCurrency ?? 'USD';
}

/** Puts `count` listings (quantity 1 each) at the simulator and returns their SKUs. */
function putListings(context: ListingsCaseContext, count: number, first = 0): string[] {
  const skus = Array.from({ length: count }, (_, index) => skuOf(context, first + index));
  for (const sku of skus) context.simulator.listings.putListing(sku, { quantity: 1 });
  return skus;
}

/** Push calls `count` updates take in batches of `batchSize`: the fewest the batch size allows. */
function callsFor(count: number, batchSize: number): number {
  return count === 0 ? 0 : Math.ceil(count / batchSize);
}

/** Counts the simulator's listing calls from now on: push calls both ways, confirm and read requests. */
function countListingCalls(simulator: ListingsSimulator): () => {
  pushCalls: number;
  pushRequests: number;
  confirmRequests: number;
  readRequests: number;
} {
  const pushCalls = simulator.listings.pushCallCount();
  const requests = (operation: string) => simulator.requestTimes(operation).length;
  const pushRequests = requests(standardOperations.pushListings);
  const confirmRequests = requests(standardOperations.confirmListings);
  const readRequests = requests(standardOperations.readListings);
  return () => ({
    pushCalls: simulator.listings.pushCallCount() - pushCalls,
    pushRequests: requests(standardOperations.pushListings) - pushRequests,
    confirmRequests: requests(standardOperations.confirmListings) - confirmRequests,
    readRequests: requests(standardOperations.readListings) - readRequests,
  });
}

/** Changes the simulator applied from now on, per SKU. */
function countChanges(simulator: ListingsSimulator): () => Map<string, number> {
  const before = simulator.listings.changes().length;
  return () => {
    const bySku = new Map<string, number>();
    for (const change of simulator.listings.changes().slice(before))
      bySku.set(change.sku, (bySku.get(change.sku) ?? 0) + 1);
    return bySku;
  };
}

/** Checks the outcomes name the updates' SKUs, one each, in the order sent. */
function expectOutcomesInOrder(result: ListingPushResult, updates: readonly ListingUpdate[]): void {
  expect(
    result.outcomes.map((outcome) => outcome.sku),
    'one outcome per update, in the order sent',
  ).toEqual(updates.map((update) => update.sku));
}

/**
 * The final outcome of each update: the push's for a synchronous adapter; for an asynchronous one,
 * the simulator processes its queue and `confirm` is asked about every `pending` outcome.
 */
async function finalOutcomes(
  context: ListingsCaseContext,
  adapter: ListingsAdapter,
  updates: readonly ListingUpdate[],
  result: ListingPushResult,
): Promise<ListingUpdateOutcome[]> {
  const pending = result.outcomes.flatMap((outcome, index) => {
    const update = updates[index];
    return outcome.status === 'pending' && update ? [{ submissionId: outcome.submissionId, update }] : [];
  });
  if (pending.length === 0) return result.outcomes;
  expect(adapter.listings.mode, 'a `pending` outcome from a synchronous adapter').toBe('asynchronous');
  const confirm = adapter.listings.confirm?.bind(adapter.listings);
  if (!confirm) throw new Error('`pending` outcomes, but the adapter has no `listings.confirm`');
  context.simulator.listings.process();
  const confirmed = await confirm(pending);
  expect(
    confirmed.outcomes.map((outcome) => outcome.sku),
    'confirm: one outcome per pending update, in the order asked',
  ).toEqual(pending.map((entry) => entry.update.sku));
  const bySku = new Map(confirmed.outcomes.map((outcome) => [outcome.sku, outcome]));
  return result.outcomes.map((outcome) => bySku.get(outcome.sku) ?? outcome);
}

/** Pushes and returns the final outcome of each update (see {@link finalOutcomes}). */
async function pushToTheEnd(
  context: ListingsCaseContext,
  adapter: ListingsAdapter,
  updates: readonly ListingUpdate[],
): Promise<ListingUpdateOutcome[]> {
  const result = await adapter.listings.push(updates);
  expectOutcomesInOrder(result, updates);
  return finalOutcomes(context, adapter, updates, result);
}

/** Not applied: an outcome that is no evidence of the new values. */
function notApplied(outcome: ListingUpdateOutcome): boolean {
  return outcome.status === 'failed' || outcome.status === 'unknown';
}

function statuses(outcomes: readonly ListingUpdateOutcome[]): Record<string, string> {
  return Object.fromEntries(outcomes.map((outcome) => [outcome.sku, outcome.status]));
}

/** What the simulator shows of `skus`: quantity and price. */
function shown(simulator: ListingsSimulator, skus: readonly string[]) {
  return Object.fromEntries(skus.map((sku) => [sku, simulator.listings.listing(sku)]));
}

/**
 * The listings-push cases of the marketplace conformance suite, run by `describeMarketplaceAdapter`
 * for an adapter that declares `capabilities.listings: 'push'`. Each counts the simulator's calls,
 * not only the outcomes, and is exported so that a test can show that a broken adapter fails it.
 */
export const marketplaceListingsCases: readonly MarketplaceListingsCase[] = [
  {
    name: 'batches to the limit: N batches and one update more take exactly N + 1 push calls, every listing set once',
    async run(context) {
      const { simulator } = context;
      const adapter = adapterOf(context);
      const { batchSize } = adapter.listings;
      const batches = 2 * batchSize + 1 <= batchingCaseLimit ? 2 : 1;
      const skus = putListings(context, batches * batchSize + 1);
      const updates = skus.map((sku, index) => ({ sku, quantity: (index % 7) + 2 }));
      const counted = countListingCalls(simulator);
      const changed = countChanges(simulator);
      const result = await adapter.listings.push(updates);
      expectOutcomesInOrder(result, updates);
      expect(result.calls, 'calls the push reports').toBe(batches + 1);
      const calls = counted();
      expect(calls.pushCalls, `push calls for ${updates.length} updates in batches of ${batchSize}`).toBe(batches + 1);
      expect(calls.pushRequests, '"push-listings" requests').toBe(batches + 1);
      const outcomes = await finalOutcomes(context, adapter, updates, result);
      expect(
        outcomes.filter((outcome) => outcome.status !== 'applied'),
        'outcomes other than applied',
      ).toEqual([]);
      for (const update of updates)
        expect(simulator.listings.listing(update.sku)?.quantity, `${update.sku} quantity`).toBe(update.quantity);
      const perSku = changed();
      expect(
        updates.filter((update) => perSku.get(update.sku) !== 1).map((update) => update.sku),
        'listings not changed exactly once',
      ).toEqual([]);
    },
  },
  {
    name: 'sends nothing when there is nothing to send: push([]) makes no call and reports none',
    async run(context) {
      const { simulator } = context;
      putListings(context, 2);
      const adapter = adapterOf(context);
      const counted = countListingCalls(simulator);
      const result = await adapter.listings.push([]);
      expect(result.outcomes).toEqual([]);
      expect(result.calls, 'calls the push reports').toBe(0);
      expect(await adapter.listings.read([]), 'read([])').toEqual([]);
      if (adapter.listings.confirm) expect((await adapter.listings.confirm([])).outcomes, 'confirm([])').toEqual([]);
      expect(counted(), 'calls made').toEqual({ pushCalls: 0, pushRequests: 0, confirmRequests: 0, readRequests: 0 });
      expect(simulator.listings.changes(), 'changes applied').toEqual([]);
    },
  },
  {
    name: 'sets quantity and price as sent: a price in minor units, a quantity of 0, a price-only update leaves the quantity',
    async run(context) {
      const { simulator } = context;
      const [first = '', second = '', third = ''] = putListings(context, 3);
      const currency = currencyOf(context);
      simulator.listings.putListing(third, { quantity: 4 });
      const adapter = adapterOf(context);
      const updates: ListingUpdate[] = [
        { sku: first, quantity: 3, price: { amount: 12_345, currency } },
        { sku: second, quantity: 0 },
        { sku: third, price: { amount: 999, currency } },
      ];
      const counted = countListingCalls(simulator);
      const outcomes = await pushToTheEnd(context, adapter, updates);
      expect(statuses(outcomes)).toEqual({ [first]: 'applied', [second]: 'applied', [third]: 'applied' });
      const { batchSize } = adapter.listings;
      expect(counted().pushCalls, 'push calls for three updates (quantities and prices)').toBe(
        context.harness.listingPricesSeparately ? 2 * callsFor(2, batchSize) : callsFor(3, batchSize),
      );
      expect(shown(simulator, [first, second, third]), 'what the listings show').toEqual({
        [first]: { quantity: 3, price: { amount: 12_345, currency } },
        [second]: expect.objectContaining({ quantity: 0 }),
        [third]: { quantity: 4, price: { amount: 999, currency } },
      });
    },
  },
  {
    name: 'reports a refused item as failed (its message, retryable as the marketplace says) and applies the others; the next push of it applies',
    async run(context) {
      const { simulator } = context;
      const [good = '', retryable = '', permanent = '', last = ''] = putListings(context, 4);
      simulator.listings.refuseNextUpdate([retryable], { retryable: true });
      simulator.listings.refuseNextUpdate([permanent], { retryable: false });
      const adapter = adapterOf(context);
      const updates = [good, retryable, permanent, last].map((sku) => ({ sku, quantity: 6 }));
      const counted = countListingCalls(simulator);
      const changed = countChanges(simulator);
      const outcomes = await pushToTheEnd(context, adapter, updates);
      const { batchSize } = adapter.listings;
      expect(counted().pushCalls, 'push calls for four updates').toBe(callsFor(4, batchSize));
      expect(statuses(outcomes), 'outcome of each update').toEqual({
        [good]: 'applied',
        [retryable]: 'failed',
        [permanent]: 'failed',
        [last]: 'applied',
      });
      for (const [sku, expected] of [
        [retryable, true],
        [permanent, false],
      ] as const) {
        const outcome = outcomes.find((candidate) => candidate.sku === sku);
        if (outcome?.status !== 'failed') continue;
        expect(outcome.message.trim().length, `${sku}: the marketplace's message`).toBeGreaterThan(0);
        expect(outcome.retryable, `${sku}: retryable`).toBe(expected);
        expectNoSecrets([outcome], context.secrets());
      }
      expect(shown(simulator, [retryable, permanent]), 'refused listings unchanged').toEqual({
        [retryable]: expect.objectContaining({ quantity: 1 }),
        [permanent]: expect.objectContaining({ quantity: 1 }),
      });
      expect(simulator.listings.listing(good)?.quantity).toBe(6);
      expect(changed().get(retryable), 'changes of a refused listing').toBeUndefined();
      const again = await pushToTheEnd(context, adapter, [{ sku: retryable, quantity: 6 }]);
      expect(statuses(again), 'the refused update sent again').toEqual({ [retryable]: 'applied' });
      expect(simulator.listings.listing(retryable)?.quantity, `${retryable} quantity after the second push`).toBe(6);
      expect(counted().pushCalls, 'push calls after the second push').toBe(callsFor(4, batchSize) + 1);
    },
  },
  {
    name: 'retries a 429 on the push inside the adapter: the listings end right, one change each, one call more',
    async run(context) {
      const { simulator } = context;
      const skus = putListings(context, 3);
      simulator.injectFault({
        kind: 'rate-limit',
        times: 1,
        retryAfterSeconds: 0,
        operations: [standardOperations.pushListings],
      });
      const adapter = adapterOf(context);
      const updates = skus.map((sku) => ({ sku, quantity: 5 }));
      const counted = countListingCalls(simulator);
      const changed = countChanges(simulator);
      const outcomes = await pushToTheEnd(context, adapter, updates);
      expect(statuses(outcomes)).toEqual(Object.fromEntries(skus.map((sku) => [sku, 'applied'])));
      expect(counted().pushRequests, '"push-listings" requests: the 429 and its retry').toBe(
        callsFor(updates.length, adapter.listings.batchSize) + 1,
      );
      for (const sku of skus) expect(simulator.listings.listing(sku)?.quantity, sku).toBe(5);
      expect([...changed().values()], 'changes per listing').toEqual([1, 1, 1]);
    },
  },
  {
    name: 'a push whose every call fails (5xx) reports nothing applied: a typed error, or every outcome failed or unknown',
    async run(context) {
      const { simulator } = context;
      const adapter = adapterOf(context);
      const skus = putListings(context, adapter.listings.batchSize + 1);
      simulator.injectFault({ kind: 'server-error', times: 20, operations: [standardOperations.pushListings] });
      try {
        const result = await adapter.listings.push(skus.map((sku) => ({ sku, quantity: 3 })));
        expect(
          result.outcomes.filter((outcome) => !notApplied(outcome)),
          'outcomes reported applied',
        ).toEqual([]);
      } catch (error) {
        expect(ApiError.isInstance(error), `an untyped error: ${String(error)}`).toBe(true);
        expectNoSecrets([error], context.secrets());
      }
      expect(simulator.listings.changes(), 'changes after a push whose calls failed').toEqual([]);
    },
  },
  {
    name: "a push whose second call fails (5xx) keeps the first batch's outcomes (applied) and reports the rest failed or unknown",
    async run(context) {
      const { simulator } = context;
      const adapter = adapterOf(context);
      const { batchSize } = adapter.listings;
      const skus = putListings(context, batchSize + 1);
      const updates = skus.map((sku) => ({ sku, quantity: 3 }));
      // The fault is injected as the first call is served, so that it fails the calls after it.
      let served = 0;
      const stopObserving = observeFaultInjectors((call) => {
        if (call.operation !== standardOperations.pushListings) return;
        served += 1;
        if (served === 1)
          simulator.injectFault({ kind: 'server-error', times: 20, operations: [standardOperations.pushListings] });
      });
      let result: ListingPushResult;
      try {
        result = await adapter.listings.push(updates);
      } finally {
        stopObserving();
      }
      // A simulator not built on the shared fault injector cannot fail only the second call.
      if (served === 0) return;
      expectOutcomesInOrder(result, updates);
      const outcomes = await finalOutcomes(context, adapter, updates, result);
      expect(
        outcomes.slice(0, batchSize).filter((outcome) => outcome.status !== 'applied'),
        "the first batch's outcomes",
      ).toEqual([]);
      expect(
        outcomes.slice(batchSize).filter((outcome) => !notApplied(outcome)),
        "the failed batch's outcomes",
      ).toEqual([]);
      expect(
        simulator.listings.changes().map((change) => change.sku),
        'changes applied: the first batch only',
      ).toEqual(skus.slice(0, batchSize));
    },
  },
  {
    name: 'a push whose response was lost is not resent blind: a typed error that may have acted, or unknown outcomes; no listing changed twice, and read shows what the marketplace holds',
    async run(context) {
      const { simulator } = context;
      const skus = putListings(context, 2);
      simulator.injectFault({ kind: 'lost-response', times: 1, operations: [standardOperations.pushListings] });
      const adapter = adapterOf(context);
      const changed = countChanges(simulator);
      try {
        const result = await adapter.listings.push(skus.map((sku) => ({ sku, quantity: 6 })));
        // Applied only with evidence: the adapter read the listings back.
        for (const outcome of result.outcomes)
          if (outcome.status === 'applied')
            expect(simulator.listings.listing(outcome.sku)?.quantity, `${outcome.sku} reported applied`).toBe(6);
      } catch (error) {
        expect(ApiError.isInstance(error), `an untyped error: ${String(error)}`).toBe(true);
        expect(mayHaveActed(error), `${String(error)}: a lost response may have acted`).toBe(true);
      }
      // An asynchronous marketplace queued the lost submission: it applies it now.
      simulator.listings.process();
      const perSku = changed();
      expect(
        perSku.get(skus[0] ?? ''),
        'changes of the listing in the lost call (it acted once; more is resent blind)',
      ).toBe(1);
      expect(
        skus.filter((sku) => (perSku.get(sku) ?? 0) > 1),
        'listings changed more than once: resent blind',
      ).toEqual([]);
      const readings = await adapter.listings.read(skus);
      expect(
        readings.map((reading) => reading.quantity),
        'what read shows after the lost response: what the marketplace holds',
      ).toEqual(skus.map((sku) => simulator.listings.listing(sku)?.quantity));
      expect(readings[0]?.quantity, 'the listing of the lost call, read back').toBe(6);
    },
  },
  {
    name: 'reads back what the listings show, in the order asked, and found: false for a SKU the marketplace does not list',
    async run(context) {
      const { simulator } = context;
      const currency = currencyOf(context);
      const [first = '', second = ''] = putListings(context, 2);
      simulator.listings.putListing(first, { quantity: 7, price: { amount: 2_450, currency } });
      simulator.listings.sell(first, 2);
      const unknown = skuOf(context, 99_999);
      const adapter = adapterOf(context);
      const counted = countListingCalls(simulator);
      const readings = await adapter.listings.read([unknown, first, second]);
      expect(
        readings.map((reading) => reading.sku),
        'readings in the order asked',
      ).toEqual([unknown, first, second]);
      const [missing, sold, other] = readings;
      expect(missing?.found, `${unknown} (not listed)`).toBe(false);
      expect(sold).toMatchObject({ sku: first, found: true, quantity: 5 });
      if (sold?.price !== undefined) expect(sold.price, 'the price read back').toEqual({ amount: 2_450, currency });
      expect(other).toMatchObject({ sku: second, found: true, quantity: 1 });
      const { readRequests, pushRequests } = counted();
      expect(readRequests, '"read-listings" requests for three SKUs').toBeGreaterThanOrEqual(1);
      expect(readRequests, '"read-listings" requests for three SKUs').toBeLessThanOrEqual(3);
      expect(pushRequests, 'a read pushes nothing').toBe(0);
    },
  },
  {
    name: 'asynchronous marketplaces: pending with a submission id until processed, then confirm says applied',
    async run(context) {
      const { simulator } = context;
      const adapter = adapterOf(context);
      if (adapter.listings.mode !== 'asynchronous') {
        expect(adapter.listings.confirm, 'confirm on a synchronous adapter').toBeUndefined();
        return;
      }
      const confirm = adapter.listings.confirm?.bind(adapter.listings);
      if (!confirm) throw new Error("mode 'asynchronous' without `listings.confirm`");
      const skus = putListings(context, 2);
      const updates = skus.map((sku) => ({ sku, quantity: 9 }));
      const counted = countListingCalls(simulator);
      const result = await adapter.listings.push(updates);
      expectOutcomesInOrder(result, updates);
      const pending = result.outcomes.flatMap((outcome, index) =>
        outcome.status === 'pending'
          ? [{ submissionId: outcome.submissionId, update: updates[index] as ListingUpdate }]
          : [],
      );
      expect(statuses(result.outcomes), 'outcomes before processing').toEqual(
        Object.fromEntries(skus.map((sku) => [sku, 'pending'])),
      );
      for (const entry of pending) expect(entry.submissionId.length, 'submission id').toBeGreaterThan(0);
      for (const sku of skus) expect(simulator.listings.listing(sku)?.quantity, `${sku} before processing`).toBe(1);
      const early = await confirm(pending);
      expect(statuses(early.outcomes), 'confirm before processing').toEqual(
        Object.fromEntries(skus.map((sku) => [sku, 'pending'])),
      );
      simulator.listings.process();
      const done = await confirm(pending);
      expect(statuses(done.outcomes), 'confirm after processing').toEqual(
        Object.fromEntries(skus.map((sku) => [sku, 'applied'])),
      );
      for (const sku of skus) expect(simulator.listings.listing(sku)?.quantity, `${sku} after processing`).toBe(9);
      const calls = counted();
      expect(calls.pushCalls, 'push calls').toBe(callsFor(updates.length, adapter.listings.batchSize));
      expect(calls.confirmRequests, '"confirm-listings" requests for two confirms').toBeGreaterThanOrEqual(2);
    },
  },
  ...(
    [
      'a malformed (truncated) JSON body',
      'an HTML maintenance page with HTTP 200',
      'JSON of another shape with HTTP 200',
    ] as const
  ).map(
    (description, index): MarketplaceListingsCase => ({
      name: `throws ResponseParseError for ${description} to a push, reporting nothing applied; the next push applies each listing once`,
      async run(context) {
        const { simulator } = context;
        const skus = putListings(context, 2);
        simulator.injectFault({
          kind: index === 0 ? 'malformed-body' : 'hostile-answer',
          ...(index === 0 ? {} : { hostile: index === 1 ? 'html-maintenance' : 'unexpected-json' }),
          times: 1,
          operations: [standardOperations.pushListings],
        });
        const adapter = adapterOf(context);
        const updates = skus.map((sku) => ({ sku, quantity: 4 }));
        const counted = countListingCalls(simulator);
        const error = await failureOf(adapter.listings.push(updates));
        expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
        expectNoSecrets([error], context.secrets());
        const changed = countChanges(simulator);
        const outcomes = await pushToTheEnd(context, adapter, updates);
        expect(statuses(outcomes)).toEqual(Object.fromEntries(skus.map((sku) => [sku, 'applied'])));
        for (const sku of skus) expect(simulator.listings.listing(sku)?.quantity, sku).toBe(4);
        expect([...changed().values()], 'changes per listing after the garbage answer').toEqual([1, 1]);
        expect(counted().pushRequests, '"push-listings" requests: the garbage answer, then one push').toBe(
          1 + callsFor(updates.length, adapter.listings.batchSize),
        );
      },
    }),
  ),
  {
    name: 'throws AuthenticationError for bad credentials on a push and a read, changes nothing, and no credential is in it',
    async run(context) {
      const { simulator } = context;
      const skus = putListings(context, 2);
      const rejected = adapterOf(context, 'invalid');
      const pushError = await failureOf(rejected.listings.push(skus.map((sku) => ({ sku, quantity: 8 }))));
      expect(AuthenticationError.isInstance(pushError), String(pushError)).toBe(true);
      const readError = await failureOf(rejected.listings.read(skus));
      expect(AuthenticationError.isInstance(readError), String(readError)).toBe(true);
      expectNoSecrets([pushError, readError], context.secrets());
      expect(simulator.listings.changes(), 'changes applied').toEqual([]);
      for (const sku of skus) expect(simulator.listings.listing(sku)?.quantity, sku).toBe(1);
    },
  },
  {
    name: 'refuses updates that are not valid (ValidationError) before any call: a negative, fractional or missing value, a SKU twice, an unknown key',
    async run(context) {
      const { simulator } = context;
      const [sku = ''] = putListings(context, 1);
      const adapter = adapterOf(context);
      const counted = countListingCalls(simulator);
      const invalid: [string, unknown[]][] = [
        ['a negative quantity', [{ sku, quantity: -1 }]],
        ['a fractional quantity', [{ sku, quantity: 1.5 }]],
        ['neither quantity nor price', [{ sku }]],
        ['a fractional price', [{ sku, price: { amount: 10.5, currency: currencyOf(context) } }]],
        [
          'the same SKU twice',
          [
            { sku, quantity: 1 },
            { sku, quantity: 2 },
          ],
        ],
        ['an unknown key', [{ sku, quantity: 1, quantityy: 2 }]],
      ];
      for (const [description, updates] of invalid) {
        const error = await failureOf(adapter.listings.push(updates as ListingUpdate[])).catch((failure: unknown) => {
          throw new Error(`${description}: ${String(failure)}`);
        });
        expect(ValidationError.isInstance(error), `${description}: ${String(error)}`).toBe(true);
      }
      expect(counted().pushRequests, 'push requests for invalid updates').toBe(0);
      expect(simulator.listings.changes()).toEqual([]);
    },
  },
  {
    name: 'compare-and-swap where the marketplace has it: a sale between two pushes makes the second stale with the quantity shown; elsewhere expectedQuantity is ignored',
    async run(context) {
      const { simulator, harness } = context;
      const [sku = ''] = putListings(context, 1);
      simulator.listings.putListing(sku, { quantity: 5 });
      const adapter = adapterOf(context);
      const first = await pushToTheEnd(context, adapter, [{ sku, quantity: 4, expectedQuantity: 5 }]);
      expect(statuses(first), 'first push').toEqual({ [sku]: 'applied' });
      simulator.listings.sell(sku, 1);
      const counted = countListingCalls(simulator);
      const changed = countChanges(simulator);
      const second = await pushToTheEnd(context, adapter, [{ sku, quantity: 2, expectedQuantity: 4 }]);
      expect(counted().pushCalls, 'push calls').toBe(1);
      if (harness.listingsCompareAndSwap) {
        expect(second, 'the push after a sale the SDK did not know of').toEqual([
          { sku, status: 'stale', currentQuantity: 3 },
        ]);
        expect(simulator.listings.listing(sku)?.quantity, 'the listing keeps the quantity after the sale').toBe(3);
        expect(changed().get(sku), 'changes of a stale listing').toBeUndefined();
      } else {
        expect(statuses(second), 'an adapter without compare-and-swap ignores expectedQuantity').toEqual({
          [sku]: 'applied',
        });
        expect(simulator.listings.listing(sku)?.quantity).toBe(2);
      }
    },
  },
];

/**
 * Why an adapter's listings declaration is inconsistent, or undefined when it is consistent:
 * `listings` if and only if `capabilities.listings: 'push'`; a positive whole `batchSize`; a
 * `mode`; `confirm` if and only if `mode` is `asynchronous`.
 *
 * @param adapter - the adapter to check.
 */
export function listingsDeclarationProblem(adapter: MarketplaceAdapter): string | undefined {
  const declared = adapter.capabilities?.listings;
  const { listings } = adapter;
  if (declared === undefined && listings !== undefined)
    return "the adapter has `listings` but does not declare `capabilities.listings: 'push'`: declare it, or the SDK never pushes to it";
  if (declared !== undefined && listings === undefined)
    return `the adapter declares \`capabilities.listings: '${declared}'\` but has no \`listings\``;
  if (listings === undefined) return undefined;
  if (declared !== 'push') return `\`capabilities.listings\` is '${String(declared)}', not 'push'`;
  if (!(Number.isInteger(listings.batchSize) && listings.batchSize > 0))
    return `\`listings.batchSize\` is ${String(listings.batchSize)}, not a positive whole number`;
  if (listings.mode !== 'synchronous' && listings.mode !== 'asynchronous')
    return `\`listings.mode\` is '${String(listings.mode)}', not 'synchronous' or 'asynchronous'`;
  if (listings.mode === 'asynchronous' && typeof listings.confirm !== 'function')
    return "`listings.mode` is 'asynchronous' but `listings.confirm` is not a function";
  if (listings.mode === 'synchronous' && listings.confirm !== undefined)
    return "the adapter has `listings.confirm` but its mode is 'synchronous'";
  return undefined;
}
