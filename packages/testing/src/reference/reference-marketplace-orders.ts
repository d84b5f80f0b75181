import {
  type AcknowledgeOrdersResult,
  decimalToMinorUnits,
  type ListedOrderEntry,
  type MarketplaceOrderStatus,
  type MarketplaceOrders,
  type OrderCancellation,
  type OrderListPage,
  OrderMappingError,
  parseWith,
  ResponseParseError,
  toListedOrder,
} from '@dropship/core';
import type { HttpClient } from '@dropship/http';
import { z } from 'zod';
import { referenceMarketplaceMaxPageSize, referenceMarketplaceOrderStatuses } from './reference-marketplace-intake.js';

const service = 'reference-marketplace';

/** `GET /v1/orders`, leniently: the page envelope; each order is read on its own. */
const pageResponseSchema = z.object({ orders: z.array(z.unknown()), next_page_token: z.string().min(1).optional() });

/** A cancellation of a listed order, leniently (what the mapping reads). */
const cancellationSchema = z.object({
  state: z.enum(['requested', 'done']),
  request_id: z.string().min(1).optional(),
  requested_by: z.enum(['buyer', 'seller', 'marketplace']).optional(),
  reason: z.string().optional(),
  lines: z.array(z.object({ line_id: z.string(), quantity: z.number().int().positive() })).optional(),
});

/** The SDK's `OrderCancellation` of a wire order's `cancellation`, or undefined (none, or not readable). */
function toCancellation(wire: unknown): OrderCancellation | undefined {
  const parsed = cancellationSchema.safeParse((wire as { cancellation?: unknown } | null)?.cancellation);
  if (!parsed.success) return undefined;
  const { state, request_id: requestId, requested_by: requestedBy, reason, lines } = parsed.data;
  return {
    state,
    ...(requestId ? { requestId } : {}),
    ...(requestedBy ? { requestedBy } : {}),
    ...(reason ? { reason } : {}),
    ...(lines ? { lines: lines.map((line) => ({ lineId: line.line_id, quantity: line.quantity })) } : {}),
  };
}

/** What identifies an order of a page, even one that cannot be mapped. */
const orderHeaderSchema = z.object({
  id: z.string().min(1),
  updated_at: z.iso.datetime({ offset: true }),
  status: z.string(),
});

/** The order fields the mapping reads (lenient: other fields are ignored). */
const wireOrderSchema = z.object({
  created_at: z.string(),
  currency: z.string(),
  buyer: z.object({ name: z.string(), email: z.string().optional() }),
  ship_to: z.object({
    name: z.string().optional(),
    company: z.string().optional(),
    address1: z.string(),
    address2: z.string().optional(),
    city: z.string(),
    region: z.string(),
    postal_code: z.string(),
    country: z.string(),
    phone: z.string().optional(),
  }),
  lines: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      title: z.string().optional(),
      quantity: z.number(),
      unit_price: z.union([z.string(), z.number()]),
    }),
  ),
  shipping_paid: z.union([z.string(), z.number()]).optional(),
  service_level: z.string().optional(),
  ship_by: z.string().optional(),
});

/** `POST /v1/orders/acknowledge` → 200 with what was acknowledged and what was not. */
const acknowledgeResponseSchema = z.object({
  acknowledged: z.array(z.string()),
  failed: z.array(z.object({ order_id: z.string(), message: z.string() })).optional(),
});

const statusesByName = new Map<string, MarketplaceOrderStatus>(
  Object.entries(referenceMarketplaceOrderStatuses).map(([status, name]) => [name, status as MarketplaceOrderStatus]),
);

/** The order page size setting: 1 to the API's maximum. */
export const referenceOrderPageSizeSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(referenceMarketplaceMaxPageSize, `must be at most ${referenceMarketplaceMaxPageSize} (the API's page maximum)`);

function listRequestSchema(pageSize: number) {
  const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
  return z
    .strictObject({
      since: instant,
      until: instant,
      cursor: z.string().min(1, 'must be the nextCursor of the page before').max(2_000).optional(),
      limit: z
        .number()
        .int('must be a whole number')
        .min(1)
        .max(pageSize, `must be at most the page size ${pageSize}`)
        .optional(),
    })
    .refine((request) => Date.parse(request.since) < Date.parse(request.until), {
      path: ['until'],
      message: 'must be after since (the window is [since, until))',
    });
}

/** The money of a marketplace field in minor units, or an {@link OrderMappingError} naming it. */
function minorUnits(orderId: string, field: string, amount: string | number, currency: string): number {
  const minor = decimalToMinorUnits(amount, currency);
  if (minor === undefined) {
    throw new OrderMappingError(service, orderId, field, `"${String(amount)}" is not an amount of ${currency}`);
  }
  return minor;
}

/** The `SalesOrder` input of one wire order; throws {@link OrderMappingError} naming the marketplace's field. */
function toSalesOrderInput(orderId: string, wire: unknown): unknown {
  const parsed = wireOrderSchema.safeParse(wire);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new OrderMappingError(service, orderId, issue?.path.join('.') || '(order)', issue?.message ?? 'unreadable');
  }
  const order = parsed.data;
  const { ship_to: shipTo } = order;
  if (shipTo.name === undefined || shipTo.name.trim() === '') {
    throw new OrderMappingError(service, orderId, 'ship_to.name', 'the marketplace did not give the recipient name');
  }
  return {
    marketplace: service,
    marketplaceOrderId: orderId,
    orderedAt: order.created_at,
    currency: order.currency,
    buyer: { name: order.buyer.name, ...(order.buyer.email ? { email: order.buyer.email } : {}) },
    shipTo: {
      name: shipTo.name,
      ...(shipTo.company ? { company: shipTo.company } : {}),
      address1: shipTo.address1,
      ...(shipTo.address2 ? { address2: shipTo.address2 } : {}),
      city: shipTo.city,
      region: shipTo.region,
      postalCode: shipTo.postal_code,
      country: shipTo.country,
      ...(shipTo.phone ? { phone: shipTo.phone } : {}),
    },
    lines: order.lines.map((line, index) => ({
      lineId: line.id,
      sku: line.sku,
      ...(line.title ? { title: line.title } : {}),
      quantity: line.quantity,
      unitPrice: minorUnits(orderId, `lines.${index}.unit_price`, line.unit_price, order.currency),
    })),
    shippingPaid: minorUnits(orderId, 'shipping_paid', order.shipping_paid ?? '0', order.currency),
    ...(order.service_level ? { serviceLevel: order.service_level } : {}),
    ...(order.ship_by ? { shipBy: order.ship_by } : {}),
  };
}

/** One order of a page as a listing entry: mapped, or held with the field and the reason. */
function toEntry(wire: unknown, index: number, url: string): ListedOrderEntry {
  const header = orderHeaderSchema.safeParse(wire);
  if (!header.success) {
    // Without its id and modification time an order can be neither held nor resumed from: the
    // page is not the documented shape, and no page is made of what is left.
    throw new ResponseParseError(
      `${service}: order ${index} of the page has no readable id, updated_at or status; the page is not used`,
      {
        service,
        method: 'GET',
        url,
        status: 200,
        fields: header.error.issues.map((issue) => `orders.${index}.${issue.path.join('.')}`),
      },
    );
  }
  const { id, updated_at: updatedAt, status: statusName } = header.data;
  const status = statusesByName.get(statusName);
  const entry = toListedOrder({
    marketplaceOrderId: id,
    updatedAt,
    // An unknown status is held for a person (as if ready), never placed.
    status: status ?? 'ready',
    map: () => {
      if (status === undefined) throw new OrderMappingError(service, id, 'status', `unknown status "${statusName}"`);
      return toSalesOrderInput(id, wire);
    },
  });
  const cancellation = toCancellation(wire);
  return entry.kind === 'order' && cancellation ? { ...entry, cancellation } : entry;
}

/**
 * The order intake of the reference marketplace: `GET /v1/orders` by modification window and page
 * token, and `POST /v1/orders/acknowledge`. Listing is read-only and returns what the API returns
 * (an order on two pages comes twice: the SDK deduplicates); an order that cannot be mapped is an
 * `unmappable` entry naming the field, never dropped; an answer that is not the documented page
 * is a `ResponseParseError`, never an empty page.
 *
 * @param http - the adapter's HTTP client (credentials, limits, retries of reads and 429s).
 * @param pageSize - orders per page (1 to 100).
 * @param baseURL - the API's base URL (for errors).
 */
export function createReferenceMarketplaceOrders(
  http: HttpClient,
  pageSize: number,
  baseURL: string,
): MarketplaceOrders {
  const requestSchema = listRequestSchema(pageSize);
  const idsSchema = z
    .array(z.string().min(1, 'must be a non-empty order id'))
    .min(1, 'at least one order id')
    .max(referenceMarketplaceMaxPageSize, `at most ${referenceMarketplaceMaxPageSize} order ids per call`);

  return {
    pageSize,

    async list(input, options): Promise<OrderListPage> {
      const request = parseWith(requestSchema, input, 'order list request');
      const { data } = await http.request({
        path: '/v1/orders',
        searchParams: {
          updated_min: request.since,
          updated_max: request.until,
          limit: request.limit ?? pageSize,
          page_token: request.cursor,
        },
        schema: pageResponseSchema,
        signal: options?.signal,
      });
      const orders = data.orders.map((wire, index) => toEntry(wire, index, `${baseURL}/v1/orders`));
      return { orders, ...(data.next_page_token ? { nextCursor: data.next_page_token } : {}) };
    },

    async acknowledge(marketplaceOrderIds, options): Promise<AcknowledgeOrdersResult> {
      const ids = parseWith(idsSchema, marketplaceOrderIds, 'order ids to acknowledge');
      const { data } = await http.request({
        method: 'POST',
        path: '/v1/orders/acknowledge',
        json: { order_ids: ids },
        schema: acknowledgeResponseSchema,
        // Acknowledging again is allowed: a lost answer can be retried.
        retry: true,
        signal: options?.signal,
      });
      const confirmed = new Set(data.acknowledged);
      const refused = new Map((data.failed ?? []).map((failure) => [failure.order_id, failure.message]));
      return {
        // Positive evidence only: an id counts when the answer names it.
        acknowledged: ids.filter((id) => confirmed.has(id)),
        failed: ids
          .filter((id) => !confirmed.has(id))
          .map((id) => ({
            marketplaceOrderId: id,
            error: refused.get(id) ?? 'the marketplace did not confirm the acknowledgement',
          })),
      };
    },
  };
}
