// Fault injection of the listing push (issue 21): a seeded, reproducible run of small scenarios,
// each with listings of a few products (bundles among them) at a synchronous marketplace (with or
// without compare-and-swap) and an asynchronous one (pending, then confirmed), pushed over
// several passes while offers change and the push is interrupted at every step: the process
// crashes before `sending` is recorded, after it is recorded and before the call, after the call
// and before its outcome is recorded; whole calls fail with every fault kind (a lost response
// among them: applied, then the answer lost); items are refused per item; the asynchronous
// marketplace processes its queue at random. After a fault-free drain: 0 lost updates (each
// listing shows exactly what the listings module computes from the catalog and the store's
// reservations) and 0 duplicate pushes (no listing changed twice in a row to the same values).
//
// And the oversell test: sales at the marketplace during a push (the listing decremented), their
// orders imported meanwhile (stock reserved): once the pushes complete, no listing shows more than
// can ship.
//
// Environment:
//   RELIABILITY_SEED=<n>                      run seed (default: a new one each run, printed)
//   RELIABILITY_LISTING_SCENARIOS=<n>         scenarios (default 100)
//   RELIABILITY_SCENARIO_SEED=<n>             replay one scenario alone (printed when one fails)
//   RELIABILITY_OVERSELL_SEED=<n>             replay one oversell scenario alone
//   RELIABILITY_LISTING_SIMULATOR_SCENARIOS=<n>  scenarios on the Shopify and Walmart simulators (default 8)
import {
  ConcurrencyConflictError,
  computeAvailability,
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  DropshipError,
  type DropshipStore,
  type ListingInput,
  listingKey,
  type MarketplaceAdapter,
  type MemoryStore,
  type OfferInput,
  parseListings,
} from '@dropship/core';
import {
  createMockDistributorClient,
  createMockMarketplaceAdapter,
  type FaultKind,
  faultKinds,
  type MockListings,
} from '@dropship/core/test';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createTestServer } from '@dropship/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator } from '@dropship/walmart/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentCount, settings } from './support/fault-injection-settings.js';
import { createRandom, type Random, scenarioSeed } from './support/prng.js';

const scenarios = environmentCount('RELIABILITY_LISTING_SCENARIOS', 100);

/** Thrown by the store wrapper where the process "dies". */
class ProcessKilled extends Error {}

/** Where a pass may die. */
type CrashPoint = 'before-sending' | 'after-sending' | 'before-outcome';

const start = Date.parse('2026-12-07T08:00:00.000Z');

function productOffer(index: number, quantity: number, cost: number, at: number): OfferInput {
  return {
    distributor: 'wps',
    sku: `W-${index}`,
    brand: 'NGK',
    mpn: `P-${index}`,
    currency: 'USD',
    cost,
    dropShipFee: 0,
    stock: [{ warehouse: 'PA', quantity, leadTimeDays: 0 }],
    updatedAt: new Date(at).toISOString(),
  };
}

/**
 * One process's view of the memory store: its listing saves die at the planned point, once, and
 * from then on every call of this process fails (a dead process writes nothing more; the store
 * itself, like a database, outlives it).
 */
function crashingStore(store: MemoryStore, plan: { point: CrashPoint | undefined }): DropshipStore {
  let dead = false;
  const kill = (message: string): never => {
    plan.point = undefined;
    dead = true;
    throw new ProcessKilled(message);
  };
  const view: DropshipStore = {
    ...store,
    async saveListingPushRecords(entries) {
      const point = plan.point;
      const sending = entries.some((entry) => entry.record.status === 'sending');
      if (point === 'before-sending' && sending) kill('killed before sending was recorded');
      if (point === 'before-outcome' && !sending) kill('killed before the outcome was recorded');
      const saved = await store.saveListingPushRecords(entries);
      if (point === 'after-sending' && sending) kill('killed after sending was recorded');
      return saved;
    },
  };
  return new Proxy(view, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...parameters: unknown[]) => {
        if (dead) throw new ProcessKilled('the process is dead');
        return (value as (...rest: unknown[]) => unknown).apply(target, parameters);
      };
    },
  });
}

/**
 * One marketplace of a scenario: its adapter, the control of the listings it holds (the core
 * mock's and the HTTP simulators' have the same methods), and its faults.
 */
interface Market {
  readonly adapter: MarketplaceAdapter;
  readonly control: Pick<MockListings, 'putListing' | 'listing' | 'changes' | 'sell' | 'refuseNextUpdate' | 'process'>;
  injectFault(fault: { kind: FaultKind; operations: string[]; times: number }): void;
  /** Drops the faults not fired yet (the drain runs without faults). */
  clearFaults(): void;
}

/** The two marketplaces of a scenario: one synchronous, one asynchronous. */
type MarketFactory = (random: Random) => { synchronous: Market; asynchronous: Market };

/** The core mocks: a synchronous marketplace (compare-and-swap at random) and an asynchronous one. */
const mockMarkets: MarketFactory = (random) => {
  const market = (adapter: ReturnType<typeof createMockMarketplaceAdapter>): Market => ({
    adapter,
    control: adapter.server.listings,
    injectFault: (fault) => adapter.injectFault(fault),
    clearFaults: () => adapter.reset(),
  });
  return {
    synchronous: market(
      createMockMarketplaceAdapter({
        marketplace: 'ebay',
        listings: { batchSize: random.integer(1, 4), compareAndSwap: random.chance(0.5) },
      }),
    ),
    asynchronous: market(
      createMockMarketplaceAdapter({
        marketplace: 'amazon',
        listings: { mode: 'asynchronous', batchSize: random.integer(1, 4) },
      }),
    ),
  };
};

interface World {
  random: Random;
  clock: { now: number };
  catalog: ReturnType<typeof createMemoryCatalog>;
  store: MemoryStore;
  crash: { point: CrashPoint | undefined };
  synchronous: Market;
  asynchronous: Market;
  listings: readonly ReturnType<typeof parseListings>[number][];
  products: number;
  stock: Map<number, { quantity: number; cost: number }>;
  make(): ReturnType<typeof createDropshipper>;
}

function createWorld(seed: number, markets: MarketFactory = mockMarkets): World {
  const random = createRandom(seed);
  const clock = { now: start };
  const products = random.integer(4, 9);
  const stock = new Map<number, { quantity: number; cost: number }>();
  for (let index = 0; index < products; index++)
    stock.set(index, { quantity: random.integer(0, 12), cost: random.integer(500, 3000) });
  const catalog = createMemoryCatalog(
    [...stock].map(([index, { quantity, cost }]) => productOffer(index, quantity, cost, clock.now)),
  );
  const { synchronous, asynchronous } = markets(random);
  const synchronousId = synchronous.adapter.marketplace;
  const inputs: ListingInput[] = [];
  for (const marketplace of [synchronousId, asynchronous.adapter.marketplace])
    for (let index = 0; index < products; index++)
      inputs.push({
        marketplace,
        sku: `L-${index}`,
        product: { brand: 'NGK', mpn: `P-${index}` },
        currency: 'USD',
        handlingTimeDays: 1,
        price: random.chance(0.5)
          ? { kind: 'fixed', amount: 9_000 }
          : { kind: 'cost-plus', marginBasisPoints: 2_000, floor: random.integer(0, 4_000) },
        fees: { basisPoints: 1_000, perLine: 0 },
        ...(random.chance(0.3) ? { safetyBuffer: { units: 1 } } : {}),
      });
  inputs.push({
    marketplace: synchronousId,
    sku: 'KIT',
    bundle: [
      { product: { brand: 'NGK', mpn: 'P-0' }, quantity: 2 },
      { product: { brand: 'NGK', mpn: 'P-1' }, quantity: 1 },
    ],
    currency: 'USD',
    handlingTimeDays: 1,
    price: { kind: 'fixed', amount: 20_000 },
    fees: { basisPoints: 1_000, perLine: 0 },
  });
  const listings = parseListings(inputs);
  for (const listing of listings)
    (listing.marketplace === synchronousId ? synchronous : asynchronous).control.putListing(listing.sku, {
      quantity: random.integer(0, 3),
    });
  const store = createMemoryStore();
  const crash: { point: CrashPoint | undefined } = { point: undefined };
  const world: World = {
    random,
    clock,
    catalog,
    store,
    crash,
    synchronous,
    asynchronous,
    listings,
    products,
    stock,
    make: () =>
      createDropshipper({
        distributors: [
          createMockDistributorClient({
            distributor: 'wps',
            stock: Object.fromEntries([...stock].map(([index, entry]) => [`W-${index}`, { PA: entry.quantity }])),
            now: () => new Date(clock.now),
          }),
        ],
        marketplaces: [synchronous.adapter, asynchronous.adapter],
        catalog,
        store: crashingStore(store, crash),
        listings,
        now: () => new Date(clock.now),
      }),
  };
  return world;
}

/** What each listing must show: the listings module over the catalog and the store's reservations. */
async function expectedValues(world: World): Promise<Map<string, { quantity: number; price: number | undefined }>> {
  const offers = [];
  for (let index = 0; index < world.products; index++) {
    const offer = await world.catalog.getOffer('wps', `W-${index}`);
    if (offer !== undefined) offers.push(offer);
  }
  const reservations = await world.store.findReservations({});
  const availability = computeAvailability(world.listings, offers, reservations, {
    now: new Date(world.clock.now),
  });
  return new Map([...availability].map(([key, value]) => [key, { quantity: value.quantity, price: value.price }]));
}

/** Changes of one listing that repeat the values of the change just before (a duplicate push). */
function duplicatePushes(market: Market): number {
  const last = new Map<string, string>();
  let duplicates = 0;
  for (const change of market.control.changes()) {
    const values = JSON.stringify([change.quantity, change.price]);
    if (last.get(change.sku) === values) {
      duplicates++;
      if (process.env.LISTING_DEBUG)
        console.log(
          'duplicate',
          market.adapter.marketplace,
          change.sku,
          values,
          JSON.stringify(market.control.changes().filter((entry) => entry.sku === change.sku)),
        );
    }
    last.set(change.sku, values);
  }
  return duplicates;
}

/** Changes a few offers' stock and cost in the catalog (a feed), returning them. */
async function changeOffers(world: World): Promise<OfferInput[]> {
  const changed: OfferInput[] = [];
  for (const index of world.random.sample([...world.stock.keys()], world.random.integer(1, 3))) {
    const entry = { quantity: world.random.integer(0, 12), cost: world.random.integer(500, 3000) };
    world.stock.set(index, entry);
    changed.push(productOffer(index, entry.quantity, entry.cost, world.clock.now));
  }
  await world.catalog.upsertOffers(changed as never);
  return changed;
}

interface Outcome {
  problems: string[];
  crashes: number;
  faults: number;
  refusals: number;
  /** Same values set again at the asynchronous marketplace, where not counted as duplicates. */
  resent: number;
  passes: number;
  lost: number;
  duplicates: number;
  sent: number;
  calls: number;
}

/** The figures a run adds up over its scenarios. */
type Totals = Omit<Outcome, 'problems'>;

function emptyTotals(): Totals {
  return { crashes: 0, faults: 0, refusals: 0, resent: 0, passes: 0, lost: 0, duplicates: 0, sent: 0, calls: 0 };
}

function addTo(totals: Totals, outcome: Outcome): void {
  for (const key of Object.keys(totals) as (keyof Totals)[]) totals[key] += outcome[key];
}

/**
 * @param strictAsynchronous - false: resends of the asynchronous marketplace are counted
 *   (`resent`), not failed (see the simulator run).
 */
async function runScenario(
  seed: number,
  markets: MarketFactory = mockMarkets,
  strictAsynchronous = true,
): Promise<Outcome> {
  const world = createWorld(seed, markets);
  const { random } = world;
  const outcome: Outcome = {
    problems: [],
    crashes: 0,
    faults: 0,
    refusals: 0,
    resent: 0,
    passes: 0,
    lost: 0,
    duplicates: 0,
    sent: 0,
    calls: 0,
  };
  let dropshipper = world.make();
  const pass = async (trigger: () => Promise<unknown>): Promise<void> => {
    outcome.passes++;
    try {
      const runs = (await trigger()) as { sent: number; calls: number }[];
      for (const run of runs) {
        outcome.sent += run.sent;
        outcome.calls += run.calls;
      }
    } catch (error) {
      if (error instanceof ProcessKilled) {
        outcome.crashes++;
        dropshipper = world.make();
        return;
      }
      if (!DropshipError.isInstance(error) || ConcurrencyConflictError.isInstance(error))
        outcome.problems.push(`pass threw ${String(error)}`);
    }
  };
  const rounds = random.integer(4, 8);
  let lastProcessed = world.clock.now;
  for (let round = 0; round < rounds; round++) {
    world.clock.now += random.integer(1, 10) * 60_000;
    if (random.chance(0.3)) world.crash.point = random.pick(['before-sending', 'after-sending', 'before-outcome']);
    for (const market of [world.synchronous, world.asynchronous]) {
      if (random.chance(0.4)) {
        outcome.faults++;
        market.injectFault({
          kind: random.pick(faultKinds),
          operations: [random.pick(['push-listings', 'confirm-listings', 'read-listings'])],
          times: random.integer(1, 3),
        });
      }
      if (random.chance(0.3)) {
        outcome.refusals++;
        market.control.refuseNextUpdate(
          random.sample(
            world.listings
              .filter((listing) => listing.marketplace === market.adapter.marketplace)
              .map((listing) => listing.sku),
            2,
          ),
          { retryable: true },
        );
      }
    }
    // The asynchronous marketplace processes its queue at random, and at least every 10 minutes
    // (within the push's asynchronousSettleMs, 15 minutes: modelled, see the core README).
    if (random.chance(0.5) || world.clock.now - lastProcessed >= 10 * 60_000) {
      world.asynchronous.control.process();
      lastProcessed = world.clock.now;
    }
    if (random.chance(0.5)) {
      const changed = await changeOffers(world);
      await pass(() => dropshipper.offersChanged(changed));
    } else await pass(() => dropshipper.pushListings({ full: random.chance(0.2) }));
  }
  // The drain: no more faults, the asynchronous queue processed, time passing, until nothing moves.
  world.crash.point = undefined;
  world.synchronous.clearFaults();
  world.asynchronous.clearFaults();
  const changesBefore = new Map<Market, number>();
  for (let drain = 0; drain < 30; drain++) {
    world.clock.now += 5 * 60_000;
    world.asynchronous.control.process();
    for (const market of [world.synchronous, world.asynchronous])
      changesBefore.set(market, market.control.changes().length);
    await pass(() => dropshipper.pushListings());
    const records = await world.store.findListingPushRecords({});
    const settled = records.every((record) => record.status === 'applied');
    const moved = [world.synchronous, world.asynchronous].some(
      (market) => market.control.changes().length !== changesBefore.get(market),
    );
    if (settled && !moved && records.length === world.listings.length) break;
  }
  const expected = await expectedValues(world);
  for (const listing of world.listings) {
    const market =
      listing.marketplace === world.synchronous.adapter.marketplace ? world.synchronous : world.asynchronous;
    const shown = market.control.listing(listing.sku);
    const want = expected.get(listingKey(listing));
    if (
      shown === undefined ||
      want === undefined ||
      shown.quantity !== want.quantity ||
      (want.price !== undefined && shown.price?.amount !== want.price)
    ) {
      outcome.lost++;
      outcome.problems.push(
        `${listingKey(listing)} shows ${JSON.stringify(shown)}, should show ${JSON.stringify(want)}`,
      );
    }
  }
  const asynchronousDuplicates = duplicatePushes(world.asynchronous);
  outcome.duplicates = duplicatePushes(world.synchronous) + (strictAsynchronous ? asynchronousDuplicates : 0);
  if (!strictAsynchronous) outcome.resent = asynchronousDuplicates;
  if (outcome.duplicates > 0) outcome.problems.push(`${outcome.duplicates} duplicate pushes`);
  return outcome;
}

/** A marketplace order for `quantity` of listing `sku`, as the intake lists it. */
function saleOrder(marketplace: string, id: string, sku: string, quantity: number, at: number) {
  return {
    kind: 'order' as const,
    status: 'ready' as const,
    updatedAt: new Date(at).toISOString(),
    order: {
      marketplace,
      marketplaceOrderId: id,
      orderedAt: new Date(at).toISOString(),
      currency: 'USD',
      buyer: { name: 'Dana Rider', email: 'dana@example.com' },
      shipTo: {
        name: 'Dana Rider',
        address1: '1 Main St',
        city: 'Boise',
        region: 'ID',
        postalCode: '83702',
        country: 'US',
      },
      lines: [{ lineId: '1', sku, quantity, unitPrice: 9_000 }],
      shippingPaid: 0,
    },
  };
}

/**
 * The oversell scenario: pushes run while the marketplaces sell (each sale decrements the
 * listing there, as a marketplace does) and their orders are imported meanwhile (the intake
 * reserves the stock; the import does not wait for the push). Once every import and push has
 * completed, no listing may show more than can ship.
 */
async function runOversellScenario(
  seed: number,
  markets: MarketFactory = mockMarkets,
): Promise<{ problems: string[]; sales: number; oversold: number }> {
  const world = createWorld(seed, markets);
  const { random } = world;
  const problems: string[] = [];
  const imports: Promise<unknown>[] = [];
  let sales = 0;
  let dropshipper = world.make();
  /** During a push call: a sale at this marketplace, its order imported without waiting. */
  const selling = (market: Market): MarketplaceAdapter => {
    const { adapter, control } = market;
    const listings = adapter.listings as NonNullable<MarketplaceAdapter['listings']>;
    return {
      ...adapter,
      capabilities: adapter.capabilities ?? {},
      listings: {
        ...listings,
        push: async (updates, options) => {
          for (const update of updates) {
            const shown = control.listing(update.sku)?.quantity ?? 0;
            if (update.sku === 'KIT' || shown === 0 || !random.chance(0.4)) continue;
            const quantity = random.integer(1, Math.min(shown, 2));
            control.sell(update.sku, quantity);
            sales++;
            const entry = saleOrder(adapter.marketplace, `S-${sales}`, update.sku, quantity, world.clock.now);
            imports.push(dropshipper.importListedOrders(adapter.marketplace, [entry as never]));
          }
          return listings.push(updates, options);
        },
      },
    };
  };
  const synchronous = selling(world.synchronous);
  const asynchronous = selling(world.asynchronous);
  dropshipper = createDropshipper({
    distributors: [
      createMockDistributorClient({
        distributor: 'wps',
        stock: Object.fromEntries([...world.stock].map(([index, entry]) => [`W-${index}`, { PA: entry.quantity }])),
        now: () => new Date(world.clock.now),
      }),
    ],
    marketplaces: [synchronous, asynchronous],
    catalog: world.catalog,
    store: world.store,
    listings: world.listings,
    now: () => new Date(world.clock.now),
  });
  for (let round = 0; round < random.integer(3, 6); round++) {
    world.clock.now += random.integer(1, 5) * 60_000;
    world.asynchronous.control.process();
    await dropshipper.pushListings({ full: round === 0 });
  }
  await Promise.allSettled(imports);
  // The pushes complete: passes (the asynchronous queue processed before each) until one sends
  // nothing and every update is confirmed.
  for (let drain = 0; drain < 10; drain++) {
    world.clock.now += 60_000;
    world.asynchronous.control.process();
    const runs = await dropshipper.pushListings();
    await Promise.allSettled(imports);
    const records = await world.store.findListingPushRecords({});
    if (runs.every((run) => run.sent === 0) && records.every((record) => record.status === 'applied')) break;
  }
  const expected = await expectedValues(world);
  let oversold = 0;
  for (const listing of world.listings) {
    const market =
      listing.marketplace === world.synchronous.adapter.marketplace ? world.synchronous : world.asynchronous;
    const shown = market.control.listing(listing.sku)?.quantity ?? 0;
    const canShip = expected.get(listingKey(listing))?.quantity ?? 0;
    if (shown > canShip) {
      oversold++;
      problems.push(`${listingKey(listing)} shows ${shown}, can ship ${canShip}`);
    }
  }
  return { problems, sales, oversold };
}

// The same scenarios on the HTTP simulators of two real adapters (MSW): Shopify (synchronous,
// `inventorySetQuantities` with `changeFromQuantity`) and Walmart (asynchronous feeds, confirmed
// from the feed status). Their client-side rate limits are off: they count real time. Checked:
// 0 lost updates on both, 0 duplicate pushes at Shopify, no oversell. One known limit, printed
// rather than failed: Walmart sets a quantity and a price in two feeds and its read-back
// (GET /v3/inventory) has no price, so after a fault that leaves a feed's fate unknown the update
// is sent again (`resent`): the same absolute values, nothing lost, but a value may be set twice.
// (This run found the Shopify adapter replaying a retryable refusal to every resend within its
// idempotency window; fixed in the adapter, and its refusals are injected here again.)
const simulatorScenarios = environmentCount('RELIABILITY_LISTING_SIMULATOR_SCENARIOS', 8);
const walmartSimulator = createWalmartSimulator({
  clientId: 'walmart-client-id',
  clientSecret: 'walmart-client-secret',
  faults: { timeoutDelayMs: 105 },
});
const shopifySimulator = createShopifySimulator({
  accessToken: 'shpat_reliability',
  restoreRate: 1_000_000,
  faults: { timeoutDelayMs: 105 },
});
const simulatorServer = createTestServer(...walmartSimulator.handlers, ...shopifySimulator.handlers);
const tinyRetry = { retries: 2, minDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 250 };

/** Shopify and Walmart on their simulators, emptied for each scenario. */
const simulatorMarkets: MarketFactory = (random) => {
  walmartSimulator.reset({ all: true });
  shopifySimulator.reset({ all: true });
  const market = (
    adapter: MarketplaceAdapter,
    simulator: typeof walmartSimulator | typeof shopifySimulator,
  ): Market => ({
    adapter,
    control: simulator.listings as Market['control'],
    injectFault: (fault) => simulator.injectFault(fault),
    // A simulator drops its faults only with its listings: the drain's passes use up the rest.
    clearFaults: () => undefined,
  });
  return {
    synchronous: market(
      createShopify({
        accessToken: 'shpat_reliability',
        baseURL: shopifySimulator.baseURL,
        retry: tinyRetry,
        timeoutMs: 80,
        listings: { batchSize: random.integer(1, 4) },
      }),
      shopifySimulator,
    ),
    asynchronous: market(
      createWalmart({
        clientId: 'walmart-client-id',
        clientSecret: 'walmart-client-secret',
        baseURL: walmartSimulator.baseURL,
        retry: tinyRetry,
        timeoutMs: 80,
        listings: { batchSize: random.integer(1, 4), feedRateLimit: false, readRateLimit: false },
      }),
      walmartSimulator,
    ),
  };
};

describe('listing push on the Shopify and Walmart simulators', () => {
  beforeAll(() => simulatorServer.listen());
  afterAll(() => simulatorServer.close());

  it(`ends with every listing right, none pushed twice, through ${simulatorScenarios} scenarios, and never oversells (run seed ${settings.runSeed})`, async () => {
    const totals = emptyTotals();
    const failed: string[] = [];
    let sales = 0;
    for (let index = 0; index < simulatorScenarios; index++) {
      const seed = scenarioSeed(settings.runSeed + 2, index);
      const outcome = await runScenario(seed, simulatorMarkets, false);
      addTo(totals, outcome);
      if (outcome.problems.length > 0) failed.push(`#${index} seed ${seed}: ${outcome.problems.join('; ')}`);
      const oversell = await runOversellScenario(seed, simulatorMarkets);
      sales += oversell.sales;
      if (oversell.problems.length > 0) failed.push(`oversell #${index} seed ${seed}: ${oversell.problems.join('; ')}`);
    }
    console.log(
      `listing push on the simulators: ${simulatorScenarios} scenarios, ${JSON.stringify(totals)}, ${sales} sales during pushes`,
    );
    expect(failed).toEqual([]);
    expect({ lost: totals.lost, duplicates: totals.duplicates }).toEqual({ lost: 0, duplicates: 0 });
  }, 120_000);
});

describe('listing push under faults and crashes', () => {
  if (settings.replaySeed !== undefined) {
    it(`replays scenario seed ${settings.replaySeed}`, async () => {
      const outcome = await runScenario(settings.replaySeed as number);
      expect(outcome.problems).toEqual([]);
    });
    return;
  }

  it(`ends with every listing right, none pushed twice, through ${scenarios} scenarios (run seed ${settings.runSeed})`, async () => {
    console.log(
      `listing push fault injection: run seed ${settings.runSeed}; replay with RELIABILITY_SEED=${settings.runSeed} RELIABILITY_LISTING_SCENARIOS=${scenarios} pnpm exec vitest run test/reliability/listing-push-fault-injection.test.ts`,
    );
    const totals = emptyTotals();
    const failed: string[] = [];
    for (let index = 0; index < scenarios; index++) {
      const seed = scenarioSeed(settings.runSeed, index);
      const outcome = await runScenario(seed);
      addTo(totals, outcome);
      if (outcome.problems.length > 0) failed.push(`#${index} seed ${seed}: ${outcome.problems.join('; ')}`);
    }
    console.log(`listing push fault injection: ${scenarios} scenarios, ${JSON.stringify(totals)}`);
    expect(failed).toEqual([]);
    expect({ lost: totals.lost, duplicates: totals.duplicates }).toEqual({ lost: 0, duplicates: 0 });
    // The run exercised what it claims.
    if (scenarios >= 20) expect(totals.crashes).toBeGreaterThan(0);
  }, 120_000);

  it(`oversell: sales and imports during pushes never leave a listing showing more than can ship (run seed ${settings.runSeed})`, async () => {
    let sales = 0;
    const failed: string[] = [];
    const replay = environmentCount('RELIABILITY_OVERSELL_SEED', 0);
    const count = replay > 0 ? 1 : Math.max(1, Math.floor(scenarios / 2));
    for (let index = 0; index < count; index++) {
      const seed = replay > 0 ? replay : scenarioSeed(settings.runSeed + 1, index);
      const outcome = await runOversellScenario(seed);
      sales += outcome.sales;
      if (outcome.problems.length > 0) failed.push(`#${index} seed ${seed}: ${outcome.problems.join('; ')}`);
    }
    console.log(`listing push oversell: ${count} scenarios, ${sales} sales during pushes, ${failed.length} oversold`);
    expect(failed).toEqual([]);
    if (count >= 10) expect(sales).toBeGreaterThan(0);
  }, 120_000);
});
