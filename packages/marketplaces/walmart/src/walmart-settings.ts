import { parseWith, type SalesOrder, type ShipmentNotice } from '@dropship/core';
import {
  type HttpEvent,
  httpTuningOptionsShape,
  type RateLimitOptions,
  type RetryPolicy,
  rateLimitOptionSchema,
  resolveCredential,
} from '@dropship/http';
import { z } from 'zod';
import type { WalmartProductChargeReading } from './map-walmart-order.js';
import { WALMART_RELEASED_ORDERS_MAX_LIMIT } from './walmart-order-schemas.js';
import { type WalmartMethodCode, walmartMethodCodes } from './walmart-schemas.js';

/** Production base URL (https://developer.walmart.com/us-marketplace/docs/authentication). */
export const WALMART_BASE_URL = 'https://marketplace.walmartapis.com';

/** Sandbox base URL (https://developer.walmart.com/us-marketplace/docs/authentication). */
export const WALMART_SANDBOX_BASE_URL = 'https://sandbox.walmartapis.com';

/** Environment variable read when `clientId` is not given. */
export const WALMART_CLIENT_ID_ENV = 'WALMART_CLIENT_ID';

/** Environment variable read when `clientSecret` is not given. */
export const WALMART_CLIENT_SECRET_ENV = 'WALMART_CLIENT_SECRET';

/** The `WM_SVC.NAME` header value Walmart requires (https://developer.walmart.com/us-marketplace/docs/authentication). */
export const WALMART_SERVICE_NAME = 'Walmart Marketplace';

/**
 * Client-side rate limit of the order listing (`GET /v3/orders`, `GET /v3/orders/released`) when `orders.listRateLimit` is not given:
 * 10 requests a second. Modelled: Walmart publishes no number for its order calls (its limits
 * "vary by API", https://developer.walmart.com/us-marketplace/docs/throttling); a 429 is retried
 * with backoff either way.
 */
export const WALMART_LIST_ORDERS_RATE_LIMIT: RateLimitOptions = { requests: 10, intervalMs: 1_000 };

/**
 * Client-side rate limit of `POST /v3/orders/{purchaseOrderId}/acknowledge` when
 * `orders.acknowledgeRateLimit` is not given: 10 requests a second. Modelled, like
 * {@link WALMART_LIST_ORDERS_RATE_LIMIT}.
 */
export const WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT: RateLimitOptions = { requests: 10, intervalMs: 1_000 };

/**
 * Updates per feed when `listings.batchSize` is not given: 1,000. Modelled: Walmart US publishes no
 * maximum for the inventory feed; its price feed takes at most 10,000 items and recommends 1,000
 * (https://developer.walmart.com/us-marketplace/docs/bulk-inventory-update-feed).
 */
export const WALMART_LISTINGS_BATCH_SIZE = 1_000;

/** The largest `listings.batchSize` accepted: 10,000 items (the price feed's published maximum). */
export const WALMART_LISTINGS_MAX_BATCH_SIZE = 10_000;

/**
 * Client-side limit of the feed submissions (`POST /v3/feeds`), per feed type, when
 * `listings.feedRateLimit` is not given: 10 per hour, burst 10. Modelled on the published
 * inventory-feed figure of Walmart's other markets (https://developer.walmart.com/cl-marketplace/docs/bulk-inventory-update,
 * https://developer.walmart.com/ca-marketplace/docs/throttling); the US page publishes none
 * (https://developer.walmart.com/us-marketplace/docs/throttling).
 */
export const WALMART_FEED_RATE_LIMIT: RateLimitOptions = { requests: 10, intervalMs: 3_600_000, burst: 10 };

/**
 * Client-side limit of the feed status and inventory reads (`GET /v3/feeds/{feedId}`, `GET
 * /v3/inventory`) when `listings.readRateLimit` is not given: 10 a second. Modelled (no published figure).
 */
export const WALMART_LISTINGS_READ_RATE_LIMIT: RateLimitOptions = { requests: 10, intervalMs: 1_000 };

/** Listings push settings of `createWalmart` (`listings`). Unknown keys are refused. */
export interface WalmartListingsOptions {
  /** Updates per feed, 1 to 10,000. Default {@link WALMART_LISTINGS_BATCH_SIZE} (modelled). */
  batchSize?: number;
  /** Client-side limit of the feed submissions, per feed type, or false. Default {@link WALMART_FEED_RATE_LIMIT} (modelled). */
  feedRateLimit?: RateLimitOptions | false;
  /** Client-side limit of the feed status and inventory reads, or false. Default {@link WALMART_LISTINGS_READ_RATE_LIMIT} (modelled). */
  readRateLimit?: RateLimitOptions | false;
}

/** Listings push settings after validation and defaults. */
export interface WalmartListingsSettings {
  /** Updates per feed. */
  batchSize: number;
  /** Limit of the feed submissions, per feed type, or false. */
  feedRateLimit: RateLimitOptions | false;
  /** Limit of the feed status and inventory reads, or false. */
  readRateLimit: RateLimitOptions | false;
}

/** Order intake settings of `createWalmart` (`orders`). Unknown keys are refused. */
export interface WalmartOrdersOptions {
  /** Orders per listing page (`limit`): 1 to 200 (Walmart's maximum). Default 200. */
  pageSize?: number;
  /**
   * Which listing `orders.list` reads, both on the purchase order's creation time:
   * - `all` (default): `GET /v3/orders`, every order whatever its status (acknowledged elsewhere,
   *   cancelled and shipped ones come with their status), and acknowledging an order does not take
   *   it out of the listing being paged;
   * - `released`: `GET /v3/orders/released`, only orders with a line still `Created` (new and not
   *   acknowledged): an order acknowledged by anyone else is never listed, and one acknowledged
   *   between two pages leaves the listing (if Walmart's cursor is an offset, the next page skips
   *   one order: acknowledge after the last page).
   */
  listing?: 'all' | 'released';
  /**
   * What a line's `PRODUCT` charge amount is: `unit-price` (default) or `line-total`. Walmart
   * does not document it (modelled, see the README).
   */
  productCharge?: WalmartProductChargeReading;
  /** Client-side limit of the listing calls, or false for none. Default {@link WALMART_LIST_ORDERS_RATE_LIMIT}. */
  listRateLimit?: RateLimitOptions | false;
  /** Client-side limit of the acknowledge calls, or false for none. Default {@link WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT}. */
  acknowledgeRateLimit?: RateLimitOptions | false;
}

/** Order intake settings after validation and defaults. */
export interface WalmartOrdersSettings {
  /** Orders per page (`limit`). */
  pageSize: number;
  /** Which listing `orders.list` reads. */
  listing: 'all' | 'released';
  /** What a `PRODUCT` charge amount is. */
  productCharge: WalmartProductChargeReading;
  /** Limit of the listing calls, or false. */
  listRateLimit: RateLimitOptions | false;
  /** Limit of the acknowledge calls, or false. */
  acknowledgeRateLimit: RateLimitOptions | false;
}

/** Options of `createWalmart`. What no public source confirms (UNCONFIRMED) is configurable here. */
export interface WalmartOptions {
  /** Client ID of the seller's API key. Default: `WALMART_CLIENT_ID`. */
  clientId?: string;
  /** Client secret of the seller's API key. Default: `WALMART_CLIENT_SECRET`. */
  clientSecret?: string;
  /** Default `https://marketplace.walmartapis.com`; the sandbox is `https://sandbox.walmartapis.com`. */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * `trackingInfo.methodCode` sent when the order read from Walmart carries no
   * `shippingInfo.methodCode` (the order's own is sent otherwise). Default `Standard`.
   */
  methodCode?: WalmartMethodCode;
  /**
   * The `sellerOrderId` of each shipped line (required by the spec, at most 30 characters, printed on
   * return labels). Default: the Walmart purchase order id.
   */
  sellerOrderId?: (input: { order: SalesOrder; shipment: ShipmentNotice }) => string;
  /**
   * Whether Walmart emails the buyer when lines are shipped, so that the SDK does not. UNCONFIRMED
   * (no public documentation); default true.
   */
  notifiesBuyer?: boolean;
  /** Refresh the access token this long before it expires (Walmart tokens live 900 s). Default 60,000 ms. */
  tokenRefreshMarginMs?: number;
  /** `WM_CONSUMER.CHANNEL.TYPE` header (optional, given at onboarding). */
  channelType?: string;
  /** Clock in ms since epoch, for the token expiry (tests). Default `Date.now`. */
  now?: () => number;
  /** Makes each `WM_QOS.CORRELATION_ID`. Default `crypto.randomUUID`. */
  correlationId?: () => string;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retry policy for reads (and rate-limited calls). */
  retry?: Partial<RetryPolicy>;
  /** Most requests in flight per API key. */
  concurrency?: number;
  /**
   * Client-side rate limit shared by every adapter with this client ID (token requests included).
   * Walmart's per-endpoint limits are UNCONFIRMED (no public documentation), so none is set by default.
   */
  rateLimit?: RateLimitOptions | false;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /** Order intake (`orders.list`, `orders.acknowledge`): page size, price reading, rate limits. */
  orders?: WalmartOrdersOptions;
  /** Listings push (`listings`): feed size and the feed and read rate limits (all modelled). */
  listings?: WalmartListingsOptions;
}

/** Options after validation and defaults. */
export interface WalmartSettings {
  /** Client ID of the API key. */
  clientId: string;
  /** Client secret of the API key. */
  clientSecret: string;
  /** Base URL without a trailing slash. */
  baseURL: string;
  /** Custom fetch, or undefined for the global one. */
  fetch: typeof fetch | undefined;
  /** `trackingInfo.methodCode` of a package whose order carries none. */
  methodCode: WalmartMethodCode;
  /** Makes the `sellerOrderId` of a push. */
  sellerOrderId: (input: { order: SalesOrder; shipment: ShipmentNotice }) => string;
  /** What the adapter declares as `notifiesBuyer`. */
  notifiesBuyer: boolean;
  /** How long before expiry the token is renewed, in ms. */
  tokenRefreshMarginMs: number;
  /** `WM_CONSUMER.CHANNEL.TYPE`, when given. */
  channelType: string | undefined;
  /** The clock, ms since epoch. */
  now: () => number;
  /** Makes each correlation id. */
  correlationId: () => string;
  /** Per-attempt timeout in ms, or undefined for the HTTP client's default. */
  timeoutMs: number | undefined;
  /** Retry policy overrides. */
  retry: Partial<RetryPolicy> | undefined;
  /** Requests in flight per API key, or undefined for the default. */
  concurrency: number | undefined;
  /** Client-side rate limit, or undefined/false for none. */
  rateLimit: RateLimitOptions | false | undefined;
  /** Log hook. */
  onEvent: ((event: HttpEvent) => void) | undefined;
  /** Order intake settings. */
  orders: WalmartOrdersSettings;
  /** Listings push settings. */
  listings: WalmartListingsSettings;
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

const optionsSchema = z.strictObject({
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  baseURL: z.url('must be an absolute URL').optional(),
  fetch: functionSchema.optional(),
  methodCode: z.enum(walmartMethodCodes).optional(),
  sellerOrderId: functionSchema.optional(),
  notifiesBuyer: z.boolean().optional(),
  tokenRefreshMarginMs: z
    .number()
    .int()
    .nonnegative()
    .max(600_000, 'must be less than the 900 s token lifetime')
    .optional(),
  channelType: z.string().trim().min(1, 'must not be empty').optional(),
  now: functionSchema.optional(),
  correlationId: functionSchema.optional(),
  ...httpTuningOptionsShape,
  rateLimit: rateLimitOptionSchema,
  orders: z
    .strictObject({
      pageSize: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(
          WALMART_RELEASED_ORDERS_MAX_LIMIT,
          `must be at most ${WALMART_RELEASED_ORDERS_MAX_LIMIT} (Walmart's limit)`,
        )
        .optional(),
      listing: z.enum(['all', 'released']).optional(),
      productCharge: z.enum(['unit-price', 'line-total']).optional(),
      listRateLimit: rateLimitOptionSchema,
      acknowledgeRateLimit: rateLimitOptionSchema,
    })
    .optional(),
  listings: z
    .strictObject({
      batchSize: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(
          WALMART_LISTINGS_MAX_BATCH_SIZE,
          `must be at most ${WALMART_LISTINGS_MAX_BATCH_SIZE} (the price feed's maximum)`,
        )
        .optional(),
      feedRateLimit: rateLimitOptionSchema,
      readRateLimit: rateLimitOptionSchema,
    })
    .optional(),
});

/**
 * Validates the options of `createWalmart` and fills in the defaults. Credentials come from the
 * options, else from `WALMART_CLIENT_ID` / `WALMART_CLIENT_SECRET`.
 *
 * @param options - the options as given.
 * @throws `ValidationError` listing every invalid option.
 * @throws `MissingCredentialError` naming the missing credential (never a value).
 */
export function resolveWalmartSettings(options: WalmartOptions = {}): WalmartSettings {
  parseWith(optionsSchema, options, 'Walmart options');
  return {
    clientId: resolveCredential(options.clientId, WALMART_CLIENT_ID_ENV, 'walmart', 'clientId'),
    clientSecret: resolveCredential(options.clientSecret, WALMART_CLIENT_SECRET_ENV, 'walmart', 'clientSecret'),
    baseURL: (options.baseURL ?? WALMART_BASE_URL).replace(/\/+$/, ''),
    fetch: options.fetch,
    methodCode: options.methodCode ?? 'Standard',
    sellerOrderId: options.sellerOrderId ?? (({ order }) => order.marketplaceOrderId),
    notifiesBuyer: options.notifiesBuyer ?? true,
    tokenRefreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
    channelType: options.channelType,
    now: options.now ?? Date.now,
    correlationId: options.correlationId ?? (() => crypto.randomUUID()),
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    concurrency: options.concurrency,
    rateLimit: options.rateLimit,
    onEvent: options.onEvent,
    orders: {
      pageSize: options.orders?.pageSize ?? WALMART_RELEASED_ORDERS_MAX_LIMIT,
      listing: options.orders?.listing ?? 'all',
      productCharge: options.orders?.productCharge ?? 'unit-price',
      listRateLimit: options.orders?.listRateLimit ?? WALMART_LIST_ORDERS_RATE_LIMIT,
      acknowledgeRateLimit: options.orders?.acknowledgeRateLimit ?? WALMART_ACKNOWLEDGE_ORDERS_RATE_LIMIT,
    },
    listings: {
      batchSize: options.listings?.batchSize ?? WALMART_LISTINGS_BATCH_SIZE,
      feedRateLimit: options.listings?.feedRateLimit ?? WALMART_FEED_RATE_LIMIT,
      readRateLimit: options.listings?.readRateLimit ?? WALMART_LISTINGS_READ_RATE_LIMIT,
    },
  };
}
