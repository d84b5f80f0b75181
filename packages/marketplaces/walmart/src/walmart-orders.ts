import {
  type AcknowledgeOrdersResult,
  type CallOptions,
  type ListedOrderEntry,
  type MarketplaceOrders,
  type OrderListPage,
  type OrderListRequest,
  parseWith,
  ResponseParseError,
  type Warning,
} from '@dropship/core';
import { createTokenBucket, type HttpClient, mapStatusToError, type TokenBucket } from '@dropship/http';
import { z } from 'zod';
import { mapWalmartOrder } from './map-walmart-order.js';
import { describeWalmartErrors, parseWalmartErrors } from './parse-walmart-errors.js';
import { walmartReleasedOrdersPageSchema } from './walmart-order-schemas.js';
import { walmartOrderResponseSchema } from './walmart-schemas.js';
import type { WalmartOrdersSettings } from './walmart-settings.js';

const SERVICE = 'walmart';

/** The released-orders listing: orders with lines in `Created` (new, not yet acknowledged). */
export const WALMART_RELEASED_ORDERS_PATH = '/v3/orders/released';

/** The all-orders listing: every order, whatever its lines' status. */
export const WALMART_ALL_ORDERS_PATH = '/v3/orders';

/**
 * How far back the listing reaches: "only orders created in last 180 days" (spec description of
 * getAllReleasedOrders), less an hour for the clocks' difference.
 */
export const WALMART_LISTING_REACH_MS = 180 * 86_400_000 - 3_600_000;

/** The longest `nextCursor` accepted (a query string of a dozen parameters; modelled, generous). */
const MAX_CURSOR_LENGTH = 4_096;

/**
 * A `nextCursor` the adapter sends back as it came: a query string (`?limit=…&hasMoreElements=true&…`)
 * without spaces, control characters or a fragment, so that appended to the path it cannot leave it.
 */
const cursorPattern = /^\?[\x21-\x22\x24-\x7E]*$/;

/** What `createWalmartOrders` needs from the client. */
export interface WalmartOrdersContext {
  /** The client's HTTP client (credentials, error mapping, retries). */
  http: HttpClient;
  /** Runs a call, renewing the access token once when Walmart refuses it. */
  withFreshTokenOnce<T>(call: () => Promise<T>): Promise<T>;
  /** Base URL (for error messages). */
  baseURL: string;
  /** Order intake settings. */
  settings: WalmartOrdersSettings;
  /** The clock, ms since epoch (for the 180-day reach of the listing). Default `Date.now`. */
  now?: () => number;
}

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** The `list` request, strictly: ISO times, `since` before `until`, a cursor Walmart could have sent, a limit up to the page size. */
function listRequestSchema(pageSize: number) {
  return z
    .strictObject({
      since: isoTime,
      until: isoTime,
      cursor: z
        .string()
        .max(MAX_CURSOR_LENGTH, `must be at most ${MAX_CURSOR_LENGTH} characters`)
        .regex(cursorPattern, 'must be a nextCursor Walmart returned (a query string starting with ?)')
        .optional(),
      limit: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(pageSize, `must be at most the page size ${pageSize}`)
        .optional(),
    })
    .refine((request) => Date.parse(request.since) < Date.parse(request.until), {
      message: 'since must be before until',
      path: ['until'],
    });
}

const acknowledgeIdsSchema = z
  .array(z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'))
  .max(10_000, 'at most 10,000 orders per call');

/** `createdStartDate`/`createdEndDate` in the documented `yyyy-MM-ddTHH:mm:ssZ` form, rounded down or up to the second (the window only widens). */
function walmartDateParameter(iso: string, round: 'down' | 'up'): string {
  const milliseconds = Date.parse(iso);
  const seconds = round === 'down' ? Math.floor(milliseconds / 1000) : Math.ceil(milliseconds / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether a 404 body says, in a Walmart error shape, that no order matched (modelled: the historic answer to an empty listing). */
function saysNoOrders(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  const details = parseWalmartErrors(body);
  return (
    details.length > 0 &&
    details.every(
      (detail) =>
        detail.code.startsWith('CONTENT_NOT_FOUND') &&
        /\bno\s+(purchase\s+)?orders?\b.*\bfound\b/i.test(detail.message),
    )
  );
}

/** Whether Walmart's answer to an acknowledge shows the order acknowledged: its id, no line left `Created`, one `Acknowledged`. */
function showsAcknowledged(data: unknown, purchaseOrderId: string): boolean {
  const parsed = walmartOrderResponseSchema.safeParse(data);
  if (!parsed.success || parsed.data.order.purchaseOrderId !== purchaseOrderId) return false;
  const statuses = parsed.data.order.orderLines.orderLine.flatMap((line) =>
    (line.orderLineStatuses?.orderLineStatus ?? [])
      .filter((entry) => (entry.statusQuantity?.amount ?? 1) > 0)
      .map((entry) => entry.status),
  );
  return statuses.includes('Acknowledged') && !statuses.includes('Created');
}

/**
 * A bucket for a rate limit, or none. Each adapter has its own (the limit given is always the one
 * applied; an adapter created later with other settings does not inherit an earlier one's).
 */
function bucketOf(limit: WalmartOrdersSettings['listRateLimit']): TokenBucket | undefined {
  return limit ? createTokenBucket(limit) : undefined;
}

/**
 * Walmart's order intake (`MarketplaceOrders`), capability `list-and-acknowledge`:
 *
 * - `list` reads `GET /v3/orders` (every order; `orders.listing: 'released'`: `GET
 *   /v3/orders/released`, only orders with a line still `Created`) with `createdStartDate` =
 *   `since`, `createdEndDate` = `until` (rounded out to the second, the documented
 *   `yyyy-MM-ddTHH:mm:ssZ` form), `limit` and `shipNodeType=SellerFulfilled`. Walmart's window is
 *   on the purchase order's **creation** time, not its last change. The next page is `list.meta.nextCursor`, a query string sent back appended to the
 *   same path with no other parameter, byte for byte (https://developer.walmart.com/ca-marketplace/reference/getallorders).
 *   A 404 whose Walmart error body says no orders were found is an empty page (modelled, with a
 *   warning); any other 404 is a `NotFoundError`. A page of another shape is a `ResponseParseError`.
 * - `acknowledge` sends `POST /v3/orders/{purchaseOrderId}/acknowledge` (no body) per order, the
 *   orders at once within the client's concurrency and the acknowledge rate limit
 *   (https://developer.walmart.com/us-marketplace/docs/acknowledge-a-created-order); an order
 *   counts as acknowledged only when the answer is the order with no line left `Created`.
 *   Acknowledging again is allowed, so the call is retried like a read.
 *
 * Each operation has its own client-side rate limit (`orders.listRateLimit`,
 * `orders.acknowledgeRateLimit`), apart from the push's, in this adapter (`rateLimit`, shared by
 * every adapter of the API key, still applies to every call).
 *
 * @param context - the client's HTTP client, token renewal, base URL and settings.
 */
export function createWalmartOrders(
  context: WalmartOrdersContext,
): Required<Pick<MarketplaceOrders, 'pageSize' | 'list' | 'acknowledge'>> {
  const { http, withFreshTokenOnce, baseURL, settings } = context;
  const now = context.now ?? Date.now;
  const listBucket = bucketOf(settings.listRateLimit);
  const acknowledgeBucket = bucketOf(settings.acknowledgeRateLimit);
  const requestSchema = listRequestSchema(settings.pageSize);
  const listingPath = settings.listing === 'released' ? WALMART_RELEASED_ORDERS_PATH : WALMART_ALL_ORDERS_PATH;

  async function list(request: OrderListRequest, options?: CallOptions): Promise<OrderListPage> {
    const input = parseWith(requestSchema, request, 'Walmart order list request');
    const signal = options?.signal;
    // A cursor carries the whole query (window, limit, position): nothing else is added to it.
    const path = input.cursor === undefined ? listingPath : `${listingPath}${input.cursor}`;
    // Walmart refuses a start older than it lists: the window starts where the listing reaches
    // (older orders cannot be listed at all), with a warning, instead of failing every scan.
    const reach = now() - WALMART_LISTING_REACH_MS;
    const clamped = input.cursor === undefined && Date.parse(input.since) < reach;
    const since = clamped ? new Date(reach).toISOString() : input.since;
    const reachWarnings: Warning[] = clamped
      ? [
          {
            type: 'other',
            message: `walmart: the window starts at ${input.since}, but Walmart lists orders created in the last 180 days only; listed from ${since}`,
          },
        ]
      : [];
    if (clamped && Date.parse(since) >= Date.parse(input.until)) return { orders: [], warnings: reachWarnings };
    const searchParams =
      input.cursor === undefined
        ? {
            createdStartDate: walmartDateParameter(since, 'down'),
            createdEndDate: walmartDateParameter(input.until, 'up'),
            limit: String(input.limit ?? settings.pageSize),
            shipNodeType: 'SellerFulfilled',
          }
        : undefined;
    await listBucket?.take(signal);
    const response = await withFreshTokenOnce(() =>
      http.request({
        path,
        ...(searchParams ? { searchParams } : {}),
        schema: walmartReleasedOrdersPageSchema,
        acceptStatus: [404],
        ...(signal ? { signal } : {}),
      }),
    );
    const url = http.redact(`${baseURL}${path}`);
    if (response.status === 404) {
      if (saysNoOrders(response.text)) {
        const warning: Warning = {
          type: 'other',
          message: `walmart: GET ${listingPath} answered 404 "no orders found"; read as an empty page (modelled)`,
        };
        return { orders: [], warnings: [...reachWarnings, warning] };
      }
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        body = undefined;
      }
      throw mapStatusToError({
        service: SERVICE,
        method: 'GET',
        url,
        status: 404,
        statusText: describeWalmartErrors(parseWalmartErrors(body)),
        text: response.text,
        redact: http.redact,
      });
    }
    const page = response.data.list;
    const parseFailure = (message: string, field: string) =>
      new ResponseParseError(`walmart: ${message} in the answer to GET ${listingPath}`, {
        service: SERVICE,
        method: 'GET',
        url,
        status: response.status,
        fields: [field],
      });
    const rawOrders = page.elements.order;
    if (rawOrders === undefined && page.meta.totalCount !== 0) {
      throw parseFailure('list.elements.order is missing while list.meta.totalCount is not 0', 'list.elements.order');
    }
    const orders: ListedOrderEntry[] = (rawOrders ?? []).map((raw, index) => {
      const id =
        typeof raw === 'object' && raw !== null ? (raw as { purchaseOrderId?: unknown }).purchaseOrderId : undefined;
      const purchaseOrderId = typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : id;
      if (typeof purchaseOrderId !== 'string' || purchaseOrderId.trim().length === 0) {
        // Without its id an order cannot be held under its key: the page fails instead of losing it.
        throw parseFailure(`order ${index} has no purchaseOrderId`, `list.elements.order[${index}].purchaseOrderId`);
      }
      return mapWalmartOrder(purchaseOrderId, raw, { productCharge: settings.productCharge });
    });
    const nextCursor = page.meta.nextCursor ?? undefined;
    if (nextCursor !== undefined && nextCursor.length > 0) {
      if (nextCursor.length > MAX_CURSOR_LENGTH || !cursorPattern.test(nextCursor)) {
        throw parseFailure('list.meta.nextCursor is not a query string', 'list.meta.nextCursor');
      }
      if (nextCursor === input.cursor) {
        throw parseFailure(
          'list.meta.nextCursor repeats the cursor of this page (paging would not end)',
          'list.meta.nextCursor',
        );
      }
      return { orders, nextCursor, ...(reachWarnings.length > 0 ? { warnings: reachWarnings } : {}) };
    }
    return { orders, ...(reachWarnings.length > 0 ? { warnings: reachWarnings } : {}) };
  }

  async function acknowledge(
    marketplaceOrderIds: readonly string[],
    options?: CallOptions,
  ): Promise<AcknowledgeOrdersResult> {
    const ids = parseWith(acknowledgeIdsSchema, marketplaceOrderIds, 'Walmart orders to acknowledge');
    const signal = options?.signal;
    // One call per order, all at once: the HTTP client's concurrency (requests in flight per
    // credential) and the acknowledge rate limit pace them. Results keep the order of `ids`.
    const outcomes = await Promise.all(
      ids.map(async (purchaseOrderId): Promise<{ id: string; error?: string }> => {
        signal?.throwIfAborted();
        const path = `/v3/orders/${encodeURIComponent(purchaseOrderId)}/acknowledge`;
        try {
          await acknowledgeBucket?.take(signal);
          const response = await withFreshTokenOnce(() =>
            // Acknowledging an acknowledged order is allowed (acknowledge-a-created-order): safe to retry.
            http.request({ method: 'POST', path, retry: true, ...(signal ? { signal } : {}) }),
          );
          if (showsAcknowledged(response.data, purchaseOrderId)) return { id: purchaseOrderId };
          return {
            id: purchaseOrderId,
            error: `walmart: the answer to POST /v3/orders/{purchaseOrderId}/acknowledge (HTTP ${response.status}) does not show order ${purchaseOrderId} acknowledged; not confirmed`,
          };
        } catch (error) {
          if (signal?.aborted) throw error;
          return {
            id: purchaseOrderId,
            error: error instanceof Error ? http.redact(error.message) : http.redact(String(error)),
          };
        }
      }),
    );
    const result: AcknowledgeOrdersResult = { acknowledged: [], failed: [] };
    for (const outcome of outcomes) {
      if (outcome.error === undefined) result.acknowledged.push(outcome.id);
      else result.failed.push({ marketplaceOrderId: outcome.id, error: outcome.error });
    }
    return result;
  }

  return { pageSize: settings.pageSize, list, acknowledge };
}
