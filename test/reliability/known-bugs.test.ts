// Bugs the reliability suite found, each as a small deterministic reproduction through the real
// clients and simulators. An open bug is an `it.fails`: the test body states the promise the SDK
// makes, and vitest expects it to fail today; when a fix lands, the test passes and `it.fails`
// reports it, so it becomes a plain `it` and stays here as a regression test (the "fixed" bugs
// below), and the matching restriction of the randomized runs is lifted. See
// docs/reliability.md, "Known bugs".

import { createAmazon } from '@dropship/amazon';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DistributorClient,
  DropshipError,
  type DropshipperInstance,
  type DropshipStore,
  parseTrackingPush,
  type SalesOrder,
  stockLevelSchema,
} from '@dropship/core';
import { createMockBuyerNotifier } from '@dropship/core/test';
import { createEbay } from '@dropship/ebay';
import { createEmailNotifier } from '@dropship/email';
import { createIterableSource, createWpsItemParser, ingestFeed, type WpsItemRecord } from '@dropship/feeds';
import { createHttpClient } from '@dropship/http';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createDropshipQueue, createPostgresStore } from '@dropship/postgres';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createTestServer } from '@dropship/testing';
import { createTuckerRocky } from '@dropship/tucker-rocky';
import { createWalmart } from '@dropship/walmart';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { distributorHarnesses } from './hostile/hostile-harnesses.js';
import {
  createReliabilityServer,
  createReliabilityWorld,
  type ProductStock,
  worldOffers,
  worldProducts,
} from './support/reliability-world.js';

const world = createReliabilityWorld({ timeoutMs: 5_000, lane: 90 });
const server = createReliabilityServer([world]);
beforeAll(() => server.listen());
afterAll(() => server.close());

/** Only WPS has stock (and only WPS is in the catalog), so every line goes to WPS. */
const wpsOnly: ProductStock = {
  wps: [10, 10, 10, 10],
  'parts-unlimited': [0, 0, 0, 0],
  'tucker-rocky': [0, 0, 0, 0],
  automatic: [0, 0, 0, 0],
};
const brakePads = worldProducts[0]!;

beforeEach(() => world.reset(wpsOnly));

function walmartOrder(id: string, quantity: number): SalesOrder {
  return {
    marketplace: 'walmart',
    marketplaceOrderId: id,
    orderedAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'USD',
    buyer: { name: 'Jordan Rider' },
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
        sku: brakePads.skus.wps,
        product: { brand: brakePads.brand, mpn: brakePads.mpn },
        quantity,
        unitPrice: 9_000,
      },
    ],
    shippingPaid: 0,
  };
}

function dropshipperOn(
  store: DropshipStore,
  fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init),
): DropshipperInstance {
  return createDropshipper({
    distributors: world.createDistributorClients({ fetch }),
    marketplaces: world.createMarketplaceAdapters({ fetch }),
    notifier: createMockBuyerNotifier(),
    store,
    catalog: createMemoryCatalog(worldOffers(wpsOnly).filter((offer) => offer.distributor === 'wps')),
    approval: { mode: 'auto' },
  });
}

describe('fixed bug 1: a WPS PO shipped in two packages lost a tracking number', () => {
  // Fixed: a package may say it is one box of a distributor order whose box contents are not
  // reported (`packageOf` in core's DistributorShipment). Core records such a box at once but
  // counts no units for it, and does not push or email it, until its order is complete (or until
  // `packageGroupSettleMs`, 24 h by default); the order's units are then spread over its boxes in
  // recorded order (allocate-shipment-units.ts); a box left with no unit is settled without a push
  // (`trackingPushSkipped: 'no-units'`) and emailed. The WPS mapper gives exact lines only to the
  // one box of a warehouse order mapped as shipped, and reports every other box as `packageOf`.
  // Was (two layers):
  // - packages/distributors/wps/src/map-wps-purchase-order.ts, shipmentsOf(): when a warehouse
  //   order lists one tracking number, the package is given every item of the warehouse order
  //   (`detail.items`), even while the order is only partially shipped. The first of two packages
  //   is therefore reported as holding everything.
  // - packages/core: a package without lines means "the rest of the PO" (transition
  //   isFullyShipped, map-shipment-lines allocate). With two line-less packages (two tracking
  //   numbers on one warehouse order), the first takes every line and the second maps to no line
  //   at all; pushTracking refuses a notice without lines (ValidationError "a shipment needs at
  //   least one line") on every sync, forever.
  it('pushes both tracking numbers, one unit each, when the second package ships after a sync', async () => {
    const store = createMemoryStore();
    const dropshipper = dropshipperOn(store);
    const order = walmartOrder('77001', 2);
    world.addMarketplaceOrder(order);
    const placed = await dropshipper.dropship(order);
    const poNumber = placed.purchaseOrders[0]!.poNumber;
    expect(placed.purchaseOrders[0]).toMatchObject({ distributor: 'wps', outcome: 'submitted' });

    world.distributors.wps.shipOrder(poNumber, {
      lines: [{ sku: brakePads.skus.wps, quantity: 1 }],
      trackingNumber: '1ZKNOWNBUG0000001A',
    });
    await dropshipper.syncTracking();
    world.distributors.wps.shipOrder(poNumber, { trackingNumber: '1ZKNOWNBUG0000002A' });
    await dropshipper.syncTracking();
    await dropshipper.syncTracking();

    const pushed = world.marketplaces.walmart
      .fulfillments('77001')
      .map((fulfillment) => ({ trackingNumber: fulfillment.trackingNumber, lines: fulfillment.lines }));
    // Was: the first package was pushed as 2 units, the PO completed, the second was never pulled.
    // WPS does not say which box holds which unit; the SDK waits for the warehouse order to ship
    // in full, then splits its 2 units over its 2 boxes in the order they were seen: one each.
    expect(pushed).toEqual([
      { trackingNumber: '1ZKNOWNBUG0000001A', lines: [{ lineId: '1', quantity: 1 }] },
      { trackingNumber: '1ZKNOWNBUG0000002A', lines: [{ lineId: '1', quantity: 1 }] },
    ]);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });

  it('pushes both tracking numbers when both packages are seen in the same sync', async () => {
    const store = createMemoryStore();
    const dropshipper = dropshipperOn(store);
    const order = walmartOrder('77002', 2);
    world.addMarketplaceOrder(order);
    const placed = await dropshipper.dropship(order);
    const poNumber = placed.purchaseOrders[0]!.poNumber;

    world.distributors.wps.shipOrder(poNumber, {
      lines: [{ sku: brakePads.skus.wps, quantity: 1 }],
      trackingNumber: '1ZKNOWNBUG0000003A',
    });
    world.distributors.wps.shipOrder(poNumber, { trackingNumber: '1ZKNOWNBUG0000004A' });
    const first = await dropshipper.syncTracking();
    const second = await dropshipper.syncTracking();

    // Was: both packages came without lines; the second mapped to none and its push failed on every sync.
    expect([...first.errors, ...second.errors]).toEqual([]);
    expect(
      world.marketplaces.walmart
        .fulfillments('77002')
        .map((fulfillment) => fulfillment.trackingNumber)
        .sort(),
    ).toEqual(['1ZKNOWNBUG0000003A', '1ZKNOWNBUG0000004A']);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('completed');
  });
});

describe('fixed bug 2: recover() in one worker resubmitted a PO another worker was submitting', () => {
  // Fixed in f47fe5d (recover() settles only POs whose submission outlived `submitLeaseMs`,
  // claimed by an optimistic write). Was: packages/core/src/dropshipper/create-dropshipper.ts,
  // recover(): every PO in
  // `submitting` is treated as left by a crash, including one a live worker is submitting right
  // now (recover runs on every worker's first dropship/syncTracking). Both workers then submit
  // the same PO. With WPS the second submitter's `POST /carts` is refused with 422 "A cart with
  // this PO number already exists", which wps-client.ts (rejection(), via buildCart) reports as
  // OrderRejectedError; the dropshipper saves the PO as `rejected` first, the other worker's
  // successful `submitted` then loses the version race (ConcurrencyConflictError, reported as
  // "already-placed"). The store says rejected while WPS holds the order, the lines are released,
  // and the next dropship places them again under the next PO number: the buyer gets the parts
  // twice.
  it('places the order once and keeps the PO placed', async () => {
    const store = createMemoryStore();
    const order = walmartOrder('77003', 1);
    world.addMarketplaceOrder(order);

    // Interleaving (deterministic): B checks for a cart before A creates it, and B creates its
    // cart after A created one. A gate also opens on its own after 300 ms, for the case where B
    // rightly leaves the PO alone and never asks.
    const gate = () => {
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
        setTimeout(resolve, 300);
      });
      return { opened, open: () => open() };
    };
    const { opened: aMayCreateCart, open: releaseA } = gate();
    const { opened: bMayCreateCart, open: releaseB } = gate();
    const isCreateCart = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      (init?.method ?? 'GET') === 'POST' && /\/carts$/.test(String(input));
    const isGetCart = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      (init?.method ?? 'GET') === 'GET' && /\/carts\/[^/]+$/.test(String(input));
    const fetchA: typeof fetch = async (input, init) => {
      if (isCreateCart(input, init)) await aMayCreateCart;
      const response = await globalThis.fetch(input, init);
      if (isCreateCart(input, init)) releaseB();
      return response;
    };
    const fetchB: typeof fetch = async (input, init) => {
      if (isCreateCart(input, init)) await bMayCreateCart;
      const response = await globalThis.fetch(input, init);
      if (isGetCart(input, init)) releaseA();
      return response;
    };
    const workerA = dropshipperOn(store, fetchA);
    const workerB = dropshipperOn(store, fetchB);
    let recovering: Promise<unknown> | undefined;
    workerA.events.on('purchase-order-created', () => {
      recovering ??= workerB.recover();
    });
    await workerA.dropship(order);
    await recovering;

    // A third worker, later: places what it believes is not placed.
    await dropshipperOn(store).dropship(order);

    const wpsOrders = world.distributors.wps
      .orders()
      .filter((held) => held.lines.some((line) => line.sku === brakePads.skus.wps));
    const states = (await store.findPurchaseOrders({ salesOrderId: 'walmart:77003' })).map(
      (purchaseOrder) => purchaseOrder.state,
    );
    // Today: WPS holds two orders (two PO numbers) for the one line, and the first PO is `rejected`.
    expect(wpsOrders).toHaveLength(1);
    expect(states).not.toContain('rejected');
  });
});

/** Whatever `call` throws (undefined when it does not throw). */
async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('fixed bug 3: createDropshipper read options before validating them', () => {
  // Fixed in 061f167 (every option validated up front, one ValidationError). Was:
  // packages/core/src/dropshipper/create-dropshipper.ts checked `distributors` and
  // `catalog` only; `marketplaces` is iterated as given (`for ... of options.marketplaces ?? []`),
  // clients are read without a check (`client.distributor`), and `concurrencyPerDistributor`
  // reaches limitConcurrency (limit-concurrency.ts), which throws a RangeError on first use.
  // Fix: one zod schema for DropshipperOptions (arrays of objects with the spec's methods,
  // approval union, notifyBuyer enum, positive whole numbers) → ConfigurationError or
  // ValidationError listing every issue; limitConcurrency throws a typed error too.
  const catalog = createMemoryCatalog([]);
  it('refuses `marketplaces: 0` with a typed error', async () => {
    const error = await thrownBy(() => createDropshipper({ distributors: [], catalog, marketplaces: 0 as never }));
    expect(DropshipError.isInstance(error)).toBe(true);
  });
  it('refuses a distributor that is not a client with a typed error', async () => {
    const error = await thrownBy(() => createDropshipper({ distributors: [null as never], catalog }));
    expect(DropshipError.isInstance(error)).toBe(true);
  });
  it('refuses `concurrencyPerDistributor: 0` with a typed error, at creation', async () => {
    const error = await thrownBy(() => createDropshipper({ distributors: [], catalog, concurrencyPerDistributor: 0 }));
    expect(DropshipError.isInstance(error)).toBe(true);
  });
});

describe('fixed bug 4: parseTrackingPush threw a TypeError for a non-object input', () => {
  // Fixed in 061f167. Was: packages/core/src/carriers/shipment-notice.ts, parseTrackingPush(), read
  // `input.order` before checking that `input` is an object; every adapter's pushTracking calls
  // it, so `pushTracking(undefined)` is a TypeError. Fix: `input?.order` / `input?.shipment`
  // (the schemas then report both as required). The Walmart and Shopify adapters' own checks
  // had the same slip and are fixed (validate-walmart-push.ts, validate-shopify-push.ts).
  it('answers a ValidationError for undefined', async () => {
    const error = await thrownBy(() => parseTrackingPush(undefined as never));
    expect(DropshipError.isInstance(error)).toBe(true);
  });
});

describe('fixed bug 5: the PostgreSQL store failed with a raw driver error on U+0000', () => {
  // Fixed: every store operation refuses U+0000 with a ValidationError naming the path
  // (refuse-nul-characters.ts). Was: packages/stores/postgres (postgres-store-queries.ts): text and jsonb cannot hold
  // U+0000, and PostgreSQL refuses it (22021 "invalid byte sequence", 22P05 "unsupported Unicode
  // escape sequence"); the error reaches the caller untyped. A buyer name or an address line with
  // a NUL (marketplaces do send control characters) makes dropship() throw on saveSalesOrder,
  // every time. Fix: refuse U+0000 at the store boundary with a ValidationError naming the path
  // (or strip it), and map driver errors to typed errors in postgres-executor.ts.
  it('answers typed errors for a sales order and keys holding U+0000', async () => {
    const store = await createPostgresStore();
    try {
      const order = { ...walmartOrder('77005', 1), buyer: { name: 'Jordan\u0000Rider' } };
      for (const call of [() => store.saveSalesOrder(order), () => store.getSalesOrder('walmart:77\u00005')]) {
        const error = await thrownBy(call);
        expect(error === undefined || DropshipError.isInstance(error)).toBe(true);
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('fixed bug 6: distributor clients returned stock counts beyond the safe-integer range', () => {
  // Fixed in 061f167 (one stock-count reader in @dropship/http). Was: each client's count
  // parsing passed any number through: wps-schemas.ts countSchema
  // (Math.trunc), parse-parts-unlimited-inventory.ts (parseInt / Math.floor),
  // parse-tucker-rocky-inventory.ts (toCount), automatic-schemas.ts (count). A count of 2^53 or a
  // 30-digit numeric string becomes a StockLevel that core's stockLevelSchema refuses. The
  // dropshipper is safe (real-time-stock.ts validates, the stock check falls back to the
  // catalog), but a direct caller of checkStock gets an invalid value. Fix at one place: a shared
  // count reader in @dropship/http (finite, whole, capped at Number.MAX_SAFE_INTEGER or refused
  // with ResponseParseError) used by all four clients.
  const lane = createReliabilityWorld({ timeoutMs: 5_000, lane: 91 });
  const bent = createReliabilityServer([lane], {
    async transform(_request, response) {
      const text = (await response.text()).replace(/"pa_warehouse":\d+/g, '"pa_warehouse":9007199254740992');
      return new Response(text, { status: response.status, headers: { 'content-type': 'application/json' } });
    },
  });
  it('WPS: a count of 2^53 is refused or capped', async () => {
    lane.reset(wpsOnly);
    server.close();
    bent.listen();
    try {
      const [wps] = lane.createDistributorClients({ fetch: (input, init) => globalThis.fetch(input, init) });
      const valid = await wps!.checkStock([brakePads.skus.wps]).then(
        (levels) => levels.every((level) => stockLevelSchema.safeParse(level).success),
        (error: unknown) => DropshipError.isInstance(error),
      );
      expect(valid).toBe(true);
    } finally {
      bent.close();
      server.listen();
    }
  });
});

describe('fixed bug 7: throttled requests of a credential all resumed at once and were throttled again', () => {
  // Fixed: the shared HTTP client's throttle gate (packages/http/src/throttle-gate.ts) holds the
  // credential's requests during the pause, then lets them resume one at a time: one goes, the
  // next only once it has an answer; a throttled request starts a new pause and goes first after
  // it. Was: partly fixed in 815124b, a THROTTLED answer paused every request of the credential
  // until the restore time (packages/http/src/http-client.ts, `limiter.pausedUntil`). But the
  // paused requests all resumed at that instant, while the bucket restored enough for one of
  // them: the others were throttled again, paused again, resumed together again, and failed with
  // RateLimitError once their 2 retries were spent (the next sync retried them: late, not lost).
  const simulator = createShopifySimulator({
    baseURL: 'https://shopify-small.lane92.reliability.test',
    accessToken: 'shpat_known_bug_7',
    maximumAvailable: 400,
    restoreRate: 400,
    queryCost: 150,
    mutationCost: 10,
  });
  const small = createReliabilityServer([], { more: [{ origins: [simulator.baseURL], handlers: simulator.handlers }] });
  it('pushes 12 shipments at once through a small cost bucket without a RateLimitError', async () => {
    server.close();
    small.listen();
    try {
      const adapter = createShopify({
        accessToken: 'shpat_known_bug_7',
        baseURL: simulator.baseURL,
        fetch: (input, init) => globalThis.fetch(input, init),
      });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, index) => {
          const order: SalesOrder = {
            ...walmartOrder(String(660_200 + index), 1),
            marketplace: 'shopify',
            lines: [{ lineId: String(990_200 + index), sku: 'X', quantity: 1, unitPrice: 100 }],
          };
          simulator.addOrder(order);
          return adapter.pushTracking({
            order,
            shipment: {
              id: `PO:${index}`,
              carrier: 'ups',
              trackingNumber: `1ZKNOWNBUG7${String(index).padStart(7, '0')}`,
              shippedAt: '2026-11-21T10:00:00.000Z',
              lines: [{ lineId: String(990_200 + index), quantity: 1 }],
            },
          });
        }),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    } finally {
      small.close();
      server.listen();
    }
  }, 30_000);
});

describe('fixed bug 8: the test server recorded credentials sent in request bodies', () => {
  // Fixed in bf13fe3. Was: packages/testing/src/create-test-server.ts learnt secrets from credential-looking
  // header names and query parameters only (`request:start`), then redacts recorded bodies with
  // what it learned. Credentials that travel in a body are recorded as is: Parts Unlimited's
  // `dealer_number` in the order JSON, `client_secret` / `refresh_token` of an OAuth token
  // request (Amazon LWA). Tests and CI logs that print `server.calls()` then show them. Fix: also
  // learn the values of form fields and JSON keys (any depth) whose names match
  // `credentialNamePattern` (which already matches dealer, secret, token).
  it('redacts a form-encoded client_secret and a JSON dealer_number from recorded bodies', async () => {
    const dealer = 'SENTINELDEALERBODY000111';
    const secret = 'SENTINELCLIENTSECRET000222';
    const recording = createTestServer(
      http.post('https://body.reliability.test/*', () => HttpResponse.json({ ok: true })),
    );
    server.close();
    recording.listen();
    try {
      await fetch('https://body.reliability.test/token', {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token', client_secret: secret }),
      });
      await fetch('https://body.reliability.test/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dealer_number: dealer, order_type: 'DS' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 20)); // bodies are read asynchronously
      const bodies = recording
        .calls()
        .map((call) => call.body ?? '')
        .join('\n');
      expect(bodies).not.toContain(secret);
      expect(bodies).not.toContain(dealer);
    } finally {
      recording.close();
      server.listen();
    }
  });
});

describe('fixed bug 14: Automatic cancelOrder reported "cancelled" for any 2xx answer', () => {
  // Fixed (5df2ca0): cancelOrder answers 'cancelled' only when the order look-up shows every order
  // of the PO revoked; otherwise 'requested', and an inconclusive look-up is a typed error. Was
  // (found by hostile-vendor.test.ts, "automatic cancelOrder"): cancelOrder() sent the revoke
  // request and returned `{ status: 'cancelled' }` whatever 2xx body came back (an HTML
  // maintenance page, an empty body, JSON of another shape, a body of megabytes), so the
  // dropshipper recorded the PO as cancelled while the distributor still held and shipped it.
  it('answers a typed error (or "requested"), never "cancelled", when the revoke answers an HTML page with 200', async () => {
    const harness = distributorHarnesses.find((candidate) => candidate.name === 'automatic')!;
    const served = await harness.serve();
    try {
      served.simulator.addProduct({ sku: harness.sku, stock: { [harness.warehouse]: 5 }, cost: 2_100 });
      const client = served.client(() => undefined);
      const poNumber = `KB9${Date.now().toString(36).toUpperCase().slice(-5)}`;
      await client.submitOrder({
        poNumber,
        shipTo: walmartOrder('77009', 1).shipTo,
        lines: [{ sku: harness.sku, quantity: 1, unitCost: 2_100 }],
        currency: 'USD',
      });
      served.simulator.injectFault({
        kind: 'hostile-answer',
        hostile: 'html-maintenance',
        operations: ['cancel'],
        times: 10,
      });
      let status: string | undefined;
      try {
        status = (await client.cancelOrder(poNumber)).status;
      } catch (error) {
        expect(DropshipError.isInstance(error)).toBe(true);
      }
      const held = served.simulator.orders().find((order) => order.poNumber === poNumber);
      expect(held?.status).toBe('open');
      expect(status).not.toBe('cancelled');
    } finally {
      await served.close();
    }
  });
});

describe('fixed bug 15: factories accepted option keys they did not know', () => {
  // Found by fuzz.test.ts ("refuses settings that are malformed for sure"): the project's rule is
  // that unknown option keys are refused (a misspelt `retires: 3` or `notifyBuyer` must not be
  // silently ignored), as createWps, createAutomatic and createDropshipper did. These factories
  // accepted `{ ...valid, bogus: 1 }`. Fixed: each refuses unknown keys (a strict zod schema), and
  // the fuzz property "refuses settings that are malformed for sure" tries unknown keys on all.
  const noop: typeof fetch = async () => new Response('{}');
  const cases: [string, (extra: object) => unknown][] = [
    [
      'createHttpClient',
      (extra) => createHttpClient({ service: 'kb10', baseURL: 'https://kb10.test', ...extra } as never),
    ],
    [
      'createPartsUnlimited',
      (extra) =>
        createPartsUnlimited({
          dealerNumber: 'KB10DEALER',
          apiKey: 'KB10-PU-KEY',
          baseURL: 'https://pu.kb10.test/api',
          fetch: noop,
          ...extra,
        } as never),
    ],
    [
      'createTuckerRocky',
      (extra) =>
        createTuckerRocky({
          customerNumber: 'KB10CUST',
          apiKey: 'KB10-TR-KEY',
          baseURL: 'https://tr.kb10.test',
          fetch: noop,
          ...extra,
        } as never),
    ],
    [
      'createWalmart',
      (extra) => createWalmart({ clientId: 'KB10-WM-ID', clientSecret: 'KB10-WM-SECRET', ...extra } as never),
    ],
    ['createShopify', (extra) => createShopify({ shop: 'kb10-shop', accessToken: 'shpat_KB10', ...extra } as never)],
    ['createEbay', (extra) => createEbay({ accessToken: 'KB10-EBAY-TOKEN', ...extra } as never)],
    [
      'createAmazon',
      (extra) =>
        createAmazon({
          refreshToken: 'Atzr|KB10',
          clientId: 'KB10-CLIENT',
          clientSecret: 'KB10-SECRET',
          ...extra,
        } as never),
    ],
    [
      'createEmailNotifier',
      (extra) =>
        createEmailNotifier({ transport: { sendMail: async () => ({}) }, from: 'a@kb10.example', ...extra } as never),
    ],
  ];
  for (const [name, create] of cases) {
    it(`${name} accepts the same settings without the unknown key`, async () => {
      expect(await thrownBy(async () => create({}))).toBeUndefined();
    });
    it(`${name} refuses an unknown key with a typed error`, async () => {
      const error = await thrownBy(async () => create({ bogus: 1 }));
      expect(DropshipError.isInstance(error)).toBe(true);
    });
  }
  it('createDropshipQueue refuses an unknown key with a typed error, before connecting', async () => {
    const error = await thrownBy(() =>
      createDropshipQueue({ connectionString: 'postgres://kb10@127.0.0.1:1/kb10', bogus: 1 } as never),
    );
    expect(DropshipError.isInstance(error)).toBe(true);
    expect((error as DropshipError).code).toBe('validation');
  });
});

describe('fixed bug 16: createHttpClient and createPostgresStore took settings that are not an object', () => {
  // Found by fuzz.test.ts. packages/http/src/http-client.ts: createHttpClient reads
  // `options.service` (and iterates `redact`) before validating, so `null` throws a raw TypeError
  // and `credentials: Symbol()` is accepted. packages/stores/postgres: createPostgresStore(null)
  // opens an in-memory database as if `{}` had been passed. Fixed: both refuse them with a typed error.
  it('createHttpClient(null) is a typed error', async () => {
    const error = await thrownBy(async () => createHttpClient(null as never));
    expect(DropshipError.isInstance(error)).toBe(true);
  });
  it('createPostgresStore(null) is refused', async () => {
    const error = await thrownBy(async () => {
      const store = await createPostgresStore(null as never);
      await store.close();
    });
    expect(DropshipError.isInstance(error)).toBe(true);
  });
});

describe('bug 17: checkStock echoed a SKU longer than the model allows (fixed; an over-long warehouse code from the API is still open)', () => {
  // Found by fuzz.test.ts ("malformed inputs"): WPS, Tucker Rocky and Automatic take a 150-character
  // SKU and answer a StockLevel for it that the core model refuses (SKUs hold at most 100
  // characters, TEXT_LIMITS); Tucker Rocky and Automatic also pass on an over-long warehouse code
  // from the API. A SKU the model cannot hold should be a ValidationError at the call. The fuzz
  // properties skip exactly this signature (knownFuzzBugs.overlongStockText) until fixed.
  /** Fixed since the bug was found (da9d09d, one SKU list rule for the clients): plain tests now. */
  const fixed = new Set(['wps', 'tucker-rocky', 'automatic']);
  const clients = world.createDistributorClients({ fetch: (input, init) => globalThis.fetch(input, init) });
  for (const name of ['wps', 'tucker-rocky', 'automatic']) {
    (fixed.has(name) ? it : it.fails)(
      `${name}: checkStock of a 150-character SKU is a ValidationError or a valid StockLevel`,
      async () => {
        const client = clients.find((candidate) => candidate.distributor === name) as DistributorClient;
        const outcome = await client.checkStock(['X'.repeat(150)]).then(
          (levels) => ({ levels }),
          (error: unknown) => ({ error }),
        );
        if ('error' in outcome) expect(DropshipError.isInstance(outcome.error)).toBe(true);
        else for (const level of outcome.levels) expect(stockLevelSchema.safeParse(level).success).toBe(true);
      },
    );
  }
});

describe('fixed bug 18: the WPS item parser threw a TypeError on an item field of the wrong type', () => {
  // Found by fuzz.test.ts ("createWpsItemParser"): packages/feeds/src/wps-item-parser.ts reads the
  // WPS API's item fields without checking their types (`item.name?.trim()`), so an item whose
  // `name` is a number makes `ingestFeed` fail with a raw TypeError instead of rejecting that item
  // (or failing the run with a typed error). The fuzz property skips exactly this signature
  // (knownFuzzBugs.wpsItemUnvalidated) until fixed. Fixed: the item's fields are checked with a
  // zod schema; an item of the wrong shape is rejected with its line.
  it('an item whose name is a number is rejected (or the run fails typed), never a TypeError', async () => {
    const catalog = createMemoryCatalog([]);
    const error = await thrownBy(() =>
      ingestFeed({
        distributor: 'wps',
        // An API answer of the wrong shape: typed as the parser's records, as it arrives.
        source: createIterableSource('one WPS item', async function* pages() {
          yield [{ sku: '15-196HH', name: 0, standard_dealer_price: '21.00' } as unknown as WpsItemRecord];
        }),
        parser: createWpsItemParser({}),
        catalog,
      }),
    );
    expect(error === undefined || DropshipError.isInstance(error)).toBe(true);
  });
});
