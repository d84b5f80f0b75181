/**
 * `@dropship/ebay/testing`: a stateful fake of eBay's Sell Fulfillment API as MSW handlers, for
 * testing code that pushes tracking to eBay, or imports orders from it, without the network.
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
export {
  createEbayCancellationSimulator,
  type EbayCancellationSimulator,
  type EbayCancellationSimulatorHost,
  ebayCancellationOperations,
} from './ebay-simulator-cancellations.js';
export {
  createEbayListingSimulator,
  type EbayListingSimulator,
  type EbayListingSimulatorHost,
  ebayListingOperations,
  type SimulatedEbayListing,
} from './ebay-simulator-listings.js';
export {
  createEbayOrderListing,
  type EbayOrderListing,
  type EbayOrderListingHost,
  type SimulatedEbayAmount,
  type SimulatedEbayCancelRequest,
  type SimulatedEbayContact,
  type SimulatedEbayOrder,
  toSimulatedEbayOrder,
} from './ebay-simulator-orders.js';
