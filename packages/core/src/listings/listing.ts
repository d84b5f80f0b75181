import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { leadTimeDaysSchema } from '../model/inventory-rules.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from '../model/money.js';
import { parseWith, safeParseWith, toValidationIssues } from '../model/parse.js';
import { productIdentitySchema, productKeys } from '../model/product-key.js';
import { positiveQuantitySchema, stockQuantitySchema } from '../model/quantity.js';
import { requiredTextSchema, TEXT_LIMITS } from '../model/text.js';
import { createValidatedMark, deepFreeze } from '../model/validated-mark.js';

const code = requiredTextSchema(TEXT_LIMITS.code);

/** Basis points (1/100 of a percent): 0 to 10,000 (100 %). */
const basisPointsSchema = z
  .number()
  .int('must be a whole number of basis points (1/100 of a percent)')
  .min(0, 'must not be negative')
  .max(10_000, 'must be at most 10000 (100 %)');

/** A product identity with unknown keys refused (brand + MPN, or UPC: core's one product identity). */
const strictProductIdentitySchema = productIdentitySchema.strict();

/**
 * Units held back from what a listing shows: a number of units, or a share of the available
 * quantity in basis points (rounded up: 10 % of 7 holds back 1).
 */
export const safetyBufferSchema = z.union([
  z.strictObject({ units: stockQuantitySchema }),
  z.strictObject({ basisPoints: basisPointsSchema }),
]);

/** Units held back from what a listing shows. */
export type SafetyBuffer = z.infer<typeof safetyBufferSchema>;

/**
 * How a listing is priced: a `fixed` amount, or `cost-plus`: the cheapest eligible landed cost
 * plus a margin (basis points of that cost and/or an amount) earned AFTER the marketplace's fees,
 * never below `floor`.
 */
export const priceRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fixed'),
    /** The price shown, integer minor units. */
    amount: nonNegativeMinorUnitsSchema,
  }),
  z.strictObject({
    kind: z.literal('cost-plus'),
    /** Margin as basis points of the landed cost (2500 = 25 %), up to 1,000,000 (10,000 %). */
    marginBasisPoints: z.number().int().min(0).max(1_000_000).default(0),
    /** Margin as an amount per sale, integer minor units. */
    marginAmount: nonNegativeMinorUnitsSchema.default(0),
    /** The lowest price ever shown, integer minor units. */
    floor: nonNegativeMinorUnitsSchema.default(0),
  }),
]);

/** How a listing is priced. */
export type PriceRule = z.infer<typeof priceRuleSchema>;

/**
 * What the marketplace keeps from a sale: a share in basis points (default: the inventory rules'
 * `marketplaceFeeBasisPoints` for the listing's marketplace) and an amount per order line.
 */
export const listingFeesSchema = z.strictObject({
  /** Share of the sale price, basis points (1500 = 15 %); below 100 %. */
  basisPoints: basisPointsSchema.max(9_999, 'must be below 10000 (a fee of 100 % leaves nothing)').optional(),
  /** Amount per order line, integer minor units. */
  perLine: nonNegativeMinorUnitsSchema.optional(),
});

/** What the marketplace keeps from a sale. */
export type ListingFees = z.infer<typeof listingFeesSchema>;

/** One product of a bundle and how many units of it the bundle holds. */
export const bundlePartSchema = z.strictObject({
  product: strictProductIdentitySchema,
  quantity: positiveQuantitySchema,
});

/** One product of a bundle. */
export type BundlePart = z.infer<typeof bundlePartSchema>;

/**
 * What the dealer lists on one marketplace under one listing SKU: one product (one unit per sale)
 * or a bundle of products with quantities, the handling time the channel shows, the price rule,
 * fees, safety buffer and cap. Unknown keys are refused.
 */
export const listingSchema = z
  .strictObject({
    /** Marketplace id (`ebay`, `amazon`, `walmart`, `shopify`, ...). */
    marketplace: code,
    /** The SKU the listing has on the marketplace. */
    sku: code,
    /** The product sold, one unit per sale (give `product` or `bundle`). */
    product: strictProductIdentitySchema.optional(),
    /** The products a sale ships, with quantities (give `product` or `bundle`). */
    bundle: z.array(bundlePartSchema).min(1).max(100).optional(),
    /** Currency of the price (offers in another currency are not eligible, as in routing). */
    currency: currencySchema,
    /**
     * The handling time the channel shows, days: stock whose lead time is longer cannot keep the
     * promise and is not counted (the inventory rules' `maxLeadTimeDays` applies too).
     */
    handlingTimeDays: leadTimeDaysSchema,
    price: priceRuleSchema,
    /** Marketplace fees (default: see {@link listingFeesSchema}). */
    fees: listingFeesSchema.optional(),
    /** Units held back (default: the defaults' `safetyBuffer`, else none). */
    safetyBuffer: safetyBufferSchema.optional(),
    /** The most the listing ever shows (default: the defaults' `maximumQuantity`, else no cap). */
    maximumQuantity: stockQuantitySchema.optional(),
  })
  .superRefine((listing, context) => {
    if ((listing.product === undefined) === (listing.bundle === undefined))
      context.addIssue({ code: 'custom', path: ['product'], message: 'give exactly one of product or bundle' });
    if (listing.bundle !== undefined) {
      const seen = new Set<string>();
      listing.bundle.forEach((part, index) => {
        const keys = productKeys(part.product);
        if (keys.some((key) => seen.has(key)))
          context.addIssue({
            code: 'custom',
            path: ['bundle', index, 'product'],
            message: 'the same product twice in one bundle (give one part with the total quantity)',
          });
        for (const key of keys) seen.add(key);
      });
    }
  });

/** A validated listing (defaults applied). */
export type Listing = z.infer<typeof listingSchema>;

/** A listing as a user writes it. */
export type ListingInput = z.input<typeof listingSchema>;

/** Defaults for every listing: buffer and cap when a listing gives none, fee per order line. */
export const listingDefaultsSchema = z.strictObject({
  safetyBuffer: safetyBufferSchema.optional(),
  maximumQuantity: stockQuantitySchema.optional(),
  /** Marketplace fee per order line, integer minor units, per marketplace id. */
  feePerLine: z.record(code, nonNegativeMinorUnitsSchema).default({}),
});

/** Defaults for every listing, validated. */
export type ListingDefaults = z.infer<typeof listingDefaultsSchema>;

/** Defaults for every listing, as a user writes them. */
export type ListingDefaultsInput = z.input<typeof listingDefaultsSchema>;

/**
 * Validates listing defaults.
 *
 * @param input - untrusted input.
 * @throws {@link ValidationError} naming every bad field.
 */
export function parseListingDefaults(input: unknown = {}): ListingDefaults {
  return deepFreeze(parseWith(listingDefaultsSchema, input, 'listing defaults'));
}

/**
 * The key of a listing: `<marketplace>:<listing SKU>` (a marketplace id holds no colon).
 *
 * @param listing - marketplace and listing SKU.
 */
export function listingKey(listing: { readonly marketplace: string; readonly sku: string }): string {
  return `${listing.marketplace}:${listing.sku}`;
}

/**
 * The parts of a listing as a bundle: a single product is one part of quantity 1.
 *
 * @param listing - a validated listing.
 */
export function listingParts(listing: Listing): readonly BundlePart[] {
  return listing.bundle ?? [{ product: listing.product as BundlePart['product'], quantity: 1 }];
}

/** Listings this module validated and froze: taken as they are when given again (parse once). */
const parsedListings = createValidatedMark<Listing>();

/**
 * Validates a list of listings: every listing checked (unknown keys refused), every problem
 * reported with the listing's index and field (`3.price.floor`), a second listing with the same
 * marketplace and listing SKU refused. Nothing is returned unless every listing is valid. A listing
 * this function returned before is taken as it is (not parsed again).
 *
 * @param input - untrusted input: should be an array of listings.
 * @returns the listings, deeply frozen.
 * @throws {@link ValidationError} listing every problem.
 */
export function parseListings(input: unknown): readonly Listing[] {
  if (!Array.isArray(input))
    throw new ValidationError('listings', [{ path: '', message: 'must be an array of listings' }]);
  const issues: ValidationIssue[] = [];
  const listings: Listing[] = [];
  const firstIndex = new Map<string, number>();
  input.forEach((item: unknown, index) => {
    let listing: Listing;
    if (parsedListings.has(item)) listing = item;
    else {
      const result = safeParseWith(listingSchema, item);
      if (!result.success) {
        for (const issue of toValidationIssues(result.error))
          issues.push({ path: issue.path === '' ? String(index) : `${index}.${issue.path}`, message: issue.message });
        return;
      }
      listing = parsedListings.mark(result.data);
    }
    const key = listingKey(listing);
    const first = firstIndex.get(key);
    if (first !== undefined) {
      issues.push({
        path: `${index}.sku`,
        message: `duplicate listing: ${listing.marketplace} SKU ${listing.sku} is already listing ${first}`,
      });
      return;
    }
    firstIndex.set(key, index);
    listings.push(listing);
  });
  if (issues.length > 0) throw new ValidationError('listings', issues);
  return Object.freeze(listings);
}

/** The formats {@link parseListingsFile} reads. */
export type ListingsFileFormat = 'json';

/**
 * Validates listings loaded from a file's text. Only JSON (an array of listings, as
 * {@link parseListings} takes) for now: core has no CSV parser and takes no dependency for one.
 *
 * @param text - the file's content.
 * @param format - `json`.
 * @throws {@link ValidationError} when the text is not JSON, the format is unknown, or a listing is invalid.
 */
export function parseListingsFile(text: string, format: ListingsFileFormat): readonly Listing[] {
  if (format !== 'json')
    throw new ValidationError('listings file', [{ path: '', message: `unknown format ${String(format)}: use json` }]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('listings file', [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseListings(data);
}
