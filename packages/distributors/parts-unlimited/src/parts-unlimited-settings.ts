import { type CarrierCode, carrierCodeSchema, parseWith } from '@dropship/core';
import {
  type HttpEvent,
  httpTuningOptionsShape,
  type RateLimitOptions,
  type RejectionRule,
  type RetryPolicy,
  rateLimitOptionSchema,
  rejectionRulesSchema,
  resolveCredential,
} from '@dropship/http';
import { z } from 'zod';
import { formatPartsUnlimitedDate } from './build-parts-unlimited-order-list-query.js';
import type { PartsUnlimitedCancellationPolicies } from './convert-to-parts-unlimited-order.js';
import { defaultPartsUnlimitedSuccessStatusCodes } from './map-parts-unlimited-order-response.js';
import { defaultPartsUnlimitedOrderListFields, type PartsUnlimitedOrderListFields } from './parts-unlimited-schemas.js';

/** Production base URL (no public documentation). */
export const PARTS_UNLIMITED_BASE_URL = 'https://api.parts-unlimited.com/api';

/** Environment variable read when `dealerNumber` is not given. */
export const PARTS_UNLIMITED_DEALER_NUMBER_ENV = 'PARTS_UNLIMITED_DEALER_NUMBER';

/** Environment variable read when `apiKey` is not given. */
export const PARTS_UNLIMITED_API_KEY_ENV = 'PARTS_UNLIMITED_API_KEY';

/** Warehouses named by the price file (no public documentation); the live inventory codes are assumed the same. */
export const partsUnlimitedWarehouses = ['WI', 'NY', 'TX', 'NV', 'NC'] as const;

/** Options of `createPartsUnlimited`. Everything no public source confirms (UNCONFIRMED or NOT FOUND) is configurable here. */
export interface PartsUnlimitedOptions {
  /** Dealer number, sent in the order body (no public documentation). Default: `PARTS_UNLIMITED_DEALER_NUMBER`. */
  dealerNumber?: string;
  /** API key, sent in the `api-key` header (no public documentation). Default: `PARTS_UNLIMITED_API_KEY`. */
  apiKey?: string;
  /** Default `https://api.parts-unlimited.com/api` (no public documentation). */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Inventory path; SKUs are appended comma-separated. Default `/v1/parts/inventory` (no public documentation). */
  inventoryPath?: string;
  /** Order submission path. Default `/v2/orders/dropship`; older clients use `/orders/dropship` (no public documentation). */
  orderPath?: string;
  /** Order list path (no public documentation). Default `/v2/orders/dropship`. */
  orderListPath?: string;
  /** Longest PO number. Default 20 (no public documentation: a code comment, UNCONFIRMED). */
  maxPoNumberLength?: number;
  /** Part numbers per inventory call. Default 25 (no public documentation: the C# client's batch size). */
  maxStockBatch?: number;
  /** `shipping_method` when the request has none. Default `ground` (the only code seen, no public documentation). */
  defaultShippingMethod?: string;
  /** `cancellation_policy` values (no public documentation: meanings NOT FOUND). */
  cancellationPolicies?: Partial<PartsUnlimitedCancellationPolicies>;
  /** `validate_price` sent with orders. Default false. */
  validatePrice?: boolean;
  /** Body `status_code`s read as success. Default 200–203 (no public documentation). */
  successStatusCodes?: readonly number[];
  /** Days back searched by a PO lookup (idempotent submit, `findOrder`, `listShipments` by PO). Default 14. */
  lookupWindowDays?: number;
  /** Most pages read from the order list per search. Default 50. */
  maxOrderListPages?: number;
  /** Key names of the order list answer (its shape is NOT FOUND, no public documentation). */
  orderListFields?: Partial<PartsUnlimitedOrderListFields>;
  /** Date format of the order list filters (NOT FOUND). Default `YYYY-MM-DD`. */
  formatDate?: (date: Date) => string;
  /** Carrier texts mapped to canonical carriers before `normalizeCarrier` (codes NOT FOUND). */
  carrierCodes?: Record<string, CarrierCode>;
  /** Clock (tests). */
  now?: () => Date;
  /**
   * Your own refusal rules (a case-insensitive substring or a RegExp of a `mainframeErrors` text or
   * a cancel reason → a `RejectionReason`), tried before the defaults of `classifyRejection`
   * (`@dropship/http`). No error catalogue is public (no public documentation), so the defaults
   * are MODELLED on plain wording; what matches nothing is `other`.
   */
  rejectionReasons?: RejectionRule[];
  /**
   * Also ask the pricing call with each stock batch and report the dealer price as
   * `StockLevel.unitCost`. Default false: it costs one more call per batch of `maxStockBatch`
   * SKUs, counted against the same API key's rate limit (the API answers 429 with `Retry-After`;
   * its limits are NOT FOUND). The call (`GET /v1/parts/pricing/{sku}` answering
   * `pricing[].dealerPrice`) is seen in a third-party client for one SKU; several SKUs joined with
   * commas, as the inventory call takes them, is MODELLED.
   */
  stockPrices?: boolean;
  /** Pricing path; SKUs are appended comma-separated. Default `/v1/parts/pricing` (no public documentation). */
  pricingPath?: string;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retry policy for reads. */
  retry?: Partial<RetryPolicy>;
  /** Rate limit per API key (the real limits are NOT FOUND, no public documentation), or false. */
  rateLimit?: RateLimitOptions | false;
  /** Most requests in flight per API key. */
  concurrency?: number;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
}

/** Options after validation and defaults (see {@link PartsUnlimitedOptions} for each meaning). */
export interface PartsUnlimitedSettings {
  /** Dealer number (secret: redacted everywhere). */
  dealerNumber: string;
  /** API key (secret: redacted everywhere). */
  apiKey: string;
  /** Base URL without a trailing slash. */
  baseURL: string;
  /** Inventory path. */
  inventoryPath: string;
  /** Order submission path. */
  orderPath: string;
  /** Order list path. */
  orderListPath: string;
  /** Longest PO number. */
  maxPoNumberLength: number;
  /** Part numbers per inventory call. */
  maxStockBatch: number;
  /** `shipping_method` when the request has none. */
  defaultShippingMethod: string;
  /** `cancellation_policy` values. */
  cancellationPolicies: PartsUnlimitedCancellationPolicies;
  /** `validate_price` sent with orders. */
  validatePrice: boolean;
  /** Body `status_code`s read as success. */
  successStatusCodes: readonly number[];
  /** Days back searched by a PO lookup. */
  lookupWindowDays: number;
  /** Most pages read from the order list per PO lookup. */
  maxOrderListPages: number;
  /** Key names of the order list answer. */
  orderListFields: PartsUnlimitedOrderListFields;
  /** Date format of the order list filters. */
  formatDate: (date: Date) => string;
  /** Carrier texts (upper-cased) mapped to canonical carriers. */
  carrierCodes: Readonly<Record<string, CarrierCode>>;
  /** Clock. */
  now: () => Date;
  /** The dealer's refusal rules, tried first. */
  rejectionRules: readonly RejectionRule[];
  /** Whether stock calls also ask the pricing call. */
  stockPrices: boolean;
  /** Pricing path. */
  pricingPath: string;
}

/** A whole number from 1 to `max`: a value beyond it is a typing error, refused rather than breaking every call later. */
const countUpTo = (max: number) =>
  z.number().int('must be a whole number').positive('must be at least 1').max(max, `must be at most ${max}`);
const path = z.string().regex(/^\//, 'must start with /');
const keyList = z.array(z.string().min(1)).min(1, 'must list at least one key');
const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

// Strict: a misspelt option is refused, not silently ignored.
const optionsSchema = z.strictObject({
  dealerNumber: z.string().trim().min(1, 'must not be empty').optional(),
  apiKey: z.string().trim().min(1, 'must not be empty').optional(),
  baseURL: z.url('must be an absolute URL').optional(),
  fetch: functionSchema.optional(),
  inventoryPath: path.optional(),
  orderPath: path.optional(),
  orderListPath: path.optional(),
  maxPoNumberLength: countUpTo(100).optional(),
  maxStockBatch: countUpTo(1_000).optional(),
  defaultShippingMethod: z.string().trim().min(1).optional(),
  cancellationPolicies: z
    .strictObject({ allowBackorder: z.string().min(1).optional(), noBackorder: z.string().min(1).optional() })
    .optional(),
  validatePrice: z.boolean().optional(),
  successStatusCodes: z.array(z.number().int().min(100).max(599)).min(1).optional(),
  lookupWindowDays: countUpTo(365).optional(),
  maxOrderListPages: countUpTo(1_000).optional(),
  orderListFields: z
    .object(
      Object.fromEntries(Object.keys(defaultPartsUnlimitedOrderListFields).map((key) => [key, keyList.optional()])),
    )
    .strict()
    .optional(),
  formatDate: functionSchema.optional(),
  carrierCodes: z.record(z.string(), carrierCodeSchema).optional(),
  now: functionSchema.optional(),
  rejectionReasons: rejectionRulesSchema.optional(),
  stockPrices: z.boolean().optional(),
  pricingPath: path.optional(),
  ...httpTuningOptionsShape,
  rateLimit: rateLimitOptionSchema,
});

/**
 * Validates the options of `createPartsUnlimited` and fills in the defaults. Credentials come
 * from the options, else from `PARTS_UNLIMITED_DEALER_NUMBER` / `PARTS_UNLIMITED_API_KEY`.
 *
 * @param options - the options as given.
 * @throws `MissingCredentialError` naming the missing credential (never a value).
 * @throws `ValidationError` listing every invalid option.
 */
export function resolvePartsUnlimitedSettings(options: PartsUnlimitedOptions = {}): PartsUnlimitedSettings {
  const parsed = parseWith(optionsSchema, options, 'Parts Unlimited options');
  const dealerNumber = resolveCredential(
    parsed.dealerNumber,
    PARTS_UNLIMITED_DEALER_NUMBER_ENV,
    'parts-unlimited',
    'dealerNumber',
  );
  const apiKey = resolveCredential(parsed.apiKey, PARTS_UNLIMITED_API_KEY_ENV, 'parts-unlimited', 'apiKey');
  return {
    dealerNumber,
    apiKey,
    baseURL: (options.baseURL ?? PARTS_UNLIMITED_BASE_URL).replace(/\/+$/, ''),
    inventoryPath: (options.inventoryPath ?? '/v1/parts/inventory').replace(/\/+$/, ''),
    orderPath: options.orderPath ?? '/v2/orders/dropship',
    orderListPath: options.orderListPath ?? '/v2/orders/dropship',
    maxPoNumberLength: options.maxPoNumberLength ?? 20,
    maxStockBatch: options.maxStockBatch ?? 25,
    defaultShippingMethod: options.defaultShippingMethod ?? 'ground',
    cancellationPolicies: {
      allowBackorder: options.cancellationPolicies?.allowBackorder ?? 'back_order',
      noBackorder: options.cancellationPolicies?.noBackorder ?? '0',
    },
    validatePrice: options.validatePrice ?? false,
    successStatusCodes: options.successStatusCodes ?? defaultPartsUnlimitedSuccessStatusCodes,
    lookupWindowDays: options.lookupWindowDays ?? 14,
    maxOrderListPages: options.maxOrderListPages ?? 50,
    orderListFields: { ...defaultPartsUnlimitedOrderListFields, ...options.orderListFields },
    formatDate: options.formatDate ?? formatPartsUnlimitedDate,
    carrierCodes: Object.fromEntries(
      Object.entries(options.carrierCodes ?? {}).map(([text, code]) => [text.trim().toUpperCase(), code]),
    ),
    now: options.now ?? (() => new Date()),
    rejectionRules: options.rejectionReasons ?? [],
    stockPrices: options.stockPrices ?? false,
    pricingPath: (options.pricingPath ?? '/v1/parts/pricing').replace(/\/+$/, ''),
  };
}
