import { formatMinorUnits, type MarketplaceOrderStatus, type SalesOrder } from '@dropship/core';
import type { EchoedRequest, SimulatedListingOptions, SimulatedOrderIntake } from '@dropship/testing/simulator';
import { HttpResponse } from 'msw';
import { EBAY_ORDER_PAGE_MAXIMUM, ebayOrderFulfillmentStatusFilters } from './ebay-order-schemas.js';
import { ebayOrderListErrorIds } from './map-ebay-error.js';

/** An amount as eBay writes it. */
export interface SimulatedEbayAmount {
  value: string;
  currency: string;
}

/** A contact as eBay writes it (`ExtendedContact`). */
export interface SimulatedEbayContact {
  fullName?: string;
  companyName?: string;
  email?: string;
  primaryPhone?: { phoneNumber: string };
  contactAddress?: {
    addressLine1?: string;
    addressLine2?: string;
    city?: string;
    stateOrProvince?: string;
    postalCode?: string;
    countryCode?: string;
  };
}

/** A cancel request as `getOrder` shows it (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:CancelRequest). */
export interface SimulatedEbayCancelRequest {
  cancelRequestId: string;
  cancelInitiator: 'Buyer' | 'Seller';
  cancelReason: string;
  cancelRequestedDate: string;
  cancelRequestState: 'REQUESTED' | 'REJECTED' | 'COMPLETED';
  cancelCompletedDate?: string;
}

/**
 * An order as the eBay simulator holds and lists it: the `Order` of `getOrders`, with eBay's
 * field names (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:Order), the fields
 * the simulator writes (a real order has more).
 */
export interface SimulatedEbayOrder {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  orderFulfillmentStatus: 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
  orderPaymentStatus: 'PENDING' | 'PAID' | 'FAILED' | 'PARTIALLY_REFUNDED' | 'FULLY_REFUNDED';
  cancelStatus: {
    cancelState: 'NONE_REQUESTED' | 'IN_PROGRESS' | 'CANCELED';
    cancelledDate?: string;
    cancelRequests: SimulatedEbayCancelRequest[];
  };
  buyer: { username: string; buyerRegistrationAddress?: SimulatedEbayContact };
  pricingSummary: { priceSubtotal: SimulatedEbayAmount; deliveryCost: SimulatedEbayAmount; total: SimulatedEbayAmount };
  totalMarketplaceFee?: SimulatedEbayAmount;
  fulfillmentStartInstructions: {
    fulfillmentInstructionsType: 'SHIP_TO';
    ebaySupportedFulfillment?: boolean;
    finalDestinationAddress?: SimulatedEbayContact['contactAddress'];
    shippingStep: { shippingCarrierCode: string; shippingServiceCode?: string; shipTo: SimulatedEbayContact };
  }[];
  lineItems: {
    lineItemId: string;
    legacyItemId: string;
    sku?: string;
    title?: string;
    quantity: number;
    lineItemCost: SimulatedEbayAmount;
    total: SimulatedEbayAmount;
    lineItemFulfillmentStatus: 'NOT_STARTED' | 'IN_PROGRESS' | 'FULFILLED';
    lineItemFulfillmentInstructions: { shipByDate?: string; guaranteedDelivery: boolean };
    taxes: [];
    appliedPromotions: [];
    refunds: [];
  }[];
  salesRecordReference: string;
}

/**
 * `order` as eBay lists it, with the SDK status written in eBay's terms: `ready` → `PAID`,
 * `not-ready` → `PENDING`, `cancel-requested` → `cancelState` `IN_PROGRESS`, `cancelled` →
 * `CANCELED`, `shipped` → `FULFILLED`. Pure.
 *
 * @param order - the order in the SDK's terms.
 * @param options - modification time, status, and `withoutShipToName` (the ship-to's `fullName`
 *   left out, as eBay does for orders older than 90 days).
 */
export function toSimulatedEbayOrder(
  order: SalesOrder,
  options: { updatedAt: string; status: MarketplaceOrderStatus; withoutShipToName?: boolean },
): SimulatedEbayOrder {
  const money = (amount: number): SimulatedEbayAmount => ({
    value: formatMinorUnits(amount, order.currency),
    currency: order.currency,
  });
  const subtotal = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const shippingPaid = order.shippingPaid ?? 0;
  const fulfillment = options.status === 'shipped' ? 'FULFILLED' : 'NOT_STARTED';
  const { shipTo, buyer } = order;
  return {
    orderId: order.marketplaceOrderId,
    creationDate: new Date(order.orderedAt).toISOString(),
    lastModifiedDate: new Date(options.updatedAt).toISOString(),
    orderFulfillmentStatus: fulfillment,
    orderPaymentStatus: options.status === 'not-ready' ? 'PENDING' : 'PAID',
    cancelStatus: {
      cancelState:
        options.status === 'cancelled'
          ? 'CANCELED'
          : options.status === 'cancel-requested'
            ? 'IN_PROGRESS'
            : 'NONE_REQUESTED',
      cancelRequests: [],
    },
    buyer: {
      username: buyer.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
      buyerRegistrationAddress: {
        fullName: buyer.name,
        ...(buyer.email ? { email: buyer.email } : {}),
        ...(buyer.phone ? { primaryPhone: { phoneNumber: buyer.phone } } : {}),
      },
    },
    pricingSummary: {
      priceSubtotal: money(subtotal),
      deliveryCost: money(shippingPaid),
      total: money(subtotal + shippingPaid),
    },
    ...(order.fees === undefined ? {} : { totalMarketplaceFee: money(order.fees) }),
    fulfillmentStartInstructions: [
      {
        fulfillmentInstructionsType: 'SHIP_TO',
        shippingStep: {
          shippingCarrierCode: 'USPS',
          ...(order.serviceLevel ? { shippingServiceCode: order.serviceLevel } : {}),
          shipTo: {
            ...(options.withoutShipToName ? {} : { fullName: shipTo.name }),
            ...(shipTo.company ? { companyName: shipTo.company } : {}),
            ...(buyer.email ? { email: buyer.email } : {}),
            ...(shipTo.phone ? { primaryPhone: { phoneNumber: shipTo.phone } } : {}),
            contactAddress: {
              addressLine1: shipTo.address1,
              ...(shipTo.address2 || shipTo.address3
                ? { addressLine2: [shipTo.address2, shipTo.address3].filter(Boolean).join(', ') }
                : {}),
              city: shipTo.city,
              stateOrProvince: shipTo.region,
              postalCode: shipTo.postalCode,
              countryCode: shipTo.country,
            },
          },
        },
      },
    ],
    lineItems: order.lines.map((line, index) => ({
      lineItemId: line.lineId,
      legacyItemId: String(110_000_000_000 + index),
      sku: line.sku,
      ...(line.title ? { title: line.title } : {}),
      quantity: line.quantity,
      lineItemCost: money(line.unitPrice * line.quantity),
      total: money(line.unitPrice * line.quantity),
      lineItemFulfillmentStatus: fulfillment,
      lineItemFulfillmentInstructions: {
        ...(order.shipBy ? { shipByDate: order.shipBy } : {}),
        guaranteedDelivery: false,
      },
      taxes: [],
      appliedPromotions: [],
      refunds: [],
    })),
    salesRecordReference: order.marketplaceOrderId.replace(/\D/g, '').slice(-6) || '0',
  };
}

/** What the listing side of the eBay simulator needs from the simulator. */
export interface EbayOrderListingHost {
  /** The simulator's API root (for `href` and `next`). */
  baseURL: string;
  /** The simulator's clock, ms since the epoch. */
  now: () => number;
  /** Called with every order put, so that tracking can be pushed to it. */
  onPut: (orderId: string, lines: { lineItemId: string; quantity: number }[]) => void;
  /** Listing calls served. */
  listCallCount: () => number;
  /** Called when a cancel request is made (the Post-Order side then knows its `cancelId`). */
  onCancelRequest?: (orderId: string, cancelId: string) => void;
  /** Cancel answers recorded (the Post-Order side's). */
  cancellationAnswers?: () => { marketplaceOrderId: string; decision: 'accept' | 'refuse' }[];
}

/** The listing side of the eBay simulator: its control surface and the work of `GET /order`. */
export interface EbayOrderListing {
  /** What tests drive (`simulator.intake`). */
  control: SimulatedOrderIntake;
  /** Lists an order given in eBay's own shape (replacing one with the same `orderId`). */
  putEbayOrder(order: SimulatedEbayOrder): void;
  /** The listed order in eBay's shape, or undefined. */
  ebayOrder(orderId: string): SimulatedEbayOrder | undefined;
  /** Records that packages shipped: the order's fulfillment status and `lastModifiedDate` change, as at eBay. */
  recordShipped(orderId: string, shipped: ReadonlyMap<string, number>): void;
  /** Lists every order again as it was put, before any package shipped (the simulator's `reset()`), and drops pending repeats. */
  forgetShipments(): void;
  /** Serves `GET /sell/fulfillment/v1/order` (the caller checked the token and applied faults). */
  listOrders(request: Request, echo: EchoedRequest): Response;
  /** Serves `GET /sell/fulfillment/v1/order/{orderId}` (`getOrder`: cancel requests filled). */
  getOrder(orderId: string, echo: EchoedRequest): Response;
  /**
   * The seller answered cancel request `cancelId` of an order: `accept` cancels it (`CANCELED`,
   * the request `COMPLETED`), `refuse` rejects the request (`REJECTED`, the order's state back to
   * `NONE_REQUESTED`, modelled); the order's `lastModifiedDate` moves.
   */
  answerCancel(orderId: string, cancelId: string, decision: 'accept' | 'refuse'): void;
  /** Forgets listed orders and pending repeats. */
  clear(): void;
}

/** eBay's error body for a refused `getOrders` request (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders), the request echoed. */
function refuse(echo: EchoedRequest, errorId: number, message: string): Response {
  return HttpResponse.json(
    { errors: [{ errorId, domain: 'API_FULFILLMENT', category: 'REQUEST', message }], request: echo },
    { status: 400 },
  );
}

/** `YYYY-MM-DDTHH:MM:SS[.sss]Z`, the UTC timestamps eBay's filter examples use. */
const filterTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const ninetyDaysMs = 90 * 24 * 60 * 60 * 1_000;

interface DateRange {
  from: number;
  to: number | undefined;
}

type FilterReading =
  | { error: [number, string] }
  | { creation?: DateRange; modified?: DateRange; fulfillment?: string[] };

/** Reads eBay's `filter` (comma-separated `name:value` criteria) as eBay documents it. */
function readFilter(filter: string | null, now: number): FilterReading {
  const reading: { creation?: DateRange; modified?: DateRange; fulfillment?: string[] } = {};
  if (filter === null || filter === '') return reading;
  for (const criterion of filter.split(',')) {
    const colon = criterion.indexOf(':');
    const name = colon < 0 ? criterion : criterion.slice(0, colon);
    const value = colon < 0 ? '' : criterion.slice(colon + 1);
    if (name === 'creationdate' || name === 'lastmodifieddate') {
      const match = /^\[([^[\]]*?)\.\.([^[\]]*)\]$/.exec(value);
      if (!match)
        return {
          error: [ebayOrderListErrorIds.invalidFilterValue, `Invalid filter value ${value} for filter ${name}`],
        };
      const [, fromText = '', toText = ''] = match;
      if (fromText === '') return { error: [ebayOrderListErrorIds.startDateMissing, 'Start date is missing'] };
      if (!filterTimestamp.test(fromText) || (toText !== '' && !filterTimestamp.test(toText))) {
        return { error: [ebayOrderListErrorIds.invalidDateFormat, 'Invalid date format'] };
      }
      const from = Date.parse(fromText);
      const to = toText === '' ? undefined : Date.parse(toText);
      if (Number.isNaN(from) || (to !== undefined && Number.isNaN(to))) {
        return { error: [ebayOrderListErrorIds.invalidDateFormat, 'Invalid date format'] };
      }
      if (to !== undefined && from > to) {
        return { error: [ebayOrderListErrorIds.startAfterEnd, 'Start date should be before end date'] };
      }
      if (from > now || (to !== undefined && to > now)) {
        return { error: [ebayOrderListErrorIds.dateInFuture, "Start and end dates can't be in the future"] };
      }
      reading[name === 'creationdate' ? 'creation' : 'modified'] = { from, to };
    } else if (name === 'orderfulfillmentstatus') {
      const match = /^\{(.*)\}$/.exec(value);
      if (!match || !(ebayOrderFulfillmentStatusFilters as readonly string[]).includes(match[1] ?? '')) {
        return {
          error: [ebayOrderListErrorIds.invalidFilterValue, `Invalid filter value ${value} for filter ${name}`],
        };
      }
      reading.fulfillment = (match[1] ?? '').split('|');
    } else {
      return { error: [ebayOrderListErrorIds.invalidFilterName, `Invalid filter name: ${name}`] };
    }
  }
  return reading;
}

const inRange = (time: number, range: DateRange) => time >= range.from && (range.to === undefined || time <= range.to);

/**
 * Creates the listing side of the eBay simulator: `GET /sell/fulfillment/v1/order` with eBay's
 * `filter` (`creationdate`, `lastmodifieddate` with inclusive bounds, only `creationdate` used when
 * both are sent, the two `orderfulfillmentstatus` combinations), `limit` (default 50, at most
 * 200) and zero-based `offset`, answering `OrderSearchPagedCollection` (`href`, `total`, `limit`,
 * `offset`, `next`/`prev` URIs, `orders`), and refusing what eBay refuses with its error ids
 * (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders).
 * Without a filter, the orders created in the last 90 days. Modelled: the order of the orders
 * (oldest `lastModifiedDate` first, then `orderId`; eBay documents creation order "but the order
 * will vary according to any filter"), and a `filter` whose `[ ] { | }` are sent unencoded being
 * refused (eBay "requires" them percent-encoded). Offset paging over orders that change mid-scan
 * repeats or skips orders, as eBay's does; `repeatOnNextPages` makes a page start one order early.
 *
 * @param host - the simulator's base URL, clock, put hook and call counter.
 */
export function createEbayOrderListing(host: EbayOrderListingHost): EbayOrderListing {
  const listed = new Map<string, SimulatedEbayOrder>();
  /** Each order as it was put, for `forgetShipments`. */
  const asPut = new Map<string, SimulatedEbayOrder>();
  let repeats = 0;
  let nextCancelId = 5_000_000_001;

  /** Applies `change` to the order as listed and as put (a cancellation is not undone by `reset()`). */
  const changeOrder = (orderId: string, change: (order: SimulatedEbayOrder) => void) => {
    const order = listed.get(orderId);
    if (!order) throw new Error(`ebay simulator: no listed order ${orderId}`);
    const now = new Date(host.now()).toISOString();
    for (const copy of [order, asPut.get(orderId)]) {
      if (!copy) continue;
      change(copy);
      copy.lastModifiedDate = now;
    }
  };
  const wholeOrderOnly = (lines: unknown) => {
    if (lines !== undefined) {
      throw new Error(
        'ebay simulator: eBay cancels whole orders (https://developer.ebay.com/api-docs/user-guides/static/post-order-user-guide/post-order-cancellations.html); no lines',
      );
    }
  };

  const putEbayOrder = (order: SimulatedEbayOrder) => {
    const copy = structuredClone(order);
    listed.set(copy.orderId, copy);
    asPut.set(copy.orderId, structuredClone(copy));
    host.onPut(
      copy.orderId,
      copy.lineItems.map((line) => ({ lineItemId: line.lineItemId, quantity: line.quantity })),
    );
  };
  const put = (order: SalesOrder, options: SimulatedListingOptions, withoutShipToName: boolean) =>
    putEbayOrder(
      toSimulatedEbayOrder(order, {
        updatedAt: options.updatedAt ?? new Date(host.now()).toISOString(),
        status: options.status ?? 'ready',
        withoutShipToName,
      }),
    );

  return {
    control: {
      putOrder: (order, options = {}) => put(order, options, false),
      putUnmappableOrder: (order, options = {}) => put(order, options, true),
      repeatOnNextPages(times = 1) {
        if (!(Number.isInteger(times) && times > 0)) {
          throw new TypeError('repeatOnNextPages: times must be a positive integer');
        }
        repeats += times;
      },
      // eBay has no acknowledgement.
      acknowledged: () => [],
      listCallCount: host.listCallCount,
      requestCancellation(orderId, options) {
        wholeOrderOnly(options?.lines);
        const cancelId = String(nextCancelId++);
        const at = new Date(host.now()).toISOString();
        changeOrder(orderId, (order) => {
          order.cancelStatus.cancelState = 'IN_PROGRESS';
          order.cancelStatus.cancelRequests.push({
            cancelRequestId: cancelId,
            cancelInitiator: 'Buyer',
            cancelReason: 'BUYER_ASKED_CANCEL',
            cancelRequestedDate: at,
            cancelRequestState: 'REQUESTED',
          });
        });
        host.onCancelRequest?.(orderId, cancelId);
      },
      cancelOrder(orderId, options) {
        wholeOrderOnly(options?.lines);
        const at = new Date(host.now()).toISOString();
        const cancelId = String(nextCancelId++);
        changeOrder(orderId, (order) => {
          order.cancelStatus.cancelState = 'CANCELED';
          order.cancelStatus.cancelledDate = at;
          order.cancelStatus.cancelRequests.push({
            cancelRequestId: cancelId,
            cancelInitiator: 'Seller',
            cancelReason: 'OUT_OF_STOCK_OR_CANNOT_FULFILL',
            cancelRequestedDate: at,
            cancelRequestState: 'COMPLETED',
            cancelCompletedDate: at,
          });
        });
      },
      cancellationAnswers: () => host.cancellationAnswers?.() ?? [],
    },
    putEbayOrder,
    ebayOrder: (orderId) => {
      const order = listed.get(orderId);
      return order ? structuredClone(order) : undefined;
    },
    recordShipped(orderId, shipped) {
      const order = listed.get(orderId);
      if (!order) return;
      let all = true;
      let any = false;
      for (const line of order.lineItems) {
        const quantity = shipped.get(line.lineItemId) ?? 0;
        line.lineItemFulfillmentStatus =
          quantity >= line.quantity ? 'FULFILLED' : quantity > 0 ? 'IN_PROGRESS' : 'NOT_STARTED';
        all &&= quantity >= line.quantity;
        any ||= quantity > 0;
      }
      order.orderFulfillmentStatus = all ? 'FULFILLED' : any ? 'IN_PROGRESS' : 'NOT_STARTED';
      order.lastModifiedDate = new Date(host.now()).toISOString();
    },

    listOrders(request, echo) {
      const url = new URL(request.url);
      const rawFilter = /(?:^|&)filter=([^&]*)/.exec(url.search.slice(1))?.[1] ?? '';
      if (/[[\]{}|]/.test(rawFilter)) {
        return refuse(
          echo,
          ebayOrderListErrorIds.invalidFilterValue,
          'Invalid filter value: [ ] { | } must be percent-encoded',
        );
      }
      const query = url.searchParams;
      const limitText = query.get('limit') ?? '50';
      const limit = Number(limitText);
      if (!/^\d{1,9}$/.test(limitText) || limit < 1 || limit > EBAY_ORDER_PAGE_MAXIMUM) {
        return refuse(echo, ebayOrderListErrorIds.invalidLimit, `Invalid limit: ${limitText}`);
      }
      const offsetText = query.get('offset') ?? '0';
      if (!/^\d{1,9}$/.test(offsetText)) {
        return refuse(echo, ebayOrderListErrorIds.invalidOffset, `Invalid offset: ${offsetText}`);
      }
      const offset = Number(offsetText);
      const now = host.now();
      const filter = readFilter(query.get('filter'), now);
      if ('error' in filter) return refuse(echo, ...filter.error);

      // "If creationdate and lastmodifieddate are both included, only creationdate is used."
      const creation = filter.creation ?? (filter.modified ? undefined : { from: now - ninetyDaysMs, to: undefined });
      const matching = [...listed.values()]
        .filter((order) =>
          creation
            ? inRange(Date.parse(order.creationDate), creation)
            : filter.modified !== undefined && inRange(Date.parse(order.lastModifiedDate), filter.modified),
        )
        .filter((order) => !filter.fulfillment || filter.fulfillment.includes(order.orderFulfillmentStatus))
        .sort(
          (left, right) =>
            Date.parse(left.lastModifiedDate) - Date.parse(right.lastModifiedDate) ||
            left.orderId.localeCompare(right.orderId),
        );
      // A page after the first starts one order early while repeats are pending: the last order
      // of the page before comes again, and the next page follows on from this one (an order
      // created ahead of the offset shifts the rest by one). Not with pages of one order, which
      // would then never move on.
      const repeat = offset > 0 && repeats > 0 && limit > 1;
      if (repeat) repeats -= 1;
      const start = repeat ? offset - 1 : offset;
      const page = matching.slice(start, start + limit);
      const pageURI = (pageOffset: number) => {
        const target = new URL(`${host.baseURL}/sell/fulfillment/v1/order`);
        const filterText = query.get('filter');
        if (filterText) target.searchParams.set('filter', filterText);
        target.searchParams.set('limit', String(limit));
        target.searchParams.set('offset', String(pageOffset));
        return target.href;
      };
      return HttpResponse.json({
        href: pageURI(offset),
        total: matching.length,
        limit,
        offset,
        ...(start + limit < matching.length ? { next: pageURI(start + limit) } : {}),
        ...(offset > 0 ? { prev: pageURI(Math.max(0, offset - limit)) } : {}),
        // getOrders returns cancelRequests empty; only getOrder fills it (getOrders reference).
        orders: page.map((order) => {
          const copy = structuredClone(order);
          copy.cancelStatus.cancelRequests = [];
          return copy;
        }),
      });
    },

    getOrder(orderId, echo) {
      const order = listed.get(orderId);
      if (!order) {
        return HttpResponse.json(
          {
            errors: [{ errorId: 32100, domain: 'API_FULFILLMENT', category: 'REQUEST', message: 'Invalid Order Id' }],
            request: echo,
          },
          { status: 404 },
        );
      }
      return HttpResponse.json(structuredClone(order));
    },

    answerCancel(orderId, cancelId, decision) {
      const at = new Date(host.now()).toISOString();
      changeOrder(orderId, (order) => {
        const request = order.cancelStatus.cancelRequests.find((candidate) => candidate.cancelRequestId === cancelId);
        if (request) {
          request.cancelRequestState = decision === 'accept' ? 'COMPLETED' : 'REJECTED';
          request.cancelCompletedDate = at;
        }
        order.cancelStatus.cancelState = decision === 'accept' ? 'CANCELED' : 'NONE_REQUESTED';
        if (decision === 'accept') order.cancelStatus.cancelledDate = at;
      });
    },

    forgetShipments() {
      for (const [orderId, order] of asPut) listed.set(orderId, structuredClone(order));
      repeats = 0;
    },

    clear() {
      listed.clear();
      asPut.clear();
      repeats = 0;
    },
  };
}
