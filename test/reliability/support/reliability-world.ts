import { AsyncLocalStorage } from 'node:async_hooks';
import { type AutomaticClient, createAutomatic } from '@dropship/automatic';
import { type AutomaticSimulator, createAutomaticSimulator } from '@dropship/automatic/testing';
import type { DistributorClient, MarketplaceAdapter, OfferInput, SalesOrder } from '@dropship/core';
import type { HttpEvent, RateLimitOptions, RetryPolicy } from '@dropship/http';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createPartsUnlimitedSimulator, type PartsUnlimitedSimulator } from '@dropship/parts-unlimited/testing';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator, type ShopifySimulator } from '@dropship/shopify/testing';
import {
  createTestServer,
  type DistributorSimulator,
  type Fault,
  type MarketplaceSimulator,
  observeFaultInjectors,
  type TestServer,
} from '@dropship/testing/simulator';
import { createTuckerRocky } from '@dropship/tucker-rocky';
import { createTuckerRockySimulator, type TuckerRockySimulator } from '@dropship/tucker-rocky/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator, type WalmartSimulator } from '@dropship/walmart/testing';
import { createWps } from '@dropship/wps';
import { createWpsSimulator, type WpsSimulator } from '@dropship/wps/testing';
import { getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

// The "world" of a reliability run: every finished simulator, and factories for the real HTTP
// clients pointed at them. A "process" (see scenario.ts) builds fresh clients from here; the
// simulators outlive every process, like the real APIs would. Several worlds ("lanes", each on its
// own hosts) can share one MSW server, so that scenarios run side by side and overlap their waits.

/** Distributors the world simulates. */
export const distributorIds = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'] as const;
/** A distributor of the world. */
export type WorldDistributor = (typeof distributorIds)[number];

/** Marketplaces the world simulates. */
export const marketplaceIds = ['walmart', 'shopify'] as const;
/** A marketplace of the world. */
export type WorldMarketplace = (typeof marketplaceIds)[number];

/** Every credential the clients send. Replace them with sentinels to hunt for leaks. */
export interface WorldCredentials {
  wpsApiToken: string;
  partsUnlimitedDealerNumber: string;
  partsUnlimitedApiKey: string;
  tuckerRockyCustomerNumber: string;
  tuckerRockyApiKey: string;
  automaticApiToken: string;
  walmartClientId: string;
  walmartClientSecret: string;
  shopifyAccessToken: string;
}

/** Options of {@link createReliabilityWorld}. */
export interface WorldOptions {
  /** Per-attempt timeout of every client, ms. A `timeout` fault holds its answer a little longer. */
  timeoutMs: number;
  /** Lane number: the world's simulators answer on hosts of their own (`https://<service>.lane<n>.reliability.test`). Default: the production hosts. */
  lane?: number;
  /** Credentials the simulators accept and the clients send. Default plain test values. */
  credentials?: Partial<WorldCredentials>;
  /** Shopify's cost bucket restore rate (points per second). Default high, so that the bucket never throttles a run. */
  shopifyRestoreRate?: number;
}

/** Where a `hostile-answer` fault of kind `redirect-elsewhere` sends the clients of the run: another host. */
export const hostileRedirectOrigin = 'https://moved.hostile.test';

/**
 * The calls a world's simulators served, counted as they were served (by the reliability server,
 * from the fault injectors' own reports): what the run's figures and the call invariants read.
 * Everything but `quiet` is per scenario (`reset` clears it).
 */
export interface CallLedger {
  /** Faults that fired, by `adapter|operation|kind`. */
  fired: Map<string, number>;
  /** Create requests a distributor accepted (an order came to exist), by `distributor|PO number`. */
  acceptedCreates: Map<string, number>;
  /** Orders already counted in `acceptedCreates`, by `distributor|order reference`. */
  countedOrders: Set<string>;
  /** Push calls a marketplace acted on (no fault, or the answer lost after acting), by tracking number. */
  pushCalls: Map<string, number>;
  /** Requests that reached the other host of a redirect carrying one of the world's credentials. */
  credentialsElsewhere: string[];
  /** While true (the fault-free drain), any fault that fires is counted in `firedWhileQuiet`. */
  quiet: boolean;
  /** Faults that fired while `quiet`: must stay 0. */
  firedWhileQuiet: string[];
  /**
   * Shopify `fulfillmentCreate` calls still to be refused with `userErrors` (HTTP 200,
   * `fulfillment: null`, nothing recorded), as Shopify answers a push to a fulfillment order on
   * hold. Armed by a scenario, zeroed before the drain (withdrawn, like a queued fault).
   */
  pushRefusalsArmed: number;
  /** Shopify pushes refused that way (counted as they are served). */
  pushRefusalsServed: number;
}

/** What every client factory takes. */
export interface ClientOptions {
  /** The fetch of the process (it refuses new requests once the process died). */
  fetch: typeof fetch;
  /** The HTTP log hook. */
  onEvent?: (event: HttpEvent) => void;
  /** A rate limit for the distributor clients (none by default, as none is published). */
  rateLimit?: RateLimitOptions;
  /** Per-attempt timeout, ms, instead of the world's. */
  timeoutMs?: number;
  /** The marketplaces' order-intake page size (default each adapter's, the marketplace's maximum). */
  orderPageSize?: number;
}

/** The world: simulators, the server and client factories. */
export interface ReliabilityWorld {
  /** Every simulator's MSW handlers. */
  readonly handlers: readonly RequestHandler[];
  readonly credentials: WorldCredentials;
  readonly timeoutMs: number;
  readonly distributors: {
    wps: WpsSimulator;
    'parts-unlimited': PartsUnlimitedSimulator;
    'tucker-rocky': TuckerRockySimulator;
    automatic: AutomaticSimulator;
  };
  readonly marketplaces: { walmart: WalmartSimulator; shopify: ShopifySimulator };
  /** Each simulator with the operation names its fault hook understands. */
  readonly faultTargets: readonly {
    name: string;
    simulator: DistributorSimulator | MarketplaceSimulator;
    operations: readonly string[];
  }[];
  /** Fresh distributor clients (a new process). */
  createDistributorClients(options: ClientOptions): DistributorClient[];
  /** Fresh marketplace adapters (a new process). */
  createMarketplaceAdapters(options: ClientOptions): MarketplaceAdapter[];
  /** Adds a sales order to its marketplace's simulator. */
  addMarketplaceOrder(order: SalesOrder): void;
  /** HTTP requests the clients of this world sent (counted by the process fetch). */
  readonly requestCount: number;
  /** Counts one request (the scenario's process fetch calls it). */
  countRequest(): void;
  /** Calls served since the last `reset`, counted by the reliability server. */
  readonly ledger: CallLedger;
  /** Forgets every order, fulfillment, fault and ledger entry; restocks the products as given. */
  reset(stock: ProductStock): void;
}

/** A product sold by every distributor under its own SKU (the SKU swap candidates). */
export interface WorldProduct {
  brand: string;
  mpn: string;
  /** SKU per distributor. */
  skus: Record<WorldDistributor, string>;
  /** Base dealer cost, cents. */
  cost: number;
}

/** The products of the world. */
export const worldProducts: readonly WorldProduct[] = [
  {
    brand: 'EBC',
    mpn: 'FA196HH',
    cost: 2_100,
    skus: { wps: '15-196HH', 'parts-unlimited': '1720-0140', 'tucker-rocky': '160196', automatic: 'EBC-FA196HH' },
  },
  {
    brand: 'DID',
    mpn: '520VX3-120',
    cost: 8_400,
    skus: { wps: '48-520VX3', 'parts-unlimited': '1223-0412', 'tucker-rocky': '220120', automatic: 'DID-520VX3' },
  },
  {
    brand: 'NGK',
    mpn: 'CR9EK',
    cost: 600,
    skus: { wps: '23-CR9EK', 'parts-unlimited': '2103-0151', 'tucker-rocky': '331092', automatic: 'NGK-CR9EK' },
  },
  {
    brand: 'ODI',
    mpn: 'H01RFB',
    cost: 1_500,
    skus: { wps: '20-RFB', 'parts-unlimited': '0630-0712', 'tucker-rocky': '510770', automatic: 'ODI-H01RFB' },
  },
];

/** The warehouse each distributor stocks the products at (its own codes). */
export const worldWarehouses: Record<WorldDistributor, string> = {
  wps: 'PA',
  'parts-unlimited': 'NV',
  'tucker-rocky': 'DC1',
  automatic: 'east',
};

/** Units per distributor per product (index in {@link worldProducts}). */
export type ProductStock = Record<WorldDistributor, readonly number[]>;

/** Plain test credentials. */
export const defaultCredentials: WorldCredentials = {
  wpsApiToken: 'reliability-wps-token',
  partsUnlimitedDealerNumber: 'RELDEALER01',
  partsUnlimitedApiKey: 'reliability-pu-api-key',
  tuckerRockyCustomerNumber: 'RELCUST01',
  tuckerRockyApiKey: 'reliability-tr-api-key',
  automaticApiToken: 'reliability-automatic-token',
  walmartClientId: 'reliability-walmart-client-id',
  walmartClientSecret: 'reliability-walmart-client-secret',
  shopifyAccessToken: 'shpat_reliability_000000000000000',
};

/** Retries fast: the run tests what retries do, not how long they wait. */
export const tinyRetry: Partial<RetryPolicy> = { retries: 2, minDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 250 };

/**
 * The catalog offers of the world: one offer per distributor and product, costs spread so that
 * routing has a favourite and fallbacks, stock as given (the catalog may disagree with the
 * distributors' real-time stock; routing checks it).
 *
 * @param stock - units per distributor per product, as the catalog (a feed) last saw them.
 */
export function worldOffers(stock: ProductStock): OfferInput[] {
  const markup: Record<WorldDistributor, number> = {
    wps: 0,
    'parts-unlimited': 40,
    'tucker-rocky': 80,
    automatic: 120,
  };
  return distributorIds.flatMap((distributor) =>
    worldProducts.map((product, index) => ({
      distributor,
      sku: product.skus[distributor],
      brand: product.brand,
      mpn: product.mpn,
      currency: 'USD',
      cost: product.cost + markup[distributor],
      stock: [{ warehouse: worldWarehouses[distributor], quantity: stock[distributor][index] ?? 0, leadTimeDays: 0 }],
    })),
  );
}

/**
 * Creates the world: one simulator per finished adapter (WPS, Parts Unlimited, Tucker Rocky,
 * Automatic, Walmart, Shopify) and one MSW server serving all of them. Call `server.listen()`
 * before use and `server.close()` after.
 *
 * @param options - client timeout, credentials, Shopify bucket.
 */
export function createReliabilityWorld(options: WorldOptions): ReliabilityWorld {
  const credentials: WorldCredentials = { ...defaultCredentials, ...options.credentials };
  const timeoutDelayMs = options.timeoutMs + 25;
  const host = (service: string, path = '') =>
    options.lane === undefined ? {} : { baseURL: `https://${service}.lane${options.lane}.reliability.test${path}` };
  const wps = createWpsSimulator({ apiToken: credentials.wpsApiToken, timeoutDelayMs, ...host('wps') });
  const partsUnlimited = createPartsUnlimitedSimulator({
    dealerNumber: credentials.partsUnlimitedDealerNumber,
    apiKey: credentials.partsUnlimitedApiKey,
    timeoutDelayMs,
    ...host('parts-unlimited', '/api'),
  });
  const tuckerRocky = createTuckerRockySimulator({
    customerNumber: credentials.tuckerRockyCustomerNumber,
    apiKey: credentials.tuckerRockyApiKey,
    timeoutDelayMs,
    ...host('tucker-rocky'),
  });
  const automatic = createAutomaticSimulator({
    apiToken: credentials.automaticApiToken,
    timeoutDelayMs,
    ...host('automatic', '/v2'),
  });
  const walmart = createWalmartSimulator({
    clientId: credentials.walmartClientId,
    clientSecret: credentials.walmartClientSecret,
    faults: { timeoutDelayMs },
    ...host('walmart'),
  });
  const shopify = createShopifySimulator({
    accessToken: credentials.shopifyAccessToken,
    restoreRate: options.shopifyRestoreRate ?? 1_000_000,
    faults: { timeoutDelayMs },
    ...host('shopify'),
  });
  let requestCount = 0;
  const ledger: CallLedger = {
    fired: new Map(),
    acceptedCreates: new Map(),
    countedOrders: new Set(),
    pushCalls: new Map(),
    credentialsElsewhere: [],
    quiet: false,
    firedWhileQuiet: [],
    pushRefusalsArmed: 0,
    pushRefusalsServed: 0,
  };
  const distributors = { wps, 'parts-unlimited': partsUnlimited, 'tucker-rocky': tuckerRocky, automatic } as const;
  const marketplaces = { walmart, shopify } as const;
  const timeoutMs = options.timeoutMs;

  return {
    handlers: [
      ...wps.handlers,
      ...partsUnlimited.handlers,
      ...tuckerRocky.handlers,
      ...automatic.handlers,
      ...walmart.handlers,
      ...shopify.handlers,
    ],
    credentials,
    timeoutMs,
    get requestCount() {
      return requestCount;
    },
    countRequest() {
      requestCount += 1;
    },
    distributors,
    marketplaces,
    ledger,
    faultTargets: [
      {
        name: 'wps',
        simulator: wps,
        operations: [
          'stock',
          'create-cart',
          'get-cart',
          'add-cart-item',
          'delete-cart',
          'submit',
          'find-order',
          'shipments',
        ],
      },
      {
        name: 'parts-unlimited',
        simulator: partsUnlimited,
        operations: ['stock', 'submit', 'find-order', 'shipments'],
      },
      { name: 'tucker-rocky', simulator: tuckerRocky, operations: ['stock', 'submit', 'find-order', 'shipments'] },
      { name: 'automatic', simulator: automatic, operations: ['stock', 'submit', 'find-order', 'shipments'] },
      { name: 'walmart', simulator: walmart, operations: ['token', 'read-order', 'push-tracking'] },
      { name: 'shopify', simulator: shopify, operations: ['read-order', 'push-tracking'] },
    ],
    createDistributorClients({ fetch, onEvent, rateLimit, timeoutMs: timeoutOverride }): DistributorClient[] {
      const common = {
        fetch,
        timeoutMs: timeoutOverride ?? timeoutMs,
        retry: tinyRetry,
        ...(onEvent ? { onEvent } : {}),
        ...(rateLimit ? { rateLimit } : {}),
      };
      const automaticClient: AutomaticClient = createAutomatic({
        ...common,
        apiToken: credentials.automaticApiToken,
        baseURL: automatic.baseURL,
      });
      return [
        createWps({ ...common, apiToken: credentials.wpsApiToken, baseURL: wps.baseURL, stockBatchSize: 10 }),
        createPartsUnlimited({
          ...common,
          dealerNumber: credentials.partsUnlimitedDealerNumber,
          apiKey: credentials.partsUnlimitedApiKey,
          baseURL: partsUnlimited.baseURL,
        }),
        createTuckerRocky({
          ...common,
          customerNumber: credentials.tuckerRockyCustomerNumber,
          apiKey: credentials.tuckerRockyApiKey,
          baseURL: tuckerRocky.baseURL,
        }),
        automaticClient,
      ];
    },
    createMarketplaceAdapters({ fetch, onEvent, timeoutMs: timeoutOverride, orderPageSize }): MarketplaceAdapter[] {
      const common = {
        fetch,
        timeoutMs: timeoutOverride ?? timeoutMs,
        retry: tinyRetry,
        ...(onEvent ? { onEvent } : {}),
        ...(orderPageSize === undefined ? {} : { orders: { pageSize: orderPageSize } }),
      };
      return [
        createWalmart({
          ...common,
          clientId: credentials.walmartClientId,
          clientSecret: credentials.walmartClientSecret,
          baseURL: walmart.baseURL,
        }),
        createShopify({ ...common, accessToken: credentials.shopifyAccessToken, baseURL: shopify.baseURL }),
      ];
    },
    addMarketplaceOrder(order) {
      if (order.marketplace === 'walmart') walmart.addOrder(order);
      else if (order.marketplace === 'shopify') shopify.addOrder(order);
      else throw new Error(`reliability world: no simulator for marketplace ${order.marketplace}`);
    },
    reset(stock) {
      for (const distributor of distributorIds) {
        const simulator = distributors[distributor];
        simulator.reset();
        worldProducts.forEach((product, index) => {
          simulator.addProduct({
            sku: product.skus[distributor],
            brand: product.brand,
            mpn: product.mpn,
            cost: product.cost,
            stock: { [worldWarehouses[distributor]]: stock[distributor][index] ?? 0 },
          });
        });
      }
      walmart.reset({ all: true });
      shopify.reset({ all: true });
      ledger.fired = new Map();
      ledger.acceptedCreates = new Map();
      ledger.countedOrders = new Set();
      ledger.pushCalls = new Map();
      ledger.credentialsElsewhere = [];
      ledger.quiet = false;
      ledger.firedWhileQuiet = [];
      ledger.pushRefusalsArmed = 0;
      ledger.pushRefusalsServed = 0;
    },
  };
}

/** An MSW server serving several worlds, with or without the test server's call recording. */
export interface ReliabilityServer {
  /** Starts intercepting (unhandled requests are errors). */
  listen(): void;
  /** Stops intercepting. */
  close(): void;
  /** The recording test server, when `record` was asked for. */
  readonly recorder: TestServer | undefined;
}

/**
 * One MSW server for several worlds, with a single handler that dispatches each request by its
 * origin to that simulator's own handlers (`getResponse`): a request is matched against one
 * simulator's handlers only, not against every handler of every lane, which keeps the cost per
 * request flat however many lanes run.
 *
 * @param worlds - the worlds (lanes) to serve.
 * @param options - `record`: use `createTestServer` from `@dropship/testing` (records every call,
 *   redacted) instead of a plain `setupServer`; `redact`: more values to redact from records.
 */
export function createReliabilityServer(
  worlds: readonly ReliabilityWorld[],
  options: {
    record?: boolean;
    redact?: readonly string[];
    /** Rewrites a simulator's answer before the client sees it (fuzzing response parsing). */
    transform?: (request: Request, response: Response) => Response | Promise<Response>;
    /** More simulators to serve (eBay, Amazon, ...): their handlers and every origin they answer on. */
    more?: readonly { origins: readonly string[]; handlers: readonly RequestHandler[] }[];
  } = {},
): ReliabilityServer {
  const byOrigin = new Map<string, Served>();
  for (const extra of options.more ?? []) {
    for (const origin of extra.origins) byOrigin.set(new URL(origin).origin, { handlers: [...extra.handlers] });
  }
  for (const world of worlds) {
    const simulators: [string, DistributorSimulator | MarketplaceSimulator][] = [
      ...Object.entries(world.distributors),
      ...Object.entries(world.marketplaces),
    ];
    for (const [adapter, simulator] of simulators) {
      const origin = new URL(simulator.baseURL).origin;
      if (byOrigin.has(origin)) throw new Error(`reliability server: two simulators answer on ${origin}`);
      byOrigin.set(origin, { handlers: simulator.handlers, world, adapter });
    }
  }
  const secrets = worlds.flatMap((world) => Object.values(world.credentials));
  // The other host of a `redirect-elsewhere` answer: answers JSON of no API's shape, and notes
  // every credential that reached it (a client must not carry them across origins).
  const elsewhere = http.all(`${hostileRedirectOrigin}/*`, async ({ request }) => {
    const seen = [request.url, ...[...request.headers].map(([name, value]) => `${name}: ${value}`)];
    if (request.method !== 'GET' && request.method !== 'HEAD') seen.push(await request.text());
    const leaked = secrets.filter((secret) => seen.some((text) => text.includes(secret)));
    for (const world of worlds)
      for (const secret of leaked)
        if (Object.values(world.credentials).includes(secret)) world.ledger.credentialsElsewhere.push(secret);
    return HttpResponse.json({ moved: true, note: 'this host serves no API' });
  });
  const dispatch = http.all('*', async ({ request }) => {
    const served = byOrigin.get(new URL(request.url).origin);
    if (!served) return undefined;
    const { world, adapter } = served;
    if (!world || !adapter) {
      const response = await getResponse(served.handlers, request);
      return response && options.transform ? options.transform(request, response) : response;
    }
    const isMarketplace = adapter in world.marketplaces;
    const requestBody = isMarketplace && request.method !== 'GET' ? await request.clone().text() : '';
    if (adapter === 'shopify' && world.ledger.pushRefusalsArmed > 0 && requestBody.includes('fulfillmentCreate(')) {
      world.ledger.pushRefusalsArmed -= 1;
      world.ledger.pushRefusalsServed += 1;
      if (world.ledger.quiet) world.ledger.firedWhileQuiet.push('shopify|push-tracking|user-errors');
      return shopifyPushRefusal();
    }
    const context: ServedCall = { operation: undefined, fault: undefined, world, adapter };
    const response = await servedCalls.run(context, () => getResponse(served.handlers, request));
    recordCall(context, requestBody);
    return response && options.transform ? options.transform(request, response) : response;
  });
  let stopObserving: (() => void) | undefined;
  const startObserving = () => {
    stopObserving ??= observeFaultInjectors((call) => {
      const context = servedCalls.getStore();
      if (!context) return;
      context.operation = call.operation;
      context.fault = call.fault;
      if (!call.fault) return;
      // Counted as it fires (a timeout fault answers much later). A fault aimed at one name of a
      // call that answers to several (Parts Unlimited's order list serves look-ups and shipments)
      // is counted under the name it was aimed at.
      const aimed = call.fault.operations?.find((name) => name === call.operation || call.aliases.includes(name));
      const { ledger } = context.world;
      const key = `${context.adapter}|${aimed ?? call.operation}|${call.fault.kind}`;
      ledger.fired.set(key, (ledger.fired.get(key) ?? 0) + 1);
      if (ledger.quiet) ledger.firedWhileQuiet.push(key);
    });
  };
  const stop = () => {
    stopObserving?.();
    stopObserving = undefined;
  };
  if (options.record) {
    const recorder = createTestServer(
      { onUnhandledRequest: 'error', ...(options.redact ? { redact: options.redact } : {}) },
      elsewhere,
      dispatch,
    );
    return {
      listen: () => {
        startObserving();
        recorder.listen();
      },
      close: () => {
        stop();
        recorder.close();
      },
      recorder,
    };
  }
  const server = setupServer(elsewhere, dispatch);
  return {
    listen: () => {
      startObserving();
      server.listen({ onUnhandledRequest: 'error' });
    },
    close: () => {
      stop();
      server.close();
    },
    recorder: undefined,
  };
}

/**
 * Shopify's answer to a `fulfillmentCreate` it refuses: HTTP 200, `fulfillment: null` and
 * `userErrors` (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate);
 * nothing is recorded.
 */
function shopifyPushRefusal(): Response {
  return HttpResponse.json({
    data: {
      fulfillmentCreate: {
        fulfillment: null,
        userErrors: [{ field: ['fulfillment'], message: 'Fulfillment order is on hold.' }],
      },
    },
  });
}

/** What the reliability server learns about one call while a simulator serves it. */
interface ServedCall {
  /** The operation's standard name, as the simulator's fault injector reported it. */
  operation: string | undefined;
  /** The fault that fired on the call, if any (the object the scenario injected). */
  fault: Fault | undefined;
  /** The world and simulator serving the call. */
  world: ReliabilityWorld;
  adapter: string;
}

/** Handlers answering on one origin, and the world simulator they belong to. */
interface Served {
  handlers: RequestHandler[];
  world?: ReliabilityWorld;
  adapter?: string;
}

/** The call being served, so that a fault injector's report lands on the right request. */
const servedCalls = new AsyncLocalStorage<ServedCall>();

/** Tracking numbers in a push request's body (the run's are `1Z` + 16 characters). */
const trackingNumberPattern = /1Z[0-9A-Z]{16}/g;

/** Adds what one served call did to its world's ledger (the fault it met was counted as it fired). */
function recordCall(call: ServedCall, requestBody: string): void {
  const { world, adapter } = call;
  const { ledger } = world;
  const acted = call.fault === undefined || call.fault.kind === 'lost-response';
  if (!acted) return;
  if (call.operation === 'submit' && adapter in world.distributors) {
    // Every order the distributor came to hold, counted once when a create call ends: a second
    // order for a PO number is a duplicate even if a simulator later merged or replaced records.
    for (const order of world.distributors[adapter as WorldDistributor].orders()) {
      const reference = `${adapter}|${order.reference}`;
      if (ledger.countedOrders.has(reference)) continue;
      ledger.countedOrders.add(reference);
      const key = `${adapter}|${order.poNumber}`;
      ledger.acceptedCreates.set(key, (ledger.acceptedCreates.get(key) ?? 0) + 1);
    }
  }
  if (call.operation === 'push-tracking' && adapter in world.marketplaces) {
    for (const trackingNumber of new Set(requestBody.match(trackingNumberPattern) ?? []))
      ledger.pushCalls.set(trackingNumber, (ledger.pushCalls.get(trackingNumber) ?? 0) + 1);
  }
}
