export {
  type AvailabilityIndex,
  type AvailabilityIndexOptions,
  computeAvailability,
  createAvailabilityIndex,
  type ListingAvailabilityOptions,
  type ListingChange,
  type PublishedListingValues,
} from './availability-index.js';
export {
  type BundlePart,
  bundlePartSchema,
  type Listing,
  type ListingDefaults,
  type ListingDefaultsInput,
  type ListingFees,
  type ListingInput,
  type ListingsFileFormat,
  listingDefaultsSchema,
  listingFeesSchema,
  listingKey,
  listingParts,
  listingSchema,
  type PriceRule,
  parseListingDefaults,
  parseListings,
  parseListingsFile,
  priceRuleSchema,
  type SafetyBuffer,
  safetyBufferSchema,
} from './listing.js';
export {
  type AvailabilityEnvironment,
  computeListingAvailability,
  type ListingAvailability,
  type ListingUnavailableReason,
  listingFees,
} from './listing-availability.js';
export { type FeeTerms, lowestPriceKeeping, netAfterFees, priceFromRule } from './listing-price.js';
