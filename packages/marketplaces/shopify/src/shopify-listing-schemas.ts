import { z } from 'zod';

/**
 * The most quantities one `inventorySetQuantities` call carries: "Input arguments that accept an
 * array have a maximum size of 250" (https://shopify.dev/docs/api/usage/limits).
 */
export const SHOPIFY_MAX_LISTING_BATCH_SIZE = 250;

/** SKUs looked up per `productVariants` query (`sku:"A" OR sku:"B" …`, up to 250 variants back). */
export const SHOPIFY_SKUS_PER_LOOKUP = 50;

/**
 * Finds variants by SKU (https://shopify.dev/docs/api/admin-graphql/latest/queries/productVariants,
 * search syntax `sku:`): the variant, its product and its inventory item. SKUs are not unique in a
 * shop: every match is read, and the adapter keeps exact matches only.
 */
export const VARIANTS_BY_SKU_QUERY = `query DropshipVariantsBySku($first: Int!, $query: String!, $after: String) {
  productVariants(first: $first, query: $query, after: $after) {
    nodes { id sku product { id } inventoryItem { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The shop's locations, to use the only one when none is configured (https://shopify.dev/docs/api/admin-graphql/latest/queries/locations). */
export const LOCATIONS_QUERY = `query DropshipLocations {
  locations(first: 2) { nodes { id } }
}`;

/**
 * The `inventorySetQuantities` field of a push: absolute `available` quantities with compare-and-swap (`changeFromQuantity`) and the
 * idempotency key Shopify requires from 2026-04
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities,
 * https://shopify.dev/changelog/making-idempotency-mandatory-for-inventory-adjustments-and-refund-mutations).
 */
export const SET_QUANTITIES_FIELD =
  'inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) { inventoryAdjustmentGroup { changes { name quantityAfterChange item { id } } } userErrors { code field message } }';

/**
 * What a push reads of each `productVariantsBulkUpdate` (variant prices of one product,
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/productVariantsBulkUpdate).
 */
export const SET_PRICES_SELECTION = 'productVariants { id price } userErrors { code field message }';

/**
 * Reads what listings show: each inventory item's `available` quantity at the location and its
 * variant's price, with the shop's currency (https://shopify.dev/docs/api/admin-graphql/latest/objects/InventoryLevel).
 */
export const LISTING_LEVELS_QUERY = `query DropshipListingLevels($ids: [ID!]!, $locationId: ID!) {
  shop { currencyCode }
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
      variant { price }
    }
  }
}`;

/** One `userErrors` entry of the listing mutations (`code`, `field` into the input, `message`). */
export const shopifyListingUserErrorSchema = z.object({
  code: z.string().nullish(),
  field: z.array(z.string()).nullish(),
  message: z.string(),
});

/** One `userErrors` entry of the listing mutations. */
export type ShopifyListingUserError = z.infer<typeof shopifyListingUserErrorSchema>;

/** `data` of {@link VARIANTS_BY_SKU_QUERY}. */
export const variantsBySkuDataSchema = z.object({
  productVariants: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        sku: z.string().nullish(),
        product: z.object({ id: z.string() }),
        inventoryItem: z.object({ id: z.string() }),
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  }),
});

/** `data` of {@link LOCATIONS_QUERY}. */
export const locationsDataSchema = z.object({
  locations: z.object({ nodes: z.array(z.object({ id: z.string() })) }),
});

/** `data` of the `inventorySetQuantities` field ({@link SET_QUANTITIES_FIELD}), unaliased. */
export const setQuantitiesDataSchema = z.object({
  inventorySetQuantities: z.object({
    inventoryAdjustmentGroup: z
      .object({
        changes: z.array(
          z.object({
            name: z.string(),
            quantityAfterChange: z.number().int().nullish(),
            item: z.object({ id: z.string() }).nullish(),
          }),
        ),
      })
      .nullish(),
    userErrors: z.array(shopifyListingUserErrorSchema),
  }),
});

/** `data` of one `productVariantsBulkUpdate` field ({@link SET_PRICES_SELECTION}), unaliased. */
export const setPricesDataSchema = z.object({
  productVariantsBulkUpdate: z.object({
    productVariants: z.array(z.object({ id: z.string(), price: z.string().nullish() })).nullish(),
    userErrors: z.array(shopifyListingUserErrorSchema),
  }),
});

/** `data` of {@link LISTING_LEVELS_QUERY}. */
export const listingLevelsDataSchema = z.object({
  shop: z.object({ currencyCode: z.string() }),
  nodes: z.array(
    z
      .object({
        id: z.string(),
        inventoryLevel: z
          .object({ quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })
          .nullish(),
        variant: z.object({ price: z.string() }).nullish(),
      })
      .nullable(),
  ),
});

/**
 * `inventorySetQuantities` user-error codes a later resend can overcome
 * (https://shopify.dev/docs/api/admin-graphql/latest/enums/InventorySetQuantitiesUserErrorCode):
 * a concurrent request with the same key, an earlier attempt with the key that failed.
 */
export const shopifyRetryableListingErrorCodes: readonly string[] = [
  'IDEMPOTENCY_CONCURRENT_REQUEST',
  'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
];
