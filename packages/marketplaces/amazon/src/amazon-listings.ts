import {
  ApiError,
  type CallOptions,
  decimalToMinorUnits,
  formatMinorUnits,
  type ListingPushResult,
  type ListingReading,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type MarketplaceListings,
  mayHaveActed,
  type PendingListingUpdate,
  parseListingUpdates,
  parseWith,
} from '@dropship/core';
import type { HttpClient, RateLimitOptions } from '@dropship/http';
import { z } from 'zod';

/**
 * The Listings Items API operations' default usage plans (https://developer-docs.amazon.com/sp-api/reference/patchlistingsitem,
 * https://developer-docs.amazon.com/sp-api/reference/getlistingsitem): `patchListingsItem` 5
 * requests/s, burst 5; `getListingsItem` 5 requests/s, burst 10.
 */
export const amazonListingsRateLimits = Object.freeze({
  patchListingsItem: Object.freeze({ requests: 5, intervalMs: 1_000, burst: 5 }),
  getListingsItem: Object.freeze({ requests: 5, intervalMs: 1_000, burst: 10 }),
}) satisfies Readonly<Record<string, Readonly<RateLimitOptions>>>;

/**
 * Updates per push call: 1. `patchListingsItem` sets one SKU per call; `push` takes any number of
 * updates and sends one call per SKU, paced (the bulk `JSON_LISTINGS_FEED` is the next step).
 */
export const AMAZON_LISTINGS_BATCH_SIZE = 1;

/** The data `read` (and the look-up before a patch) asks `getListingsItem` for. */
const readData = 'summaries,fulfillmentAvailability,offers';

/** The data `confirm` asks `getListingsItem` for: the values and the issues processing raised. */
const confirmData = 'fulfillmentAvailability,offers,issues';

/** What {@link createAmazonListings} needs from the adapter. */
export interface AmazonListingsContext {
  /** The seller (merchant token) the listings belong to: the `{sellerId}` of the path. */
  sellerId: string;
  /** The marketplace of the listings (`marketplaceIds`). */
  marketplaceId: string;
  /** Client of `patchListingsItem` (its own limiter). */
  patchHttp: HttpClient;
  /** Client of `getListingsItem` (its own limiter). */
  getHttp: HttpClient;
  /** Sends a call once more with a fresh access token when SP-API refuses the one it carried. */
  withFreshAccessToken<T>(send: () => Promise<T>): Promise<T>;
  /** The fulfilment channel whose quantity is set. Default `DEFAULT` (merchant-fulfilled). */
  fulfillmentChannelCode?: string;
}

const pendingSchema = z.array(
  z.strictObject({ submissionId: z.string().min(1, 'must not be empty'), update: z.custom<ListingUpdate>() }),
);

const issueSchema = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  severity: z.string().optional(),
});

/** `patchListingsItem` answers `{ sku, status, submissionId, issues }`. */
const patchAnswerSchema = z.object({
  sku: z.string(),
  status: z.string(),
  submissionId: z.string(),
  issues: z.array(issueSchema).optional(),
});

/** `getListingsItem` with `fulfillmentAvailability`, `offers` and `issues`. */
const listingsItemSchema = z.object({
  sku: z.string(),
  issues: z.array(issueSchema).optional(),
  offers: z
    .array(
      z.object({
        marketplaceId: z.string().optional(),
        offerType: z.string().optional(),
        price: z.object({ currencyCode: z.string(), amount: z.union([z.string(), z.number()]) }).optional(),
      }),
    )
    .optional(),
  fulfillmentAvailability: z
    .array(z.object({ fulfillmentChannelCode: z.string(), quantity: z.number().int().nonnegative().optional() }))
    .optional(),
});

type ListingsItem = z.infer<typeof listingsItemSchema>;

/**
 * The `patchListingsItem` body for an update: `merge` of `/attributes/fulfillment_availability` for
 * the quantity (it leaves the handling time as it is, https://developer-docs.amazon.com/sp-api/docs/merge-a-listing),
 * `replace` of `/attributes/purchasable_offer` for the price (shape modelled, as reported in
 * amzn/selling-partner-api-docs issue #2167). `productType` `PRODUCT` (an offer-only patch). Pure.
 *
 * @param update - the update.
 * @param marketplaceId - the marketplace of the offer.
 * @param fulfillmentChannelCode - the channel whose quantity is set (`DEFAULT`: merchant-fulfilled).
 */
export function buildAmazonListingPatch(
  update: ListingUpdate,
  marketplaceId: string,
  fulfillmentChannelCode = 'DEFAULT',
): { productType: string; patches: { op: string; path: string; value: unknown[] }[] } {
  const patches: { op: string; path: string; value: unknown[] }[] = [];
  if (update.quantity !== undefined) {
    patches.push({
      op: 'merge',
      path: '/attributes/fulfillment_availability',
      value: [{ fulfillment_channel_code: fulfillmentChannelCode, quantity: update.quantity }],
    });
  }
  if (update.price !== undefined) {
    patches.push({
      op: 'replace',
      path: '/attributes/purchasable_offer',
      value: [
        {
          marketplace_id: marketplaceId,
          currency: update.price.currency,
          audience: 'ALL',
          our_price: [
            { schedule: [{ value_with_tax: Number(formatMinorUnits(update.price.amount, update.price.currency)) }] },
          ],
        },
      ],
    });
  }
  return { productType: 'PRODUCT', patches };
}

/** What a listings item shows: the channel's quantity and the offer price of the marketplace, in minor units. */
function showsOf(item: ListingsItem, marketplaceId: string, channel: string) {
  const quantity = item.fulfillmentAvailability?.find((entry) => entry.fulfillmentChannelCode === channel)?.quantity;
  const offer = item.offers?.find(
    (entry) => entry.marketplaceId === undefined || entry.marketplaceId === marketplaceId,
  );
  const amount = offer?.price ? decimalToMinorUnits(offer.price.amount, offer.price.currencyCode) : undefined;
  return {
    ...(quantity === undefined ? {} : { quantity }),
    ...(offer?.price && amount !== undefined ? { price: { amount, currency: offer.price.currencyCode } } : {}),
  };
}

/** The text of an answer's ERROR issues, and the first one's code. */
function errorsOf(issues: readonly z.infer<typeof issueSchema>[] | undefined) {
  const errors = (issues ?? []).filter((issue) => issue.severity === 'ERROR');
  return {
    errors,
    code: errors[0]?.code,
    message: errors.map((issue) => `${issue.code ?? ''} ${issue.message ?? ''}`.trim()).join('; '),
  };
}

/**
 * Amazon's quantity and price push (`MarketplaceListings`, asynchronous), on the Listings Items
 * API (https://developer-docs.amazon.com/sp-api/reference/patchlistingsitem):
 *
 * - `push`: per update, first (once per SKU and adapter) `getListingsItem` to know the SKU is
 *   listed: `patchListingsItem` has no 404, a patch of an unknown SKU creates a partial listing
 *   (amzn/selling-partner-api-models issue #2797), so an unknown SKU is `failed` (not retryable)
 *   and nothing is sent. Then one `patchListingsItem` per SKU (quantity `merge`d, price
 *   `replace`d), paced at 5 requests/s, burst 5: `ACCEPTED` → `pending` with the `submissionId`;
 *   `INVALID` → `failed` with the ERROR issues (not retryable). The updates go one at a time until a
 *   patch is accepted: a call that fails before that throws (nothing known applied, nothing more
 *   sent); after, they go at once (paced) and a failed call's SKU is `unknown` (it may have acted)
 *   or `failed`.
 * - `confirm`: `getListingsItem` (`includedData` `fulfillmentAvailability,offers,issues`) per SKU: the values
 *   shown → `applied`; an ERROR issue → `failed` (retryable, modelled: Amazon may process the next
 *   submission); otherwise still `pending` (Amazon takes minutes, up to hours).
 * - `read`: `getListingsItem` per SKU (404: not found), 5 requests/s, burst 10.
 *
 * The bulk `JSON_LISTINGS_FEED` (25,000 messages, 5 submissions per 5 minutes) is not used yet.
 *
 * @param context - seller, marketplace, the two operations' clients and the token renewal.
 */
export function createAmazonListings(context: AmazonListingsContext): MarketplaceListings {
  const { sellerId, marketplaceId, patchHttp, getHttp, withFreshAccessToken } = context;
  const channel = context.fulfillmentChannelCode ?? 'DEFAULT';
  /** SKUs getListingsItem found (patching them is safe). */
  const known = new Set<string>();
  const itemPath = (sku: string) =>
    `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`;

  async function getItem(
    sku: string,
    signal: AbortSignal | undefined,
    includedData = readData,
  ): Promise<ListingsItem | undefined> {
    const response = await withFreshAccessToken(() =>
      getHttp.request({
        path: itemPath(sku),
        searchParams: { marketplaceIds: marketplaceId, includedData },
        schema: listingsItemSchema,
        acceptStatus: [404],
        ...(signal ? { signal } : {}),
      }),
    );
    if (response.status === 404) {
      known.delete(sku);
      return undefined;
    }
    known.add(sku);
    return response.data;
  }

  async function push(input: readonly ListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const updates = parseListingUpdates(input, 'Amazon listing updates', 40);
    const signal = options?.signal;
    let calls = 0;
    let accepted = false;
    /** `rethrow`: until a patch is accepted, a failed call fails the whole push (nothing known applied). */
    const outcomeOf = async (update: (typeof updates)[number], rethrow: boolean): Promise<ListingUpdateOutcome> => {
      const { sku } = update;
      try {
        if (!known.has(sku) && (await getItem(sku, signal)) === undefined) {
          return {
            sku,
            status: 'failed',
            retryable: false,
            code: 'NOT_FOUND',
            message: `amazon: seller ${sellerId} has no listing ${sku} in marketplace ${marketplaceId} (not patched: a patch would create a partial listing)`,
          };
        }
        calls += 1;
        const response = await withFreshAccessToken(() =>
          patchHttp.request({
            method: 'PATCH',
            path: itemPath(sku),
            searchParams: { marketplaceIds: marketplaceId, issueLocale: 'en_US' },
            json: buildAmazonListingPatch(update, marketplaceId, channel),
            schema: patchAnswerSchema,
            // Not resent blind after an answer that may have acted (its SKU is `unknown`, read back
            // first); a 429 is resent (Amazon did not act).
            retry: false,
            ...(signal ? { signal } : {}),
          }),
        );
        const answer = response.data;
        if (answer.status === 'ACCEPTED') {
          accepted = true;
          return { sku, status: 'pending', submissionId: answer.submissionId };
        }
        const { code, message } = errorsOf(answer.issues);
        if (answer.status === 'INVALID') {
          return {
            sku,
            status: 'failed',
            retryable: false,
            ...(code ? { code } : {}),
            message: `amazon: INVALID${message ? `: ${message}` : ''}`,
          };
        }
        return { sku, status: 'unknown', message: `amazon: patchListingsItem answered status ${answer.status}` };
      } catch (error) {
        if (signal?.aborted || rethrow) throw error;
        const message = error instanceof Error ? patchHttp.redact(error.message) : 'the call failed';
        if (mayHaveActed(error)) return { sku, status: 'unknown', message };
        const retryable = ApiError.isInstance(error) ? error.isRetryable : false;
        return {
          sku,
          status: 'failed',
          retryable,
          ...(ApiError.isInstance(error) ? { code: error.code } : {}),
          message,
        };
      }
    };
    // One at a time until Amazon accepts a patch (a call failing before that throws: nothing is
    // known applied), then the rest at once: the operations' limiters pace them (5/s burst 5).
    const outcomes: ListingUpdateOutcome[] = [];
    let next = 0;
    while (!accepted && next < updates.length) {
      outcomes.push(await outcomeOf(updates[next] as (typeof updates)[number], true));
      next += 1;
    }
    outcomes.push(...(await Promise.all(updates.slice(next).map((update) => outcomeOf(update, false)))));
    return { outcomes, calls };
  }

  async function confirm(input: readonly PendingListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const pending = parseWith(pendingSchema, input, 'Amazon pending listing updates');
    const signal = options?.signal;
    const outcomes = await Promise.all(
      pending.map(async ({ submissionId, update }): Promise<ListingUpdateOutcome> => {
        const item = await getItem(update.sku, signal, confirmData);
        const sku = update.sku;
        if (!item)
          return { sku, status: 'failed', retryable: false, code: 'NOT_FOUND', message: `amazon: no listing ${sku}` };
        const { errors, code, message } = errorsOf(item.issues);
        if (errors.length > 0) {
          return { sku, status: 'failed', retryable: true, ...(code ? { code } : {}), message: `amazon: ${message}` };
        }
        const shows = showsOf(item, marketplaceId, channel);
        const quantityShown = update.quantity === undefined || shows.quantity === update.quantity;
        const priceShown =
          update.price === undefined ||
          (shows.price?.amount === update.price.amount && shows.price.currency === update.price.currency);
        if (quantityShown && priceShown) return { sku, status: 'applied' };
        return { sku, status: 'pending', submissionId };
      }),
    );
    return { outcomes, calls: pending.length };
  }

  async function read(skus: readonly string[], options?: CallOptions): Promise<ListingReading[]> {
    const list = parseWith(z.array(z.string().trim().min(1, 'must not be empty')), skus, 'Amazon listing SKUs');
    const signal = options?.signal;
    return Promise.all(
      list.map(async (sku): Promise<ListingReading> => {
        const item = await getItem(sku, signal);
        if (!item) return { sku, found: false };
        return { sku, found: true, ...showsOf(item, marketplaceId, channel) };
      }),
    );
  }

  return { batchSize: AMAZON_LISTINGS_BATCH_SIZE, mode: 'asynchronous', push, confirm, read };
}
