import { decimalToMinorUnits } from '@dropship/core';
import type { SimulatedListings } from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { WalmartIntakeContext } from './walmart-simulator-intake.js';

/** Fault operation names of the listings side of the Walmart simulator. */
export const walmartListingsOperations = {
  /** `POST /v3/feeds?feedType=inventory|price`. */
  push: 'push-listings',
  /** `GET /v3/feeds/{feedId}`. */
  confirm: 'confirm-listings',
  /** `GET /v3/inventory?sku=`. */
  read: 'read-listings',
} as const;

/** What the listings side needs of the simulator (its common checks and refusals). */
export type WalmartSimulatedListingsContext = Pick<
  WalmartIntakeContext,
  'baseURL' | 'serve' | 'requireToken' | 'refuse'
>;

/** Options of the listings side (`createWalmartSimulator({ listings })`). */
export interface WalmartSimulatedListingsOptions {
  /** Most items one feed takes (400 beyond it). Default 10,000 (modelled on the price feed's maximum). */
  maxFeedItems?: number;
}

/** The listings side of the Walmart simulator: handlers and the `SimulatedListings` surface. */
export interface WalmartSimulatedListings extends SimulatedListings {
  readonly handlers: RequestHandler[];
  /** The feeds received, oldest first: id, type, status and items. */
  feeds(): { feedId: string; feedType: 'inventory' | 'price'; feedStatus: string; skus: string[] }[];
  /** The next feed received ends in feed status `ERROR` when processed (nothing applied). */
  failNextFeed(): void;
  /** Forgets feeds, refusals and counters; listings too when `all`. */
  reset(all: boolean): void;
}

interface HeldListing {
  quantity: number;
  price?: { amount: number; currency: string };
}

interface FeedItem {
  sku: string;
  quantity?: number;
  price?: { amount: number; currency: string };
  ingestionStatus: 'INPROGRESS' | 'SUCCESS' | 'DATA_ERROR' | 'SYSTEM_ERROR';
  error?: { type: string; code: string; description: string };
}

interface Feed {
  feedId: string;
  feedType: 'inventory' | 'price';
  feedStatus: 'RECEIVED' | 'PROCESSED' | 'ERROR';
  items: FeedItem[];
  failing: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Creates the listings side of the Walmart simulator, on the bulk feeds as the spec copies and
 * Walmart's guides describe them (api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-feeds-openapi-original.yml,
 * https://developer.walmart.com/us-marketplace/docs/bulk-inventory-update-feed):
 *
 * - `POST /v3/feeds?feedType=inventory` (a `multipart/form-data` upload, field `file`, JSON 1.4:
 *   `InventoryHeader.version` `1.4`, `Inventory[].sku` and `quantity { unit: EACH, amount }`) and
 *   `feedType=price` (1.7: `PriceHeader`, `Price[].sku`, `pricing[].currentPrice { currency, amount }`
 *   with `currentPriceType`): a feed of another shape is refused (400); it answers `{ feedId }`
 *   (ids hold `@`, as Walmart's do) and queues the feed. Nothing is applied until `process()`: then
 *   each item is applied as an absolute value in order (`SUCCESS`), or reported `DATA_ERROR` (an
 *   unknown SKU, a refused one) or `SYSTEM_ERROR` (a retryable refusal).
 * - `GET /v3/feeds/{feedId}?includeDetails=true&offset&limit` (`limit` at most 50, else 400):
 *   `feedStatus` `RECEIVED` before processing, then `PROCESSED` (or `ERROR`), with a page of items.
 * - `GET /v3/inventory?sku=`: `{ sku, quantity { unit, amount } }`, 404 for an unknown SKU.
 *
 * It never deduplicates: every feed is applied as sent. Faults: operations `push-listings`,
 * `confirm-listings`, `read-listings`. Modelled: the item limit, the `DATA_ERROR` codes and texts,
 * the 404 body.
 *
 * @param context - the simulator's common checks and refusals.
 * @param options - the feed size limit.
 */
export function createWalmartSimulatedListings(
  context: WalmartSimulatedListingsContext,
  options: WalmartSimulatedListingsOptions = {},
): WalmartSimulatedListings {
  const { refuse } = context;
  const maxItems = options.maxFeedItems ?? 10_000;
  const listings = new Map<string, HeldListing>();
  const feeds = new Map<string, Feed>();
  let changes: { sku: string; quantity?: number; price?: { amount: number; currency: string }; at: number }[] = [];
  let refusals = new Map<string, boolean>();
  let pushCalls = 0;
  let feedCounter = 0;
  let failNext = false;

  function parseInventory(file: Record<string, unknown>): FeedItem[] {
    if (record(file.InventoryHeader)?.version !== '1.4') {
      refuse(400, 'INVALID_REQUEST_CONTENT', 'InventoryHeader.version must be 1.4', 'InventoryHeader');
    }
    const entries = file.Inventory;
    if (!Array.isArray(entries) || entries.length === 0) {
      return refuse(400, 'INVALID_REQUEST_CONTENT', 'Inventory must list at least one item', 'Inventory');
    }
    return entries.map((raw, index) => {
      const entry = record(raw);
      const quantity = record(entry?.quantity);
      const amount = quantity?.amount;
      if (typeof entry?.sku !== 'string' || entry.sku.length === 0) {
        return refuse(400, 'INVALID_REQUEST_CONTENT', `Inventory[${index}].sku is required`, 'sku');
      }
      if (quantity?.unit !== 'EACH' || typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
        return refuse(
          400,
          'INVALID_REQUEST_CONTENT',
          `Inventory[${index}].quantity needs unit EACH and a whole amount`,
          'quantity',
        );
      }
      return { sku: entry.sku, quantity: amount, ingestionStatus: 'INPROGRESS' as const };
    });
  }

  function parsePrice(file: Record<string, unknown>): FeedItem[] {
    if (record(file.PriceHeader)?.version !== '1.7') {
      refuse(400, 'INVALID_REQUEST_CONTENT', 'PriceHeader.version must be 1.7', 'PriceHeader');
    }
    const entries = file.Price;
    if (!Array.isArray(entries) || entries.length === 0) {
      return refuse(400, 'INVALID_REQUEST_CONTENT', 'Price must list at least one item', 'Price');
    }
    return entries.map((raw, index) => {
      const entry = record(raw);
      const pricing = Array.isArray(entry?.pricing) ? record(entry.pricing[0]) : undefined;
      const current = record(pricing?.currentPrice);
      const currency = current?.currency;
      const amount =
        typeof current?.amount === 'number' && typeof currency === 'string'
          ? decimalToMinorUnits(current.amount, currency)
          : undefined;
      if (typeof entry?.sku !== 'string' || entry.sku.length === 0) {
        return refuse(400, 'INVALID_REQUEST_CONTENT', `Price[${index}].sku is required`, 'sku');
      }
      if (
        amount === undefined ||
        typeof currency !== 'string' ||
        !['BASE', 'REDUCED', 'CLEARANCE'].includes(String(pricing?.currentPriceType))
      ) {
        return refuse(
          400,
          'INVALID_REQUEST_CONTENT',
          `Price[${index}].pricing needs currentPriceType and currentPrice { currency, amount }`,
          'pricing',
        );
      }
      return { sku: entry.sku, price: { amount, currency }, ingestionStatus: 'INPROGRESS' as const };
    });
  }

  async function submit(request: Request): Promise<Response> {
    context.requireToken(request);
    const feedType = new URL(request.url).searchParams.get('feedType');
    if (feedType !== 'inventory' && feedType !== 'price') {
      return refuse(400, 'INVALID_REQUEST_PARAM', 'feedType must be a known feed type', 'feedType');
    }
    if (!/^multipart\/form-data;\s*boundary=/i.test(request.headers.get('content-type') ?? '')) {
      return refuse(400, 'INVALID_REQUEST_HEADER', 'the feed must be a multipart/form-data upload', 'Content-Type');
    }
    let text: string;
    try {
      const file = (await request.formData()).get('file');
      if (file === null) return refuse(400, 'INVALID_REQUEST_CONTENT', 'the file part is required', 'file');
      text = typeof file === 'string' ? file : await file.text();
    } catch {
      return refuse(400, 'INVALID_REQUEST_CONTENT', 'the body is not multipart/form-data', 'file');
    }
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = record(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed) return refuse(400, 'INVALID_REQUEST_CONTENT', 'the file is not a JSON object', 'file');
    const items = feedType === 'inventory' ? parseInventory(parsed) : parsePrice(parsed);
    if (items.length > maxItems) {
      return refuse(400, 'INVALID_REQUEST_CONTENT', `a feed takes at most ${maxItems} items`, 'file');
    }
    feedCounter += 1;
    const feedId = `${feedCounter.toString(16).toUpperCase().padStart(8, '0')}SIMFEED@AUoBAQA`;
    feeds.set(feedId, { feedId, feedType, feedStatus: 'RECEIVED', items, failing: failNext });
    failNext = false;
    return HttpResponse.json({ feedId });
  }

  function status(request: Request, feedId: string): Response {
    context.requireToken(request);
    const feed = feeds.get(feedId);
    if (!feed) return refuse(404, 'CONTENT_NOT_FOUND', `feed ${feedId} not found`, 'feedId');
    const query = new URL(request.url).searchParams;
    const offset = Number(query.get('offset') ?? '0');
    const limit = Number(query.get('limit') ?? '50');
    if (!(Number.isInteger(offset) && offset >= 0)) return refuse(400, 'INVALID_REQUEST_PARAM', 'offset', 'offset');
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 50)) {
      return refuse(400, 'INVALID_REQUEST_PARAM', 'limit must be from 1 to 50', 'limit');
    }
    const count = (wanted: FeedItem['ingestionStatus']) =>
      feed.items.filter((item) => item.ingestionStatus === wanted).length;
    const details = query.get('includeDetails') === 'true';
    return HttpResponse.json({
      feedId,
      feedStatus: feed.feedStatus,
      itemsReceived: feed.items.length,
      itemsSucceeded: count('SUCCESS'),
      itemsFailed: count('DATA_ERROR') + count('SYSTEM_ERROR'),
      itemsProcessing: count('INPROGRESS'),
      offset,
      limit,
      ...(details
        ? {
            itemDetails: {
              itemIngestionStatus: feed.items.slice(offset, offset + limit).map((item, index) => ({
                sku: item.sku,
                index: offset + index,
                ingestionStatus: item.ingestionStatus,
                ...(item.error ? { ingestionErrors: { ingestionError: [item.error] } } : {}),
              })),
            },
          }
        : {}),
    });
  }

  function inventory(request: Request): Response {
    context.requireToken(request);
    const sku = new URL(request.url).searchParams.get('sku');
    if (!sku) return refuse(400, 'INVALID_REQUEST_PARAM', 'sku is required', 'sku');
    const held = listings.get(sku);
    if (!held) return refuse(404, 'CONTENT_NOT_FOUND', `SKU ${sku} not found`, 'sku');
    return HttpResponse.json({ sku, quantity: { unit: 'EACH', amount: held.quantity } });
  }

  function processFeed(feed: Feed, at: number): void {
    if (feed.failing) {
      feed.feedStatus = 'ERROR';
      for (const item of feed.items) item.ingestionStatus = 'SYSTEM_ERROR';
      return;
    }
    for (const item of feed.items) {
      const held = listings.get(item.sku);
      const refusal = refusals.get(item.sku);
      if (!held) {
        item.ingestionStatus = 'DATA_ERROR';
        item.error = { type: 'DATA_ERROR', code: 'ERR_EXT_DATA_0101001', description: `SKU ${item.sku} not found` };
      } else if (refusal !== undefined) {
        refusals.delete(item.sku);
        item.ingestionStatus = refusal ? 'SYSTEM_ERROR' : 'DATA_ERROR';
        item.error = refusal
          ? { type: 'SYSTEM_ERROR', code: 'ERR_INT_SYS_0000001', description: 'Internal error, please retry' }
          : {
              type: 'DATA_ERROR',
              code: 'ERR_EXT_DATA_0801001',
              description: `the value of SKU ${item.sku} is refused`,
            };
      } else {
        if (item.quantity !== undefined) held.quantity = item.quantity;
        if (item.price !== undefined) held.price = { ...item.price };
        item.ingestionStatus = 'SUCCESS';
        changes.push({
          sku: item.sku,
          ...(item.quantity === undefined ? {} : { quantity: item.quantity }),
          ...(item.price === undefined ? {} : { price: { ...item.price } }),
          at,
        });
      }
    }
    feed.feedStatus = 'PROCESSED';
  }

  return {
    handlers: [
      http.post(`${context.baseURL}/v3/feeds`, ({ request }) => {
        pushCalls += 1;
        return context.serve(walmartListingsOperations.push, request, () => submit(request));
      }),
      http.get(`${context.baseURL}/v3/feeds/:feedId`, ({ request, params }) =>
        context.serve(walmartListingsOperations.confirm, request, () =>
          status(request, decodeURIComponent(String(params.feedId))),
        ),
      ),
      http.get(`${context.baseURL}/v3/inventory`, ({ request }) =>
        context.serve(walmartListingsOperations.read, request, () => inventory(request)),
      ),
    ],
    putListing(sku, values) {
      listings.set(sku, {
        quantity: values?.quantity ?? 0,
        ...(values?.price ? { price: { ...values.price } } : {}),
      });
    },
    listing(sku) {
      const held = listings.get(sku);
      return held ? structuredClone(held) : undefined;
    },
    changes() {
      return structuredClone(changes);
    },
    sell(sku, quantity) {
      const held = listings.get(sku);
      if (!held) throw new Error(`the Walmart simulator holds no listing ${sku}`);
      held.quantity = Math.max(0, held.quantity - quantity);
    },
    refuseNextUpdate(skus, refuseOptions) {
      for (const sku of skus) refusals.set(sku, refuseOptions?.retryable ?? false);
    },
    process() {
      const at = Date.now();
      for (const feed of feeds.values()) if (feed.feedStatus === 'RECEIVED') processFeed(feed, at);
    },
    pushCallCount() {
      return pushCalls;
    },
    feeds() {
      return [...feeds.values()].map((feed) => ({
        feedId: feed.feedId,
        feedType: feed.feedType,
        feedStatus: feed.feedStatus,
        skus: feed.items.map((item) => item.sku),
      }));
    },
    failNextFeed() {
      failNext = true;
    },
    reset(all) {
      if (all) listings.clear();
      feeds.clear();
      changes = [];
      refusals = new Map();
      pushCalls = 0;
      failNext = false;
    },
  };
}
