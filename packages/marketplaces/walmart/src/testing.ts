/**
 * `@dropship/walmart/testing`: a stateful Walmart Marketplace simulator (MSW handlers) for
 * testing code that pushes tracking to Walmart and imports its orders, offline.
 *
 * @packageDocumentation
 */
export {
  createWalmartSimulator,
  type RecordedWalmartShipment,
  SIMULATED_WALMART_CLIENT_ID,
  SIMULATED_WALMART_CLIENT_SECRET,
  type SimulatedWalmartOrderOptions,
  type WalmartErrorShape,
  type WalmartSimulator,
  type WalmartSimulatorOptions,
} from './walmart-simulator.js';
export {
  createWalmartSimulatorCancellations,
  WALMART_ANSWER_CANCELLATION_OPERATION,
  type WalmartSimulatorCancellations,
} from './walmart-simulator-cancellations.js';
export {
  createWalmartSimulatorIntake,
  type SimulatedLineStatus,
  type SimulatedListing,
  type SimulatedWalmartLine,
  type SimulatedWalmartOrder,
  type WalmartIntakeContext,
  type WalmartRefusal,
  type WalmartSimulatorIntake,
  walmartOrderDocument,
} from './walmart-simulator-intake.js';
export {
  createWalmartSimulatedListings,
  type WalmartSimulatedListings,
  type WalmartSimulatedListingsContext,
  type WalmartSimulatedListingsOptions,
  walmartListingsOperations,
} from './walmart-simulator-listings.js';
