import { explainOfferEligibility } from '../eligibility/check-offer-eligibility.js';
import type { CompiledInventoryRules } from '../eligibility/compile-inventory-rules.js';
import type { EligibilityCheck, OfferCheckContext, StockCheckContext } from '../eligibility/eligibility-types.js';
import {
  type ReservedStockView,
  RowScan,
  type StockCandidate,
  scanOfferStock,
} from '../eligibility/evaluate-offer-stock.js';
import type { RealTimeStock } from '../eligibility/real-time-stock.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { Offer } from '../model/offer.js';
import type { OrderLine, ParsedSalesOrder } from '../model/sales-order.js';
import type { CandidateExplanation, PlanExclusion, UnplacedReasonCode } from './plan-types.js';
import type { PurchaseOrderNumbering } from './purchase-order-number.js';
import {
  distributorTieBreakStrategy,
  inStockStrategy,
  type RoutingCandidate,
  type RoutingContext,
  type RoutingStrategy,
} from './routing-strategies.js';
import type { StockLedger } from './stock-ledger.js';

/** Options that cannot change between orders, validated once by `createPlanner`. @internal */
export interface PlannerSetup {
  readonly rules: CompiledInventoryRules;
  readonly offerChecks: readonly Extract<EligibilityCheck, { kind: 'offer' }>[];
  readonly customStockChecks: readonly Extract<EligibilityCheck, { kind: 'stock' }>[];
  readonly allChecks: readonly EligibilityCheck[];
  readonly strategies: readonly RoutingStrategy[];
  /** For each strategy index: true when it is a built-in strategy (no need to check what it returns). */
  readonly strategyIsBuiltIn: readonly boolean[];
  /** For each strategy index: true when every strategy from there on is built-in and keeps the last candidate. */
  readonly restCannotEliminate: readonly boolean[];
  readonly numbering: PurchaseOrderNumbering;
}

/** Per-plan options after parsing. @internal */
export interface ParsedPlanOptions {
  readonly nowMs: number;
  readonly ledger: StockLedger | undefined;
  readonly realTimeStock: RealTimeStock | undefined;
  /** Offers not to use (distributor, warehouse, lines). */
  readonly exclusions: readonly PlanExclusion[];
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
export interface RoutingSnapshot {
  lines: number[];
  candidates: StockCandidate[];
  quantities: number[];
  failures: (LineFailure | undefined)[];
}

/** Score of a single-distributor trial; lower wins, compared field by field. */
export interface TrialScore {
  distributor: string;
  brandRankSum: number;
  maxLeadTimeDays: number;
  landedTotal: number;
}

/**
 * The state of one plan: every line's candidates (eligible offers' usable warehouses), the
 * allocations made so far, and why lines failed. Routing and the single-shipment trials drive it.
 *
 * @internal
 */
export class PlanRun implements ReservedStockView {
  readonly setup: PlannerSetup;
  readonly rules: CompiledInventoryRules;
  readonly order: ParsedSalesOrder;
  readonly lines: readonly OrderLine[];
  readonly nowMs: number;
  readonly ledger: StockLedger | undefined;
  readonly realTimeStock: RealTimeStock | undefined;
  readonly allowSplit: boolean;
  /** Usable warehouses per line (eligible offers only). */
  readonly candidates: StockCandidate[][];
  /** Every offer found per line (for explanations), excluded distributors left out. */
  readonly offers: readonly (readonly Offer[])[];
  /** Offers not to use (whole distributors are left out of {@link offers}; warehouses of candidates). */
  readonly exclusions: readonly PlanExclusion[];
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

  constructor(
    setup: PlannerSetup,
    order: ParsedSalesOrder,
    offers: readonly (readonly Offer[])[],
    options: ParsedPlanOptions,
  ) {
    this.setup = setup;
    this.rules = setup.rules;
    this.order = order;
    this.lines = order.lines;
    this.nowMs = options.nowMs;
    this.ledger = options.ledger;
    this.realTimeStock = options.realTimeStock;
    this.allowSplit = setup.rules.rules.allowLineSplit;
    const count = order.lines.length;
    this.candidates = new Array(count);
    this.exclusions = options.exclusions;
    this.offers =
      options.exclusions.length === 0
        ? offers
        : offers.map((list, index) => {
            const lineId = (order.lines[index] as OrderLine).lineId;
            return list.filter(
              (offer) =>
                !options.exclusions.some(
                  (exclusion) =>
                    exclusion.warehouse === undefined &&
                    exclusion.distributor === offer.distributor &&
                    (exclusion.lineIds === undefined || exclusion.lineIds.includes(lineId)),
                ),
            );
          });
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
    for (let index = 0; index < count; index++) this.collectLine(index);
  }

  /** Finds the offers of a line, keeps the eligible ones and lists their usable warehouses. */
  private collectLine(index: number): void {
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
    const offers = this.offers[index] as readonly Offer[];
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
      if (this.exclusions.length > 0) this.dropExcludedWarehouses(line.lineId, candidates, start);
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

  /** Removes the candidates from `start` on whose warehouse is excluded for the line. */
  private dropExcludedWarehouses(lineId: string, candidates: StockCandidate[], start: number): void {
    let kept = start;
    for (let index = start; index < candidates.length; index++) {
      const candidate = candidates[index] as StockCandidate;
      const excluded = this.exclusions.some(
        (exclusion) =>
          exclusion.warehouse === candidate.warehouse &&
          exclusion.distributor === candidate.distributor &&
          (exclusion.lineIds === undefined || exclusion.lineIds.includes(lineId)),
      );
      if (!excluded) candidates[kept++] = candidate;
    }
    candidates.length = kept;
  }

  /** Every offer found for a line. */
  lineOffers(lineIndex: number): readonly Offer[] {
    return this.offers[lineIndex] ?? [];
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

  /** Adds this plan's allocations to a ledger. */
  reserveInto(ledger: StockLedger): void {
    for (let index = 0; index < this.allocationCandidates.length; index++) {
      const candidate = this.allocationCandidates[index] as StockCandidate;
      ledger.reserve(
        candidate.distributor,
        candidate.sku,
        candidate.warehouse,
        this.allocationQuantities[index] as number,
      );
    }
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
