import {
  type CallOptions,
  type MarketplaceOrders,
  type OrderListPage,
  type OrderListRequest,
  parseWith,
  ResponseParseError,
  ValidationError,
  type Warning,
} from '@dropship/core';
import type { HttpClient, RateLimitOptions } from '@dropship/http';
import { z } from 'zod';
import { sendWithFreshAccessToken } from './amazon-access-token.js';
import {
  AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS,
  type AmazonOrderItem,
  amazonGetOrderItemsResponseSchema,
  amazonGetOrdersResponseSchema,
} from './amazon-order-schemas.js';
import type { LwaTokenProvider } from './lwa-token-provider.js';
import { toAmazonListedOrder } from './map-amazon-order.js';
import type { RestrictedDataTokenProvider } from './restricted-data-token-provider.js';

/** What {@link createAmazonOrders} needs from the adapter. */
export interface AmazonOrdersDependencies {
  /** The marketplace the orders are listed for (`MarketplaceIds`). */
  marketplaceId: string;
  /** Orders per page, 1 to 100. */
  pageSize: number;
  /** The getOrders client (its rate limit; `x-amz-access-token` from `restrictedTokens`). */
  ordersHttp: HttpClient;
  /** The getOrderItems client (its rate limit; the LWA access token). */
  orderItemsHttp: HttpClient;
  /** LWA access tokens. */
  tokens: LwaTokenProvider;
  /** Errors raised by the LWA token endpoint. */
  tokenFailures: WeakSet<object>;
  /** The access of getOrders. */
  restrictedTokens: RestrictedDataTokenProvider;
  /** The client-side rate limit of getOrders (to compare with the rate Amazon says it applies), or false. */
  getOrdersRateLimit: RateLimitOptions | false;
  /** Clock, ms since epoch. */
  now: () => number;
}

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/**
 * A warning when Amazon applies a lower getOrders rate than the client's limit (its
 * `x-amzn-RateLimit-Limit` header, requests per second, https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits-in-the-sp-api):
 * the client would then be throttled (429, retried) instead of pacing itself.
 *
 * @param header - the header's value, when Amazon sent it.
 * @param limit - the client's getOrders limit.
 */
export function appliedRateWarning(header: string | null, limit: RateLimitOptions | false): Warning | undefined {
  if (header === null || limit === false) return undefined;
  const applied = Number(header.trim());
  const configured = (limit.requests * 1_000) / limit.intervalMs;
  // Amazon rounds the rate it shows (0.0167 for 1 per 60 s): a lower figure within 1 % is the same rate.
  if (!(Number.isFinite(applied) && applied > 0) || applied >= configured * 0.99) return undefined;
  return {
    type: 'other',
    message: `amazon: Amazon applies ${applied} getOrders requests per second to this account, less than the client's ${configured.toPrecision(3)}: lower orders.rateLimits.getOrders to pace the listing instead of being throttled`,
  };
}

/** Pages of items one order may span before the listing is judged to loop. */
const maxItemPages = 100;

/**
 * Amazon's order intake on SP-API Orders v0 (https://developer-docs.amazon.com/sp-api/reference/getorders,
 * https://developer-docs.amazon.com/sp-api/reference/getorderitems):
 * - one `list` call is one `getOrders` page (`MarketplaceIds`, `LastUpdatedAfter` = `since`,
 *   `LastUpdatedBefore` = `until`, `FulfillmentChannels=MFN`, `MaxResultsPerPage`; the cursor is
 *   Amazon's `NextToken`, sent unchanged with the same filters), then one `getOrderItems` call per
 *   order (and per page of its items): the least Amazon allows, since getOrders carries no lines;
 * - `until` must be at least two minutes before now (Amazon refuses a later `LastUpdatedBefore`):
 *   a later one is a `ValidationError`, never silently moved (the window would then lose orders);
 * - each order is mapped with core's `toListedOrder` (an order that cannot be mapped is held with
 *   Amazon's field and the reason); the same order may come on two pages, as Amazon pages it.
 *
 * @param dependencies - clients, tokens, marketplace and page size.
 */
export function createAmazonOrders(dependencies: AmazonOrdersDependencies): MarketplaceOrders {
  const {
    marketplaceId,
    pageSize,
    ordersHttp,
    orderItemsHttp,
    tokens,
    tokenFailures,
    restrictedTokens,
    getOrdersRateLimit,
    now,
  } = dependencies;
  const requestSchema = z.strictObject({
    since: instant,
    until: instant,
    cursor: z.string().min(1).max(10_000).optional(),
    limit: z.number().int().min(1).max(pageSize, `must be at most the page size, ${pageSize}`).optional(),
  });

  async function listItems(orderId: string, options?: CallOptions): Promise<AmazonOrderItem[]> {
    const items: AmazonOrderItem[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < maxItemPages; page += 1) {
      const token = await tokens.getAccessToken(options);
      const response = await sendWithFreshAccessToken(
        () =>
          orderItemsHttp.request({
            path: `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`,
            searchParams: { NextToken: nextToken },
            schema: amazonGetOrderItemsResponseSchema,
            ...(options?.signal ? { signal: options.signal } : {}),
          }),
        () => tokens.invalidate(token),
        tokenFailures,
      );
      const { payload } = response.data;
      if (payload.AmazonOrderId !== undefined && payload.AmazonOrderId !== orderId) {
        throw new ResponseParseError(
          `amazon: getOrderItems for order ${orderId} answered with the items of order ${payload.AmazonOrderId}`,
          {
            service: 'amazon',
            method: 'GET',
            url: `/orders/v0/orders/${orderId}/orderItems`,
            status: response.status,
            fields: ['payload.AmazonOrderId'],
          },
        );
      }
      items.push(...payload.OrderItems);
      if (!payload.NextToken) return items;
      if (payload.NextToken === nextToken) break;
      nextToken = payload.NextToken;
    }
    throw new ResponseParseError(
      `amazon: getOrderItems for order ${orderId} did not reach its last page (the NextToken repeats or more than ${maxItemPages} pages)`,
      {
        service: 'amazon',
        method: 'GET',
        url: `/orders/v0/orders/${orderId}/orderItems`,
        fields: ['payload.NextToken'],
      },
    );
  }

  async function list(input: OrderListRequest, options?: CallOptions): Promise<OrderListPage> {
    const request = parseWith(requestSchema, input, 'Amazon order listing');
    const since = Date.parse(request.since);
    const until = Date.parse(request.until);
    const latest = now() - AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS;
    if (until <= since) {
      throw new ValidationError('Amazon order listing', [{ path: 'until', message: 'must be after since' }]);
    }
    if (until > latest) {
      throw new ValidationError('Amazon order listing', [
        {
          path: 'until',
          message: `must be at least two minutes before now (Amazon refuses a later LastUpdatedBefore, https://developer-docs.amazon.com/sp-api/reference/getorders): got ${request.until}, the latest is ${new Date(latest).toISOString()}; let the intake settle at least 120,000 ms`,
        },
      ]);
    }
    const access = await restrictedTokens.getOrdersAccess(options);
    const warnings: Warning[] = access.refusal
      ? [
          {
            type: 'other',
            message: `amazon: no Restricted Data Token for getOrders (${access.refusal}); the orders come without the buyer and the ship-to name and address lines and are held as unmappable`,
          },
        ]
      : [];
    const response = await sendWithFreshAccessToken(
      () =>
        ordersHttp.request({
          path: '/orders/v0/orders',
          searchParams: {
            MarketplaceIds: marketplaceId,
            LastUpdatedAfter: new Date(since).toISOString(),
            LastUpdatedBefore: new Date(until).toISOString(),
            FulfillmentChannels: 'MFN',
            MaxResultsPerPage: request.limit ?? pageSize,
            NextToken: request.cursor,
          },
          schema: amazonGetOrdersResponseSchema,
          ...(options?.signal ? { signal: options.signal } : {}),
        }),
      () => restrictedTokens.invalidate(access.token),
      tokenFailures,
    );
    const { Orders, NextToken } = response.data.payload;
    const rateWarning = appliedRateWarning(response.headers.get('x-amzn-RateLimit-Limit'), getOrdersRateLimit);
    if (rateWarning) warnings.push(rateWarning);
    const items = await Promise.all(Orders.map((order) => listItems(order.AmazonOrderId, options)));
    return {
      orders: Orders.map((order, index) => toAmazonListedOrder(order, items[index] ?? [])),
      ...(NextToken ? { nextCursor: NextToken } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  return { pageSize, list };
}
