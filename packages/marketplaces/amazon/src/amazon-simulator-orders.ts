import { createHash, randomBytes } from 'node:crypto';
import { formatMinorUnits, type MarketplaceOrderStatus, type SalesOrder } from '@dropship/core';
import {
  type CallRecorder,
  type EchoedRequest,
  echoRequest,
  type FaultInjector,
  type SimulatedListingOptions,
  type SimulatedOrderIntake,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS,
  AMAZON_MAX_ORDERS_PER_PAGE,
  type AmazonOrder,
  type AmazonOrderItem,
} from './amazon-order-schemas.js';

/** Operation names of the Amazon simulator's order listing (for faults, `requestTimes` and `callCount`). */
export const amazonIntakeOperations = {
  /** `GET /orders/v0/orders` (getOrders); a fault on `list-orders` also hits `getOrderItems`. */
  listOrders: 'list-orders',
  /** `GET /orders/v0/orders/{orderId}/orderItems` (getOrderItems), one call per order and page of items. */
  listOrderItems: 'list-order-items',
  /** `POST /tokens/2021-03-01/restrictedDataToken` (createRestrictedDataToken). */
  restrictedDataToken: 'restricted-data-token',
} as const;

/** A token bucket the simulator enforces on one operation (429 `QuotaExceeded` beyond it). */
export interface SimulatedQuota {
  requests: number;
  intervalMs: number;
  burst: number;
  /** Slack for the jitter between a client letting a request go and its arrival. Default 250 ms. */
  toleranceMs?: number;
}

/** The server side of a {@link SimulatedQuota}: says whether one more request fits. */
export interface SimulatedQuotaGate {
  /** True when the request is within the quota (and counts it), false for a 429. */
  allow(): boolean;
}

/** What the intake side shares with the rest of the Amazon simulator. */
export interface AmazonIntakeContext {
  baseURL: string;
  /** The `MarketplaceId` of the orders put. */
  marketplaceId: string;
  faults: FaultInjector;
  calls: CallRecorder;
  /** The simulator's clock, ms since epoch. */
  now: () => number;
  /** True for a live LWA access token the simulator issued. */
  isAccessToken: (token: string) => boolean;
  /** Makes the order one tracking can be pushed to (keeping packages already confirmed). */
  onPut: (order: SalesOrder) => void;
  /** The SP-API error body, the request echoed. */
  error: (echo: EchoedRequest, status: number, code: string, message: string, details?: string) => Response;
  /** Creates the quota of an operation, or undefined for none. */
  quota: (operation: keyof typeof amazonIntakeOperations) => SimulatedQuotaGate | undefined;
  /** Counts a 429 `QuotaExceeded`. */
  onQuotaRejection: () => void;
  /** Items per `getOrderItems` page. */
  orderItemsPageSize: number;
  /** `expiresIn` of the Restricted Data Tokens, in seconds. */
  restrictedDataTokenLifetimeSeconds: number;
}

/** The intake side of the Amazon simulator: handlers, the `SimulatedOrderIntake` surface, and controls. */
export interface AmazonSimulatedIntake extends SimulatedOrderIntake {
  readonly handlers: RequestHandler[];
  /** The order as Amazon holds it (every field, restricted ones included), or undefined. */
  wireOrder(orderId: string): { order: AmazonOrder; items: AmazonOrderItem[] } | undefined;
  /** Refuses (true) or issues (false, the default) Restricted Data Tokens. */
  refuseRestrictedDataTokens(refuse: boolean): void;
  /** The query strings of the `getOrders` calls served, oldest first. */
  listQueries(): URLSearchParams[];
  /** Records confirmed quantities per order item: the order becomes `PartiallyShipped` or `Shipped`. */
  recordShipment(orderId: string, shippedByItem: ReadonlyMap<string, number>): void;
  /** Makes every Restricted Data Token issued so far invalid. */
  expireRestrictedDataTokens(): void;
  /** Forgets recorded queries and pending repeats, and refills the quotas (the orders stay). */
  resetCalls(): void;
  /** Forgets listed orders, tokens, repeats and recorded queries. */
  clear(): void;
}

interface ListedAmazonOrder {
  order: AmazonOrder & Record<string, unknown>;
  items: (AmazonOrderItem & Record<string, unknown>)[];
  unmappable: boolean;
}

interface IssuedRestrictedDataToken {
  expiresAt: number;
  resources: { method: string; path: string; dataElements: string[] }[];
}

const orderStatusOf: Record<MarketplaceOrderStatus, string> = {
  ready: 'Unshipped',
  'not-ready': 'Pending',
  'cancel-requested': 'Unshipped',
  cancelled: 'Canceled',
  shipped: 'Shipped',
};

const knownOrderStatuses = [
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
];

/** `ShippingAddress` is given for these statuses only (https://developer-docs.amazon.com/sp-api/reference/getorders). */
const statusesWithAddress = ['Unshipped', 'PartiallyShipped', 'Shipped', 'InvoiceUnconfirmed'];

/** The restricted fields of `ShippingAddress` (returned only with an RDT for `shippingAddress`). */
const restrictedAddressFields = ['Name', 'AddressLine1', 'AddressLine2', 'AddressLine3', 'Phone', 'AddressType'];

/**
 * Paging tokens: opaque to the client, an offset to the simulator. They hold `+`, `/` and `=` (as
 * Amazon's base64 tokens do), so a client that does not URL-encode them sends a token that does
 * not decode (400 `InvalidInput`, as reported in amzn/selling-partner-api-models issue #2382).
 */
function encodeToken(kind: string, offset: number): string {
  return `${kind}+/${Buffer.from(`offset:${offset}`, 'utf8').toString('base64')}`;
}

function decodeToken(kind: string, token: string): number | undefined {
  if (!token.startsWith(`${kind}+/`)) return undefined;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token.slice(kind.length + 2), 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

function asin(sku: string): string {
  return `B0${createHash('sha256').update(sku).digest('hex').slice(0, 8).toUpperCase()}`;
}

function toWire(
  source: SalesOrder,
  options: SimulatedListingOptions,
  now: number,
  unmappable: boolean,
  marketplaceId: string,
): ListedAmazonOrder {
  const status = options.status ?? 'ready';
  const orderStatus = orderStatusOf[status];
  const money = (amount: number) => ({
    CurrencyCode: source.currency,
    Amount: formatMinorUnits(amount, source.currency),
  });
  const priced = orderStatus !== 'Pending' && orderStatus !== 'Canceled';
  const shippingPaid = source.shippingPaid ?? 0;
  const total = source.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, shippingPaid);
  const { shipTo } = source;
  const order: ListedAmazonOrder['order'] = {
    AmazonOrderId: source.marketplaceOrderId,
    PurchaseDate: source.orderedAt,
    LastUpdateDate: options.updatedAt ?? new Date(now).toISOString(),
    OrderStatus: orderStatus,
    FulfillmentChannel: 'MFN',
    SalesChannel: 'Amazon.com',
    MarketplaceId: marketplaceId,
    ...(source.serviceLevel ? { ShipServiceLevel: source.serviceLevel } : {}),
    ShipmentServiceLevelCategory: 'Standard',
    ...(priced ? { OrderTotal: money(total) } : {}),
    NumberOfItemsShipped: status === 'shipped' ? source.lines.reduce((sum, line) => sum + line.quantity, 0) : 0,
    NumberOfItemsUnshipped: status === 'shipped' ? 0 : source.lines.reduce((sum, line) => sum + line.quantity, 0),
    OrderType: 'StandardOrder',
    EarliestShipDate: source.orderedAt,
    ...(source.shipBy ? { LatestShipDate: source.shipBy } : {}),
    IsBusinessOrder: false,
    IsPrime: false,
    ...(statusesWithAddress.includes(orderStatus)
      ? {
          ShippingAddress: {
            // An order the adapter cannot map: its restricted fields withheld whatever the token.
            ...(unmappable ? {} : { Name: shipTo.name, AddressLine1: shipTo.address1 }),
            ...(shipTo.company ? { CompanyName: shipTo.company } : {}),
            ...(shipTo.address2 && !unmappable ? { AddressLine2: shipTo.address2 } : {}),
            ...(shipTo.address3 && !unmappable ? { AddressLine3: shipTo.address3 } : {}),
            City: shipTo.city,
            StateOrRegion: shipTo.region,
            PostalCode: shipTo.postalCode,
            CountryCode: shipTo.country,
            ...(shipTo.phone && !unmappable ? { Phone: shipTo.phone } : {}),
            ...(unmappable ? {} : { AddressType: 'Residential' }),
          },
        }
      : {}),
    BuyerInfo: {
      BuyerName: source.buyer.name,
      ...(source.buyer.email ? { BuyerEmail: source.buyer.email } : {}),
    },
  };
  const items = source.lines.map((line, index) => ({
    ASIN: asin(line.sku),
    OrderItemId: line.lineId,
    SellerSKU: line.sku,
    ...(line.title ? { Title: line.title } : {}),
    QuantityOrdered: line.quantity,
    QuantityShipped: status === 'shipped' ? line.quantity : 0,
    ...(priced
      ? {
          ItemPrice: money(line.unitPrice * line.quantity),
          ItemTax: money(0),
          ShippingPrice: money(index === 0 ? shippingPaid : 0),
          PromotionDiscount: money(0),
          IsGift: 'false',
        }
      : {}),
    BuyerRequestedCancel:
      status === 'cancel-requested'
        ? { IsBuyerRequestedCancel: 'true', BuyerCancelReason: 'Order placed by mistake' }
        : { IsBuyerRequestedCancel: 'false', BuyerCancelReason: '' },
  }));
  return { order, items, unmappable };
}

/** The order as served: restricted fields only for the data elements the token grants. */
function served(listed: ListedAmazonOrder, dataElements: ReadonlySet<string>): Record<string, unknown> {
  const { ShippingAddress, BuyerInfo, ...rest } = listed.order;
  const address =
    ShippingAddress === undefined || dataElements.has('shippingAddress')
      ? ShippingAddress
      : Object.fromEntries(Object.entries(ShippingAddress).filter(([key]) => !restrictedAddressFields.includes(key)));
  return {
    ...rest,
    ...(address ? { ShippingAddress: address } : {}),
    ...(dataElements.has('buyerInfo') && BuyerInfo ? { BuyerInfo } : {}),
  };
}

function parseDate(value: string | null): number | undefined {
  if (value === null) return undefined;
  const time = Date.parse(value);
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(time) ? time : Number.NaN;
}

/**
 * Creates the order-listing side of the Amazon simulator, as SP-API Orders v0 and the Tokens API
 * document it (https://developer-docs.amazon.com/sp-api/reference/getorders,
 * https://developer-docs.amazon.com/sp-api/reference/getorderitems,
 * https://developer-docs.amazon.com/sp-api/reference/createrestricteddatatoken):
 * - `getOrders`: `MarketplaceIds` required (comma-separated, at most 50); exactly one of
 *   `CreatedAfter` / `LastUpdatedAfter`; `LastUpdatedBefore` not before `LastUpdatedAfter` and at
 *   least two minutes before now; `MaxResultsPerPage` 1 to 100 (default 100); `FulfillmentChannels`
 *   and `OrderStatuses` filters; `NextToken` pages while the filters are sent again with it (the
 *   filters sent are the ones applied). Both window bounds include the instant ("after (or at)",
 *   "before (or at)"). Restricted fields (`ShippingAddress.Name`, `AddressLine1..3`, `Phone`,
 *   `AddressType`, `BuyerInfo`) only with a Restricted Data Token for `GET /orders/v0/orders` with
 *   those data elements.
 * - `getOrderItems`: the LWA access token (not an RDT), 404 for an unknown order, items paged by
 *   `NextToken`; no pricing while the order is `Pending`.
 * - `createRestrictedDataToken`: `restrictedResources` (1 to 50) with `method`, `path` and
 *   `dataElements`; `{ restrictedDataToken, expiresIn }`.
 *
 * Modelled rather than documented: the order of the listing (oldest change first), the error
 * `details` texts, items per `getOrderItems` page, the RDT lifetime, the 403 for a refused RDT,
 * and that a buyer's cancellation request put with the order is set on every item
 * (`requestCancellation` sets it on the items named, whole items: Amazon flags items, not units).
 * There is no `cancelOrder`: put the order again with status `cancelled` (`OrderStatus`
 * `Canceled`); how Orders v0 shows a partly cancelled order is not documented.
 *
 * @param context - what it shares with the simulator (faults, clock, tokens, quotas).
 */
export function createAmazonSimulatedIntake(context: AmazonIntakeContext): AmazonSimulatedIntake {
  const { baseURL, faults, calls, error } = context;
  const listed = new Map<string, ListedAmazonOrder>();
  let restrictedTokens = new Map<string, IssuedRestrictedDataToken>();
  let queries: URLSearchParams[] = [];
  let repeats = 0;
  let refuseTokens = false;
  const newQuotas = () => ({
    listOrders: context.quota('listOrders'),
    listOrderItems: context.quota('listOrderItems'),
    restrictedDataToken: context.quota('restrictedDataToken'),
  });
  let quotas = newQuotas();
  const invalid = (echo: EchoedRequest, details: string) => error(echo, 400, 'InvalidInput', 'Invalid Input', details);
  const overQuota = (echo: EchoedRequest, quota: SimulatedQuotaGate | undefined): Response | undefined => {
    if (!quota || quota.allow()) return undefined;
    context.onQuotaRejection();
    return error(echo, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
  };
  const denied = (echo: EchoedRequest, details = 'The access token you provided is revoked, malformed or invalid.') =>
    error(echo, 403, 'Unauthorized', 'Access to requested resource is denied.', details);

  function getOrders(echo: EchoedRequest, request: Request): Response {
    const token = request.headers.get('x-amz-access-token') ?? '';
    const restricted = restrictedTokens.get(token);
    const live = restricted !== undefined && Date.now() < restricted.expiresAt;
    if (!live && !context.isAccessToken(token)) return denied(echo);
    const grant = live
      ? restricted.resources.find((resource) => resource.method === 'GET' && resource.path === '/orders/v0/orders')
      : undefined;
    if (live && !grant) return denied(echo, 'The Restricted Data Token does not grant GET /orders/v0/orders.');
    const limited = overQuota(echo, quotas.listOrders);
    if (limited) return limited;

    const query = new URL(request.url).searchParams;
    queries.push(query);
    const marketplaceIds = (query.get('MarketplaceIds') ?? '').split(',').filter((id) => id.length > 0);
    if (marketplaceIds.length === 0) return invalid(echo, 'MarketplaceIds is required');
    if (marketplaceIds.length > 50) return invalid(echo, 'MarketplaceIds takes at most 50 values');
    const createdAfter = parseDate(query.get('CreatedAfter'));
    const updatedAfter = parseDate(query.get('LastUpdatedAfter'));
    const updatedBefore = parseDate(query.get('LastUpdatedBefore'));
    if ((createdAfter === undefined) === (updatedAfter === undefined))
      return invalid(echo, 'Exactly one of CreatedAfter and LastUpdatedAfter is required');
    if (createdAfter !== undefined && updatedBefore !== undefined)
      return invalid(echo, 'LastUpdatedBefore cannot be set when CreatedAfter is set');
    for (const [name, value] of [
      ['CreatedAfter', createdAfter],
      ['LastUpdatedAfter', updatedAfter],
      ['LastUpdatedBefore', updatedBefore],
    ] as const) {
      if (Number.isNaN(value)) return invalid(echo, `${name} must be an ISO 8601 date-time`);
    }
    const latest = context.now() - AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS;
    if (updatedBefore !== undefined && updatedAfter !== undefined && updatedBefore < updatedAfter)
      return invalid(echo, 'LastUpdatedBefore must be equal to or after LastUpdatedAfter');
    if (updatedBefore !== undefined && updatedBefore > latest)
      return invalid(echo, 'LastUpdatedBefore must be at least two minutes before the current time');
    const limitText = query.get('MaxResultsPerPage') ?? String(AMAZON_MAX_ORDERS_PER_PAGE);
    const limit = Number(limitText);
    if (!(/^\d+$/.test(limitText) && limit >= 1 && limit <= AMAZON_MAX_ORDERS_PER_PAGE))
      return invalid(echo, `MaxResultsPerPage must be from 1 to ${AMAZON_MAX_ORDERS_PER_PAGE}`);
    const channels = query.get('FulfillmentChannels')?.split(',');
    if (channels?.some((channel) => channel !== 'MFN' && channel !== 'AFN'))
      return invalid(echo, 'FulfillmentChannels takes MFN and AFN');
    const statuses = query.get('OrderStatuses')?.split(',');
    if (statuses?.some((status) => !knownOrderStatuses.includes(status)))
      return invalid(echo, 'OrderStatuses holds an unknown status');
    const nextToken = query.get('NextToken');
    const offset = nextToken === null ? 0 : decodeToken('orders', nextToken);
    if (offset === undefined) return invalid(echo, 'We could not decode your NextToken.');

    const to = updatedBefore ?? latest;
    const window = [...listed.values()]
      .filter(({ order }) => {
        if (!marketplaceIds.includes(order.MarketplaceId ?? '')) return false;
        if (channels && !channels.includes(order.FulfillmentChannel ?? '')) return false;
        if (statuses && !statuses.includes(order.OrderStatus)) return false;
        if (createdAfter !== undefined) return Date.parse(order.PurchaseDate) >= createdAfter;
        const updated = Date.parse(order.LastUpdateDate);
        return updated >= (updatedAfter ?? 0) && updated <= to;
      })
      .sort(
        (left, right) =>
          Date.parse(left.order.LastUpdateDate) - Date.parse(right.order.LastUpdateDate) ||
          left.order.AmazonOrderId.localeCompare(right.order.AmazonOrderId),
      );
    // A page after the first starts one order early while repeats are pending: the last order of
    // the page before comes again (an order changing mid-scan does this). A page of one order
    // cannot repeat one and move on (its NextToken would be its own): the repeat waits for a page
    // of two or more.
    const repeat = offset > 0 && repeats > 0 && limit > 1;
    if (repeat) repeats -= 1;
    const start = repeat ? offset - 1 : offset;
    const page = window.slice(start, start + limit);
    const next = start + limit;
    const dataElements = new Set(grant?.dataElements ?? []);
    return HttpResponse.json(
      {
        payload: {
          Orders: page.map((entry) => served(entry, dataElements)),
          ...(next < window.length ? { NextToken: encodeToken('orders', next) } : {}),
          ...(createdAfter === undefined ? { LastUpdatedBefore: new Date(to).toISOString() } : {}),
        },
      },
      { headers: { 'x-amzn-RateLimit-Limit': '0.0167', 'x-amzn-RequestId': randomBytes(8).toString('hex') } },
    );
  }

  function getOrderItems(echo: EchoedRequest, request: Request, orderId: string): Response {
    if (!context.isAccessToken(request.headers.get('x-amz-access-token') ?? '')) return denied(echo);
    const limited = overQuota(echo, quotas.listOrderItems);
    if (limited) return limited;
    const entry = listed.get(orderId);
    if (!entry) return error(echo, 404, 'NotFound', 'The requested order was not found.', `orderId ${orderId}`);
    const nextToken = new URL(request.url).searchParams.get('NextToken');
    const offset = nextToken === null ? 0 : decodeToken('items', nextToken);
    if (offset === undefined) return invalid(echo, 'We could not decode your NextToken.');
    const next = offset + context.orderItemsPageSize;
    return HttpResponse.json(
      {
        payload: {
          AmazonOrderId: orderId,
          OrderItems: entry.items.slice(offset, next),
          ...(next < entry.items.length ? { NextToken: encodeToken('items', next) } : {}),
        },
      },
      { headers: { 'x-amzn-RateLimit-Limit': '0.5', 'x-amzn-RequestId': randomBytes(8).toString('hex') } },
    );
  }

  function createRestrictedDataToken(echo: EchoedRequest, request: Request, body: unknown): Response {
    if (!context.isAccessToken(request.headers.get('x-amz-access-token') ?? '')) return denied(echo);
    const limited = overQuota(echo, quotas.restrictedDataToken);
    if (limited) return limited;
    if (refuseTokens) {
      return denied(echo, 'The application is not authorized for one or more of the requested data elements.');
    }
    const resources = (body as { restrictedResources?: unknown } | undefined)?.restrictedResources;
    if (!Array.isArray(resources) || resources.length === 0 || resources.length > 50)
      return invalid(echo, 'restrictedResources must hold 1 to 50 resources');
    const granted: IssuedRestrictedDataToken['resources'] = [];
    for (const resource of resources as unknown[]) {
      const { method, path, dataElements } = (resource ?? {}) as Record<string, unknown>;
      if (typeof method !== 'string' || !['GET', 'PUT', 'POST', 'DELETE'].includes(method))
        return invalid(echo, 'method must be GET, PUT, POST or DELETE');
      if (typeof path !== 'string' || !path.startsWith('/')) return invalid(echo, 'path must be a path');
      const elements = dataElements ?? [];
      if (
        !Array.isArray(elements) ||
        elements.some((element) => !['buyerInfo', 'shippingAddress', 'buyerTaxInformation'].includes(String(element)))
      )
        return invalid(echo, 'dataElements takes buyerInfo, shippingAddress and buyerTaxInformation');
      granted.push({ method, path, dataElements: elements.map(String) });
    }
    const token = `Atz.sprdt|simulated-${randomBytes(12).toString('hex')}`;
    restrictedTokens.set(token, {
      expiresAt: Date.now() + context.restrictedDataTokenLifetimeSeconds * 1000,
      resources: granted,
    });
    return HttpResponse.json(
      { restrictedDataToken: token, expiresIn: context.restrictedDataTokenLifetimeSeconds },
      { headers: { 'x-amzn-RateLimit-Limit': '1.0' } },
    );
  }

  const handlers: RequestHandler[] = [
    http.get(`${baseURL}/orders/v0/orders`, async ({ request }) => {
      calls.record(amazonIntakeOperations.listOrders);
      const echo = await echoRequest(request);
      return faults.serve([amazonIntakeOperations.listOrders, 'get-orders'], () => getOrders(echo, request));
    }),
    http.get(`${baseURL}/orders/v0/orders/:orderId/orderItems`, async ({ request, params }) => {
      calls.record(amazonIntakeOperations.listOrderItems);
      const echo = await echoRequest(request);
      return faults.serve([amazonIntakeOperations.listOrders, amazonIntakeOperations.listOrderItems], () =>
        getOrderItems(echo, request, String(params.orderId)),
      );
    }),
    http.post(`${baseURL}/tokens/2021-03-01/restrictedDataToken`, async ({ request }) => {
      calls.record(amazonIntakeOperations.restrictedDataToken);
      const echo = await echoRequest(request);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = undefined;
      }
      return faults.serve(amazonIntakeOperations.restrictedDataToken, () =>
        createRestrictedDataToken(echo, request, body),
      );
    }),
  ];

  const put = (order: SalesOrder, options: SimulatedListingOptions, unmappable: boolean) => {
    const copy = structuredClone(order);
    listed.set(copy.marketplaceOrderId, toWire(copy, options, context.now(), unmappable, context.marketplaceId));
    context.onPut(copy);
  };

  return {
    handlers,
    putOrder: (order, options = {}) => put(order, options, false),
    putUnmappableOrder: (order, options = {}) => put(order, options, true),
    repeatOnNextPages(times = 1) {
      if (!(Number.isInteger(times) && times > 0))
        throw new TypeError('repeatOnNextPages: times must be a positive integer');
      repeats += times;
    },
    acknowledged: () => [],
    requestCancellation(orderId, options) {
      const entry = listed.get(orderId);
      if (!entry) throw new Error(`the Amazon simulator lists no order ${orderId}`);
      // Amazon flags items (https://developer-docs.amazon.com/sp-api/changelog/changes-to-orders-api-and-reports-api-for-buyer-cancellation-requests):
      // a request names items, not units.
      const named = options?.lines?.map((line) => line.lineId);
      for (const item of entry.items) {
        if (named === undefined || named.includes(item.OrderItemId)) {
          item.BuyerRequestedCancel = { IsBuyerRequestedCancel: 'true', BuyerCancelReason: 'Order placed by mistake' };
        }
      }
      entry.order.LastUpdateDate = new Date(context.now()).toISOString();
    },
    listCallCount: () =>
      calls.count(amazonIntakeOperations.listOrders) + calls.count(amazonIntakeOperations.listOrderItems),
    wireOrder(orderId) {
      const entry = listed.get(orderId);
      return entry ? structuredClone({ order: entry.order, items: entry.items }) : undefined;
    },
    refuseRestrictedDataTokens(refuse) {
      refuseTokens = refuse;
    },
    listQueries: () => queries.map((query) => new URLSearchParams(query)),
    recordShipment(orderId, shippedByItem) {
      const entry = listed.get(orderId);
      if (!entry) return;
      for (const item of entry.items) item.QuantityShipped = shippedByItem.get(item.OrderItemId) ?? 0;
      const shipped = entry.items.reduce((sum, item) => sum + (item.QuantityShipped ?? 0), 0);
      const ordered = entry.items.reduce((sum, item) => sum + item.QuantityOrdered, 0);
      entry.order.OrderStatus =
        shipped === 0 ? entry.order.OrderStatus : shipped < ordered ? 'PartiallyShipped' : 'Shipped';
      entry.order.NumberOfItemsShipped = shipped;
      entry.order.NumberOfItemsUnshipped = ordered - shipped;
      entry.order.LastUpdateDate = new Date(context.now()).toISOString();
    },
    expireRestrictedDataTokens() {
      restrictedTokens = new Map([...restrictedTokens].map(([token, issued]) => [token, { ...issued, expiresAt: 0 }]));
    },
    resetCalls() {
      queries = [];
      repeats = 0;
      quotas = newQuotas();
    },
    clear() {
      listed.clear();
      restrictedTokens = new Map();
      queries = [];
      repeats = 0;
      refuseTokens = false;
    },
  };
}
