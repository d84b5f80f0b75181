import { z } from 'zod';
import { mayHaveActed } from '../errors/may-have-acted.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseListingUpdates } from '../model/listing-update.js';
import { parseWith } from '../model/parse.js';
import type { CallOptions } from '../spec/v1/distributor-client.js';
import type {
  ListingPushResult,
  ListingReading,
  ListingUpdate,
  ListingUpdateOutcome,
  MarketplaceListings,
  PendingListingUpdate,
} from '../spec/v1/listing-push.js';
import type { MockApi } from './mock-api.js';
import { sendToMock, throwIfAborted } from './mock-api.js';

/** A price as the mock marketplace holds it: integer minor units and a currency. */
export interface MockListingPrice {
  /** Minor units. */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

/** One change the mock marketplace applied to a listing (one entry per SKU per call that set it). */
export interface MockListingChange {
  /** The listing SKU. */
  sku: string;
  /** The quantity set, when the update carried one. */
  quantity?: number;
  /** The price set, when the update carried one. */
  price?: MockListingPrice;
  /** When it was applied, ms since the epoch. */
  at: number;
}

/**
 * The listings side of the mock marketplace, with the semantics of `SimulatedListings`
 * (`@dropship/testing`): it holds listings, applies absolute quantity and price sets, records
 * every change it applied (never deduplicated: the same value set twice is two changes), and
 * sells. Faults apply to the operations `push-listings`, `confirm-listings` and `read-listings`.
 */
export interface MockListings {
  /** Creates (or replaces) a listing the adapter can update (quantity 0 and no price unless given). */
  putListing(sku: string, values?: { quantity?: number; price?: MockListingPrice }): void;
  /** What the listing shows now (undefined: no such listing); queued submissions are not shown until processed. */
  listing(sku: string): { quantity: number; price?: MockListingPrice } | undefined;
  /** Every change applied, in order. */
  changes(): MockListingChange[];
  /** A sale at the marketplace: decrements the quantity shown. Refused when it shows fewer units. */
  sell(sku: string, quantity: number): void;
  /** The next update of each of these SKUs is refused per item (not the whole call). */
  refuseNextUpdate(skus: readonly string[], options?: { retryable?: boolean }): void;
  /** Asynchronous mode: applies every queued submission, in order. Synchronous: nothing to do. */
  process(): void;
  /** Bulk push calls served, failed ones included. */
  pushCallCount(): number;
  /** Forgets listings, changes, submissions and refusals. */
  clear(): void;
}

/** How the mock's listing API behaves (the `listings` option of `createMockMarketplaceAdapter`). */
export interface MockListingsOptions {
  /** `synchronous` (each item's final outcome at once, as eBay, Shopify) or `asynchronous` (pending, then `confirm`, as Amazon, Walmart). Default `synchronous`. */
  mode?: 'synchronous' | 'asynchronous';
  /** Most updates per call. Default 25. */
  batchSize?: number;
  /** The API compares `expectedQuantity` with what the listing shows and refuses (`stale`) on a difference, as Shopify's `changeFromQuantity`. Default false. */
  compareAndSwap?: boolean;
}

/** The listings API one adapter sees, and the state behind it. */
export interface MockListingsHandle {
  /** The marketplace's side (what tests control and inspect). */
  readonly listings: MockListings;
  /** The `MarketplaceListings` an adapter sending `token` sees. */
  listingsFor(token: string, options: MockListingsOptions): MarketplaceListings;
}

interface HeldListing {
  quantity: number;
  price?: MockListingPrice;
}

interface Submission {
  readonly id: string;
  readonly update: ListingUpdate;
  outcome: ListingUpdateOutcome | undefined;
}

const priceSchema = z.strictObject({
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
const quantitySchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const optionsSchema = z.strictObject({
  mode: z.enum(['synchronous', 'asynchronous']).optional(),
  batchSize: z.number().int().min(1).max(10_000).optional(),
  compareAndSwap: z.boolean().optional(),
});

/** Splits `items` into chunks of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Sends `items` in chunks, one call each. A chunk whose call fails: when no earlier chunk
 * answered, the error is thrown (nothing is known applied); otherwise its items are answered
 * `unknown` when the call may have acted, `failed` (retryable) when it certainly did not.
 */
async function inChunks<T extends { sku: string }>(
  items: readonly T[],
  size: number,
  call: (chunk: T[]) => ListingUpdateOutcome[],
  options: CallOptions | undefined,
): Promise<ListingPushResult> {
  const outcomes: ListingUpdateOutcome[] = [];
  let calls = 0;
  for (const chunk of chunks(items, size)) {
    calls++;
    try {
      outcomes.push(...(await sendToMock(() => call(chunk), options)));
    } catch (error) {
      if (outcomes.length === 0) throw error;
      const message = (error as Error).message;
      for (const item of chunk)
        outcomes.push(
          mayHaveActed(error)
            ? { sku: item.sku, status: 'unknown', message }
            : { sku: item.sku, status: 'failed', retryable: true, message },
        );
    }
  }
  return { outcomes, calls };
}

/**
 * Creates the listings side of a mock marketplace over its {@link MockApi}.
 *
 * @param marketplace - the marketplace id (named in messages).
 * @param api - the mock's API (counts calls, checks the token, applies faults).
 * @internal
 */
export function createMockListings(marketplace: string, api: MockApi): MockListingsHandle {
  const held = new Map<string, HeldListing>();
  const changes: MockListingChange[] = [];
  const submissions = new Map<string, Submission>();
  const queue: Submission[] = [];
  const refusals = new Map<string, boolean>();

  function apply(update: ListingUpdate): void {
    const listing = held.get(update.sku);
    if (listing === undefined) return;
    if (update.quantity !== undefined) listing.quantity = update.quantity;
    if (update.price !== undefined) listing.price = { ...update.price };
    changes.push({
      sku: update.sku,
      ...(update.quantity === undefined ? {} : { quantity: update.quantity }),
      ...(update.price === undefined ? {} : { price: { ...update.price } }),
      at: Date.now(),
    });
  }

  /** The server's answer to one item of a push. */
  function pushOne(update: ListingUpdate, options: Required<MockListingsOptions>): ListingUpdateOutcome {
    const listing = held.get(update.sku);
    if (listing === undefined)
      return { sku: update.sku, status: 'failed', retryable: false, code: 'NOT_FOUND', message: 'no such listing' };
    const refusal = refusals.get(update.sku);
    if (refusal !== undefined) {
      refusals.delete(update.sku);
      return refusal
        ? { sku: update.sku, status: 'failed', retryable: true, code: 'BUSY', message: 'listing locked, try again' }
        : { sku: update.sku, status: 'failed', retryable: false, code: 'INVALID', message: 'update refused' };
    }
    if (options.compareAndSwap && update.expectedQuantity !== undefined && listing.quantity !== update.expectedQuantity)
      return { sku: update.sku, status: 'stale', currentQuantity: listing.quantity };
    if (options.mode === 'synchronous') {
      apply(update);
      return { sku: update.sku, status: 'applied' };
    }
    const submission: Submission = {
      id: `SUB-${submissions.size + 1}`,
      update: structuredClone(update),
      outcome: undefined,
    };
    submissions.set(submission.id, submission);
    queue.push(submission);
    return { sku: update.sku, status: 'pending', submissionId: submission.id };
  }

  const listings: MockListings = {
    putListing(sku, values = {}) {
      parseWith(z.string().min(1), sku, 'listing SKU');
      const parsed = parseWith(
        z.strictObject({ quantity: quantitySchema.optional(), price: priceSchema.optional() }),
        values,
        'listing values',
      );
      held.set(sku, { quantity: parsed.quantity ?? 0, ...(parsed.price === undefined ? {} : { price: parsed.price }) });
    },
    listing(sku) {
      const listing = held.get(sku);
      return listing === undefined ? undefined : structuredClone(listing);
    },
    changes: () => structuredClone(changes),
    sell(sku, quantity) {
      const listing = held.get(sku);
      parseWith(z.number().int().min(1), quantity, 'quantity sold');
      if (listing === undefined || listing.quantity < quantity)
        throw new ValidationError('sale', [
          {
            path: 'quantity',
            message: `${marketplace} ${sku} shows ${listing?.quantity ?? 0}: cannot sell ${quantity}`,
          },
        ]);
      listing.quantity -= quantity;
    },
    refuseNextUpdate(skus, options = {}) {
      for (const sku of skus) refusals.set(sku, options.retryable ?? false);
    },
    process() {
      for (const submission of queue.splice(0)) {
        apply(submission.update);
        submission.outcome = { sku: submission.update.sku, status: 'applied' };
      }
    },
    pushCallCount: () => api.callCount('push-listings'),
    clear() {
      held.clear();
      changes.length = 0;
      submissions.clear();
      queue.length = 0;
      refusals.clear();
    },
  };

  return {
    listings,
    listingsFor(token, options) {
      const settings: Required<MockListingsOptions> = {
        mode: 'synchronous',
        batchSize: 25,
        compareAndSwap: false,
        ...parseWith(optionsSchema, options, 'mock listings options'),
      };
      const adapter: MarketplaceListings = {
        batchSize: settings.batchSize,
        mode: settings.mode,
        async push(updates, callOptions) {
          throwIfAborted(callOptions);
          const parsed = parseListingUpdates(updates, 'listing updates');
          return inChunks(
            parsed,
            settings.batchSize,
            (chunk) => api.serve('push-listings', token, () => chunk.map((update) => pushOne(update, settings))),
            callOptions,
          );
        },
        async read(skus, callOptions) {
          throwIfAborted(callOptions);
          const parsed = parseWith(z.array(z.string().min(1)), skus, 'listing SKUs');
          const readings: ListingReading[] = [];
          for (const chunk of chunks(parsed, settings.batchSize))
            readings.push(
              ...(await sendToMock(
                () =>
                  api.serve('read-listings', token, () =>
                    chunk.map((sku): ListingReading => {
                      const listing = held.get(sku);
                      return listing === undefined
                        ? { sku, found: false }
                        : {
                            sku,
                            found: true,
                            quantity: listing.quantity,
                            ...(listing.price === undefined ? {} : { price: { ...listing.price } }),
                          };
                    }),
                  ),
                callOptions,
              )),
            );
          return readings;
        },
        ...(settings.mode === 'asynchronous'
          ? {
              async confirm(pending: readonly PendingListingUpdate[], callOptions?: CallOptions) {
                throwIfAborted(callOptions);
                const items = pending.map((entry) => ({ sku: entry.update.sku, submissionId: entry.submissionId }));
                return inChunks(
                  items,
                  settings.batchSize,
                  (chunk) =>
                    api.serve('confirm-listings', token, () =>
                      chunk.map((item): ListingUpdateOutcome => {
                        const submission = submissions.get(item.submissionId);
                        if (submission === undefined)
                          return { sku: item.sku, status: 'unknown', message: 'no such submission' };
                        return submission.outcome ?? { sku: item.sku, status: 'pending', submissionId: submission.id };
                      }),
                    ),
                  callOptions,
                );
              },
            }
          : {}),
      };
      return adapter;
    },
  };
}
