/**
 * `@dropship/wps/testing`: a stateful simulator of the WPS Data Depot API v4 (MSW handlers over
 * in-memory state) for tests, examples and demos. It implements `DistributorSimulator` from
 * `@dropship/testing`.
 *
 * @packageDocumentation
 */
export {
  createWpsSimulator,
  type WpsSimulatedCart,
  type WpsSimulatedOrder,
  type WpsSimulatedWarehouseOrder,
  type WpsSimulator,
  type WpsSimulatorOptions,
} from './wps-simulator.js';
