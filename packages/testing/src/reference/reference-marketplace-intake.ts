import { formatMinorUnits, type MarketplaceOrderStatus, type SalesOrder } from '@dropship/core';
import { HttpResponse } from 'msw';
import type { EchoedRequest } from '../simulator-answers.js';
import type { SimulatedListingOptions, SimulatedOrderIntake } from '../testing-types.js';

/** The most orders one `GET /v1/orders` page of the reference marketplace holds. */
export const referenceMarketplaceMaxPageSize = 100;

/** The reference marketplace's order statuses, by the SDK's `MarketplaceOrderStatus`. */
export const referenceMarketplaceOrderStatuses = {
  ready: 'paid',
  'not-ready': 'pending',
  'cancel-requested': 'cancel_requested',
  cancelled: 'cancelled',
  shipped: 'shipped',
} as const satisfies Record<MarketplaceOrderStatus, string>;

/** One order the reference marketplace lists, in its own wire shape (money as decimal strings). */
export interface ReferenceMarketplaceWireOrder {
  id: string;
  status: string;
  created_at: string;
  updated_at: string;
  currency: string;
  buyer: { name: string; email?: string };
  ship_to: {
    name?: string;
    company?: string;
    address1: string;
    address2?: string;
    city: string;
    region: string;
    postal_code: string;
    country: string;
    phone?: string;
  };
  lines: { id: string; sku: string; title?: string; quantity: number; unit_price: string }[];
  shipping_paid: string;
  service_level?: string;
  ship_by?: string;
  /** A cancellation requested or done: all of the order, or `lines`. */
  cancellation?: {
    state: 'requested' | 'done';
    request_id?: string;
    requested_by?: 'buyer' | 'seller' | 'marketplace';
    reason?: string;
    lines?: { line_id: string; quantity: number }[];
  };
}

/** One answer the seller sent to a cancel request, as the marketplace keeps it. */
interface CancellationAnswerRecord {
  marketplaceOrderId: string;
  requestId: string;
  decision: 'accept' | 'refuse';
  lines?: { lineId: string; quantity: number }[];
}

interface ListedEntry {
  order: SalesOrder;
  updatedAt: string;
  status: MarketplaceOrderStatus;
  unmappable: boolean;
  cancellation?: {
    state: 'requested' | 'done';
    requestId?: string;
    requestedBy: 'buyer' | 'seller';
    lines?: { lineId: string; quantity: number }[];
  };
}

/** The intake side of the reference simulator: its control surface and its two handlers' work. */
export interface ReferenceMarketplaceIntake {
  /** What tests drive (`simulator.intake`). */
  control: SimulatedOrderIntake;
  /** Serves `GET /v1/orders` (the caller has checked the token and applied faults). */
  listOrders(url: URL, echo: EchoedRequest): Response;
  /** Serves `POST /v1/orders/acknowledge` with its parsed body. */
  acknowledgeOrders(body: unknown, echo: EchoedRequest): Response;
  /** Serves `POST /v1/orders/{id}/cancellation/answer` with its parsed body. */
  answerCancellation(orderId: string, body: unknown, echo: EchoedRequest): Response;
  /** The answers recorded for an order, in the wire shape of `GET /v1/orders/{id}`'s `cancellation_answers`. */
  cancellationAnswersOf(orderId: string): { request_id: string; decision: string }[];
  /** Forgets listed orders, acknowledgements, cancellation answers and pending repeats. */
  clear(): void;
}

/** The page token: opaque to the client, an offset into the window's orders to the simulator. */
function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string): number | undefined {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

function toWireOrder(entry: ListedEntry): ReferenceMarketplaceWireOrder {
  const { order } = entry;
  const money = (amount: number) => formatMinorUnits(amount, order.currency);
  const { name, company, address1, address2, city, region, postalCode, country, phone } = order.shipTo;
  return {
    id: order.marketplaceOrderId,
    status: referenceMarketplaceOrderStatuses[entry.status],
    created_at: order.orderedAt,
    updated_at: entry.updatedAt,
    currency: order.currency,
    buyer: { name: order.buyer.name, ...(order.buyer.email ? { email: order.buyer.email } : {}) },
    ship_to: {
      // An order the adapter cannot map: the marketplace withholds the recipient's name.
      ...(entry.unmappable ? {} : { name }),
      ...(company ? { company } : {}),
      address1,
      ...(address2 ? { address2 } : {}),
      city,
      region,
      postal_code: postalCode,
      country,
      ...(phone ? { phone } : {}),
    },
    lines: order.lines.map((line) => ({
      id: line.lineId,
      sku: line.sku,
      ...(line.title ? { title: line.title } : {}),
      quantity: line.quantity,
      unit_price: money(line.unitPrice),
    })),
    shipping_paid: money(order.shippingPaid ?? 0),
    ...(order.serviceLevel ? { service_level: order.serviceLevel } : {}),
    ...(order.shipBy ? { ship_by: order.shipBy } : {}),
    ...(entry.cancellation
      ? {
          cancellation: {
            state: entry.cancellation.state,
            ...(entry.cancellation.requestId ? { request_id: entry.cancellation.requestId } : {}),
            requested_by: entry.cancellation.requestedBy,
            ...(entry.cancellation.lines
              ? {
                  lines: entry.cancellation.lines.map((line) => ({ line_id: line.lineId, quantity: line.quantity })),
                }
              : {}),
          },
        }
      : {}),
  };
}

const badRequest = (echo: EchoedRequest, errors: { field: string; message: string }[]) =>
  HttpResponse.json({ errors, request: echo }, { status: 400 });

/**
 * Creates the intake side of the reference marketplace simulator. `GET /v1/orders` lists the
 * orders whose `updated_at` is in `[updated_min, updated_max)`, oldest change first (then by id),
 * `limit` (1 to 100) at a time, with a `next_page_token` while more remain; the token is an
 * offset, so paging over orders that change mid-scan repeats or skips, as offset paging at real
 * marketplaces does (`repeatOnNextPages` makes a page start one order early).
 * `POST /v1/orders/acknowledge` `{ order_ids }` acknowledges listed orders (again is allowed).
 *
 * @param simulator - `onPut` is called with every order put (so that tracking can be pushed to
 * it); `listCallCount` counts the listing calls the simulator served (faulted ones included).
 */
export function createReferenceMarketplaceIntake(simulator: {
  onPut: (order: SalesOrder) => void;
  listCallCount: () => number;
}): ReferenceMarketplaceIntake {
  const listed = new Map<string, ListedEntry>();
  let acknowledged: string[] = [];
  let answers: CancellationAnswerRecord[] = [];
  let repeats = 0;
  let requestNumber = 0;

  const entryOf = (marketplaceOrderId: string): ListedEntry => {
    const entry = listed.get(marketplaceOrderId);
    if (!entry) throw new Error(`simulator: no listed order ${marketplaceOrderId}`);
    return entry;
  };
  const copyLines = (lines: readonly { lineId: string; quantity: number }[] | undefined) =>
    lines ? { lines: lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })) } : {};

  const put = (order: SalesOrder, options: SimulatedListingOptions, unmappable: boolean) => {
    const copy = structuredClone(order);
    listed.set(order.marketplaceOrderId, {
      order: copy,
      updatedAt: options.updatedAt ?? new Date().toISOString(),
      status: options.status ?? 'ready',
      unmappable,
    });
    simulator.onPut(copy);
  };

  return {
    control: {
      putOrder: (order, options = {}) => put(order, options, false),
      putUnmappableOrder: (order, options = {}) => put(order, options, true),
      repeatOnNextPages(times = 1) {
        if (!(Number.isInteger(times) && times > 0))
          throw new TypeError('repeatOnNextPages: times must be a positive integer');
        repeats += times;
      },
      acknowledged: () => [...acknowledged],
      listCallCount: simulator.listCallCount,
      requestCancellation(marketplaceOrderId, options = {}) {
        const entry = entryOf(marketplaceOrderId);
        requestNumber += 1;
        entry.cancellation = {
          state: 'requested',
          requestId: `CR-${String(requestNumber).padStart(5, '0')}`,
          requestedBy: 'buyer',
          ...copyLines(options.lines),
        };
        entry.status = 'cancel-requested';
        entry.updatedAt = new Date().toISOString();
      },
      cancelOrder(marketplaceOrderId, options = {}) {
        const entry = entryOf(marketplaceOrderId);
        entry.cancellation = { state: 'done', requestedBy: 'seller', ...copyLines(options.lines) };
        if (options.lines === undefined) entry.status = 'cancelled';
        entry.updatedAt = new Date().toISOString();
      },
      cancellationAnswers: () =>
        answers.map(({ marketplaceOrderId, decision, lines }) => ({
          marketplaceOrderId,
          decision,
          ...copyLines(lines),
        })),
    },

    listOrders(url, echo) {
      const query = url.searchParams;
      const errors: { field: string; message: string }[] = [];
      const since = Date.parse(query.get('updated_min') ?? '');
      const until = Date.parse(query.get('updated_max') ?? '');
      if (Number.isNaN(since)) errors.push({ field: 'updated_min', message: 'required, an ISO 8601 date-time' });
      if (Number.isNaN(until)) errors.push({ field: 'updated_max', message: 'required, an ISO 8601 date-time' });
      if (!(since < until)) errors.push({ field: 'updated_max', message: 'must be after updated_min' });
      const limitText = query.get('limit') ?? String(referenceMarketplaceMaxPageSize);
      const limit = Number(limitText);
      if (!(/^\d+$/.test(limitText) && limit >= 1 && limit <= referenceMarketplaceMaxPageSize))
        errors.push({ field: 'limit', message: `from 1 to ${referenceMarketplaceMaxPageSize}` });
      const token = query.get('page_token');
      const offset = token === null ? 0 : decodePageToken(token);
      if (offset === undefined) errors.push({ field: 'page_token', message: 'not a page token of this API' });
      if (errors.length > 0 || offset === undefined) return badRequest(echo, errors);

      const window = [...listed.values()]
        .filter((entry) => {
          const updated = Date.parse(entry.updatedAt);
          return updated >= since && updated < until;
        })
        .sort(
          (left, right) =>
            Date.parse(left.updatedAt) - Date.parse(right.updatedAt) ||
            left.order.marketplaceOrderId.localeCompare(right.order.marketplaceOrderId),
        );
      // A page after the first starts one order early while repeats are pending: the last order of
      // the page before comes again (an order inserted ahead of the offset does this).
      const repeat = offset > 0 && repeats > 0;
      if (repeat) repeats -= 1;
      const start = repeat ? offset - 1 : offset;
      const page = window.slice(start, start + limit);
      const next = start + limit;
      return HttpResponse.json({
        orders: page.map(toWireOrder),
        ...(next < window.length ? { next_page_token: encodePageToken(next) } : {}),
      });
    },

    acknowledgeOrders(body, echo) {
      const ids = (body as { order_ids?: unknown } | null)?.order_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > referenceMarketplaceMaxPageSize) {
        return badRequest(echo, [
          { field: 'order_ids', message: `from 1 to ${referenceMarketplaceMaxPageSize} order ids` },
        ]);
      }
      const done: string[] = [];
      const failed: { order_id: string; message: string }[] = [];
      for (const id of ids.map(String)) {
        const entry = listed.get(id);
        if (!entry) failed.push({ order_id: id, message: `no order ${id}` });
        else if (entry.status === 'cancelled' || entry.status === 'shipped')
          failed.push({ order_id: id, message: `order ${id} is ${referenceMarketplaceOrderStatuses[entry.status]}` });
        else done.push(id);
      }
      acknowledged = [...acknowledged, ...done];
      return HttpResponse.json({ acknowledged: done, failed });
    },

    answerCancellation(orderId, body, echo) {
      const entry = listed.get(orderId);
      if (!entry)
        return HttpResponse.json({ errors: [{ message: `no order ${orderId}` }], request: echo }, { status: 404 });
      const answer = (body ?? {}) as {
        request_id?: unknown;
        decision?: unknown;
        lines?: { line_id?: unknown; quantity?: unknown }[];
      };
      const requestId = entry.cancellation?.requestId;
      if (requestId === undefined || answer.request_id !== requestId) {
        return badRequest(echo, [{ field: 'request_id', message: 'not an open cancel request of this order' }]);
      }
      if (answer.decision !== 'accept' && answer.decision !== 'refuse') {
        return badRequest(echo, [{ field: 'decision', message: 'accept or refuse' }]);
      }
      // Like real marketplaces, a second answer is recorded again: reading first is the client's job.
      const lines = answer.lines?.map((line) => ({ lineId: String(line.line_id), quantity: Number(line.quantity) }));
      answers.push({ marketplaceOrderId: orderId, requestId, decision: answer.decision, ...copyLines(lines) });
      if (answer.decision === 'accept' && entry.cancellation) {
        entry.cancellation = { ...entry.cancellation, state: 'done' };
        if (entry.cancellation.lines === undefined) entry.status = 'cancelled';
      }
      if (answer.decision === 'refuse') entry.status = 'ready';
      entry.updatedAt = new Date().toISOString();
      return HttpResponse.json({ answer: { request_id: requestId, decision: answer.decision } });
    },

    cancellationAnswersOf: (orderId) =>
      answers
        .filter((answer) => answer.marketplaceOrderId === orderId)
        .map((answer) => ({ request_id: answer.requestId, decision: answer.decision })),

    clear() {
      listed.clear();
      acknowledged = [];
      answers = [];
      repeats = 0;
    },
  };
}
