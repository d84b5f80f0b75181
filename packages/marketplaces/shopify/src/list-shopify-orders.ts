import {
  type CallOptions,
  type ListedOrderEntry,
  type MarketplaceOrders,
  type OrderListPage,
  type OrderListRequest,
  parseWith,
  ResponseParseError,
} from '@dropship/core';
import { z } from 'zod';
import { mapShopifyListedOrder, mapShopifyOrderStatus, shopifyNumericId } from './map-shopify-order.js';
import {
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_QUERY,
  SHOPIFY_MAX_PAGE_SIZE,
  type ShopifyOrderLineItem,
  shopifyListedOrderSchema,
  shopifyOrderLineItemsDataSchema,
  shopifyOrderLineItemsQueryCost,
  shopifyOrdersPageDataSchema,
  shopifyOrdersQueryCost,
} from './shopify-order-schemas.js';

/**
 * Sends one GraphQL read (retried on throttling, 5xx, dropped connections) and parses its `data`;
 * `requestedCost` lets the client wait for the cost bucket before sending.
 */
export type ShopifyGraphqlRead = <T>(
  query: string,
  variables: Record<string, unknown>,
  schema: z.ZodType<T>,
  signal: AbortSignal | undefined,
  requestedCost: number,
) => Promise<T>;

/** What {@link createShopifyOrders} needs. */
export interface ShopifyOrdersContext {
  /** The client's GraphQL read (its throttle handling and error mapping). */
  read: ShopifyGraphqlRead;
  /** Orders per page (the most a `list` call returns). */
  pageSize: number;
  /** Line items read with each order of a page. */
  lineItemsPerOrder: number;
  /** Financial statuses that make an unfulfilled order `ready`. */
  readyFinancialStatuses: readonly string[];
  /** Where errors say the call went (already redacted). */
  url: string;
}

const isoSchema = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/**
 * The search query of a window: `updated_at:>='<since>' AND updated_at:<'<until>'`, both instants in
 * UTC ISO 8601 (https://shopify.dev/docs/api/usage/search-syntax,
 * https://shopify.dev/docs/api/admin-graphql/latest/queries/orders: filter `updated_at`). Pure.
 *
 * @param since - start of the window, included.
 * @param until - end of the window, excluded.
 */
export function shopifyUpdatedAtQuery(since: string, until: string): string {
  return `updated_at:>='${new Date(since).toISOString()}' AND updated_at:<'${new Date(until).toISOString()}'`;
}

/**
 * Shopify's order intake (`MarketplaceOrders`): one `list` call is one `orders` query
 * ({@link ORDERS_QUERY}) of the orders updated in `[since, until)`, sorted by `UPDATED_AT`, paged
 * with `first`/`after` and `pageInfo { hasNextPage endCursor }`
 * (https://shopify.dev/docs/api/usage/pagination-graphql); `nextCursor` is Shopify's `endCursor`.
 * An order with more line items than `lineItemsPerOrder` gets the rest read with
 * {@link ORDER_LINE_ITEMS_QUERY} (never truncated). Every order is mapped with core's
 * `toListedOrder`: an order that cannot be mapped is an `UnmappableOrder` naming the field. The
 * same order may come back on two pages: the adapter does not deduplicate.
 *
 * @param context - the client's read, page sizes and ready statuses.
 */
export function createShopifyOrders(context: ShopifyOrdersContext): MarketplaceOrders {
  const requestSchema = z
    .strictObject({
      since: isoSchema,
      until: isoSchema,
      cursor: z.string().min(1).max(4_096).optional(),
      limit: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(context.pageSize, `must be at most the page size (${context.pageSize})`)
        .optional(),
    })
    .refine((request) => Date.parse(request.since) < Date.parse(request.until), {
      message: 'since must be before until',
      path: ['until'],
    });

  function malformed(message: string, fields: string[]): ResponseParseError {
    return new ResponseParseError(`shopify: ${message}`, {
      service: 'shopify',
      method: 'POST',
      url: context.url,
      fields,
    });
  }

  /** Every line item of an order: the listing's page, then the rest by cursor. */
  async function remainingLineItems(
    orderId: string,
    after: string,
    signal: AbortSignal | undefined,
  ): Promise<ShopifyOrderLineItem[] | undefined> {
    const items: ShopifyOrderLineItem[] = [];
    let cursor: string | undefined = after;
    while (cursor !== undefined) {
      const data: z.infer<typeof shopifyOrderLineItemsDataSchema> = await context.read(
        ORDER_LINE_ITEMS_QUERY,
        { id: orderId, after: cursor, first: SHOPIFY_MAX_PAGE_SIZE },
        shopifyOrderLineItemsDataSchema,
        signal,
        shopifyOrderLineItemsQueryCost(SHOPIFY_MAX_PAGE_SIZE),
      );
      if (!data.order) return undefined;
      items.push(...data.order.lineItems.nodes);
      const { hasNextPage, endCursor } = data.order.lineItems.pageInfo;
      if (hasNextPage && !endCursor) {
        throw malformed(`order ${orderId}: more line items announced without an endCursor`, [
          'data.order.lineItems.pageInfo.endCursor',
        ]);
      }
      cursor = hasNextPage ? (endCursor ?? undefined) : undefined;
    }
    return items;
  }

  /** One node of the page as a listing entry: mapped, or held with the field that failed. */
  async function entryOf(node: unknown, index: number, signal: AbortSignal | undefined): Promise<ListedOrderEntry> {
    const parsed = shopifyListedOrderSchema.safeParse(node);
    if (!parsed.success) {
      // An order of the wrong shape is held, never dropped; one that does not even show its id
      // makes the page unusable.
      const raw = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {};
      const id =
        typeof raw.legacyResourceId === 'string' || typeof raw.legacyResourceId === 'number'
          ? raw.legacyResourceId
          : raw.id;
      const orderId = typeof id === 'string' || typeof id === 'number' ? shopifyNumericId(id) : undefined;
      const [issue] = parsed.error.issues;
      const field = issue ? issue.path.join('.') : '(order)';
      if (!orderId) throw malformed(`order ${index} of the page has no id`, [`data.orders.nodes.${index}.id`]);
      return {
        kind: 'unmappable',
        marketplaceOrderId: orderId,
        ...(typeof raw.updatedAt === 'string' ? { updatedAt: raw.updatedAt } : {}),
        status: 'ready',
        field,
        reason: `Shopify's order does not have the documented shape: ${issue?.message ?? 'invalid'}`,
      };
    }
    const order = parsed.data;
    let lineItems = order.lineItems.nodes;
    const { hasNextPage, endCursor } = order.lineItems.pageInfo;
    if (hasNextPage) {
      const rest = endCursor ? await remainingLineItems(order.id, endCursor, signal) : undefined;
      if (!rest) {
        return {
          kind: 'unmappable',
          marketplaceOrderId: shopifyNumericId(order.legacyResourceId ?? order.id) ?? order.id,
          updatedAt: order.updatedAt,
          status: mapShopifyOrderStatus(
            {
              cancelledAt: order.cancelledAt,
              financialStatus: order.displayFinancialStatus,
              fulfillmentStatus: order.displayFulfillmentStatus,
            },
            context.readyFinancialStatuses,
          ),
          field: 'lineItems',
          reason: 'the order has more line items than one page and the rest could not be read (order gone?)',
        };
      }
      lineItems = [...lineItems, ...rest];
    }
    return mapShopifyListedOrder(order, lineItems, context.readyFinancialStatuses);
  }

  async function list(request: OrderListRequest, options?: CallOptions): Promise<OrderListPage> {
    const { since, until, cursor, limit } = parseWith(requestSchema, request, 'Shopify order list request');
    const signal = options?.signal;
    const first = limit ?? context.pageSize;
    const data = await context.read(
      ORDERS_QUERY,
      {
        first,
        after: cursor ?? null,
        query: shopifyUpdatedAtQuery(since, until),
        lineItems: context.lineItemsPerOrder,
      },
      shopifyOrdersPageDataSchema,
      signal,
      shopifyOrdersQueryCost(first, context.lineItemsPerOrder),
    );
    const { nodes, pageInfo } = data.orders;
    if (pageInfo.hasNextPage && !pageInfo.endCursor) {
      throw malformed('a next page announced without an endCursor', ['data.orders.pageInfo.endCursor']);
    }
    const orders: ListedOrderEntry[] = [];
    // One after the other: the line-item reads spend the same cost bucket.
    for (const [index, node] of nodes.entries()) orders.push(await entryOf(node, index, signal));
    return { orders, ...(pageInfo.hasNextPage && pageInfo.endCursor ? { nextCursor: pageInfo.endCursor } : {}) };
  }

  return { pageSize: context.pageSize, list };
}
