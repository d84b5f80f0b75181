import { createAmazon } from '@dropship/amazon';
import { type AmazonSimulator, createAmazonSimulator } from '@dropship/amazon/testing';
import { createAutomatic } from '@dropship/automatic';
import { type AutomaticSimulator, createAutomaticSimulator } from '@dropship/automatic/testing';
import {
  createMemoryCatalog,
  type DistributorClient,
  type DropshipStore,
  type InventoryRulesInput,
  type ListingInput,
  type MarketplaceAdapter,
  type MarketplaceOrderStatus,
  type MemoryCatalog,
  type SalesOrder,
} from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEbaySimulator, type EbaySimulator } from '@dropship/ebay/testing';
import { createEmailNotifier, type EmailNotifier } from '@dropship/email';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createPartsUnlimitedSimulator, type PartsUnlimitedSimulator } from '@dropship/parts-unlimited/testing';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator, type ShopifySimulator } from '@dropship/shopify/testing';
import {
  createTestServer,
  createTrackingNumberGenerator,
  type DistributorSimulator,
  type MarketplaceSimulator,
  type SimulatedFulfillment,
  type SimulatedListingOptions,
  type TestServer,
} from '@dropship/testing/simulator';
import { createTuckerRocky } from '@dropship/tucker-rocky';
import { createTuckerRockySimulator, type TuckerRockySimulator } from '@dropship/tucker-rocky/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator, type WalmartSimulator } from '@dropship/walmart/testing';
import { createWps } from '@dropship/wps';
import { createWpsSimulator, type WpsSimulator } from '@dropship/wps/testing';
import {
  type SampleDistributor,
  type SampleProduct,
  sampleListings,
  sampleProducts,
  sampleRules,
  toCatalogOffers,
} from './sample-catalog.js';
import type { SampleMarketplace } from './sample-orders.js';
import { createSimulatedClock, type SimulatedClock } from './simulated-clock.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** The simulated instant the sandbox starts at. Default `2026-11-20T08:00:00.000Z`. */
  start?: string;
  /** Products to seed (catalog and simulators). Default the sample products. */
  products?: readonly SampleProduct[];
  /**
   * Orders per page of every marketplace adapter's order listing (1 to 100). Default each
   * adapter's own (the marketplace's maximum page). Small pages make a short day page several times.
   */
  orderPageSize?: number;
}

/** Options of {@link Sandbox.listOrder}. */
export interface SandboxListingOptions {
  /** Where the order stands at its marketplace. Default `ready`. */
  status?: MarketplaceOrderStatus;
  /** The marketplace's modification time of the order (ISO 8601). Default the order's `orderedAt`. */
  updatedAt?: string;
}

/** Options of {@link Sandbox.ship}. */
export interface SandboxShipOptions {
  /** What the package holds (distributor SKUs); default everything not yet shipped. */
  lines?: { sku: string; quantity: number }[];
}

/** The four distributor simulators. */
export interface SandboxDistributorSimulators {
  wps: WpsSimulator;
  'parts-unlimited': PartsUnlimitedSimulator;
  'tucker-rocky': TuckerRockySimulator;
  automatic: AutomaticSimulator;
}

/** The four marketplace simulators. */
export interface SandboxMarketplaceSimulators {
  ebay: EbaySimulator;
  amazon: AmazonSimulator;
  walmart: WalmartSimulator;
  shopify: ShopifySimulator;
}

/** An order held at a distributor simulator, as counted for the "never twice" check. */
export interface HeldOrderCount {
  distributor: SampleDistributor;
  poNumber: string;
  /** Orders the distributor holds for this PO number: 1 unless something placed it twice. */
  count: number;
}

/** Everything an example needs, offline: simulators, clients, adapters, catalog, rules, a mailbox. */
export interface Sandbox {
  /** The simulated clock every component reads. */
  readonly clock: SimulatedClock;
  /** The MSW server answering for every simulator (started). */
  readonly server: TestServer;
  /** The distributor simulators, by distributor id. */
  readonly distributorSimulators: SandboxDistributorSimulators;
  /** The marketplace simulators, by marketplace id. */
  readonly marketplaceSimulators: SandboxMarketplaceSimulators;
  /** Distributor clients pointed at the simulators (sample credentials). */
  readonly distributors: readonly DistributorClient[];
  /** Marketplace adapters pointed at the simulators (sample credentials). */
  readonly marketplaces: readonly MarketplaceAdapter[];
  /** The sample catalog (every distributor's offers, as yesterday's feeds had them). */
  readonly catalog: MemoryCatalog;
  /**
   * The dealer's listings (`sampleListings`): every sample product under its listing SKU on each
   * marketplace. Give them to the dropshipper that imports orders (`createDropshipper({ listings })`):
   * an order taken in from a marketplace carries the listing SKU only, and the listing names the
   * product whose offers routing looks up.
   */
  readonly listings: readonly ListingInput[];
  /** The dealer's sample rules. */
  readonly rules: InventoryRulesInput;
  /** The SMTP server on loopback that receives the buyer emails. */
  readonly mailbox: SmtpSink;
  /** The products seeded. */
  readonly products: readonly SampleProduct[];
  /**
   * An email notifier that sends to the mailbox. Give it the dropshipper's store so that "at
   * most one email per shipment" survives restarts.
   */
  createNotifier(store?: DropshipStore): EmailNotifier;
  /**
   * Tells the order's marketplace simulator about a new order (as if the buyer had just placed
   * it). An order it already has is left as it is (with its fulfillments).
   */
  receiveOrder(order: SalesOrder): void;
  /**
   * Lists an order in its marketplace simulator's order listing (as the marketplace would once
   * the buyer has paid), modified at its `orderedAt` unless `options.updatedAt` says otherwise:
   * the SDK reads it with the marketplace's adapter (`importOrders`). Tracking can be pushed to it.
   * An order the sandbox already has is left as it is (with its fulfillments); to change one, put
   * it into `marketplaceSimulators.<marketplace>.intake` with a later `updatedAt`.
   */
  listOrder(order: SalesOrder, options?: SandboxListingOptions): void;
  /**
   * Lists an order the marketplace's adapter cannot map (the ship-to's name, or the whole ship-to
   * where the marketplace withholds it, left out): intake holds it with the field and the reason.
   * An order the sandbox already has is left as it is.
   */
  listUnmappableOrder(order: SalesOrder, options?: SandboxListingOptions): void;
  /** Has a distributor ship (part of) a PO now, with a fresh tracking number. Returns it. */
  ship(distributor: string, poNumber: string, options?: SandboxShipOptions): string;
  /** The simulator of a distributor. */
  distributorSimulator(distributor: string): DistributorSimulator;
  /** Every fulfillment (tracking number) the marketplace simulators recorded for the orders received. */
  fulfillments(): (SimulatedFulfillment & { marketplace: string })[];
  /** Every PO number the distributor simulators hold, with how many orders each holds. */
  heldOrders(): HeldOrderCount[];
  /** Stops the MSW server and the mailbox. */
  close(): Promise<void>;
}

/** Sample credentials: sent to the simulators only; none of them is a real secret. */
const sampleCredentials = {
  wpsToken: 'sandbox-wps-token-0001',
  partsUnlimited: { dealerNumber: 'SANDBOX01', apiKey: 'sandbox-pu-api-key-0001' },
  tuckerRocky: { customerNumber: 'SANDBOXC1', apiKey: 'sandbox-tr-api-key-0001' },
  automaticToken: 'sandbox-automatic-token-0001',
  ebayToken: 'sandbox-ebay-user-token-0001',
  amazon: {
    refreshToken: 'Atzr|sandbox-amazon-refresh-token-0001',
    clientId: 'amzn1.application-oa2-client.sandbox0001',
    clientSecret: 'sandbox-amazon-client-secret-0001',
  },
  walmart: { clientId: 'sandbox-walmart-client-id-0001', clientSecret: 'sandbox-walmart-client-secret-0001' },
  shopifyToken: 'shpat_sandbox_0000000000000001',
} as const;

/** Fast retries: the simulators answer in microseconds. */
const retry = { retries: 2, minDelayMs: 5, maxDelayMs: 25 };

/** How each distributor's simulator names the carrier of a package it ships. */
const carrierText: Readonly<Record<SampleDistributor, string>> = {
  wps: 'UP2D', // a WPS ship_via code (UPS 2nd day)
  'parts-unlimited': 'UPS',
  'tucker-rocky': 'UPS',
  automatic: 'UPS',
};

/** A listing's options for a simulator: modified at the order's time unless told otherwise. */
function listingOptions(order: SalesOrder, listing: SandboxListingOptions): SimulatedListingOptions {
  return {
    updatedAt: listing.updatedAt ?? order.orderedAt,
    ...(listing.status === undefined ? {} : { status: listing.status }),
  };
}

function isSampleDistributor(value: string): value is SampleDistributor {
  return value === 'wps' || value === 'parts-unlimited' || value === 'tucker-rocky' || value === 'automatic';
}

/**
 * Starts the offline sandbox: one MSW server with the simulators of the four distributors and
 * the four marketplaces, the sample catalog seeded into the catalog and into the simulators
 * (real-time stock may differ from the catalog's), clients and adapters pointed at the
 * simulators with sample credentials, a simulated clock, and an SMTP sink on 127.0.0.1.
 *
 * Close it when done (`await sandbox.close()`): it intercepts `fetch` while it runs.
 *
 * @param options - start instant and products.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = createSimulatedClock(options.start ?? '2026-11-20T08:00:00.000Z');
  const now = () => clock.now();
  const products = options.products ?? sampleProducts;

  const distributorSimulators: SandboxDistributorSimulators = {
    wps: createWpsSimulator({ apiToken: sampleCredentials.wpsToken, now }),
    'parts-unlimited': createPartsUnlimitedSimulator({ ...sampleCredentials.partsUnlimited, now }),
    'tucker-rocky': createTuckerRockySimulator({ ...sampleCredentials.tuckerRocky }),
    automatic: createAutomaticSimulator({ apiToken: sampleCredentials.automaticToken, now }),
  };
  for (const product of products) {
    for (const offer of product.offers) {
      distributorSimulators[offer.distributor].addProduct({
        sku: offer.sku,
        stock: { ...(offer.liveStock ?? offer.stock) },
        cost: offer.cost,
        brand: product.brand,
        mpn: product.mpn,
        ...(product.upc === undefined ? {} : { upc: product.upc }),
      });
    }
  }
  // The marketplaces' order listings run on the sandbox clock (what is new, what "now" is). The
  // Shopify simulator's clock is only its cost bucket: it stays on real time, as the adapter's
  // pacing does.
  const nowMs = () => clock.now().getTime();
  const marketplaceSimulators: SandboxMarketplaceSimulators = {
    ebay: createEbaySimulator({ accessToken: sampleCredentials.ebayToken, now: nowMs }),
    // Its listing quotas count real time, like the adapter's rate limits (off below).
    amazon: createAmazonSimulator({ ...sampleCredentials.amazon, now: nowMs, orderQuotas: false }),
    walmart: createWalmartSimulator({ ...sampleCredentials.walmart, now: nowMs }),
    shopify: createShopifySimulator({ accessToken: sampleCredentials.shopifyToken }),
  };

  const server = createTestServer(
    ...Object.values(distributorSimulators).flatMap((simulator: DistributorSimulator) => simulator.handlers),
    ...Object.values(marketplaceSimulators).flatMap((simulator: MarketplaceSimulator) => simulator.handlers),
  );
  server.listen();

  let mailbox: SmtpSink;
  try {
    mailbox = await startSmtpSink();
  } catch (error) {
    server.close();
    throw error;
  }

  const distributors: DistributorClient[] = [
    createWps({ apiToken: sampleCredentials.wpsToken, baseURL: distributorSimulators.wps.baseURL, retry }),
    createPartsUnlimited({
      ...sampleCredentials.partsUnlimited,
      baseURL: distributorSimulators['parts-unlimited'].baseURL,
      retry,
      now,
    }),
    createTuckerRocky({
      ...sampleCredentials.tuckerRocky,
      baseURL: distributorSimulators['tucker-rocky'].baseURL,
      retry,
      now,
    }),
    createAutomatic({
      apiToken: sampleCredentials.automaticToken,
      baseURL: distributorSimulators.automatic.baseURL,
      retry,
    }),
  ];
  // The listing's client-side rate limits are off: they count real time, and a simulated day
  // passes in seconds (a real day polled every few minutes stays far under them).
  const pageSize = options.orderPageSize === undefined ? {} : { pageSize: options.orderPageSize };
  const marketplaces: MarketplaceAdapter[] = [
    createEbay({
      accessToken: sampleCredentials.ebayToken,
      baseURL: marketplaceSimulators.ebay.baseURL,
      retry,
      orders: { ...pageSize, rateLimit: false },
      listings: { rateLimit: false },
    }),
    createAmazon({
      ...sampleCredentials.amazon,
      baseURL: marketplaceSimulators.amazon.baseURL,
      tokenURL: marketplaceSimulators.amazon.tokenURL,
      retry,
      now: nowMs,
      orders: { ...pageSize, rateLimits: { getOrders: false, getOrderItems: false, createRestrictedDataToken: false } },
    }),
    createWalmart({
      ...sampleCredentials.walmart,
      baseURL: marketplaceSimulators.walmart.baseURL,
      retry,
      now: nowMs,
      orders: { ...pageSize, listRateLimit: false, acknowledgeRateLimit: false },
      listings: { feedRateLimit: false, readRateLimit: false },
    }),
    createShopify({
      accessToken: sampleCredentials.shopifyToken,
      baseURL: marketplaceSimulators.shopify.baseURL,
      retry,
      ...(options.orderPageSize === undefined ? {} : { orders: { pageSize: options.orderPageSize } }),
    }),
  ];

  const catalog = createMemoryCatalog(toCatalogOffers(products));
  const trackingNumbers: Readonly<Record<SampleDistributor, () => string>> = {
    wps: createTrackingNumberGenerator('ups', 11),
    'parts-unlimited': createTrackingNumberGenerator('ups', 12),
    'tucker-rocky': createTrackingNumberGenerator('ups', 13),
    automatic: createTrackingNumberGenerator('ups', 14),
  };
  const notifiers: EmailNotifier[] = [];
  const received = new Set<string>();

  function marketplaceSimulatorOf(marketplace: string): SandboxMarketplaceSimulators[SampleMarketplace] {
    const simulator = marketplaceSimulators[marketplace as SampleMarketplace];
    if (simulator === undefined) throw new RangeError(`the sandbox has no marketplace "${marketplace}"`);
    return simulator;
  }

  function distributorSimulator(distributor: string): DistributorSimulator {
    if (!isSampleDistributor(distributor)) throw new RangeError(`the sandbox has no distributor "${distributor}"`);
    return distributorSimulators[distributor];
  }

  let closed: Promise<void> | undefined;
  return {
    clock,
    server,
    distributorSimulators,
    marketplaceSimulators,
    distributors,
    marketplaces,
    catalog,
    listings: sampleListings(products),
    rules: sampleRules,
    mailbox,
    products,
    createNotifier(store) {
      const notifier = createEmailNotifier({
        smtp: { host: mailbox.host, port: mailbox.port, ignoreTLS: true },
        from: 'Moto Parts Direct <orders@motoparts.example>',
        ...(store === undefined ? {} : { idempotency: { store } }),
        now,
      });
      notifiers.push(notifier);
      return notifier;
    },
    receiveOrder(order) {
      const simulator = marketplaceSimulatorOf(order.marketplace);
      const key = `${order.marketplace}:${order.marketplaceOrderId}`;
      if (received.has(key)) return;
      received.add(key);
      simulator.addOrder(order);
    },
    listOrder(order, listing = {}) {
      const simulator = marketplaceSimulatorOf(order.marketplace);
      const key = `${order.marketplace}:${order.marketplaceOrderId}`;
      if (received.has(key)) return;
      received.add(key);
      simulator.intake.putOrder(order, listingOptions(order, listing));
    },
    listUnmappableOrder(order, listing = {}) {
      const simulator = marketplaceSimulatorOf(order.marketplace);
      const key = `${order.marketplace}:${order.marketplaceOrderId}`;
      if (received.has(key)) return;
      received.add(key);
      simulator.intake.putUnmappableOrder(order, listingOptions(order, listing));
    },
    ship(distributor, poNumber, shipOptions = {}) {
      const simulator = distributorSimulator(distributor);
      const id = distributor as SampleDistributor;
      return simulator.shipOrder(poNumber, {
        ...(shipOptions.lines === undefined ? {} : { lines: shipOptions.lines }),
        carrier: carrierText[id],
        trackingNumber: trackingNumbers[id](),
        shippedAt: clock.iso(),
      });
    },
    distributorSimulator,
    fulfillments() {
      return [...received].flatMap((key) => {
        const separator = key.indexOf(':');
        const marketplace = key.slice(0, separator) as SampleMarketplace;
        return marketplaceSimulators[marketplace]
          .fulfillments(key.slice(separator + 1))
          .map((fulfillment) => ({ marketplace, ...fulfillment }));
      });
    },
    heldOrders() {
      const counts: HeldOrderCount[] = [];
      for (const [distributor, simulator] of Object.entries(distributorSimulators) as [
        SampleDistributor,
        DistributorSimulator,
      ][]) {
        const byPo = new Map<string, number>();
        for (const order of simulator.orders()) byPo.set(order.poNumber, (byPo.get(order.poNumber) ?? 0) + 1);
        for (const [poNumber, count] of byPo) counts.push({ distributor, poNumber, count });
      }
      return counts;
    },
    close() {
      closed ??= (async () => {
        for (const notifier of notifiers) notifier.close();
        server.close();
        await mailbox.close();
      })();
      return closed;
    },
  };
}
