import {
  type CallOptions,
  type CarrierCode,
  carrierCodes,
  type MarketplaceAdapter,
  type MarketplaceCapabilities,
  type MarketplaceListings,
  type MarketplaceOrders,
  type PushTrackingResult,
  parseTrackingPush,
  parseWith,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
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
import { sendWithFreshAccessToken } from './amazon-access-token.js';
import { amazonListingsRateLimits, createAmazonListings } from './amazon-listings.js';
import { AMAZON_MAX_ORDERS_PER_PAGE, amazonOrderRateLimits } from './amazon-order-schemas.js';
import { type AmazonRegion, amazonRegionHosts } from './amazon-schemas.js';
import { buildAmazonShipmentConfirmation } from './build-amazon-shipment-confirmation.js';
import { createAmazonOrders } from './list-amazon-orders.js';
import { createLwaTokenProvider, type LwaTokenProvider } from './lwa-token-provider.js';
import { mapAmazonError } from './map-amazon-error.js';
import { createRestrictedDataTokenProvider } from './restricted-data-token-provider.js';

/** Environment variables read for the credentials not given as options. */
export const AMAZON_ENVIRONMENT_VARIABLES = {
  refreshToken: 'AMAZON_SP_REFRESH_TOKEN',
  clientId: 'AMAZON_SP_CLIENT_ID',
  clientSecret: 'AMAZON_SP_CLIENT_SECRET',
} as const;

/** The US marketplace id, the default `marketplaceId` of region `na` (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
export const AMAZON_US_MARKETPLACE_ID = 'ATVPDKIKX0DER';

/**
 * `confirmShipment` rate limit: 2 requests per second, burst 10 (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). The default of
 * `rateLimit`; every Amazon client with the same refresh token shares it.
 */
export const amazonConfirmShipmentRateLimit: Readonly<RateLimitOptions> = Object.freeze({
  requests: 2,
  intervalMs: 1_000,
  burst: 10,
});

/** How many confirmed packages an Amazon client remembers for `already-pushed`. */
const confirmedMemoSize = 10_000;

/** Order intake settings of {@link createAmazon} (`orders`). */
export interface AmazonOrderSettings {
  /** Orders per `getOrders` page (`MaxResultsPerPage`), 1 to 100. Default 100 (https://developer-docs.amazon.com/sp-api/reference/getorders). */
  pageSize?: number;
  /**
   * Client-side rate limits of the listing operations, each its own bucket shared by every client
   * of the same seller, or false for none. Default Amazon's usage plans (`amazonOrderRateLimits`):
   * getOrders 1 per 60 s burst 20, getOrderItems 1 per 2 s burst 30, createRestrictedDataToken 1/s
   * burst 10. An account granted more (Amazon's `x-amzn-RateLimit-Limit` header says) may raise them.
   */
  rateLimits?: {
    getOrders?: RateLimitOptions | false;
    getOrderItems?: RateLimitOptions | false;
    createRestrictedDataToken?: RateLimitOptions | false;
  };
  /** Ask for a new Restricted Data Token this long before the current one expires, in ms (at most half its life early). Default 300,000. */
  restrictedDataTokenRefreshMarginMs?: number;
  /** After Amazon refuses a Restricted Data Token, list without one this long before asking again, in ms. Default 60,000. */
  restrictedDataTokenRefusalRetryMs?: number;
}

/** Listings push settings of {@link createAmazon} (`listings`). */
export interface AmazonListingsSettings {
  /**
   * Client-side limits of the Listings Items operations, each its own bucket shared by every client
   * of the seller, or false for none. Default Amazon's usage plans (`amazonListingsRateLimits`):
   * patchListingsItem 5/s burst 5, getListingsItem 5/s burst 10.
   */
  rateLimits?: { patchListingsItem?: RateLimitOptions | false; getListingsItem?: RateLimitOptions | false };
  /** The fulfilment channel whose quantity is set: `DEFAULT` (merchant-fulfilled, the default). */
  fulfillmentChannelCode?: string;
}

/** Settings of {@link createAmazon}. */
export interface AmazonSettings {
  /** The seller's LWA refresh token. Default: `AMAZON_SP_REFRESH_TOKEN`. */
  refreshToken?: string;
  /** The SP-API application's LWA client id. Default: `AMAZON_SP_CLIENT_ID`. */
  clientId?: string;
  /** The SP-API application's LWA client secret. Default: `AMAZON_SP_CLIENT_SECRET`. */
  clientSecret?: string;
  /** SP-API region: `na` (default), `eu` or `fe` (https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api). */
  region?: AmazonRegion;
  /** Use the SP-API sandbox host of the region. Ignored when `baseURL` is given. */
  sandbox?: boolean;
  /** Marketplace of the orders. Default `ATVPDKIKX0DER` (US) in region `na`; required elsewhere. */
  marketplaceId?: string;
  /** SP-API root. Default `https://sellingpartnerapi-<region>.amazon.com`. */
  baseURL?: string;
  /** LWA token endpoint. Default `https://api.amazon.com/auth/o2/token`. */
  tokenURL?: string;
  /**
   * Whether Amazon emails the buyer when the shipment is confirmed. Default true. UNCONFIRMED
   * (no public documentation): set false to have the SDK's own buyer email sent.
   */
  notifiesBuyer?: boolean;
  /** Replaces entries of the canonical → Amazon carrier-code table (`amazonCarrierCodes`). */
  carrierCodes?: Partial<Record<CarrierCode, string>>;
  /** Refresh the access token this long before it expires, in ms. Default 60,000. */
  tokenRefreshMarginMs?: number;
  /** Client-side rate limit. Default 2 requests/s, burst 10 (https://developer-docs.amazon.com/sp-api/reference/confirmshipment); false for none. */
  rateLimit?: RateLimitOptions | false;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /**
   * Most requests in flight per operation and seller (confirmShipment, getOrders, getOrderItems and
   * createRestrictedDataToken each have their own). Default 8. The order listing fetches the items
   * of a page's orders in parallel up to it, within getOrderItems' rate limit.
   */
  concurrency?: number;
  /** Retry policy (confirmShipment is safe to retry: the same packageReferenceId edits, https://developer-docs.amazon.com/sp-api/reference/confirmshipment). */
  retry?: Partial<RetryPolicy>;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /** Order intake (`orders.list`): page size, rate limits, Restricted Data Token timings. */
  orders?: AmazonOrderSettings;
  /**
   * The seller's id (merchant token, Seller Central → Account info), the `{sellerId}` of the
   * Listings Items API. With it the adapter pushes listings (`capabilities.listings: 'push'`);
   * without it, it does not.
   */
  sellerId?: string;
  /** Listings push (`listings`): rate limits and fulfilment channel. */
  listings?: AmazonListingsSettings;
  /** Clock in ms since epoch (the order listing's "two minutes before now"). Default `Date.now`. */
  now?: () => number;
}

const functionSchema = <T>() => z.custom<T>((value) => typeof value === 'function', 'must be a function');

const settingsSchema = z.strictObject({
  refreshToken: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  region: z.enum(['na', 'eu', 'fe']).optional(),
  sandbox: z.boolean().optional(),
  marketplaceId: z
    .string()
    .regex(/^[A-Z0-9]{10,14}$/, 'must be an Amazon marketplace id such as ATVPDKIKX0DER')
    .optional(),
  baseURL: z.url('must be an absolute URL').optional(),
  tokenURL: z.url('must be an absolute URL').optional(),
  notifiesBuyer: z.boolean().optional(),
  carrierCodes: z.partialRecord(z.enum(carrierCodes), z.string().trim().min(1, 'must not be empty')).optional(),
  // At most an hour: LWA tokens live an hour.
  tokenRefreshMarginMs: z.number().int().nonnegative().max(3_600_000).optional(),
  // The shared ranges of @dropship/http: a retry count of -1 or 1e9, a timeout of 1e12 are refused.
  rateLimit: rateLimitOptionSchema,
  fetch: functionSchema<typeof fetch>().optional(),
  timeoutMs: httpTuningOptionsShape.timeoutMs,
  concurrency: httpTuningOptionsShape.concurrency,
  retry: httpTuningOptionsShape.retry,
  onEvent: functionSchema<(event: HttpEvent) => void>().optional(),
  orders: z
    .strictObject({
      pageSize: z.number().int().min(1).max(AMAZON_MAX_ORDERS_PER_PAGE).optional(),
      rateLimits: z
        .strictObject({
          getOrders: rateLimitOptionSchema,
          getOrderItems: rateLimitOptionSchema,
          createRestrictedDataToken: rateLimitOptionSchema,
        })
        .optional(),
      restrictedDataTokenRefreshMarginMs: z.number().int().nonnegative().max(3_600_000).optional(),
      restrictedDataTokenRefusalRetryMs: z.number().int().nonnegative().max(86_400_000).optional(),
    })
    .optional(),
  now: functionSchema<() => number>().optional(),
  sellerId: z
    .string()
    .regex(/^[A-Z0-9]{8,20}$/, 'must be an Amazon seller id (merchant token) such as A2EXAMPLE1234')
    .optional(),
  listings: z
    .strictObject({
      rateLimits: z
        .strictObject({ patchListingsItem: rateLimitOptionSchema, getListingsItem: rateLimitOptionSchema })
        .optional(),
      fulfillmentChannelCode: z
        .string()
        .regex(/^[A-Z_]{2,20}$/, 'must be a fulfillment channel code such as DEFAULT')
        .optional(),
    })
    .optional(),
});

/** The Amazon marketplace adapter: a `MarketplaceAdapter` plus its LWA token provider. */
export interface AmazonAdapter extends MarketplaceAdapter {
  readonly marketplace: 'amazon';
  /** The marketplace id sent with every confirmation and order listing. */
  readonly marketplaceId: string;
  /** Order intake: `list` (getOrders + getOrderItems); Amazon requires no acknowledgement of an order. */
  readonly capabilities: MarketplaceCapabilities & { orders: 'list' };
  readonly orders: MarketplaceOrders;
  /** Quantity and price push (Listings Items API), when `sellerId` is given (`capabilities.listings: 'push'`). */
  readonly listings?: MarketplaceListings;
}

/**
 * Creates the Amazon adapter: confirms shipments with SP-API Orders v0 `confirmShipment`
 * (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), one call per package,
 * and lists the seller-fulfilled orders for intake (`orders.list`: getOrders with a Restricted
 * Data Token for the ship-to, getOrderItems per order; see `createAmazonOrders`), and, with a
 * `sellerId`, pushes listing quantities and prices (`listings`, Listings Items API; see
 * `createAmazonListings`).
 *
 * - Access: an LWA access token from the refresh token, cached until shortly before it expires
 *   and fetched again once when the API refuses it (401, or 403 `Unauthorized`); sent as
 *   `x-amz-access-token`.
 * - Idempotency: `packageReferenceId` is derived from the order and the tracking number, so a
 *   retry (by this client after a dropped connection, or by the caller later) edits the same
 *   package instead of adding one (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). Amazon offers no read of confirmed packages, so
 *   `already-pushed` means this client already confirmed the identical package (it then sends
 *   nothing); another process sends it again, which only edits the package.
 * - Limits: 2 requests/s, burst 10, shared by every client of the same seller (https://developer-docs.amazon.com/sp-api/reference/confirmshipment); a 429
 *   `QuotaExceeded` is retried after a backoff.
 *
 * @param settings - LWA credentials, region, marketplace, overrides, hooks.
 * @throws `MissingCredentialError` for a credential neither given nor in its environment variable.
 * @throws `ValidationError` for invalid settings.
 * @example
 * ```ts
 * const amazon = createAmazon({ refreshToken, clientId, clientSecret });
 * await amazon.pushTracking({ order, shipment });
 * ```
 */
export function createAmazon(settings: AmazonSettings = {}): AmazonAdapter {
  const parsed = parseWith(settingsSchema, settings, 'Amazon settings');
  const refreshToken = resolveCredential(
    parsed.refreshToken,
    AMAZON_ENVIRONMENT_VARIABLES.refreshToken,
    'amazon',
    'refreshToken',
  );
  const clientId = resolveCredential(parsed.clientId, AMAZON_ENVIRONMENT_VARIABLES.clientId, 'amazon', 'clientId');
  const clientSecret = resolveCredential(
    parsed.clientSecret,
    AMAZON_ENVIRONMENT_VARIABLES.clientSecret,
    'amazon',
    'clientSecret',
  );
  const region = parsed.region ?? 'na';
  const configuredMarketplaceId = parsed.marketplaceId ?? (region === 'na' ? AMAZON_US_MARKETPLACE_ID : undefined);
  if (configuredMarketplaceId === undefined) {
    throw new ValidationError('Amazon settings', [
      { path: 'marketplaceId', message: `is required in region "${region}" (for example A1PA6795UKMFR9 for Germany)` },
    ]);
  }
  const marketplaceId: string = configuredMarketplaceId;
  const host = amazonRegionHosts[region];
  const baseURL = parsed.baseURL ?? (parsed.sandbox ? host.replace('https://', 'https://sandbox.') : host);

  const tokens: LwaTokenProvider = createLwaTokenProvider({
    refreshToken,
    clientId,
    clientSecret,
    ...(parsed.tokenURL ? { tokenURL: parsed.tokenURL } : {}),
    ...(parsed.tokenRefreshMarginMs === undefined ? {} : { refreshMarginMs: parsed.tokenRefreshMarginMs }),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  });

  /** Errors raised by the token endpoint (not by the SP-API call). */
  const tokenFailures = new WeakSet<object>();
  /** The `x-amz-access-token` header from `token()`; a failure to get one is a token failure (final, never refreshed and resent). */
  const accessHeader = (token: () => Promise<string>) => async () => {
    try {
      return { headers: { 'x-amz-access-token': await token() } };
    } catch (error) {
      if (typeof error === 'object' && error !== null) tokenFailures.add(error);
      throw error;
    }
  };
  const lwaAccessToken = accessHeader(() => tokens.getAccessToken());
  /**
   * An SP-API client. Amazon limits each operation separately: `operation` gives the client a
   * limiter of its own (`limiterScope`, shared by every client of the seller for that operation).
   * Without it: the confirmShipment limiter.
   */
  function spApiClient(
    rateLimit: RateLimitOptions | false,
    getCredentials: () => Promise<{ headers: Record<string, string> }>,
    operation?: string,
  ): HttpClient {
    const client: HttpClient = createHttpClient({
      service: 'amazon',
      baseURL,
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
      ...(settings.retry ? { retry: settings.retry } : {}),
      ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
      rateLimit,
      // The refresh token and secret are redacted and identify the seller for the shared limiter.
      redact: [refreshToken, clientSecret],
      ...(operation ? { limiterScope: operation } : {}),
      getCredentials,
      mapError: (context) => mapAmazonError({ ...context, redact: context.redact ?? client.redact }),
    });
    return client;
  }
  const http = spApiClient(settings.rateLimit ?? amazonConfirmShipmentRateLimit, lwaAccessToken);
  const now = parsed.now ?? Date.now;
  const rateLimits = parsed.orders?.rateLimits;
  const restrictedTokens = createRestrictedDataTokenProvider({
    http: spApiClient(
      rateLimits?.createRestrictedDataToken ?? amazonOrderRateLimits.createRestrictedDataToken,
      lwaAccessToken,
      'createRestrictedDataToken',
    ),
    tokens,
    tokenFailures,
    refreshMarginMs: parsed.orders?.restrictedDataTokenRefreshMarginMs ?? 300_000,
    refusalRetryMs: parsed.orders?.restrictedDataTokenRefusalRetryMs ?? 60_000,
    now,
  });
  const getOrdersRateLimit = rateLimits?.getOrders ?? amazonOrderRateLimits.getOrders;
  const orders = createAmazonOrders({
    marketplaceId,
    pageSize: parsed.orders?.pageSize ?? AMAZON_MAX_ORDERS_PER_PAGE,
    getOrdersRateLimit,
    ordersHttp: spApiClient(
      getOrdersRateLimit,
      accessHeader(async () => (await restrictedTokens.getOrdersAccess()).token),
      'getOrders',
    ),
    orderItemsHttp: spApiClient(
      rateLimits?.getOrderItems ?? amazonOrderRateLimits.getOrderItems,
      lwaAccessToken,
      'getOrderItems',
    ),
    tokens,
    tokenFailures,
    restrictedTokens,
    now,
  });

  /** Packages this client confirmed: key → the exact body sent (bounded, oldest dropped first). */
  const confirmed = new Map<string, string>();
  function remember(key: string, fingerprint: string): void {
    confirmed.delete(key);
    confirmed.set(key, fingerprint);
    if (confirmed.size > confirmedMemoSize) {
      const oldest = confirmed.keys().next().value;
      if (oldest !== undefined) confirmed.delete(oldest);
    }
  }

  async function pushTracking(
    input: { order: SalesOrder; shipment: ShipmentNotice },
    options?: CallOptions,
  ): Promise<PushTrackingResult> {
    const { order, shipment } = parseTrackingPush(input);
    if (order.marketplace !== 'amazon') {
      throw new ValidationError('tracking push', [
        { path: 'order.marketplace', message: `must be "amazon" for the Amazon adapter, got "${order.marketplace}"` },
      ]);
    }
    const orderId = order.marketplaceOrderId;
    const body = buildAmazonShipmentConfirmation({
      orderId,
      marketplaceId,
      shipment,
      ...(parsed.carrierCodes ? { carrierCodes: parsed.carrierCodes } : {}),
    });
    const send = () =>
      http.request({
        method: 'POST',
        path: `/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`,
        json: body,
        // Safe to repeat: the same packageReferenceId edits the package (https://developer-docs.amazon.com/sp-api/reference/confirmshipment).
        retry: true,
        ...(options?.signal ? { signal: options.signal } : {}),
      });

    // Amazon has no read of confirmed packages (https://developer-docs.amazon.com/sp-api/reference/confirmshipment): this client remembers what it confirmed.
    const memoKey = `${orderId}\n${body.packageDetail.packageReferenceId}`;
    const fingerprint = JSON.stringify(body);
    if (confirmed.get(memoKey) === fingerprint) {
      return { status: 'already-pushed', reference: body.packageDetail.packageReferenceId };
    }

    // The token this call will use (cached: the request reads the same one), so that a 401
    // invalidates exactly it.
    const token = await tokens.getAccessToken(options);
    // An access token refused (revoked, expired early): fetch a new one, try once more. A
    // refusal by the token endpoint itself is final.
    const response = await sendWithFreshAccessToken(send, () => tokens.invalidate(token), tokenFailures);
    // The documented success is 204 No Content (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). Amazon offers no read of confirmed
    // packages, so any other answer leaves the push unconfirmed: it is not marked pushed, and
    // confirming it again later edits the same package (same packageReferenceId), it adds none.
    if (response.status !== 204) {
      const url = `${baseURL}/orders/v0/orders/${encodeURIComponent(orderId)}/shipmentConfirmation`;
      throw new ResponseParseError(
        `amazon: the confirmation of package ${body.packageDetail.packageReferenceId} (tracking ${body.packageDetail.trackingNumber}) on order ${orderId} is not confirmed: POST ${url} answered HTTP ${response.status} instead of 204 No Content; it is not marked pushed`,
        {
          service: 'amazon',
          method: 'POST',
          url,
          status: response.status,
          responseBody: truncateBody(response.text, http.redact),
          fields: ['status'],
        },
      );
    }
    remember(memoKey, fingerprint);
    return { status: 'pushed', reference: body.packageDetail.packageReferenceId };
  }

  const listingRateLimits = parsed.listings?.rateLimits;
  const listings = parsed.sellerId
    ? createAmazonListings({
        sellerId: parsed.sellerId,
        marketplaceId,
        patchHttp: spApiClient(
          listingRateLimits?.patchListingsItem ?? amazonListingsRateLimits.patchListingsItem,
          lwaAccessToken,
          'patchListingsItem',
        ),
        getHttp: spApiClient(
          listingRateLimits?.getListingsItem ?? amazonListingsRateLimits.getListingsItem,
          lwaAccessToken,
          'getListingsItem',
        ),
        withFreshAccessToken: async (send) => {
          const token = await tokens.getAccessToken();
          return sendWithFreshAccessToken(send, () => tokens.invalidate(token), tokenFailures);
        },
        ...(parsed.listings?.fulfillmentChannelCode
          ? { fulfillmentChannelCode: parsed.listings.fulfillmentChannelCode }
          : {}),
      })
    : undefined;

  return {
    specificationVersion: 'v1',
    marketplace: 'amazon',
    marketplaceId,
    notifiesBuyer: parsed.notifiesBuyer ?? true,
    capabilities: listings ? { orders: 'list', listings: 'push' } : { orders: 'list' },
    orders,
    ...(listings ? { listings } : {}),
    pushTracking,
  };
}
