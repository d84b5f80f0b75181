import type { ReconciliationRecord } from '../../model/distributor-invoice.js';
import type { InventoryRulesInput } from '../../model/inventory-rules.js';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { SalesOrder } from '../../model/sales-order.js';
import type { OrderPlan, UnplacedLine } from '../../routing/plan-types.js';
import type { BuyerNotifier } from '../../spec/v1/buyer-notifier.js';
import type { Catalog } from '../../spec/v1/catalog.js';
import type { CancelResult, DistributorClient } from '../../spec/v1/distributor-client.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { ListedOrderEntry, MarketplaceOrderStatus } from '../../spec/v1/order-intake.js';
import type {
  DropshipStore,
  ImportedOrderQuery,
  ImportedOrderRecord,
  ReconciliationQuery,
} from '../../spec/v1/store.js';
import type { CancelSalesOrderResult, ResolveManualCancelResult } from '../cancel/cancel-types.js';
import type { PushListingsOptions } from '../listings/listing-push.js';
import type { ListingPushOptions } from '../listings/listing-push-options.js';
import type { ListingPushRun } from '../listings/push-marketplace-listings.js';
import type {
  ReconcileDistributorResult,
  ReconcileOptions,
  ReconcilePurchaseOrderResult,
  RecordInvoiceResult,
} from '../reconcile/reconcile-purchase-order.js';
import type { PriceGuardOptions, RerouteOptions } from '../reroute/reroute-options.js';

/** When a plan is placed without the caller confirming it. */
export type ApprovalPolicy =
  /** Default: `dropship(order)` only plans and holds; a person approves with `placePlan(result.plan)` (or `dropship(order, { plan })`). */
  | { mode: 'manual' }
  /** Place automatically when the plan places every line and meets `minimumProfit` (integer minor units; default `rules.minimumProfit`, else 0). */
  | { mode: 'auto'; minimumProfit?: number; allowIncomplete?: boolean };

/** Options of `createDropshipper`. */
export interface DropshipperOptions {
  /** Distributor clients, one per distributor id. */
  distributors: readonly DistributorClient[];
  /** Marketplace adapters, one per marketplace id. */
  marketplaces?: readonly MarketplaceAdapter[];
  /** Sends buyer shipment emails. Optional. */
  notifier?: BuyerNotifier;
  /** Where state lives. Default: a new in-memory store (state is lost on exit). */
  store?: DropshipStore;
  /** Every distributor's offers. */
  catalog: Catalog;
  /** Inventory rules. Default: every default rule. */
  rules?: InventoryRulesInput;
  /** Approval policy. Default `{ mode: 'manual' }`. */
  approval?: ApprovalPolicy;
  /**
   * When the SDK emails the buyer: `auto` (default) only for marketplaces that do not notify the
   * buyer themselves; `always`; `never`.
   */
  notifyBuyer?: 'auto' | 'always' | 'never';
  /** Most calls in flight per distributor during `syncTracking`. 1 to 1,000; default 8. */
  concurrencyPerDistributor?: number;
  /** How far back a date-range tracking lookup starts before the oldest open PO, in days. 0 to 365; default 1. */
  trackingLookbackDays?: number;
  /**
   * How long a PO may stay in `submitting` before `recover()` treats it as abandoned (a crash or a
   * lost answer) and settles it, in ms. Younger ones may be in flight in another worker and are
   * left alone. 0 to 604,800,000 (a week); default 120,000. A single process may call `recover({ olderThanMs: 0 })` at start.
   */
  submitLeaseMs?: number;
  /**
   * How long `syncTracking` waits for a distributor order whose boxes it has seen (`packageOf`) to
   * be reported complete, in ms, counted from when its first box was recorded. Until then those
   * boxes are recorded (their tracking is kept) but neither pushed nor emailed, because which box
   * holds which units is only known once the order is complete. After it, the boxes seen so far
   * are taken as all of the order (`settle-package-group`, event `package-group-settled`) and
   * pushed, so tracking is never held forever by a distributor that never says "complete" (WPS's
   * status texts are not documented). A box reported after its order's units were pushed covers no
   * unit: it is settled without a push (`trackingPushSkipped: 'no-units'`) and emailed; once the PO
   * is completed, no more boxes are looked for. Default 86,400,000 (24 h); 0 pushes boxes at once,
   * spread over the boxes seen in that sync. At most 2,592,000,000 (30 days).
   */
  packageGroupSettleMs?: number;
  /**
   * Prefix of every PO number this dropshipper makes, first numbers and retry numbers alike: 1 to
   * 5 characters of A-Z and 0-9 (`ACME` gives `ACME-` and 14 characters). Default `DS`. PO numbers
   * are stored and looked up at the distributor: changing the prefix of a running installation
   * gives open orders new numbers, so set it once.
   */
  poNumberPrefix?: string;
  /**
   * Marketplaces whose tracking the dealer pushes outside the SDK (`['walmart']`). An order of a
   * marketplace with no adapter in `marketplaces` and not listed here is not placed: `plan` holds
   * it (`marketplace-adapter-missing`, naming the adapter to add) and `dropship` refuses it with a
   * `ConfigurationError`, because its tracking could never be pushed. For a marketplace listed
   * here, `syncTracking` records each package, settles it without a push
   * (`trackingPushSkipped: 'handled-elsewhere'`, event `tracking-push-skipped`), emails the
   * buyer as `notifyBuyer` says (with no adapter to say the marketplace emails, `auto` emails)
   * and completes the PO. A marketplace may not be both here and in `marketplaces`.
   */
  trackingHandledElsewhere?: readonly string[];
  /**
   * The dealer's listings (`parseListings`: marketplace + listing SKU → product or bundle). Order
   * intake fills in the product (brand + MPN / UPC) of each line whose SKU is a listing of one
   * product, so that routing finds every distributor's offers for it (a marketplace's order gives
   * the listing SKU only); an order with a line of a bundle listing is held, naming the line.
   * Validated once, at creation (`ValidationError` naming the listing's index and field).
   */
  listings?: readonly unknown[];
  /** Clock, for tests and simulations. Default `() => new Date()`. */
  now?: () => Date;
  /** Order intake (`importOrders`): how the marketplaces' order listings are scanned. */
  intake?: IntakeOptions;
  /** Re-routing of lines a distributor refuses or cancels (absent: they wait for the next `dropship`). See {@link RerouteOptions}. */
  reroute?: RerouteOptions;
  /** Checks a distributor's real-time price before placing. See {@link PriceGuardOptions}. */
  priceGuard?: PriceGuardOptions;
  /**
   * How listings' quantities and prices are pushed to the marketplaces (`pushListings`): listing
   * defaults, `pushPrices`, `maxInFlightPerMarketplace`, `confirmAfterMs`, `afterImport`.
   */
  listingPush?: ListingPushOptions;
}

/**
 * How order intake scans a marketplace. Each scan lists the orders changed in the window
 * `[watermark − overlapMs, now − settleMs)`; the first one starts at `now − firstImportLookbackMs`.
 */
export interface IntakeOptions {
  /**
   * How far each scan reaches back before the last window's end, ms, for clocks that disagree and
   * orders the marketplace indexes late. Orders seen again are counted as duplicates and change
   * nothing. 0 to 7,776,000,000 (90 days); default 900,000 (15 min).
   */
  overlapMs?: number;
  /**
   * How long before now a scan's window ends, ms, so that the marketplace's listing has settled.
   * Default 180,000 (3 min): Amazon accepts no less than 120,000 (its `LastUpdatedBefore` must be
   * at least two minutes before now, by Amazon's clock:
   * https://developer-docs.amazon.com/sp-api/docs/get-orders-with-filtering-criteria), and the
   * extra minute absorbs a clock that runs ahead; with the amazon adapter a value under 120,000 is refused.
   */
  settleMs?: number;
  /** How far back the first import of a marketplace looks, ms. Default 86,400,000 (24 h). */
  firstImportLookbackMs?: number;
  /**
   * Most listing pages one `importMarketplaceOrders` reads; the scan goes on from its saved cursor
   * at the next run. 1 to 1,000,000; default 1,000 (200,000 orders at eBay's or Walmart's largest
   * page), a bound on one run whatever an adapter answers.
   */
  maxPagesPerRun?: number;
}

/** What happened to one PO during `dropship`. */
export interface PurchaseOrderOutcome {
  poNumber: string;
  distributor: string;
  /**
   * `submitted`: placed now; `already-placed`: placed before (nothing new); `failed`: not placed
   * (safe to retry); `rejected`: the distributor refused it; `unknown`: the distributor did not
   * answer and the lookup failed too — `recover()` settles it later.
   */
  outcome: 'submitted' | 'already-placed' | 'failed' | 'rejected' | 'unknown';
  state: PurchaseOrderState;
  /** For `failed`, `rejected`, `unknown`: what went wrong (no credentials). */
  error?: string;
  /**
   * For `unknown`: what happens next, for people. The PO is not sent again blind: `recover()`
   * (run by every `syncTracking`, and before the first `dropship` of an instance) looks it up at
   * the distributor once it is older than `submitLeaseMs`, marks it submitted when found, and
   * sends it only when the distributor certainly does not hold it.
   */
  recovery?: string;
}

/** What `dropship` did with one order. */
export interface DropshipResult {
  salesOrderId: string;
  /**
   * What happened, from what the distributors answered:
   * - `placed`: every PO sent is placed and every line of the order is covered (by a PO or shelf
   *   stock);
   * - `partially-placed`: some POs are placed, and some are not (failed, rejected or unknown) or
   *   some lines cannot be placed (see `unplaced`): the order is not complete;
   * - `unknown`: no PO is confirmed placed and at least one PO's outcome is unknown (the
   *   distributor may hold it): nothing is sent again blind, `recover()` settles it (see each
   *   outcome's `recovery`);
   * - `failed`: no PO could be placed, and none may have been;
   * - `held`: waiting for approval or review (see `holdReasons`);
   * - `nothing-to-place`: nothing was sent: every line already has a PO, or none can be placed.
   */
  status: 'placed' | 'partially-placed' | 'unknown' | 'held' | 'failed' | 'nothing-to-place';
  plan: OrderPlan;
  purchaseOrders: PurchaseOrderOutcome[];
  /** Lines the plan could not place, with reasons. */
  unplaced: readonly UnplacedLine[];
  /**
   * Why the order was held, when `status` is `held`; with the `priceGuard` option, also the planned
   * POs held for a price over the tolerance while the others were placed (`partially-placed`).
   */
  holdReasons: string[];
}

/** Options of one `dropship` call. */
export interface DropshipCallOptions {
  /** A plan from `plan(order)` that the caller approves. Placed as is (lines already covered are skipped). `placePlan(plan)` is the same step. */
  plan?: OrderPlan;
  /**
   * Default true: before the first `dropship` of an instance, `recover()` settles every PO left
   * `submitting`. A queue whose own jobs settle each such PO (`submitPurchaseOrder`) passes
   * false, so placing one order never runs a pass over the whole store.
   */
  recover?: boolean;
}

/** Options of `placePlan`. */
export interface PlacePlanOptions {
  /**
   * The sales order the plan is for. Default: the order as saved in the store, which
   * `dropship(order)` does when it holds a plan for approval. Needed for a plan made with
   * `plan(order)` alone (a dry run saves nothing).
   */
  order?: unknown;
  /** As in {@link DropshipCallOptions.recover}. Default true. */
  recover?: boolean;
}

/** Options of `syncDistributor`. */
export interface SyncDistributorOptions {
  /**
   * Only these POs (of this distributor, open); default every open PO of the distributor. One
   * batched look-up as the distributor's API allows serves them all.
   */
  poNumbers?: readonly string[];
}

/** Options of `submitPurchaseOrder`. */
export interface SubmitPurchaseOrderOptions {
  /**
   * A PO in `submitting` is only taken over when it was left that long, in ms (younger, another
   * worker may be sending it). Default the `submitLeaseMs` option; a caller that holds the
   * order's lease (a queue job) passes 0.
   */
  olderThanMs?: number;
}

/** Counts of what `syncTracking` did. */
export interface SyncTrackingResult {
  /** Open POs looked at. */
  purchaseOrders: number;
  /** Calls made to distributors. */
  distributorCalls: number;
  /** New shipments recorded. */
  shipmentsRecorded: number;
  /** Tracking numbers pushed to marketplaces. */
  trackingPushed: number;
  /** Buyer notifications sent by the SDK. */
  buyersNotified: number;
  /** POs completed. */
  completed: number;
  /**
   * Failures that did not stop the sync (each PO or distributor that failed is retried next time;
   * `reroute`: recording a distributor's refusal or re-routing its lines).
   */
  errors: {
    poNumber?: string;
    distributor?: string;
    step: 'pull' | 'push' | 'notify' | 'save' | 'reroute';
    message: string;
  }[];
}

/** What `recover` did. */
export interface RecoverResult {
  /** POs found in `submitting`. */
  examined: number;
  /** Found at the distributor and marked submitted. */
  found: number;
  /** Not found, submitted now. */
  resubmitted: number;
  /** Still unknown (the distributor did not answer). */
  unresolved: number;
  /** Marked failed or rejected. */
  failed: number;
  /** Left alone: younger than the lease (possibly in flight elsewhere) or claimed by another worker. */
  skipped: number;
}

/** Actual profit of a sales order from the POs placed, integer minor units. */
export interface ActualProfit {
  salesOrderId: string;
  currency: string;
  revenue: number;
  cost: number;
  dropShipFees: number;
  marketplaceFee: number;
  profit: number;
  /** POs counted (not rejected, cancelled or failed). */
  purchaseOrders: string[];
}

/**
 * What order intake did with one listed order:
 * - `imported`: taken in (saved, stock reserved, record `imported`); the approval policy has not
 *   decided yet (its placement failed: it is tried again at the next run);
 * - `placed`: taken in and placed by the approval policy (`auto`);
 * - `held`: taken in and held for a person (`reasons` says why);
 * - `unmappable`: could not be mapped: held with the field and the reason;
 * - `duplicate`: taken in before (or by another worker): nothing changed;
 * - `skipped`: not ready to ship (`status`), not taken in: it comes back when it changes;
 * - `cancelled`: taken in earlier, now cancelled (all of it or some lines) at the marketplace: the
 *   units went through `cancelSalesOrder` (`reasons` lists each line's status), and the
 *   marketplace's cancel request answered where it must be.
 */
export type ImportedOrderOutcome =
  | 'imported'
  | 'placed'
  | 'held'
  | 'unmappable'
  | 'duplicate'
  | 'skipped'
  | 'cancelled';

/** One listed order in an intake result. */
export interface ImportedOrderResult {
  /** `<marketplace>:<marketplaceOrderId>`. */
  salesOrderId: string;
  marketplaceOrderId: string;
  outcome: ImportedOrderOutcome;
  /** Where the order stood at the marketplace when listed (absent for a record finished from an earlier run). */
  status?: MarketplaceOrderStatus;
  /** Why it is held or unmappable, or why its placement failed. */
  reasons: string[];
  /**
   * What the approval step did in this run, as `dropship` returns it: the plan (its profit and
   * unplaced lines), the POs sent and their outcomes, the hold reasons. Absent for duplicates,
   * skipped and unmappable orders, and for an order found placed already.
   */
  placement?: DropshipResult;
}

/** What one intake run of a marketplace did (`importMarketplaceOrders`, `importListedOrders`). */
export interface ImportMarketplaceOrdersResult {
  marketplace: string;
  /** Listing pages read. */
  pages: number;
  /** Entries on those pages (or given), repeats included. */
  listed: number;
  /** Orders taken in by this run (whatever the policy then did). */
  imported: number;
  /** Entries taken in before, or repeated: nothing changed. */
  duplicates: number;
  /** Orders not ready to ship, not taken in. */
  skipped: number;
  /** Orders held for a person by the approval policy. */
  held: number;
  /** Orders that could not be mapped, held with their reason. */
  unmappable: number;
  /** Orders the approval policy placed. */
  placed: number;
  /** Orders the marketplace confirmed as acknowledged (where it requires it). */
  acknowledged: number;
  /** The intake cursor's watermark after the run (absent for webhook entries). */
  watermark?: string;
  /**
   * Why the scan stopped before its window's end: `page-limit` (the `maxPagesPerRun` option; the
   * next run goes on from the saved cursor), `cursor-conflict` (another worker saved the cursor:
   * it is scanning this marketplace). Absent when the window was read to the end.
   */
  stopped?: 'page-limit' | 'cursor-conflict';
  /** Each entry, in the order listed (records from an earlier run finished first). */
  orders: ImportedOrderResult[];
  /** `importOrders` only: why this marketplace's run failed (the others went on); nothing is lost, the next run resumes. */
  error?: string;
}

/** Options of `importOrders`. */
export interface ImportOrdersOptions {
  /** Only these marketplaces (each must have an adapter with `orders`). Default every one that has. */
  marketplaces?: readonly string[];
}

/** The dropshipper: plan, place, recover, sync tracking, cancel. Every method is safe to run again. */
export interface Dropshipper {
  /** Plans an order with real-time stock checks: a dry run, nothing is placed. */
  plan(order: unknown): Promise<OrderPlan>;
  /**
   * Places the POs of the order's plan (see the approval policy). Running it twice places nothing
   * new. Throws `ConfigurationError`, writing nothing, for an order of a marketplace with no
   * adapter (see `trackingHandledElsewhere`).
   */
  dropship(order: unknown, options?: DropshipCallOptions): Promise<DropshipResult>;
  /**
   * The approval step: places exactly this plan, as reviewed by a person (the plan of a held
   * `dropship` result, or one from `plan(order)`). Lines a live PO already covers are skipped, so
   * approving twice places nothing new. The same as `dropship(order, { plan })`, with the order
   * read from the store unless given.
   *
   * @throws `ConfigurationError` when the order is neither given nor in the store, when the plan
   * is for another order than the one given, or when the order's marketplace has no adapter.
   */
  placePlan(plan: OrderPlan, options?: PlacePlanOptions): Promise<DropshipResult>;
  /**
   * Settles POs left in `submitting` by a crash or a lost answer: finds each at the distributor,
   * or submits it again (idempotently). Only POs older than `olderThanMs` (default the
   * `submitLeaseMs` option) are touched, and each is claimed so that one worker settles it. Runs
   * before the first `dropship` and at the start of every `syncTracking`.
   */
  recover(options?: { olderThanMs?: number }): Promise<RecoverResult>;
  /**
   * Pulls shipments for open POs, pushes tracking, notifies buyers, completes POs. Runs
   * `recover()` first, then every distributor's open POs (see `syncDistributor`).
   */
  syncTracking(): Promise<SyncTrackingResult>;
  /**
   * Tracking sync for one distributor: its open POs (all, or only `poNumbers`), pulled with the
   * fewest calls its API allows, then each settled (recorded, pushed, emailed, completed). No
   * recovery pass and no other distributor: what a queue job calls for a batch of POs.
   */
  syncDistributor(distributor: string, options?: SyncDistributorOptions): Promise<SyncTrackingResult>;
  /**
   * Settles one open PO from what is recorded, with no distributor call: pushes each package's
   * tracking once, emails the buyer once, completes the PO. Failures are in `errors` (the next
   * call takes them up).
   */
  settlePurchaseOrder(poNumber: string): Promise<SyncTrackingResult>;
  /**
   * Submits one stored PO that is not placed yet, never twice: a `submitting` PO left longer than
   * `olderThanMs` is looked up first and sent only when the distributor certainly lacks it; a
   * `draft` or `failed` one is sent again; any other state sends nothing. Throws
   * `ConfigurationError` for an unknown PO number.
   */
  submitPurchaseOrder(poNumber: string, options?: SubmitPurchaseOrderOptions): Promise<PurchaseOrderOutcome>;
  /** Cancels a PO where the distributor can; `unsupported` with a warning where it cannot. */
  cancel(poNumber: string): Promise<CancelResult & { poNumber: string; state: PurchaseOrderState }>;
  /**
   * Cancels a sales order (by id or the order itself), or units of some lines (`lines`: units to
   * cancel now, of what the order still has): units not placed are dropped and their
   * reservations released; a placed PO is cancelled at the distributor where its API can, or
   * moved to `manual_cancel` for a person; the units of a cancelled PO the buyer kept are placed
   * again on a new PO number. See `CancelSalesOrderResult` for the per-line statuses.
   */
  cancelSalesOrder(
    salesOrder: string | SalesOrder,
    lines?: { lineId: string; quantity: number }[],
  ): Promise<CancelSalesOrderResult>;
  /**
   * Records what a person got from the distributor for a PO in `manual_cancel`: `cancelled`, or
   * `not-cancelled` (it ships). A pending cancel request of the marketplace is answered then.
   */
  resolveManualCancel(poNumber: string, outcome: 'cancelled' | 'not-cancelled'): Promise<ResolveManualCancelResult>;
  /** Actual profit of a sales order from the POs placed. */
  profit(salesOrderId: string): Promise<ActualProfit>;
  /** Purchase orders of a sales order. */
  purchaseOrders(salesOrderId: string): Promise<PurchaseOrder[]>;
  /**
   * Records a distributor's invoice (for a supplier whose client does not report invoices, such
   * as an email supplier's PDF typed in) and reconciles its PO. Idempotent by distributor and
   * invoice number; a different body under the same number is a `ConcurrencyConflictError`. An
   * invoice for an unknown PO is kept with status `unknown-purchase-order`.
   */
  recordInvoice(invoice: unknown, options?: ReconcileOptions): Promise<RecordInvoiceResult>;
  /**
   * Reconciles one PO: fetches its invoices from a client that reports them
   * (`capabilities.invoices: 'list'`), records the new ones, matches all against the PO.
   */
  reconcilePurchaseOrder(poNumber: string, options?: ReconcileOptions): Promise<ReconcilePurchaseOrderResult>;
  /**
   * Reconciles a distributor's shipped POs not yet `matched` in batches, from a client that
   * reports invoices: what a nightly job runs per distributor.
   */
  reconcileDistributor(distributor: string, options?: ReconcileOptions): Promise<ReconcileDistributorResult>;
  /** Reconciliation records, for example `{ status: 'mismatch' }`: the POs a person must look at. */
  reconciliations(query?: ReconciliationQuery): Promise<ReconciliationRecord[]>;
  /**
   * Order intake from every marketplace whose adapter lists orders (or only `marketplaces`), all
   * at once: each as {@link Dropshipper.importMarketplaceOrders}. One that fails does not stop the
   * others: its `error` is in its result. Needs a store with the "intake" capability.
   *
   * @throws `ConfigurationError` when the store lacks the intake capability or a named marketplace has no order listing.
   */
  importOrders(options?: ImportOrdersOptions): Promise<ImportMarketplaceOrdersResult[]>;
  /**
   * Order intake from one marketplace: acknowledges the orders the marketplace still waits for,
   * scans the orders changed in the window `[watermark − overlapMs, now − settleMs)` page by page
   * from the cursor kept in the store (a scan in progress is resumed from its page cursor; the
   * watermark moves only when the window is read to the end), then decides the orders an earlier
   * run took in but did not decide. Each `ready` order not taken in before is saved, its stock
   * reserved, its record created, acknowledged where the marketplace requires it, and then placed
   * or held by the approval policy; an undecided one the marketplace now lists as cancelled (or
   * not ready) is held with that status, never placed. A crash at any step loses no order and
   * takes none in twice.
   *
   * @throws `ConfigurationError` when the store lacks the intake capability or the marketplace has no order listing.
   */
  importMarketplaceOrders(marketplace: string): Promise<ImportMarketplaceOrdersResult>;
  /**
   * The same per-order steps for entries a webhook delivered (or any listing the caller read):
   * no cursor moves. Entries already taken in are duplicates.
   *
   * @throws `ValidationError` for malformed entries; `ConfigurationError` as {@link Dropshipper.importMarketplaceOrders}.
   */
  importListedOrders(marketplace: string, entries: readonly ListedOrderEntry[]): Promise<ImportMarketplaceOrdersResult>;
  /** Imported-order records, for example `{ status: 'held' }`: the orders a person must look at. */
  importedOrders(query?: ImportedOrderQuery): Promise<ImportedOrderRecord[]>;
  /**
   * Stores listings (validated with `parseListings`; replaced by marketplace + listing SKU), all
   * or nothing. Needs a store with the "listings" capability (`ConfigurationError` otherwise).
   */
  putListings(listings: readonly unknown[]): Promise<void>;
  /** Removes listings by key (`<marketplace>:<listing SKU>`) with their push records. */
  deleteListings(keys: readonly string[]): Promise<void>;
  /**
   * Pushes listings' quantities and prices to every marketplace whose adapter pushes listings
   * (one pass per marketplace, one at a time per marketplace in this process): reads back updates
   * a crash left unsettled, confirms pending ones, computes every listing from the catalog and
   * the store's reservations, and sends only what differs from what the marketplace last
   * confirmed, in its batch size. `full` reads back every listing first (a reconcile). Never
   * throws for a marketplace's answer: see each run's counts and `error`.
   */
  pushListings(options?: PushListingsOptions): Promise<ListingPushRun[]>;
  /**
   * The trigger after a feed ingest or a real-time stock check: pushes the listings that sell the
   * products of these offers (already in the catalog), at every marketplace that pushes listings.
   */
  offersChanged(offers: readonly unknown[]): Promise<ListingPushRun[]>;
}
