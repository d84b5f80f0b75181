/**
 * `@dropship/testing/simulator`: what simulators need at run time (test server, fault injector,
 * order book, generators), without the conformance suites and so without importing vitest.
 * Adapter packages' `./testing` simulators import from here so that the examples and the demo
 * run under plain Node.
 *
 * @packageDocumentation
 */

export {
  type CancellableSimulatedOrder,
  cancelHeldLines,
  type SimulatedSideCancellation,
} from './cancel-held-lines.js';
export { collectExposedText, expectNoSecrets } from './conformance/expect-no-secrets.js';
export { expectRefusedOption } from './conformance/expect-refused-option.js';
export {
  createFaultInjector,
  type FaultInjector,
  type FaultInjectorOptions,
  faultKinds,
  faultResponse,
  type InjectorCall,
  observeFaultInjectors,
  standardOperations,
  truncatedJsonBody,
  withdrawFaults,
} from './create-fault-injector.js';
export { createRejectionQueue, type QueuedRejection, type RejectionQueue } from './create-rejection-queue.js';
export {
  createTestServer,
  credentialNamePattern,
  type RecordedCall,
  type TestServer,
  type TestServerOptions,
} from './create-test-server.js';
export { expectStaysOnTestHosts, type StaysOnTestHostsScenario } from './expect-stays-on-test-hosts.js';
export { respondInSequence, type SequencedResponse } from './response-sequence.js';
export {
  type ServedHandlers,
  type ServeHandlersOptions,
  type ServeMiddleware,
  serveHandlers,
} from './serve-handlers.js';
export {
  type AnswerScript,
  createAnswerScript,
  type EchoedRequest,
  echoInErrorAnswer,
  echoRequest,
  type ScriptedAnswer,
} from './simulator-answers.js';
export {
  createRecordingFetch,
  isReservedTestURL,
  type RecordingFetch,
  SIMULATOR_DOMAIN,
  simulatorBaseURL,
} from './simulator-hosts.js';
export {
  type CallRecorder,
  createCallRecorder,
  createIdGenerator,
  createOrderBook,
  createTrackingNumberGenerator,
  type HostileAnswer,
  type HostileAnswerOptions,
  hostileAnswerResponse,
  hostileAnswers,
  maintenancePageHtml,
  type OrderBook,
  type ShipOptions,
  type SimulatedCarrier,
} from './simulator-utilities.js';
export type * from './testing-types.js';
