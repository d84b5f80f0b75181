import type { SalesOrder } from '@dropship/core';
import {
  createAnswerScript,
  createCallRecorder,
  createFaultInjector,
  type EchoedRequest,
  echoRequest,
  type Fault,
  type MarketplaceSimulator,
  type ScriptedAnswer,
  type SimulatedFulfillment,
  type SimulatedListings,
  type SimulatedOrderIntake,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { createEbayCancellationSimulator, ebayCancellationOperations } from './ebay-simulator-cancellations.js';
import { createEbayListingSimulator, type SimulatedEbayListing } from './ebay-simulator-listings.js';
import { createEbayOrderListing, type SimulatedEbayOrder } from './ebay-simulator-orders.js';
import { ebayErrorIds } from './map-ebay-error.js';

/**
 * eBay carrier codes the simulator accepts: values of the Trading API's `ShippingCarrierCodeType`
 * (https://developer.ebay.com/devzone/xml/docs/reference/ebay/types/ShippingCarrierCodeType.html),
 * compared case-sensitively.
 */
export const simulatedEbayCarrierCodes: readonly string[] = [
  'UPS',
  'USPS',
  'FedEx',
  'DHL',
  'DHLEXPRESS',
  'DHLGlobalMail',
  'FedExSmartPost',
  'ONTRACK',
  'Prestige',
  'UPSMailInnovations',
  'USPSCeP',
  'USPSPMI',
  'AustraliaPost',
  'CanPar',
  'RoyalMail',
  'Parcelforce',
  'Yodel',
  'DPD',
  'GLS',
  'Hermes',
  'DeutschePost',
  'ChinaPost',
  'YANWEN',
  'FourPX',
  'LAPOSTE',
  'PostNL',
  'TNT',
  'Other',
];

/**
 * Operation names of the eBay simulator (for faults, `requestTimes` and `callCount`): the
 * standard names of `@dropship/testing`.
 */
export const ebaySimulatorOperations = {
  /** `GET .../shipping_fulfillment`. */
  listFulfillments: standardOperations.readOrder,
  /** `POST .../shipping_fulfillment`. */
  createFulfillment: standardOperations.pushTracking,
  /** `GET /sell/fulfillment/v1/order` (`getOrders`, one page of the order listing). */
  listOrders: standardOperations.listOrders,
} as const;

/** Options of {@link createEbaySimulator}. */
export interface EbaySimulatorOptions {
  /**
   * API root the handlers answer on. Default `https://ebay.simulator.test` (a reserved test host,
   * never `https://api.ebay.com`): pass `simulator.baseURL` to the adapter.
   */
  baseURL?: string;
  /** The user access token the simulator accepts. Default `ebay-simulator-user-token`. */
  accessToken?: string;
  /** How long a `timeout` fault holds the response, in ms, unless the fault says. Default 35,000. */
  timeoutDelayMs?: number;
  /**
   * The simulator's clock, ms since the epoch: the default `lastModifiedDate` of an order put,
   * the time a shipped package modifies its order, and "now" for eBay's refusal of filter dates
   * in the future. Default `Date.now`.
   */
  now?: () => number;
  /**
   * The most inventory items one `bulkUpdatePriceQuantity` call may carry. Default 25 (the
   * `BulkPriceQuantity` type); 1 models the method description's "Only one SKU (one product)
   * can be updated per call" (https://developer.ebay.com/api-docs/sell/inventory/resources/inventory_item/methods/bulkUpdatePriceQuantity).
   */
  listingSkusPerCall?: number;
}

/** A fulfillment as the eBay simulator stores it (the shape `GET .../shipping_fulfillment` returns). */
export interface SimulatedEbayFulfillment {
  fulfillmentId: string;
  shipmentTrackingNumber: string | undefined;
  shippingCarrierCode: string | undefined;
  shippedDate: string;
  lineItems: { lineItemId: string; quantity: number }[];
}

/** The eBay simulator: a `MarketplaceSimulator` plus eBay-specific controls. */
export interface EbaySimulator extends MarketplaceSimulator {
  readonly marketplace: 'ebay';
  /** The user access token the simulator accepts. */
  readonly accessToken: string;
  /** Fulfillments of an order in eBay's own shape. */
  ebayFulfillments(orderId: string): SimulatedEbayFulfillment[];
  /** Records a fulfillment made elsewhere (for example in Seller Hub) for an order. */
  addFulfillment(
    orderId: string,
    fulfillment: Omit<SimulatedEbayFulfillment, 'fulfillmentId' | 'shippedDate'> & { shippedDate?: string },
  ): void;
  /** Calls served per operation (see {@link ebaySimulatorOperations}); all when omitted. */
  callCount(operation?: string): number;
  /** Order intake: orders listed by `getOrders`, in eBay's shape (see `createEbayOrderListing`). */
  readonly intake: SimulatedOrderIntake;
  /** Listings: inventory items and their offers, updated by `bulkUpdatePriceQuantity` (see `createEbayListingSimulator`). */
  readonly listings: SimulatedListings;
  /** A listing in eBay's terms (inventory item and offer quantities, offer id), or undefined. */
  ebayListing(sku: string): SimulatedEbayListing | undefined;
  /** Unpublishes a listing's offer: bulk updates of it are refused, as eBay refuses them. */
  unpublishListing(sku: string): void;
  /**
   * Lists an order given in eBay's own shape (replacing one with the same `orderId`), for orders
   * the SDK's terms cannot express: a refund, eBay-supported fulfillment, a price that does not
   * divide, a missing SKU. Tracking can be pushed to it.
   */
  putEbayOrder(order: SimulatedEbayOrder): void;
  /** A listed order in eBay's shape (a copy), or undefined. */
  ebayOrder(orderId: string): SimulatedEbayOrder | undefined;
  /**
   * Answers the next `POST .../shipping_fulfillment` with `answer` instead of eBay's documented
   * `201 Created` + `Location` (recording the fulfilment first when `answer.act`): an HTML page
   * with 200, an empty 201 without `Location`, a redirect.
   */
  answerNextPush(answer: ScriptedAnswer): void;
}

interface StoredOrder {
  lines: Map<string, number>;
  fulfillments: SimulatedEbayFulfillment[];
}

/**
 * The eBay REST error body (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment), plus the request echoed (headers, query, body) as an error page
 * might, so that a client which leaks a response body into an error leaks the credential too.
 */
function ebayError(
  echo: EchoedRequest,
  status: number,
  errorId: number,
  message: string,
  category = 'REQUEST',
  domain = 'API_FULFILLMENT',
): Response {
  return HttpResponse.json({ errors: [{ errorId, domain, category, message }], request: echo }, { status });
}

const shippedDatePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Creates a stateful fake of eBay's Sell Fulfillment API (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment) as
 * MSW handlers: orders and their line items, the fulfillments recorded for them, and the
 * rejections the real API makes (unknown order 32100, unknown line item 32200, a line twice
 * 32210, a tracking number with spaces or hyphens or an unknown carrier code 32300, a ship date
 * not in `YYYY-MM-DDTHH:MM:SS.SSSZ` 32500, more than ordered 32600, a tracking number the order
 * already has 34500), a refused token (401, errorId 1001), plus the shared fault injection.
 *
 * What is modelled rather than documented: the 401 body, the error id of an over-shipped
 * quantity (32600) and the answer to a duplicate tracking number (34500, https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
 *
 * @param options - base URL, accepted token, timeout-fault delay.
 */
export function createEbaySimulator(options: EbaySimulatorOptions = {}): EbaySimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('ebay')).replace(/\/+$/, '');
  const accessToken = options.accessToken ?? 'ebay-simulator-user-token';
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  const pushAnswers = createAnswerScript();
  const now = options.now ?? Date.now;
  let orders = new Map<string, StoredOrder>();
  let nextFulfillmentId = 1;
  const listing = createEbayOrderListing({
    baseURL,
    now,
    onPut(orderId, lineItems) {
      const lines = new Map<string, number>();
      for (const line of lineItems) lines.set(line.lineItemId, (lines.get(line.lineItemId) ?? 0) + line.quantity);
      const existing = orders.get(orderId);
      if (existing) existing.lines = lines;
      else orders.set(orderId, { lines, fulfillments: [] });
    },
    listCallCount: () => calls.count(ebaySimulatorOperations.listOrders),
    onCancelRequest: (orderId, cancelId) => cancelSide.requested(orderId, cancelId),
    cancellationAnswers: () => cancelSide.answers(),
  });
  const cancelSide = createEbayCancellationSimulator({
    baseURL,
    accessToken,
    faults,
    calls,
    answerCancel: (orderId, cancelId, decision) => listing.answerCancel(orderId, cancelId, decision),
  });

  function authorized(request: Request): boolean {
    return request.headers.get('authorization') === `Bearer ${accessToken}`;
  }

  function unauthorized(echo: EchoedRequest): Response {
    // Modelled on eBay's OAuth error (not in eBay's public documentation), with the request echoed.
    return HttpResponse.json(
      {
        errors: [
          {
            errorId: 1001,
            domain: 'OAuth',
            category: 'REQUEST',
            message: 'Invalid access token',
            longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.',
          },
        ],
        request: echo,
      },
      { status: 401 },
    );
  }

  const listingSide = createEbayListingSimulator({
    baseURL,
    faults,
    calls,
    authorized,
    unauthorized,
    ...(options.listingSkusPerCall === undefined ? {} : { skusPerCall: options.listingSkusPerCall }),
  });

  function record(orderId: string, fulfillment: SimulatedEbayFulfillment): void {
    const order = orders.get(orderId);
    if (!order) return;
    order.fulfillments.push(fulfillment);
    const shipped = new Map<string, number>();
    for (const line of order.fulfillments.flatMap((existing) => existing.lineItems)) {
      shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + line.quantity);
    }
    listing.recordShipped(orderId, shipped);
  }

  function createFulfillment(echo: EchoedRequest, orderId: string, body: unknown): Response {
    const order = orders.get(orderId);
    if (!order) return ebayError(echo, 400, ebayErrorIds.invalidOrderId, 'Invalid Order Id');
    if (typeof body !== 'object' || body === null)
      return ebayError(echo, 400, ebayErrorIds.invalidInputData, 'Invalid input data');
    const details = body as {
      lineItems?: unknown;
      shippedDate?: unknown;
      shippingCarrierCode?: unknown;
      trackingNumber?: unknown;
    };

    if (!Array.isArray(details.lineItems) || details.lineItems.length === 0) {
      return ebayError(echo, 400, ebayErrorIds.invalidInputData, 'Invalid input data: lineItems is required');
    }
    const seen = new Set<string>();
    const lineItems: { lineItemId: string; quantity: number }[] = [];
    for (const item of details.lineItems as unknown[]) {
      const { lineItemId, quantity = 1 } = (item ?? {}) as { lineItemId?: unknown; quantity?: unknown };
      if (typeof lineItemId !== 'string' || !order.lines.has(lineItemId))
        return ebayError(echo, 400, ebayErrorIds.invalidLineItemId, 'Invalid line item id');
      if (seen.has(lineItemId))
        return ebayError(echo, 400, ebayErrorIds.duplicateLineItem, 'Duplicate line item in the request');
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0) {
        return ebayError(echo, 400, ebayErrorIds.invalidInputData, 'Invalid input data: quantity');
      }
      seen.add(lineItemId);
      lineItems.push({ lineItemId, quantity });
    }

    const { trackingNumber, shippingCarrierCode } = details;
    if ((trackingNumber === undefined) !== (shippingCarrierCode === undefined)) {
      return ebayError(
        echo,
        400,
        ebayErrorIds.invalidTrackingNumberOrCarrier,
        'Invalid shipment tracking number or carrier',
      );
    }
    if (
      trackingNumber !== undefined &&
      (typeof trackingNumber !== 'string' || !/^[A-Za-z0-9]+$/.test(trackingNumber))
    ) {
      return ebayError(
        echo,
        400,
        ebayErrorIds.invalidTrackingNumberOrCarrier,
        'Invalid shipment tracking number or carrier',
      );
    }
    if (
      shippingCarrierCode !== undefined &&
      (typeof shippingCarrierCode !== 'string' || !simulatedEbayCarrierCodes.includes(shippingCarrierCode))
    ) {
      return ebayError(
        echo,
        400,
        ebayErrorIds.invalidTrackingNumberOrCarrier,
        'Invalid shipment tracking number or carrier',
      );
    }
    const shippedDate = details.shippedDate ?? new Date().toISOString();
    if (
      typeof shippedDate !== 'string' ||
      !shippedDatePattern.test(shippedDate) ||
      Number.isNaN(Date.parse(shippedDate))
    ) {
      return ebayError(echo, 400, ebayErrorIds.invalidShippedDate, 'Invalid shipped date');
    }
    if (
      typeof trackingNumber === 'string' &&
      order.fulfillments.some((existing) => existing.shipmentTrackingNumber === trackingNumber)
    ) {
      return ebayError(
        echo,
        400,
        ebayErrorIds.usePutToUpdate,
        'Please use PUT operation for updating shipping fulfillment',
      );
    }
    for (const item of lineItems) {
      const shipped = order.fulfillments
        .flatMap((existing) => existing.lineItems)
        .filter((line) => line.lineItemId === item.lineItemId)
        .reduce((sum, line) => sum + line.quantity, 0);
      if (shipped + item.quantity > (order.lines.get(item.lineItemId) ?? 0)) {
        return ebayError(
          echo,
          400,
          ebayErrorIds.invalidInputData,
          'Invalid input data: quantity exceeds the quantity left to ship',
        );
      }
    }

    // With a tracking number, the fulfillment id is the tracking number (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
    const fulfillmentId = typeof trackingNumber === 'string' ? trackingNumber : String(nextFulfillmentId++);
    record(orderId, {
      fulfillmentId,
      shipmentTrackingNumber: typeof trackingNumber === 'string' ? trackingNumber : undefined,
      shippingCarrierCode: typeof shippingCarrierCode === 'string' ? shippingCarrierCode : undefined,
      shippedDate,
      lineItems,
    });
    return new HttpResponse('{}', {
      status: 201,
      headers: {
        'content-type': 'application/json',
        location: `${baseURL}/sell/fulfillment/v1/order/${encodeURIComponent(orderId)}/shipping_fulfillment/${encodeURIComponent(fulfillmentId)}`,
      },
    });
  }

  const path = `${baseURL}/sell/fulfillment/v1/order/:orderId/shipping_fulfillment`;
  const handlers: RequestHandler[] = [
    http.get(`${baseURL}/sell/fulfillment/v1/order`, async ({ request }) => {
      calls.record(ebaySimulatorOperations.listOrders);
      const echo = await echoRequest(request);
      return faults.serve(ebaySimulatorOperations.listOrders, () => {
        if (!authorized(request)) return unauthorized(echo);
        return listing.listOrders(request, echo);
      });
    }),
    http.get(`${baseURL}/sell/fulfillment/v1/order/:orderId`, async ({ request, params }) => {
      calls.record(ebayCancellationOperations.getOrder);
      const echo = await echoRequest(request);
      return faults.serve(ebayCancellationOperations.getOrder, () => {
        if (!authorized(request)) return unauthorized(echo);
        return listing.getOrder(String(params.orderId), echo);
      });
    }),
    ...cancelSide.handlers,
    http.get(path, async ({ request, params }) => {
      calls.record(ebaySimulatorOperations.listFulfillments);
      const echo = await echoRequest(request);
      return faults.serve(ebaySimulatorOperations.listFulfillments, () => {
        if (!authorized(request)) return unauthorized(echo);
        const order = orders.get(String(params.orderId));
        if (!order) return ebayError(echo, 400, ebayErrorIds.invalidOrderId, 'Invalid Order Id');
        return HttpResponse.json({ fulfillments: order.fulfillments, total: order.fulfillments.length, warnings: [] });
      });
    }),
    http.post(path, async ({ request, params }) => {
      calls.record(ebaySimulatorOperations.createFulfillment);
      const echo = await echoRequest(request);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = undefined;
      }
      return faults.serve(ebaySimulatorOperations.createFulfillment, () =>
        pushAnswers.serve(() => {
          if (!authorized(request)) return unauthorized(echo);
          return createFulfillment(echo, String(params.orderId), body);
        }),
      );
    }),
    ...listingSide.handlers,
  ];

  return {
    marketplace: 'ebay',
    baseURL,
    accessToken,
    handlers,
    addOrder(order: SalesOrder) {
      const lines = new Map<string, number>();
      for (const line of order.lines) lines.set(line.lineId, (lines.get(line.lineId) ?? 0) + line.quantity);
      orders.set(order.marketplaceOrderId, { lines, fulfillments: [] });
    },
    fulfillments(orderId): SimulatedFulfillment[] {
      return (orders.get(orderId)?.fulfillments ?? []).map((fulfillment) => ({
        marketplaceOrderId: orderId,
        trackingNumber: fulfillment.shipmentTrackingNumber ?? fulfillment.fulfillmentId,
        carrier: fulfillment.shippingCarrierCode ?? '',
        lines: fulfillment.lineItems.map((item) => ({ lineId: item.lineItemId, quantity: item.quantity })),
      }));
    },
    intake: listing.control,
    listings: listingSide.control,
    ebayListing: listingSide.ebayListing,
    unpublishListing: listingSide.unpublish,
    putEbayOrder: listing.putEbayOrder,
    ebayOrder: listing.ebayOrder,
    ebayFulfillments(orderId) {
      return structuredClone(orders.get(orderId)?.fulfillments ?? []);
    },
    addFulfillment(orderId, fulfillment) {
      if (!orders.has(orderId)) throw new Error(`ebay simulator: no order ${orderId}`);
      record(orderId, {
        ...structuredClone(fulfillment),
        fulfillmentId: fulfillment.shipmentTrackingNumber ?? String(nextFulfillmentId++),
        shippedDate: fulfillment.shippedDate ?? new Date().toISOString(),
      });
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    answerNextPush(answer) {
      pushAnswers.push(answer);
    },
    requestTimes(operation) {
      return calls.times(operation);
    },
    callCount(operation) {
      return calls.count(operation);
    },
    reset(resetOptions) {
      faults.reset();
      pushAnswers.reset();
      calls.reset();
      listingSide.reset(resetOptions?.all === true);
      cancelSide.reset(resetOptions?.all === true);
      if (resetOptions?.all) {
        orders = new Map();
        listing.clear();
      } else {
        for (const order of orders.values()) order.fulfillments = [];
        listing.forgetShipments();
      }
    },
  };
}
