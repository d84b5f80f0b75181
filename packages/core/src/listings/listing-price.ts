import { MAX_AMOUNT_MINOR_UNITS } from '../model/money.js';
import type { PriceRule } from './listing.js';

/** What the marketplace keeps from one sale of a listing. */
export interface FeeTerms {
  /** Share of the sale price, basis points (below 10,000); rounded up to the minor unit. */
  readonly basisPoints: number;
  /** Amount per order line, integer minor units. */
  readonly perLine: number;
}

/**
 * What the dealer keeps of a sale at `price` after the marketplace's fees: the price minus its
 * share (rounded up, against the dealer) minus the amount per line. Integer arithmetic only.
 *
 * @param price - sale price, integer minor units.
 * @param fees - the marketplace's fees.
 */
export function netAfterFees(price: number, fees: FeeTerms): number {
  const share = Number((BigInt(price) * BigInt(fees.basisPoints) + 9_999n) / 10_000n);
  return price - share - fees.perLine;
}

/**
 * The lowest price whose {@link netAfterFees} is at least `net`: the price that earns `net` after
 * fees. Undefined when it would exceed `MAX_AMOUNT_MINOR_UNITS`.
 *
 * @param net - what the dealer must keep, integer minor units.
 * @param fees - the marketplace's fees.
 */
export function lowestPriceKeeping(net: number, fees: FeeTerms): number | undefined {
  if (net <= -fees.perLine) return 0;
  const denominator = BigInt(10_000 - fees.basisPoints);
  let price = Number((BigInt(net + fees.perLine) * 10_000n + denominator - 1n) / denominator);
  // The share is rounded up: step to the exact lowest price (at most a few steps either way).
  while (price > 0 && netAfterFees(price - 1, fees) >= net) price--;
  while (netAfterFees(price, fees) < net) price++;
  return price > MAX_AMOUNT_MINOR_UNITS ? undefined : price;
}

/**
 * The price a rule gives when the cheapest eligible landed cost of one sale is `landedCost`:
 * `fixed` → its amount; `cost-plus` → the lowest price that keeps, after fees, the landed cost
 * plus the margin (basis points of the cost, rounded up, plus the amount), never below the floor.
 * Undefined for `cost-plus` without a landed cost (nothing eligible) or past the largest amount.
 *
 * @param rule - the listing's price rule.
 * @param landedCost - cheapest eligible landed cost of one sale, minor units (undefined: none).
 * @param fees - the marketplace's fees.
 */
export function priceFromRule(rule: PriceRule, landedCost: number | undefined, fees: FeeTerms): number | undefined {
  if (rule.kind === 'fixed') return rule.amount;
  if (landedCost === undefined) return undefined;
  const margin = Number((BigInt(landedCost) * BigInt(rule.marginBasisPoints) + 9_999n) / 10_000n) + rule.marginAmount;
  const price = lowestPriceKeeping(landedCost + margin, fees);
  return price === undefined ? undefined : Math.max(price, rule.floor);
}
