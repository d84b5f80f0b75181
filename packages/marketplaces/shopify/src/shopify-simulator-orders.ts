import { createHmac } from 'node:crypto';
import { formatMinorUnits, type MarketplaceOrderStatus, type SalesOrder } from '@dropship/core';
import type { SimulatedListingOptions, SimulatedOrderIntake } from '@dropship/testing/simulator';
import { HttpResponse } from 'msw';
import { shopifyNumericId } from './map-shopify-order.js';
import { toShopifyGid } from './shopify-ids.js';
import {
  SHOPIFY_MAX_PAGE_SIZE,
  SHOPIFY_MAX_QUERY_COST,
  shopifyOrderLineItemsQueryCost,
  shopifyOrdersQueryCost,
} from './shopify-order-schemas.js';

/** Operation name of the simulator's `orders` listing (faults, throttles, `listCallCount`). */
export const SHOPIFY_LIST_ORDERS_OPERATION = 'list-orders';

/** Operation name of the simulator's read of one order's further line items (counted by `listCallCount`). */
export const SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION = 'list-order-line-items';

/** A webhook delivery the simulator builds for an order (`ShopifySimulator.orderWebhook`). */
export interface SimulatedShopifyWebhook {
  /** The body exactly as Shopify sends it (the REST order, JSON). */
  rawBody: string;
  /** `X-Shopify-Topic`, `X-Shopify-Hmac-SHA256`, `X-Shopify-Webhook-Id`, `X-Shopify-Event-Id`, ... */
  headers: Record<string, string>;
}

/** What the listing needs from the rest of the simulator. */
export interface ShopifyOrderListingContext {
  /** The simulator's clock, ms since epoch. */
  now: () => number;
  /** Creates the order's fulfillment orders (tracking can be pushed to it) unless it has them. */
  ensurePushable: (order: SalesOrder) => void;
  /** What is left to fulfil of a line (by line id), or undefined when the order has no fulfillment orders. */
  unfulfilled: (marketplaceOrderId: string, lineId: string) => number | undefined;
  /** Takes `requested` points from the cost bucket, or answers THROTTLED. */
  spend: (operation: string, requested: number) => Response | undefined;
  /** Gives back what a query did not use (Shopify refunds requested minus actual cost). */
  refund: (points: number) => void;
  /** Requests of an operation received (the simulator's call recorder). */
  callCount: (operation: string) => number;
  /** The `extensions.cost` of an answer. */
  cost: (requested: number, actual: number) => Record<string, unknown>;
}

interface StoredOrder {
  source: SalesOrder;
  gid: string;
  legacyId: string;
  updatedAt: string;
  status: MarketplaceOrderStatus;
  redacted: boolean;
  /** Units removed from each line (an order edit or a refund before shipping): `quantity` minus `currentQuantity`. */
  removed: Map<string, number>;
}

interface Position {
  value: string;
  id: string;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ last_id: position.id, last_value: position.value })).toString('base64');
}

function decodeCursor(cursor: string): Position | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    return typeof parsed.last_id === 'string' && typeof parsed.last_value === 'string'
      ? { id: parsed.last_id, value: parsed.last_value }
      : undefined;
  } catch {
    return undefined;
  }
}

function graphqlError(message: string, code: string, extra: Record<string, unknown> = {}): Response {
  return HttpResponse.json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** `updated_at` / `created_at` comparisons joined by `AND`: the subset of the search syntax the adapter sends. */
function parseSearch(query: string): { field: string; operator: string; time: number }[] | string {
  const terms = [];
  for (const term of query.trim().split(/\s+AND\s+/)) {
    const match = /^(updated_at|created_at):(>=|<=|>|<)'([^']+)'$/.exec(term.trim());
    const time = match ? Date.parse(match[3] as string) : Number.NaN;
    if (!match || Number.isNaN(time)) return `the simulator does not understand the search term "${term}"`;
    terms.push({ field: match[1] as string, operator: match[2] as string, time });
  }
  return terms;
}

function compare(time: number, operator: string, bound: number): boolean {
  if (operator === '>=') return time >= bound;
  if (operator === '>') return time > bound;
  if (operator === '<=') return time <= bound;
  return time < bound;
}

/**
 * The order-intake half of the Shopify simulator: orders held as Shopify's `Order` objects
 * (GraphQL field names), served to the `orders` query with Shopify's cursor paging (`first` at
 * most 250, `after`, `pageInfo { hasNextPage endCursor }`, sorted by `UPDATED_AT` then id), the
 * `updated_at` search filter, the requested-cost check (above 1,000 points: `MAX_COST_EXCEEDED`)
 * and the cost bucket (requested cost taken, unused cost refunded). It deduplicates nothing.
 *
 * @param context - the simulator's clock, fulfillment orders and cost bucket.
 */
export function createShopifyOrderListing(context: ShopifyOrderListingContext) {
  const orders = new Map<string, StoredOrder>();
  let repeatPages = 0;

  function store(order: SalesOrder, options: SimulatedListingOptions | undefined, redacted: boolean): void {
    const gid = toShopifyGid('Order', order.marketplaceOrderId);
    const legacyId = gid ? shopifyNumericId(gid) : undefined;
    if (!gid || !legacyId) throw new Error(`shopify simulator: ${order.marketplaceOrderId} is not a Shopify order id`);
    const status = options?.status ?? 'ready';
    if (status === 'cancel-requested') {
      throw new Error('shopify simulator: Shopify orders have no buyer cancel request (the merchant cancels)');
    }
    context.ensurePushable(order);
    const updatedAt = new Date(options?.updatedAt ?? context.now()).toISOString();
    orders.set(legacyId, { source: order, gid, legacyId, updatedAt, status, redacted, removed: new Map() });
  }

  /** The line quantity still to fulfil: the fulfillment orders' remaining (or the whole line), less the units removed. */
  function unfulfilledOf(stored: StoredOrder, lineId: string, quantity: number): number {
    if (stored.status === 'shipped') return 0;
    const left = context.unfulfilled(stored.source.marketplaceOrderId, lineId) ?? quantity;
    return Math.max(0, Math.min(left, quantity - (stored.removed.get(lineId) ?? 0)));
  }

  function fulfillmentStatus(stored: StoredOrder): string {
    if (stored.status === 'shipped') return 'FULFILLED';
    const lines = stored.source.lines;
    const left = lines.reduce((sum, line) => sum + unfulfilledOf(stored, line.lineId, line.quantity), 0);
    const total = lines.reduce((sum, line) => sum + line.quantity - (stored.removed.get(line.lineId) ?? 0), 0);
    if (left === 0) return 'FULFILLED';
    return left < total ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
  }

  function lineItemNode(stored: StoredOrder, line: SalesOrder['lines'][number]) {
    const { currency } = stored.source;
    return {
      id: toShopifyGid('LineItem', line.lineId) ?? line.lineId,
      sku: line.sku,
      name: line.title ?? line.sku,
      quantity: line.quantity,
      currentQuantity: line.quantity - (stored.removed.get(line.lineId) ?? 0),
      unfulfilledQuantity: unfulfilledOf(stored, line.lineId, line.quantity),
      requiresShipping: true,
      originalUnitPriceSet: {
        shopMoney: { amount: formatMinorUnits(line.unitPrice, currency), currencyCode: currency },
      },
    };
  }

  /** The order as Shopify's GraphQL `Order` (without its line-item connection). */
  function orderNode(stored: StoredOrder) {
    const { source, redacted } = stored;
    const [firstName, ...rest] = source.shipTo.name.split(' ');
    const withheld = <T>(value: T): T | null => (redacted ? null : value);
    return {
      id: stored.gid,
      legacyResourceId: stored.legacyId,
      name: `#${stored.legacyId}`,
      createdAt: source.orderedAt,
      updatedAt: stored.updatedAt,
      cancelledAt: stored.status === 'cancelled' ? stored.updatedAt : null,
      cancelReason: stored.status === 'cancelled' ? 'CUSTOMER' : null,
      email: withheld(source.buyer.email ?? null),
      phone: withheld(source.buyer.phone ?? null),
      displayFinancialStatus:
        stored.status === 'not-ready' ? 'PENDING' : stored.status === 'cancelled' ? 'VOIDED' : 'PAID',
      displayFulfillmentStatus: fulfillmentStatus(stored),
      currencyCode: source.currency,
      shippingAddress: {
        name: withheld(source.shipTo.name),
        firstName: withheld(firstName ?? null),
        lastName: withheld(rest.join(' ') || null),
        company: withheld(source.shipTo.company ?? null),
        address1: withheld(source.shipTo.address1),
        address2: withheld(source.shipTo.address2 ?? null),
        city: source.shipTo.city,
        province: source.shipTo.region,
        provinceCode: source.shipTo.region,
        zip: source.shipTo.postalCode,
        countryCodeV2: source.shipTo.country,
        phone: withheld(source.shipTo.phone ?? null),
      },
      shippingLine: {
        title: source.serviceLevel ?? 'Standard',
        code: source.serviceLevel ?? 'Standard',
        originalPriceSet: {
          shopMoney: { amount: formatMinorUnits(source.shippingPaid, source.currency), currencyCode: source.currency },
        },
      },
    };
  }

  /** Every order with its sort key (time, then id: Shopify's tie-break), in order. */
  function sorted(byUpdatedAt: boolean): { stored: StoredOrder; position: Position; time: number; id: number }[] {
    return [...orders.values()]
      .map((stored) => {
        const value = byUpdatedAt ? stored.updatedAt : stored.source.orderedAt;
        return {
          stored,
          position: { value, id: stored.legacyId },
          time: Date.parse(value),
          id: Number(stored.legacyId),
        };
      })
      .sort((a, b) => a.time - b.time || a.id - b.id);
  }

  function after(a: { time: number; id: number }, b: { time: number; id: number }): boolean {
    return a.time > b.time || (a.time === b.time && a.id > b.id);
  }

  /** Answers the `orders` query (variables `first`, `after`, `query`, `lineItems`). */
  function listOrders(query: string, variables: Record<string, unknown> | undefined): Response {
    const first = variables?.first;
    const lineItemsFirst = variables?.lineItems;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > SHOPIFY_MAX_PAGE_SIZE) {
      return graphqlError(`first must be between 1 and ${SHOPIFY_MAX_PAGE_SIZE}`, 'BAD_REQUEST', {
        argumentName: 'first',
      });
    }
    if (
      typeof lineItemsFirst !== 'number' ||
      !Number.isInteger(lineItemsFirst) ||
      lineItemsFirst < 1 ||
      lineItemsFirst > SHOPIFY_MAX_PAGE_SIZE
    ) {
      return graphqlError(`first must be between 1 and ${SHOPIFY_MAX_PAGE_SIZE}`, 'BAD_REQUEST', {
        argumentName: 'first',
      });
    }
    const requested = shopifyOrdersQueryCost(first, lineItemsFirst);
    if (requested > SHOPIFY_MAX_QUERY_COST) {
      return graphqlError(
        `Query cost is ${requested}, which exceeds the single query max cost limit (${SHOPIFY_MAX_QUERY_COST}).`,
        'MAX_COST_EXCEEDED',
        { cost: requested, maxCost: SHOPIFY_MAX_QUERY_COST },
      );
    }
    const search = typeof variables?.query === 'string' ? parseSearch(variables.query) : [];
    if (typeof search === 'string') return graphqlError(search, 'BAD_REQUEST', { argumentName: 'query' });
    let start: Position | undefined;
    if (variables?.after !== undefined && variables.after !== null) {
      start = typeof variables.after === 'string' ? decodeCursor(variables.after) : undefined;
      if (!start || Number.isNaN(Date.parse(start.value)))
        return graphqlError('Invalid cursor for current pagination sort.', 'BAD_REQUEST', { argumentName: 'after' });
    }
    const refused = context.spend(SHOPIFY_LIST_ORDERS_OPERATION, requested);
    if (refused) return refused;
    const byUpdatedAt = /sortKey:\s*UPDATED_AT\b/.test(query);
    const matching = sorted(byUpdatedAt).filter(({ stored, time }) =>
      search.every((term) =>
        compare(
          term.field === 'updated_at' && byUpdatedAt
            ? time
            : Date.parse(term.field === 'updated_at' ? stored.updatedAt : stored.source.orderedAt),
          term.operator,
          term.time,
        ),
      ),
    );
    const startKey = start ? { time: Date.parse(start.value), id: Number(start.id) } : undefined;
    const rest = startKey ? matching.filter((entry) => after(entry, startKey)) : matching;
    let page = rest.slice(0, first);
    // Paging over data that changes repeats orders: the last order of the page before comes again.
    // A page of one order cannot repeat one and move on (its end cursor would be the one asked
    // with): the repeat waits for a page of two or more.
    const previous = start ? matching.find((entry) => entry.position.id === start?.id) : undefined;
    if (repeatPages > 0 && previous && first > 1) {
      repeatPages -= 1;
      page = [previous, ...rest.slice(0, first - 1)];
    }
    const last = page.at(-1);
    const hasNextPage = last ? matching.some((entry) => after(entry, last)) : false;
    const nodes = page.map(({ stored }) => {
      const lines = stored.source.lines.map((line) => lineItemNode(stored, line));
      return {
        ...orderNode(stored),
        lineItems: {
          pageInfo: {
            hasNextPage: lines.length > lineItemsFirst,
            endCursor:
              lines.length > 0 ? encodeCursor({ value: '', id: String(Math.min(lines.length, lineItemsFirst)) }) : null,
          },
          nodes: lines.slice(0, lineItemsFirst),
        },
      };
    });
    const actual = 3 + nodes.reduce((sum, node) => sum + 8 + 3 * node.lineItems.nodes.length, 0);
    context.refund(requested - actual);
    return HttpResponse.json({
      data: { orders: { pageInfo: { hasNextPage, endCursor: last ? encodeCursor(last.position) : null }, nodes } },
      extensions: context.cost(requested, actual),
    });
  }

  /** Answers the line items of one order after a cursor (variables `id`, `after`, `first`). */
  function listLineItems(variables: Record<string, unknown> | undefined): Response {
    const first = variables?.first;
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > SHOPIFY_MAX_PAGE_SIZE) {
      return graphqlError(`first must be between 1 and ${SHOPIFY_MAX_PAGE_SIZE}`, 'BAD_REQUEST', {
        argumentName: 'first',
      });
    }
    const requested = shopifyOrderLineItemsQueryCost(first);
    const refused = context.spend(SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION, requested);
    if (refused) return refused;
    const legacyId = typeof variables?.id === 'string' ? shopifyNumericId(variables.id) : undefined;
    const stored = legacyId ? orders.get(legacyId) : undefined;
    if (!stored) return HttpResponse.json({ data: { order: null }, extensions: context.cost(requested, 1) });
    const skip = typeof variables?.after === 'string' ? Number(decodeCursor(variables.after)?.id ?? Number.NaN) : 0;
    if (!Number.isInteger(skip)) return graphqlError('Invalid cursor.', 'BAD_REQUEST', { argumentName: 'after' });
    const lines = stored.source.lines.map((line) => lineItemNode(stored, line));
    const nodes = lines.slice(skip, skip + first);
    const end = skip + nodes.length;
    const actual = 4 + 3 * nodes.length;
    context.refund(requested - actual);
    return HttpResponse.json({
      data: {
        order: {
          id: stored.gid,
          lineItems: {
            pageInfo: { hasNextPage: end < lines.length, endCursor: encodeCursor({ value: '', id: String(end) }) },
            nodes,
          },
        },
      },
      extensions: context.cost(requested, actual),
    });
  }

  /** The order as the REST resource of an `orders/*` webhook (snake_case). */
  function restOrder(stored: StoredOrder): Record<string, unknown> {
    const node = orderNode(stored);
    const fulfillment = node.displayFulfillmentStatus;
    return {
      id: Number(stored.legacyId),
      admin_graphql_api_id: stored.gid,
      name: node.name,
      created_at: node.createdAt,
      updated_at: node.updatedAt,
      cancelled_at: node.cancelledAt,
      cancel_reason: node.cancelReason?.toLowerCase() ?? null,
      email: node.email,
      phone: node.phone,
      financial_status: node.displayFinancialStatus.toLowerCase(),
      fulfillment_status:
        fulfillment === 'FULFILLED' ? 'fulfilled' : fulfillment === 'PARTIALLY_FULFILLED' ? 'partial' : null,
      currency: node.currencyCode,
      shipping_address: {
        name: node.shippingAddress.name,
        first_name: node.shippingAddress.firstName,
        last_name: node.shippingAddress.lastName,
        company: node.shippingAddress.company,
        address1: node.shippingAddress.address1,
        address2: node.shippingAddress.address2,
        city: node.shippingAddress.city,
        province: node.shippingAddress.province,
        province_code: node.shippingAddress.provinceCode,
        zip: node.shippingAddress.zip,
        country_code: node.shippingAddress.countryCodeV2,
        phone: node.shippingAddress.phone,
      },
      shipping_lines: [
        {
          title: node.shippingLine.title,
          code: node.shippingLine.code,
          price: node.shippingLine.originalPriceSet.shopMoney.amount,
        },
      ],
      line_items: stored.source.lines.map((line) => {
        const item = lineItemNode(stored, line);
        return {
          id: Number(shopifyNumericId(item.id)),
          admin_graphql_api_id: item.id,
          sku: item.sku,
          name: item.name,
          quantity: item.quantity,
          current_quantity: item.currentQuantity,
          fulfillable_quantity: item.unfulfilledQuantity,
          requires_shipping: item.requiresShipping,
          price: item.originalUnitPriceSet.shopMoney.amount,
        };
      }),
    };
  }

  const intake: SimulatedOrderIntake = {
    putOrder(order, options) {
      store(order, options, false);
    },
    putUnmappableOrder(order, options) {
      store(order, options, true);
    },
    repeatOnNextPages(times = 1) {
      repeatPages += times;
    },
    acknowledged() {
      return [];
    },
    requestCancellation(marketplaceOrderId) {
      // The merchant cancels (orderCancel); a buyer's request reaches only fulfillment-service apps.
      throw new Error(
        `shopify simulator: Shopify orders have no buyer cancel request to answer (${marketplaceOrderId}); use cancelOrder`,
      );
    },
    cancellationAnswers() {
      // Nothing to answer at Shopify: never an answer.
      return [];
    },
    cancelOrder(marketplaceOrderId, cancelOptions) {
      const legacyId = shopifyNumericId(toShopifyGid('Order', marketplaceOrderId) ?? '');
      const stored = legacyId ? orders.get(legacyId) : undefined;
      if (!stored) throw new Error(`shopify simulator: no listed order ${marketplaceOrderId}`);
      stored.updatedAt = new Date(context.now()).toISOString();
      if (!cancelOptions?.lines) {
        // orderCancel: cancelledAt set (https://shopify.dev/docs/api/admin-graphql/latest/objects/Order).
        stored.status = 'cancelled';
        return;
      }
      // Units removed before shipping (an order edit or a refund): currentQuantity drops.
      for (const { lineId, quantity } of cancelOptions.lines) {
        const line = stored.source.lines.find((candidate) => candidate.lineId === lineId);
        const removed = stored.removed.get(lineId) ?? 0;
        if (!line || !Number.isInteger(quantity) || quantity < 1 || removed + quantity > line.quantity) {
          throw new Error(
            `shopify simulator: order ${marketplaceOrderId} has no ${quantity} units of line ${lineId} to remove`,
          );
        }
        stored.removed.set(lineId, removed + quantity);
      }
    },
    listCallCount() {
      // Every request of the listing and of further line items, answered or not (a 429, a fault).
      return (
        context.callCount(SHOPIFY_LIST_ORDERS_OPERATION) + context.callCount(SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION)
      );
    },
  };

  return {
    intake,
    listOrders,
    listLineItems,
    /**
     * A delivery of `topic` for a listed order, signed with `secret` as Shopify signs it (base64
     * HMAC-SHA256 of the raw body, https://shopify.dev/docs/apps/build/webhooks/verify-deliveries).
     */
    orderWebhook(
      marketplaceOrderId: string,
      options: { topic?: string; secret: string; webhookId?: string; eventId?: string },
    ): SimulatedShopifyWebhook {
      const legacyId = shopifyNumericId(toShopifyGid('Order', marketplaceOrderId) ?? '');
      const stored = legacyId ? orders.get(legacyId) : undefined;
      if (!stored) throw new Error(`shopify simulator: no listed order ${marketplaceOrderId}`);
      const rawBody = JSON.stringify(restOrder(stored));
      return {
        rawBody,
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': options.topic ?? 'orders/create',
          'x-shopify-hmac-sha256': createHmac('sha256', options.secret).update(rawBody, 'utf8').digest('base64'),
          'x-shopify-shop-domain': 'dropship-simulated.myshopify.com',
          'x-shopify-webhook-id': options.webhookId ?? `webhook-${stored.legacyId}-${Date.now()}`,
          'x-shopify-event-id': options.eventId ?? `event-${stored.legacyId}`,
          'x-shopify-triggered-at': new Date(context.now()).toISOString(),
          'x-shopify-api-version': '2026-10',
        },
      };
    },
    /**
     * A fulfillment changed the order: a listed order's `updatedAt` moves to now, as Shopify's
     * does, so that the next scan lists it again (fulfilled).
     */
    touch(orderGid: string): void {
      const legacyId = shopifyNumericId(orderGid);
      const stored = legacyId ? orders.get(legacyId) : undefined;
      if (stored) stored.updatedAt = new Date(context.now()).toISOString();
    },
    /** Forgets the repeats asked for, and with `all` every listed order. */
    reset(all: boolean): void {
      repeatPages = 0;
      if (all) orders.clear();
    },
  };
}
