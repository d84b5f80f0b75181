/**
 * `@dropship/amazon/testing`: a stateful fake of SP-API Orders v0 (`confirmShipment`, and the
 * order listing: `getOrders`, `getOrderItems`, `createRestrictedDataToken`) and the Login with
 * Amazon token endpoint as MSW handlers, for testing code that confirms Amazon shipments
 * without the network.
 *
 * @packageDocumentation
 */
export {
  type AmazonSimulator,
  type AmazonSimulatorOptions,
  amazonSimulatorOperations,
  createAmazonSimulator,
  type SimulatedAmazonPackage,
  simulatedAmazonCarrierCodes,
} from './amazon-simulator.js';
export {
  type AmazonListingsSimulatorContext,
  type AmazonSimulatedListings,
  amazonListingsOperations,
  createAmazonSimulatedListings,
} from './amazon-simulator-listings.js';
export {
  type AmazonIntakeContext,
  type AmazonSimulatedIntake,
  amazonIntakeOperations,
  createAmazonSimulatedIntake,
  type SimulatedQuota,
  type SimulatedQuotaGate,
} from './amazon-simulator-orders.js';
