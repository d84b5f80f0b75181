/**
 * `@dropship/automatic/testing`: a stateful simulator of the (modelled) Automatic Distributors v2
 * API (MSW handlers over in-memory state) for tests, examples and demos. It implements
 * `DistributorSimulator` from `@dropship/testing`.
 *
 * @packageDocumentation
 */
export {
  type AutomaticSimulator,
  type AutomaticSimulatorOptions,
  automaticSimulatorRefusals,
  createAutomaticSimulator,
} from './automatic-simulator.js';
