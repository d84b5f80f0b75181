import { parseWith } from '@dropship/core';
import { type HttpEvent, httpTuningOptionsShape, type RetryPolicy, resolveCredential } from '@dropship/http';
import { z } from 'zod';
import { SHOPIFY_DEFAULT_READY_FINANCIAL_STATUSES } from './map-shopify-order.js';
import { toShopifyGid } from './shopify-ids.js';
import { SHOPIFY_MAX_LISTING_BATCH_SIZE } from './shopify-listing-schemas.js';
import { SHOPIFY_MAX_PAGE_SIZE, SHOPIFY_MAX_QUERY_COST, shopifyOrdersQueryCost } from './shopify-order-schemas.js';

/** Environment variable read when `shop` is not given. */
export const SHOPIFY_SHOP_ENV = 'SHOPIFY_SHOP';

/** Environment variable read when `accessToken` is not given. */
export const SHOPIFY_ACCESS_TOKEN_ENV = 'SHOPIFY_ACCESS_TOKEN';

/** Environment variable read when `apiVersion` is not given. */
export const SHOPIFY_API_VERSION_ENV = 'SHOPIFY_API_VERSION';

/**
 * The Admin API version used by default: `2026-10`, a supported stable version (Shopify supports
 * each stable version for at least 12 months, https://shopify.dev/docs/api/usage/versioning).
 * Pass `apiVersion` (or set `SHOPIFY_API_VERSION`) to pin another.
 */
export const SHOPIFY_DEFAULT_API_VERSION = '2026-10';

/**
 * The intake page size used by default: 25 orders of up to 10 line items each, a requested cost
 * of 953 points (modelled, {@link shopifyOrdersQueryCost}), under the 1,000 points Shopify allows
 * one query (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits).
 */
export const SHOPIFY_DEFAULT_ORDER_PAGE_SIZE = 25;

/** Line items read with each listed order by default; an order with more gets the rest read after it. */
export const SHOPIFY_DEFAULT_LINE_ITEMS_PER_ORDER = 10;

/** Options of order intake (`createShopify({ orders })`). */
export interface ShopifyOrderOptions {
  /**
   * Orders per listing page (`first`), 1 to 250. Default 25. With `lineItemsPerOrder`, the page's
   * requested cost must stay within 1,000 points (see `shopifyOrdersQueryCost`).
   */
  pageSize?: number;
  /** Line items read with each order on the page, 1 to 250. Default 10; the rest are read by order. */
  lineItemsPerOrder?: number;
  /**
   * `displayFinancialStatus` values that make an unfulfilled order `ready`. Default `PAID` and
   * `PARTIALLY_REFUNDED`; add `AUTHORIZED` for a shop that captures payment on fulfilment.
   */
  readyFinancialStatuses?: readonly string[];
}

/** Options of the listings push (`createShopify({ listings })`). */
export interface ShopifyListingOptions {
  /** Quantities per `inventorySetQuantities` call, 1 to 250 (Shopify's array maximum). Default 250. */
  batchSize?: number;
  /**
   * The location whose `available` quantity the listings show (`gid://shopify/Location/…` or its
   * number). Default: the shop's only location; a shop with several must set it.
   */
  locationId?: string;
}

/** Options of `createShopify`. */
export interface ShopifyOptions {
  /** The shop: `my-store` or `my-store.myshopify.com`. Default: `SHOPIFY_SHOP`. Not needed with `baseURL`. */
  shop?: string;
  /** Admin API access token (offline OAuth token or custom-app token). Default: `SHOPIFY_ACCESS_TOKEN`. */
  accessToken?: string;
  /** Admin API version such as `2026-10`. Default: `SHOPIFY_API_VERSION`, else `2026-10`. */
  apiVersion?: string;
  /** Overrides `https://{shop}.myshopify.com` (tests, proxies). */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * `notifyCustomer` of `fulfillmentCreate`: Shopify emails the buyer its shipping confirmation.
   * Default false, so that the SDK's own notifier sends the email; `notifiesBuyer` reflects it.
   */
  notifyCustomer?: boolean;
  /** Order intake: page size, line items per order, financial statuses that are ready. */
  orders?: ShopifyOrderOptions;
  /** Listings push: batch size, location. The token needs `write_inventory` and `write_products`. */
  listings?: ShopifyListingOptions;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retry policy for reads (and throttled calls). */
  retry?: Partial<RetryPolicy>;
  /** Most requests in flight per access token. */
  concurrency?: number;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
}

/** Options after validation and defaults. */
export interface ShopifySettings {
  /** Admin API access token. */
  accessToken: string;
  /** Admin API version, for example `2026-10`. */
  apiVersion: string;
  /** Origin of the shop, for example `https://my-store.myshopify.com`. */
  baseURL: string;
  /** Custom fetch, or undefined for the global one. */
  fetch: typeof fetch | undefined;
  /** `notifyCustomer` of every `fulfillmentCreate`, and the adapter's `notifiesBuyer`. */
  notifyCustomer: boolean;
  /** Order intake settings, defaults applied. */
  orders: { pageSize: number; lineItemsPerOrder: number; readyFinancialStatuses: readonly string[] };
  /** Listings push settings, defaults applied (`locationId` a global id, or undefined: the only location). */
  listings: { batchSize: number; locationId: string | undefined };
  /** Per-attempt timeout in ms, or undefined for the HTTP client's default. */
  timeoutMs: number | undefined;
  /** Retry policy overrides. */
  retry: Partial<RetryPolicy> | undefined;
  /** Requests in flight per access token, or undefined for the default. */
  concurrency: number | undefined;
  /** Log hook. */
  onEvent: ((event: HttpEvent) => void) | undefined;
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);
const apiVersionSchema = z
  .string()
  .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, 'must be a Shopify API version such as 2026-10');
const shopSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]*(\.myshopify\.com)?$/i, 'must be a shop name such as my-store or my-store.myshopify.com');

/** Zod schema of `orders.readyFinancialStatuses` (also taken by `parseShopifyOrderWebhook`). */
export const shopifyReadyFinancialStatusesSchema = z
  .array(z.string().regex(/^[A-Z_]+$/, 'must be a Shopify OrderDisplayFinancialStatus such as PAID'))
  .min(1, 'must name at least one status')
  .max(20);

const pageSizeSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(SHOPIFY_MAX_PAGE_SIZE, `must be at most ${SHOPIFY_MAX_PAGE_SIZE} (Shopify's page maximum)`);

const orderOptionsSchema = z
  .strictObject({
    pageSize: pageSizeSchema.optional(),
    lineItemsPerOrder: pageSizeSchema.optional(),
    readyFinancialStatuses: shopifyReadyFinancialStatusesSchema.optional(),
  })
  .superRefine((orders, context) => {
    const cost = shopifyOrdersQueryCost(
      orders.pageSize ?? SHOPIFY_DEFAULT_ORDER_PAGE_SIZE,
      orders.lineItemsPerOrder ?? SHOPIFY_DEFAULT_LINE_ITEMS_PER_ORDER,
    );
    if (cost > SHOPIFY_MAX_QUERY_COST) {
      context.addIssue({
        code: 'custom',
        path: ['pageSize'],
        message: `with lineItemsPerOrder, a page would cost ${cost} points; Shopify refuses a query above ${SHOPIFY_MAX_QUERY_COST}: lower pageSize or lineItemsPerOrder`,
      });
    }
  });

const listingOptionsSchema = z.strictObject({
  batchSize: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(SHOPIFY_MAX_LISTING_BATCH_SIZE, `must be at most ${SHOPIFY_MAX_LISTING_BATCH_SIZE} (Shopify's array maximum)`)
    .optional(),
  locationId: z
    .string()
    .refine(
      (value) => toShopifyGid('Location', value) !== undefined,
      'must be a location id (gid://shopify/Location/1 or 1)',
    )
    .optional(),
});

const optionsSchema = z.strictObject({
  shop: shopSchema.optional(),
  accessToken: z.string().optional(),
  apiVersion: apiVersionSchema.optional(),
  baseURL: z.url('must be an absolute URL').optional(),
  fetch: functionSchema.optional(),
  notifyCustomer: z.boolean().optional(),
  orders: orderOptionsSchema.optional(),
  listings: listingOptionsSchema.optional(),
  ...httpTuningOptionsShape,
});

/**
 * Validates the options of `createShopify` and fills in the defaults. Credentials come from the
 * options, else from `SHOPIFY_SHOP` / `SHOPIFY_ACCESS_TOKEN` / `SHOPIFY_API_VERSION`.
 *
 * @param options - the options as given.
 * @throws `ValidationError` listing every invalid option (including a bad shop or version
 * from the environment).
 * @throws `MissingCredentialError` naming the missing credential (never a value).
 */
export function resolveShopifySettings(options: ShopifyOptions = {}): ShopifySettings {
  // Anything but an options object (null, a string) is refused before a field is read.
  if (typeof options !== 'object' || options === null) parseWith(optionsSchema, options, 'Shopify options');
  const fromEnvironment = {
    ...(options.shop === undefined && process.env[SHOPIFY_SHOP_ENV] ? { shop: process.env[SHOPIFY_SHOP_ENV] } : {}),
    ...(options.apiVersion === undefined && process.env[SHOPIFY_API_VERSION_ENV]
      ? { apiVersion: process.env[SHOPIFY_API_VERSION_ENV] }
      : {}),
  };
  const parsed = parseWith(optionsSchema, { ...options, ...fromEnvironment }, 'Shopify options');
  const accessToken = resolveCredential(options.accessToken, SHOPIFY_ACCESS_TOKEN_ENV, 'shopify', 'accessToken');
  const baseURL =
    parsed.baseURL ??
    `https://${resolveCredential(parsed.shop, SHOPIFY_SHOP_ENV, 'shopify', 'shop')
      .toLowerCase()
      .replace(/\.myshopify\.com$/, '')}.myshopify.com`;
  return {
    accessToken,
    apiVersion: parsed.apiVersion ?? SHOPIFY_DEFAULT_API_VERSION,
    baseURL: baseURL.replace(/\/+$/, ''),
    fetch: options.fetch,
    notifyCustomer: options.notifyCustomer ?? false,
    orders: {
      pageSize: parsed.orders?.pageSize ?? SHOPIFY_DEFAULT_ORDER_PAGE_SIZE,
      lineItemsPerOrder: parsed.orders?.lineItemsPerOrder ?? SHOPIFY_DEFAULT_LINE_ITEMS_PER_ORDER,
      readyFinancialStatuses: Object.freeze([
        ...(parsed.orders?.readyFinancialStatuses ?? SHOPIFY_DEFAULT_READY_FINANCIAL_STATUSES),
      ]),
    },
    listings: {
      batchSize: parsed.listings?.batchSize ?? SHOPIFY_MAX_LISTING_BATCH_SIZE,
      locationId:
        parsed.listings?.locationId === undefined ? undefined : toShopifyGid('Location', parsed.listings.locationId),
    },
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    concurrency: options.concurrency,
    onEvent: options.onEvent,
  };
}
