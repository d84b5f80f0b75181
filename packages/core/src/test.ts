/**
 * `@dropship/core/test`: in-memory fakes of a distributor, a marketplace and a buyer notifier for
 * testing code that uses the SDK without HTTP. They behave like the real APIs: the distributor
 * and the marketplace do not deduplicate (their clients look up before they write, as the SDK's
 * real clients do), every call is counted and recorded, and faults use the one vocabulary the
 * HTTP simulators of `@dropship/testing` use (`{ kind, operations, times }`). One file per fake
 * under `src/test/`.
 *
 * @packageDocumentation
 */
export {
  errorForFault,
  type FaultKind,
  type FiredFault,
  faultKinds,
  type MockFault,
} from './test/faults.js';
export {
  createMockDistributorClient,
  type MockDistributorClient,
  type MockDistributorClientOptions,
  type MockDistributorOperation,
} from './test/mock-distributor-client.js';
export {
  createMockDistributorServer,
  type MockDistributorOrder,
  type MockDistributorServer,
  type MockDistributorServerOptions,
  type MockShipOptions,
} from './test/mock-distributor-server.js';
export {
  createMockMarketplaceAdapter,
  createMockMarketplaceServer,
  type MockMarketplaceAdapter,
  type MockMarketplaceAdapterOptions,
  type MockMarketplaceServer,
  type MockMarketplaceServerOptions,
  type MockTrackingPush,
  type MockTrackingPushCall,
} from './test/mock-marketplace.js';
export type { MockListingOptions, MockOrderIntake } from './test/mock-marketplace-intake.js';
export type {
  MockListingChange,
  MockListingPrice,
  MockListings,
  MockListingsOptions,
} from './test/mock-marketplace-listings.js';
export {
  createMockBuyerNotifier,
  type MockBuyerMessage,
  type MockBuyerNotifier,
  type MockNotifyCall,
} from './test/mock-notifier.js';
