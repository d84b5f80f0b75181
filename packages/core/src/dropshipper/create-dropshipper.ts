import { ApiError } from '../errors/api-error.js';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DropshipError } from '../errors/dropship-error.js';
import { OrderRejectedError } from '../errors/order-rejected-error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { createEventBus, type DropshipEventBus } from '../events/index.js';
import { parseInventoryRules } from '../model/inventory-rules.js';
import { type Offer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import { type PurchaseOrder, type PurchaseOrderState, terminalPurchaseOrderStates } from '../model/purchase-order.js';
import { parseSalesOrder, type SalesOrder, salesOrderId as toSalesOrderId } from '../model/sales-order.js';
import { type DistributorShipment, type Shipment, shipmentId } from '../model/shipment.js';
import { createPlanner, type Planner } from '../routing/create-planner.js';
import type { OrderPlan, PlannedPurchaseOrder } from '../routing/plan-types.js';
import { purchaseOrderNumber } from '../routing/purchase-order-number.js';
import { createRealTimeStock, type RealTimeStock } from '../routing/real-time-stock.js';
import type { NotifyShipmentResult } from '../spec/v1/buyer-notifier.js';
import type { DistributorClient, DistributorOrder, PurchaseOrderRequest } from '../spec/v1/distributor-client.js';
import type { MarketplaceAdapter, PushTrackingResult, ShipmentNotice } from '../spec/v1/marketplace-adapter.js';
import type { DropshipStore } from '../spec/v1/store.js';
import { awaitsPackageGroup, isTrackingSettled } from '../state-machine/package-groups.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type {
  ActualProfit,
  DropshipCallOptions,
  Dropshipper,
  DropshipperOptions,
  DropshipResult,
  PurchaseOrderOutcome,
  RecoverResult,
  SyncTrackingResult,
} from './dropshipper-types.js';
import { limitConcurrency } from './limit-concurrency.js';
import { mapShipmentToSalesLines } from './map-shipment-lines.js';
import * as lifecycle from './po-lifecycle.js';

/**
 * True when a package seen again may change what is recorded: only boxes of a distributor order
 * (`packageOf`, on either side) are revised, and only when what is reported differs.
 */
function mayRevise(recorded: Shipment, reported: DistributorShipment): boolean {
  if (recorded.packageOf === undefined && reported.packageOf === undefined) return false;
  return (
    JSON.stringify(recorded.packageOf ?? null) !== JSON.stringify(reported.packageOf ?? null) ||
    JSON.stringify(recorded.lines ?? null) !== JSON.stringify(reported.lines ?? null)
  );
}

/** States in which a PO still waits for shipments, pushes or notifications. */
const openStates: readonly PurchaseOrderState[] = [
  'submitted',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
  'cancel_requested',
];

/** The recorded package with shipment id `id` (a loop, not a closure per call: the sync runs it per package). */
function findShipment(shipments: readonly Shipment[], id: string): Shipment | undefined {
  for (let index = 0; index < shipments.length; index++)
    if ((shipments[index] as Shipment).id === id) return shipments[index];
  return undefined;
}

/**
 * Most POs the sync starts settling in one turn of the event loop, over every distributor at
 * once. Small turns keep the wait for a distributor's next batch short: a batch that answers
 * while POs are being settled is taken up within one turn, so the calls that set the sync's pace
 * (a PO list in many batches) go out again at once.
 */
const settleTurnSize = 16;

/** Shares turns of the event loop among the settle loops of one dropshipper (see {@link settleTurnSize}). */
interface TurnBudget {
  /**
   * POs started since a settle loop last waited for the next turn (it is not reset by turns in
   * which nobody waited, so a loop may yield a little early: never late).
   */
  used: number;
  /** The end of this turn, once a loop waits for it. */
  next: Promise<void> | undefined;
}

/** Waits until `budget` allows one more PO in this turn of the event loop, and takes it. */
async function takeTurn(budget: TurnBudget): Promise<void> {
  while (budget.used >= settleTurnSize) {
    budget.next ??= yieldToEventLoop().then(() => {
      budget.used = 0;
      budget.next = undefined;
    });
    await budget.next;
  }
  budget.used++;
}

/** Lets the event loop run due timers and I/O before going on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** One distributor's open POs, as `syncTracking` sorts them. */
interface DistributorSyncGroup {
  readonly distributor: string;
  /** Open POs still waiting for packages: the ones to ask the distributor about. */
  readonly waiting: PurchaseOrder[];
  /** Open POs with recorded shipments (they may still need a push, an email or completion). */
  readonly withShipments: PurchaseOrder[];
  /** The oldest `createdAt` of `waiting` (ISO instants sort as text), when any is waiting. */
  oldestWaiting: string | undefined;
  /** `waiting` by PO number, for a distributor that answers one date range for all of them. */
  readonly waitingByNumber: Map<string, PurchaseOrder> | undefined;
}

/** Hands a distributor's answer for the POs `asked` (indexed by number when the caller has that at hand) to be settled. */
type ReceiveAnswer = (
  orders: readonly DistributorOrder[],
  asked: readonly PurchaseOrder[],
  askedByNumber?: ReadonlyMap<string, PurchaseOrder>,
) => Promise<void>;

/** One PO for `syncTracking` to settle, with the distributor's answer for it if there was one. */
interface SettleItem {
  readonly purchaseOrder: PurchaseOrder;
  readonly remote: DistributorOrder | undefined;
}

/** Most new PO numbers tried for one order and distributor after rejections or cancellations. */
const maxAttempts = 9;

/** States whose PO does not cover its lines any more (they may be planned again). */
const releasedStates: ReadonlySet<PurchaseOrderState> = new Set(['rejected', 'cancelled']);

/** Errors after which the distributor certainly did not place the order. */
function certainlyNotPlaced(error: unknown): boolean {
  if (!DropshipError.isInstance(error)) return false;
  if (ApiError.isInstance(error)) return !error.isRetryable;
  return true;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const hasMethods = (value: unknown, ...methods: string[]): boolean =>
  isObject(value) && methods.every((method) => typeof value[method] === 'function');

/**
 * Checks the shape of `createDropshipper`'s options before anything reads them, listing every
 * problem with its path (rules are parsed separately, with their own paths).
 */
function validateOptions(options: DropshipperOptions): void {
  if (!isObject(options))
    throw new ValidationError('dropshipper options', [{ path: '', message: 'must be an object' }]);
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(options.distributors)) {
    issues.push({ path: 'distributors', message: 'must be an array of distributor clients' });
  } else {
    options.distributors.forEach((client: unknown, index) => {
      if (
        !hasMethods(client, 'checkStock', 'submitOrder', 'findOrder', 'listShipments', 'cancelOrder') ||
        typeof (client as DistributorClient).distributor !== 'string' ||
        !isObject((client as DistributorClient).capabilities)
      ) {
        issues.push({
          path: `distributors.${index}`,
          message:
            'must be a DistributorClient (spec v1: distributor, capabilities, checkStock, submitOrder, findOrder, listShipments, cancelOrder)',
        });
      }
    });
  }
  if (options.marketplaces !== undefined) {
    if (!Array.isArray(options.marketplaces))
      issues.push({ path: 'marketplaces', message: 'must be an array of marketplace adapters' });
    else
      options.marketplaces.forEach((adapter: unknown, index) => {
        if (!hasMethods(adapter, 'pushTracking') || typeof (adapter as MarketplaceAdapter).marketplace !== 'string') {
          issues.push({
            path: `marketplaces.${index}`,
            message: 'must be a MarketplaceAdapter (spec v1: marketplace, notifiesBuyer, pushTracking)',
          });
        }
      });
  }
  if (options.notifier !== undefined && !hasMethods(options.notifier, 'notifyShipment'))
    issues.push({ path: 'notifier', message: 'must be a BuyerNotifier (notifyShipment)' });
  if (
    options.store !== undefined &&
    !hasMethods(
      options.store,
      'createPurchaseOrder',
      'updatePurchaseOrder',
      'getPurchaseOrder',
      'findPurchaseOrders',
      'saveSalesOrder',
      'getSalesOrder',
      'getIdempotencyRecord',
      'putIdempotencyRecord',
    )
  ) {
    issues.push({ path: 'store', message: 'must be a DropshipStore (spec v1), for example createMemoryStore()' });
  }
  if (!hasMethods(options.catalog, 'findOffers'))
    issues.push({
      path: 'catalog',
      message: 'must be a Catalog (spec v1: findOffers), for example createMemoryCatalog()',
    });
  if (options.approval !== undefined) {
    const approval = options.approval as unknown;
    if (!isObject(approval) || (approval.mode !== 'manual' && approval.mode !== 'auto'))
      issues.push({
        path: 'approval',
        message: "must be { mode: 'manual' } or { mode: 'auto', minimumProfit?, allowIncomplete? }",
      });
    else if (approval.minimumProfit !== undefined && !Number.isSafeInteger(approval.minimumProfit))
      issues.push({ path: 'approval.minimumProfit', message: 'must be a whole number of minor units' });
  }
  if (options.notifyBuyer !== undefined && !['auto', 'always', 'never'].includes(options.notifyBuyer as string))
    issues.push({ path: 'notifyBuyer', message: "must be 'auto', 'always' or 'never'" });
  const positiveWhole = (path: keyof DropshipperOptions, minimum: number) => {
    const value = options[path];
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < minimum))
      issues.push({ path, message: `must be a whole number, at least ${minimum}` });
  };
  positiveWhole('concurrencyPerDistributor', 1);
  positiveWhole('trackingLookbackDays', 0);
  positiveWhole('submitLeaseMs', 0);
  positiveWhole('packageGroupSettleMs', 0);
  if (options.now !== undefined && typeof options.now !== 'function')
    issues.push({ path: 'now', message: 'must be a function returning a Date' });
  if (issues.length > 0) throw new ValidationError('dropshipper options', issues);
}

/** The dropshipper with everything wired in. */
export interface DropshipperInstance extends Dropshipper {
  /** Typed events for every step (logging, webhooks). Payloads never carry credentials. */
  readonly events: DropshipEventBus;
  /** The store in use. */
  readonly store: DropshipStore;
}

/**
 * Wires distributors, marketplaces, a notifier, a store, a catalog and rules into the whole
 * drop-ship loop: plan (with real-time stock), place POs idempotently, recover after a crash,
 * sync tracking, push it to the marketplace once, notify the buyer once.
 *
 * @param options - see {@link DropshipperOptions}.
 * @throws {@link ValidationError} listing every malformed option with its path.
 * @throws {@link ConfigurationError} when two clients share a distributor id or two adapters a marketplace id.
 */
export function createDropshipper(options: DropshipperOptions): DropshipperInstance {
  validateOptions(options);

  const distributors = new Map<string, DistributorClient>();
  for (const client of options.distributors) {
    if (distributors.has(client.distributor))
      throw new ConfigurationError(`createDropshipper: two clients for distributor "${client.distributor}"`);
    distributors.set(client.distributor, client);
  }
  const marketplaces = new Map<string, MarketplaceAdapter>();
  for (const adapter of options.marketplaces ?? []) {
    if (marketplaces.has(adapter.marketplace))
      throw new ConfigurationError(`createDropshipper: two adapters for marketplace "${adapter.marketplace}"`);
    marketplaces.set(adapter.marketplace, adapter);
  }
  const rules = parseInventoryRules(options.rules ?? {});
  const planner: Planner = createPlanner({ rules });
  const store = options.store ?? createMemoryStore();
  const catalog = options.catalog;
  const notifier = options.notifier;
  const approval = options.approval ?? { mode: 'manual' };
  const notifyBuyer = options.notifyBuyer ?? 'auto';
  const concurrency = options.concurrencyPerDistributor ?? 8;
  const lookbackDays = options.trackingLookbackDays ?? 1;
  const submitLeaseMs = options.submitLeaseMs ?? 120_000;
  const packageGroupSettleMs = options.packageGroupSettleMs ?? 86_400_000;
  const now = options.now ?? (() => new Date());
  const events = createEventBus();
  /** Emits without letting a throwing listener break a step whose state is already saved. */
  const emit: DropshipEventBus['emit'] = (name, ...payload) => {
    try {
      return events.emit(name, ...payload);
    } catch {
      return true;
    }
  };
  const limiters = new Map<string, ReturnType<typeof limitConcurrency>>();
  const limiterFor = (distributor: string) => {
    let limiter = limiters.get(distributor);
    if (limiter === undefined) {
      limiter = limitConcurrency(concurrency);
      limiters.set(distributor, limiter);
    }
    return limiter;
  };

  let recovered: Promise<RecoverResult> | undefined;
  /** Recovery before the first `dropship` of this instance (later ones rely on `syncTracking`). */
  const ensureRecovered = (): Promise<RecoverResult> => {
    recovered ??= recover().catch((error: unknown) => {
      recovered = undefined;
      throw error;
    });
    return recovered;
  };

  /** Saves a transitioned PO, emitting the state change. */
  async function save(next: PurchaseOrder, previous: PurchaseOrder): Promise<PurchaseOrder> {
    if (next === previous || next.version === previous.version) return previous;
    const stored = await store.updatePurchaseOrder(next, previous.version);
    if (next.state !== previous.state) {
      emit('purchase-order-state-changed', {
        poNumber: next.poNumber,
        distributor: next.distributor,
        from: previous.state,
        to: next.state,
        version: next.version,
      });
    }
    return stored;
  }

  async function offersFor(order: SalesOrder): Promise<Map<string, Offer[]>> {
    const offers = new Map<string, Offer[]>();
    await Promise.all(
      order.lines.map(async (line) => {
        offers.set(
          line.lineId,
          await catalog.findOffers({ sku: line.sku, ...(line.product ? { product: line.product } : {}) }),
        );
      }),
    );
    return offers;
  }

  async function checkRealTimeStock(order: SalesOrder, offers: Map<string, Offer[]>): Promise<RealTimeStock> {
    const skusByDistributor = new Map<string, Set<string>>();
    for (const lineOffers of offers.values()) {
      for (const offer of lineOffers) {
        if (offer.distributor === SHELF_DISTRIBUTOR || !distributors.has(offer.distributor)) continue;
        let skus = skusByDistributor.get(offer.distributor);
        if (skus === undefined) {
          skus = new Set();
          skusByDistributor.set(offer.distributor, skus);
        }
        skus.add(offer.sku);
      }
    }
    const realTime = createRealTimeStock();
    await Promise.all(
      [...skusByDistributor].map(async ([distributor, skus]) => {
        const client = distributors.get(distributor) as DistributorClient;
        try {
          const levels = await client.checkStock([...skus]);
          for (const level of levels) realTime.set(distributor, level);
        } catch (error) {
          const message = `${distributor}: real-time stock check failed (${describe(error)}); using catalog stock`;
          emit('stock-check-failed', { distributor, salesOrderId: toSalesOrderId(order), message });
          emit('warning', { warning: { type: 'stock-fallback', distributor, message } });
        }
      }),
    );
    return realTime;
  }

  async function plan(input: unknown): Promise<OrderPlan> {
    const order = parseSalesOrder(input);
    const offers = await offersFor(order);
    const realTimeStock = await checkRealTimeStock(order, offers);
    const result = planner.plan(order, { offers, realTimeStock, now: now() });
    emit('order-planned', {
      salesOrderId: result.salesOrderId,
      complete: result.complete,
      purchaseOrders: result.purchaseOrders.length,
      unplaced: result.unplaced.length,
    });
    return result;
  }

  function holdReasonsFor(result: OrderPlan): string[] {
    if (approval.mode === 'manual') return ['approval required: confirm the plan with dropship(order, { plan })'];
    const reasons: string[] = [];
    if (!result.complete && approval.allowIncomplete !== true) {
      reasons.push(`incomplete plan: ${result.unplaced.length} line(s) cannot be placed`);
    }
    const minimum = approval.minimumProfit ?? rules.minimumProfit ?? 0;
    if (result.profit.profit < minimum) {
      reasons.push(`estimated profit ${result.profit.profit} is below the minimum ${minimum} (minor units)`);
    }
    return reasons;
  }

  /** Quantities per sales line already covered by live POs of the order. */
  function coveredQuantities(existing: readonly PurchaseOrder[]): Map<string, number> {
    const covered = new Map<string, number>();
    for (const purchaseOrder of existing) {
      if (releasedStates.has(purchaseOrder.state)) continue;
      for (const line of purchaseOrder.lines)
        covered.set(line.salesLineId, (covered.get(line.salesLineId) ?? 0) + line.quantity);
    }
    return covered;
  }

  function toRequest(purchaseOrder: PurchaseOrder): PurchaseOrderRequest {
    return {
      poNumber: purchaseOrder.poNumber,
      shipTo: purchaseOrder.shipTo,
      currency: purchaseOrder.currency,
      lines: purchaseOrder.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitCost: line.unitCost })),
    };
  }

  /** Submits a PO already saved as `submitting`, settling it in the store. */
  async function submitSaved(purchaseOrder: PurchaseOrder, client: DistributorClient): Promise<PurchaseOrderOutcome> {
    const base = { poNumber: purchaseOrder.poNumber, distributor: purchaseOrder.distributor };
    let settled: PurchaseOrder;
    let outcome: PurchaseOrderOutcome['outcome'];
    let errorMessage: string | undefined;
    try {
      const result = await client.submitOrder(toRequest(purchaseOrder));
      settled = lifecycle.markSubmitted(purchaseOrder, result, now());
      outcome = result.alreadyExisted ? 'already-placed' : 'submitted';
      for (const warning of result.warnings) emit('warning', { warning, poNumber: purchaseOrder.poNumber });
    } catch (error) {
      errorMessage = describe(error);
      if (OrderRejectedError.isInstance(error)) {
        settled = lifecycle.markRejected(purchaseOrder, errorMessage, now());
        outcome = 'rejected';
      } else if (certainlyNotPlaced(error)) {
        settled = lifecycle.markFailed(purchaseOrder, errorMessage, now());
        outcome = 'failed';
      } else {
        // The distributor may have placed it (lost answer, 5xx after acting): look it up.
        let found: DistributorOrder | null | undefined;
        try {
          found = await client.findOrder(purchaseOrder.poNumber);
        } catch {
          found = undefined;
        }
        if (found) {
          settled = lifecycle.markSubmitted(
            purchaseOrder,
            { distributorOrderRefs: found.distributorOrderRefs, status: 'submitted' },
            now(),
          );
          outcome = 'submitted';
          errorMessage = undefined;
        } else if (found === null) {
          settled = lifecycle.markFailed(purchaseOrder, errorMessage, now());
          outcome = 'failed';
        } else {
          emit('purchase-order-failed', {
            poNumber: purchaseOrder.poNumber,
            distributor: purchaseOrder.distributor,
            error: errorMessage,
            settled: false,
          });
          return { ...base, outcome: 'unknown', state: purchaseOrder.state, error: errorMessage };
        }
      }
    }
    const stored = await save(settled, purchaseOrder);
    if (outcome === 'submitted' || outcome === 'already-placed') {
      emit('purchase-order-submitted', {
        poNumber: stored.poNumber,
        distributor: stored.distributor,
        salesOrderId: stored.salesOrderId,
        distributorOrderRefs: stored.distributorOrderRefs,
        alreadyExisted: outcome === 'already-placed',
      });
    } else if (outcome === 'rejected') {
      emit('purchase-order-rejected', {
        poNumber: stored.poNumber,
        distributor: stored.distributor,
        error: errorMessage ?? '',
      });
    } else {
      emit('purchase-order-failed', {
        poNumber: stored.poNumber,
        distributor: stored.distributor,
        error: errorMessage ?? '',
        settled: true,
      });
    }
    return { ...base, outcome, state: stored.state, ...(errorMessage === undefined ? {} : { error: errorMessage }) };
  }

  /**
   * Places the lines of a planned PO that no live PO of the order covers yet. PO numbers are
   * deterministic per (order, distributor, attempt), so the planned number may already be taken:
   * - by a rejected or cancelled PO: its lines are free again, the next attempt's number is tried;
   * - by a live PO that holds lines of this plan: they were placed by an earlier call or by
   *   another worker right now (`already-placed`; a failed one is retried with the order's other
   *   failed POs);
   * - by a live PO made from an earlier plan with other lines (a line that could not be placed
   *   then, or went to another distributor): a submitted PO cannot take more lines, so the lines
   *   it does not hold get a PO of their own under the next attempt's number.
   */
  async function placePlanned(
    order: SalesOrder,
    plannedInput: PlannedPurchaseOrder,
    covered: Map<string, number>,
  ): Promise<PurchaseOrderOutcome[]> {
    let planned = plannedInput;
    const client = distributors.get(planned.distributor);
    let lines = planned.lines.filter((line) => (covered.get(line.salesLineId) ?? 0) < line.quantity);
    if (lines.length === 0) return [];
    if (client === undefined) {
      return [
        {
          poNumber: planned.poNumber,
          distributor: planned.distributor,
          outcome: 'failed',
          state: 'draft',
          error: `no client configured for distributor "${planned.distributor}"`,
        },
      ];
    }
    const outcomes: PurchaseOrderOutcome[] = [];
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        if (attempt > maxAttempts) {
          outcomes.push({
            poNumber: planned.poNumber,
            distributor: planned.distributor,
            outcome: 'failed',
            state: 'draft',
            error: `gave up after ${maxAttempts} PO numbers taken by rejected, cancelled or other POs of this order`,
          });
          return outcomes;
        }
        planned = { ...planned, poNumber: purchaseOrderNumber(planned.salesOrderId, planned.distributor, { attempt }) };
      }
      const existing = await store.getPurchaseOrder(planned.poNumber);
      if (existing === null) break;
      if (releasedStates.has(existing.state)) continue;
      const held = new Set(existing.lines.map((line) => line.salesLineId));
      if (!lines.some((line) => held.has(line.salesLineId))) continue;
      if (existing.state !== 'failed') {
        outcomes.push({
          poNumber: existing.poNumber,
          distributor: existing.distributor,
          outcome: existing.state === 'submitting' ? 'unknown' : 'already-placed',
          state: existing.state,
        });
      }
      lines = lines.filter((line) => !held.has(line.salesLineId));
      if (lines.length === 0) return outcomes;
    }
    const draft = lifecycle.createDraft(order, { ...planned, lines }, now());
    const submitting = lifecycle.markSubmitting(draft, now());
    let stored: PurchaseOrder;
    try {
      stored = await store.createPurchaseOrder(submitting);
    } catch (error) {
      if (ConcurrencyConflictError.isInstance(error)) {
        // Another worker created it first: it owns the submission.
        const other = await store.getPurchaseOrder(planned.poNumber);
        outcomes.push({
          poNumber: planned.poNumber,
          distributor: planned.distributor,
          outcome: 'already-placed',
          state: other?.state ?? 'submitting',
        });
        return outcomes;
      }
      throw error;
    }
    emit('purchase-order-created', {
      poNumber: stored.poNumber,
      distributor: stored.distributor,
      salesOrderId: stored.salesOrderId,
    });
    const rival = await earlierRival(stored, order);
    if (rival !== undefined) {
      outcomes.push(await yieldTo(stored, rival));
      return outcomes;
    }
    outcomes.push(await submitSaved(stored, client));
    return outcomes;
  }

  /**
   * An earlier live PO of the same order (earlier `createdAt`, then the smaller PO number) whose
   * lines, with those of the other earlier live POs, leave no room for `purchaseOrder`'s: two
   * workers placed the order at once and routed it to different distributors (their stock checks
   * saw different stock), so the PO numbers differ and the store's unique number could not stop
   * the second. Every worker checks after saving its PO as `submitting` and before calling the
   * distributor; the earlier POs keep the lines, the later one is never sent. A line split over
   * POs on purpose (`allowLineSplit`) fits within the ordered quantity and is not a conflict.
   * (Instants come from each worker's clock: workers whose clocks disagree by more than the time
   * between two placements can still both send.) `known` is the sales order when the caller
   * holds it already; otherwise it is read from the store.
   */
  async function earlierRival(purchaseOrder: PurchaseOrder, known?: SalesOrder): Promise<PurchaseOrder | undefined> {
    const siblings = await store.findPurchaseOrders({ salesOrderId: purchaseOrder.salesOrderId });
    const earlier = siblings.filter(
      (other) =>
        other.poNumber !== purchaseOrder.poNumber &&
        !releasedStates.has(other.state) &&
        (other.createdAt < purchaseOrder.createdAt ||
          (other.createdAt === purchaseOrder.createdAt && other.poNumber < purchaseOrder.poNumber)),
    );
    if (earlier.length === 0) return undefined;
    const order = known ?? (await store.getSalesOrder(purchaseOrder.salesOrderId));
    for (const line of purchaseOrder.lines) {
      const ordered = order?.lines.find((candidate) => candidate.lineId === line.salesLineId)?.quantity ?? 0;
      let taken = 0;
      let holder: PurchaseOrder | undefined;
      for (const other of earlier) {
        for (const held of other.lines) {
          if (held.salesLineId !== line.salesLineId) continue;
          taken += held.quantity;
          holder ??= other;
        }
      }
      if (holder !== undefined && taken + line.quantity > ordered) return holder;
    }
    return undefined;
  }

  /** Releases a PO that was never sent because `rival` holds its lines (see {@link earlierRival}). */
  async function yieldTo(purchaseOrder: PurchaseOrder, rival: PurchaseOrder): Promise<PurchaseOrderOutcome> {
    const reason = `not sent: ${rival.poNumber} (${rival.distributor}) of the same order, placed at the same time, holds its lines`;
    await save(lifecycle.markRejected(purchaseOrder, reason, now()), purchaseOrder);
    return {
      poNumber: rival.poNumber,
      distributor: rival.distributor,
      outcome: rival.state === 'submitting' ? 'unknown' : 'already-placed',
      state: rival.state,
    };
  }

  async function dropship(input: unknown, callOptions: DropshipCallOptions = {}): Promise<DropshipResult> {
    await ensureRecovered();
    const order = parseSalesOrder(input);
    const id = toSalesOrderId(order);
    const result = callOptions.plan ?? (await plan(order));
    if (result.salesOrderId !== id) {
      throw new ConfigurationError(`dropship: the plan is for ${result.salesOrderId}, not ${id}`);
    }
    await store.saveSalesOrder(order);
    const existing = await store.findPurchaseOrders({ salesOrderId: id });
    const covered = coveredQuantities(existing);
    const pending = result.purchaseOrders.filter((planned) =>
      planned.lines.some((line) => (covered.get(line.salesLineId) ?? 0) < line.quantity),
    );
    // Failed POs are retried as they are (placePlanned never submits a PO that exists).
    const retryable = existing.filter((purchaseOrder) => purchaseOrder.state === 'failed');

    if (callOptions.plan === undefined && pending.length > 0) {
      const holdReasons = holdReasonsFor(result);
      if (holdReasons.length > 0) {
        emit('order-held', { salesOrderId: id, reasons: holdReasons });
        return {
          salesOrderId: id,
          status: 'held',
          plan: result,
          purchaseOrders: [],
          unplaced: result.unplaced,
          holdReasons,
        };
      }
    }

    const outcomes = await Promise.all([
      ...pending.map((planned) =>
        placePlanned(order, planned, covered).catch((error: unknown) => [
          failedOutcome(planned.poNumber, planned.distributor, error),
        ]),
      ),
      ...retryable.map(async (purchaseOrder) => {
        const client = distributors.get(purchaseOrder.distributor);
        if (client === undefined) return undefined;
        const retrying = await save(lifecycle.markSubmitting(purchaseOrder, now()), purchaseOrder);
        return submitSaved(retrying, client).catch((error: unknown) =>
          failedOutcome(purchaseOrder.poNumber, purchaseOrder.distributor, error),
        );
      }),
    ]);
    const purchaseOrders = outcomes.flat().filter((outcome): outcome is PurchaseOrderOutcome => outcome !== undefined);
    const placed = purchaseOrders.filter(
      (outcome) => outcome.outcome === 'submitted' || outcome.outcome === 'already-placed',
    ).length;
    const status: DropshipResult['status'] =
      purchaseOrders.length === 0
        ? 'nothing-to-place'
        : placed === purchaseOrders.length
          ? 'placed'
          : placed === 0
            ? 'failed'
            : 'partially-placed';
    return { salesOrderId: id, status, plan: result, purchaseOrders, unplaced: result.unplaced, holdReasons: [] };
  }

  function failedOutcome(poNumber: string, distributor: string, error: unknown): PurchaseOrderOutcome {
    return {
      poNumber,
      distributor,
      outcome: ConcurrencyConflictError.isInstance(error) ? 'already-placed' : 'unknown',
      state: 'submitting',
      error: describe(error),
    };
  }

  async function recover(recoverOptions: { olderThanMs?: number } = {}): Promise<RecoverResult> {
    const result: RecoverResult = { examined: 0, found: 0, resubmitted: 0, unresolved: 0, failed: 0, skipped: 0 };
    const olderThanMs = recoverOptions.olderThanMs ?? submitLeaseMs;
    const cutoff = now().getTime() - olderThanMs;
    const stuck = await store.findPurchaseOrders({ state: 'submitting' });
    result.examined = stuck.length;
    await Promise.all(
      stuck.map((stale) =>
        limiterFor(stale.distributor)(async () => {
          let purchaseOrder = stale;
          const client = distributors.get(purchaseOrder.distributor);
          // Younger than the lease: another worker may be submitting it right now.
          if (client === undefined || Date.parse(purchaseOrder.updatedAt) > cutoff) {
            result.skipped++;
            return;
          }
          // Claim it: a new submit attempt bumps the version and restarts the lease, and the
          // optimistic write lets exactly one worker win. A claimer that dies leaves a PO whose
          // lease runs out again, so another worker takes it over later.
          try {
            purchaseOrder = await save(lifecycle.markSubmitting(purchaseOrder, now()), purchaseOrder);
          } catch (error) {
            if (!ConcurrencyConflictError.isInstance(error)) throw error;
            result.skipped++;
            return;
          }
          try {
            const found = await client.findOrder(purchaseOrder.poNumber);
            if (found) {
              const next = lifecycle.markSubmitted(
                purchaseOrder,
                { distributorOrderRefs: found.distributorOrderRefs, status: 'submitted' },
                now(),
              );
              await save(next, purchaseOrder);
              emit('purchase-order-submitted', {
                poNumber: next.poNumber,
                distributor: next.distributor,
                salesOrderId: next.salesOrderId,
                distributorOrderRefs: next.distributorOrderRefs,
                alreadyExisted: true,
              });
              result.found++;
              return;
            }
          } catch {
            result.unresolved++;
            return;
          }
          // The distributor does not have it: before sending it, the same check as a first
          // placement (a worker may have died between saving the PO and that check).
          const rival = await earlierRival(purchaseOrder);
          if (rival !== undefined) {
            await yieldTo(purchaseOrder, rival);
            result.failed++;
            return;
          }
          const outcome = await submitSaved(purchaseOrder, client).catch((error: unknown) =>
            failedOutcome(purchaseOrder.poNumber, purchaseOrder.distributor, error),
          );
          if (outcome.outcome === 'submitted' || outcome.outcome === 'already-placed') result.resubmitted++;
          else if (outcome.outcome === 'unknown') result.unresolved++;
          else result.failed++;
        }),
      ),
    );
    return result;
  }

  /**
   * Asks a distributor for the orders of `purchaseOrders`, batched as its API allows, and hands
   * each answer to `receive` as soon as it arrives (so the POs of one batch are settled while the
   * next batches are still in flight). Waits for every batch, then throws the first failure.
   */
  async function pullOrders(
    group: DistributorSyncGroup,
    counters: SyncTrackingResult,
    receive: ReceiveAnswer,
  ): Promise<void> {
    const { distributor, waiting: purchaseOrders } = group;
    const client = distributors.get(distributor);
    if (client === undefined) return;
    const limit = limiterFor(distributor);
    const { batchTracking, maxTrackingBatch } = client.capabilities;
    let calls: Promise<void>[];
    if (batchTracking === 'date-range') {
      const oldest = group.oldestWaiting ?? now().toISOString();
      const from = new Date(Date.parse(oldest) - lookbackDays * 86_400_000).toISOString().slice(0, 10);
      const to = now().toISOString().slice(0, 10);
      counters.distributorCalls++;
      calls = [
        limit(() => client.listShipments({ from, to })).then((orders) =>
          receive(orders, purchaseOrders, group.waitingByNumber),
        ),
      ];
    } else if (batchTracking === 'po-list') {
      const size = Math.max(1, maxTrackingBatch);
      calls = [];
      for (let index = 0; index < purchaseOrders.length; index += size) {
        const asked = purchaseOrders.slice(index, index + size);
        const poNumbers = asked.map((purchaseOrder) => purchaseOrder.poNumber);
        counters.distributorCalls++;
        calls.push(limit(() => client.listShipments({ poNumbers })).then((orders) => receive(orders, asked)));
      }
    } else {
      counters.distributorCalls += purchaseOrders.length;
      calls = purchaseOrders.map((purchaseOrder) =>
        limit(() => client.findOrder(purchaseOrder.poNumber)).then((order) =>
          receive(order === null ? [] : [order], [purchaseOrder]),
        ),
      );
    }
    // Every batch settles before the sync moves on, even when another one failed.
    const results = await Promise.allSettled(calls);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }

  function toNotice(purchaseOrder: PurchaseOrder, shipment: Shipment): ShipmentNotice {
    return {
      id: shipment.id,
      carrier: shipment.carrier,
      ...(shipment.carrierName === undefined ? {} : { carrierName: shipment.carrierName }),
      trackingNumber: shipment.trackingNumber,
      ...(shipment.trackingUrl === undefined ? {} : { trackingUrl: shipment.trackingUrl }),
      shippedAt: shipment.shippedAt,
      lines: mapShipmentToSalesLines(purchaseOrder, shipment),
    };
  }

  function sdkNotifies(marketplace: MarketplaceAdapter | undefined): boolean {
    if (notifier === undefined || notifyBuyer === 'never') return false;
    if (notifyBuyer === 'always') return true;
    return marketplace?.notifiesBuyer !== true;
  }

  /**
   * Records new shipments, pushes, notifies and completes one PO. What the PO learns is saved
   * before every call to a marketplace or notifier, and at the end: marks that follow each other
   * with no call between them (tracking pushed, then completed) share one write. A process that
   * dies between a call and the next write loses no fact: the idempotency record written right
   * after the call tells the next sync that the call was made.
   */
  async function settlePurchaseOrder(
    start: PurchaseOrder,
    remote: DistributorOrder | undefined,
    counters: SyncTrackingResult,
  ): Promise<void> {
    try {
      // Everything one answer reports is recorded in one write: a process that dies between two
      // writes must not leave some boxes of a distributor order recorded as the whole of it (a
      // complete group spreads its units over the boxes recorded, and a PO that looks fully shipped
      // is not asked about again).
      let recorded = start;
      const received: { id: string; reported: DistributorShipment }[] = [];
      for (const reported of remote?.shipments ?? []) {
        const id = shipmentId(recorded.poNumber, reported.trackingNumber);
        const known = findShipment(recorded.shipments, id);
        // A box of a distributor order seen again may bring news (the order is complete now, its
        // contents changed); transition revises it while none of its group was pushed.
        if (known !== undefined && !mayRevise(known, reported)) continue;
        recorded = lifecycle.recordShipment(recorded, reported, now());
        if (known === undefined) received.push({ id, reported });
      }
      let stored = recorded === start ? start : await save(recorded, start);
      for (const { id, reported } of received) {
        counters.shipmentsRecorded++;
        emit('shipment-received', {
          poNumber: stored.poNumber,
          distributor: stored.distributor,
          shipmentId: id,
          carrier: reported.carrier,
          trackingNumber: reported.trackingNumber,
        });
        const added = findShipment(stored.shipments, id);
        if (added?.trackingPushSkipped !== undefined) emitPushSkipped(stored, added);
      }
      if (stored.shipments.some(awaitsPackageGroup)) stored = await settleOverduePackageGroups(stored);
      if (stored.shipments.length === 0) return;
      const order = await store.getSalesOrder(stored.salesOrderId);
      if (order === null) {
        counters.errors.push({
          poNumber: stored.poNumber,
          step: 'push',
          message: `sales order ${stored.salesOrderId} is not in the store`,
        });
        return;
      }
      const marketplace = marketplaces.get(order.marketplace);
      const weNotify = sdkNotifies(marketplace);
      /**
       * The PO with every mark so far; `stored` until a mark is made. The marks made since the
       * last write are written (`stored = current = await save(current, stored)`) before a call
       * and at the end.
       */
      let current = stored;
      for (const shipment of stored.shipments) {
        // A box of a distributor order not reported complete covers no unit yet: it waits for the
        // rest of its order (or for packageGroupSettleMs) before it is pushed or emailed.
        if (awaitsPackageGroup(shipment)) continue;
        const settled = isTrackingSettled(shipment);
        const notify = weNotify && notifier !== undefined && shipment.buyerNotifiedAt === undefined;
        // Pushed (or skipped) and notified: nothing left for this package.
        if (settled && !notify) continue;
        const notice = toNotice(current, shipment);
        if (!settled && notice.lines.length === 0) {
          // It covers no unit of the PO (more boxes than units): there is no marketplace line to
          // put it on. Settled without a call; the buyer still hears about it below.
          current = lifecycle.markTrackingPushSkipped(current, shipment.id, now());
          const skipped = findShipment(current.shipments, shipment.id);
          if (skipped !== undefined) emitPushSkipped(current, skipped);
        } else if (!settled) {
          if (marketplace === undefined) {
            counters.errors.push({
              poNumber: current.poNumber,
              step: 'push',
              message: `no adapter for marketplace "${order.marketplace}"`,
            });
            if (current !== stored) stored = current = await save(current, stored);
            return;
          }
          const key = `tracking:${order.marketplace}:${order.marketplaceOrderId}:${shipment.trackingNumber}`;
          // What the PO learnt so far is written before the marketplace is called.
          if (current !== stored) stored = current = await save(current, stored);
          try {
            const already = await store.getIdempotencyRecord(key);
            const pushed: PushTrackingResult = already
              ? { status: 'already-pushed', reference: already.result }
              : await marketplace.pushTracking({ order, shipment: notice });
            await store.putIdempotencyRecord({
              key,
              at: now().toISOString(),
              ...(pushed.reference === undefined ? {} : { result: pushed.reference }),
            });
            current = lifecycle.markTrackingPushed(current, shipment.id, now());
            if (pushed.status === 'pushed') counters.trackingPushed++;
            emit('tracking-pushed', {
              poNumber: current.poNumber,
              marketplace: order.marketplace,
              marketplaceOrderId: order.marketplaceOrderId,
              shipmentId: shipment.id,
              trackingNumber: shipment.trackingNumber,
              alreadyPushed: pushed.status === 'already-pushed',
            });
          } catch (error) {
            counters.errors.push({ poNumber: current.poNumber, step: 'push', message: describe(error) });
            if (current !== stored) stored = current = await save(current, stored);
            return;
          }
        }
        if (notify && notifier !== undefined) {
          const key = `buyer-notified:${shipment.id}`;
          // What the PO learnt so far is written before the buyer is emailed.
          if (current !== stored) stored = current = await save(current, stored);
          try {
            const already = await store.getIdempotencyRecord(key);
            const sent: Pick<NotifyShipmentResult, 'status'> = already
              ? { status: 'already-sent' }
              : await notifier.notifyShipment({ order, shipment: notice });
            await store.putIdempotencyRecord({ key, at: now().toISOString(), result: sent.status });
            current = lifecycle.markBuyerNotified(current, shipment.id, now());
            if (sent.status === 'sent') counters.buyersNotified++;
            emit('buyer-notified', {
              poNumber: current.poNumber,
              salesOrderId: current.salesOrderId,
              shipmentId: shipment.id,
              status: sent.status,
            });
          } catch (error) {
            counters.errors.push({ poNumber: current.poNumber, step: 'notify', message: describe(error) });
            if (current !== stored) stored = current = await save(current, stored);
            return;
          }
        }
      }
      const completes = lifecycle.canComplete(current, weNotify);
      if (completes) current = lifecycle.markCompleted(current, weNotify, now());
      if (current !== stored) stored = current = await save(current, stored);
      if (completes) counters.completed++;
    } catch (error) {
      // A failed write (a conflict with another worker, a store error): the next sync takes it up.
      counters.errors.push({ poNumber: start.poNumber, step: 'save', message: describe(error) });
    }
  }

  function emitPushSkipped(purchaseOrder: PurchaseOrder, shipment: Shipment): void {
    emit('tracking-push-skipped', {
      poNumber: purchaseOrder.poNumber,
      salesOrderId: purchaseOrder.salesOrderId,
      shipmentId: shipment.id,
      trackingNumber: shipment.trackingNumber,
      reason: shipment.trackingPushSkipped ?? 'no-units',
    });
  }

  /**
   * Takes every distributor order whose first box was recorded `packageGroupSettleMs` ago or more,
   * and is still not reported complete, as complete with the boxes seen so far.
   */
  async function settleOverduePackageGroups(start: PurchaseOrder): Promise<PurchaseOrder> {
    if (!start.shipments.some(awaitsPackageGroup)) return start;
    const firstRecorded = new Map<string, number>();
    for (const shipment of start.shipments) {
      if (!awaitsPackageGroup(shipment) || shipment.packageOf === undefined) continue;
      const recordedAt = Date.parse(shipment.recordedAt ?? shipment.shippedAt);
      const earliest = firstRecorded.get(shipment.packageOf.ref);
      if (earliest === undefined || recordedAt < earliest) firstRecorded.set(shipment.packageOf.ref, recordedAt);
    }
    let current = start;
    for (const [ref, recordedAt] of firstRecorded) {
      if (now().getTime() - recordedAt < packageGroupSettleMs) continue;
      const previous = current;
      current = await save(
        lifecycle.settlePackageGroup(
          current,
          ref,
          `not reported complete within ${packageGroupSettleMs} ms of its first box`,
          now(),
        ),
        previous,
      );
      emit('package-group-settled', {
        poNumber: current.poNumber,
        distributor: current.distributor,
        ref,
        packages: current.shipments.filter((shipment) => shipment.packageOf?.ref === ref).length,
      });
    }
    return current;
  }

  async function syncTracking(): Promise<SyncTrackingResult> {
    // Every sync settles POs whose submission outlived the lease (a crash, a lost answer).
    await recover();
    const counters: SyncTrackingResult = {
      purchaseOrders: 0,
      distributorCalls: 0,
      shipmentsRecorded: 0,
      trackingPushed: 0,
      buyersNotified: 0,
      completed: 0,
      errors: [],
    };
    // Each distributor's calls start as soon as its own open POs are read; the one with the
    // longest run of calls (batches per PO list, or a call per PO) goes first: it sets the pace.
    const clients = [...distributors.values()].sort(
      (left, right) =>
        Number(left.capabilities.batchTracking === 'date-range') -
        Number(right.capabilities.batchTracking === 'date-range'),
    );
    const syncs: Promise<void>[] = [];
    for (const client of clients) {
      const open = await store.findPurchaseOrders({ distributor: client.distributor, state: openStates });
      counters.purchaseOrders += open.length;
      if (open.length === 0) continue;
      syncs.push(syncDistributor(groupForSync(client.distributor, open), counters));
      // Lets the calls just started (and answers already due) go before reading the next distributor.
      await yieldToEventLoop();
    }
    // Open POs of a distributor no client is configured for any more: nothing to pull, but their
    // recorded shipments may still need a push, an email or completion.
    const orphans = new Map<string, PurchaseOrder[]>();
    for (const purchaseOrder of await store.findPurchaseOrders({ state: openStates })) {
      if (distributors.has(purchaseOrder.distributor)) continue;
      counters.purchaseOrders++;
      const list = orphans.get(purchaseOrder.distributor) ?? [];
      list.push(purchaseOrder);
      orphans.set(purchaseOrder.distributor, list);
    }
    for (const [distributor, open] of orphans) syncs.push(syncDistributor(groupForSync(distributor, open), counters));
    await Promise.all(syncs);
    return counters;
  }

  /** Sorts one distributor's open POs for {@link syncDistributor}. */
  function groupForSync(distributor: string, open: readonly PurchaseOrder[]): DistributorSyncGroup {
    const byDateRange = distributors.get(distributor)?.capabilities.batchTracking === 'date-range';
    const group: DistributorSyncGroup = {
      distributor,
      waiting: [],
      withShipments: [],
      oldestWaiting: undefined,
      waitingByNumber: byDateRange ? new Map() : undefined,
    };
    // One pass over the POs: with thousands open, each read of a PO is likely a cache miss, so
    // everything the sync needs from it is read here at once.
    for (const purchaseOrder of open) {
      // Only POs still waiting for packages need a distributor call.
      if (purchaseOrder.state !== 'shipped') {
        group.waiting.push(purchaseOrder);
        group.waitingByNumber?.set(purchaseOrder.poNumber, purchaseOrder);
        if (group.oldestWaiting === undefined || purchaseOrder.createdAt < group.oldestWaiting)
          group.oldestWaiting = purchaseOrder.createdAt;
      }
      if (purchaseOrder.shipments.length > 0) group.withShipments.push(purchaseOrder);
    }
    return group;
  }

  /** The turns of the event loop every `settleAll` of this dropshipper shares. */
  const settleTurns: TurnBudget = { used: 0, next: undefined };

  /**
   * Settles POs, starting at most {@link settleTurnSize} per turn of the event loop over every
   * distributor: all may be in flight at once, but a long run of in-memory work never holds up
   * other distributors' answers (timers and sockets get their turn between groups).
   */
  async function settleAll(items: readonly SettleItem[], counters: SyncTrackingResult): Promise<void> {
    const settling: Promise<void>[] = [];
    for (let index = 0; index < items.length; index++) {
      if (settleTurns.used >= settleTurnSize) await takeTurn(settleTurns);
      else settleTurns.used++;
      const { purchaseOrder, remote } = items[index] as SettleItem;
      // Never rejects: a PO that fails is counted in `counters.errors`.
      settling.push(settlePurchaseOrder(purchaseOrder, remote, counters));
    }
    await Promise.all(settling);
  }

  /**
   * Pulls one distributor's answers for its open POs and settles each PO as its batch arrives.
   * POs with nothing recorded and nothing reported are left alone: there is nothing to do for them.
   */
  async function syncDistributor(group: DistributorSyncGroup, counters: SyncTrackingResult): Promise<void> {
    const { distributor, waiting, withShipments } = group;
    /** POs with recorded shipments that an answer covered (settled with it). */
    const reported = new Set<string>();
    const receive: ReceiveAnswer = (orders, asked, askedByNumber) => {
      let byNumber = askedByNumber;
      if (byNumber === undefined) {
        const index = new Map<string, PurchaseOrder>();
        for (const purchaseOrder of asked) index.set(purchaseOrder.poNumber, purchaseOrder);
        byNumber = index;
      }
      // The last answer for a PO number wins; answers for POs not asked about are ignored.
      const answers = new Map<string, DistributorOrder>();
      for (const order of orders) if (byNumber.has(order.poNumber)) answers.set(order.poNumber, order);
      const items: SettleItem[] = [];
      for (const [poNumber, remote] of answers) {
        const purchaseOrder = byNumber.get(poNumber) as PurchaseOrder;
        if (purchaseOrder.shipments.length > 0) reported.add(poNumber);
        if (purchaseOrder.shipments.length > 0 || (remote.shipments?.length ?? 0) > 0)
          items.push({ purchaseOrder, remote });
      }
      return settleAll(items, counters);
    };
    if (waiting.length > 0) {
      try {
        await pullOrders(group, counters, receive);
      } catch (error) {
        counters.errors.push({ distributor, step: 'pull', message: describe(error) });
      }
    }
    // Not reported (or their batch failed): only recorded shipments can still need a push,
    // a notification or completion.
    await settleAll(
      withShipments
        .filter((purchaseOrder) => !reported.has(purchaseOrder.poNumber))
        .map((purchaseOrder) => ({ purchaseOrder, remote: undefined })),
      counters,
    );
  }

  async function cancel(poNumber: string) {
    const purchaseOrder = await store.getPurchaseOrder(poNumber);
    if (purchaseOrder === null) throw new ConfigurationError(`cancel: no purchase order ${poNumber}`);
    const client = distributors.get(purchaseOrder.distributor);
    if (client === undefined)
      throw new ConfigurationError(`cancel: no client configured for distributor "${purchaseOrder.distributor}"`);
    if (terminalPurchaseOrderStates.includes(purchaseOrder.state)) {
      return {
        poNumber,
        state: purchaseOrder.state,
        status: purchaseOrder.state === 'cancelled' ? ('cancelled' as const) : ('unsupported' as const),
        ...(purchaseOrder.state === 'cancelled'
          ? {}
          : {
              warning: {
                type: 'unsupported' as const,
                feature: 'cancel-order',
                message: `PO ${poNumber} is ${purchaseOrder.state}; nothing to cancel`,
              },
            }),
      };
    }
    if (client.capabilities.cancel === 'unsupported') {
      const warning = {
        type: 'unsupported' as const,
        feature: 'cancel-order',
        message: `${purchaseOrder.distributor} has no cancel in its API: ask your rep to cancel PO ${poNumber}`,
      };
      emit('warning', { warning, poNumber });
      return { poNumber, state: purchaseOrder.state, status: 'unsupported' as const, warning };
    }
    const result = await client.cancelOrder(poNumber);
    let current = purchaseOrder;
    if (result.status === 'cancelled' || result.status === 'requested') {
      current = await save(lifecycle.markCancelled(purchaseOrder, result.status, now()), purchaseOrder);
      if (result.status === 'cancelled')
        emit('purchase-order-cancelled', { poNumber, distributor: purchaseOrder.distributor });
    } else if (result.warning) {
      emit('warning', { warning: result.warning, poNumber });
    }
    return { ...result, poNumber, state: current.state };
  }

  async function purchaseOrders(salesOrderId: string): Promise<PurchaseOrder[]> {
    return store.findPurchaseOrders({ salesOrderId });
  }

  async function profit(salesOrderId: string): Promise<ActualProfit> {
    const order = await store.getSalesOrder(salesOrderId);
    if (order === null) throw new ConfigurationError(`profit: no sales order ${salesOrderId}`);
    const counted = (await purchaseOrders(salesOrderId)).filter(
      (purchaseOrder) => !releasedStates.has(purchaseOrder.state) && purchaseOrder.state !== 'failed',
    );
    const placedQuantity = new Map<string, number>();
    let cost = 0;
    let dropShipFees = 0;
    for (const purchaseOrder of counted) {
      dropShipFees += purchaseOrder.dropShipFee;
      for (const line of purchaseOrder.lines) {
        cost += line.unitCost * line.quantity;
        placedQuantity.set(line.salesLineId, (placedQuantity.get(line.salesLineId) ?? 0) + line.quantity);
      }
    }
    let revenue = order.shippingPaid;
    for (const line of order.lines)
      revenue += line.unitPrice * Math.min(line.quantity, placedQuantity.get(line.lineId) ?? 0);
    const basisPoints = rules.marketplaceFeeBasisPoints[order.marketplace] ?? 0;
    const marketplaceFee = order.fees ?? Math.round((revenue * basisPoints) / 10_000);
    return {
      salesOrderId,
      currency: order.currency,
      revenue,
      cost,
      dropShipFees,
      marketplaceFee,
      profit: revenue - cost - dropShipFees - marketplaceFee,
      purchaseOrders: counted.map((purchaseOrder) => purchaseOrder.poNumber),
    };
  }

  return { events, store, plan, dropship, recover, syncTracking, cancel, profit, purchaseOrders };
}
