import { randomUUID } from 'node:crypto';
import {
  type CallOptions,
  type CarrierCode,
  carrierCodes,
  InvalidRequestError,
  type MarketplaceAdapter,
  type MarketplaceListings,
  type MarketplaceOrders,
  mayHaveActed,
  type PushTrackingResult,
  parseTrackingPush,
  parseWith,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  shipmentLineIssues,
  ValidationError,
} from '@dropship/core';
import {
  createHttpClient,
  type HttpClient,
  type HttpEvent,
  httpTuningOptionsShape,
  type RateLimitOptions,
  type RetryPolicy,
  rateLimitOptionSchema,
  resolveCredential,
  truncateBody,
} from '@dropship/http';
import { z } from 'zod';
import {
  buildEbayShippingFulfillment,
  ebayShippedQuantities,
  findEbayFulfillment,
} from './build-ebay-shipping-fulfillment.js';
import { createEbayCancellations } from './ebay-cancellations.js';
import { EBAY_DEFAULT_LISTING_BATCH_SIZE, EBAY_MAX_LISTING_BATCH_SIZE } from './ebay-listing-schemas.js';
import { createEbayListings } from './ebay-listings.js';
import {
  EBAY_ORDER_PAGE_MAXIMUM,
  type EbayOrderFulfillmentStatusFilter,
  ebayOrderFulfillmentStatusFilters,
} from './ebay-order-schemas.js';
import { type EbayFulfillment, ebayFulfillmentListSchema } from './ebay-schemas.js';
import { createEbayOrders } from './list-ebay-orders.js';
import { ebayErrorIds, mapEbayError, readEbayErrors } from './map-ebay-error.js';

/** eBay production API root (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const EBAY_PRODUCTION_URL = 'https://api.ebay.com';
/** eBay sandbox API root (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const EBAY_SANDBOX_URL = 'https://api.sandbox.ebay.com';
/** Environment variable read when neither `accessToken` nor `getAccessToken` is given. */
export const EBAY_ACCESS_TOKEN_ENV = 'EBAY_ACCESS_TOKEN';

/**
 * The client-side rate limit of the order listing (`getOrders`) unless `orders.rateLimit` says
 * otherwise: 5 calls a second, 5 at once. MODELLED: eBay publishes daily call quotas per API
 * (https://developer.ebay.com/develop/api/sell/api_call_limits), readable with the Analytics API's
 * `getRateLimits`, not a per-second rate; this default keeps a scan from bursting, and a 429 is
 * waited out with its Retry-After either way.
 */
export const EBAY_ORDER_LIST_RATE_LIMIT: RateLimitOptions = { requests: 5, intervalMs: 1_000, burst: 5 };

/** Order intake settings of {@link createEbay} (`orders`). */
export interface EbayOrderSettings {
  /** Orders per `getOrders` page, 1 to 200 (eBay's maximum). Default 200: the fewest calls. */
  pageSize?: number;
  /**
   * Adds `orderfulfillmentstatus:{...}` to the filter, one of the two combinations eBay accepts.
   * Default none: every order changed in the window is listed (shipped and cancelled ones too, so
   * that intake sees them change).
   */
  fulfillmentStatus?: EbayOrderFulfillmentStatusFilter;
  /** Client-side rate limit of the listing calls, or false. Default {@link EBAY_ORDER_LIST_RATE_LIMIT}; separate from `rateLimit` (the tracking push). */
  rateLimit?: RateLimitOptions | false;
}

/**
 * The client-side rate limit of the listings push and its look-ups unless `listings.rateLimit`
 * says otherwise: 5 calls a second, 5 at once. MODELLED: eBay publishes the Inventory API's
 * quota per day, not per second (https://developer.ebay.com/develop/api/sell/api_call_limits).
 */
export const EBAY_LISTING_RATE_LIMIT: RateLimitOptions = { requests: 5, intervalMs: 1_000, burst: 5 };

/** Listings push settings of {@link createEbay} (`listings`). */
export interface EbayListingOptions {
  /**
   * Inventory items per `bulkUpdatePriceQuantity` call, 1 to 25. Default 1: eBay's method
   * description says "Only one SKU (one product) can be updated per call" while its
   * `BulkPriceQuantity` type says up to 25 (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity);
   * the safe reading is the default. Raise it once your account is seen to accept more.
   */
  batchSize?: number;
  /** Client-side rate limit of the listings calls, or false. Default {@link EBAY_LISTING_RATE_LIMIT}. */
  rateLimit?: RateLimitOptions | false;
}

/** Settings of {@link createEbay}. */
export interface EbaySettings {
  /**
   * OAuth2 **user** access token with the `sell.fulfillment` scope (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). Default: the
   * `EBAY_ACCESS_TOKEN` environment variable. Give this or `getAccessToken`, not both.
   */
  accessToken?: string;
  /**
   * Returns a current user access token, called before every request: use it when your platform
   * refreshes eBay tokens (they last two hours). Cache the token inside; it is called often.
   */
  getAccessToken?: () => string | Promise<string>;
  /** API root. Default `https://api.ebay.com` (`https://api.sandbox.ebay.com` with `sandbox`). */
  baseURL?: string;
  /** Use the eBay sandbox. Ignored when `baseURL` is given. */
  sandbox?: boolean;
  /** Sent as `X-EBAY-C-MARKETPLACE-ID` (for example `EBAY_US`) when given. */
  marketplaceId?: string;
  /**
   * Whether eBay emails the buyer when tracking is added. Default true. UNCONFIRMED
   * (no public documentation): set false to have the SDK's own buyer email sent.
   */
  notifiesBuyer?: boolean;
  /** Replaces entries of the canonical → eBay carrier-code table (`ebayCarrierCodes`). */
  carrierCodes?: Partial<Record<CarrierCode, string>>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /** Retry policy of reads. */
  retry?: Partial<RetryPolicy>;
  /** Client-side rate limit, or false (default: none; eBay's quotas are daily, https://developer.ebay.com/develop/api/sell/api_call_limits). */
  rateLimit?: RateLimitOptions | false;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /** Order intake (`adapter.orders`): page size, fulfillment-status filter, rate limit. */
  orders?: EbayOrderSettings;
  /** Listings push (`adapter.listings`): batch size, rate limit. The token needs the `sell.inventory` scope. */
  listings?: EbayListingOptions;
  /**
   * Root of the Post-Order API (`/post-order/v2/cancellation/...`, answering buyers' cancel
   * requests, sent with `Authorization: IAF <token>`). Default `baseURL` (`https://api.ebay.com`);
   * eBay's sandbox has no Post-Order API, so with `sandbox` answers fail unless this points at a
   * simulator.
   */
  postOrderBaseURL?: string;
}

const settingsSchema = z
  .strictObject({
    accessToken: z.string().optional(),
    getAccessToken: z
      .custom<() => string | Promise<string>>((value) => typeof value === 'function', 'must be a function')
      .optional(),
    baseURL: z.url('must be an absolute URL').optional(),
    postOrderBaseURL: z.url('must be an absolute URL').optional(),
    sandbox: z.boolean().optional(),
    marketplaceId: z
      .string()
      .regex(/^[A-Z_]+$/, 'must be an eBay marketplace id such as EBAY_US')
      .optional(),
    notifiesBuyer: z.boolean().optional(),
    carrierCodes: z.partialRecord(z.enum(carrierCodes), z.string().trim().min(1, 'must not be empty')).optional(),
    fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
    // The shared ranges of @dropship/http: a retry count of -1 or 1e9, a timeout of 1e12 are refused.
    timeoutMs: httpTuningOptionsShape.timeoutMs,
    retry: httpTuningOptionsShape.retry,
    rateLimit: rateLimitOptionSchema,
    onEvent: z
      .custom<(event: HttpEvent) => void>((value) => typeof value === 'function', 'must be a function')
      .optional(),
    orders: z
      .strictObject({
        pageSize: z
          .number()
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(EBAY_ORDER_PAGE_MAXIMUM, `must be at most ${EBAY_ORDER_PAGE_MAXIMUM} (eBay's getOrders maximum)`)
          .optional(),
        fulfillmentStatus: z.enum(ebayOrderFulfillmentStatusFilters).optional(),
        rateLimit: rateLimitOptionSchema,
      })
      .optional(),
    listings: z
      .strictObject({
        batchSize: z
          .number()
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(
            EBAY_MAX_LISTING_BATCH_SIZE,
            `must be at most ${EBAY_MAX_LISTING_BATCH_SIZE} (eBay's bulkUpdatePriceQuantity maximum)`,
          )
          .optional(),
        rateLimit: rateLimitOptionSchema,
      })
      .optional(),
  })
  .refine((settings) => !(settings.accessToken !== undefined && settings.getAccessToken !== undefined), {
    message: 'give accessToken or getAccessToken, not both',
    path: ['getAccessToken'],
  });

/** The eBay marketplace adapter: a `MarketplaceAdapter` plus the eBay calls it makes. */
export interface EbayAdapter extends MarketplaceAdapter {
  readonly marketplace: 'ebay';
  /**
   * Order intake by `getOrders` (no acknowledgement: eBay has none); quantity and price push; a
   * buyer's cancel request needs the seller's answer (`orders.answerCancellation`).
   */
  readonly capabilities: { orders: 'list'; listings: 'push'; cancellations: 'answer' };
  /** Lists the orders changed in a window, page by page (see `createEbayOrders`). */
  readonly orders: MarketplaceOrders;
  /** Quantity and price push by `bulkUpdatePriceQuantity` (see `createEbayListings`). */
  readonly listings: MarketplaceListings;
  /** The order's shipping fulfillments as eBay returns them (`GET .../shipping_fulfillment`). */
  listFulfillments(orderId: string, options?: CallOptions): Promise<EbayFulfillment[]>;
}

function orderPath(orderId: string): string {
  return `/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment`;
}

const locationPattern = /\/sell\/fulfillment\/v1\/order\/([^/?#]+)\/shipping_fulfillment\/([^/?#]+)\/?$/;

/**
 * The fulfillment id of a `Location` header that names a fulfillment of `orderId`
 * (`.../sell/fulfillment/v1/order/{orderId}/shipping_fulfillment/{fulfillmentId}`, https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment), or
 * undefined when the header is missing or names anything else. Pure.
 *
 * @param location - the `Location` header of the answer.
 * @param orderId - the order the package was pushed to.
 */
export function ebayFulfillmentIdFromLocation(location: string | null, orderId: string): string | undefined {
  if (!location) return undefined;
  let pathname: string;
  try {
    pathname = new URL(location, 'https://api.ebay.com').pathname;
  } catch {
    return undefined;
  }
  const match = locationPattern.exec(pathname);
  if (!match) return undefined;
  try {
    const [, locationOrderId = '', fulfillmentId = ''] = match.map((part) => decodeURIComponent(part));
    return locationOrderId === orderId && fulfillmentId.length > 0 ? fulfillmentId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the eBay adapter: pushes tracking with the Sell Fulfillment API
 * `createShippingFulfillment`, one call per package (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
 *
 * `pushTracking` reads the order's fulfillments first and returns `already-pushed` when the
 * tracking number is there (eBay has no idempotency key, https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment); otherwise it posts the package
 * with its line items and quantities, eBay's carrier code and the tracking number cleaned to
 * letters and digits.
 *
 * `orders.list` is order intake (`capabilities.orders: 'list'`): one `getOrders` page of the
 * orders changed in a window (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders),
 * through a client of its own with the listing's rate limit (`orders.rateLimit`); an order with a
 * cancel state is read with `getOrder` for its cancel request (`ListedOrder.cancellation`), and
 * `orders.answerCancellation` answers it through the Post-Order API (`postOrderBaseURL`).
 *
 * `listings` pushes quantities and prices with the Inventory API (`bulkUpdatePriceQuantity`,
 * see `createEbayListings`).
 *
 * @param settings - token, API root, carrier-code overrides, intake settings, hooks.
 * @throws `MissingCredentialError` when no token is given and `EBAY_ACCESS_TOKEN` is unset.
 * @throws `ValidationError` for invalid settings.
 * @example
 * ```ts
 * const ebay = createEbay({ accessToken: process.env.EBAY_ACCESS_TOKEN });
 * await ebay.pushTracking({ order, shipment });
 * const page = await ebay.orders.list({ since: '2026-11-01T00:00:00Z', until: '2026-11-01T06:00:00Z' });
 * ```
 */
export function createEbay(settings: EbaySettings = {}): EbayAdapter {
  const parsed = parseWith(settingsSchema, settings, 'eBay settings');
  const getAccessToken = parsed.getAccessToken;
  const accessToken = getAccessToken
    ? undefined
    : resolveCredential(parsed.accessToken, EBAY_ACCESS_TOKEN_ENV, 'ebay', 'accessToken');
  const baseURL = parsed.baseURL ?? (parsed.sandbox ? EBAY_SANDBOX_URL : EBAY_PRODUCTION_URL);
  const notifiesBuyer = parsed.notifiesBuyer ?? true;
  const carrierOverrides = parsed.carrierCodes;

  // Limits are per client when the token comes from a function (no static credential identifies
  // the account); the random id is only a limiter key.
  const clientKey = accessToken === undefined ? [`ebay-client-${randomUUID()}`] : [];

  /**
   * One HTTP client of this adapter: the same host, token, headers, tuning and error mapping for
   * every call; `limiterKeys` give the order listing a limiter of its own (eBay's quotas are per
   * API call), so that its rate limit and a 429 on it do not hold the tracking push.
   */
  function createClient(
    rateLimit: RateLimitOptions | false,
    limiterKeys: readonly string[],
    root: { baseURL: string; scheme: 'Bearer' | 'IAF' } = { baseURL, scheme: 'Bearer' },
  ): HttpClient {
    const client: HttpClient = createHttpClient({
      service: 'ebay',
      baseURL: root.baseURL,
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      ...(settings.retry ? { retry: settings.retry } : {}),
      rateLimit,
      ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
      headers: {
        'content-type': 'application/json',
        ...(parsed.marketplaceId ? { 'x-ebay-c-marketplace-id': parsed.marketplaceId } : {}),
      },
      ...(limiterKeys.length > 0 ? { redact: limiterKeys } : {}),
      ...(accessToken === undefined
        ? { getCredentials: async () => ({ headers: { authorization: `${root.scheme} ${await getAccessToken?.()}` } }) }
        : { credentials: { headers: { authorization: `${root.scheme} ${accessToken}` } } }),
      mapError: (context) => mapEbayError({ ...context, redact: context.redact ?? client.redact }),
    });
    return client;
  }

  const http = createClient(settings.rateLimit ?? false, clientKey);
  const orderClient = createClient(parsed.orders?.rateLimit ?? EBAY_ORDER_LIST_RATE_LIMIT, [
    ...clientKey,
    'ebay-get-orders-limiter',
  ]);
  const listedOrders = createEbayOrders(orderClient, {
    pageSize: parsed.orders?.pageSize ?? EBAY_ORDER_PAGE_MAXIMUM,
    fulfillmentStatus: parsed.orders?.fulfillmentStatus,
  });
  const cancellations = createEbayCancellations({
    fulfillment: orderClient,
    postOrder: createClient(settings.rateLimit ?? false, [...clientKey, 'ebay-post-order-limiter'], {
      baseURL: parsed.postOrderBaseURL ?? baseURL,
      scheme: 'IAF',
    }),
  });
  const orders: MarketplaceOrders = {
    pageSize: listedOrders.pageSize,
    async list(request, options) {
      const page = await listedOrders.list(request, options);
      const { entries, warnings } = await cancellations.withCancellations(page.orders, options?.signal);
      const allWarnings = [...(page.warnings ?? []), ...warnings];
      return { ...page, orders: entries, ...(allWarnings.length > 0 ? { warnings: allWarnings } : {}) };
    },
    answerCancellation: cancellations.answerCancellation,
  };

  const listings = createEbayListings(
    createClient(parsed.listings?.rateLimit ?? EBAY_LISTING_RATE_LIMIT, [...clientKey, 'ebay-inventory-limiter']),
    { batchSize: parsed.listings?.batchSize ?? EBAY_DEFAULT_LISTING_BATCH_SIZE },
  );

  async function listFulfillments(orderId: string, options?: CallOptions): Promise<EbayFulfillment[]> {
    const response = await http.request({
      path: orderPath(orderId),
      schema: ebayFulfillmentListSchema,
      ...(options?.signal ? { signal: options.signal } : {}),
    });
    return response.data.fulfillments;
  }

  /** Reads the fulfillments again and returns the one with the tracking number, or undefined. */
  async function findAfterFailure(
    orderId: string,
    trackingNumber: string,
    options?: CallOptions,
  ): Promise<EbayFulfillment | undefined> {
    try {
      return findEbayFulfillment(await listFulfillments(orderId, options), trackingNumber);
    } catch {
      return undefined;
    }
  }

  async function pushTracking(
    input: { order: SalesOrder; shipment: ShipmentNotice },
    options?: CallOptions,
  ): Promise<PushTrackingResult> {
    const { order, shipment } = parseTrackingPush(input);
    if (order.marketplace !== 'ebay') {
      throw new ValidationError('tracking push', [
        { path: 'order.marketplace', message: `must be "ebay" for the eBay adapter, got "${order.marketplace}"` },
      ]);
    }
    const body = buildEbayShippingFulfillment(shipment, carrierOverrides);
    const orderId = order.marketplaceOrderId;

    const existing = await listFulfillments(orderId, options);
    const found = findEbayFulfillment(existing, body.trackingNumber);
    if (found) return { status: 'already-pushed', reference: found.fulfillmentId };

    const issues = shipmentLineIssues(order, shipment, ebayShippedQuantities(existing));
    if (issues.length > 0) throw new ValidationError('tracking push', issues);

    let response: Awaited<ReturnType<typeof http.request>>;
    try {
      response = await http.request({
        method: 'POST',
        path: orderPath(orderId),
        json: body,
        retry: false,
        acceptStatus: [400, 409],
        ...(options?.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      // eBay may have acted before the answer was lost or garbled (a dropped connection, a 5xx,
      // a body that is not JSON): look before failing.
      if (mayHaveActed(error)) {
        const written = await findAfterFailure(orderId, body.trackingNumber, options);
        if (written) return { status: 'pushed', reference: written.fulfillmentId };
      }
      throw error;
    }

    if (response.status === 400 || response.status === 409) {
      let parsedBody: unknown;
      try {
        parsedBody = JSON.parse(response.text);
      } catch {
        parsedBody = undefined;
      }
      const errorIds = readEbayErrors(parsedBody).map((entry) => entry.errorId);
      // 34500 "use PUT" / 409: eBay may already hold this package; trust it only if the list shows it.
      if (response.status === 409 || errorIds.includes(ebayErrorIds.usePutToUpdate)) {
        const written = await findAfterFailure(orderId, body.trackingNumber, options);
        if (written) return { status: 'already-pushed', reference: written.fulfillmentId };
      }
      const url = `${baseURL}${orderPath(orderId)}`;
      throw (
        mapEbayError({
          method: 'POST',
          url,
          status: response.status,
          body: parsedBody,
          text: response.text,
          redact: http.redact,
        }) ??
        new InvalidRequestError(http.redact(`ebay: POST ${url} failed with HTTP ${response.status}`), {
          service: 'ebay',
          method: 'POST',
          url,
          status: response.status,
          responseBody: http.redact(response.text.slice(0, 2_000)),
        })
      );
    }

    // The documented success: 201 Created with the new fulfillment's Location (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
    const reference =
      response.status === 201 ? ebayFulfillmentIdFromLocation(response.headers.get('location'), orderId) : undefined;
    if (reference !== undefined) return { status: 'pushed', reference };

    // Any other 2xx (a 200, a 201 without Location, a Location naming something else) is no
    // evidence: the package counts as pushed only if eBay's list of fulfillments shows it.
    const written = await findAfterFailure(orderId, body.trackingNumber, options);
    if (written) return { status: 'pushed', reference: written.fulfillmentId };
    const url = `${baseURL}${orderPath(orderId)}`;
    throw new ResponseParseError(
      `ebay: the push of tracking ${body.trackingNumber} to order ${orderId} is not confirmed: POST ${url} answered HTTP ${response.status} ${
        response.headers.get('location')
          ? 'with a Location that names no fulfillment of the order'
          : 'without a Location'
      } (eBay answers 201 Created with the fulfillment's Location), and the order's fulfillments do not show it; it is not marked pushed`,
      {
        service: 'ebay',
        method: 'POST',
        url,
        status: response.status,
        responseBody: truncateBody(response.text, http.redact),
        fields: ['location'],
      },
    );
  }

  return {
    specificationVersion: 'v1',
    marketplace: 'ebay',
    notifiesBuyer,
    capabilities: { orders: 'list', listings: 'push', cancellations: 'answer' },
    orders,
    listings,
    pushTracking,
    listFulfillments,
  };
}
