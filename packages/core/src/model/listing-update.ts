import { z } from 'zod';
import type { ListingUpdate } from '../spec/v1/listing-push.js';
import { parseWith } from './parse.js';

/**
 * The strict shape of a `MarketplaceListings.push` batch: each update a SKU with a whole quantity
 * ≥ 0 and/or a price in whole minor units of an ISO 4217 currency (at least one of the two), an
 * optional `expectedQuantity`, no other key, and each SKU at most once.
 *
 * @param maxSkuLength - the marketplace's longest SKU (eBay and Walmart 50, Amazon 40).
 */
export function listingUpdatesSchema(maxSkuLength = 100) {
  return z
    .array(
      z
        .strictObject({
          sku: z
            .string()
            .trim()
            .min(1, 'must not be empty')
            .max(maxSkuLength, `must be at most ${maxSkuLength} characters`),
          quantity: z
            .number()
            .int('must be a whole number')
            .min(0, 'must be at least 0')
            .max(1_000_000_000, 'must be at most 1,000,000,000 (the most any marketplace takes: Shopify)')
            .optional(),
          price: z
            .strictObject({
              amount: z.number().int('must be whole minor units').min(0, 'must be at least 0'),
              currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
            })
            .optional(),
          expectedQuantity: z.number().int('must be a whole number').min(0, 'must be at least 0').optional(),
        })
        .refine((update) => update.quantity !== undefined || update.price !== undefined, {
          message: 'needs a quantity or a price',
        }),
    )
    .superRefine((updates, context) => {
      const seen = new Set<string>();
      for (const [index, update] of updates.entries()) {
        if (seen.has(update.sku)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'sku'],
            message: `${update.sku} is updated twice in one push`,
          });
        }
        seen.add(update.sku);
      }
    });
}

/**
 * Validates the updates given to an adapter's `listings.push` (the one home of that rule for
 * every marketplace adapter): see {@link listingUpdatesSchema}.
 *
 * @param input - the updates as given.
 * @param what - names the input in the error (`'Walmart listing updates'`).
 * @param maxSkuLength - the marketplace's longest SKU.
 * @throws `ValidationError` listing every invalid field, before anything is sent.
 */
export function parseListingUpdates(input: unknown, what: string, maxSkuLength = 100): ListingUpdate[] {
  let schema = schemasByLength.get(maxSkuLength);
  if (schema === undefined) {
    schema = listingUpdatesSchema(maxSkuLength);
    schemasByLength.set(maxSkuLength, schema);
  }
  return parseWith(schema, input, what);
}

/** One schema per SKU length, built once: building a zod schema costs far more than using it (every push call validates). */
const schemasByLength = new Map<number, ReturnType<typeof listingUpdatesSchema>>();
