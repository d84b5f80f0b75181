/**
 * `@dropship/shopify`: pushes shipment tracking to Shopify through the GraphQL Admin API
 * (`fulfillmentCreate` on the order's fulfillment orders), with exact carrier names, typed
 * `userErrors` and throttling; imports orders (the `orders` query by update time, and verified
 * `orders/*` webhooks); pushes listing quantities (`inventorySetQuantities`) and prices.
 *
 * @packageDocumentation
 */
export {
  createShopifyOrders,
  type ShopifyGraphqlRead,
  type ShopifyOrdersContext,
  shopifyUpdatedAtQuery,
} from './list-shopify-orders.js';
export {
  mapShopifyListedOrder,
  mapShopifyOrderStatus,
  mapShopifyRestOrder,
  readShopifyCancellation,
  SHOPIFY_DEFAULT_READY_FINANCIAL_STATUSES,
  type ShopifyOrderStatusFacts,
  shopifyNumericId,
} from './map-shopify-order.js';
export {
  DEFAULT_THROTTLE_WAIT_MS,
  describeShopifyUserErrors,
  MIN_THROTTLE_WAIT_MS,
  parseShopifyGraphqlErrors,
  type ShopifyGraphqlFailure,
  throttleWaitMs,
} from './parse-shopify-errors.js';
export {
  CREATE_FULFILLMENT,
  findFulfillmentWithTracking,
  planShopifyFulfillment,
  readShopifyTrackingCoverage,
  type ShopifyFulfillmentPlan,
  type ShopifyLineItemsByFulfillmentOrder,
  type ShopifyLocationFulfillment,
  type ShopifyTrackingCoverage,
} from './plan-shopify-fulfillment.js';
export {
  type ShopifyTrackingChoice,
  type ShopifyTrackingCompany,
  type ShopifyTrackingInput,
  shopifyCompanyByCode,
  shopifyTrackingCompanies,
  toShopifyTrackingInfo,
} from './shopify-carriers.js';
export { createShopify, SHOPIFY_MAX_THROTTLE_WAIT_MS, type ShopifyAdapter } from './shopify-client.js';
export { toShopifyGid } from './shopify-ids.js';
export {
  LISTING_LEVELS_QUERY,
  LOCATIONS_QUERY,
  listingLevelsDataSchema,
  locationsDataSchema,
  SET_PRICES_SELECTION,
  SET_QUANTITIES_FIELD,
  SHOPIFY_MAX_LISTING_BATCH_SIZE,
  SHOPIFY_SKUS_PER_LOOKUP,
  type ShopifyListingUserError,
  setPricesDataSchema,
  setQuantitiesDataSchema,
  shopifyListingUserErrorSchema,
  shopifyRetryableListingErrorCodes,
  VARIANTS_BY_SKU_QUERY,
  variantsBySkuDataSchema,
} from './shopify-listing-schemas.js';
export {
  buildShopifyListingMutation,
  createShopifyListings,
  planShopifyListingBatches,
  SHOPIFY_IDEMPOTENCY_WINDOW_MS,
  SHOPIFY_PRICE_PRODUCTS_PER_CALL,
  type ShopifyGraphqlCall,
  type ShopifyListingBatch,
  type ShopifyListingContext,
  type ShopifyListingItem,
  type ShopifyVariantIds,
  shopifyIdempotencyKey,
  shopifySkuSearch,
} from './shopify-listings.js';
export {
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_QUERY,
  SHOPIFY_MAX_PAGE_SIZE,
  SHOPIFY_MAX_QUERY_COST,
  type ShopifyListedOrder,
  type ShopifyOrderLineItem,
  type ShopifyRestOrder,
  shopifyListedOrderSchema,
  shopifyMailingAddressSchema,
  shopifyOrderLineItemSchema,
  shopifyOrderLineItemsDataSchema,
  shopifyOrderLineItemsQueryCost,
  shopifyOrdersPageDataSchema,
  shopifyOrdersQueryCost,
  shopifyRestOrderSchema,
} from './shopify-order-schemas.js';
export {
  FULFILLMENT_CREATE_MUTATION,
  FULFILLMENT_ORDERS_QUERY,
  fulfillmentCreateDataSchema,
  fulfillmentOrdersDataSchema,
  graphqlEnvelopeSchema,
  type ShopifyFulfillment,
  type ShopifyFulfillmentInput,
  type ShopifyFulfillmentOrder,
  type ShopifyFulfillmentOrderLineItem,
  type ShopifyOrderFulfillmentData,
  type ShopifyUserErrorEntry,
  shopifyFulfillmentOrderLineItemSchema,
  shopifyFulfillmentOrderSchema,
  shopifyFulfillmentSchema,
  shopifyTrackingInfoSchema,
  shopifyUserErrorEntrySchema,
} from './shopify-schemas.js';
export {
  resolveShopifySettings,
  SHOPIFY_ACCESS_TOKEN_ENV,
  SHOPIFY_API_VERSION_ENV,
  SHOPIFY_DEFAULT_API_VERSION,
  SHOPIFY_DEFAULT_LINE_ITEMS_PER_ORDER,
  SHOPIFY_DEFAULT_ORDER_PAGE_SIZE,
  SHOPIFY_SHOP_ENV,
  type ShopifyListingOptions,
  type ShopifyOptions,
  type ShopifyOrderOptions,
  type ShopifySettings,
  shopifyReadyFinancialStatusesSchema,
} from './shopify-settings.js';
export { ShopifyUserError, type ShopifyUserErrorField } from './shopify-user-error.js';
export {
  type ParseShopifyOrderWebhookInput,
  parseShopifyOrderWebhook,
  SHOPIFY_ORDER_WEBHOOK_TOPICS,
  type ShopifyOrderWebhook,
  type ShopifyOrderWebhookTopic,
  type ShopifyWebhookBody,
  type ShopifyWebhookHeaders,
  type VerifyShopifyWebhookInput,
  verifyShopifyWebhook,
} from './shopify-webhook.js';
