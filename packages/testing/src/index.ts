/**
 * `@dropship/testing`: MSW test-server helpers, fault injection shared by the simulators, and
 * the conformance suites every distributor client and marketplace adapter runs.
 *
 * @packageDocumentation
 */

export { describeDistributorClient } from './conformance/describe-distributor-client.js';
export { describeMarketplaceAdapter } from './conformance/describe-marketplace-adapter.js';
export { collectExposedText, expectNoSecrets } from './conformance/expect-no-secrets.js';
export {
  createFaultInjector,
  type FaultInjector,
  type FaultInjectorOptions,
  faultKinds,
  faultResponse,
  standardOperations,
  truncatedJsonBody,
} from './create-fault-injector.js';
export {
  createTestServer,
  credentialNamePattern,
  type RecordedCall,
  type TestServer,
  type TestServerOptions,
} from './create-test-server.js';
export { respondInSequence, type SequencedResponse } from './response-sequence.js';
export {
  type ServedHandlers,
  type ServeHandlersOptions,
  type ServeMiddleware,
  serveHandlers,
} from './serve-handlers.js';
export {
  type CallRecorder,
  createCallRecorder,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
  type OrderBook,
  type ShipOptions,
  type SimulatedCarrier,
} from './simulator-utilities.js';
export type * from './testing-types.js';
