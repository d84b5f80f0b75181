/**
 * `@dropship/walmart/testing`: a stateful Walmart Marketplace simulator (MSW handlers) for
 * testing code that pushes tracking to Walmart, offline.
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
