import { z } from 'zod';
import { type CompiledInventoryRules, compileInventoryRules } from '../eligibility/compile-inventory-rules.js';
import { defaultEligibilityChecks } from '../eligibility/eligibility-checks.js';
import type { EligibilityCheck } from '../eligibility/eligibility-types.js';
import { type InstantInput, resolveNow } from '../eligibility/resolve-now.js';
import { ValidationError } from '../errors/validation-error.js';
import { orderReservationSchema } from '../model/intake-records.js';
import type { InventoryRules, InventoryRulesInput } from '../model/inventory-rules.js';
import { type Offer, type OfferInput, parseOfferList } from '../model/offer.js';
import { parseWith } from '../model/parse.js';
import { productKeys } from '../model/product-key.js';
import { checkSchema } from '../routing/create-planner.js';
import type { OrderReservation } from '../spec/v1/store.js';
import {
  type Listing,
  type ListingDefaults,
  type ListingDefaultsInput,
  type ListingInput,
  listingKey,
  listingParts,
  parseListingDefaults,
  parseListings,
} from './listing.js';
import {
  type AvailabilityEnvironment,
  computeListingAvailability,
  type ListingAvailability,
} from './listing-availability.js';

/** What a listing last showed on its marketplace (as the push step recorded it). */
export interface PublishedListingValues {
  /** Quantity last published. */
  readonly quantity: number;
  /** Price last published, minor units (undefined: none was). */
  readonly price: number | undefined;
}

/** A listing whose quantity or price must change on its marketplace. */
export interface ListingChange {
  /** What it should show now. */
  readonly availability: ListingAvailability;
  /** What it last showed (undefined: never published). */
  readonly published: PublishedListingValues | undefined;
}

/** Options of {@link computeAvailability} and {@link createAvailabilityIndex}. Unknown keys are refused. */
export interface ListingAvailabilityOptions {
  /** Inventory rules, as routing takes them (default: every default rule). */
  rules?: InventoryRulesInput | InventoryRules | CompiledInventoryRules;
  /** Eligibility checks, as the planner takes them (default: `defaultEligibilityChecks`). */
  checks?: readonly EligibilityCheck[];
  /** The instant to judge offer expiry against (default: now). Fixed for the life of an index. */
  now?: InstantInput;
  /** Listing defaults: safety buffer, cap, fee per line. */
  defaults?: ListingDefaultsInput;
}

/** Options of {@link createAvailabilityIndex}. */
export interface AvailabilityIndexOptions extends ListingAvailabilityOptions {
  /**
   * What each listing last showed, by listing key; read (never written) each time changes are
   * computed, so the caller updates it after a push. Default: nothing published.
   */
  published?: ReadonlyMap<string, PublishedListingValues>;
}

const optionsSchema = z.strictObject({
  rules: z.unknown().optional(),
  checks: z.array(checkSchema, 'must be an array of eligibility checks').optional(),
  now: z.unknown().optional(),
  defaults: z.unknown().optional(),
  published: z.instanceof(Map, { message: 'must be a Map of listing key → { quantity, price }' }).optional(),
});

const reservationListSchema = z.array(orderReservationSchema);

/** The key of an offer: one (distributor, SKU) is one offer. */
function offerId(offer: { readonly distributor: string; readonly sku: string }): string {
  return `${offer.distributor}\u0000${offer.sku}`;
}

/** Appends to the list under `key` (lists are short: the few offers or listings of one product). */
function addTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Removes from the list under `key`. */
function removeFrom<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) return;
  const at = list.indexOf(value);
  if (at !== -1) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

/** True when what a listing should show differs from what it last showed. */
function differs(availability: ListingAvailability, published: PublishedListingValues | undefined): boolean {
  return (
    published === undefined || published.quantity !== availability.quantity || published.price !== availability.price
  );
}

/**
 * An incremental view of every listing's availability over offers and reservations: after a feed
 * update or an order's reservations, only the listings whose products are concerned are computed
 * again, and those whose quantity or price differs from what was last published are returned.
 * Pure and deterministic (no I/O, no clock after creation); the answers always equal a full
 * {@link computeAvailability} over the same data.
 */
export interface AvailabilityIndex {
  /** What a listing should show now, by listing key (`<marketplace>:<SKU>`). */
  availability(key: string): ListingAvailability | undefined;
  /** Every listing's availability, in the order the listings were given. */
  all(): ListingAvailability[];
  /**
   * Every listing whose values differ from what was last published (a full reconcile), in the
   * order the listings were given.
   */
  changes(): ListingChange[];
  /**
   * Takes in offers a feed added or changed (an offer replaces the one with the same distributor
   * and SKU) and offers it removed, then returns the concerned listings whose values now differ
   * from what was last published.
   *
   * @param changedOffers - offers added or changed (validated).
   * @param removedOffers - (distributor, SKU) of offers gone from the catalog.
   * @throws {@link ValidationError} for a malformed offer; nothing is taken in then.
   */
  update(
    changedOffers: readonly (Offer | OfferInput)[],
    removedOffers?: readonly { readonly distributor: string; readonly sku: string }[],
  ): ListingChange[];
  /**
   * Replaces every reservation of one sales order (as the store's `replaceReservations` does),
   * then returns the concerned listings whose values now differ from what was last published.
   *
   * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
   * @param reservations - all of that order's reservations now (validated; each must belong to it).
   * @throws {@link ValidationError} for a malformed reservation; nothing is taken in then.
   */
  applyReservations(salesOrderId: string, reservations: readonly OrderReservation[]): ListingChange[];
}

/** The mutable state behind an index, and the environment the computation reads. */
class AvailabilityState implements AvailabilityEnvironment {
  readonly rules: CompiledInventoryRules;
  readonly checks: readonly EligibilityCheck[];
  readonly nowMs: number;
  readonly defaults: ListingDefaults;
  readonly listings: readonly Listing[];
  readonly listingsByKey = new Map<string, Listing>();
  /** Product key → keys of the listings selling it (bundle parts included). */
  readonly listingsByProduct = new Map<string, string[]>();
  /**
   * The offers of the products some listing sells, by id. An offer of no listed product cannot
   * change any listing (the listings are fixed for the life of the index), so it is not kept.
   */
  readonly offers = new Map<string, Offer>();
  /** Product key → the offers of that product (listed products only). */
  readonly offersByProduct = new Map<string, Offer[]>();
  readonly reservationsByOrder = new Map<string, readonly OrderReservation[]>();
  readonly reservationsByOffer = new Map<string, OrderReservation[]>();
  readonly current = new Map<string, ListingAvailability>();

  constructor(listings: readonly Listing[], options: ListingAvailabilityOptions) {
    this.rules = compileInventoryRules(options.rules);
    this.checks = options.checks ?? defaultEligibilityChecks;
    this.nowMs = resolveNow(options.now);
    this.defaults = parseListingDefaults(options.defaults);
    this.listings = listings;
    for (const listing of listings) {
      const key = listingKey(listing);
      this.listingsByKey.set(key, listing);
      for (const part of listingParts(listing))
        for (const productKey of productKeys(part.product)) addTo(this.listingsByProduct, productKey, key);
    }
  }

  offersOf(keys: readonly string[]): Iterable<Offer> {
    if (keys.length === 1) return this.offersByProduct.get(keys[0] as string) ?? [];
    // An offer with brand + MPN and UPC sits under both keys: once each.
    const found = new Set<Offer>();
    for (const key of keys) for (const offer of this.offersByProduct.get(key) ?? []) found.add(offer);
    return found;
  }

  reservationsOf(distributor: string, sku: string): readonly OrderReservation[] | undefined {
    return this.reservationsByOffer.get(offerId({ distributor, sku }));
  }

  /** Puts an offer in (replacing the one with its id); adds the listings it concerns to `touched`. */
  putOffer(offer: Offer, touched: Set<string> | undefined): void {
    const id = offerId(offer);
    this.dropOffer(id, touched);
    const keys = productKeys(offer);
    if (!keys.some((productKey) => this.listingsByProduct.has(productKey))) return;
    this.offers.set(id, offer);
    for (const productKey of keys) {
      addTo(this.offersByProduct, productKey, offer);
      this.touchProduct(productKey, touched);
    }
  }

  /** Takes an offer out; adds the listings it concerned to `touched`. */
  dropOffer(id: string, touched: Set<string> | undefined): void {
    const old = this.offers.get(id);
    if (old === undefined) return;
    this.offers.delete(id);
    for (const productKey of productKeys(old)) {
      removeFrom(this.offersByProduct, productKey, old);
      this.touchProduct(productKey, touched);
    }
  }

  /** Adds the listings of the product of every offer with this id to `touched` (reservations moved). */
  touchOffer(id: string, touched: Set<string> | undefined): void {
    const offer = this.offers.get(id);
    if (offer !== undefined) for (const productKey of productKeys(offer)) this.touchProduct(productKey, touched);
  }

  private touchProduct(productKey: string, touched: Set<string> | undefined): void {
    if (touched === undefined) return;
    const keys = this.listingsByProduct.get(productKey);
    if (keys !== undefined) for (const key of keys) touched.add(key);
  }

  /** Replaces one order's reservations; adds the listings they concern (before and after) to `touched`. */
  replaceReservations(
    salesOrderId: string,
    reservations: readonly OrderReservation[],
    touched: Set<string> | undefined,
  ): void {
    const changedOffers = new Set<string>();
    for (const reservation of this.reservationsByOrder.get(salesOrderId) ?? []) {
      const id = offerId(reservation);
      changedOffers.add(id);
      const list = this.reservationsByOffer.get(id);
      if (list === undefined) continue;
      const kept = list.filter((entry) => entry.salesOrderId !== salesOrderId);
      if (kept.length === 0) this.reservationsByOffer.delete(id);
      else this.reservationsByOffer.set(id, kept);
    }
    if (reservations.length === 0) this.reservationsByOrder.delete(salesOrderId);
    else this.reservationsByOrder.set(salesOrderId, reservations);
    for (const reservation of reservations) {
      const id = offerId(reservation);
      changedOffers.add(id);
      const list = this.reservationsByOffer.get(id);
      if (list === undefined) this.reservationsByOffer.set(id, [reservation]);
      else list.push(reservation);
    }
    for (const id of changedOffers) this.touchOffer(id, touched);
  }

  /** Computes the listings again and returns those that differ from what was published. */
  recompute(
    keys: Iterable<string>,
    published: ReadonlyMap<string, PublishedListingValues> | undefined,
  ): ListingChange[] {
    const changes: ListingChange[] = [];
    for (const key of keys) {
      const availability = computeListingAvailability(this.listingsByKey.get(key) as Listing, this);
      this.current.set(key, availability);
      const last = published?.get(key);
      if (differs(availability, last)) changes.push({ availability, published: last });
    }
    return changes;
  }
}

/** Parses the listings (unless parsed already), the offers, the reservations and the options. */
function setUp(
  listings: readonly (Listing | ListingInput)[],
  offers: readonly (Offer | OfferInput)[],
  reservations: readonly OrderReservation[],
  options: AvailabilityIndexOptions,
): { state: AvailabilityState; published: ReadonlyMap<string, PublishedListingValues> | undefined } {
  const parsedOptions = parseWith(optionsSchema, options ?? {}, 'listing availability options');
  const parsedListings = parseListings(listings);
  const parsedOffers = parseOfferList(offers, 'offers');
  const parsedReservations = parseWith(reservationListSchema, reservations, 'reservations');
  const state = new AvailabilityState(parsedListings, options ?? {});
  for (const offer of parsedOffers) state.putOffer(offer, undefined);
  const byOrder = new Map<string, OrderReservation[]>();
  for (const reservation of parsedReservations) {
    const list = byOrder.get(reservation.salesOrderId);
    if (list === undefined) byOrder.set(reservation.salesOrderId, [reservation]);
    else list.push(reservation);
  }
  for (const [salesOrderId, list] of byOrder) state.replaceReservations(salesOrderId, list, undefined);
  return { state, published: parsedOptions.published as ReadonlyMap<string, PublishedListingValues> | undefined };
}

/**
 * Every listing's availability computed from scratch (see {@link computeListingAvailability}):
 * the reference the incremental index must always equal. An offer given twice (same distributor
 * and SKU): the later one counts.
 *
 * @param listings - the listings (validated by {@link parseListings} unless parsed already).
 * @param offers - every offer of the catalog.
 * @param reservations - every reservation of the store's intake capability (any status).
 * @param options - rules, checks, instant, defaults.
 * @returns availability by listing key, in the order the listings were given.
 * @throws {@link ValidationError} for malformed input.
 */
export function computeAvailability(
  listings: readonly (Listing | ListingInput)[],
  offers: readonly (Offer | OfferInput)[],
  reservations: readonly OrderReservation[],
  options: ListingAvailabilityOptions = {},
): Map<string, ListingAvailability> {
  const { state } = setUp(listings, offers, reservations, options);
  const result = new Map<string, ListingAvailability>();
  for (const listing of state.listings) {
    const key = listingKey(listing);
    result.set(key, computeListingAvailability(listing, state));
  }
  return result;
}

/**
 * Builds an {@link AvailabilityIndex}: listings indexed by product key (bundle parts included),
 * offers by (distributor, SKU) and product key, reservations by order and by offer; every
 * listing computed once.
 *
 * @param listings - the listings (validated by {@link parseListings} unless parsed already).
 * @param offers - every offer of the catalog (later duplicates of a distributor SKU win).
 * @param reservations - every reservation of the store's intake capability (any status).
 * @param options - rules, checks, instant, defaults and what was last published.
 * @throws {@link ValidationError} for malformed input.
 */
export function createAvailabilityIndex(
  listings: readonly (Listing | ListingInput)[],
  offers: readonly (Offer | OfferInput)[],
  reservations: readonly OrderReservation[],
  options: AvailabilityIndexOptions = {},
): AvailabilityIndex {
  const { state, published } = setUp(listings, offers, reservations, options);
  const allKeys = state.listings.map(listingKey);
  state.recompute(allKeys, published);
  return {
    availability: (key) => state.current.get(key),
    all: () => allKeys.map((key) => state.current.get(key) as ListingAvailability),
    changes: () =>
      allKeys.flatMap((key) => {
        const availability = state.current.get(key) as ListingAvailability;
        const last = published?.get(key);
        return differs(availability, last) ? [{ availability, published: last }] : [];
      }),
    update(changedOffers, removedOffers = []) {
      const parsed = parseOfferList(changedOffers, 'changed offers');
      const removed = parseWith(removedOffersSchema, removedOffers, 'removed offers');
      const touched = new Set<string>();
      for (const offer of removed) state.dropOffer(offerId(offer), touched);
      for (const offer of parsed) state.putOffer(offer, touched);
      return state.recompute(touched, published);
    },
    applyReservations(salesOrderId, reservations) {
      const parsed = parseWith(reservationListSchema, reservations, 'reservations');
      const stranger = parsed.findIndex((reservation) => reservation.salesOrderId !== salesOrderId);
      if (stranger !== -1)
        throw new ValidationError('reservations', [
          {
            path: `${stranger}.salesOrderId`,
            message: `must be ${salesOrderId} (the order whose reservations are replaced)`,
          },
        ]);
      const touched = new Set<string>();
      state.replaceReservations(salesOrderId, parsed, touched);
      return state.recompute(touched, published);
    },
  };
}

const removedOffersSchema = z.array(z.strictObject({ distributor: z.string().min(1), sku: z.string().min(1) }));
