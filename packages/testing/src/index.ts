/**
 * `@dropship/testing`: MSW test-server helpers, fault injection shared by the simulators, and
 * the conformance suites every distributor client and marketplace adapter runs.
 *
 * @packageDocumentation
 */

export { describeDistributorClient } from './conformance/describe-distributor-client.js';
export {
  describeMarketplaceAdapter,
  type MarketplaceConformanceOptions,
  type UnconfirmedPushAnswer,
} from './conformance/describe-marketplace-adapter.js';
// Everything the simulators use, from the vitest-free entry (one list, kept there).
export * from './simulator.js';
