import type { DistributorOrderStatus } from '@dropship/core';
import {
  type HttpEvent,
  httpTuningOptionsShape,
  type RateLimitOptions,
  type RejectionRule,
  type RetryPolicy,
  rateLimitOptionSchema,
  rejectionRulesSchema,
} from '@dropship/http';
import { z } from 'zod';
import type { WpsNotFoundMatcher } from './detect-wps-not-found.js';
import type { WpsTaxIdMatcher } from './detect-wps-tax-id-error.js';
import type { WpsStatusMap } from './map-wps-order-status.js';
import { type WpsCartWarehouseCode, type WpsStockInclude, wpsCartWarehouseCodes } from './wps-constants.js';

/** Options of `createWps`. Only `apiToken` (or `WPS_API_TOKEN`) is required. */
export interface WpsOptions {
  /** The Data Depot API token. Default: the `WPS_API_TOKEN` environment variable. Sent as `Authorization: Bearer …`. */
  apiToken?: string;
  /** Default `https://api.wps-inc.com` (https://www.wps-inc.com/data-depot/v4/api/order-processing/overview). */
  baseURL?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /** Retry policy of reads (stock, lookups). Order submission is never retried blindly. */
  retry?: Partial<RetryPolicy>;
  /** Rate limit shared by every client with this token. WPS publishes none (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination); default none. */
  rateLimit?: RateLimitOptions | false;
  /** Most requests in flight per token. Default 8. */
  concurrency?: number;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /**
   * The count at which WPS stops counting per warehouse. UNCONFIRMED (https://www.wps-inc.com/data-depot/v4/api/services/inventory: 9 per the
   * inventory page, 25 per a 2026 client). Counts at or above it are reported as floors. Default 9,
   * which is right under either cap (a count of 12 reported as "at least 12" is still true).
   */
  inventoryCap?: number;
  /**
   * Which include `checkStock` asks for: `inventory` (default; what public client code uses) or
   * `quantities` (what the items documentation shows). Either answer shape is read.
   */
  stockInclude?: WpsStockInclude;
  /**
   * SKUs per `GET /items?filter[sku]=…` call, joined with commas. Whether `filter[sku]` takes a
   * list is NOT FOUND, so the default is 1 (one call per SKU, run concurrently).
   */
  stockBatchSize?: number;
  /**
   * Longest PO number sent. WPS documents none (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts). Default 20: a PO number cut short
   * by WPS would break the lookup that makes submission idempotent, so stay short.
   */
  maxPoNumberLength?: number;
  /** `ship_via` when the order has no `shipMethod`. Default `BEST` ("best ground method available", https://www.wps-inc.com/data-depot/v4/api/order-processing/carts). */
  defaultShipVia?: string;
  /** The cart's `default_warehouse` (CA, GA, ID, IN, PA, TX). Default none: WPS picks. */
  defaultWarehouse?: WpsCartWarehouseCode;
  /** The cart's `multiple_warehouse`: let WPS split a PO across warehouses. Default true. */
  multipleWarehouse?: boolean;
  /** Ship-to countries accepted. The drop-ship cart has no country field (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts). Default `['US']`. */
  shipToCountries?: readonly string[];
  /** Exact `order_status` texts mapped to SDK statuses, on top of the default patterns (the value set is NOT FOUND, https://www.wps-inc.com/data-depot/v4/api/order-processing/orders). */
  statusMap?: WpsStatusMap;
  /** Recognises the "no Tax ID on file" refusal (its real shape is NOT FOUND). Default `isWpsTaxIdError`. */
  isTaxIdError?: WpsTaxIdMatcher;
  /**
   * Recognises WPS's "no such order" answer to `GET /orders/{po_number}`, the evidence needed
   * before an order is sent (its body is NOT FOUND, https://www.wps-inc.com/data-depot/v4/api/helpers/pagination). Default `isWpsOrderNotFound`:
   * HTTP 404 with a JSON `{ message }` body. Any other answer is inconclusive and nothing is sent.
   */
  isOrderNotFound?: WpsNotFoundMatcher;
  /**
   * How many more times `POST /orders` is sent after an ambiguous failure (5xx, dropped
   * connection, unreadable body) and a lookup that finds no order while the cart is still there.
   * Default 1. 0 never re-sends.
   */
  submitRecoveryAttempts?: number;
  /**
   * Your own refusal rules (a case-insensitive substring or a RegExp of WPS's message → a
   * `RejectionReason`), tried before the defaults of `classifyRejection` (`@dropship/http`). WPS
   * publishes no error codes or bodies, so the defaults are MODELLED on plain wording ("Insufficient
   * stock", "discontinued", "not eligible for drop ship", a ship-to field, "price"); what matches
   * nothing is `other`. Used for `OrderRejectedError.reason`, `lineErrors[].reason` and the reason
   * of a cancelled warehouse order.
   */
  rejectionReasons?: RejectionRule[];
}

const statuses: readonly DistributorOrderStatus[] = [
  'pending',
  'open',
  'backordered',
  'partially_shipped',
  'shipped',
  'cancelled',
  'rejected',
  'unknown',
];

const functionSchema = <T>() => z.custom<T>((value) => typeof value === 'function', 'must be a function');

/** Strict schema of {@link WpsOptions}: unknown keys are refused, so a typo is an error. */
export const wpsOptionsSchema: z.ZodType<WpsOptions> = z.strictObject({
  apiToken: z.string().optional(),
  baseURL: z.url({ protocol: /^https?$/ }).optional(),
  fetch: functionSchema<typeof fetch>().optional(),
  // HTTP tuning shared with every adapter (one schema in @dropship/http).
  ...httpTuningOptionsShape,
  rateLimit: rateLimitOptionSchema,
  onEvent: functionSchema<(event: HttpEvent) => void>().optional(),
  inventoryCap: z.number().int().positive().optional(),
  stockInclude: z.enum(['inventory', 'quantities']).optional(),
  stockBatchSize: z.number().int().positive().max(100).optional(),
  maxPoNumberLength: z.number().int().positive().max(100).optional(),
  defaultShipVia: z.string().trim().min(1).optional(),
  defaultWarehouse: z.enum(wpsCartWarehouseCodes).optional(),
  multipleWarehouse: z.boolean().optional(),
  shipToCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))
    .min(1)
    .optional(),
  statusMap: z.record(z.string(), z.enum(statuses)).optional(),
  isTaxIdError: functionSchema<WpsTaxIdMatcher>().optional(),
  isOrderNotFound: functionSchema<WpsNotFoundMatcher>().optional(),
  submitRecoveryAttempts: z.number().int().nonnegative().max(5).optional(),
  rejectionReasons: rejectionRulesSchema.optional(),
});
