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
import type { AutomaticPaths } from './automatic-constants.js';
import type { AutomaticStatusMap } from './map-automatic-order.js';

/**
 * Where the API token goes. The real placement is NOT FOUND (no public documentation): `bearer` sends
 * `Authorization: Bearer <token>`; `header` sends it in the header `name`; `query` sends it as
 * the query parameter `name` (redacted from every error and event).
 */
export interface AutomaticAuthOptions {
  placement: 'bearer' | 'header' | 'query';
  /** Header or query parameter name; required for `header` and `query`. */
  name?: string;
}

/** Options of `createAutomatic`. `apiToken` and `baseURL` are required (options or environment). */
export interface AutomaticOptions {
  /** The API token. Default: the `AUTOMATIC_API_TOKEN` environment variable. */
  apiToken?: string;
  /**
   * Base URL of the v2 API, which is NOT FOUND in public sources (no public documentation): ask
   * it@autodist.com. Default: the `AUTOMATIC_BASE_URL` environment variable. There is no built-in
   * default so that the token is never sent to a guessed host.
   */
  baseURL?: string;
  /** Token placement. Default `{ placement: 'bearer' }` (modelled). */
  auth?: AutomaticAuthOptions;
  /** Endpoint paths (modelled except the `/order/create` name); override any of them. */
  paths?: Partial<AutomaticPaths>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms. Default 30,000. */
  timeoutMs?: number;
  /** Retry policy of reads. Order creation is never retried blindly. */
  retry?: Partial<RetryPolicy>;
  /** Rate limit shared by every client with this token. None is published (no public documentation); default none. */
  rateLimit?: RateLimitOptions | false;
  /** Most requests in flight per token. Default 8. */
  concurrency?: number;
  /** Log hook; receives redacted data only. */
  onEvent?: (event: HttpEvent) => void;
  /** Part numbers per inventory call. Default 25 (modelled). */
  stockBatchSize?: number;
  /** The count at which the API caps stock, if it does (NOT FOUND). Default none: counts are exact. */
  inventoryCap?: number;
  /** Ship method when the order has none. Default none (the account default applies). */
  defaultShipMethod?: string;
  /** Status texts mapped to SDK statuses, on top of the modelled defaults. */
  statusMap?: AutomaticStatusMap;
  /**
   * The modelled paths you have checked against Automatic's v2 specification (ask
   * it@autodist.com). Default none. Until `revokeOrders` is listed, `capabilities.cancel` is
   * `unsupported` and `cancelOrder` sends nothing (a wrong revoke path must never read as a
   * cancelled order). Until `orderLookup` is listed, `submitRecoveryAttempts` must stay 0 (a
   * resend on the word of an unchecked look-up would be blind).
   */
  verifiedPaths?: readonly AutomaticVerifiablePath[];
  /**
   * How many more times the create call is sent after an ambiguous failure (5xx, dropped
   * connection, unreadable body) and a lookup that finds no order. Default 0: never re-sent (the
   * failure is thrown, and the PO waits for a person or a later look-up). More than 0 needs
   * `verifiedPaths` to list `orderLookup`.
   */
  submitRecoveryAttempts?: number;
  /**
   * Your own refusal rules (a case-insensitive substring or a RegExp of an error message → a
   * `RejectionReason`), tried before the defaults of `classifyRejection` (`@dropship/http`). The
   * error format is NOT FOUND (no public documentation), so the defaults are MODELLED on plain
   * wording; what matches nothing is `other`. Also classifies the modelled cancel reasons
   * (`header.statusReason`, `lines[].cancelReason`).
   */
  rejectionReasons?: RejectionRule[];
}

/** The modelled paths whose answers decide what the client reports: see `verifiedPaths`. */
export type AutomaticVerifiablePath = 'orderLookup' | 'revokeOrders';

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
const pathSchema = z.string().regex(/^\/[^?#]*$/, 'must be a path starting with / (no query string)');

/** Strict schema of {@link AutomaticOptions}: unknown keys are refused, so a typo is an error. */
export const automaticOptionsSchema: z.ZodType<AutomaticOptions> = z
  .strictObject({
    apiToken: z.string().optional(),
    baseURL: z.url({ protocol: /^https?$/ }).optional(),
    auth: z
      .discriminatedUnion('placement', [
        z.strictObject({ placement: z.literal('bearer'), name: z.undefined().optional() }),
        z.strictObject({
          placement: z.literal('header'),
          name: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'),
        }),
        z.strictObject({
          placement: z.literal('query'),
          name: z.string().trim().min(1, 'must name the query parameter'),
        }),
      ])
      .optional(),
    paths: z
      .strictObject({
        inventory: pathSchema.optional(),
        createOrder: pathSchema.optional(),
        orderLookup: pathSchema.optional(),
        orderRange: pathSchema.optional(),
        revokeOrders: pathSchema.optional(),
      })
      .optional(),
    fetch: functionSchema<typeof fetch>().optional(),
    // HTTP tuning shared with every adapter (one schema in @dropship/http).
    ...httpTuningOptionsShape,
    rateLimit: rateLimitOptionSchema,
    onEvent: functionSchema<(event: HttpEvent) => void>().optional(),
    stockBatchSize: z.number().int().positive().max(500).optional(),
    inventoryCap: z.number().int().positive().optional(),
    defaultShipMethod: z.string().trim().min(1).optional(),
    statusMap: z.record(z.string(), z.enum(statuses)).optional(),
    verifiedPaths: z.array(z.enum(['orderLookup', 'revokeOrders'])).optional(),
    submitRecoveryAttempts: z.number().int().nonnegative().max(5).optional(),
    rejectionReasons: rejectionRulesSchema.optional(),
  })
  .refine((options) => !options.submitRecoveryAttempts || options.verifiedPaths?.includes('orderLookup'), {
    path: ['submitRecoveryAttempts'],
    message:
      "a resend after an ambiguous failure trusts the order look-up's \"no order\": list 'orderLookup' in verifiedPaths once you have checked paths.orderLookup against Automatic's specification, or leave it 0",
  });
