/**
 * `@dropship/walmart`: pushes shipment tracking to Walmart Marketplace (Ship Order Lines) with a
 * cached client-credentials token, per-line quantities and both known error shapes, and imports
 * released orders (`GET /v3/orders/released`) with their acknowledgement.
 *
 * @packageDocumentation
 */
export {
  createWalmartCancellationAnswers,
  planWalmartCancellation,
  type WalmartCancellationContext,
  type WalmartCancelOrderLinesRequest,
} from './answer-walmart-cancellation.js';
export {
  buildWalmartShipRequest,
  WALMART_SELLER_ORDER_ID_MAX_LENGTH,
  type WalmartShipRequestInput,
} from './build-walmart-ship-request.js';
export {
  chooseWalmartMethodCode,
  type WalmartMethodCodeChoice,
} from './choose-walmart-method-code.js';
export { mapWalmartError } from './map-walmart-error.js';
export {
  isWalmartIntentToCancel,
  mapWalmartOrder,
  readWalmartCancellation,
  readWalmartOrderStatus,
  readWalmartTime,
  toWalmartCountryCode,
  type WalmartCancellationLineInput,
  type WalmartLineStatusInput,
  type WalmartOrderMappingSettings,
  type WalmartProductChargeReading,
} from './map-walmart-order.js';
export { describeWalmartErrors, parseWalmartErrors, type WalmartErrorDetail } from './parse-walmart-errors.js';
export {
  planWalmartShipment,
  readWalmartLineStates,
  WALMART_CUSTOMER_CANCEL_REASON,
  type WalmartLineState,
  type WalmartShipmentPlan,
} from './plan-walmart-shipment.js';
export {
  isWalmartCarrier,
  toWalmartCarrier,
  type WalmartCarrier,
  type WalmartCarrierChoice,
  type WalmartCarrierName,
  walmartCarrierByCode,
  walmartCarriers,
} from './walmart-carriers.js';
export { createWalmart, type WalmartAdapter } from './walmart-client.js';
export {
  batchWalmartUpdates,
  buildWalmartInventoryFeed,
  buildWalmartPriceFeed,
  createWalmartListings,
  readWalmartSubmissionId,
  WALMART_FEED_STATUS_PAGE_SIZE,
  type WalmartFeedType,
  type WalmartListingsContext,
  walmartSubmissionId,
} from './walmart-listings.js';
export {
  WALMART_RELEASED_ORDERS_MAX_LIMIT,
  type WalmartListedOrder,
  type WalmartListedOrderLine,
  type WalmartReleasedOrdersPage,
  walmartChargeSchema,
  walmartListedLineStatusSchema,
  walmartListedOrderLineSchema,
  walmartListedOrderSchema,
  walmartListedOrderStatusSchema,
  walmartPostalAddressSchema,
  walmartReleasedOrdersPageSchema,
} from './walmart-order-schemas.js';
export {
  createWalmartOrders,
  WALMART_ALL_ORDERS_PATH,
  WALMART_LISTING_REACH_MS,
  WALMART_RELEASED_ORDERS_PATH,
  type WalmartOrdersContext,
} from './walmart-orders.js';
export {
  type WalmartMethodCode,
  type WalmartOrderLine,
  type WalmartOrderLineStatus,
  type WalmartOrderResponse,
  type WalmartShipOrderLine,
  type WalmartShipOrderLinesRequest,
  type WalmartTokenResponse,
  walmartListOf,
  walmartMethodCodes,
  walmartOrderLineSchema,
  walmartOrderLineStatusSchema,
  walmartOrderResponseSchema,
  walmartTokenResponseSchema,
} from './walmart-schemas.js';
export {
  resolveWalmartSettings,
  WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT,
  WALMART_BASE_URL,
  WALMART_CLIENT_ID_ENV,
  WALMART_CLIENT_SECRET_ENV,
  WALMART_FEED_RATE_LIMIT,
  WALMART_LIST_ORDERS_RATE_LIMIT,
  WALMART_LISTINGS_BATCH_SIZE,
  WALMART_LISTINGS_MAX_BATCH_SIZE,
  WALMART_LISTINGS_READ_RATE_LIMIT,
  WALMART_SANDBOX_BASE_URL,
  WALMART_SERVICE_NAME,
  type WalmartListingsOptions,
  type WalmartListingsSettings,
  type WalmartOptions,
  type WalmartOrdersOptions,
  type WalmartOrdersSettings,
  type WalmartSettings,
} from './walmart-settings.js';
export {
  createWalmartTokenCache,
  type WalmartAccessToken,
  type WalmartTokenCache,
  type WalmartTokenCacheOptions,
} from './walmart-token-cache.js';
