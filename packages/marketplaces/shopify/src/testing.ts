/**
 * `@dropship/shopify/testing`: a stateful Shopify GraphQL Admin API simulator (MSW handlers)
 * for testing code that pushes tracking, imports orders or pushes listings to Shopify, offline.
 *
 * @packageDocumentation
 */
export {
  createShopifySimulator,
  type RecordedShopifyFulfillment,
  type ShopifySimulator,
  type ShopifySimulatorOptions,
  SIMULATED_SHOPIFY_ACCESS_TOKEN,
  SIMULATED_SHOPIFY_LOCATION_ID,
  SIMULATED_SHOPIFY_SHOP,
  type SimulatedFulfillmentOrderSpec,
} from './shopify-simulator.js';
export {
  createShopifyListingSimulator,
  type ShopifyListingSimulator,
  type ShopifyListingSimulatorHost,
  type SimulatedShopifyVariant,
  shopifyListingOperations,
} from './shopify-simulator-listings.js';
export {
  SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION,
  SHOPIFY_LIST_ORDERS_OPERATION,
  type SimulatedShopifyWebhook,
} from './shopify-simulator-orders.js';
