// The listings and offers of the two listings benchmarks (listings.bench.ts, listing-push.bench.ts):
// the routing benchmark's deterministic catalog, and listings over the four marketplaces.
import { type ListingInput, type Offer, type OfferInput, parseOfferList, productKeys } from '@dropship/core';
import { DISTRIBUTORS, feed, mix } from './routing-data.js';

const BRANDS = 200;

/** The identity the routing data gives a product (brand + MPN). */
export function productIdentity(product: number): { brand: string; mpn: string } {
  return { brand: `Brand ${product % BRANDS}`, mpn: `MP-${product.toString(36).toUpperCase()}` };
}

/** The first `count` offers of the routing data's feeds (`products` products per distributor). */
export function benchOffers(count: number, products: number): OfferInput[] {
  const offers: OfferInput[] = [];
  for (let distributor = 0; distributor < DISTRIBUTORS.length && offers.length < count; distributor++)
    for (const offer of feed(distributor, products)) {
      if (offers.length >= count) break;
      offers.push(offer);
    }
  return offers;
}

/**
 * `count` listings over `marketplaces` in turn: 90 % one product, 10 % bundles of two; half fixed
 * price, half cost-plus; a third with a same-day handling time; a fifth capped at 10.
 */
export function benchListings(count: number, products: number, marketplaces: readonly string[]): ListingInput[] {
  const listings: ListingInput[] = [];
  for (let index = 0; index < count; index++) {
    const product = mix(index, 7) % products;
    const isBundle = index % 10 === 9;
    listings.push({
      marketplace: marketplaces[index % marketplaces.length] as string,
      sku: `L-${index}`,
      ...(isBundle
        ? {
            bundle: [
              { product: productIdentity(product), quantity: 1 },
              { product: productIdentity(mix(index, 11) % products), quantity: 2 },
            ],
          }
        : { product: productIdentity(product) }),
      currency: 'USD',
      handlingTimeDays: index % 3 === 0 ? 0 : 1,
      price:
        index % 2 === 0
          ? { kind: 'fixed', amount: 20_000 + (mix(index, 3) % 30_000) }
          : { kind: 'cost-plus', marginBasisPoints: 2000, floor: 1500 },
      ...(index % 5 === 0 ? { maximumQuantity: 10 } : {}),
    } as ListingInput);
  }
  return listings;
}

/**
 * The 1 % feed updates of the listings benchmarks: round `round` changes `count` offers chosen
 * deterministically (cost and every warehouse's quantity), validated. The changed offers replace
 * the old ones in `offers`, so the next round changes today's values.
 */
export function feedUpdate(offers: Offer[], round: number, count: number): Offer[] {
  const changed: OfferInput[] = [];
  const positions: number[] = [];
  for (let index = 0; index < count; index++) {
    const position = mix(round * 1_000_003 + index, 5) % offers.length;
    const old = offers[position] as Offer;
    positions.push(position);
    changed.push({
      ...old,
      cost: old.cost + (index % 2 === 0 ? 37 : -1),
      stock: old.stock.map((row, rowIndex) => ({
        ...row,
        quantity: (row.quantity + round + rowIndex + (index % 3)) % 14,
      })),
    });
  }
  const update = parseOfferList(changed, 'feed update');
  for (const [index, offer] of update.entries()) offers[positions[index] as number] = offer;
  return update;
}

/** The bare baseline of the listings benchmarks, over its own Map from product key to offers. */
export interface BareBaseline {
  /** Every listing's quantity from the offers' stock within the lead time (the minimum over a bundle's parts). */
  recompute(): number;
  /** Puts changed offers in place of the old ones (the same data the product sees). */
  replace(update: readonly Offer[]): void;
}

/**
 * A Map-based loop that recomputes every listing's quantity: no eligibility, reservations, price
 * or comparison. Both listings benchmarks measure against it.
 */
export function createBareBaseline(offers: readonly Offer[], listings: readonly ListingInput[]): BareBaseline {
  const offersByProduct = new Map<string, Offer[]>();
  for (const offer of offers) {
    const key = productKeys(offer)[0] as string;
    const list = offersByProduct.get(key);
    if (list === undefined) offersByProduct.set(key, [offer]);
    else list.push(offer);
  }
  const partsOfListings = listings.map((listing) =>
    (listing.bundle ?? [{ product: listing.product as { brand: string; mpn: string }, quantity: 1 }]).map((part) => ({
      key: productKeys(part.product)[0] as string,
      quantity: part.quantity ?? 1,
    })),
  );
  return {
    recompute() {
      let total = 0;
      for (const parts of partsOfListings) {
        let quantity = Number.POSITIVE_INFINITY;
        for (const part of parts) {
          let units = 0;
          for (const offer of offersByProduct.get(part.key) ?? [])
            for (const row of offer.stock) if (row.leadTimeDays <= 1) units += row.quantity;
          quantity = Math.min(quantity, Math.floor(units / part.quantity));
        }
        total += quantity;
      }
      return total;
    },
    replace(update) {
      for (const offer of update) {
        const list = offersByProduct.get(productKeys(offer)[0] as string) as Offer[];
        const at = list.findIndex((old) => old.distributor === offer.distributor && old.sku === offer.sku);
        list[at] = offer;
      }
    },
  };
}
