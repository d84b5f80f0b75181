/**
 * `@dropship/parts-unlimited/testing`: a stateful fake of the Parts Unlimited API (MSW
 * handlers over in-memory catalog, stock, orders and shipments) for tests, examples and demos.
 *
 * @packageDocumentation
 */
export {
  createPartsUnlimitedSimulator,
  type PartsUnlimitedSimulatedOrder,
  type PartsUnlimitedSimulator,
  type PartsUnlimitedSimulatorOptions,
} from './parts-unlimited-simulator.js';
