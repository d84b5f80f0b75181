import { randomBytes } from 'node:crypto';
import {
  ApiError,
  type CallOptions,
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
  ResponseParseError,
} from '@dropship/core';
import { createTokenBucket, type HttpClient, type TokenBucket } from '@dropship/http';
import { z } from 'zod';
import type { WalmartListingsSettings } from './walmart-settings.js';

const SERVICE = 'walmart';

/** The feed status page size: `limit` "≤ 50" (spec copy of getFeedItemStatus). */
export const WALMART_FEED_STATUS_PAGE_SIZE = 50;

/** The two feeds a push sends: quantities (`inventory`, spec 1.4) and prices (`price`, spec 1.7). */
export type WalmartFeedType = 'inventory' | 'price';

/** What {@link createWalmartListings} needs from the client. */
export interface WalmartListingsContext {
  /** The client's HTTP client (credentials, error mapping, retries). */
  http: HttpClient;
  /** Runs a call, renewing the access token once when Walmart refuses it. */
  withFreshTokenOnce<T>(call: () => Promise<T>): Promise<T>;
  /** Listings settings. */
  settings: WalmartListingsSettings;
}

const pendingSchema = z.array(
  z.strictObject({ submissionId: z.string().min(1, 'must not be empty'), update: z.custom<ListingUpdate>() }),
);

/** `POST /v3/feeds` answers `{ feedId }`. */
const feedAnswerSchema = z.object({ feedId: z.string().min(1) });

const ingestionErrorSchema = z.object({
  type: z.string().nullish(),
  code: z.string().nullish(),
  description: z.string().nullish(),
});

/** `GET /v3/feeds/{feedId}?includeDetails=true`: the feed's status and a page of its items. */
const feedStatusSchema = z.object({
  feedId: z.string().optional(),
  feedStatus: z.string(),
  itemsReceived: z.coerce.number().int().nonnegative().optional(),
  itemDetails: z
    .object({
      itemIngestionStatus: z
        .array(
          z.object({
            sku: z.string().nullish(),
            ingestionStatus: z.string(),
            ingestionErrors: z
              .object({ ingestionError: z.union([z.array(ingestionErrorSchema), ingestionErrorSchema]).nullish() })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

/** `GET /v3/inventory?sku=`: `{ sku, quantity: { unit, amount } }`. */
const inventorySchema = z.object({
  sku: z.string().optional(),
  quantity: z.object({ unit: z.string().optional(), amount: z.coerce.number().int().nonnegative() }),
});

/**
 * A submission id: the feeds an update went out in, `inventory:<feedId>` and/or `price:<feedId>`,
 * space-separated (Walmart's feed ids hold no space).
 */
export function walmartSubmissionId(feeds: Partial<Record<WalmartFeedType, string>>): string {
  return (['inventory', 'price'] as const)
    .filter((type) => feeds[type] !== undefined)
    .map((type) => `${type}:${feeds[type]}`)
    .join(' ');
}

/** The feeds of a submission id, or undefined when it is not one {@link walmartSubmissionId} made. */
export function readWalmartSubmissionId(submissionId: string): Partial<Record<WalmartFeedType, string>> | undefined {
  const feeds: Partial<Record<WalmartFeedType, string>> = {};
  for (const part of submissionId.split(' ')) {
    const match = /^(inventory|price):(\S+)$/.exec(part);
    if (!match) return undefined;
    feeds[match[1] as WalmartFeedType] = match[2] as string;
  }
  return Object.keys(feeds).length > 0 ? feeds : undefined;
}

/** The JSON file of an inventory feed (spec 1.4): `InventoryHeader` and one `Inventory` entry per SKU. */
export function buildWalmartInventoryFeed(updates: readonly { sku: string; quantity: number }[]): unknown {
  return {
    InventoryHeader: { version: '1.4' },
    Inventory: updates.map((update) => ({ sku: update.sku, quantity: { unit: 'EACH', amount: update.quantity } })),
  };
}

/** The JSON file of a price feed (spec 1.7): `PriceHeader` and one `Price` entry per SKU, the `BASE` price as a decimal. */
export function buildWalmartPriceFeed(
  updates: readonly { sku: string; price: { amount: number; currency: string } }[],
): unknown {
  return {
    PriceHeader: { version: '1.7' },
    Price: updates.map((update) => ({
      sku: update.sku,
      pricing: [
        {
          currentPriceType: 'BASE',
          currentPrice: {
            currency: update.price.currency,
            amount: Number(formatMinorUnits(update.price.amount, update.price.currency)),
          },
        },
      ],
    })),
  };
}

/** Splits updates into batches of at most `size`, each SKU at most once per batch (a repeat starts a new one), in order. Pure. */
export function batchWalmartUpdates<T extends { sku: string }>(updates: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let skus = new Set<string>();
  for (const update of updates) {
    if (current.length >= size || skus.has(update.sku)) {
      batches.push(current);
      current = [];
      skus = new Set();
    }
    current.push(update);
    skus.add(update.sku);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** One item of a feed's status (`itemDetails.itemIngestionStatus[]`). */
type WalmartFeedItem = NonNullable<
  NonNullable<z.infer<typeof feedStatusSchema>['itemDetails']>['itemIngestionStatus']
>[number];

/** The outcome of one item of a processed feed, from its `ingestionStatus`. */
function itemOutcome(sku: string, submissionId: string, item: WalmartFeedItem | undefined): ListingUpdateOutcome {
  if (!item) return { sku, status: 'unknown', message: 'walmart: the processed feed does not report this SKU' };
  const raw = item.ingestionErrors?.ingestionError;
  const errors = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const [first] = errors;
  const message = errors.map((error) => error.description ?? error.code ?? error.type ?? '').join('; ');
  switch (item.ingestionStatus) {
    case 'SUCCESS':
      return { sku, status: 'applied' };
    case 'DATA_ERROR':
      return {
        sku,
        status: 'failed',
        retryable: false,
        ...(first?.code ? { code: first.code } : {}),
        message: `walmart: DATA_ERROR${message ? `: ${message}` : ''}`,
      };
    case 'SYSTEM_ERROR':
    case 'TIMEOUT_ERROR':
      return {
        sku,
        status: 'failed',
        retryable: true,
        ...(first?.code ? { code: first.code } : { code: item.ingestionStatus }),
        message: `walmart: ${item.ingestionStatus}${message ? `: ${message}` : ''}`,
      };
    case 'INPROGRESS':
      return { sku, status: 'pending', submissionId };
    default:
      return { sku, status: 'unknown', message: `walmart: unknown ingestionStatus "${item.ingestionStatus}"` };
  }
}

/** One outcome of the outcomes of an update's feeds: failed, then unknown, then pending, then applied. */
function combine(sku: string, submissionId: string, outcomes: readonly ListingUpdateOutcome[]): ListingUpdateOutcome {
  const failed = outcomes.find((outcome) => outcome.status === 'failed');
  if (failed) return failed;
  const unknown = outcomes.find((outcome) => outcome.status === 'unknown');
  if (unknown) return unknown;
  if (outcomes.some((outcome) => outcome.status === 'pending')) return { sku, status: 'pending', submissionId };
  return { sku, status: 'applied' };
}

function bucketOf(limit: false | { requests: number; intervalMs: number; burst?: number }): TokenBucket | undefined {
  return limit ? createTokenBucket(limit) : undefined;
}

/**
 * Walmart's quantity and price push (`MarketplaceListings`, asynchronous), on the bulk feeds
 * (https://developer.walmart.com/us-marketplace/docs/bulk-inventory-update-feed):
 *
 * - `push`: per batch of `listings.batchSize` updates (a SKU twice in one push is refused), the quantities in
 *   one `POST /v3/feeds?feedType=inventory` (spec 1.4, `multipart/form-data`, field `file`) and the
 *   prices in one `POST /v3/feeds?feedType=price` (spec 1.7, `BASE` price), each answered `{ feedId }`:
 *   every item is `pending` with a submission id naming its feeds. Feed submissions are paced by
 *   `listings.feedRateLimit` per feed type (modelled on 10 per hour). A feed refused or lost on the
 *   first call throws; on a later call (after feeds were accepted) its items are `unknown` (the call
 *   may have acted) or `failed` (Walmart refused it).
 * - `confirm`: `GET /v3/feeds/{feedId}?includeDetails=true` (`@` encoded), items paged 50 at a time
 *   once the feed is `PROCESSED`: `SUCCESS` → `applied`; `DATA_ERROR` → `failed` (not retryable:
 *   an unknown SKU, an invalid value); `SYSTEM_ERROR`, `TIMEOUT_ERROR` → `failed` (retryable);
 *   `INPROGRESS` or a feed `RECEIVED`/`INPROGRESS` → `pending`; a feed `ERROR` → every item `failed`
 *   (retryable). A feed accepted with 200 can end in `ERROR`: nothing is `applied` before this says so.
 * - `read`: `GET /v3/inventory?sku=` per SKU (404: not found), paced by `listings.readRateLimit`.
 *
 * @param context - the client's HTTP client, token renewal and listings settings.
 */
export function createWalmartListings(context: WalmartListingsContext): MarketplaceListings {
  const { http, withFreshTokenOnce, settings } = context;
  const feedBuckets: Record<WalmartFeedType, TokenBucket | undefined> = {
    inventory: bucketOf(settings.feedRateLimit),
    price: bucketOf(settings.feedRateLimit),
  };
  const readBucket = bucketOf(settings.readRateLimit);

  async function submitFeed(type: WalmartFeedType, file: unknown, signal: AbortSignal | undefined): Promise<string> {
    await feedBuckets[type]?.take(signal);
    const boundary = `dropship-${randomBytes(12).toString('hex')}`;
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${type}.json"\r\n` +
      `Content-Type: application/json\r\n\r\n${JSON.stringify(file)}\r\n--${boundary}--\r\n`;
    const response = await withFreshTokenOnce(() =>
      http.request({
        method: 'POST',
        path: '/v3/feeds',
        searchParams: { feedType: type },
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        schema: feedAnswerSchema,
        ...(signal ? { signal } : {}),
      }),
    );
    return response.data.feedId;
  }

  async function push(input: readonly ListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const updates = parseListingUpdates(input, 'Walmart listing updates', 50);
    const signal = options?.signal;
    const outcomes: ListingUpdateOutcome[] = [];
    let calls = 0;
    let accepted = false;
    for (const batch of batchWalmartUpdates(updates, settings.batchSize)) {
      const feeds: Partial<Record<WalmartFeedType, string>> = {};
      let failure: unknown;
      const quantities = batch.flatMap((update) =>
        update.quantity === undefined ? [] : [{ sku: update.sku, quantity: update.quantity }],
      );
      const prices = batch.flatMap((update) =>
        update.price === undefined ? [] : [{ sku: update.sku, price: update.price }],
      );
      for (const [type, file] of [
        ['inventory', quantities.length > 0 ? buildWalmartInventoryFeed(quantities) : undefined],
        ['price', prices.length > 0 ? buildWalmartPriceFeed(prices) : undefined],
      ] as const) {
        if (file === undefined || failure !== undefined) continue;
        calls += 1;
        try {
          feeds[type] = await submitFeed(type, file, signal);
          accepted = true;
        } catch (error) {
          // Nothing known to be applied yet: the whole push failed, as the error says.
          if (!accepted || signal?.aborted) throw error;
          failure = error;
        }
      }
      for (const update of batch) {
        const types: WalmartFeedType[] = [
          ...(update.quantity === undefined ? [] : (['inventory'] as const)),
          ...(update.price === undefined ? [] : (['price'] as const)),
        ];
        const missing = types.filter((type) => feeds[type] === undefined);
        if (missing.length === 0) {
          // The feeds this update went out in (a price-only update is not in the batch's inventory feed).
          const own = Object.fromEntries(types.map((type) => [type, feeds[type]]));
          outcomes.push({ sku: update.sku, status: 'pending', submissionId: walmartSubmissionId(own) });
        } else if (mayHaveActed(failure)) {
          const message = failure instanceof Error ? http.redact(failure.message) : 'the feed call failed';
          outcomes.push({ sku: update.sku, status: 'unknown', message });
        } else {
          const message = failure instanceof Error ? http.redact(failure.message) : 'the feed call failed';
          const retryable = ApiError.isInstance(failure) ? failure.isRetryable : false;
          const code = ApiError.isInstance(failure) ? failure.code : undefined;
          outcomes.push({ sku: update.sku, status: 'failed', retryable, ...(code ? { code } : {}), message });
        }
      }
    }
    return { outcomes, calls };
  }

  /** Reads a feed's status and, once processed, every item (50 per page). */
  async function readFeed(feedId: string, signal: AbortSignal | undefined) {
    const items = new Map<string, WalmartFeedItem>();
    let calls = 0;
    let status = '';
    for (let offset = 0; ; offset += WALMART_FEED_STATUS_PAGE_SIZE) {
      await readBucket?.take(signal);
      calls += 1;
      const response = await withFreshTokenOnce(() =>
        http.request({
          path: `/v3/feeds/${encodeURIComponent(feedId)}`,
          searchParams: { includeDetails: 'true', offset, limit: WALMART_FEED_STATUS_PAGE_SIZE },
          schema: feedStatusSchema,
          ...(signal ? { signal } : {}),
        }),
      );
      status = response.data.feedStatus;
      const page = response.data.itemDetails?.itemIngestionStatus ?? [];
      for (const item of page) if (item.sku) items.set(item.sku, item);
      const received = response.data.itemsReceived ?? 0;
      if (status !== 'PROCESSED' || page.length < WALMART_FEED_STATUS_PAGE_SIZE || offset + page.length >= received) {
        break;
      }
    }
    return { status, items, calls };
  }

  async function confirm(input: readonly PendingListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const pending = parseWith(pendingSchema, input, 'Walmart pending listing updates');
    const signal = options?.signal;
    const feedIds = new Set<string>();
    const parsed = pending.map((entry) => {
      const feeds = readWalmartSubmissionId(entry.submissionId);
      for (const id of Object.values(feeds ?? {})) feedIds.add(id);
      return { entry, feeds };
    });
    let calls = 0;
    const read = new Map<string, Awaited<ReturnType<typeof readFeed>>>();
    for (const feedId of feedIds) {
      const result = await readFeed(feedId, signal);
      calls += result.calls;
      read.set(feedId, result);
    }
    const outcomes = parsed.map(({ entry, feeds }): ListingUpdateOutcome => {
      const sku = entry.update.sku;
      if (!feeds) {
        return { sku, status: 'unknown', message: `walmart: "${entry.submissionId}" is not a Walmart submission id` };
      }
      const perFeed = Object.values(feeds).map((feedId): ListingUpdateOutcome => {
        const feed = read.get(feedId);
        if (!feed) return { sku, status: 'unknown', message: `walmart: feed ${feedId} was not read` };
        if (feed.status === 'ERROR') {
          return {
            sku,
            status: 'failed',
            retryable: true,
            code: 'ERROR',
            message: `walmart: feed ${feedId} ended in ERROR`,
          };
        }
        if (feed.status !== 'PROCESSED') return { sku, status: 'pending', submissionId: entry.submissionId };
        return itemOutcome(sku, entry.submissionId, feed.items.get(sku));
      });
      return combine(sku, entry.submissionId, perFeed);
    });
    return { outcomes, calls };
  }

  async function read(skus: readonly string[], options?: CallOptions): Promise<ListingReading[]> {
    const list = parseWith(z.array(z.string().trim().min(1, 'must not be empty')), skus, 'Walmart listing SKUs');
    const signal = options?.signal;
    return Promise.all(
      list.map(async (sku): Promise<ListingReading> => {
        await readBucket?.take(signal);
        const response = await withFreshTokenOnce(() =>
          http.request({
            path: '/v3/inventory',
            searchParams: { sku },
            schema: inventorySchema,
            acceptStatus: [404],
            ...(signal ? { signal } : {}),
          }),
        );
        if (response.status === 404) return { sku, found: false };
        if (response.data.sku !== undefined && response.data.sku !== sku) {
          throw new ResponseParseError(`walmart: GET /v3/inventory?sku=${sku} answered SKU ${response.data.sku}`, {
            service: SERVICE,
            method: 'GET',
            url: http.redact(`/v3/inventory?sku=${encodeURIComponent(sku)}`),
            status: response.status,
            fields: ['sku'],
          });
        }
        return { sku, found: true, quantity: response.data.quantity.amount };
      }),
    );
  }

  return { batchSize: settings.batchSize, mode: 'asynchronous', push, confirm, read };
}
