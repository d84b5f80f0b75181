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
import { createInMemoryTuckerRockyOrderStore, type TuckerRockyOrderStore } from './tucker-rocky-order-store.js';

/** Host of the TRWS web service (no public documentation). */
export const TUCKER_ROCKY_BASE_URL = 'https://api.tucker.com';

/** Path of the TRWS web service on {@link TUCKER_ROCKY_BASE_URL} (no public documentation). */
export const TUCKER_ROCKY_ENDPOINT_PATH = '/bin/trws';

/** Environment variable read when `customerNumber` is not given. */
export const TUCKER_ROCKY_CUSTOMER_NUMBER_ENV = 'TUCKER_ROCKY_CUSTOMER_NUMBER';

/** Environment variable read when `apiKey` is not given. */
export const TUCKER_ROCKY_API_KEY_ENV = 'TUCKER_ROCKY_API_KEY';

/** Default carrier texts mapped before `normalizeCarrier`: `UG` is the only code seen (no public documentation). */
export const defaultTuckerRockyCarrierCodes: Readonly<Record<string, CarrierCode>> = Object.freeze({ UG: 'ups' });

/**
 * The modelled lookup of an order by PO number: a `type=<type>` call with `<parameter>=<PO>`.
 * MODELLED: TRWS has no documented lookup by PO (no public documentation).
 */
export interface TuckerRockyPoLookup {
  /** Call type. Default `SHP`. */
  type: string;
  /** Query parameter carrying the PO number. Default `po`. */
  parameter: string;
}

/** Options of `createTuckerRocky`. Everything no public source confirms (NOT FOUND or UNCONFIRMED) is configurable here. */
export interface TuckerRockyOptions {
  /** Customer number (`cust`). Default: `TUCKER_ROCKY_CUSTOMER_NUMBER`. */
  customerNumber?: string;
  /** API key (`apikey`). Default: `TUCKER_ROCKY_API_KEY`. */
  apiKey?: string;
  /** Default `https://api.tucker.com` (no public documentation). */
  baseURL?: string;
  /** Default `/bin/trws` (no public documentation). */
  endpointPath?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** `carrier` sent with orders when the request has no `shipMethod`. Default `UG` (the only code seen, no public documentation). */
  defaultCarrier?: string;
  /** Carrier codes of shipments mapped to canonical carriers before `normalizeCarrier` (code list NOT FOUND). Default `{ UG: 'ups' }`. */
  carrierCodes?: Record<string, CarrierCode>;
  /** `splitlines` sent with orders. Default true (`YES`, as seen in third-party clients (not documented by the vendor)). */
  splitLines?: boolean;
  /** Remove dashes from part numbers before sending (one client does, no public documentation). Default false. */
  stripDashesFromItems?: boolean;
  /** Longest PO number. NOT FOUND in any public source; default 20. */
  maxPoNumberLength?: number;
  /** Items per stock call (repeated `item=`); the limit is NOT FOUND. Default 25. */
  maxStockBatch?: number;
  /** Order numbers per shipment call (repeated `ordernum=`); the limit is NOT FOUND. Default 25. */
  maxTrackingBatch?: number;
  /** Stock counts at or above this are floors (DX1: "a 9 means 9 or more", no public documentation). Default 9. */
  stockFloor?: number;
  /** Countries the order call may ship to; TRWS has no country field (no public documentation). Default `['US']`. */
  shipToCountries?: readonly string[];
  /** Recognises the refusal of a duplicate PO in `ORD.errormsg` (text NOT FOUND). Default `/duplicate/i`. */
  duplicatePoPattern?: RegExp;
  /** Recognises "account has no credit card" in `errormsg` (text NOT FOUND). Default `/credit\s*card/i`. */
  creditCardPattern?: RegExp;
  /** Recognises refused credentials in `errormsg` (text NOT FOUND). */
  authenticationFailurePattern?: RegExp;
  /** Recognises "nothing found" answers in `errormsg` (unknown item, no shipment yet; text NOT FOUND). */
  notFoundPattern?: RegExp;
  /** The modelled lookup by PO number, or false to rely on the order store only. Default `{ type: 'SHP', parameter: 'po' }`. */
  poLookup?: TuckerRockyPoLookup | false;
  /** Where PO → order number links are kept (default in memory, per client). Give a durable one to survive restarts. */
  orderStore?: TuckerRockyOrderStore;
  /** Clock (tests). */
  now?: () => Date;
  /**
   * Your own refusal rules (a case-insensitive substring or a RegExp of an `errormsg` or a cancel
   * reason → a `RejectionReason`), tried before the defaults of `classifyRejection`
   * (`@dropship/http`). TRWS's error texts are NOT FOUND (no public documentation), so the defaults
   * are MODELLED on plain wording; what matches nothing is `other`.
   */
  rejectionReasons?: RejectionRule[];
  /**
   * Check stock with `type=INP` ("stock and price", a call type seen in third-party code) instead
   * of `type=INV`, and report each item's `price` as `StockLevel.unitCost`: the same number of
   * calls. Default false: the INP answer's shape is NOT FOUND; it is MODELLED as the INV answer
   * with a `price` (decimal dollars) per item, as the PRC answer has (`item[0].price`).
   */
  stockPrices?: boolean;
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Retry policy for reads. */
  retry?: Partial<RetryPolicy>;
  /** Rate limit per credential (limits NOT FOUND, no public documentation), or false. */
  rateLimit?: RateLimitOptions | false;
  /** Most requests in flight per credential. */
  concurrency?: number;
  /** Log hook; receives redacted data only (the URL's `apikey` and `cust` are `[REDACTED]`). */
  onEvent?: (event: HttpEvent) => void;
}

/** Options after validation and defaults (see {@link TuckerRockyOptions} for each meaning). */
export interface TuckerRockySettings {
  /** Customer number (secret: redacted everywhere). */
  customerNumber: string;
  /** API key (secret: redacted everywhere). */
  apiKey: string;
  /** Host without a trailing slash. */
  baseURL: string;
  /** TRWS path. */
  endpointPath: string;
  /** `carrier` when the request has no `shipMethod`. */
  defaultCarrier: string;
  /** Carrier codes (upper-cased) mapped to canonical carriers. */
  carrierCodes: Readonly<Record<string, CarrierCode>>;
  /** `splitlines` sent with orders. */
  splitLines: boolean;
  /** Remove dashes from part numbers before sending. */
  stripDashesFromItems: boolean;
  /** Longest PO number. */
  maxPoNumberLength: number;
  /** Items per stock call. */
  maxStockBatch: number;
  /** Order numbers per shipment call. */
  maxTrackingBatch: number;
  /** Counts at or above this are floors. */
  stockFloor: number;
  /** Countries orders may ship to. */
  shipToCountries: readonly string[];
  /** Recognises a duplicate-PO refusal. */
  duplicatePoPattern: RegExp;
  /** Recognises a missing credit card. */
  creditCardPattern: RegExp;
  /** Recognises refused credentials. */
  authenticationFailurePattern: RegExp;
  /** Recognises "nothing found" answers. */
  notFoundPattern: RegExp;
  /** The modelled lookup by PO, or false. */
  poLookup: TuckerRockyPoLookup | false;
  /** PO → order number links. */
  orderStore: TuckerRockyOrderStore;
  /** Clock. */
  now: () => Date;
  /** The dealer's refusal rules, tried first. */
  rejectionRules: readonly RejectionRule[];
  /** Stock through `type=INP` with prices. */
  stockPrices: boolean;
}

/** Default pattern of refused credentials (the real text is NOT FOUND). */
export const defaultTuckerRockyAuthenticationFailurePattern =
  /invalid\s+(api\s*key|apikey|customer|cust\b|login|credentials?)|unauthori[sz]ed|not\s+authori[sz]ed|authentication\s+failed|access\s+denied/i;

/** Default pattern of "nothing found" answers (the real texts are NOT FOUND). */
export const defaultTuckerRockyNotFoundPattern =
  /not\s+found|no\s+(such\s+)?(item|part|shipments?|records?|orders?|data)\b|invalid\s+(item|part)/i;

/** A whole number from 1 to `max`: a value beyond it is a typing error, refused rather than breaking every call later. */
const countUpTo = (max: number) =>
  z.number().int('must be a whole number').positive('must be at least 1').max(max, `must be at most ${max}`);
const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);
const regExpSchema = z.instanceof(RegExp, { message: 'must be a regular expression' });

// Strict: a misspelt option is refused, not silently ignored.
const optionsSchema = z.strictObject({
  customerNumber: z.string().trim().min(1, 'must not be empty').optional(),
  apiKey: z.string().trim().min(1, 'must not be empty').optional(),
  baseURL: z.url('must be an absolute URL').optional(),
  endpointPath: z.string().regex(/^\//, 'must start with /').optional(),
  fetch: functionSchema.optional(),
  defaultCarrier: z.string().trim().min(1).optional(),
  carrierCodes: z.record(z.string(), carrierCodeSchema).optional(),
  splitLines: z.boolean().optional(),
  stripDashesFromItems: z.boolean().optional(),
  maxPoNumberLength: countUpTo(100).optional(),
  maxStockBatch: countUpTo(1_000).optional(),
  maxTrackingBatch: countUpTo(1_000).optional(),
  stockFloor: countUpTo(1_000_000).optional(),
  shipToCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))
    .min(1)
    .optional(),
  duplicatePoPattern: regExpSchema.optional(),
  creditCardPattern: regExpSchema.optional(),
  authenticationFailurePattern: regExpSchema.optional(),
  notFoundPattern: regExpSchema.optional(),
  rejectionReasons: rejectionRulesSchema.optional(),
  stockPrices: z.boolean().optional(),
  poLookup: z
    .union([z.literal(false), z.strictObject({ type: z.string().min(1), parameter: z.string().min(1) })])
    .optional(),
  orderStore: z
    .custom<TuckerRockyOrderStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as TuckerRockyOrderStore).get === 'function' &&
        typeof (value as TuckerRockyOrderStore).set === 'function',
      'must have get() and set()',
    )
    .optional(),
  now: functionSchema.optional(),
  ...httpTuningOptionsShape,
  rateLimit: rateLimitOptionSchema,
});

/**
 * Validates the options of `createTuckerRocky` and fills in the defaults. Credentials come from
 * the options, else from `TUCKER_ROCKY_CUSTOMER_NUMBER` / `TUCKER_ROCKY_API_KEY`.
 *
 * @param options - the options as given.
 * @throws `MissingCredentialError` naming the missing credential (never a value).
 * @throws `ValidationError` listing every invalid option.
 */
export function resolveTuckerRockySettings(options: TuckerRockyOptions = {}): TuckerRockySettings {
  const parsed = parseWith(optionsSchema, options, 'Tucker Rocky options');
  const customerNumber = resolveCredential(
    parsed.customerNumber,
    TUCKER_ROCKY_CUSTOMER_NUMBER_ENV,
    'tucker-rocky',
    'customerNumber',
  );
  const apiKey = resolveCredential(parsed.apiKey, TUCKER_ROCKY_API_KEY_ENV, 'tucker-rocky', 'apiKey');
  return {
    customerNumber,
    apiKey,
    baseURL: (options.baseURL ?? TUCKER_ROCKY_BASE_URL).replace(/\/+$/, ''),
    endpointPath: options.endpointPath ?? TUCKER_ROCKY_ENDPOINT_PATH,
    defaultCarrier: options.defaultCarrier ?? 'UG',
    carrierCodes: Object.fromEntries(
      Object.entries({ ...defaultTuckerRockyCarrierCodes, ...options.carrierCodes }).map(([text, code]) => [
        text.trim().toUpperCase(),
        code,
      ]),
    ),
    splitLines: options.splitLines ?? true,
    stripDashesFromItems: options.stripDashesFromItems ?? false,
    maxPoNumberLength: options.maxPoNumberLength ?? 20,
    maxStockBatch: options.maxStockBatch ?? 25,
    maxTrackingBatch: options.maxTrackingBatch ?? 25,
    stockFloor: options.stockFloor ?? 9,
    shipToCountries: options.shipToCountries ?? ['US'],
    duplicatePoPattern: options.duplicatePoPattern ?? /duplicate/i,
    creditCardPattern: options.creditCardPattern ?? /credit\s*card/i,
    authenticationFailurePattern:
      options.authenticationFailurePattern ?? defaultTuckerRockyAuthenticationFailurePattern,
    notFoundPattern: options.notFoundPattern ?? defaultTuckerRockyNotFoundPattern,
    rejectionRules: options.rejectionReasons ?? [],
    stockPrices: options.stockPrices ?? false,
    poLookup: options.poLookup ?? { type: 'SHP', parameter: 'po' },
    orderStore: options.orderStore ?? createInMemoryTuckerRockyOrderStore(),
    now: options.now ?? (() => new Date()),
  };
}
