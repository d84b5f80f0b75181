/**
 * `@dropship/shopify/testing`: a stateful Shopify GraphQL Admin API simulator (MSW handlers)
 * for testing code that pushes tracking to Shopify, offline.
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
