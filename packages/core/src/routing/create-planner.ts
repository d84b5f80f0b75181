import { isWellFormedOffer, toValidOffer } from '../catalog/offer-fast-check.js';
import { explainOfferEligibility } from '../eligibility/check-offer-eligibility.js';
import { type CompiledInventoryRules, compileInventoryRules } from '../eligibility/compile-inventory-rules.js';
import {
  builtInChecks,
  builtInStockChecks,
  currencyMismatchCheck,
  cutoffPriceCheck,
  defaultEligibilityChecks,
  discontinuedCheck,
  distributorExcludedCheck,
  dropShipEligibleCheck,
  expiredCheck,
  hazardousCheck,
  shelfStockDisabledCheck,
  truckOnlyCheck,
} from '../eligibility/eligibility-checks.js';
import type { EligibilityCheck, OfferCheckContext, StockCheckContext } from '../eligibility/eligibility-types.js';
import {
  type ReservedStockView,
  RowScan,
  type StockCandidate,
  scanOfferStock,
} from '../eligibility/evaluate-offer-stock.js';
import { type InstantInput, resolveNow } from '../eligibility/resolve-now.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { InventoryRules, InventoryRulesInput } from '../model/inventory-rules.js';
import { type Offer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import { type OrderLine, type SalesOrder, salesOrderId as toSalesOrderId } from '../model/sales-order.js';
import type { OfferQuery } from '../spec/v1/catalog.js';
import {
  type MaybeSlotAccessible,
  type OfferSlotAccess,
  offerSlotAccessKey,
  SLOT_DISCONTINUED,
  SLOT_DROP_SHIP_ELIGIBLE,
  SLOT_HAZARDOUS,
  SLOT_TRUCK_ONLY,
} from './offer-slot-access.js';
import type {
  CandidateExplanation,
  OrderPlan,
  PlanHold,
  PlannedPurchaseOrderLine,
  ProfitEstimate,
  ShelfAllocation,
  UnplacedLine,
  UnplacedReasonCode,
} from './plan-types.js';
import { createPurchaseOrderNumbering, type PurchaseOrderNumbering } from './purchase-order-number.js';
import type { RealTimeStock } from './real-time-stock.js';
import {
  brandPreferenceStrategy,
  defaultRoutingStrategies,
  distributorTieBreakStrategy,
  fastestLeadTimeStrategy,
  inStockStrategy,
  landedCost,
  lowestLandedCostStrategy,
  type RoutingCandidate,
  type RoutingContext,
  type RoutingStrategy,
  shelfStockStrategy,
} from './routing-strategies.js';
import { StockLedger } from './stock-ledger.js';
import { toPlannableOrder } from './to-plannable-order.js';

/** A catalog that answers synchronously (the in-memory catalog does); routing's hot path uses it. */
export interface SyncOfferSource {
  /** Every offer for the product behind `query`, across distributors. */
  findOffersSync(query: OfferQuery): readonly Offer[];
}

/** How a planner is set up: once, then reused for every order. */
export interface PlannerOptions {
  /** Inventory rules (as written, parsed or compiled). Default: every default rule. */
  rules?: InventoryRulesInput | InventoryRules | CompiledInventoryRules;
  /** Where offers come from, unless a plan call passes `offers`. */
  catalog?: SyncOfferSource;
  /** Eligibility checks. Default: `defaultEligibilityChecks`. */
  checks?: readonly EligibilityCheck[];
  /** Routing strategies, in order. Default: `defaultRoutingStrategies`. The fixed tie-break always ends the chain. */
  strategies?: readonly RoutingStrategy[];
  /** Prefix of PO numbers (1 to 5 of A-Z, 0-9). Default `DS`. Ignored when `numbering` is given. */
  poNumberPrefix?: string;
  /** How PO numbers are made (share it with placement so retries keep the prefix). Default: `createPurchaseOrderNumbering({ prefix: poNumberPrefix })`. */
  numbering?: PurchaseOrderNumbering;
}

/** Per-order options. */
export interface PlanOptions {
  /** The instant to judge offer expiry against. Default: now. */
  now?: InstantInput;
  /**
   * Reservations of earlier plans. The plan never takes units they hold, and adds its own
   * allocations to the ledger (unless `reserve` is false), so consecutive plans never assign
   * more than the stock they saw.
   */
  ledger?: StockLedger;
  /** Add this plan's allocations to `ledger`. Default true. */
  reserve?: boolean;
  /** Real-time stock overriding the catalog's numbers per (distributor, SKU). */
  realTimeStock?: RealTimeStock;
  /**
   * Offers per order line id, for example fetched from an asynchronous catalog. Lines without an
   * entry use the planner's catalog.
   */
  offers?: ReadonlyMap<string, readonly Offer[]> | Readonly<Record<string, readonly Offer[]>>;
  /** PO number attempt (see `purchaseOrderNumber`). Default 0. */
  attempt?: number;
}

/** Plans orders with fixed rules, checks and strategies. */
export interface Planner {
  /** The compiled rules the planner uses. */
  readonly rules: CompiledInventoryRules;
  /**
   * Plans one sales order: eligibility, routing (SKU swap), POs by distributor, unplaced lines
   * with reasons, estimated profit. Pure apart from reserving into `options.ledger`.
   *
   * @throws {@link ValidationError} when the order or an option is malformed.
   */
  plan(order: SalesOrder, options?: PlanOptions): OrderPlan;
}

/** Built-in strategies that never drop the last candidate (everything after in-stock). */
const nonEliminatingStrategies: ReadonlySet<RoutingStrategy> = new Set([
  shelfStockStrategy,
  brandPreferenceStrategy,
  fastestLeadTimeStrategy,
  lowestLandedCostStrategy,
  distributorTieBreakStrategy,
]);
const builtInStrategies: ReadonlySet<RoutingStrategy> = new Set([inStockStrategy, ...nonEliminatingStrategies]);

/**
 * The built-in offer checks compiled to tests on a catalog slot's packed fields. Each field says
 * whether that check is in the planner's list; `blockedFlags` holds the flag bits that make an
 * offer ineligible under the rules (discontinued, truck-only, hazardous). The property tests
 * check that this path and the check functions agree.
 */
interface SlotChecks {
  readonly distributorExcluded: boolean;
  readonly shelfDisabled: boolean;
  readonly currency: boolean;
  readonly dropShip: boolean;
  readonly expired: boolean;
  readonly cutoff: boolean;
  readonly blockedFlags: number;
}

function compileSlotChecks(checks: readonly EligibilityCheck[], rules: CompiledInventoryRules): SlotChecks {
  const has = (check: EligibilityCheck): boolean => checks.includes(check);
  let blockedFlags = 0;
  if (has(discontinuedCheck) && rules.rules.excludeDiscontinued) blockedFlags |= SLOT_DISCONTINUED;
  if (has(truckOnlyCheck) && rules.rules.excludeTruckOnly) blockedFlags |= SLOT_TRUCK_ONLY;
  if (has(hazardousCheck) && rules.rules.excludeHazardous) blockedFlags |= SLOT_HAZARDOUS;
  return {
    distributorExcluded: has(distributorExcludedCheck) && rules.excludedDistributors.size > 0,
    shelfDisabled: has(shelfStockDisabledCheck) && rules.rules.shelfStock === 'never',
    currency: has(currencyMismatchCheck),
    dropShip: has(dropShipEligibleCheck),
    expired: has(expiredCheck),
    cutoff: has(cutoffPriceCheck) && rules.rules.dropShipCutoffPrice !== undefined,
    blockedFlags,
  };
}

/** Options that cannot change between orders, validated once. */
interface PlannerSetup {
  readonly rules: CompiledInventoryRules;
  readonly catalog: SyncOfferSource | undefined;
  readonly offerChecks: readonly Extract<EligibilityCheck, { kind: 'offer' }>[];
  readonly customStockChecks: readonly Extract<EligibilityCheck, { kind: 'stock' }>[];
  readonly allChecks: readonly EligibilityCheck[];
  readonly strategies: readonly RoutingStrategy[];
  /** For each strategy index: true when it is a built-in strategy (no need to check what it returns). */
  readonly strategyIsBuiltIn: readonly boolean[];
  /** For each strategy index: true when every strategy from there on is built-in and keeps the last candidate. */
  readonly restCannotEliminate: readonly boolean[];
  readonly numbering: PurchaseOrderNumbering;
  /** The catalog's slot access, when it has one and every check is built in. */
  readonly slotAccess: OfferSlotAccess | undefined;
  /** The built-in offer checks in force, compiled for the slot path. */
  readonly slotChecks: SlotChecks;
  /** Reused scratch: a slot list. */
  readonly slots: number[];
}

function validateSetup(options: PlannerOptions): PlannerSetup {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('planner options', [{ path: '', message: 'must be an object' }]);
  }
  const issues: { path: string; message: string }[] = [];
  const checks = options.checks ?? defaultEligibilityChecks;
  if (!Array.isArray(checks)) {
    issues.push({ path: 'checks', message: 'must be an array of eligibility checks' });
  } else {
    checks.forEach((check: unknown, index) => {
      const value = check as Partial<EligibilityCheck> | null;
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof value.name !== 'string' ||
        typeof value.check !== 'function' ||
        (value.kind !== 'offer' && value.kind !== 'stock')
      ) {
        issues.push({
          path: `checks.${index}`,
          message: 'must be { name: string, kind: "offer" | "stock", check: function }',
        });
      }
    });
  }
  const strategies = options.strategies ?? defaultRoutingStrategies;
  if (!Array.isArray(strategies)) {
    issues.push({ path: 'strategies', message: 'must be an array of routing strategies' });
  } else {
    strategies.forEach((strategy: unknown, index) => {
      const value = strategy as Partial<RoutingStrategy> | null;
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof value.name !== 'string' ||
        typeof value.narrow !== 'function'
      ) {
        issues.push({ path: `strategies.${index}`, message: 'must be { name: string, narrow: function }' });
      }
    });
  }
  const catalog = options.catalog;
  if (
    catalog !== undefined &&
    (typeof catalog !== 'object' || catalog === null || typeof catalog.findOffersSync !== 'function')
  ) {
    issues.push({
      path: 'catalog',
      message: 'must have a findOffersSync(query) method (for example createMemoryCatalog())',
    });
  }
  const prefix = options.poNumberPrefix ?? 'DS';
  if (typeof prefix !== 'string' || !/^[A-Z0-9]{1,5}$/.test(prefix)) {
    issues.push({ path: 'poNumberPrefix', message: 'must be 1 to 5 characters of A-Z and 0-9' });
  }
  if (issues.length > 0) throw new ValidationError('planner options', issues);
  const rules = compileInventoryRules(options.rules);
  const restCannotEliminate: boolean[] = new Array(strategies.length + 1).fill(true);
  for (let index = strategies.length - 1; index >= 0; index--) {
    restCannotEliminate[index] =
      (restCannotEliminate[index + 1] as boolean) && nonEliminatingStrategies.has(strategies[index] as RoutingStrategy);
  }
  const onlyBuiltInChecks = checks.every((check) => builtInChecks.has(check));
  const slotAccess = onlyBuiltInChecks ? (catalog as MaybeSlotAccessible | undefined)?.[offerSlotAccessKey] : undefined;
  return {
    slotAccess,
    slotChecks: compileSlotChecks(checks, rules),
    slots: [],
    rules,
    catalog,
    offerChecks: checks.filter(
      (check): check is Extract<EligibilityCheck, { kind: 'offer' }> => check.kind === 'offer',
    ),
    customStockChecks: checks.filter(
      (check): check is Extract<EligibilityCheck, { kind: 'stock' }> =>
        check.kind === 'stock' && !builtInStockChecks.has(check),
    ),
    allChecks: checks,
    strategies,
    restCannotEliminate,
    strategyIsBuiltIn: strategies.map((strategy) => builtInStrategies.has(strategy)),
    numbering: options.numbering ?? createPurchaseOrderNumbering({ prefix }),
  };
}

function validatePlanOptions(options: PlanOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('plan options', [{ path: '', message: 'must be an object' }]);
  }
  const issues: { path: string; message: string }[] = [];
  if (options.ledger !== undefined && !(options.ledger instanceof StockLedger)) {
    issues.push({ path: 'ledger', message: 'must be a StockLedger (createStockLedger())' });
  }
  const realTime = options.realTimeStock as { get?: unknown } | undefined;
  if (
    realTime !== undefined &&
    (typeof realTime !== 'object' || realTime === null || typeof realTime.get !== 'function')
  ) {
    issues.push({ path: 'realTimeStock', message: 'must be a RealTimeStock (createRealTimeStock())' });
  }
  if (options.attempt !== undefined && (!Number.isSafeInteger(options.attempt) || options.attempt < 0)) {
    issues.push({ path: 'attempt', message: 'must be a whole number, at least 0' });
  }
  if (options.offers !== undefined && (typeof options.offers !== 'object' || options.offers === null)) {
    issues.push({ path: 'offers', message: 'must be a Map or a record of offers per line id' });
  }
  if (issues.length > 0) throw new ValidationError('plan options', issues);
}

/** The routing context, writable by the planner (strategies see it read-only). */
interface MutableRoutingContext extends RoutingContext {
  line: OrderLine;
  quantity: number;
}

/** Why a line failed in the last routing pass. */
interface LineFailure {
  code: UnplacedReasonCode;
  detail: string | undefined;
}

/** A saved routing outcome (allocations and failures), to restore after trials. */
interface RoutingSnapshot {
  lines: number[];
  candidates: StockCandidate[];
  quantities: number[];
  failures: (LineFailure | undefined)[];
}

/** Score of a single-distributor trial; lower wins, compared field by field. */
interface TrialScore {
  distributor: string;
  brandRankSum: number;
  maxLeadTimeDays: number;
  landedTotal: number;
}

/** The state of one `plan` call. */
class PlanRun implements ReservedStockView {
  readonly setup: PlannerSetup;
  readonly rules: CompiledInventoryRules;
  readonly order: SalesOrder;
  readonly lines: readonly OrderLine[];
  readonly nowMs: number;
  readonly ledger: StockLedger | undefined;
  readonly realTimeStock: RealTimeStock | undefined;
  readonly allowSplit: boolean;
  /** Usable warehouses per line (eligible offers only). */
  readonly candidates: StockCandidate[][];
  /** Every offer found per line (for explanations); undefined for lines read from catalog slots. */
  readonly offers: (readonly Offer[] | undefined)[];
  /** Number of offers found per line. */
  readonly offerCounts: number[];
  // Allocations: append-only, rolled back by truncation.
  allocationLines: number[] = [];
  allocationCandidates: StockCandidate[] = [];
  allocationQuantities: number[] = [];
  failures: (LineFailure | undefined)[];
  /** Classifies stock rows for this plan (its reservations are this plan's ledger). */
  readonly scan: RowScan;
  /** The routing context handed to strategies, reused line after line. */
  readonly context: MutableRoutingContext;

  constructor(setup: PlannerSetup, order: SalesOrder, options: PlanOptions) {
    this.setup = setup;
    this.rules = setup.rules;
    this.order = order;
    this.lines = order.lines;
    this.nowMs = resolveNow(options.now);
    this.ledger = options.ledger;
    this.realTimeStock = options.realTimeStock;
    this.allowSplit = setup.rules.rules.allowLineSplit;
    const count = order.lines.length;
    this.candidates = new Array(count);
    this.offers = new Array(count);
    this.offerCounts = new Array(count);
    this.failures = new Array(count).fill(undefined);
    this.context = {
      order,
      line: order.lines[0] as OrderLine,
      quantity: 0,
      allowPartial: this.allowSplit,
      rules: this.rules,
    };
    this.scan = new RowScan(setup.rules, options.ledger);
    if (options.ledger !== undefined && setup.slotAccess !== undefined) {
      this.scan.slotLedger = options.ledger;
      this.scan.slotSource = setup.slotAccess;
      this.scan.slotReservations = options.ledger.slotReservations(setup.slotAccess);
    }
    for (let index = 0; index < count; index++) this.collectLine(index, options.offers);
  }

  /** Finds the offers of a line, keeps the eligible ones and lists their usable warehouses. */
  private collectLine(index: number, givenOffers: PlanOptions['offers']): void {
    const line = this.lines[index] as OrderLine;
    const candidates: StockCandidate[] = [];
    this.candidates[index] = candidates;
    const context: OfferCheckContext = {
      line,
      quantity: line.quantity,
      rules: this.rules,
      nowMs: this.nowMs,
      currency: this.order.currency,
    };
    const given = givenOffers === undefined ? undefined : this.givenOffers(line, givenOffers);
    const access = this.setup.slotAccess;
    if (given === undefined && access !== undefined) {
      this.collectFromSlots(index, line, access, candidates);
      return;
    }
    const offers = given ?? this.findOffers(line);
    this.offers[index] = offers;
    this.offerCounts[index] = offers.length;
    const { offerChecks, customStockChecks } = this.setup;
    const scan = this.scan;
    offerLoop: for (let offerIndex = 0; offerIndex < offers.length; offerIndex++) {
      const offer = offers[offerIndex] as Offer;
      // The same (distributor, SKU) twice is one offer.
      for (let earlier = 0; earlier < offerIndex; earlier++) {
        const other = offers[earlier] as Offer;
        if (other.sku === offer.sku && other.distributor === offer.distributor) continue offerLoop;
      }
      for (let checkIndex = 0; checkIndex < offerChecks.length; checkIndex++) {
        if ((offerChecks[checkIndex] as (typeof offerChecks)[number]).check(offer, context) !== undefined)
          continue offerLoop;
      }
      const start = candidates.length;
      scanOfferStock(offer, scan, this.realTimeStock, candidates, undefined);
      if (customStockChecks.length > 0) {
        const stockContext: StockCheckContext = {
          ...context,
          stock: {
            usable: candidates.slice(start),
            usableQuantity: scan.usableQuantity,
            blocked: [],
            stockSource: scan.stockSource,
            notFound: scan.notFound,
          },
        };
        for (const check of customStockChecks) {
          if (check.check(offer, stockContext) !== undefined) {
            candidates.length = start;
            continue offerLoop;
          }
        }
      }
    }
  }

  /**
   * The allocation-light path: offers stay in the catalog's slots, the built-in checks run on
   * their packed fields, and stock rows are read in place. Only real-time overrides materialise
   * an offer.
   */
  private collectFromSlots(
    index: number,
    line: OrderLine,
    access: OfferSlotAccess,
    candidates: StockCandidate[],
  ): void {
    const { slots, slotChecks } = this.setup;
    const scan = this.scan;
    const count = access.findSlots(line.sku, line.product, slots);
    this.offerCounts[index] = count;
    if (count === 0) return;
    const realTimeStock = this.realTimeStock;
    const slotPlan = this.slotPlan(access);
    const cutoff = this.rules.rules.dropShipCutoffPrice;
    const belowCutoff = slotChecks.cutoff && cutoff !== undefined && line.unitPrice < cutoff;
    const blockedFlags = slotChecks.blockedFlags;
    const nowMs = this.nowMs;
    for (let slotIndex = 0; slotIndex < count; slotIndex++) {
      const slot = slots[slotIndex] as number;
      const meta = access.meta(slot);
      const distributorIndex = meta & 0xffff;
      const isShelf = distributorIndex === slotPlan.shelfIndex;
      if (
        (slotChecks.distributorExcluded && slotPlan.excludedIndexes.includes(distributorIndex)) ||
        (slotChecks.shelfDisabled && isShelf) ||
        (slotChecks.currency && ((meta >>> 16) & 0xff) !== slotPlan.currencyIndex) ||
        (slotChecks.dropShip && !isShelf && (meta & SLOT_DROP_SHIP_ELIGIBLE) === 0) ||
        (meta & blockedFlags) !== 0 ||
        (slotChecks.expired && access.expiresAtMs(slot) <= nowMs) ||
        (belowCutoff && !isShelf)
      ) {
        continue;
      }
      const distributor = access.distributorName(distributorIndex);
      if (realTimeStock !== undefined && realTimeStock.get(distributor, access.sku(slot)) !== undefined) {
        scanOfferStock(access.materialize(slot), scan, realTimeStock, candidates, undefined, access, slot);
        continue;
      }
      // SKU and brand stay in the catalog unless routing asks for them (winners, ties, brand rules).
      scan.begin(
        distributor,
        undefined,
        undefined,
        false,
        access.cost(slot),
        access.dropShipFee(slot),
        access.estimatedShipping(slot),
        'catalog',
        undefined,
        access,
        slot,
      );
      const rows = access.rowCount(slot);
      for (let row = 0; row < rows; row++) {
        scan.row(
          access.rowWarehouse(slot, row),
          access.rowQuantity(slot, row),
          access.rowIsFloor(slot, row),
          access.rowLeadTimeDays(slot, row),
          candidates,
          undefined,
        );
      }
    }
  }

  /** Per-plan look-ups for the slot path: the order's currency, shelf and excluded distributors as catalog indexes. */
  private slotPlanCache: { currencyIndex: number; shelfIndex: number; excludedIndexes: number[] } | undefined;

  private slotPlan(access: OfferSlotAccess): { currencyIndex: number; shelfIndex: number; excludedIndexes: number[] } {
    if (this.slotPlanCache === undefined) {
      const excludedIndexes: number[] = [];
      for (const distributor of this.rules.excludedDistributors) {
        const distributorIndex = access.distributorIndexOf(distributor);
        if (distributorIndex >= 0) excludedIndexes.push(distributorIndex);
      }
      this.slotPlanCache = {
        currencyIndex: access.currencyIndexOf(this.order.currency),
        shelfIndex: access.distributorIndexOf(SHELF_DISTRIBUTOR),
        excludedIndexes,
      };
    }
    return this.slotPlanCache;
  }

  /** Offers the caller passed for a line, validated; undefined when it passed none for it. */
  private givenOffers(line: OrderLine, givenOffers: NonNullable<PlanOptions['offers']>): readonly Offer[] | undefined {
    const given =
      givenOffers instanceof Map
        ? givenOffers.get(line.lineId)
        : (givenOffers as Readonly<Record<string, readonly Offer[]>>)[line.lineId];
    if (given === undefined) return undefined;
    if (!Array.isArray(given)) {
      throw new ValidationError('plan options', [
        { path: `offers.${line.lineId}`, message: 'must be an array of offers' },
      ]);
    }
    let allWellFormed = true;
    for (const offer of given) {
      if (!isWellFormedOffer(offer, true)) {
        allWellFormed = false;
        break;
      }
    }
    if (allWellFormed) return given;
    return given.map((offer, offerIndex) => toValidOffer(offer, `offers.${line.lineId}.${offerIndex}`, 'plan options'));
  }

  private findOffers(line: OrderLine): readonly Offer[] {
    const catalog = this.setup.catalog;
    if (catalog === undefined) return [];
    return catalog.findOffersSync(
      line.product === undefined ? { sku: line.sku } : { sku: line.sku, product: line.product },
    );
  }

  /** Every offer found for a line, materialised if it came from catalog slots. */
  lineOffers(lineIndex: number): readonly Offer[] {
    const offers = this.offers[lineIndex];
    if (offers !== undefined) return offers;
    const access = this.setup.slotAccess;
    if (access === undefined) return [];
    // The hot path keeps no slot list: look the line up again (the catalog has not changed
    // during this synchronous plan) and materialise its offers.
    const line = this.lines[lineIndex] as OrderLine;
    const slots: number[] = [];
    slots.length = access.findSlots(line.sku, line.product, slots);
    const materialised = slots.map((slot) => access.materialize(slot));
    this.offers[lineIndex] = materialised;
    return materialised;
  }

  // ReservedStockView: the ledger's reservations plus this plan's allocations.
  reserved(distributor: string, sku: string, warehouse: string): number {
    return (
      (this.ledger === undefined ? 0 : this.ledger.reserved(distributor, sku, warehouse)) +
      this.usedBy(distributor, sku, warehouse)
    );
  }

  isUntouched(sku: string): boolean {
    if (this.ledger !== undefined && !this.ledger.isUntouched(sku)) return false;
    for (let index = 0; index < this.allocationCandidates.length; index++) {
      if ((this.allocationCandidates[index] as StockCandidate).sku === sku) return false;
    }
    return true;
  }

  /** Units this plan already took from the same stock as `candidate`. */
  private usedFrom(candidate: StockCandidate): number {
    let used = 0;
    const allocated = this.allocationCandidates;
    for (let index = 0; index < allocated.length; index++) {
      if ((allocated[index] as StockCandidate).sameStockAs(candidate))
        used += this.allocationQuantities[index] as number;
    }
    return used;
  }

  /** Units this plan already took at (distributor, SKU, warehouse). */
  private usedBy(distributor: string, sku: string, warehouse: string): number {
    let used = 0;
    const allocated = this.allocationCandidates;
    for (let index = 0; index < allocated.length; index++) {
      const candidate = allocated[index] as StockCandidate;
      if (candidate.sku === sku && candidate.warehouse === warehouse && candidate.distributor === distributor) {
        used += this.allocationQuantities[index] as number;
      }
    }
    return used;
  }

  private allocate(lineIndex: number, candidate: StockCandidate, quantity: number): void {
    this.allocationLines.push(lineIndex);
    this.allocationCandidates.push(candidate);
    this.allocationQuantities.push(quantity);
  }

  private rollback(length: number): void {
    this.allocationLines.length = length;
    this.allocationCandidates.length = length;
    this.allocationQuantities.length = length;
  }

  snapshot(): RoutingSnapshot {
    return {
      lines: this.allocationLines.slice(),
      candidates: this.allocationCandidates.slice(),
      quantities: this.allocationQuantities.slice(),
      failures: this.failures.slice(),
    };
  }

  /** Forgets every allocation and failure (fresh arrays: cheaper than truncating). */
  reset(): void {
    this.allocationLines = [];
    this.allocationCandidates = [];
    this.allocationQuantities = [];
    this.failures = new Array(this.lines.length).fill(undefined);
  }

  restore(snapshot: RoutingSnapshot): void {
    this.allocationLines = snapshot.lines;
    this.allocationCandidates = snapshot.candidates;
    this.allocationQuantities = snapshot.quantities;
    this.failures = snapshot.failures;
  }

  /** Runs the strategy chain; returns the winner or undefined (recording why). */
  private choose(
    lineIndex: number,
    working: readonly StockCandidate[],
    context: RoutingContext,
  ): StockCandidate | undefined {
    const { strategies, restCannotEliminate } = this.setup;
    let current: readonly RoutingCandidate[] = working;
    for (let index = 0; index < strategies.length; index++) {
      if (current.length === 1 && restCannotEliminate[index] === true) break;
      const strategy = strategies[index] as RoutingStrategy;
      const next = strategy.narrow(current, context);
      if (!this.setup.strategyIsBuiltIn[index]) assertSubset(strategy, current, next);
      if (next.length === 0) {
        this.failures[lineIndex] =
          strategy === inStockStrategy
            ? { code: 'no-eligible-distributor', detail: undefined }
            : { code: 'no-candidate-selected', detail: strategy.name };
        return undefined;
      }
      current = next;
    }
    if (current.length > 1) current = distributorTieBreakStrategy.narrow(current, context);
    return current[0] as StockCandidate;
  }

  /**
   * Routes one line, whole or not at all. With `onlyDistributor`, only that distributor (and
   * shelf stock) may ship it.
   */
  routeLine(lineIndex: number, onlyDistributor: string | undefined): boolean {
    const line = this.lines[lineIndex] as OrderLine;
    const all = this.candidates[lineIndex] as StockCandidate[];
    const hasAllocations = this.allocationCandidates.length > 0;
    // The line's own candidate list serves as is while nothing is filtered out (the usual case).
    let working: StockCandidate[] | undefined;
    let total = 0;
    for (let index = 0; index < all.length; index++) {
      const candidate = all[index] as StockCandidate;
      let keep = onlyDistributor === undefined || candidate.isShelf || candidate.distributor === onlyDistributor;
      if (keep) {
        const available = hasAllocations ? candidate.unreserved - this.usedFrom(candidate) : candidate.unreserved;
        candidate.available = available;
        keep = available > 0;
        if (keep) total += available;
      }
      if (!keep && working === undefined) working = all.slice(0, index);
      else if (keep && working !== undefined) working.push(candidate);
    }
    if (working === undefined) working = all;
    if (working.length === 0 || (this.allowSplit && total < line.quantity)) {
      this.failures[lineIndex] = {
        code: this.offerCounts[lineIndex] === 0 ? 'no-offers' : 'no-eligible-distributor',
        detail: undefined,
      };
      return false;
    }
    // One context per plan, updated per line (strategies read it during the call only).
    const context = this.context;
    context.line = line;
    context.quantity = line.quantity;
    if (!this.allowSplit) {
      const chosen = this.choose(lineIndex, working, context);
      if (chosen === undefined) return false;
      this.allocate(lineIndex, chosen, line.quantity);
      this.failures[lineIndex] = undefined;
      return true;
    }
    const mark = this.allocationCandidates.length;
    let remaining = line.quantity;
    let pool: StockCandidate[] = working;
    while (remaining > 0) {
      context.quantity = remaining;
      const chosen = this.choose(lineIndex, pool, context);
      if (chosen === undefined) {
        this.rollback(mark);
        return false;
      }
      const take = Math.min(chosen.available, remaining);
      this.allocate(lineIndex, chosen, take);
      chosen.available -= take;
      remaining -= take;
      if (chosen.available === 0) pool = pool.filter((candidate) => candidate !== chosen);
    }
    this.failures[lineIndex] = undefined;
    return true;
  }

  /** Routes every line; returns true when all were placed. */
  routeAll(onlyDistributor: string | undefined): boolean {
    let placed = true;
    for (let index = 0; index < this.lines.length; index++) {
      if (!this.routeLine(index, onlyDistributor)) {
        placed = false;
        // A trial restricted to one distributor stops at the first line it cannot ship.
        if (onlyDistributor !== undefined) return false;
      }
    }
    return placed;
  }

  /** Adds this plan's allocations to a ledger (keeping its slot filter usable where it can). */
  reserveInto(ledger: StockLedger): void {
    for (let index = 0; index < this.allocationCandidates.length; index++) {
      const candidate = this.allocationCandidates[index] as StockCandidate;
      const quantity = this.allocationQuantities[index] as number;
      if (candidate.source !== undefined && candidate.slot >= 0) {
        ledger.reserveAtSlot(
          candidate.source,
          candidate.slot,
          candidate.distributor,
          candidate.sku,
          candidate.warehouse,
          quantity,
        );
      } else {
        ledger.reserve(candidate.distributor, candidate.sku, candidate.warehouse, quantity);
      }
    }
  }

  /**
   * Distributors (not shelf) that may ship every line: those with a candidate on every line that
   * shelf stock cannot serve. In tie-break order.
   */
  distributorsForEveryLine(): string[] {
    const names: string[] = [];
    let common = -1; // bit set of indexes into `names`
    for (let lineIndex = 0; lineIndex < this.candidates.length; lineIndex++) {
      const candidates = this.candidates[lineIndex] as StockCandidate[];
      let here = 0;
      let hasShelf = false;
      for (let index = 0; index < candidates.length; index++) {
        const candidate = candidates[index] as StockCandidate;
        if (candidate.isShelf) {
          hasShelf = true;
          continue;
        }
        let position = names.indexOf(candidate.distributor);
        if (position < 0) {
          position = names.length;
          names.push(candidate.distributor);
          // More than 31 distributors on one order: fall back to trying each of them.
          if (position >= 31) return this.sortByTieBreak(names.concat(this.allDistributors()));
        }
        here |= 1 << position;
      }
      // Shelf stock may ship this line in any trial: it does not narrow the distributors.
      if (hasShelf) continue;
      common &= here;
      if (common === 0) return [];
    }
    const result: string[] = [];
    for (let position = 0; position < names.length; position++)
      if ((common & (1 << position)) !== 0) result.push(names[position] as string);
    return result.length <= 1 ? result : this.sortByTieBreak(result);
  }

  private allDistributors(): string[] {
    const all = new Set<string>();
    for (const candidates of this.candidates)
      for (const candidate of candidates) if (!candidate.isShelf) all.add(candidate.distributor);
    return [...all];
  }

  /** Distinct distributors in tie-break order (priority, then id); an insertion sort, the list is short. */
  private sortByTieBreak(distributors: string[]): string[] {
    const rank = this.rules.distributorRank;
    const sorted: string[] = [];
    for (const distributor of distributors) {
      if (sorted.includes(distributor)) continue;
      const distributorRank = rank.get(distributor) ?? Number.MAX_SAFE_INTEGER;
      let position = sorted.length;
      while (position > 0) {
        const previous = sorted[position - 1] as string;
        const previousRank = rank.get(previous) ?? Number.MAX_SAFE_INTEGER;
        if (previousRank < distributorRank || (previousRank === distributorRank && previous < distributor)) break;
        position--;
      }
      sorted.splice(position, 0, distributor);
    }
    return sorted;
  }

  /** Number of distinct distributors (not shelf) among the allocations, counting up to 2. */
  distributorsUsedUpToTwo(): number {
    let first: string | undefined;
    for (let index = 0; index < this.allocationCandidates.length; index++) {
      const candidate = this.allocationCandidates[index] as StockCandidate;
      if (candidate.isShelf) continue;
      if (first === undefined) first = candidate.distributor;
      else if (candidate.distributor !== first) return 2;
    }
    return first === undefined ? 0 : 1;
  }

  scoreTrial(distributor: string): TrialScore {
    let brandRankSum = 0;
    let maxLeadTimeDays = 0;
    let landedTotal = 0;
    let fee = 0;
    for (let index = 0; index < this.allocationCandidates.length; index++) {
      const candidate = this.allocationCandidates[index] as StockCandidate;
      const quantity = this.allocationQuantities[index] as number;
      if (this.rules.brandRank.size > 0) brandRankSum += this.rules.rankBrand(candidate.brand);
      if (candidate.leadTimeDays > maxLeadTimeDays) maxLeadTimeDays = candidate.leadTimeDays;
      landedTotal += landedCost(candidate, quantity) - (candidate.isShelf ? 0 : candidate.dropShipFee);
      if (!candidate.isShelf && candidate.dropShipFee > fee) fee = candidate.dropShipFee;
    }
    return { distributor, brandRankSum, maxLeadTimeDays, landedTotal: landedTotal + fee };
  }

  compareTrials(left: TrialScore, right: TrialScore): number {
    return (
      left.brandRankSum - right.brandRankSum ||
      left.maxLeadTimeDays - right.maxLeadTimeDays ||
      left.landedTotal - right.landedTotal ||
      // Trials run in tie-break order: the earlier one wins a full tie.
      0
    );
  }

  /** Explains every offer of a line with the full checks, against the final allocations. */
  explain(lineIndex: number): CandidateExplanation[] {
    const line = this.lines[lineIndex] as OrderLine;
    const offers = this.lineOffers(lineIndex);
    const explanations: CandidateExplanation[] = [];
    for (const offer of offers) {
      if (explanations.some((entry) => entry.distributor === offer.distributor && entry.sku === offer.sku)) continue;
      const result = explainOfferEligibility(offer, {
        line,
        quantity: line.quantity,
        rules: this.rules,
        nowMs: this.nowMs,
        currency: this.order.currency,
        realTimeStock: this.realTimeStock,
        reserved: this,
        checks: this.setup.allChecks,
      });
      let usableQuantity = 0;
      for (const warehouse of result.warehouses) usableQuantity += warehouse.available;
      explanations.push({
        distributor: offer.distributor,
        sku: offer.sku,
        eligible: result.eligible,
        reasons: result.reasons,
        usableQuantity,
      });
    }
    // Same order whatever order the catalog returned the offers in.
    return explanations.sort((left, right) =>
      left.distributor < right.distributor
        ? -1
        : left.distributor > right.distributor
          ? 1
          : left.sku < right.sku
            ? -1
            : left.sku > right.sku
              ? 1
              : 0,
    );
  }
}

function assertSubset(
  strategy: RoutingStrategy,
  input: readonly RoutingCandidate[],
  output: readonly RoutingCandidate[],
): void {
  if (!Array.isArray(output)) {
    throw new ConfigurationError(`routing strategy "${strategy.name}" must return an array of candidates`);
  }
  for (const candidate of output) {
    if (!input.includes(candidate)) {
      throw new ConfigurationError(
        `routing strategy "${strategy.name}" returned a candidate it was not given; strategies may only narrow`,
      );
    }
  }
}

function describeUnplaced(
  run: PlanRun,
  lineIndex: number,
  code: UnplacedReasonCode,
  detail: string | undefined,
): UnplacedLine {
  const line = run.lines[lineIndex] as OrderLine;
  const candidates = code === 'no-offers' ? [] : run.explain(lineIndex);
  let message: string;
  switch (code) {
    case 'no-offers':
      message = `no offer found for SKU ${line.sku}${line.product === undefined ? '' : ' or its product identity'}`;
      break;
    case 'no-eligible-distributor': {
      const summary = candidates
        .map(
          (candidate) =>
            `${candidate.distributor} ${candidate.sku} (${candidate.reasons.map((reason) => reason.code).join(', ') || 'eligible'})`,
        )
        .join('; ');
      message = `no eligible distributor for ${line.quantity} × ${line.sku}: ${summary}`;
      break;
    }
    case 'single-shipment-unavailable':
      message = 'rules.singleShipment is "required" and no single distributor can ship every line of the order';
      break;
    case 'no-candidate-selected':
      message = `routing strategy "${detail ?? 'unknown'}" kept no candidate for ${line.quantity} × ${line.sku}`;
      break;
  }
  return { salesLineId: line.lineId, sku: line.sku, quantity: line.quantity, code, message, candidates };
}

/** A planned PO while the plan is assembled (the same object is returned). */
interface PurchaseOrderDraft {
  distributor: string;
  poNumber: string;
  salesOrderId: string;
  lines: PlannedPurchaseOrderLine[];
  subtotal: number;
  dropShipFee: number;
  estimatedShipping: number;
  leadTimeDays: number;
}

function buildPlan(run: PlanRun, placeNothing: boolean, attempt: number): OrderPlan {
  const order = run.order;
  const salesOrderId = toSalesOrderId(order);
  const purchaseOrders: PurchaseOrderDraft[] = [];
  const shelfAllocations: ShelfAllocation[] = [];
  let cost = 0;
  let estimatedShipping = 0;
  let dropShipFees = 0;
  if (!placeNothing) {
    const allocationCount = run.allocationCandidates.length;
    for (let index = 0; index < allocationCount; index++) {
      const candidate = run.allocationCandidates[index] as StockCandidate;
      const quantity = run.allocationQuantities[index] as number;
      const line = run.lines[run.allocationLines[index] as number] as OrderLine;
      const lineCost = candidate.unitCost * quantity;
      const lineShipping = candidate.estimatedShipping * quantity;
      cost += lineCost;
      estimatedShipping += lineShipping;
      if (candidate.isShelf) {
        shelfAllocations.push({
          salesLineId: line.lineId,
          sku: candidate.sku,
          quantity,
          unitCost: candidate.unitCost,
          warehouse: candidate.warehouse,
          estimatedShipping: lineShipping,
          stockSource: candidate.stockSource,
        });
        continue;
      }
      let draft: PurchaseOrderDraft | undefined;
      for (let draftIndex = 0; draftIndex < purchaseOrders.length; draftIndex++) {
        if ((purchaseOrders[draftIndex] as PurchaseOrderDraft).distributor === candidate.distributor) {
          draft = purchaseOrders[draftIndex];
          break;
        }
      }
      if (draft === undefined) {
        draft = {
          distributor: candidate.distributor,
          poNumber: run.setup.numbering.numberFor(salesOrderId, candidate.distributor, attempt),
          salesOrderId,
          lines: [],
          subtotal: 0,
          dropShipFee: 0,
          estimatedShipping: 0,
          leadTimeDays: 0,
        };
        purchaseOrders.push(draft);
      }
      draft.lines.push({
        salesLineId: line.lineId,
        sku: candidate.sku,
        quantity,
        unitCost: candidate.unitCost,
        warehouse: candidate.warehouse,
        leadTimeDays: candidate.leadTimeDays,
        stockSource: candidate.stockSource,
      });
      draft.subtotal += lineCost;
      draft.estimatedShipping += lineShipping;
      if (candidate.dropShipFee > draft.dropShipFee) {
        dropShipFees += candidate.dropShipFee - draft.dropShipFee;
        draft.dropShipFee = candidate.dropShipFee;
      }
      if (candidate.leadTimeDays > draft.leadTimeDays) draft.leadTimeDays = candidate.leadTimeDays;
    }
  }
  const unplaced: UnplacedLine[] = [];
  let revenue = 0;
  let anyPlaced = false;
  for (let index = 0; index < run.lines.length; index++) {
    const line = run.lines[index] as OrderLine;
    // Lines are placed whole: a line is placed exactly when its routing recorded no failure.
    if (!placeNothing && run.failures[index] === undefined) {
      revenue += line.unitPrice * line.quantity;
      anyPlaced = true;
      continue;
    }
    const failure = run.failures[index];
    unplaced.push(describeUnplaced(run, index, failure?.code ?? 'single-shipment-unavailable', failure?.detail));
  }
  if (anyPlaced) revenue += order.shippingPaid ?? 0;
  const marketplaceFee =
    order.fees ??
    (anyPlaced ? Math.round((revenue * run.rules.marketplaceFeeBasisPoints(order.marketplace)) / 10_000) : 0);
  const profit: ProfitEstimate = {
    currency: order.currency,
    revenue,
    cost,
    dropShipFees,
    estimatedShipping,
    marketplaceFee,
    profit: revenue - cost - dropShipFees - estimatedShipping - marketplaceFee,
  };
  const holds: PlanHold[] = [];
  const minimumProfit = run.rules.rules.minimumProfit;
  if (minimumProfit !== undefined && anyPlaced && profit.profit < minimumProfit) {
    holds.push({
      code: 'below-minimum-profit',
      message: `estimated profit ${profit.profit} is below the minimum of ${minimumProfit} (${order.currency} minor units)`,
    });
  }
  return {
    salesOrderId,
    marketplace: order.marketplace,
    currency: order.currency,
    purchaseOrders,
    shelfAllocations,
    unplaced,
    complete: unplaced.length === 0,
    profit,
    holds,
  };
}

function route(run: PlanRun): boolean {
  const mode = run.rules.rules.singleShipment;
  const allPlaced = run.routeAll(undefined);
  if (mode === 'none') return false;
  if (run.distributorsUsedUpToTwo() <= 1) {
    // Required: every line or nothing.
    return mode === 'required' && !allPlaced;
  }
  const trialDistributors = run.distributorsForEveryLine();
  if (trialDistributors.length === 0) return mode === 'required';
  const independent = run.snapshot();
  let best: TrialScore | undefined;
  let bestSnapshot: RoutingSnapshot | undefined;
  for (const distributor of trialDistributors) {
    run.reset();
    if (!run.routeAll(distributor)) continue;
    const score = run.scoreTrial(distributor);
    if (best === undefined || run.compareTrials(score, best) < 0) {
      best = score;
      bestSnapshot = run.snapshot();
    }
  }
  if (bestSnapshot !== undefined) {
    run.restore(bestSnapshot);
    return false;
  }
  run.restore(independent);
  return mode === 'required';
}

/**
 * Creates a planner: validates the rules, checks and strategies once, then plans any number of
 * orders with them. Routing per line: eligible offers' usable warehouses, narrowed by each
 * strategy in turn (in stock, shelf stock, brand preference, fastest lead time, lowest landed
 * cost, fixed tie-break). Per order: `rules.singleShipment` `preferred` moves every line to one
 * distributor when one can ship them all; `required` places nothing unless one can (shelf
 * stock, shipped by the dealer, sits outside that rule). Lines are placed whole or not at all.
 *
 * @param options - rules, catalog, checks, strategies, PO prefix.
 * @throws {@link ValidationError} when an option is malformed.
 */
export function createPlanner(options: PlannerOptions = {}): Planner {
  const setup = validateSetup(options);
  return {
    rules: setup.rules,
    plan(input: SalesOrder, planOptions: PlanOptions = {}): OrderPlan {
      validatePlanOptions(planOptions);
      const order = toPlannableOrder(input);
      const run = new PlanRun(setup, order, planOptions);
      const placeNothing = route(run);
      const plan = buildPlan(run, placeNothing, planOptions.attempt ?? 0);
      if (planOptions.ledger !== undefined && planOptions.reserve !== false && !placeNothing)
        run.reserveInto(planOptions.ledger);
      return plan;
    },
  };
}

/**
 * Plans one order with a throw-away planner. Convenient for one-off calls; for many orders,
 * create the planner once with {@link createPlanner}.
 *
 * @param order - the sales order.
 * @param options - planner and plan options together.
 * @throws {@link ValidationError} when the order or an option is malformed.
 */
export function planOrder(order: SalesOrder, options: PlannerOptions & PlanOptions = {}): OrderPlan {
  const { rules, catalog, checks, strategies, poNumberPrefix, ...planOptions } = options ?? {};
  return createPlanner({ rules, catalog, checks, strategies, poNumberPrefix }).plan(order, planOptions);
}
