// The listings and offers of the two listings benchmarks (listings.bench.ts, listing-push.bench.ts):
// the routing benchmark's deterministic catalog, and listings over the four marketplaces.
import type { ListingInput, OfferInput } from '@dropship/core';
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
