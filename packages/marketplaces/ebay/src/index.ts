/**
 * `@dropship/ebay`: pushes shipment tracking to eBay with the Sell Fulfillment API
 * (`createShippingFulfillment`), reading existing fulfillments first so that a second push does
 * nothing, lists the orders changed in a window for order intake (`getOrders`), and pushes
 * listing quantities and prices (`bulkUpdatePriceQuantity`).
 *
 * @packageDocumentation
 */
export {
  buildEbayShippingFulfillment,
  ebayShippedQuantities,
  findEbayFulfillment,
  toEbayTrackingNumber,
} from './build-ebay-shipping-fulfillment.js';
export {
  createEbay,
  EBAY_ACCESS_TOKEN_ENV,
  EBAY_LISTING_RATE_LIMIT,
  EBAY_ORDER_LIST_RATE_LIMIT,
  EBAY_PRODUCTION_URL,
  EBAY_SANDBOX_URL,
  type EbayAdapter,
  type EbayListingOptions,
  type EbayOrderSettings,
  type EbaySettings,
} from './ebay-adapter.js';
export {
  createEbayCancellations,
  type EbayCancellationClients,
  type EbayCancellations,
  type EbayCancelRequest,
  ebayAnsweredCancelStatuses,
  ebayCancellationDetailSchema,
  ebayCancellationPath,
  ebayCancelRequestSchema,
  ebayOpenCancelStatuses,
  ebayOrderCancelStatusSchema,
  ebayOrderPath,
  readEbayCancellation,
} from './ebay-cancellations.js';
export { ebayCarrierCodes, toEbayCarrierCode } from './ebay-carrier-codes.js';
export {
  EBAY_BULK_PRICE_QUANTITY_PATH,
  EBAY_DEFAULT_LISTING_BATCH_SIZE,
  EBAY_MAX_LISTING_BATCH_SIZE,
  EBAY_OFFERS_PATH,
  type EbayOffer,
  type EbayPriceQuantityRequest,
  type EbayPriceQuantityResponse,
  ebayBulkPriceQuantityResponseSchema,
  ebayInventoryItemPath,
  ebayInventoryItemSchema,
  ebayOfferSchema,
  ebayOffersSchema,
  ebayPriceQuantityResponseSchema,
  ebayRetryableListingErrorIds,
} from './ebay-listing-schemas.js';
export { createEbayListings, type EbayListingSettings, ebayListingOutcome } from './ebay-listings.js';
export {
  EBAY_ORDER_PAGE_MAXIMUM,
  type EbayAmount,
  type EbayContact,
  type EbayLineItem,
  type EbayOrder,
  type EbayOrderFulfillmentStatusFilter,
  type EbayOrderPage,
  ebayAmountSchema,
  ebayContactSchema,
  ebayLineItemSchema,
  ebayOrderFulfillmentStatusFilters,
  ebayOrderPageSchema,
  ebayOrderSchema,
} from './ebay-order-schemas.js';
export {
  type EbayError,
  type EbayFulfillment,
  type EbayFulfillmentList,
  type EbayShippingFulfillmentDetails,
  ebayErrorBodySchema,
  ebayErrorSchema,
  ebayFulfillmentListSchema,
  ebayFulfillmentSchema,
} from './ebay-schemas.js';
export {
  buildEbayOrderListQuery,
  createEbayOrders,
  EBAY_ORDERS_PATH,
  type EbayOrderListSettings,
} from './list-ebay-orders.js';
export {
  type EbayFailedResponse,
  ebayErrorIds,
  ebayErrorIdsOf,
  ebayOrderListErrorIds,
  mapEbayError,
  readEbayErrors,
} from './map-ebay-error.js';
export { mapEbayOrder, mapEbayOrderStatus, toEbayListedOrder } from './map-ebay-order.js';
