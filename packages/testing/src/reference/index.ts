/**
 * `@dropship/testing/reference`: a reference distributor and a reference marketplace, each a
 * simulator (MSW handlers over in-memory state) and an adapter built on `@dropship/http`. They
 * model fictional APIs and serve as the worked example of "write your own adapter and run the
 * conformance suite".
 *
 * @packageDocumentation
 */
export {
  createReferenceDistributorClient,
  type ReferenceDistributorSettings,
  toDistributorOrder,
} from './reference-distributor-client.js';
export * from './reference-distributor-schemas.js';
export {
  createReferenceDistributorSimulator,
  type ReferenceDistributorSimulator,
  type ReferenceDistributorSimulatorOptions,
  referenceDistributorLimits,
} from './reference-distributor-simulator.js';
export {
  createReferenceMarketplaceAdapter,
  type ReferenceMarketplaceSettings,
} from './reference-marketplace-adapter.js';
export {
  type ReferenceMarketplaceWireOrder,
  referenceMarketplaceMaxPageSize,
  referenceMarketplaceOrderStatuses,
} from './reference-marketplace-intake.js';
export {
  createReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulatorOptions,
  referenceMarketplaceCarriers,
} from './reference-marketplace-simulator.js';
