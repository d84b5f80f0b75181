/**
 * `@dropship/ebay`: pushes shipment tracking to eBay with the Sell Fulfillment API
 * (`createShippingFulfillment`), reading existing fulfillments first so that a second push does
 * nothing.
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
  EBAY_PRODUCTION_URL,
  EBAY_SANDBOX_URL,
  type EbayAdapter,
  type EbaySettings,
} from './ebay-adapter.js';
export { ebayCarrierCodes, toEbayCarrierCode } from './ebay-carrier-codes.js';
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
  type EbayFailedResponse,
  ebayErrorIds,
  ebayErrorIdsOf,
  mapEbayError,
  readEbayErrors,
} from './map-ebay-error.js';
