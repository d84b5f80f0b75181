import type { Catalog, MemoryCatalog, OfferQuery, ProductIdentity, SyncOfferSource } from '@dropship/core';
import type { SampleProduct } from './sample-catalog.js';

/**
 * The catalog as the dealer's listings see it: a {@link Catalog} whose `findOffers` also finds a
 * product by the dealer's own listing SKU. Orders taken in from a marketplace carry the listing's
 * SKU only (no brand, MPN or UPC: the marketplaces' order APIs do not give them), and a listing SKU
 * is no distributor's SKU; the dealer knows which product each listing sells (core's `Listing`
 * says the same: marketplace + listing SKU → product), and today the planner looks offers up by
 * the line's SKU and product identity only, so the sandbox maps one to the other here.
 */
export type ListingCatalog = Catalog & SyncOfferSource;

/**
 * Wraps a memory catalog so that a query by a listing SKU of `products` (and no product identity)
 * is a query by that product's identity: every distributor's offers for it. Other queries, reads
 * and writes go to `catalog` unchanged.
 *
 * @param catalog - the catalog of distributor offers.
 * @param products - the dealer's listings: each product's `listingSku`, brand, MPN and UPC.
 */
export function createListingCatalog(catalog: MemoryCatalog, products: readonly SampleProduct[]): ListingCatalog {
  const listings = new Map<string, ProductIdentity>(
    products.map((product) => [
      product.listingSku,
      { brand: product.brand, mpn: product.mpn, ...(product.upc === undefined ? {} : { upc: product.upc }) },
    ]),
  );
  const resolve = (query: OfferQuery): OfferQuery => {
    if (query.product !== undefined || query.sku === undefined) return query;
    const product = listings.get(query.sku);
    return product === undefined ? query : { sku: query.sku, product };
  };
  return {
    specificationVersion: 'v1',
    findOffersSync: (query) => catalog.findOffersSync(resolve(query)),
    findOffers: async (query) => catalog.findOffersSync(resolve(query)),
    getOffer: (distributor, sku) => catalog.getOffer(distributor, sku),
    upsertOffers: (offers) => catalog.upsertOffers(offers),
    replaceOffers: (distributor, offers) => catalog.replaceOffers(distributor, offers),
  };
}
