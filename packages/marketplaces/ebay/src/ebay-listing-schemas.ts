import { z } from 'zod';
import { ebayAmountSchema } from './ebay-order-schemas.js';
import { ebayErrorSchema } from './ebay-schemas.js';

/** The path of `getOffers` and of the offers (https://developer.ebay.com/api-docs/sell/inventory/resources/offer/methods/getOffers). */
export const EBAY_OFFERS_PATH = '/sell/inventory/v1/offer';

/** The path of `bulkUpdatePriceQuantity` (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity). */
export const EBAY_BULK_PRICE_QUANTITY_PATH = '/sell/inventory/v1/bulk_update_price_quantity';

/** The path of one inventory item (`getInventoryItem`, https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/getInventoryItem). */
export function ebayInventoryItemPath(sku: string): string {
  return `/sell/inventory/v1/inventory_item/${encodeURIComponent(sku)}`;
}

/**
 * The most inventory items one `bulkUpdatePriceQuantity` call carries by the `BulkPriceQuantity`
 * type: "up to 25" (https://developer.ebay.com/api-docs/sell/inventory/types/slr:BulkPriceQuantity).
 * The method's own description says "Only one SKU (one product) can be updated per call"
 * (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity):
 * the adapter's default batch size is that safe reading, {@link EBAY_DEFAULT_LISTING_BATCH_SIZE}.
 */
export const EBAY_MAX_LISTING_BATCH_SIZE = 25;

/** The batch size used by default: one SKU per call, the method description's reading (modelled: which reading eBay enforces is not documented). */
export const EBAY_DEFAULT_LISTING_BATCH_SIZE = 1;

/**
 * One offer as `getOffers` returns it (https://developer.ebay.com/api-docs/sell/inventory/types/slr:EbayOfferDetailsWithAll),
 * what the adapter reads of it; lenient.
 */
export const ebayOfferSchema = z.object({
  offerId: z.string().min(1),
  sku: z.string(),
  format: z.string().optional(),
  status: z.string().optional(),
  availableQuantity: z.number().int().optional(),
  pricingSummary: z.object({ price: ebayAmountSchema.optional() }).optional(),
});

/** One offer as `getOffers` returns it. */
export type EbayOffer = z.infer<typeof ebayOfferSchema>;

/** The `Offers` body of `getOffers` (https://developer.ebay.com/api-docs/sell/inventory/resources/offer/methods/getOffers). */
export const ebayOffersSchema = z.object({
  total: z.number().int().optional(),
  offers: z.array(ebayOfferSchema).default([]),
});

/** The inventory item as `getInventoryItem` returns it, what the adapter reads (the ship-to-home quantity). */
export const ebayInventoryItemSchema = z.object({
  sku: z.string().optional(),
  availability: z
    .object({
      shipToLocationAvailability: z.object({ quantity: z.number().int().optional() }).optional(),
    })
    .optional(),
});

/** One entry of the `BulkPriceQuantityResponse` (https://developer.ebay.com/api-docs/sell/inventory/types/slr:PriceQuantityResponse). */
export const ebayPriceQuantityResponseSchema = z.object({
  statusCode: z.number().int(),
  sku: z.string().optional(),
  offerId: z.string().optional(),
  errors: z.array(ebayErrorSchema).optional(),
  warnings: z.array(ebayErrorSchema).optional(),
});

/** One entry of the bulk answer. */
export type EbayPriceQuantityResponse = z.infer<typeof ebayPriceQuantityResponseSchema>;

/** The `BulkPriceQuantityResponse` body, at HTTP 200 or 207. */
export const ebayBulkPriceQuantityResponseSchema = z.object({
  responses: z.array(ebayPriceQuantityResponseSchema),
});

/** One request of a `bulkUpdatePriceQuantity` body (https://developer.ebay.com/api-docs/sell/inventory/types/slr:PriceQuantity). */
export interface EbayPriceQuantityRequest {
  sku: string;
  shipToLocationAvailability?: { quantity: number };
  offers: { offerId: string; availableQuantity?: number; price?: { value: string; currency: string } }[];
}

/**
 * Per-item error ids of the Inventory API that a later resend can overcome: 25001 (system error)
 * and 25025 ("Concurrent access of Inventory … try again later", listed by other Inventory calls;
 * that `bulkUpdatePriceQuantity` answers it per item is modelled).
 */
export const ebayRetryableListingErrorIds: readonly number[] = [25001, 25025];
