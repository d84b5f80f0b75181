import { type Listing, listingKey } from '../../listings/listing.js';
import { type ParsedSalesOrder, parseSalesOrder } from '../../model/sales-order.js';

/** What {@link withListingProducts} made of an order: the order to take in, or why it cannot be. */
export type ListingProductsResult =
  | { kind: 'order'; order: ParsedSalesOrder }
  | { kind: 'unmappable'; field: string; reason: string };

/**
 * The product behind each line of a marketplace order, from the dealer's listings (the
 * `listings` option): a marketplace's order API gives the listing's SKU only, no brand, MPN or
 * UPC, and a listing SKU is rarely a distributor's SKU, so routing could find no offer for it. A
 * line without a product whose `(marketplace, sku)` is a listing of one product gets that
 * product; a line whose listing is a bundle cannot be placed line for line (the marketplace's
 * line must keep its id for the tracking push): the order is held, naming the line. Lines with a
 * product, and lines of no listing (a listing SKU that is a distributor's SKU), are left as they
 * are.
 *
 * @param order - the parsed order.
 * @param listings - the dealer's listings by `listingKey` (empty: nothing changes).
 * @returns the order (the same object when no line changed), or why it is held.
 */
export function withListingProducts(
  order: ParsedSalesOrder,
  listings: ReadonlyMap<string, Listing>,
): ListingProductsResult {
  if (listings.size === 0) return { kind: 'order', order };
  let changed = false;
  const lines = [];
  for (const [index, line] of order.lines.entries()) {
    const listing =
      line.product === undefined
        ? listings.get(listingKey({ marketplace: order.marketplace, sku: line.sku }))
        : undefined;
    if (listing === undefined) {
      lines.push(line);
      continue;
    }
    if (listing.product === undefined) {
      return {
        kind: 'unmappable',
        field: `lines.${index}.sku`,
        reason: `listing ${line.sku} sells a bundle of ${listing.bundle?.length ?? 0} products: intake does not place bundles line by line (place the order by hand)`,
      };
    }
    lines.push({ ...line, product: listing.product });
    changed = true;
  }
  return { kind: 'order', order: changed ? parseSalesOrder({ ...order, lines }) : order };
}
