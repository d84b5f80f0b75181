import type {
  DistributorClient,
  MarketplaceAdapter,
  MarketplaceOrderStatus,
  RejectionReason,
  SalesOrder,
} from '@dropship/core';
import type { FaultKind } from '@dropship/core/test';
import type { RequestHandler } from 'msw';
import type { HostileAnswer } from './simulator-utilities.js';

// Kinds of failure a simulator can inject: the one vocabulary, defined in `@dropship/core/test`
// and shared with its in-memory mocks.
export type { FaultKind } from '@dropship/core/test';

/** One fault to inject into the next matching simulator calls. */
export interface Fault {
  kind: FaultKind;
  /** How many matching calls fail. Default 1. */
  times?: number;
  /** Which simulator operations it applies to (for example `['submit']`); default all. */
  operations?: readonly string[];
  /** Retry-After seconds for `rate-limit`. Default 1. */
  retryAfterSeconds?: number;
  /**
   * How long a `timeout` fault holds the response before dropping the connection, in ms. Default
   * the injector's `timeoutDelayMs`. Keep it just above the client's `timeoutMs` so tests stay fast.
   */
  delayMs?: number;
  /** Body served by a `malformed-body` fault. Default a truncated JSON document (`{"data":[{"id":`). */
  body?: string;
  /** What a `hostile-answer` fault serves. Default `html-maintenance`. */
  hostile?: HostileAnswer;
  /** Origin a `hostile-answer` of kind `redirect-elsewhere` sends the client to. Default the injector's `redirectTo`. */
  redirectTo?: string;
}

/** A product a simulator sells. */
export interface SimulatedProduct {
  sku: string;
  /** Units per warehouse code. */
  stock: Record<string, number>;
  /** Dealer cost, integer minor units. */
  cost?: number;
  brand?: string;
  mpn?: string;
  upc?: string;
}

/** An order as a distributor simulator holds it. */
export interface SimulatedOrder {
  poNumber: string;
  /** The simulator's order reference. */
  reference: string;
  lines: { sku: string; quantity: number }[];
  status: 'open' | 'partially_shipped' | 'shipped' | 'cancelled';
  shipments: {
    trackingNumber: string;
    carrier: string;
    lines: { sku: string; quantity: number }[];
    shippedAt: string;
  }[];
}

/**
 * The control surface of a simulated distributor, whatever the transport its client uses (an
 * HTTP API, EDI files over SFTP, email over SMTP): what the conformance suite needs to seed it,
 * count what it holds, ship, and inject faults.
 */
export interface DistributorSimulatorControls {
  readonly distributor: string;
  /** Adds or replaces a product and its stock. */
  addProduct(product: SimulatedProduct): void;
  /** Sets stock of a SKU at a warehouse. */
  setStock(sku: string, warehouse: string, quantity: number): void;
  /** How many orders the distributor holds for a PO number (the "never twice" check). */
  orderCount(poNumber: string): number;
  /** Every order held. */
  orders(): SimulatedOrder[];
  /**
   * Ships (part of) an order: records a package with a tracking number. Without `lines`, ships
   * everything not yet shipped. Returns the tracking number.
   */
  shipOrder(
    poNumber: string,
    options?: {
      lines?: { sku: string; quantity: number }[];
      carrier?: string;
      trackingNumber?: string;
      shippedAt?: string;
    },
  ): string;
  /** Fails the next matching calls. */
  injectFault(fault: Fault): void;
  /**
   * Issue 20 (optional; the cancel and re-route conformance cases need it): the next `times`
   * order submissions (default 1) are refused the way the real API refuses, for `reason`, naming
   * `skus` (default every line) as the refused lines. Nothing is placed.
   */
  rejectNextOrders?(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /**
   * Optional: the distributor cancels an order it holds on its side (all of it, or `lines`), as
   * its API then reports it (a status, cancelled lines).
   */
  cancelOnDistributorSide?(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** Optional: sets the dealer cost the distributor's API now answers for a SKU (minor units). */
  setPrice?(sku: string, unitCost: number): void;
  /** Calls served per operation name (for batching assertions). */
  callCount(operation?: string): number;
  /** Clears orders, faults and counters (products stay unless `all`). */
  reset(options?: { all?: boolean }): void;
  /**
   * Lets the far side act on everything it was sent and deliver everything it has to say: an EDI
   * partner reads its inbox and answers (997, 855; an 856 written by `shipOrder`), an email
   * supplier's answers are recorded. Omit it when the simulator acts within each call (an HTTP
   * API); the conformance suite calls it, when present, before it counts orders and after
   * `shipOrder`.
   */
  settle?(): Promise<void>;
}

/** Control surface every HTTP distributor simulator exposes (`@dropship/<distributor>/testing`). */
export interface DistributorSimulator extends DistributorSimulatorControls {
  /** MSW handlers serving the fake API; hand them to `createTestServer`. */
  readonly handlers: RequestHandler[];
  /** Base URL the handlers answer on. */
  readonly baseURL: string;
}

/** A fulfillment as a marketplace simulator recorded it. */
export interface SimulatedFulfillment {
  marketplaceOrderId: string;
  trackingNumber: string;
  /** Carrier as the marketplace received it (its own code or name). */
  carrier: string;
  lines: { lineId: string; quantity: number }[];
}

/** How a marketplace simulator lists an order it holds for intake. */
export interface SimulatedListingOptions {
  /** The marketplace's modification time of the order (ISO 8601). Default: the simulator's clock now. */
  updatedAt?: string;
  /** Where the order stands, written in the marketplace's own terms by the simulator. Default `ready`. */
  status?: MarketplaceOrderStatus;
}

/**
 * Order intake side of a marketplace simulator: orders the marketplace lists, in its own shape
 * (eBay `getOrders`, Amazon `getOrders` + `getOrderItems`, Walmart `released`, Shopify `orders`),
 * paged as the real API pages, with the simulator's fault injection applying to the listing
 * calls (operation `list-orders`, and `acknowledge-orders` where the marketplace has it).
 */
export interface SimulatedOrderIntake {
  /**
   * Lists `order` (new), or changes an order it lists (same `marketplaceOrderId`: replaced, with a
   * later `updatedAt`). The order is held in the marketplace's shape; tracking can be pushed to it.
   */
  putOrder(order: SalesOrder, options?: SimulatedListingOptions): void;
  /**
   * Lists an order the adapter cannot map: `order` in the marketplace's shape with the ship-to's
   * name (or, where the marketplace withholds it, the whole ship-to) left out.
   */
  putUnmappableOrder(order: SalesOrder, options?: SimulatedListingOptions): void;
  /**
   * The next `times` listing pages also repeat the last order of the page before (paging over data
   * that changes does this at every marketplace). Default 1.
   */
  repeatOnNextPages(times?: number): void;
  /** Orders acknowledged, in call order, one entry per order per call (Walmart). Empty elsewhere. */
  acknowledged(): string[];
  /** Listing calls served (pages), detail calls included where the marketplace needs them per order. */
  listCallCount(): number;
  /**
   * Issue 20 (where the adapter declares `capabilities.cancellations`): the buyer asks to cancel
   * an order the simulator lists (all of it, or `lines`), as the marketplace shows a request
   * (a later `updatedAt`).
   */
  requestCancellation?(marketplaceOrderId: string, options?: { lines?: { lineId: string; quantity: number }[] }): void;
  /** The marketplace (or the buyer, where it can alone) cancels an order it lists, all of it or `lines`. */
  cancelOrder?(marketplaceOrderId: string, options?: { lines?: { lineId: string; quantity: number }[] }): void;
  /** Cancel answers the adapter sent, one entry per answering call, in call order. */
  cancellationAnswers?(): {
    marketplaceOrderId: string;
    decision: 'accept' | 'refuse';
    lines?: { lineId: string; quantity: number }[];
  }[];
}

/**
 * Issue 21: the listings side of a marketplace simulator. It holds listings in the marketplace's
 * shape (with the ids the real API needs: eBay offer ids, Shopify inventory item and location
 * ids) and records every quantity and price change it applied, one entry per item per call.
 * Faults apply with operation names `push-listings` (the bulk call), `confirm-listings` (Amazon,
 * Walmart) and `read-listings`.
 */
export interface SimulatedListings {
  /** Creates a listing the adapter can update (quantity 0 and no price unless given). */
  putListing(sku: string, values?: { quantity?: number; price?: { amount: number; currency: string } }): void;
  /** What the listing shows now (undefined: no such listing). For asynchronous marketplaces, after processing. */
  listing(sku: string): { quantity: number; price?: { amount: number; currency: string } } | undefined;
  /** Every change applied, in order: one entry per SKU per call that changed it. */
  changes(): { sku: string; quantity?: number; price?: { amount: number; currency: string }; at: number }[];
  /** A sale at the marketplace: decrements the listing's quantity as the marketplace does when it sells. */
  sell(sku: string, quantity: number): void;
  /** The next update of these SKUs is refused per item with the marketplace's own error (not the whole call). */
  refuseNextUpdate(skus: readonly string[], options?: { retryable?: boolean }): void;
  /**
   * Asynchronous marketplaces: finishes processing every queued submission (Amazon's queue, a
   * Walmart feed); until then `listing()` shows the old values and `confirm` answers pending.
   * Synchronous ones: does nothing.
   */
  process(): void;
  /** Bulk push calls served (the "fewest calls" check). */
  pushCallCount(): number;
}

/** Control surface every marketplace simulator exposes (`@dropship/<marketplace>/testing`). */
export interface MarketplaceSimulator {
  readonly marketplace: string;
  readonly handlers: RequestHandler[];
  readonly baseURL: string;
  /** Adds an order the adapter can push tracking to. */
  addOrder(order: SalesOrder): void;
  /** Fulfillments recorded for an order. */
  fulfillments(marketplaceOrderId: string): SimulatedFulfillment[];
  /** Fails the next matching calls. */
  injectFault(fault: Fault): void;
  /** Times (ms since epoch) at which requests arrived, for rate-limit assertions. */
  requestTimes(operation?: string): number[];
  /** Clears fulfillments, faults and request times (orders stay unless `all`). */
  reset(options?: { all?: boolean }): void;
  /** Order intake, where the marketplace's adapter declares `capabilities.orders`. */
  readonly intake?: SimulatedOrderIntake;
  /** Listings, where the marketplace's adapter declares `capabilities.listings`. */
  readonly listings?: SimulatedListings;
}

/**
 * What `describeDistributorClient` (`@dropship/testing/conformance`) needs to test an adapter.
 * `Simulator` is an HTTP simulator (MSW handlers: the suite serves them) by default; a client
 * whose partner is reached over another transport (SFTP, SMTP) passes a simulator with the
 * transport-neutral controls only, and declares what its client and simulator do not have
 * (`stock`, `lookUps`, `faults`): the cases that need it are skipped, and the suite checks that
 * what is declared absent is refused.
 */
export interface DistributorConformanceHarness<Simulator extends DistributorSimulatorControls = DistributorSimulator> {
  /**
   * A fresh simulator (the suite creates one per test). When it has `handlers`, the suite serves
   * them on an MSW test server; otherwise no MSW server is started (start your own servers, an
   * SFTP or SMTP server on loopback, in the test file's `beforeAll`).
   */
  createSimulator(): Simulator;
  /** A client pointed at the simulator; `credentials: 'invalid'` gives one the simulator refuses. */
  createClient(simulator: Simulator, options?: { credentials?: 'valid' | 'invalid' }): DistributorClient;
  /**
   * Whether `checkStock` answers in real time. Default `real-time`. `none`: the distributor has no
   * stock call (its stock comes from a feed in the catalog): the stock cases are skipped, and the
   * suite checks that `checkStock` throws a typed, non-retryable error that did nothing (the
   * dropshipper then plans from catalog stock).
   */
  stock?: 'real-time' | 'none';
  /**
   * Where `findOrder` and `listShipments` get their answer. Default `remote` (they ask the
   * distributor). `recorded`: from what the client recorded (the partner's answers are entered
   * through the client's own API, as an email supplier's are): the cases of a read failing at the
   * partner are skipped, and the suite checks that a look-up makes no call to the partner.
   */
  lookUps?: 'remote' | 'recorded';
  /**
   * The fault kinds the simulator's `injectFault` can serve. Default every kind (an HTTP
   * simulator built on the shared fault injector). The cases that need another kind are skipped.
   */
  faults?: readonly FaultKind[];
  /** SKUs to seed (the suite adds them with stock); default generated ones. */
  skus?: readonly string[];
  /**
   * Warehouse codes to stock the seeded SKUs at (keys of `SimulatedProduct.stock`). Default the
   * single warehouse `main`. Give the simulator's real codes so per-warehouse quantities are checked.
   */
  warehouses?: readonly string[];
  /**
   * Credential values the client sends (sentinels), checked absent from every error. Default the
   * credential-looking header and query values the test server saw on the wire.
   */
  secrets?: readonly string[];
}

/** What `describeMarketplaceAdapter` (`@dropship/testing/conformance`) needs to test an adapter. */
export interface MarketplaceConformanceHarness {
  /** A fresh simulator (the suite creates one per test). */
  createSimulator(): MarketplaceSimulator;
  /** An adapter pointed at the simulator; `credentials: 'invalid'` gives one the simulator refuses. */
  createAdapter(
    simulator: MarketplaceSimulator,
    options?: {
      credentials?: 'valid' | 'invalid';
      /** The intake page size to configure (the intake cases use small pages to page several times). */
      orderPageSize?: number;
      /**
       * The listings batch size to configure, where the adapter has such a setting (the listings
       * cases use small batches to batch several times); an adapter without one ignores it.
       */
      listingBatchSize?: number;
    },
  ): MarketplaceAdapter;
  /** A valid order for this marketplace (ids in its format); the suite adds it to the simulator. */
  sampleOrder(): SalesOrder;
  /**
   * Credential values the adapter sends (sentinels), checked absent from every error. Default the
   * credential-looking header and query values the test server saw on the wire.
   */
  secrets?: readonly string[];
}
