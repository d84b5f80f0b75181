/**
 * `@dropship/tucker-rocky/testing`: a stateful fake of Tucker Rocky's TRWS web service (MSW
 * handlers over in-memory catalog, stock per DC, orders, shipments and account state) for tests,
 * examples and demos.
 *
 * @packageDocumentation
 */
export {
  createTuckerRockySimulator,
  type TuckerRockySimulatedOrder,
  type TuckerRockySimulator,
  type TuckerRockySimulatorOptions,
  tuckerRockySimulatorDistributionCenters,
  tuckerRockySimulatorMessages,
  tuckerRockySimulatorRefusals,
} from './tucker-rocky-simulator.js';
