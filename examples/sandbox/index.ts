/**
 * The examples' shared sandbox: simulators of four distributors and four marketplaces behind one
 * MSW server, a sample catalog, clients and adapters with sample credentials, a simulated clock
 * and an SMTP sink on loopback. Offline and fast.
 */

export { runAsScript } from './run-as-script.js';
export {
  type SampleDistributor,
  type SampleOffer,
  type SampleProduct,
  sampleDistributors,
  sampleDropShipFees,
  sampleListings,
  sampleProduct,
  sampleProducts,
  sampleRules,
  toCatalogOffers,
} from './sample-catalog.js';
export {
  type SampleLine,
  type SampleMarketplace,
  type SampleOrderInput,
  sampleMarketplaceOrderId,
  sampleOrder,
} from './sample-orders.js';
export { createSimulatedClock, type SimulatedClock } from './simulated-clock.js';
export { type CapturedEmail, readEmailHeaders, type SmtpSink, startSmtpSink } from './smtp-sink.js';
export {
  type HeldOrderCount,
  type Sandbox,
  type SandboxDistributorSimulators,
  type SandboxListingOptions,
  type SandboxMarketplaceSimulators,
  type SandboxOptions,
  type SandboxShipOptions,
  startSandbox,
} from './start-sandbox.js';
