import { computeAvailability } from '../../listings/availability-index.js';
import { type Listing, listingKey, listingParts } from '../../listings/listing.js';
import type { ListingAvailability } from '../../listings/listing-availability.js';
import type { Offer } from '../../model/offer.js';
import { productKeys } from '../../model/product-key.js';
import type { OrderReservation } from '../../spec/v1/store.js';
import type { DropshipContext } from '../context/dropship-context.js';
import { catalogStockReadAt } from '../intake/order-reservations.js';
import type { ListingPushSettings } from './listing-push-options.js';
import type { TargetValues } from './listing-push-records.js';

/** The key of an offer: one (distributor, SKU) is one offer. */
const offerId = (offer: { distributor: string; sku: string }): string => `${offer.distributor}\u0000${offer.sku}`;

/**
 * The offers of every product the listings sell (bundle parts included), from the catalog: one
 * `findOffers` per distinct product.
 */
async function offersOf(context: DropshipContext, listings: readonly Listing[]): Promise<Offer[]> {
  const products = new Map<string, Listing['product']>();
  for (const listing of listings)
    for (const part of listingParts(listing)) {
      const key = productKeys(part.product).join('|');
      if (!products.has(key)) products.set(key, part.product);
    }
  const offers = new Map<string, Offer>();
  for (const product of products.values())
    for (const offer of await context.catalog.findOffers({ product })) offers.set(offerId(offer), offer);
  return [...offers.values()];
}

/**
 * The reservations that can still hold the offers' stock (the intake's rule): per SKU, open ones
 * and consumed ones closed after the oldest catalog reading of that SKU (none consumed when no
 * reading time is known). `computeAvailability` applies the rule per reservation.
 */
async function reservationsOf(context: DropshipContext, offers: readonly Offer[]): Promise<OrderReservation[]> {
  const { store } = context;
  if (store.findReservations === undefined) return [];
  const oldest = new Map<string, number>();
  for (const offer of offers) {
    const read = catalogStockReadAt(offer);
    const known = oldest.get(offer.sku);
    // The oldest known reading decides; unknown (NaN) only when no reading time is known.
    if (known === undefined || Number.isNaN(known) || read < known) oldest.set(offer.sku, read);
  }
  const found: OrderReservation[] = [];
  for (const [sku, read] of oldest) {
    const list = await store.findReservations(
      Number.isFinite(read)
        ? { sku, status: ['open', 'consumed'], closedAfter: new Date(read).toISOString() }
        : { sku, status: 'open' },
    );
    found.push(...list);
  }
  return found;
}

/**
 * What each listing should show now, computed from scratch with the listings module (one home of
 * the rules: `computeAvailability`) from the catalog's offers and the store's reservations.
 *
 * @param context - the dropshipper's context (catalog, store, rules, clock).
 * @param settings - the push settings (listing defaults, whether prices are pushed).
 * @param listings - the listings to compute.
 * @returns availability and target values by listing key.
 */
export async function computeListingTargets(
  context: DropshipContext,
  settings: ListingPushSettings,
  listings: readonly Listing[],
): Promise<Map<string, { availability: ListingAvailability; target: TargetValues }>> {
  const offers = await offersOf(context, listings);
  const reservations = await reservationsOf(context, offers);
  const availability = computeAvailability(listings, offers, reservations, {
    rules: context.rules,
    now: context.now(),
    defaults: settings.defaults,
  });
  const result = new Map<string, { availability: ListingAvailability; target: TargetValues }>();
  for (const listing of listings) {
    const key = listingKey(listing);
    const computed = availability.get(key) as ListingAvailability;
    const target: TargetValues =
      settings.pushPrices && computed.price !== undefined
        ? { quantity: computed.quantity, price: computed.price, currency: computed.currency }
        : { quantity: computed.quantity };
    result.set(key, { availability: computed, target });
  }
  return result;
}
