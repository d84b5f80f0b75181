import type { Offer } from '../../model/offer.js';
import type { ProductIdentity } from '../../model/product-key.js';

/** What to look offers up by: a SKU (dealer or distributor), a product identity, or both. */
export interface OfferQuery {
  /** A distributor SKU (or the dealer SKU a listing uses). */
  sku?: string;
  /** Brand + MPN and/or UPC. */
  product?: ProductIdentity;
}

/** What a bulk catalog update did. */
export interface CatalogUpdateResult {
  /** Offers inserted or updated. */
  upserted: number;
  /** Offers of the distributor that were not in the new set and were retired. */
  retired: number;
}

/**
 * Where the dropshipper finds every distributor's offers for a product. Version 1.
 *
 * `findOffers` returns every offer of the same product across distributors (the SKU swap
 * candidates): offers sharing a brand + MPN or a UPC with the SKU or identity asked for.
 */
export interface Catalog {
  readonly specificationVersion: 'v1';
  /** Every offer for the product behind `query`, across distributors; empty when unknown. */
  findOffers(query: OfferQuery): Promise<Offer[]>;
  /** One distributor's offer for its SKU. */
  getOffer(distributor: string, sku: string): Promise<Offer | undefined>;
  /** Inserts or replaces offers (keyed by distributor + SKU). */
  upsertOffers(offers: Iterable<Offer> | AsyncIterable<Offer>): Promise<CatalogUpdateResult>;
  /**
   * Replaces one distributor's whole offer set: upserts `offers` and retires the distributor's
   * offers that are not among them (a new day's feed).
   */
  replaceOffers(distributor: string, offers: Iterable<Offer> | AsyncIterable<Offer>): Promise<CatalogUpdateResult>;
}
