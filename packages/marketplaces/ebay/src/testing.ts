/**
 * `@dropship/ebay/testing`: a stateful fake of eBay's Sell Fulfillment API as MSW handlers, for
 * testing code that pushes tracking to eBay without the network.
 *
 * @packageDocumentation
 */
export {
  createEbaySimulator,
  type EbaySimulator,
  type EbaySimulatorOptions,
  ebaySimulatorOperations,
  type SimulatedEbayFulfillment,
  simulatedEbayCarrierCodes,
} from './ebay-simulator.js';
