import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { leadTimeDaysSchema } from './inventory-rules.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from './money.js';
import { parseWith, toValidationIssues } from './parse.js';
import { stockQuantitySchema } from './quantity.js';
import { TEXT_LIMITS, textSchema } from './text.js';
import { createValidatedMark } from './validated-mark.js';

const code = textSchema(TEXT_LIMITS.code).min(1);

/** Stock of one offer at one warehouse, as the catalog (a feed) last saw it. */
export const warehouseStockSchema = z.object({
  /** Distributor warehouse code, for example `PA` at WPS or `NV` at Parts Unlimited. */
  warehouse: code,
  /** Units available. When `isFloor` is true the real number may be higher. */
  quantity: stockQuantitySchema,
  /** Days before the distributor ships from here (0 = today, 1 = next day). Rules may override it. */
  leadTimeDays: leadTimeDaysSchema.default(0),
  /** True when the distributor caps the count it reports (WPS shows 9 or 25 for "that many or more"). */
  isFloor: z.boolean().default(false),
});

/** Stock of one offer at one warehouse. */
export type WarehouseStock = z.infer<typeof warehouseStockSchema>;

/** The id used for the dealer's own shelf stock as a source: no PO is placed for it. */
export const SHELF_DISTRIBUTOR = 'shelf';

/**
 * One distributor's offer for a product: its SKU, the product identity used to swap SKUs
 * between distributors, cost, drop-ship fee, stock per warehouse and flags.
 */
export const offerSchema = z.object({
  /** Distributor id (`wps`, `parts-unlimited`, `tucker-rocky`, `automatic`, ..., or `shelf`). */
  distributor: code,
  /** The distributor's part number. */
  sku: code,
  brand: textSchema(TEXT_LIMITS.name).min(1).optional(),
  /** Manufacturer (vendor) part number. */
  mpn: code.optional(),
  upc: z
    .string()
    .regex(/^\d{8,14}$/, 'must be 8 to 14 digits')
    .optional(),
  title: textSchema(TEXT_LIMITS.freeText).optional(),
  currency: currencySchema,
  /** Dealer cost of one unit, integer minor units. */
  cost: nonNegativeMinorUnitsSchema,
  /** Drop-ship fee the distributor charges per PO, integer minor units. */
  dropShipFee: nonNegativeMinorUnitsSchema.default(0),
  /** Estimated shipping cost the distributor bills for one unit, integer minor units. */
  estimatedShipping: nonNegativeMinorUnitsSchema.default(0),
  /** Minimum advertised price, when the brand enforces one. */
  mapPrice: nonNegativeMinorUnitsSchema.optional(),
  stock: z.array(warehouseStockSchema).default([]),
  /** The distributor allows drop-shipping this item. */
  dropShipEligible: z.boolean().default(true),
  discontinued: z.boolean().default(false),
  hazardous: z.boolean().default(false),
  /** Ships by truck only (oversize). */
  truckOnly: z.boolean().default(false),
  /** When this offer's price and stock stop being trustworthy (ISO 8601); expired offers are never chosen. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** When the catalog last refreshed this offer (ISO 8601). */
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

/** One distributor's offer for a product. */
export type Offer = z.infer<typeof offerSchema>;

/** An offer before defaults are applied (what a feed parser or a user writes). */
export type OfferInput = z.input<typeof offerSchema>;

/** Offers this module parsed or a catalog built from parsed storage (frozen): never parsed again. */
const parsedOffers = createValidatedMark<Offer>();

/**
 * Validates an offer and applies defaults, once: the result is frozen (deeply) and remembered,
 * and handing it to `parseOffer` or {@link parseOfferList} again returns it as is.
 *
 * @param input - untrusted input.
 * @returns the parsed offer, frozen.
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function parseOffer(input: unknown): Offer {
  if (parsedOffers.has(input)) return input;
  return parsedOffers.mark(parseWith(offerSchema, input, 'offer'));
}

/**
 * Validates a list of offers (a catalog's answer, offers passed to the planner): offers parsed
 * before (see {@link parseOffer}) are taken as they are, the others are parsed and frozen.
 *
 * @param input - untrusted input: should be an array of offers.
 * @param subject - what is parsed, for the error message.
 * @param path - where the list sits in the input, prefixed to every issue's path (default: none).
 * @returns the offers, frozen.
 * @throws {@link ValidationError} listing every problem, paths naming the offer's index.
 */
export function parseOfferList(input: unknown, subject: string, path = ''): Offer[] {
  const at = (rest: string): string => (path === '' ? rest : rest === '' ? path : `${path}.${rest}`);
  if (!Array.isArray(input))
    throw new ValidationError(subject, [{ path: at(''), message: 'must be an array of offers' }]);
  const offers: Offer[] = new Array(input.length);
  const issues: ValidationIssue[] = [];
  for (let index = 0; index < input.length; index++) {
    const item: unknown = input[index];
    if (parsedOffers.has(item)) {
      offers[index] = item;
      continue;
    }
    const result = offerSchema.safeParse(item);
    if (result.success) offers[index] = parsedOffers.mark(result.data);
    else
      for (const issue of toValidationIssues(result.error))
        issues.push({ path: at(issue.path === '' ? String(index) : `${index}.${issue.path}`), message: issue.message });
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
  return offers;
}

/**
 * Marks an offer a catalog rebuilt from offers it validated when they were written (the memory
 * catalog's compact storage): frozen and remembered, so the planner does not parse it again.
 * Only for values built from parsed offers, never for input.
 *
 * @param offer - a fresh offer object built from validated fields.
 * @returns the same offer, frozen.
 * @internal
 */
export function markStoredOffer(offer: Offer): Offer {
  return parsedOffers.mark(offer);
}
