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
  };
}
