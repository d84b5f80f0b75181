/**
 * `@dropship/testing/conformance`: the conformance suites every distributor client and
 * marketplace adapter runs. They are vitest `describe`/`it` blocks, so this entry (and only this
 * one) imports `vitest`: the rest of `@dropship/testing` loads under plain Node without it.
 *
 * @packageDocumentation
 */

export type { ConformanceCase, MarketplaceCaseContext } from './conformance-case.js';
export { describeDistributorClient } from './describe-distributor-client.js';
export {
  describeMarketplaceAdapter,
  type MarketplaceConformanceOptions,
  type UnconfirmedPushAnswer,
} from './describe-marketplace-adapter.js';
export {
  type CancellationCaseContext,
  type CancellationSimulator,
  cancellationsDeclarationProblem,
  type MarketplaceCancellationCase,
  type MarketplaceCancellationHarness,
  marketplaceCancellationCases,
} from './describe-marketplace-cancellations.js';
export {
  entryOrderId,
  type IntakeAdapter,
  type IntakeCaseContext,
  type IntakeSimulator,
  intakeCasePageSize,
  intakeDeclarationProblem,
  listToTheEnd,
  type MarketplaceIntakeCase,
  type MarketplaceIntakeHarness,
  marketplaceIntakeCases,
} from './describe-marketplace-intake.js';
export {
  type ListingsAdapter,
  type ListingsCaseContext,
  type ListingsSimulator,
  listingsCaseBatchSize,
  listingsDeclarationProblem,
  type MarketplaceListingsCase,
  type MarketplaceListingsHarness,
  marketplaceListingsCases,
} from './describe-marketplace-listings.js';
export type { DistributorConformanceOptions, DistributorHarnessDeclarations } from './distributor-harness.js';
export {
  type DistributorCaseContext,
  type DistributorRejectionCase,
  distributorRejectionCases,
} from './distributor-rejection-cases.js';
