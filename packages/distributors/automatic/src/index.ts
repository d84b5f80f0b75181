/**
 * `@dropship/automatic`: the Automatic Distributors distributor client for `@dropship`, built on
 * what is public about its v2 API. `createAutomatic({ apiToken, baseURL })` returns a
 * `DistributorClient` (v1). Base URL, token placement, paths and bodies are modelled and
 * configurable: see the README's "Verified vs modelled".
 *
 * @packageDocumentation
 */
export { type AutomaticClient, createAutomatic } from './automatic-client.js';
export {
  AUTOMATIC_API_TOKEN_ENVIRONMENT_VARIABLE,
  AUTOMATIC_BASE_URL_ENVIRONMENT_VARIABLE,
  AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS,
  AUTOMATIC_MAX_PO_NUMBER_LENGTH,
  type AutomaticPaths,
  automaticDefaultPaths,
} from './automatic-constants.js';
export {
  type AutomaticAuthOptions,
  type AutomaticOptions,
  type AutomaticVerifiablePath,
  automaticOptionsSchema,
} from './automatic-options.js';
export * from './automatic-schemas.js';
export { type AutomaticCreateOrderRequest, convertToAutomaticOrder } from './convert-to-automatic-order.js';
export { mapAutomaticStockLevels } from './map-automatic-inventory.js';
export {
  type AutomaticStatusMap,
  automaticDefaultStatusMap,
  automaticOrderReference,
  combineAutomaticOrderStatuses,
  groupAutomaticOrdersByPoNumber,
  type MapAutomaticOrdersSettings,
  mapAutomaticOrderStatus,
  mapAutomaticOrders,
} from './map-automatic-order.js';
export { parseAutomaticDate } from './parse-automatic-date.js';
export {
  automaticPoNumberSchema,
  automaticPurchaseOrderRequestSchema,
  parseAutomaticPurchaseOrderRequest,
} from './parse-automatic-purchase-order-request.js';
export { type AutomaticDateWindow, splitAutomaticDateRange } from './split-automatic-date-range.js';
