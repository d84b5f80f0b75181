/**
 * `@dropship/parts-unlimited`: a `DistributorClient` v1 for Parts Unlimited / LeMans. Stock in
 * batches, drop-ship orders read by the body's `status_code`, idempotent submit through the order
 * list, tracking by date range. Built from third-party client code (no official docs); every
 * unknown is configurable.
 *
 * @packageDocumentation
 */
export {
  buildPartsUnlimitedOrderListQuery,
  formatPartsUnlimitedDate,
  partsUnlimitedLookupWindow,
} from './build-parts-unlimited-order-list-query.js';
export {
  convertToPartsUnlimitedOrder,
  minorUnitsToPartsUnlimitedPrice,
  type PartsUnlimitedCancellationPolicies,
  type PartsUnlimitedOrderOptions,
} from './convert-to-parts-unlimited-order.js';
export { mapPartsUnlimitedCarrier } from './map-parts-unlimited-carrier.js';
export {
  defaultPartsUnlimitedSuccessStatusCodes,
  mapPartsUnlimitedOrderResponse,
  type PartsUnlimitedAcceptedOrder,
  type PartsUnlimitedOrderResponseContext,
} from './map-parts-unlimited-order-response.js';
export { mapPartsUnlimitedOrderStatus, type PartsUnlimitedStatusEvidence } from './map-parts-unlimited-order-status.js';
export {
  type InventoryCallDetails,
  normalizePartsUnlimitedPartNumber,
  parsePartsUnlimitedInventory,
  parsePartsUnlimitedQuantity,
} from './parse-parts-unlimited-inventory.js';
export {
  type PartsUnlimitedOrderListContext,
  type PartsUnlimitedOrderListPage,
  parsePartsUnlimitedOrderList,
  toIsoDateTime,
} from './parse-parts-unlimited-order-list.js';
export {
  parsePartsUnlimitedPurchaseOrderRequest,
  partsUnlimitedPurchaseOrderRequestSchema,
} from './parse-parts-unlimited-purchase-order-request.js';
export { createPartsUnlimited, type PartsUnlimitedClient } from './parts-unlimited-client.js';
export {
  defaultPartsUnlimitedOrderListFields,
  type PartsUnlimitedAvailability,
  type PartsUnlimitedInventoryResponse,
  type PartsUnlimitedOrderBody,
  type PartsUnlimitedOrderLine,
  type PartsUnlimitedOrderListFields,
  type PartsUnlimitedOrderResponse,
  type PartsUnlimitedPrice,
  type PartsUnlimitedPricingResponse,
  type PartsUnlimitedShipToAddress,
  type PartsUnlimitedWarehouseRow,
  partsUnlimitedAvailabilitySchema,
  partsUnlimitedInventoryResponseSchema,
  partsUnlimitedMainframeErrorSchema,
  partsUnlimitedOrderListResponseSchema,
  partsUnlimitedOrderResponseSchema,
  partsUnlimitedPriceSchema,
  partsUnlimitedPricingResponseSchema,
  partsUnlimitedWarehouseRowSchema,
} from './parts-unlimited-schemas.js';
export {
  PARTS_UNLIMITED_API_KEY_ENV,
  PARTS_UNLIMITED_BASE_URL,
  PARTS_UNLIMITED_DEALER_NUMBER_ENV,
  type PartsUnlimitedOptions,
  type PartsUnlimitedSettings,
  partsUnlimitedWarehouses,
  resolvePartsUnlimitedSettings,
} from './parts-unlimited-settings.js';
