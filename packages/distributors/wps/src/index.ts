/**
 * `@dropship/wps`: the Western Power Sports (Data Depot API v4) distributor client for
 * `@dropship`. `createWps({ apiToken })` returns a `DistributorClient` (v1): per-warehouse stock,
 * idempotent cart → items → order submission, status and tracking per PO (split across
 * warehouses), batch tracking by date range and cancel before submission.
 *
 * @packageDocumentation
 */

export { classifyWpsRefusal, type WpsRefusal } from './classify-wps-rejection.js';
export {
  convertToWpsCart,
  type WpsCartItemRequest,
  type WpsCartPlan,
  type WpsCartRequest,
  type WpsCartSettings,
} from './convert-to-wps-cart.js';
export { isWpsOrderNotFound, type WpsNotFoundMatcher } from './detect-wps-not-found.js';
export {
  isWpsTaxIdError,
  readWpsErrorMessage,
  readWpsErrorParts,
  type WpsErrorResponse,
  type WpsTaxIdMatcher,
} from './detect-wps-tax-id-error.js';
export { findWpsFieldLengthViolations } from './find-wps-field-length-violations.js';
export { type ListWpsItemsOptions, listWpsItems } from './list-wps-items.js';
export { mapWpsCarrier } from './map-wps-carrier.js';
export { mapWpsQuantities, mapWpsStockLevels, mapWpsWarehouseQuantities } from './map-wps-inventory.js';
export { combineWpsOrderStatuses, mapWpsOrderStatus, type WpsStatusMap } from './map-wps-order-status.js';
export { type MapWpsPurchaseOrderSettings, mapWpsPurchaseOrder } from './map-wps-purchase-order.js';
export { formatWpsQueryDate, parseWpsDate } from './parse-wps-date.js';
export { parseWpsPurchaseOrderRequest, wpsPurchaseOrderRequestSchema } from './parse-wps-purchase-order-request.js';
export { createWps, type WpsClient } from './wps-client.js';
export {
  WPS_API_TOKEN_ENVIRONMENT_VARIABLE,
  WPS_DEFAULT_BASE_URL,
  type WpsCartWarehouseCode,
  type WpsStockInclude,
  type WpsWarehouseCode,
  wpsCartFieldLimits,
  wpsCartWarehouseCodes,
  wpsShipViaCodes,
  wpsWarehouseCodes,
  wpsWarehouseFields,
  wpsWarehouseIds,
} from './wps-constants.js';
export { type WpsOptions, wpsOptionsSchema } from './wps-options.js';
export * from './wps-schemas.js';
