/**
 * `@dropship/amazon`: confirms shipments on Amazon with SP-API Orders v0 `confirmShipment`, with
 * an LWA access token from the seller's refresh token and a package reference id derived from
 * the order and tracking number so that a retry edits rather than duplicates.
 *
 * @packageDocumentation
 */
export {
  AMAZON_ENVIRONMENT_VARIABLES,
  AMAZON_US_MARKETPLACE_ID,
  type AmazonAdapter,
  type AmazonSettings,
  amazonConfirmShipmentRateLimit,
  createAmazon,
} from './amazon-adapter.js';
export { type AmazonCarrier, amazonCarrierCodes, toAmazonCarrier } from './amazon-carrier-codes.js';
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
export {
  createLwaTokenProvider,
  LWA_TOKEN_URL,
  type LwaTokenProvider,
  type LwaTokenProviderSettings,
} from './lwa-token-provider.js';
export { type AmazonFailedResponse, mapAmazonError, readAmazonErrors } from './map-amazon-error.js';
