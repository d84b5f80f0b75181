/**
 * `@dropship/tucker-rocky`: a `DistributorClient` v1 for Tucker Rocky's TRWS web service. Stock
 * per DC (9 means "9 or more"), drop-ship orders guarded by `allowduplicatepo=NO`, a validate-only
 * mode, per-line errors, shipments by order number. Credentials travel in the query string and are
 * redacted everywhere. Built from third-party client code (no official docs); every unknown is
 * configurable.
 *
 * @packageDocumentation
 */
export {
  convertToTuckerRockyOrder,
  type TuckerRockyOrderOptions,
  type TuckerRockyOrderParameters,
  toTuckerRockyItem,
} from './convert-to-tucker-rocky-order.js';
export { mapTuckerRockyCarrier } from './map-tucker-rocky-carrier.js';
export {
  mapTuckerRockyOrderResponse,
  type TuckerRockyOrderOutcome,
  type TuckerRockyOrderResponseContext,
} from './map-tucker-rocky-order-response.js';
export { mapTuckerRockyOrderStatus } from './map-tucker-rocky-order-status.js';
export { parseTuckerRockyInventory, type TuckerRockyInventoryContext } from './parse-tucker-rocky-inventory.js';
export {
  parseTuckerRockyPurchaseOrderRequest,
  type TuckerRockyRequestLimits,
  tuckerRockyPurchaseOrderRequestSchema,
} from './parse-tucker-rocky-purchase-order-request.js';
export {
  parseTuckerRockyShipments,
  type TuckerRockyOrderShipments,
  type TuckerRockyShipmentContext,
} from './parse-tucker-rocky-shipments.js';
export { createTuckerRocky, type TuckerRockyClient } from './tucker-rocky-client.js';
export {
  createInMemoryTuckerRockyOrderStore,
  type TuckerRockyOrderRecord,
  type TuckerRockyOrderStore,
} from './tucker-rocky-order-store.js';
export {
  type TuckerRockyInventoryResponse,
  type TuckerRockyOrderLine,
  type TuckerRockyOrderResponse,
  type TuckerRockyShipment,
  type TuckerRockyShipmentLine,
  type TuckerRockyShipmentResponse,
  type TuckerRockyStockItem,
  tuckerRockyAnyBlockSchema,
  tuckerRockyDistributionCenterSchema,
  tuckerRockyInventoryResponseSchema,
  tuckerRockyOrderLineSchema,
  tuckerRockyOrderResponseSchema,
  tuckerRockyShipmentBlockSchema,
  tuckerRockyShipmentLineSchema,
  tuckerRockyShipmentResponseSchema,
  tuckerRockyShipmentSchema,
  tuckerRockyStockAndPriceResponseSchema,
  tuckerRockyStockBlockSchema,
  tuckerRockyStockItemSchema,
  tuckerRockyTrackingNumberSchema,
} from './tucker-rocky-schemas.js';
export {
  defaultTuckerRockyAuthenticationFailurePattern,
  defaultTuckerRockyCarrierCodes,
  defaultTuckerRockyNotFoundPattern,
  resolveTuckerRockySettings,
  TUCKER_ROCKY_API_KEY_ENV,
  TUCKER_ROCKY_BASE_URL,
  TUCKER_ROCKY_CUSTOMER_NUMBER_ENV,
  TUCKER_ROCKY_ENDPOINT_PATH,
  type TuckerRockyOptions,
  type TuckerRockyPoLookup,
  type TuckerRockySettings,
} from './tucker-rocky-settings.js';
