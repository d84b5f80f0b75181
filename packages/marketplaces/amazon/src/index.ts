/**
 * `@dropship/amazon`: confirms shipments on Amazon with SP-API Orders v0 `confirmShipment`, with
 * an LWA access token from the seller's refresh token and a package reference id derived from
 * the order and tracking number so that a retry edits rather than duplicates; and lists the
 * seller-fulfilled orders for intake (`getOrders` with a Restricted Data Token for the ship-to,
 * `getOrderItems` per order), mapped to `SalesOrder`s.
 *
 * @packageDocumentation
 */

export { isRefusedAccessToken, sendWithFreshAccessToken } from './amazon-access-token.js';
export {
  AMAZON_ENVIRONMENT_VARIABLES,
  AMAZON_US_MARKETPLACE_ID,
  type AmazonAdapter,
  type AmazonListingsSettings,
  type AmazonOrderSettings,
  type AmazonSettings,
  amazonConfirmShipmentRateLimit,
  createAmazon,
} from './amazon-adapter.js';
export { type AmazonCarrier, amazonCarrierCodes, toAmazonCarrier } from './amazon-carrier-codes.js';
export {
  AMAZON_LISTINGS_BATCH_SIZE,
  type AmazonListingsContext,
  amazonListingsRateLimits,
  buildAmazonListingPatch,
  createAmazonListings,
} from './amazon-listings.js';
export {
  AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS,
  AMAZON_MAX_ORDERS_PER_PAGE,
  type AmazonAddress,
  type AmazonGetOrderItemsResponse,
  type AmazonGetOrdersResponse,
  type AmazonMoney,
  type AmazonOrder,
  type AmazonOrderItem,
  type AmazonRestrictedDataTokenResponse,
  amazonAddressSchema,
  amazonGetOrderItemsResponseSchema,
  amazonGetOrdersResponseSchema,
  amazonMoneySchema,
  amazonOrderItemSchema,
  amazonOrderRateLimits,
  amazonOrderSchema,
  amazonOrdersRestrictedResource,
  amazonRestrictedDataTokenResponseSchema,
} from './amazon-order-schemas.js';
export {
  type AmazonConfirmShipmentRequest,
  type AmazonError,
  type AmazonRegion,
  amazonErrorBodySchema,
  amazonErrorSchema,
  amazonRegionHosts,
  type LwaTokenResponse,
  lwaTokenResponseSchema,
} from './amazon-schemas.js';
export { amazonPackageReferenceId, buildAmazonShipmentConfirmation } from './build-amazon-shipment-confirmation.js';
export { type AmazonOrdersDependencies, appliedRateWarning, createAmazonOrders } from './list-amazon-orders.js';
export {
  createLwaTokenProvider,
  LWA_TOKEN_URL,
  type LwaTokenProvider,
  type LwaTokenProviderSettings,
} from './lwa-token-provider.js';
export { type AmazonFailedResponse, mapAmazonError, readAmazonErrors } from './map-amazon-error.js';
export {
  mapAmazonOrder,
  mapAmazonOrderStatus,
  readAmazonCancellation,
  toAmazonListedOrder,
} from './map-amazon-order.js';
export {
  createRestrictedDataTokenProvider,
  type GetOrdersAccess,
  type RestrictedDataTokenProvider,
  type RestrictedDataTokenProviderSettings,
} from './restricted-data-token-provider.js';
