import {
  decimalToMinorUnits,
  formatMinorUnits,
  type ListingPushResult,
  type ListingReading,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type MarketplaceListings,
  mayHaveActed,
  parseWith,
} from '@dropship/core';
import { chunk, type HttpClient } from '@dropship/http';
import { z } from 'zod';
import { referenceMarketplaceListingBatch } from './reference-marketplace-listing-book.js';

/** The listings batch size setting: 1 to the API's maximum. */
export const referenceListingBatchSizeSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(referenceMarketplaceListingBatch, `must be at most ${referenceMarketplaceListingBatch} (the API's maximum)`);

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');

/** What a push takes: strict (an unknown key is refused), each SKU once, a quantity or a price in each. */
const updatesSchema = z
  .array(
    z
      .strictObject({
        sku: z.string().min(1, 'must be a listing SKU'),
        quantity: count.optional(),
        price: z
          .strictObject({
            amount: count,
            currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
          })
          .optional(),
        expectedQuantity: count.optional(),
      })
      .refine((update) => update.quantity !== undefined || update.price !== undefined, {
        message: 'needs a quantity or a price',
      }),
  )
  .refine((updates) => new Set(updates.map((update) => update.sku)).size === updates.length, {
    message: 'each SKU at most once per push',
  });

const skusSchema = z.array(z.string().min(1, 'must be a listing SKU'));

/** `POST /v1/listings/bulk` → one result per update (lenient: other fields pass). */
const pushResponseSchema = z.object({
  results: z.array(
    z.object({
      sku: z.string(),
      status: z.string(),
      current_quantity: z.number().int().nonnegative().optional(),
      error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }).optional(),
    }),
  ),
});

/** `GET /v1/listings` → the listings it has (an unknown SKU is left out). */
const readResponseSchema = z.object({
  listings: z.array(
    z.object({
      sku: z.string(),
      quantity: z.number().int().nonnegative(),
      price: z.object({ amount: z.union([z.string(), z.number()]), currency: z.string() }).optional(),
    }),
  ),
});

type PushAnswer = z.infer<typeof pushResponseSchema>['results'][number];

/** One update's outcome from the result the API gave for its SKU (positive evidence only). */
function toOutcome(sku: string, result: PushAnswer | undefined): ListingUpdateOutcome {
  if (result === undefined) return { sku, status: 'unknown', message: 'the answer has no result for this SKU' };
  switch (result.status) {
    case 'updated':
      return { sku, status: 'applied' };
    case 'conflict':
      return result.current_quantity === undefined
        ? { sku, status: 'unknown', message: 'a conflict without the current quantity' }
        : { sku, status: 'stale', currentQuantity: result.current_quantity };
    case 'error':
      return {
        sku,
        status: 'failed',
        retryable: result.error?.retryable ?? false,
        ...(result.error?.code ? { code: result.error.code } : {}),
        message: result.error?.message ?? 'refused without a message',
      };
    default:
      return { sku, status: 'unknown', message: `an undocumented result status "${result.status}"` };
  }
}

/** The outcome of every update of a batch whose call failed after earlier batches were sent. */
function outcomesOfFailedBatch(batch: readonly ListingUpdate[], error: unknown): ListingUpdateOutcome[] {
  const message = error instanceof Error ? error.message : String(error);
  return batch.map((update) =>
    mayHaveActed(error)
      ? { sku: update.sku, status: 'unknown', message }
      : { sku: update.sku, status: 'failed', retryable: true, message },
  );
}

/**
 * The listings push of the reference marketplace (synchronous, with compare-and-swap):
 * `POST /v1/listings/bulk` in batches of `batchSize` (absolute quantities, prices as decimal
 * strings, `expected_quantity` from `ListingUpdate.expectedQuantity`), and `GET /v1/listings` for
 * the read-back. Updates are validated before any call. A 429 is retried by the HTTP client
 * (the marketplace did not act). When the first call fails the error is thrown (nothing is
 * known applied); when a later one fails, the updates already answered keep their outcomes and
 * that batch's are `unknown` (the call may have acted) or `failed` (it did not).
 *
 * @param http - the adapter's HTTP client (credentials, limits, retries).
 * @param batchSize - updates per push call (1 to 20).
 */
export function createReferenceMarketplaceListings(http: HttpClient, batchSize: number): MarketplaceListings {
  return {
    batchSize,
    mode: 'synchronous',

    async push(input, options): Promise<ListingPushResult> {
      const updates = parseWith(updatesSchema, input, 'listing updates');
      const outcomes: ListingUpdateOutcome[] = [];
      let calls = 0;
      for (const batch of chunk(updates, batchSize)) {
        let results: PushAnswer[];
        try {
          calls += 1;
          const { data } = await http.request({
            method: 'POST',
            path: '/v1/listings/bulk',
            json: {
              updates: batch.map((update) => ({
                sku: update.sku,
                ...(update.quantity === undefined ? {} : { quantity: update.quantity }),
                ...(update.price === undefined
                  ? {}
                  : {
                      price: {
                        amount: formatMinorUnits(update.price.amount, update.price.currency),
                        currency: update.price.currency,
                      },
                    }),
                ...(update.expectedQuantity === undefined ? {} : { expected_quantity: update.expectedQuantity }),
              })),
            },
            schema: pushResponseSchema,
            signal: options?.signal,
          });
          results = data.results;
        } catch (error) {
          if (outcomes.length === 0) throw error;
          outcomes.push(...outcomesOfFailedBatch(batch, error));
          continue;
        }
        const bySku = new Map(results.map((result) => [result.sku, result]));
        outcomes.push(...batch.map((update) => toOutcome(update.sku, bySku.get(update.sku))));
      }
      return { outcomes, calls };
    },

    async read(input, options): Promise<ListingReading[]> {
      const skus = parseWith(skusSchema, input, 'listing SKUs');
      const found = new Map<string, ListingReading>();
      for (const batch of chunk([...new Set(skus)], referenceMarketplaceListingBatch)) {
        const { data } = await http.request({
          path: '/v1/listings',
          searchParams: { sku: batch },
          schema: readResponseSchema,
          signal: options?.signal,
        });
        for (const listing of data.listings) {
          const amount = listing.price ? decimalToMinorUnits(listing.price.amount, listing.price.currency) : undefined;
          found.set(listing.sku, {
            sku: listing.sku,
            found: true,
            quantity: listing.quantity,
            ...(listing.price && amount !== undefined ? { price: { amount, currency: listing.price.currency } } : {}),
          });
        }
      }
      return skus.map((sku) => found.get(sku) ?? { sku, found: false });
    },
  };
}
