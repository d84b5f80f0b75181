import { catalogStockReadAt, reservationHoldsStock } from '../dropshipper/intake/order-reservations.js';
import { type CompiledInventoryRules, compileInventoryRules } from '../eligibility/compile-inventory-rules.js';
import { builtInStockChecks } from '../eligibility/eligibility-checks.js';
import type { EligibilityCheck, OfferCheckContext, StockCheckContext } from '../eligibility/eligibility-types.js';
import {
  type ReservedStockView,
  RowScan,
  type StockCandidate,
  scanOfferStock,
} from '../eligibility/evaluate-offer-stock.js';
import { MAX_AMOUNT_MINOR_UNITS } from '../model/money.js';
import type { Offer } from '../model/offer.js';
import { productKeys } from '../model/product-key.js';
import type { OrderLine } from '../model/sales-order.js';
import { landedCost } from '../routing/routing-strategies.js';
import type { OrderReservation } from '../spec/v1/store.js';
import { type BundlePart, type Listing, type ListingDefaults, listingKey, listingParts } from './listing.js';
import { type FeeTerms, netAfterFees, priceFromRule } from './listing-price.js';

/**
 * Why a listing shows 0 although it has offers, or has no price:
 * - `no-eligible-stock`: no eligible offer with usable units (for every part of a bundle);
 * - `loss-after-fees`: eligible stock exists, but selling at the listing's price and fulfilling
 *   from it would lose money after the marketplace's fees (a fixed price below the landed cost);
 * - `price-unsettled`: a price-dependent check (the drop-ship cutoff) keeps changing which offers
 *   are eligible as the cost-plus price follows them; nothing is shown rather than a guess.
 */
export type ListingUnavailableReason = 'no-eligible-stock' | 'loss-after-fees' | 'price-unsettled';

/** What a listing should show now: its quantity and price, and why it is 0 when it is. */
export interface ListingAvailability {
  /** `<marketplace>:<listing SKU>`. */
  readonly key: string;
  /** Marketplace id. */
  readonly marketplace: string;
  /** Listing SKU. */
  readonly sku: string;
  /** Units to show: eligible stock − reservations − safety buffer, at least 0, capped. */
  readonly quantity: number;
  /** True when a stock count reported as a floor ("that many or more") decides the quantity and no cap applies. */
  readonly atLeast: boolean;
  /** Price to show, integer minor units; undefined for a cost-plus listing with nothing eligible. */
  readonly price: number | undefined;
  /** Currency of the price. */
  readonly currency: string;
  /** Cheapest eligible landed cost of one sale (every part of a bundle), minor units. */
  readonly landedCost: number | undefined;
  /** Why the quantity is 0 or the price missing, when it is for one of these reasons. */
  readonly reason?: ListingUnavailableReason;
}

/**
 * What the availability of a listing is computed from. Built by {@link createAvailabilityIndex}
 * and {@link computeAvailability}; exported for callers that hold offers and reservations in
 * their own structures.
 */
export interface AvailabilityEnvironment {
  /** The routing rules (compiled). */
  readonly rules: CompiledInventoryRules;
  /** The eligibility checks routing runs (the same list as the planner's). */
  readonly checks: readonly EligibilityCheck[];
  /** The instant to judge offer expiry against, epoch ms. */
  readonly nowMs: number;
  /** Listing defaults (buffer, cap, fee per line). */
  readonly defaults: ListingDefaults;
  /** The offers sharing any of these product keys, each (distributor, SKU) once. */
  offersOf(keys: readonly string[]): Iterable<Offer>;
  /** The reservations at one distributor SKU (any order, any status), or undefined when none. */
  reservationsOf(distributor: string, sku: string): readonly OrderReservation[] | undefined;
}

/** Per-environment caches: the checks split as routing splits them, rules per handling time. */
interface Prepared {
  readonly offerChecks: readonly Extract<EligibilityCheck, { kind: 'offer' }>[];
  readonly customStockChecks: readonly Extract<EligibilityCheck, { kind: 'stock' }>[];
  readonly rulesByHandlingTime: Map<number, CompiledInventoryRules>;
}

const prepared = new WeakMap<AvailabilityEnvironment, Prepared>();

function prepare(environment: AvailabilityEnvironment): Prepared {
  let value = prepared.get(environment);
  if (value === undefined) {
    const { checks } = environment;
    value = {
      offerChecks: checks.filter(
        (check): check is Extract<EligibilityCheck, { kind: 'offer' }> => check.kind === 'offer',
      ),
      customStockChecks: checks.filter(
        (check): check is Extract<EligibilityCheck, { kind: 'stock' }> =>
          check.kind === 'stock' && !builtInStockChecks.has(check),
      ),
      rulesByHandlingTime: new Map(),
    };
    prepared.set(environment, value);
  }
  return value;
}

/**
 * The routing rules for a listing: the channel's handling time lowers the maximum lead time when
 * it is shorter (stock that ships later than the listing promises is not counted); never raises it.
 */
function rulesFor(
  environment: AvailabilityEnvironment,
  caches: Prepared,
  handlingTimeDays: number,
): CompiledInventoryRules {
  const base = environment.rules;
  if (handlingTimeDays >= base.rules.maxLeadTimeDays) return base;
  let rules = caches.rulesByHandlingTime.get(handlingTimeDays);
  if (rules === undefined) {
    rules = compileInventoryRules({ ...base.rules, maxLeadTimeDays: handlingTimeDays });
    caches.rulesByHandlingTime.set(handlingTimeDays, rules);
  }
  return rules;
}

/** The units other orders' reservations hold at each warehouse of one offer's catalog stock. */
class OfferReservations implements ReservedStockView {
  constructor(private readonly byWarehouse: ReadonlyMap<string, number>) {}

  reserved(_distributor: string, _sku: string, warehouse: string): number {
    return this.byWarehouse.get(warehouse) ?? 0;
  }

  isUntouched(): boolean {
    return this.byWarehouse.size === 0;
  }
}

/**
 * The reservations that take units from an offer's catalog stock, per warehouse: the intake's rule
 * (`reservationHoldsStock`: open ones, and consumed ones the stock was read before).
 */
function reservedView(environment: AvailabilityEnvironment, offer: Offer): ReservedStockView | undefined {
  const reservations = environment.reservationsOf(offer.distributor, offer.sku);
  if (reservations === undefined || reservations.length === 0) return undefined;
  const readAt = catalogStockReadAt(offer);
  const byWarehouse = new Map<string, number>();
  for (const reservation of reservations) {
    const closedAt = reservation.closedAt === undefined ? undefined : Date.parse(reservation.closedAt);
    if (!reservationHoldsStock(reservation, readAt, closedAt) || reservation.warehouse === undefined) continue;
    byWarehouse.set(reservation.warehouse, (byWarehouse.get(reservation.warehouse) ?? 0) + reservation.quantity);
  }
  return byWarehouse.size === 0 ? undefined : new OfferReservations(byWarehouse);
}

/** One eligible offer of a part: its landed cost for the part's quantity and its usable units. */
interface EligibleOffer {
  readonly landed: number;
  readonly units: number;
  readonly isFloor: boolean;
}

/** The eligible offers of each part at one sale price. */
interface PartsAtPrice {
  readonly parts: EligibleOffer[][];
  /** Per part: the cheapest landed cost (undefined: nothing eligible). */
  readonly cheapest: (number | undefined)[];
  /** Sum of the parts' cheapest landed costs; undefined when a part has nothing eligible. */
  readonly landed: number | undefined;
}

/**
 * The offers routing would accept for an order line of this listing at `unitPrice`: the same
 * sequence as the planner (offer checks, the stock scan under the rules with reservations
 * deducted, then custom stock checks), each (distributor, SKU) once.
 */
function evaluateParts(
  listing: Listing,
  parts: readonly BundlePart[],
  unitPrice: number,
  environment: AvailabilityEnvironment,
  caches: Prepared,
  rules: CompiledInventoryRules,
): PartsAtPrice {
  const scan = new RowScan(rules, undefined);
  const candidates: StockCandidate[] = [];
  const result: EligibleOffer[][] = [];
  const cheapest: (number | undefined)[] = [];
  let landed: number | undefined = 0;
  for (const part of parts) {
    const line: OrderLine = {
      lineId: 'listing',
      sku: listing.sku,
      product: part.product,
      quantity: part.quantity,
      unitPrice,
    };
    const context: OfferCheckContext = {
      line,
      quantity: part.quantity,
      rules,
      nowMs: environment.nowMs,
      currency: listing.currency,
    };
    const eligible: EligibleOffer[] = [];
    let partCheapest: number | undefined;
    offerLoop: for (const offer of environment.offersOf(productKeys(part.product))) {
      for (const check of caches.offerChecks) if (check.check(offer, context) !== undefined) continue offerLoop;
      candidates.length = 0;
      scan.reserved = reservedView(environment, offer);
      scanOfferStock(offer, scan, undefined, candidates, undefined);
      if (caches.customStockChecks.length > 0) {
        const stockContext: StockCheckContext = {
          ...context,
          stock: {
            usable: candidates.slice(),
            usableQuantity: scan.usableQuantity,
            blocked: [],
            stockSource: scan.stockSource,
            notFound: scan.notFound,
          },
        };
        for (const check of caches.customStockChecks)
          if (check.check(offer, stockContext) !== undefined) continue offerLoop;
      }
      const first = candidates[0];
      if (first === undefined) continue;
      let isFloor = false;
      for (const candidate of candidates) if (candidate.isFloor) isFloor = true;
      const offerLanded = landedCost(first, part.quantity);
      eligible.push({ landed: offerLanded, units: scan.usableQuantity, isFloor });
      if (partCheapest === undefined || offerLanded < partCheapest) partCheapest = offerLanded;
    }
    result.push(eligible);
    cheapest.push(partCheapest);
    landed = partCheapest === undefined || landed === undefined ? undefined : landed + partCheapest;
  }
  return { parts: result, cheapest, landed };
}

/** The fees of a listing: its own, else the rules' share for its marketplace and the defaults' amount per line. */
export function listingFees(listing: Listing, rules: CompiledInventoryRules, defaults: ListingDefaults): FeeTerms {
  return {
    basisPoints: listing.fees?.basisPoints ?? rules.marketplaceFeeBasisPoints(listing.marketplace),
    perLine: listing.fees?.perLine ?? defaults.feePerLine[listing.marketplace] ?? 0,
  };
}

/** Most rounds a cost-plus price is re-checked against price-dependent checks before giving up. */
const MAX_PRICE_ROUNDS = 4;

/**
 * What one listing should show now. Pure: same listing and environment, same answer.
 *
 * - **Eligible stock:** for each product (each part of a bundle), the offers routing would accept
 *   for an order line of the listing at its price (the planner's checks and rules, lead time
 *   included; the channel's handling time lowers the maximum lead time when shorter; shelf stock
 *   when the rules use it), minus the units other orders' reservations hold (the intake's rule).
 * - **Price:** from the price rule and the cheapest eligible landed cost (routing's `landedCost`);
 *   for `cost-plus`, eligibility is checked again at the price found until it settles.
 * - **Never a loss after fees:** an offer counts only when selling at the price and fulfilling
 *   from it (other parts at their cheapest) keeps at least its landed cost after fees; when that
 *   leaves nothing, the quantity is 0 with reason `loss-after-fees`.
 * - **Quantity:** per part, the units of the counted offers divided by the part's quantity (per
 *   offer unless the rules allow line splits); a bundle shows the minimum over its parts; then the
 *   safety buffer is taken off, the result floored at 0 and capped.
 *
 * @param listing - a validated listing.
 * @param environment - offers, reservations, rules, instant and defaults.
 */
export function computeListingAvailability(
  listing: Listing,
  environment: AvailabilityEnvironment,
): ListingAvailability {
  const caches = prepare(environment);
  const rules = rulesFor(environment, caches, listing.handlingTimeDays);
  const fees = listingFees(listing, environment.rules, environment.defaults);
  const parts = listingParts(listing);
  const base = {
    key: listingKey(listing),
    marketplace: listing.marketplace,
    sku: listing.sku,
    currency: listing.currency,
  };
  let evaluated: PartsAtPrice;
  let price: number | undefined;
  if (listing.price.kind === 'fixed') {
    price = listing.price.amount;
    evaluated = evaluateParts(listing, parts, price, environment, caches, rules);
  } else {
    let checkedAt = MAX_AMOUNT_MINOR_UNITS;
    let rounds = 0;
    for (;;) {
      evaluated = evaluateParts(listing, parts, checkedAt, environment, caches, rules);
      price = priceFromRule(listing.price, evaluated.landed, fees);
      if (price === undefined || price === checkedAt) break;
      if (++rounds > MAX_PRICE_ROUNDS)
        return {
          ...base,
          quantity: 0,
          atLeast: false,
          price: undefined,
          landedCost: undefined,
          reason: 'price-unsettled',
        };
      checkedAt = price;
    }
  }
  if (evaluated.landed === undefined)
    return { ...base, quantity: 0, atLeast: false, price, landedCost: undefined, reason: 'no-eligible-stock' };
  const net = netAfterFees(price as number, fees);
  const allowSplit = rules.rules.allowLineSplit;
  let units = Number.POSITIVE_INFINITY;
  let atLeast = true;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as BundlePart;
    const budget = net - (evaluated.landed - (evaluated.cheapest[index] as number));
    let partUnits = 0;
    let whole = 0;
    let partFloor = false;
    for (const offer of evaluated.parts[index] as EligibleOffer[]) {
      if (offer.landed > budget) continue;
      partUnits += offer.units;
      whole += Math.floor(offer.units / part.quantity);
      if (offer.isFloor) partFloor = true;
    }
    const sales = allowSplit ? Math.floor(partUnits / part.quantity) : whole;
    if (sales < units) {
      units = sales;
      atLeast = partFloor;
    } else if (sales === units) atLeast = atLeast && partFloor;
  }
  if (units === 0 && net < evaluated.landed)
    return { ...base, quantity: 0, atLeast: false, price, landedCost: evaluated.landed, reason: 'loss-after-fees' };
  const buffer = listing.safetyBuffer ?? environment.defaults.safetyBuffer;
  const held =
    buffer === undefined ? 0 : 'units' in buffer ? buffer.units : Math.ceil((units * buffer.basisPoints) / 10_000);
  let quantity = Math.max(0, units - held);
  const cap = listing.maximumQuantity ?? environment.defaults.maximumQuantity;
  if (cap !== undefined && quantity >= cap) {
    quantity = cap;
    atLeast = false;
  }
  return { ...base, quantity, atLeast, price, landedCost: evaluated.landed };
}
