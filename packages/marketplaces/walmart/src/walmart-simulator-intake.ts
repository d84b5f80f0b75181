import { formatMinorUnits, type MarketplaceOrderStatus, type SalesOrder } from '@dropship/core';
import type { SimulatedListingOptions, SimulatedOrderIntake } from '@dropship/testing/simulator';
import { standardOperations } from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';

/** A line status as the simulator holds it. */
export interface SimulatedLineStatus {
  status: 'Acknowledged' | 'Created' | 'Shipped' | 'Cancelled';
  quantity: number;
  trackingInfo?: Record<string, unknown>;
  /** Why the units were cancelled (`Cancelled` only). Default `CUSTOMER_REQUESTED_SELLER_TO_CANCEL`. */
  cancellationReason?: string;
}

/** A line as the simulator holds it. */
export interface SimulatedWalmartLine {
  sku: string;
  ordered: number;
  statuses: SimulatedLineStatus[];
  /** The buyer asked to cancel the line (served as `intentToCancel: "Y"`). */
  intentToCancel?: boolean;
}

/** What the simulator holds of an order it lists (orders added with `addOrder` have none). */
export interface SimulatedListing {
  /** When Walmart created the purchase order (ms): the `createdStartDate`/`createdEndDate` filter. */
  createdAt: number;
  /** The lines' `statusDate` (ms): the last change. */
  statusDate: number;
  /** How it was put (to rebuild it on `reset`). */
  status: MarketplaceOrderStatus;
  /** Served without `shippingInfo.postalAddress.name`. */
  unmappable: boolean;
}

/** An order as the simulator holds it. */
export interface SimulatedWalmartOrder {
  purchaseOrderId: string;
  customerOrderId: string;
  orderDate: number;
  lines: Map<string, SimulatedWalmartLine>;
  source: SalesOrder;
  initialStatus: 'Acknowledged' | 'Created';
  /** `shippingInfo.methodCode` of the order, or undefined when it carries none. */
  methodCode: string | undefined;
  /** Present for orders put through `intake` (listed in their full shape). */
  listing?: SimulatedListing;
}

/** A refusal in Walmart's terms (status, code, message, field). */
export type WalmartRefusal = (status: number, code: string, message: string, field?: string) => never;

/** What the intake needs of the simulator it belongs to. */
export interface WalmartIntakeContext {
  /** The simulator's base URL. */
  baseURL: string;
  /** The orders the simulator holds, by purchase order id (shared with the push side). */
  orders: Map<string, SimulatedWalmartOrder>;
  /** The simulator's clock, ms since epoch. */
  now: () => number;
  /** Serves one call: records it, applies faults and throttles, checks the common headers. */
  serve(operation: string, request: Request, perform: () => Response | Promise<Response>): Promise<Response>;
  /** Throws a 401 refusal unless the request carries a valid access token. */
  requireToken(request: Request): void;
  /** Throws a refusal answered in the simulator's error shape. */
  refuse: WalmartRefusal;
  /** The order as `GET /v3/orders/{purchaseOrderId}` answers it (`{ order }`). */
  orderJson(order: SimulatedWalmartOrder): { order: Record<string, unknown> };
  /** What a `PRODUCT` charge holds: the unit price (default) or the line total. */
  productCharge: 'unit-price' | 'line-total';
  /** An empty listing as `{list}` with no order (default) or the historic 404 "No Orders found". */
  emptyListing: 'empty-list' | 'not-found';
}

/** The intake side of the simulator: its handlers, its control surface and its reset. */
export interface WalmartSimulatorIntake {
  /** `GET /v3/orders/released`, `GET /v3/orders` and `POST /v3/orders/{purchaseOrderId}/acknowledge`. */
  handlers: RequestHandler[];
  /** The `SimulatedOrderIntake` control surface. */
  intake: SimulatedOrderIntake;
  /** Rebuilds a listed order as it was put, keeping the buyer's open cancel requests (the simulator's `reset`). */
  rebuild(order: SimulatedWalmartOrder): SimulatedWalmartOrder;
  /** Forgets acknowledgements, issued cursors and pending repeats. */
  reset(): void;
}

const dayMs = 86_400_000;
/** Walmart lists orders created in the last 180 days only (spec description of getAllReleasedOrders). */
const listableDays = 180;
const maxLimit = 200;
const defaultLimit = 100;
const partnerId = '100009';
const sellerId = '8';

/** Alpha-3 of the two-letter codes the simulator writes (Walmart's examples write `USA`). */
const alpha3: Readonly<Record<string, string>> = { US: 'USA', PR: 'PRI', GU: 'GUM', VI: 'VIR', CA: 'CAN', MX: 'MEX' };

/** `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss[.SSS]Z` (spec: "Use either UTC or ISO 8601 formats"). */
const walmartDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)?$/;

function amountOf(minorUnits: number, currency: string): number {
  return Number(formatMinorUnits(minorUnits, currency));
}

/**
 * The order in the spec's shape (`list.elements.order[]`, `GET /v3/orders/{purchaseOrderId}`),
 * with every field the adapter maps, times in epoch milliseconds, amounts as JSON numbers.
 *
 * @param order - the held order (with its listing).
 * @param productCharge - what a `PRODUCT` charge holds.
 */
export function walmartOrderDocument(
  order: SimulatedWalmartOrder,
  productCharge: 'unit-price' | 'line-total',
): Record<string, unknown> {
  const { source } = order;
  const listing = order.listing;
  const statusDate = listing?.statusDate ?? order.orderDate;
  const address = source.shipTo;
  const sourceLines = new Map(source.lines.map((line) => [line.lineId, line]));
  let shippingLeft = source.shippingPaid ?? 0;
  return {
    purchaseOrderId: order.purchaseOrderId,
    customerOrderId: order.customerOrderId,
    customerEmailId: source.buyer.email ?? `${order.customerOrderId}@relay.walmart.com`,
    orderDate: order.orderDate,
    shippingInfo: {
      phone: address.phone ?? source.buyer.phone ?? '2085550100',
      estimatedDeliveryDate: (listing?.createdAt ?? order.orderDate) + 5 * dayMs,
      estimatedShipDate: source.shipBy
        ? Date.parse(source.shipBy)
        : (listing?.createdAt ?? order.orderDate) + 2 * dayMs,
      ...(order.methodCode === undefined ? {} : { methodCode: order.methodCode }),
      postalAddress: {
        ...(listing?.unmappable ? {} : { name: address.name }),
        address1: address.address1,
        ...(address.address2 ? { address2: address.address2 } : {}),
        city: address.city,
        state: address.region,
        postalCode: address.postalCode,
        country: alpha3[address.country] ?? address.country,
        addressType: 'RESIDENTIAL',
      },
    },
    orderLines: {
      orderLine: [...order.lines].map(([lineNumber, line]) => {
        const sourceLine = sourceLines.get(lineNumber);
        const unitPrice = sourceLine?.unitPrice ?? 0;
        const product = productCharge === 'line-total' ? unitPrice * line.ordered : unitPrice;
        const shipping = shippingLeft;
        shippingLeft = 0;
        return {
          lineNumber,
          item: { productName: sourceLine?.title ?? `Item ${line.sku}`, sku: line.sku },
          charges: {
            charge: [
              {
                chargeType: 'PRODUCT',
                chargeName: 'ItemPrice',
                chargeAmount: { currency: source.currency, amount: amountOf(product, source.currency) },
                tax: { taxName: 'Tax1', taxAmount: { currency: source.currency, amount: 0 } },
              },
              ...(shipping > 0
                ? [
                    {
                      chargeType: 'SHIPPING',
                      chargeName: 'Shipping',
                      chargeAmount: { currency: source.currency, amount: amountOf(shipping, source.currency) },
                    },
                  ]
                : []),
            ],
          },
          orderLineQuantity: { unitOfMeasurement: 'EACH', amount: String(line.ordered) },
          statusDate,
          orderLineStatuses: {
            orderLineStatus: line.statuses
              .filter((status) => status.quantity > 0)
              .map((status) => ({
                status: status.status,
                statusQuantity: { unitOfMeasurement: 'EACH', amount: String(status.quantity) },
                ...(status.status === 'Cancelled'
                  ? { cancellationReason: status.cancellationReason ?? 'CUSTOMER_REQUESTED_SELLER_TO_CANCEL' }
                  : {}),
                ...(status.trackingInfo ? { trackingInfo: status.trackingInfo } : {}),
              })),
          },
          ...(line.intentToCancel ? { intentToCancel: 'Y' } : {}),
          fulfillment: { fulfillmentOption: 'S2H', shipMethod: 'STANDARD' },
        };
      }),
    },
    shipNode: { type: 'SellerFulfilled' },
  };
}

/**
 * The line statuses Walmart would show for an order put with `status`, in its own terms:
 * `ready` → `Created` (released, not yet acknowledged); `cancel-requested` → `Created` with
 * `intentToCancel`; `cancelled` → `Cancelled`; `shipped` → `Shipped`; `not-ready` → partly
 * shipped (Walmart releases only orders ready to ship, so the one state of a listed order that
 * is not to be placed whole is one whose lines are partly gone): the first unit `Shipped`, the
 * rest `Created`.
 */
function lineStatusesFor(order: SalesOrder, status: MarketplaceOrderStatus): Map<string, SimulatedLineStatus[]> {
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (status === 'not-ready' && units < 2) {
    throw new Error('the Walmart simulator writes a not-ready order as partly shipped, which needs at least two units');
  }
  let shippedOne = false;
  return new Map(
    order.lines.map((line): [string, SimulatedLineStatus[]] => {
      switch (status) {
        case 'cancelled':
          return [line.lineId, [{ status: 'Cancelled', quantity: line.quantity }]];
        case 'shipped':
          return [line.lineId, [{ status: 'Shipped', quantity: line.quantity }]];
        case 'not-ready': {
          if (shippedOne) return [line.lineId, [{ status: 'Created', quantity: line.quantity }]];
          shippedOne = true;
          return [
            line.lineId,
            [
              { status: 'Shipped', quantity: 1 },
              { status: 'Created', quantity: line.quantity - 1 },
            ],
          ];
        }
        default:
          return [line.lineId, [{ status: 'Created', quantity: line.quantity }]];
      }
    }),
  );
}

/** Builds the held order for `putOrder` / `putUnmappableOrder`. */
function buildListedOrder(order: SalesOrder, listing: SimulatedListing): SimulatedWalmartOrder {
  const statuses = lineStatusesFor(order, listing.status);
  return {
    purchaseOrderId: order.marketplaceOrderId,
    customerOrderId: `C${order.marketplaceOrderId}`,
    orderDate: Date.parse(order.orderedAt),
    lines: new Map(
      order.lines.map((line) => [
        line.lineId,
        {
          sku: line.sku,
          ordered: line.quantity,
          statuses: statuses.get(line.lineId) ?? [],
          ...(listing.status === 'cancel-requested' ? { intentToCancel: true } : {}),
        },
      ]),
    ),
    source: structuredClone(order),
    initialStatus: 'Created',
    methodCode: order.serviceLevel ?? 'Standard',
    listing,
  };
}

/** Whether any line still has units in `status`. */
function hasStatus(order: SimulatedWalmartOrder, status: SimulatedLineStatus['status']): boolean {
  return [...order.lines.values()].some((line) =>
    line.statuses.some((entry) => entry.status === status && entry.quantity > 0),
  );
}

/**
 * Creates the order-intake side of the Walmart simulator, on the spec's shapes
 * (api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml):
 *
 * - `GET /v3/orders/released` lists orders with a line in `Created`; `GET /v3/orders` lists every
 *   order (and `status` filters by line status). Both filter on the purchase order's creation
 *   time (`createdStartDate`, default now − 7 days; `createdEndDate`, default now; orders older
 *   than 180 days refused), `shipNodeType` (`SellerFulfilled` default), `limit` (default 100, at
 *   most 200, else 400 `INVALID_REQUEST_PARAM`), and page by `list.meta.nextCursor`: a query
 *   string (`?limit=…&hasMoreElements=true&soIndex=…&poIndex=…&…`, raw `:` in the dates) that
 *   must come back byte for byte and alone (else 400). Paging is by offset (`poIndex`) over the
 *   live list, as the cursor suggests (modelled): an order acknowledged between two pages of
 *   `released` leaves the list and shifts the offset.
 * - `POST /v3/orders/{purchaseOrderId}/acknowledge` moves `Created` lines to `Acknowledged` and
 *   answers the order; acknowledging again is allowed; an order with a shipped line or all lines
 *   cancelled is refused (400) (https://developer.walmart.com/us-marketplace/docs/acknowledge-a-created-order).
 *
 * Faults: operations `list-orders` (both listings) and `acknowledge-orders`.
 *
 * @param context - the simulator's state and helpers.
 */
export function createWalmartSimulatorIntake(context: WalmartIntakeContext): WalmartSimulatorIntake {
  const { orders, now, refuse } = context;
  const issuedCursors = new Set<string>();
  const acknowledged: string[] = [];
  let listCalls = 0;
  let repeatsLeft = 0;

  function put(order: SalesOrder, options: SimulatedListingOptions | undefined, unmappable: boolean): void {
    const changedAt = options?.updatedAt === undefined ? now() : Date.parse(options.updatedAt);
    if (!Number.isFinite(changedAt)) throw new Error(`updatedAt "${String(options?.updatedAt)}" is not an ISO time`);
    const existing = orders.get(order.marketplaceOrderId)?.listing;
    const listing: SimulatedListing = {
      createdAt: existing?.createdAt ?? changedAt,
      statusDate: changedAt,
      status: options?.status ?? 'ready',
      unmappable,
    };
    orders.set(order.marketplaceOrderId, buildListedOrder(order, listing));
  }

  function parseDate(value: string | null, name: string, fallback: number): number {
    if (value === null) return fallback;
    const time = walmartDate.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(time))
      refuse(400, 'INVALID_REQUEST_PARAM', `${name} must be yyyy-MM-dd or yyyy-MM-ddTHH:mm:ssZ`, name);
    return time;
  }

  function list(request: Request, released: boolean): Response {
    context.requireToken(request);
    const url = new URL(request.url);
    const query = url.searchParams;
    const path = released ? '/v3/orders/released' : '/v3/orders';
    const cursorRequest = query.has('hasMoreElements') || query.has('poIndex') || query.has('soIndex');
    if (cursorRequest && !issuedCursors.has(`${path}${url.search}`)) {
      refuse(
        400,
        'INVALID_REQUEST_PARAM',
        'nextCursor must be sent as returned, with no other parameter',
        'nextCursor',
      );
    }
    const limitText = query.get('limit') ?? String(defaultLimit);
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= maxLimit)) {
      refuse(400, 'INVALID_REQUEST_PARAM', `limit cannot be larger than ${maxLimit}`, 'limit');
    }
    const current = now();
    const startText = query.get('createdStartDate');
    const endText = query.get('createdEndDate');
    const start = parseDate(startText, 'createdStartDate', current - 7 * dayMs);
    const end = parseDate(endText, 'createdEndDate', current);
    if (start < current - listableDays * dayMs) {
      refuse(
        400,
        'INVALID_REQUEST_PARAM',
        `Only orders created in last ${listableDays} days can be fetched`,
        'createdStartDate',
      );
    }
    const shipNodeType = query.get('shipNodeType') ?? 'SellerFulfilled';
    if (!['SellerFulfilled', 'WFSFulfilled', '3PLFulfilled'].includes(shipNodeType)) {
      refuse(
        400,
        'INVALID_REQUEST_PARAM',
        'shipNodeType must be SellerFulfilled, WFSFulfilled or 3PLFulfilled',
        'shipNodeType',
      );
    }
    const status = released ? null : query.get('status');
    if (status !== null && !['Created', 'Acknowledged', 'Shipped', 'Delivered', 'Cancelled'].includes(status)) {
      refuse(
        400,
        'INVALID_REQUEST_PARAM',
        'status must be Created, Acknowledged, Shipped, Delivered or Cancelled',
        'status',
      );
    }
    // Every simulated order is seller-fulfilled: WFS and 3PL listings are empty.
    const candidates = shipNodeType === 'SellerFulfilled' ? [...orders.values()] : [];
    const matching = candidates
      .filter((order): order is SimulatedWalmartOrder & { listing: SimulatedListing } => order.listing !== undefined)
      .filter((order) => order.listing.createdAt >= start && order.listing.createdAt < end)
      .filter((order) =>
        released
          ? hasStatus(order, 'Created')
          : status === null || hasStatus(order, status as SimulatedLineStatus['status']),
      )
      .sort(
        (left, right) =>
          left.listing.createdAt - right.listing.createdAt || left.purchaseOrderId.localeCompare(right.purchaseOrderId),
      );
    const position = cursorRequest ? Number(query.get('poIndex') ?? '0') : 0;
    // Offset paging over data that changes repeats the last order of the page before. A page of
    // one order cannot repeat one and still move on (its next cursor would be its own), so pages
    // of `limit=1` keep the repeat for the next page of two or more.
    const repeat = position > 0 && repeatsLeft > 0 && limit > 1;
    if (repeat) repeatsLeft -= 1;
    const offset = repeat ? position - 1 : position;
    const page = matching.slice(offset, offset + limit);
    if (matching.length === 0 && context.emptyListing === 'not-found') {
      return HttpResponse.json(
        {
          errors: {
            error: [
              {
                code: 'CONTENT_NOT_FOUND.GMP_ORDER_API',
                field: 'data',
                description: 'No Orders found',
                info: 'Requested content could not be found.',
                severity: 'WARN',
                category: 'APPLICATION',
                causes: [],
              },
            ],
          },
        },
        { status: 404 },
      );
    }
    const next = offset + page.length;
    let nextCursor: string | undefined;
    if (next < matching.length) {
      // Dates written raw (`:` unescaped), as in the spec's example: a client that re-encodes the cursor changes it.
      nextCursor =
        `?limit=${limit}&hasMoreElements=true&soIndex=${matching.length}&poIndex=${next}&partnerId=${partnerId}&sellerId=${sellerId}` +
        `&createdStartDate=${new Date(start).toISOString()}&createdEndDate=${new Date(end).toISOString()}&shipNodeType=${shipNodeType}` +
        (status === null ? '' : `&status=${status}`);
      issuedCursors.add(`${path}${nextCursor}`);
    }
    return HttpResponse.json({
      list: {
        meta: { totalCount: matching.length, limit, ...(nextCursor ? { nextCursor } : {}) },
        elements: { order: page.map((order) => context.orderJson(order).order) },
      },
    });
  }

  function acknowledge(request: Request, purchaseOrderId: string): Response {
    context.requireToken(request);
    const order = orders.get(purchaseOrderId);
    if (!order) return refuse(404, 'CONTENT_NOT_FOUND', `PO ${purchaseOrderId} not found`);
    const shipped = hasStatus(order, 'Shipped');
    const open = hasStatus(order, 'Created') || hasStatus(order, 'Acknowledged');
    if (shipped || !open) {
      refuse(
        400,
        'INVALID_REQUEST_CONTENT',
        `PO ${purchaseOrderId} cannot be acknowledged: its lines are ${shipped ? 'shipped' : 'cancelled'}`,
        'purchaseOrderId',
      );
    }
    for (const line of order.lines.values()) {
      for (const status of line.statuses) if (status.status === 'Created') status.status = 'Acknowledged';
    }
    if (order.listing) order.listing.statusDate = now();
    acknowledged.push(purchaseOrderId);
    return HttpResponse.json(context.orderJson(order));
  }

  const serveList = (request: Request, released: boolean) => {
    // Counted as served, faulted or not (a 429 is a call too).
    listCalls += 1;
    return context.serve(standardOperations.listOrders, request, () => list(request, released));
  };

  return {
    handlers: [
      http.get(`${context.baseURL}/v3/orders/released`, ({ request }) => serveList(request, true)),
      http.get(`${context.baseURL}/v3/orders`, ({ request }) => serveList(request, false)),
      http.post(`${context.baseURL}/v3/orders/:purchaseOrderId/acknowledge`, ({ request, params }) =>
        context.serve(standardOperations.acknowledgeOrders, request, () =>
          acknowledge(request, String(params.purchaseOrderId)),
        ),
      ),
    ],
    intake: {
      putOrder(order, options) {
        put(order, options, false);
      },
      putUnmappableOrder(order, options) {
        put(order, options, true);
      },
      repeatOnNextPages(times = 1) {
        repeatsLeft += times;
      },
      acknowledged() {
        return [...acknowledged];
      },
      listCallCount() {
        return listCalls;
      },
    },
    rebuild(order) {
      if (!order.listing) return order;
      const rebuilt = buildListedOrder(order.source, { ...order.listing });
      // A buyer's open cancel request stays (it is the marketplace's state, not a counter).
      for (const [lineId, line] of order.lines) {
        const again = rebuilt.lines.get(lineId);
        if (again && line.intentToCancel) again.intentToCancel = true;
      }
      return rebuilt;
    },
    reset() {
      issuedCursors.clear();
      acknowledged.length = 0;
      listCalls = 0;
      repeatsLeft = 0;
    },
  };
}
