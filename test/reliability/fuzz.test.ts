// Fuzzing (fast-check) of every public parse and factory entry point, and of API response
// parsing: whatever goes in, the answer is a value or a typed DropshipError (checked with
// DropshipError.isInstance), never a raw TypeError or RangeError; values that come out are valid
// by the core schemas; a failing write leaves the store exactly as it was.
//
// Inputs are mostly "almost valid": a valid value with 1 to 3 random changes (a field replaced by
// a hostile value, deleted, or wrapped in an array), which reaches far deeper than random junk.
// FUZZ_RUNS sets the runs per property (default 60). Every run draws a new seed (printed with its
// replay command; FUZZ_SEED=<seed> replays it) and then runs each property again with the fixed
// regression seeds (support/fuzz-helpers.ts, regressionSeeds). Open bugs (known-bugs.test.ts) would
// be skipped by their exact signature (knownFuzzBugs) until fixed; none is open.

import { createAmazon } from '@dropship/amazon';
import { createAutomatic } from '@dropship/automatic';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  createPlanner,
  type DistributorClient,
  type DropshipStore,
  distributorShipmentSchema,
  type MarketplaceAdapter,
  offerSchema,
  parseAddress,
  parseInventoryRules,
  parseOffer,
  parsePurchaseOrder,
  parseSalesOrder,
  parseTrackingPush,
  planOrder,
  purchaseOrderSchema,
  type SalesOrder,
  salesOrderSchema,
  stockLevelSchema,
  transition,
} from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEmailNotifier } from '@dropship/email';
import {
  createColumnMapParser,
  createIterableSource,
  createPartsUnlimitedParser,
  createWpsItemParser,
  ingestFeed,
  parseDecimalToMinorUnits,
  parseStockQuantity,
  parseUpc,
  partsUnlimitedColumns,
  partsUnlimitedWarehouseColumns,
  readCsvRecords,
  type WpsItemRecord,
} from '@dropship/feeds';
import { createHttpClient } from '@dropship/http';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createDropshipQueue, createPostgresStore, type PostgresStore } from '@dropship/postgres';
import { createShopify } from '@dropship/shopify';
import { createTuckerRocky } from '@dropship/tucker-rocky';
import { createWalmart } from '@dropship/walmart';
import { createWps } from '@dropship/wps';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { marketplaceHarnesses, type ServedMarketplace } from './hostile/hostile-harnesses.js';
import {
  applyMutations,
  assertSeeded,
  type KnownBug,
  knownFuzzBugs,
  type Mutation,
  malformed,
  mutationArbitrary,
  regressionSeeds,
  replayCommand,
  runSeed,
  typedOutcome,
  typedOutcomeSync,
} from './support/fuzz-helpers.js';
import { createSnapshotStore } from './support/process-store.js';
import {
  createReliabilityServer,
  createReliabilityWorld,
  distributorIds,
  type ProductStock,
  worldOffers,
  worldProducts,
  worldWarehouses,
} from './support/reliability-world.js';

const runs = Number(process.env.FUZZ_RUNS ?? 60);
const options = { numRuns: runs };
const fewer = { numRuns: Math.max(10, Math.round(runs / 3)) };
console.info(`fuzz: seed ${runSeed} (replay: ${replayCommand}); regression seeds ${regressionSeeds.join(', ')}`);

// --- valid samples that the fuzzer bends ---------------------------------------------------------

const stock: ProductStock = {
  wps: [6, 6, 6, 6],
  'parts-unlimited': [6, 6, 6, 6],
  'tucker-rocky': [6, 6, 6, 6],
  automatic: [6, 6, 6, 6],
};
/** Plenty of stock, so that the simulators never refuse an order for want of it. */
const plenty: ProductStock = {
  wps: [900, 900, 900, 900],
  'parts-unlimited': [900, 900, 900, 900],
  'tucker-rocky': [900, 900, 900, 900],
  automatic: [900, 900, 900, 900],
};
const product = worldProducts[0]!;

function validOrder(id = '880001', marketplace: 'walmart' | 'shopify' = 'walmart'): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId: id,
    orderedAt: '2026-11-20T14:00:00.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      {
        lineId: '1',
        sku: product.skus.wps,
        product: { brand: product.brand, mpn: product.mpn },
        quantity: 2,
        unitPrice: 5_000,
      },
      { lineId: '2', sku: worldProducts[1]!.skus.wps, quantity: 1, unitPrice: 16_000 },
    ],
    shippingPaid: 0,
  };
}

const validOffer = worldOffers(stock)[0]!;
const validRules = {
  maxLeadTimeDays: 1,
  dropShipCutoffPrice: 1_000,
  warehouses: { wps: { PA: { leadTimeDays: 0 } } },
  excludedDistributors: ['automatic'],
  brandPreferences: ['EBC'],
  distributorPriority: ['wps', 'parts-unlimited'],
  singleShipment: 'preferred' as const,
  marketplaceFeeBasisPoints: { walmart: 1_500 },
  minimumProfit: 0,
};
const validAddress = validOrder().shipTo;
const catalog = createMemoryCatalog(worldOffers(stock));
const validPlan = planOrder(validOrder(), { catalog, rules: validRules, now: '2026-11-20T15:00:00.000Z' });
const plannedPurchaseOrder = validPlan.purchaseOrders[0]!;
const validPurchaseOrder = (() => {
  const draft = {
    poNumber: plannedPurchaseOrder.poNumber,
    distributor: plannedPurchaseOrder.distributor,
    salesOrderId: 'walmart:880001',
    marketplace: 'walmart',
    state: 'submitted' as const,
    version: 3,
    currency: 'USD',
    shipTo: validAddress,
    lines: plannedPurchaseOrder.lines.map((line) => ({
      salesLineId: line.salesLineId,
      sku: line.sku,
      quantity: line.quantity,
      unitCost: line.unitCost,
    })),
    dropShipFee: 0,
    distributorOrderRefs: ['5100001'],
    shipments: [],
    createdAt: '2026-11-20T15:00:00.000Z',
    updatedAt: '2026-11-20T15:00:01.000Z',
    audit: [],
  };
  return parsePurchaseOrder(draft);
})();
const validEvents = [
  {
    type: 'record-shipment',
    shipment: {
      carrier: 'ups',
      trackingNumber: '1ZFUZZ000000000001',
      shippedAt: '2026-11-21T10:00:00.000Z',
      lines: [{ sku: plannedPurchaseOrder.lines[0]!.sku, quantity: 1 }],
    },
  },
  { type: 'acknowledge' },
  { type: 'submit-succeeded', distributorOrderRefs: ['A1'], status: 'acknowledged' },
  { type: 'request-cancel', reason: 'buyer cancelled' },
  { type: 'mark-tracking-pushed', shipmentId: 'x' },
  { type: 'complete', requireBuyerNotified: true },
];
const validNotice = {
  id: `${validPurchaseOrder.poNumber}:1ZFUZZ000000000001`,
  carrier: 'ups',
  trackingNumber: '1ZFUZZ000000000001',
  shippedAt: '2026-11-21T10:00:00.000Z',
  lines: [{ lineId: '1', quantity: 1 }],
};

/** A value that `parse` accepted must come back the same when parsed again (the output is valid input). */
function expectStable<T>(parse: (input: unknown) => T, value: T): void {
  expect(parse(structuredClone(value))).toEqual(value);
}

// --- model parsers ------------------------------------------------------------------------------------

describe('fuzz: model parsers answer a value or a ValidationError', () => {
  const parsers: [string, (input: unknown) => unknown, unknown][] = [
    ['parseSalesOrder', parseSalesOrder, validOrder()],
    ['parseOffer', parseOffer, validOffer],
    ['parseInventoryRules', parseInventoryRules, validRules],
    ['parseAddress', parseAddress, validAddress],
    ['parsePurchaseOrder', parsePurchaseOrder, validPurchaseOrder],
  ];
  for (const [name, parse, valid] of parsers) {
    it(name, async () => {
      await assertSeeded(
        fc.property(malformed(valid), (input) => {
          const outcome = typedOutcomeSync(() => parse(input));
          if (outcome.ok === true) expectStable(parse, outcome.value);
          else if (outcome.ok === false) expect(outcome.error.code).toBe('validation');
        }),
        options,
      );
    });
  }

  it('parseTrackingPush', async () => {
    await assertSeeded(
      fc.property(malformed({ order: validOrder(), shipment: validNotice }), (input) => {
        const outcome = typedOutcomeSync(() => parseTrackingPush(input as { order: unknown; shipment: unknown }));
        if (outcome.ok === false) expect(outcome.error.code).toBe('validation');
      }),
      options,
    );
  });
});

// --- planner, transition, catalog --------------------------------------------------------------------

describe('fuzz: planner, state machine and catalog', () => {
  it('createPlanner and planner.plan: typed errors; a plan places or explains every line exactly once', async () => {
    await assertSeeded(
      fc.property(
        malformed({ rules: validRules, poNumberPrefix: 'DS' }),
        malformed(validOrder()),
        malformed({ now: '2026-11-20T15:00:00.000Z', attempt: 0, reserve: true }),
        (plannerOptions, order, planOptions) => {
          const planner = typedOutcomeSync(() => createPlanner({ ...(plannerOptions as object), catalog } as never));
          if (planner.ok !== true) return;
          const plan = typedOutcomeSync(() => planner.value.plan(order as SalesOrder, planOptions as never));
          if (plan.ok !== true) return;
          const parsed = parseSalesOrder(order);
          for (const line of parsed.lines) {
            const placed = plan.value.purchaseOrders
              .flatMap((po) => po.lines)
              .filter((poLine) => poLine.salesLineId === line.lineId);
            const shelf = plan.value.shelfAllocations.filter((allocation) => allocation.salesLineId === line.lineId);
            const unplaced = plan.value.unplaced.filter((entry) => entry.salesLineId === line.lineId);
            const quantity = [...placed, ...shelf].reduce((sum, entry) => sum + entry.quantity, 0);
            // Placed whole (possibly split across sources), or unplaced with a reason; never both, never twice.
            if (unplaced.length > 0) {
              expect(quantity).toBe(0);
              expect(unplaced[0]!.message.length).toBeGreaterThan(0);
            } else {
              expect(quantity).toBe(line.quantity);
            }
          }
        },
      ),
      options,
    );
  });

  it('planOrder with malformed options: a plan or a typed error', async () => {
    await assertSeeded(
      fc.property(
        malformed({ rules: validRules, now: '2026-11-20T15:00:00.000Z', poNumberPrefix: 'DS', attempt: 1 }),
        (planOptions) => {
          typedOutcomeSync(() => planOrder(validOrder(), { ...(planOptions as object), catalog } as never));
        },
      ),
      options,
    );
  });

  it('transition: a new valid PO or a typed error, and the input PO is never changed', async () => {
    await assertSeeded(
      fc.property(
        fc.oneof(fc.constant(validPurchaseOrder as unknown), malformed(validPurchaseOrder)),
        fc.oneof(fc.constantFrom(...validEvents), ...validEvents.map((event) => malformed(event))),
        (purchaseOrder, event) => {
          const before = structuredClone(purchaseOrder);
          const outcome = typedOutcomeSync(() =>
            transition(purchaseOrder as never, event as never, { now: '2026-11-21T12:00:00.000Z' }),
          );
          expect(purchaseOrder).toEqual(before);
          if (outcome.ok === true) {
            expect(purchaseOrderSchema.safeParse(outcome.value).success).toBe(true);
            const input = parsePurchaseOrder(purchaseOrder);
            // Either the idempotent no-op (same version) or one step forward with an audit entry.
            if (outcome.value.version !== input.version) {
              expect(outcome.value.version).toBe(input.version + 1);
              expect(outcome.value.audit).toHaveLength(input.audit.length + 1);
            }
          } else if (outcome.ok === false) {
            expect(['validation', 'invalid-transition']).toContain(outcome.error.code);
          }
        },
      ),
      options,
    );
  });

  it('createMemoryCatalog, upsertOffers and replaceOffers: typed errors; a refused batch changes nothing', async () => {
    await assertSeeded(
      fc.asyncProperty(
        fc.array(malformed(validOffer), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (batch, replace) => {
          typedOutcomeSync(() => createMemoryCatalog(batch as never));
          const memory = createMemoryCatalog(worldOffers(stock).slice(0, 3));
          const before = [...memory.offers()];
          const outcome = await typedOutcome(() =>
            replace ? memory.replaceOffers('wps', batch as never) : memory.upsertOffers(batch as never),
          );
          const after = [...memory.offers()];
          for (const offer of after) expect(offerSchema.safeParse(offer).success).toBe(true);
          // An in-memory batch is validated whole before anything is written (d2cd561).
          if (outcome.ok === false) expect(after).toEqual(before);
        },
      ),
      options,
    );
  });
});

// --- stores: a failing write changes nothing ----------------------------------------------------------

/** What the store holds for the keys a write may touch, plus every PO. */
async function storeState(
  store: DropshipStore,
  keys: { salesOrderId: string; poNumber: string; idempotencyKey: string },
) {
  return {
    salesOrder: await store.getSalesOrder(keys.salesOrderId),
    purchaseOrder: await store.getPurchaseOrder(keys.poNumber),
    record: await store.getIdempotencyRecord(keys.idempotencyKey),
    all: await store.findPurchaseOrders({}),
  };
}

/** One write to try, and the value it writes (to find the keys it may touch). */
interface StoreWrite {
  keys: unknown;
  run: () => Promise<unknown>;
}

function storeWrites(store: DropshipStore): fc.Arbitrary<StoreWrite> {
  return fc.oneof<fc.Arbitrary<StoreWrite>[]>(
    malformed(validOrder('880002')).map((input) => ({ keys: input, run: () => store.saveSalesOrder(input as never) })),
    malformed(validPurchaseOrder).map((input) => ({
      keys: input,
      run: () => store.createPurchaseOrder(input as never),
    })),
    fc
      .tuple(
        malformed({ ...validPurchaseOrder, version: 4, state: 'acknowledged' }),
        fc.oneof(fc.constant(3 as unknown), malformed(3)),
      )
      .map(([input, version]) => ({
        keys: input,
        run: () => store.updatePurchaseOrder(input as never, version as never),
      })),
    malformed({ key: 'tracking:walmart:880001:1ZFUZZ', at: '2026-11-21T10:00:00.000Z', result: 'x' }).map((input) => ({
      keys: input,
      run: () => store.putIdempotencyRecord(input as never),
    })),
  );
}

function keysOf(input: unknown) {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const text = (field: unknown, fallback: string) => (typeof field === 'string' ? field : fallback);
  return {
    salesOrderId: `${text(value.marketplace, 'walmart')}:${text(value.marketplaceOrderId, '880002')}`,
    poNumber: text(value.poNumber, validPurchaseOrder.poNumber),
    idempotencyKey: text(value.key, 'tracking:walmart:880001:1ZFUZZ'),
  };
}

describe('fuzz: stores answer typed errors and a failing write changes nothing', () => {
  let postgres: PostgresStore;
  beforeAll(async () => {
    postgres = await createPostgresStore();
  }, 60_000);
  afterAll(async () => {
    await postgres?.close();
  });

  const cases: [string, () => DropshipStore, typeof options][] = [
    ['memory store (core)', () => createMemoryStore(), options],
    ['PGlite store (@dropship/postgres)', () => postgres, fewer],
  ];
  for (const [name, storeOf] of cases) {
    it(name, async () => {
      const store = storeOf();
      await store.saveSalesOrder(validOrder('880001'));
      if ((await store.getPurchaseOrder(validPurchaseOrder.poNumber)) === null)
        await store.createPurchaseOrder(validPurchaseOrder);
      await assertSeeded(
        fc.asyncProperty(storeWrites(store), async (write) => {
          const keys = keysOf(write.keys);
          const before = await storeState(store, keys);
          const outcome = await typedOutcome(write.run);
          if (outcome.ok === false) {
            expect(await storeState(store, keys)).toEqual(before);
            expect(['validation', 'concurrency-conflict']).toContain(outcome.error.code);
          }
        }),
        name.startsWith('PGlite') ? fewer : options,
      );
    }, 120_000);
  }
});

// --- factories (createPostgresStore is fuzzed through the store's writes: a valid call opens a
// PGlite database, seconds each) ---------------------------------------------------------------------------------------

/** A value no option of any factory accepts: a symbol, a bigint, NaN. */
const neverAnOption: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(Symbol('not an option'), 10n, Number.NaN);

/**
 * Settings that no factory may accept: not an object at all, an unknown key added (every factory
 * refuses unknown keys), or one of its options replaced by {@link neverAnOption}.
 */
function surelyMalformed(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const variants: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.constantFrom(...keys), neverAnOption).map(([key, value]) => ({ ...valid, [key]: value })),
  ];
  variants.push(
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
      .filter(([key]) => !keys.includes(key) && key !== '__proto__')
      .map(([key, value]) => ({ ...valid, [key]: value ?? 1 })),
  );
  variants.push(fc.constantFrom<unknown>(null, 0, 'settings', [], true));
  return fc.oneof(...variants);
}

/** Error codes of a refusal at creation (not of a later failure such as a connection). */
const refusalCodes = ['validation', 'configuration', 'missing-credential'];

/** Asserts that a factory refused `settings` with a typed refusal. */
function expectRefused(outcome: { ok: true | false | 'known-bug'; error?: { code: string } }, settings: unknown): void {
  expect(outcome.ok, `accepted ${describeSettings(settings)}`).toBe(false);
  expect(refusalCodes, `refused ${describeSettings(settings)} with another error`).toContain(outcome.error?.code);
}

function describeSettings(settings: unknown): string {
  if (typeof settings !== 'object' || settings === null) return String(settings);
  return `{ ${Object.entries(settings)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'function' ? 'function' : typeof value === 'symbol' || typeof value === 'bigint' ? String(value) : JSON.stringify(value)}`,
    )
    .join(', ')} }`;
}

describe('fuzz: every factory refuses malformed settings with a typed error', () => {
  const noop: typeof fetch = async () => new Response('{}');
  const factories: [string, (settings: never) => unknown, Record<string, unknown>][] = [
    [
      'createHttpClient',
      createHttpClient,
      {
        service: 'fuzz',
        baseURL: 'https://http.fuzz.test/v1',
        timeoutMs: 1_000,
        headers: { accept: 'application/json' },
        credentials: { headers: { authorization: 'Bearer FUZZ-HTTP-TOKEN' }, searchParams: { key: 'FUZZ-QUERY-KEY' } },
        redact: ['FUZZ-EXTRA-SECRET'],
        retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
        rateLimit: false,
        concurrency: 2,
        maxResponseBytes: 100_000,
        onEvent: () => undefined,
        fetch: noop,
      },
    ],
    [
      'createWps',
      createWps,
      {
        apiToken: 'FUZZ-WPS-TOKEN',
        baseURL: 'https://wps.fuzz.test',
        timeoutMs: 1_000,
        retry: { retries: 1 },
        rateLimit: { requests: 5, intervalMs: 1_000 },
        stockBatchSize: 5,
        maxPoNumberLength: 20,
        defaultShipVia: 'BEST',
        defaultWarehouse: 'PA',
        shipToCountries: ['US'],
        statusMap: { Open: 'open' },
        fetch: noop,
      },
    ],
    [
      'createPartsUnlimited',
      createPartsUnlimited,
      {
        dealerNumber: 'FUZZDEALER',
        apiKey: 'FUZZ-PU-KEY',
        baseURL: 'https://pu.fuzz.test/api',
        timeoutMs: 1_000,
        maxStockBatch: 10,
        lookupWindowDays: 7,
        successStatusCodes: [200, 201],
        orderListFields: { orders: ['orders'] },
        carrierCodes: { UPSG: 'ups' },
        rateLimit: { requests: 5, intervalMs: 1_000 },
        fetch: noop,
      },
    ],
    [
      'createTuckerRocky',
      createTuckerRocky,
      {
        customerNumber: 'FUZZCUST',
        apiKey: 'FUZZ-TR-KEY',
        baseURL: 'https://tr.fuzz.test',
        endpointPath: '/bin/trws',
        maxStockBatch: 10,
        maxTrackingBatch: 10,
        stockFloor: 9,
        shipToCountries: ['US'],
        poLookup: { type: 'SHP', parameter: 'po' },
        carrierCodes: { UG: 'ups' },
        timeoutMs: 1_000,
        fetch: noop,
      },
    ],
    [
      'createAutomatic',
      createAutomatic,
      {
        apiToken: 'FUZZ-AD-TOKEN',
        baseURL: 'https://ad.fuzz.test/v2',
        auth: { placement: 'header', name: 'x-api-key' },
        paths: { inventory: '/inventory' },
        stockBatchSize: 10,
        timeoutMs: 1_000,
        fetch: noop,
      },
    ],
    [
      'createWalmart',
      createWalmart,
      {
        clientId: 'FUZZ-WM-ID',
        clientSecret: 'FUZZ-WM-SECRET',
        baseURL: 'https://wm.fuzz.test',
        methodCode: 'Standard',
        notifiesBuyer: true,
        tokenRefreshMarginMs: 60_000,
        timeoutMs: 1_000,
        fetch: noop,
      },
    ],
    [
      'createShopify',
      createShopify,
      {
        shop: 'fuzz-shop',
        accessToken: 'shpat_FUZZ',
        apiVersion: '2025-10',
        notifyCustomer: false,
        timeoutMs: 1_000,
        fetch: noop,
      },
    ],
    [
      'createEbay',
      createEbay,
      {
        accessToken: 'FUZZ-EBAY-TOKEN',
        baseURL: 'https://ebay.fuzz.test',
        marketplaceId: 'EBAY_US',
        notifiesBuyer: true,
        carrierCodes: { ups: 'UPS' },
        timeoutMs: 1_000,
        retry: { retries: 1 },
        rateLimit: { requests: 5, intervalMs: 1_000 },
        fetch: noop,
      },
    ],
    [
      'createAmazon',
      createAmazon,
      {
        refreshToken: 'Atzr|FUZZ',
        clientId: 'FUZZ-CLIENT',
        clientSecret: 'FUZZ-SECRET',
        region: 'na',
        marketplaceId: 'ATVPDKIKX0DER',
        baseURL: 'https://amazon.fuzz.test',
        tokenURL: 'https://lwa.fuzz.test/auth/o2/token',
        notifiesBuyer: true,
        tokenRefreshMarginMs: 60_000,
        rateLimit: { requests: 2, intervalMs: 1_000, burst: 10 },
        timeoutMs: 1_000,
        fetch: noop,
      },
    ],
    [
      'createEmailNotifier',
      createEmailNotifier,
      {
        transport: { sendMail: async () => ({}) },
        from: 'Moto Parts <orders@motoparts.example>',
        replyTo: 'help@motoparts.example',
        idempotency: { store: createMemoryStore(), keyPrefix: 'email:', claimLeaseMs: 1_000 },
        onUncertainDelivery: 'assume-sent',
      },
    ],
  ];
  for (const [name, create, valid] of factories) {
    it(`${name}: accepts its valid settings; any variant is accepted or refused with a typed error`, async () => {
      expect(typedOutcomeSync(() => create(valid as never)).ok).toBe(true);
      await assertSeeded(
        fc.property(malformed(valid), (settings) => {
          typedOutcomeSync(() => create(settings as never));
        }),
        options,
      );
    });
    it(`${name}: refuses settings that are malformed for sure with a typed error`, async () => {
      await assertSeeded(
        fc.property(surelyMalformed(valid), (settings) => {
          expectRefused(
            typedOutcomeSync(() => create(settings as never)),
            settings,
          );
        }),
        options,
      );
    });
  }

  it('createDropshipper: refuses settings that are malformed for sure with a typed error', async () => {
    const valid = { distributors: [], marketplaces: [], catalog, approval: { mode: 'auto' }, trackingLookbackDays: 2 };
    expect(typedOutcomeSync(() => createDropshipper(valid as never)).ok).toBe(true);
    await assertSeeded(
      fc.property(surelyMalformed(valid), (settings) => {
        expectRefused(
          typedOutcomeSync(() => createDropshipper(settings as never)),
          settings,
        );
      }),
      options,
    );
  });

  // The two asynchronous factories of @dropship/postgres: a refusal must come before any database
  // is opened or connected to (a valid createPostgresStore call opens PGlite, seconds; the queue's
  // connection string points at a closed port, so an accepted setting fails with another error).
  it('createPostgresStore (PGlite): refuses settings that are malformed for sure with a typed error', async () => {
    const valid = { schema: 'fuzz_store', migrate: false, maxConnections: 2 };
    await assertSeeded(
      fc.asyncProperty(surelyMalformed(valid), async (settings) => {
        const outcome = await typedOutcome(() => createPostgresStore(settings as never));
        if (outcome.ok === true) await (outcome.value as PostgresStore).close();
        expectRefused(outcome, settings);
      }),
      fewer,
    );
  }, 60_000);

  it('createDropshipQueue: refuses settings that are malformed for sure with a typed error', async () => {
    const valid = {
      connectionString: 'postgres://fuzz:FUZZPASSWORD@127.0.0.1:1/fuzz',
      schema: 'fuzz_queue',
      syncIntervalSeconds: 60,
      leaseSeconds: 120,
      retryLimit: 3,
      pollIntervalMs: 500,
      createDropshipper: () => createDropshipper({ distributors: [], marketplaces: [], catalog }),
    };
    await assertSeeded(
      fc.asyncProperty(surelyMalformed(valid), async (settings) => {
        const outcome = await typedOutcome(() => createDropshipQueue(settings as never));
        if (outcome.ok === true) await outcome.value.stop();
        expectRefused(outcome, settings);
      }),
      fewer,
    );
  }, 60_000);

  it('createDropshipper', async () => {
    const valid = {
      distributors: [],
      marketplaces: [],
      catalog,
      rules: validRules,
      approval: { mode: 'auto', minimumProfit: 0 },
      notifyBuyer: 'auto',
      concurrencyPerDistributor: 4,
      trackingLookbackDays: 2,
    };
    await assertSeeded(
      fc.property(malformed(valid), (settings) => {
        const outcome = typedOutcomeSync(() => createDropshipper({ catalog, ...(settings as object) } as never));
        if (outcome.ok === true) expect(typeof outcome.value.dropship).toBe('function');
      }),
      options,
    );
  });
});

// --- clients: malformed inputs and malformed API responses --------------------------------------------

describe('fuzz: clients against the simulators', () => {
  const world = createReliabilityWorld({ timeoutMs: 2_000, lane: 80 });
  /** Mutations applied to the simulators' answers, in order of the calls; empty: answers pass unchanged. */
  let responseMutations: Mutation[] = [];
  let call = 0;
  const server = createReliabilityServer([world], {
    async transform(_request, response) {
      if (responseMutations.length === 0 || response.type === 'error' || [204, 205, 304].includes(response.status))
        return response;
      const mutation = responseMutations[call % responseMutations.length] as Mutation;
      call += 1;
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return new Response(text, { status: response.status, headers: response.headers });
      }
      const mutated = applyMutations(body, [mutation]);
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(JSON.stringify(mutated) ?? '', { status: response.status, headers });
    },
  });
  const fetchNow: typeof fetch = (input, init) => globalThis.fetch(input, init);
  let distributors: DistributorClient[] = [];
  let marketplaces: MarketplaceAdapter[] = [];
  beforeAll(() => server.listen());
  afterAll(() => server.close());
  beforeEach(() => {
    world.reset(plenty);
    responseMutations = [];
    call = 0;
    distributors = world.createDistributorClients({ fetch: fetchNow });
    marketplaces = world.createMarketplaceAdapters({ fetch: fetchNow });
  });

  const poRequest = (poNumber: string, distributor: string) => ({
    poNumber,
    shipTo: { ...validAddress, phone: '2085550100' },
    currency: 'USD',
    lines: [{ sku: product.skus[distributor as keyof typeof product.skus], quantity: 1, unitCost: 2_100 }],
  });

  /** Checks what a distributor operation returned against the core schemas. */
  function checkDistributorResult(operation: string, value: unknown): void {
    if (operation === 'checkStock') {
      for (const level of value as unknown[]) {
        if (knownFuzzBugs.overlongStockText.matches(undefined, level)) continue;
        expect(stockLevelSchema.safeParse(level).success, JSON.stringify(level)).toBe(true);
      }
    }
    if (operation === 'findOrder' || operation === 'listShipments') {
      const orders = value === null ? [] : operation === 'findOrder' ? [value] : (value as unknown[]);
      for (const order of orders as { poNumber: unknown; shipments: unknown[] }[]) {
        expect(typeof order.poNumber).toBe('string');
        for (const shipment of order.shipments)
          expect(distributorShipmentSchema.safeParse(shipment).success).toBe(true);
      }
    }
    if (operation === 'submitOrder') {
      const result = value as { poNumber: unknown; distributorOrderRefs: unknown; status: unknown };
      expect(typeof result.poNumber).toBe('string');
      expect(Array.isArray(result.distributorOrderRefs)).toBe(true);
    }
  }

  const operations = ['checkStock', 'submitOrder', 'findOrder', 'listShipments', 'cancelOrder'] as const;
  function invoke(client: DistributorClient, operation: (typeof operations)[number], input: unknown): Promise<unknown> {
    switch (operation) {
      case 'checkStock':
        return client.checkStock(input as never);
      case 'submitOrder':
        return client.submitOrder(input as never);
      case 'findOrder':
        return client.findOrder(input as never);
      case 'listShipments':
        return client.listShipments(input as never);
      case 'cancelOrder':
        return client.cancelOrder(input as never);
    }
  }
  function validInput(operation: (typeof operations)[number], distributor: string, poNumber: string): unknown {
    switch (operation) {
      case 'checkStock':
        return worldProducts.map((item) => item.skus[distributor as keyof typeof item.skus]);
      case 'submitOrder':
        return poRequest(poNumber, distributor);
      case 'findOrder':
      case 'cancelOrder':
        return poNumber;
      case 'listShipments':
        return distributor === 'tucker-rocky'
          ? { poNumbers: [poNumber] }
          : { from: '2026-11-01', to: new Date().toISOString().slice(0, 10) };
    }
  }

  for (const distributor of distributorIds) {
    it(`${distributor}: malformed inputs get typed errors`, async () => {
      const client = distributors.find((candidate) => candidate.distributor === distributor) as DistributorClient;
      let serial = 0;
      await assertSeeded(
        fc.asyncProperty(
          fc.constantFrom(...operations),
          fc.array(mutationArbitrary, { minLength: 1, maxLength: 2 }),
          async (operation, mutations) => {
            serial += 1;
            const input = applyMutations(validInput(operation, distributor, `FZ${serial}`), mutations);
            const outcome = await typedOutcome(() => invoke(client, operation, input));
            if (outcome.ok === true) checkDistributorResult(operation, outcome.value);
          },
        ),
        fewer,
      );
    }, 120_000);

    it(`${distributor}: malformed API responses get typed errors (ResponseParseError, ...) or valid results`, async () => {
      let serial = 0;
      await assertSeeded(
        fc.asyncProperty(
          fc.constantFrom(...operations),
          fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
          async (operation, mutations) => {
            serial += 1;
            const poNumber = `FR${serial}`;
            // Place an order first (answers unchanged) so that lookups have something to read.
            const client = world
              .createDistributorClients({ fetch: fetchNow })
              .find((candidate) => candidate.distributor === distributor) as DistributorClient;
            if (operation !== 'submitOrder' && operation !== 'checkStock') {
              // Restocked first: shrinking replays hundreds of cases, each placing one unit, and the
              // simulator (like the real API) refuses an order once its stock is gone.
              world.distributors[distributor].setStock(
                product.skus[distributor as keyof typeof product.skus],
                worldWarehouses[distributor],
                100,
              );
              await client.submitOrder(poRequest(poNumber, distributor) as never);
              world.distributors[distributor].shipOrder(poNumber, {
                trackingNumber: `1ZFUZZ${String(serial).padStart(12, '0')}`,
              });
            }
            responseMutations = mutations;
            call = 0;
            try {
              const outcome = await typedOutcome(() =>
                invoke(client, operation, validInput(operation, distributor, poNumber)),
              );
              if (outcome.ok === true) checkDistributorResult(operation, outcome.value);
            } finally {
              responseMutations = [];
            }
          },
        ),
        fewer,
      );
    }, 120_000);
  }

  it('marketplace adapters: malformed pushTracking inputs and malformed API responses get typed errors', async () => {
    let serial = 0;
    await assertSeeded(
      fc.asyncProperty(
        fc.constantFrom('walmart', 'shopify'),
        fc.boolean(),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        async (marketplace, mutateResponses, mutations) => {
          serial += 1;
          const order = validOrder(`${880_100 + serial}`, marketplace as 'walmart' | 'shopify');
          world.addMarketplaceOrder(order);
          const adapter = marketplaces.find((candidate) => candidate.marketplace === marketplace) as MarketplaceAdapter;
          const input = {
            order,
            shipment: { ...validNotice, trackingNumber: `1ZFUZZPUSH${String(serial).padStart(8, '0')}` },
          };
          if (mutateResponses) {
            responseMutations = mutations;
            call = 0;
          }
          try {
            const pushed = mutateResponses ? input : applyMutations(input, mutations);
            const outcome = await typedOutcome(() => adapter.pushTracking(pushed as never));
            if (outcome.ok === true) expect(['pushed', 'already-pushed']).toContain(outcome.value.status);
          } finally {
            responseMutations = [];
          }
        },
      ),
      fewer,
    );
  }, 120_000);

  it('the dropshipper: a malformed order is a ValidationError and writes nothing; malformed API answers never escape untyped or leave a PO invalid', async () => {
    const store = createSnapshotStore(createMemoryStore());
    const dropshipper = createDropshipper({
      distributors,
      marketplaces,
      store,
      catalog: createMemoryCatalog(worldOffers(stock)),
      approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000 },
    });
    let serial = 0;
    await assertSeeded(
      fc.asyncProperty(
        malformed(validOrder('880900')),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
        async (input, mutations) => {
          serial += 1;
          const before = await store.snapshot();
          const outcome = await typedOutcome(() => dropshipper.dropship(input));
          if (outcome.ok === false) {
            expect(await store.snapshot()).toEqual(before);
            return;
          }
          // A well-formed order, placed while every answer of the APIs is bent.
          const order = { ...validOrder(`${880_500 + serial}`) };
          world.addMarketplaceOrder(order);
          responseMutations = mutations;
          call = 0;
          try {
            await typedOutcome(() => dropshipper.dropship(order));
            await typedOutcome(() => dropshipper.syncTracking());
          } finally {
            responseMutations = [];
          }
          for (const purchaseOrder of await store.findPurchaseOrders({})) {
            expect(purchaseOrderSchema.safeParse(purchaseOrder).success).toBe(true);
            expect(purchaseOrder.state).not.toBe('draft');
          }
          expect(
            salesOrderSchema.safeParse(await store.getSalesOrder(`walmart:${order.marketplaceOrderId}`)).success,
          ).toBe(true);
        },
      ),
      fewer,
    );
  }, 120_000);
});

// --- eBay and Amazon pushTracking (served on loopback by their simulators) -----------------------

describe('fuzz: eBay and Amazon pushTracking', () => {
  const served = new Map<string, ServedMarketplace>();
  beforeAll(async () => {
    for (const harness of marketplaceHarnesses.filter((candidate) => ['ebay', 'amazon'].includes(candidate.name)))
      served.set(harness.name, await harness.serve());
  });
  afterAll(async () => {
    for (const marketplace of served.values()) await marketplace.close();
  });

  /** A fetch that bends each JSON answer in one place (the mutations in turn); other answers pass. */
  function bendingFetch(mutations: readonly Mutation[]): typeof fetch {
    let call = 0;
    return async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if ([101, 204, 205, 304].includes(response.status) || response.status < 200) return response;
      const text = await response.text();
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      headers.delete('content-encoding');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return new Response(text, { status: response.status, headers });
      }
      const mutation = mutations[call % mutations.length] as Mutation;
      call += 1;
      return new Response(JSON.stringify(applyMutations(body, [mutation])) ?? '', { status: response.status, headers });
    };
  }

  it('malformed inputs and bent answers: a typed error, or a push the marketplace holds', async () => {
    let serial = 0;
    await assertSeeded(
      fc.asyncProperty(
        fc.constantFrom('ebay', 'amazon'),
        fc.boolean(),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        async (name, bendAnswers, mutations) => {
          serial += 1;
          const marketplace = served.get(name) as ServedMarketplace;
          const trackingNumber = `1ZFUZZ${name.toUpperCase()}${String(serial).padStart(8, '0')}`;
          const input = {
            order: marketplace.order,
            shipment: {
              ...validNotice,
              id: `FZ${serial}:${trackingNumber}`,
              trackingNumber,
              lines: [{ lineId: marketplace.order.lines[0]?.lineId as string, quantity: 1 }],
            },
          };
          const adapter = marketplace.adapter(() => undefined, bendAnswers ? bendingFetch(mutations) : undefined);
          const pushed = bendAnswers ? input : applyMutations(input, mutations);
          const outcome = await typedOutcome(() => adapter.pushTracking(pushed as never));
          if (outcome.ok !== true) return;
          expect(['pushed', 'already-pushed']).toContain(outcome.value.status);
          if (bendAnswers) {
            // "Pushed" needs evidence: whatever the answers said, the marketplace holds the push.
            const held = marketplace.simulator
              .fulfillments(marketplace.order.marketplaceOrderId)
              .filter((fulfillment) => fulfillment.trackingNumber === trackingNumber);
            expect(held, `${name}: counted ${outcome.value.status}, the marketplace holds nothing`).toHaveLength(1);
          }
        },
      ),
      fewer,
    );
  }, 120_000);
});

// --- @dropship/feeds: every parser through ingestFeed, and the value readers -----------------------

describe('fuzz: @dropship/feeds parsers', () => {
  /** Offers the catalog holds before a run: most are in the feed, two are not (a good run retires those two). */
  const standing = (distributor: string, feedSkus: readonly string[]) =>
    [...feedSkus, 'OLD-0', 'OLD-1'].map((sku, index) => ({
      distributor,
      sku,
      brand: 'EBC',
      mpn: `STANDING${index}`,
      currency: 'USD',
      cost: 1_000 + index,
      stock: [{ warehouse: 'TX', quantity: 3, leadTimeDays: 0 }],
    }));
  const csvRows = (header: readonly string[], row: (index: number) => readonly string[]) =>
    [header, ...Array.from({ length: 20 }, (_, index) => row(index))]
      .map((cells) => cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','))
      .join('\r\n');

  /** One structural damage to a file: a character inserted, a range deleted, or bytes that are not UTF-8. */
  const damage = fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom('"', '\r', '\n', '\r\n', ',', '\u0000', '\ufeff', '""', 'é', '9'.repeat(30)),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), text: fc.constant('') }),
  );
  function damaged(
    text: string,
    damages: readonly { kind: string; at: number; text?: string; length?: number }[],
  ): Uint8Array {
    let bytes = Buffer.from(text, 'utf8');
    for (const change of damages) {
      const at = change.at % (bytes.length + 1);
      if (change.kind === 'insert')
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(change.text ?? ''), bytes.subarray(at)]);
      else if (change.kind === 'delete')
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + (change.length ?? 1))]);
      else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc0, 0x80]), bytes.subarray(at)]);
    }
    return new Uint8Array(bytes);
  }
  const bytesSource = (bytes: Uint8Array) =>
    createIterableSource('fuzzed feed', async function* chunks() {
      for (let position = 0; position < bytes.length; position += 97) yield bytes.subarray(position, position + 97);
    });

  /**
   * Runs one ingest: a refusal is typed and retires nothing (every offer held before is still
   * live); a success leaves only valid offers.
   */
  async function checkIngest(
    distributor: string,
    feedSkus: readonly string[],
    run: (catalog: ReturnType<typeof createMemoryCatalog>) => Promise<unknown>,
    knownBug?: KnownBug,
  ) {
    const catalog = createMemoryCatalog(standing(distributor, feedSkus));
    const before = [...catalog.offers()].map((offer) => offer.sku);
    const outcome = await typedOutcome(() => run(catalog), knownBug ? { bug: knownBug, input: undefined } : undefined);
    if (outcome.ok === 'known-bug') return;
    const live = new Set([...catalog.offers()].map((offer) => offer.sku));
    if (outcome.ok === false) {
      expect(
        before.filter((sku) => !live.has(sku)),
        `a failed run (${outcome.error.message.slice(0, 120)}) retired offers`,
      ).toEqual([]);
      return;
    }
    for (const offer of catalog.offers())
      expect(offerSchema.safeParse(offer).success, JSON.stringify(offer)).toBe(true);
  }

  const columnMapSkus = Array.from({ length: 10 }, (_, index) => `AD-${index}`);
  const partsUnlimitedSkus = Array.from({ length: 10 }, (_, index) => `0${index}-1720`);

  it('createColumnMapParser: a damaged CSV fails whole (typed, nothing retired) or ingests valid offers', async () => {
    const text = csvRows(['Item Number', 'Dealer Price', 'Brand', 'Mfg Part', 'TX Qty'], (index) => [
      `AD-${index}`,
      `${12 + index}.50`,
      'EBC',
      `FA${index}`,
      index % 3 === 0 ? '12+' : String(index),
    ]);
    await assertSeeded(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), async (damages) => {
        await checkIngest('automatic', columnMapSkus, (catalog) =>
          ingestFeed({
            distributor: 'automatic',
            source: bytesSource(damaged(text, damages)),
            parser: createColumnMapParser({
              columns: { sku: 'Item Number', cost: 'Dealer Price', brand: 'Brand', mpn: 'Mfg Part' },
              stock: [{ warehouse: 'TX', column: 'TX Qty' }],
            }),
            catalog,
          }),
        );
      }),
      fewer,
    );
  }, 60_000);

  it('createPartsUnlimitedParser: a damaged base price file fails whole or ingests valid offers', async () => {
    const header = [...Object.values(partsUnlimitedColumns), ...Object.values(partsUnlimitedWarehouseColumns)];
    const text = csvRows(header, (index) =>
      header.map((column) =>
        column === partsUnlimitedColumns.partNumber
          ? `0${index}-1720`
          : column === partsUnlimitedColumns.baseDealerPrice
            ? `${20 + index}.99`
            : column === partsUnlimitedColumns.brandName
              ? 'EBC'
              : column.endsWith('Availability')
                ? String(index % 7)
                : '',
      ),
    );
    await assertSeeded(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), async (damages) => {
        await checkIngest('parts-unlimited', partsUnlimitedSkus, (catalog) =>
          ingestFeed({
            distributor: 'parts-unlimited',
            source: bytesSource(damaged(text, damages)),
            parser: createPartsUnlimitedParser(),
            catalog,
          }),
        );
      }),
      fewer,
    );
  }, 60_000);

  it('createWpsItemParser: malformed item records are rejected or ingested as valid offers, typed errors only', async () => {
    const item = {
      sku: '15-196HH',
      name: 'Brake pads',
      brand_id: 135,
      supplier_product_id: 'FA196HH',
      upc: '012345678905',
      standard_dealer_price: '21.00',
      inventory: { data: { pa_warehouse: 4, tx_warehouse: 0 } },
    };
    await assertSeeded(
      fc.asyncProperty(fc.array(malformed(item), { minLength: 1, maxLength: 6 }), async (items) => {
        await checkIngest('wps', ['15-196HH'], (catalog) =>
          ingestFeed({
            distributor: 'wps',
            source: createIterableSource('fuzzed WPS items', async function* pages() {
              yield [item, ...items] as WpsItemRecord[];
            }),
            parser: createWpsItemParser({ brandNames: { 135: 'EBC' } }),
            catalog,
          }),
        );
      }),
      fewer,
    );
  }, 60_000);

  it('readCsvRecords and the value readers never throw untyped, and read amounts as safe integers', async () => {
    await assertSeeded(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.array(damage, { maxLength: 3 }), async (text, damages) => {
        for (const read of [parseDecimalToMinorUnits, (value: string) => parseStockQuantity(value), parseUpc]) {
          const outcome = typedOutcomeSync(() => read(text));
          if (outcome.ok === true && typeof outcome.value === 'number')
            expect(Number.isSafeInteger(outcome.value)).toBe(true);
        }
        const bytes = damaged(`a,b,c\r\n${text},2,3\n"x",y,z`, damages);
        const chunks = async function* () {
          for (let position = 0; position < bytes.length; position += 13) yield bytes.subarray(position, position + 13);
        };
        await typedOutcome(async () => {
          for await (const batch of readCsvRecords(chunks()))
            for (const record of batch) expect(Array.isArray(record.fields)).toBe(true);
        });
      }),
      options,
    );
  });
});
