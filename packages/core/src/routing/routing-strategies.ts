import type { CompiledInventoryRules } from '../eligibility/compile-inventory-rules.js';
import type { UsableWarehouse } from '../eligibility/eligibility-types.js';
import type { Offer } from '../model/offer.js';
import type { OrderLine, SalesOrder } from '../model/sales-order.js';

/**
 * One (offer, warehouse) that could ship a line: eligible, within lead time, with units left.
 * The money fields are copied from the offer so that strategies need not touch `offer`.
 */
export interface RoutingCandidate extends UsableWarehouse {
  /** The offer the warehouse belongs to (materialised on first read for catalog-backed candidates). */
  readonly offer: Offer;
  /** True for the dealer's own shelf stock (no PO, lead time 0). */
  readonly isShelf: boolean;
  /** The offer's brand. */
  readonly brand: string | undefined;
  /** The offer's cost of one unit, integer minor units. */
  readonly unitCost: number;
  /** The offer's drop-ship fee per PO, integer minor units. */
  readonly dropShipFee: number;
  /** The offer's estimated shipping per unit, integer minor units. */
  readonly estimatedShipping: number;
}

/** What a strategy sees besides the candidates. */
export interface RoutingContext {
  /** The sales order being planned. */
  readonly order: SalesOrder;
  /** The line being routed. */
  readonly line: OrderLine;
  /** Units still needed for the line. */
  readonly quantity: number;
  /** True when `rules.allowLineSplit` lets one line be split, so candidates covering part of it are fine. */
  readonly allowPartial: boolean;
  /** Compiled inventory rules. */
  readonly rules: CompiledInventoryRules;
}

/**
 * One step of routing: narrows the candidates of a line to the ones it prefers. Strategies run
 * in order, each on the survivors of the previous one; a strategy returning an empty list means
 * "none of these will do". Must be pure and deterministic.
 */
export interface RoutingStrategy {
  /** Stable name, used in explanations. */
  readonly name: string;
  /** Returns the preferred subset of `candidates` (the same objects, never new ones). */
  narrow(candidates: readonly RoutingCandidate[], context: RoutingContext): readonly RoutingCandidate[];
}

/** Which number `keepMinimum` compares: the brand's rank or the lead time. */
const BRAND_RANK = 0;
const LEAD_TIME = 1;
type Metric = typeof BRAND_RANK | typeof LEAD_TIME;

function metricOf(candidate: RoutingCandidate, metric: Metric, rules: CompiledInventoryRules): number {
  return metric === LEAD_TIME ? candidate.leadTimeDays : rules.rankBrand(candidate.brand);
}

/**
 * Keeps the candidates with the smallest metric. Returns the input array itself when every
 * candidate ties (no allocation on the common path).
 */
function keepMinimum(
  candidates: readonly RoutingCandidate[],
  metric: Metric,
  rules: CompiledInventoryRules,
): readonly RoutingCandidate[] {
  const count = candidates.length;
  if (count <= 1) return candidates;
  let best = metricOf(candidates[0] as RoutingCandidate, metric, rules);
  let allEqual = true;
  for (let index = 1; index < count; index++) {
    const value = metricOf(candidates[index] as RoutingCandidate, metric, rules);
    if (value !== best) {
      allEqual = false;
      if (value < best) best = value;
    }
  }
  if (allEqual) return candidates;
  const kept: RoutingCandidate[] = [];
  for (let index = 0; index < count; index++) {
    const candidate = candidates[index] as RoutingCandidate;
    if (metricOf(candidate, metric, rules) === best) kept.push(candidate);
  }
  return kept;
}

/**
 * Landed cost of taking `quantity` units from a candidate: cost × quantity + the distributor's
 * drop-ship fee + estimated shipping × quantity, in integer minor units. Shelf stock has no
 * drop-ship fee.
 *
 * @param candidate - the candidate.
 * @param quantity - units.
 */
export function landedCost(candidate: RoutingCandidate, quantity: number): number {
  return (
    (candidate.unitCost + candidate.estimatedShipping) * quantity + (candidate.isShelf ? 0 : candidate.dropShipFee)
  );
}

/**
 * In stock and eligible first: keeps the candidates that can ship every unit still needed. When
 * none can and a split is allowed, keeps every candidate with units (routing then takes what
 * each has); otherwise keeps none.
 */
export const inStockStrategy: RoutingStrategy = {
  name: 'in-stock',
  narrow(candidates, context) {
    const quantity = context.quantity;
    let full = 0;
    for (let index = 0; index < candidates.length; index++) {
      if ((candidates[index] as RoutingCandidate).available >= quantity) full++;
    }
    if (full === candidates.length) return candidates;
    const kept: RoutingCandidate[] = [];
    if (full > 0) {
      for (let index = 0; index < candidates.length; index++) {
        const candidate = candidates[index] as RoutingCandidate;
        if (candidate.available >= quantity) kept.push(candidate);
      }
      return kept;
    }
    if (!context.allowPartial) return kept;
    for (let index = 0; index < candidates.length; index++) {
      const candidate = candidates[index] as RoutingCandidate;
      if (candidate.available > 0) kept.push(candidate);
    }
    return kept;
  },
};

/**
 * Applies `rules.shelfStock`: `prefer` keeps only shelf stock when there is some; `fallback`
 * drops shelf stock when any distributor can ship; `never` drops shelf stock.
 */
export const shelfStockStrategy: RoutingStrategy = {
  name: 'shelf-stock',
  narrow(candidates, context) {
    let shelf = 0;
    for (let index = 0; index < candidates.length; index++) {
      if ((candidates[index] as RoutingCandidate).isShelf) shelf++;
    }
    if (shelf === 0) return candidates;
    const mode = context.rules.rules.shelfStock;
    if (mode === 'prefer')
      return shelf === candidates.length ? candidates : candidates.filter((candidate) => candidate.isShelf);
    if (mode === 'fallback' && shelf === candidates.length) return candidates;
    return candidates.filter((candidate) => !candidate.isShelf);
  },
};

/** Keeps the candidates whose brand ranks best in `rules.brandPreferences` (no-op without preferences). */
export const brandPreferenceStrategy: RoutingStrategy = {
  name: 'brand-preference',
  narrow(candidates, context) {
    const rules = context.rules;
    if (rules.brandRank.size === 0) return candidates;
    return keepMinimum(candidates, BRAND_RANK, rules);
  },
};

/** Keeps the candidates with the shortest lead time. */
export const fastestLeadTimeStrategy: RoutingStrategy = {
  name: 'fastest-lead-time',
  narrow(candidates, context) {
    return keepMinimum(candidates, LEAD_TIME, context.rules);
  },
};

/**
 * Keeps the candidates with the lowest landed cost per unit for what they can take of the line
 * (cost × units + drop-ship fee + estimated shipping × units, divided by units).
 */
export const lowestLandedCostStrategy: RoutingStrategy = {
  name: 'lowest-landed-cost',
  narrow(candidates, context) {
    const count = candidates.length;
    if (count <= 1) return candidates;
    const quantity = context.quantity;
    // Compare per-unit cost without floats: a/qa < b/qb  ⇔  a·qb < b·qa.
    let bestIndex = 0;
    let bestUnits = Math.min(quantity, (candidates[0] as RoutingCandidate).available);
    let bestTotal = landedCost(candidates[0] as RoutingCandidate, bestUnits);
    let ties = 1;
    for (let index = 1; index < count; index++) {
      const candidate = candidates[index] as RoutingCandidate;
      const units = Math.min(quantity, candidate.available);
      const total = landedCost(candidate, units);
      const left = total * bestUnits;
      const right = bestTotal * units;
      if (left < right) {
        bestIndex = index;
        bestUnits = units;
        bestTotal = total;
        ties = 1;
      } else if (left === right) {
        ties++;
      }
    }
    if (ties === count) return candidates;
    if (ties === 1) return [candidates[bestIndex] as RoutingCandidate];
    return candidates.filter((candidate) => {
      const units = Math.min(quantity, candidate.available);
      return landedCost(candidate, units) * bestUnits === bestTotal * units;
    });
  },
};

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The fixed, total order that breaks every tie the same way: distributors in
 * `rules.distributorPriority` order first, the others alphabetically; then SKU, then warehouse.
 *
 * @param left - a candidate.
 * @param right - another candidate.
 * @param rules - compiled rules.
 * @returns negative when `left` wins.
 */
export function compareCandidatesForTieBreak(
  left: RoutingCandidate,
  right: RoutingCandidate,
  rules: CompiledInventoryRules,
): number {
  if (left.distributor !== right.distributor) {
    const leftRank = rules.distributorRank.get(left.distributor) ?? Number.MAX_SAFE_INTEGER;
    const rightRank = rules.distributorRank.get(right.distributor) ?? Number.MAX_SAFE_INTEGER;
    if (leftRank !== rightRank) return leftRank - rightRank;
    return compareText(left.distributor, right.distributor);
  }
  return compareText(left.sku, right.sku) || compareText(left.warehouse, right.warehouse);
}

/**
 * Fixed distributor tie-break: keeps exactly one candidate, by `rules.distributorPriority`,
 * then distributor id alphabetically, then SKU, then warehouse, so ties break the same way
 * every time.
 */
export const distributorTieBreakStrategy: RoutingStrategy = {
  name: 'distributor-tie-break',
  narrow(candidates, context) {
    if (candidates.length <= 1) return candidates;
    let best = candidates[0] as RoutingCandidate;
    for (let index = 1; index < candidates.length; index++) {
      const candidate = candidates[index] as RoutingCandidate;
      if (compareCandidatesForTieBreak(candidate, best, context.rules) < 0) best = candidate;
    }
    return [best];
  },
};

/**
 * The built-in strategies, in order: in stock, shelf stock, brand preference, fastest lead
 * time, lowest landed cost, distributor tie-break. Insert your own anywhere; routing always
 * ends with the fixed tie-break, so the result is deterministic whatever the chain.
 */
export const defaultRoutingStrategies: readonly RoutingStrategy[] = Object.freeze([
  inStockStrategy,
  shelfStockStrategy,
  brandPreferenceStrategy,
  fastestLeadTimeStrategy,
  lowestLandedCostStrategy,
  distributorTieBreakStrategy,
]);
