import type { SalesOrder } from '@dropship/core';
import {
  createAnswerScript,
  createCallRecorder,
  createFaultInjector,
  echoRequest,
  type Fault,
  type FaultInjectorOptions,
  type MarketplaceSimulator,
  type ScriptedAnswer,
  type SimulatedFulfillment,
  type SimulatedListings,
  type SimulatedOrderIntake,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { shopifyTrackingCompanies } from './shopify-carriers.js';
import { toShopifyGid } from './shopify-ids.js';
import { createShopifyListingSimulator, type SimulatedShopifyVariant } from './shopify-simulator-listings.js';
import {
  createShopifyOrderListing,
  SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION,
  SHOPIFY_LIST_ORDERS_OPERATION,
  type SimulatedShopifyWebhook,
} from './shopify-simulator-orders.js';

/** Access token the simulator accepts by default. */
export const SIMULATED_SHOPIFY_ACCESS_TOKEN = 'shpat_simulated0000000000000000000';

/** Name of the simulated shop (the simulator answers on `https://shopify.simulator.test`, not on `<shop>.myshopify.com`). */
export const SIMULATED_SHOPIFY_SHOP = 'dropship-simulated';

/** Location every fulfillment order is assigned to unless `addOrder` says otherwise. */
export const SIMULATED_SHOPIFY_LOCATION_ID = 'gid://shopify/Location/1';

/** Options of {@link createShopifySimulator}. */
export interface ShopifySimulatorOptions {
  /**
   * Default `https://shopify.simulator.test` (a reserved test host, never a shop's
   * `*.myshopify.com`): pass `simulator.baseURL` to the adapter.
   */
  baseURL?: string;
  /** The access token it accepts. */
  accessToken?: string;
  /** Clock for the cost bucket, ms since epoch. Default `Date.now`. */
  now?: () => number;
  /** Cost bucket size (`throttleStatus.maximumAvailable`). Default 2,000. */
  maximumAvailable?: number;
  /** Points restored per second (`throttleStatus.restoreRate`). Default 100 (Standard plan, https://shopify.dev/docs/api/usage/limits). */
  restoreRate?: number;
  /** `requestedQueryCost` of the fulfillment-orders read. Default 150 (modelled). */
  queryCost?: number;
  /** `requestedQueryCost` of `fulfillmentCreate`. Default 10 (the usual mutation cost). */
  mutationCost?: number;
  /** HTTP status of a THROTTLED answer: 200 or 429 (disputed, https://shopify.dev/docs/api/usage/limits). Default 200. */
  throttleHttpStatus?: 200 | 429;
  /** Fault injector options (delay of `timeout` faults). */
  faults?: FaultInjectorOptions;
  /** The shop's locations for listings (global ids). Default one, {@link SIMULATED_SHOPIFY_LOCATION_ID}. */
  listingLocationIds?: readonly string[];
  /** The shop's currency (variant prices). Default `USD`. */
  currency?: string;
}

/** How an order's lines are split into fulfillment orders (`addOrder` option). */
export interface SimulatedFulfillmentOrderSpec {
  /** The order's line ids (as in `SalesOrder.lines[].lineId`) this fulfillment order holds. */
  lineIds: readonly string[];
  /** Default `OPEN`. */
  status?: 'OPEN' | 'IN_PROGRESS' | 'SCHEDULED' | 'ON_HOLD' | 'INCOMPLETE' | 'CLOSED' | 'CANCELLED';
  /** Default `CREATE_FULFILLMENT` (plus `HOLD`) for `OPEN`/`IN_PROGRESS`, `RELEASE_HOLD` for `ON_HOLD`, none otherwise. */
  supportedActions?: readonly string[];
  /** The assigned location (`assignedLocation.location.id`). Default {@link SIMULATED_SHOPIFY_LOCATION_ID}. */
  locationId?: string;
}

/** A fulfillment as the simulator holds it, with what `fulfillmentCreate` received. */
export interface RecordedShopifyFulfillment {
  id: string;
  orderId: string;
  status: 'SUCCESS' | 'CANCELLED';
  /** The location of its fulfillment orders. */
  locationId: string;
  trackingInfo: { company: string | null; number: string | null; url: string | null }[];
  notifyCustomer: boolean;
  /** Fulfillment order ids and line item quantities. */
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems: { id: string; quantity: number }[];
  }[];
}

/** The Shopify simulator: the `MarketplaceSimulator` surface plus Shopify-specific controls. */
export interface ShopifySimulator extends MarketplaceSimulator {
  readonly marketplace: 'shopify';
  /** The access token it accepts. */
  readonly accessToken: string;
  /**
   * Adds an order: one `OPEN` fulfillment order holding every line, unless `fulfillmentOrders`
   * splits the lines (lines not listed go to a last `OPEN` one).
   */
  addOrder(order: SalesOrder, options?: { fulfillmentOrders?: readonly SimulatedFulfillmentOrderSpec[] }): void;
  /** Fulfillments with the details `fulfillmentCreate` received (`notifyCustomer`, fulfillment orders). */
  fulfillmentDetails(marketplaceOrderId: string): RecordedShopifyFulfillment[];
  /**
   * Fulfils lines outside the SDK (a merchant in the Shopify admin), with no tracking unless
   * given. Throws when a line has less left than asked.
   */
  fulfillExternally(
    marketplaceOrderId: string,
    lines: readonly { lineId: string; quantity: number }[],
    trackingNumber?: string,
  ): void;
  /** Runs `action` just before the next call of `operation` (`read-order`, `push-tracking`) is served: races. */
  beforeNext(operation: string, action: () => void): void;
  /** Answers the next `times` matching calls with THROTTLED, reporting the bucket at `currentlyAvailable` (default 0). */
  throttle(options?: { times?: number; operations?: readonly string[]; currentlyAvailable?: number }): void;
  /** Remaining points of the cost bucket now. */
  availablePoints(): number;
  /**
   * Answers the next `fulfillmentCreate` with `answer` instead of Shopify's documented body
   * (recording the fulfillment first when `answer.act`): an HTML page with 200, `userErrors`, a
   * null fulfillment, a redirect.
   */
  answerNextPush(answer: ScriptedAnswer): void;
  /**
   * Order intake: orders held as Shopify `Order` objects, listed by the `orders` query (operation
   * `list-orders`; an order's further line items: `list-order-line-items`). `putOrder` orders can
   * be pushed to like `addOrder` ones.
   */
  readonly intake: SimulatedOrderIntake;
  /** Listings: variants with an `available` level and a price (see `createShopifyListingSimulator`). */
  readonly listings: SimulatedListings;
  /** Adds a second variant with the same SKU (SKUs are not unique in a shop). */
  duplicateListingSku(sku: string): void;
  /** A listing's variant in Shopify's terms (ids, levels per location, price), or undefined. */
  listingVariant(sku: string): SimulatedShopifyVariant | undefined;
  /**
   * An `orders/*` webhook delivery of a listed order (`topic` default `orders/create`): the REST
   * order as the raw body, signed with `secret` in `X-Shopify-Hmac-SHA256`.
   */
  orderWebhook(
    marketplaceOrderId: string,
    options: { topic?: string; secret: string; webhookId?: string; eventId?: string },
  ): SimulatedShopifyWebhook;
}

interface FulfillmentOrderLine {
  id: string;
  lineItemId: string;
  lineId: string;
  total: number;
  remaining: number;
}

interface FulfillmentOrderState {
  id: string;
  status: string;
  supportedActions: string[];
  explicitActions: boolean;
  locationId: string;
  lines: FulfillmentOrderLine[];
}

interface OrderState {
  gid: string;
  source: SalesOrder;
  specs: readonly SimulatedFulfillmentOrderSpec[] | undefined;
  fulfillmentOrders: FulfillmentOrderState[];
}

function defaultActions(status: string): string[] {
  if (status === 'OPEN' || status === 'IN_PROGRESS') return ['CREATE_FULFILLMENT', 'HOLD'];
  if (status === 'ON_HOLD') return ['RELEASE_HOLD'];
  return [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const knownCompanies = new Set<string>(shopifyTrackingCompanies);

/**
 * Creates a stateful Shopify GraphQL Admin API simulator (MSW handler for
 * `POST /admin/api/{version}/graphql.json`), following https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate. It
 * answers the two operations the adapter sends (recognised by their root fields, `order` with
 * `fulfillmentOrders` and `fulfillmentCreate`; it is not a GraphQL engine), keeps fulfillment
 * orders with remaining quantities, `supportedActions` and an assigned location, and answers
 * `userErrors` where Shopify refuses: quantity above what remains, a fulfillment order without
 * `CREATE_FULFILLMENT`, an unknown fulfillment order or line item, fulfillment orders of two
 * locations in one call. It models the cost bucket (THROTTLED with
 * `throttleStatus`), refuses a wrong token with HTTP 401, and takes faults from the shared
 * injector (operations `read-order`, `push-tracking`).
 *
 * @param options - base URL, accepted token, clock, cost bucket, throttle status code.
 */
export function createShopifySimulator(options: ShopifySimulatorOptions = {}): ShopifySimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('shopify')).replace(/\/+$/, '');
  const accessToken = options.accessToken ?? SIMULATED_SHOPIFY_ACCESS_TOKEN;
  const now = options.now ?? Date.now;
  const maximumAvailable = options.maximumAvailable ?? 2_000;
  const restoreRate = options.restoreRate ?? 100;
  const queryCost = options.queryCost ?? 150;
  const mutationCost = options.mutationCost ?? 10;
  const throttleHttpStatus = options.throttleHttpStatus ?? 200;
  const faults = createFaultInjector(options.faults);
  const calls = createCallRecorder();
  const pushAnswers = createAnswerScript();
  const orders = new Map<string, OrderState>();
  let fulfillments: RecordedShopifyFulfillment[] = [];
  let hooks: { operation: string; action: () => void }[] = [];
  let throttles: { left: number; operations: readonly string[] | undefined; currentlyAvailable: number }[] = [];
  let available = maximumAvailable;
  let lastRefill = now();
  let counter = 1000;
  const nextId = () => ++counter;

  function refill(): void {
    const at = now();
    available = Math.min(maximumAvailable, available + ((at - lastRefill) / 1000) * restoreRate);
    lastRefill = at;
  }

  function cost(requested: number, actual: number | null, currentlyAvailable: number) {
    return {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: actual,
        throttleStatus: { maximumAvailable, currentlyAvailable: Math.floor(currentlyAvailable), restoreRate },
      },
    };
  }

  function throttled(requested: number, currentlyAvailable: number): Response {
    return HttpResponse.json(
      {
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: cost(requested, null, currentlyAvailable),
      },
      { status: throttleHttpStatus },
    );
  }

  /** Spends the call's cost from the bucket, or answers THROTTLED (forced or for real). */
  function spend(operation: string, requested: number): Response | undefined {
    refill();
    const forced = throttles.find((entry) => !entry.operations || entry.operations.includes(operation));
    if (forced) {
      forced.left -= 1;
      if (forced.left <= 0) throttles = throttles.filter((entry) => entry !== forced);
      return throttled(requested, forced.currentlyAvailable);
    }
    if (requested > available) return throttled(requested, available);
    available -= requested;
    return undefined;
  }

  function findOrder(gid: string): OrderState | undefined {
    return orders.get(gid);
  }

  function orderOfFulfillmentOrder(
    fulfillmentOrderId: string,
  ): { order: OrderState; fulfillmentOrder: FulfillmentOrderState } | undefined {
    for (const order of orders.values()) {
      const fulfillmentOrder = order.fulfillmentOrders.find((candidate) => candidate.id === fulfillmentOrderId);
      if (fulfillmentOrder) return { order, fulfillmentOrder };
    }
    return undefined;
  }

  function updateStatus(fulfillmentOrder: FulfillmentOrderState): void {
    const left = fulfillmentOrder.lines.reduce((sum, line) => sum + line.remaining, 0);
    const total = fulfillmentOrder.lines.reduce((sum, line) => sum + line.total, 0);
    if (left === 0) fulfillmentOrder.status = 'CLOSED';
    else if (left < total && fulfillmentOrder.status === 'OPEN') fulfillmentOrder.status = 'IN_PROGRESS';
    if (!fulfillmentOrder.explicitActions || left === 0)
      fulfillmentOrder.supportedActions = defaultActions(fulfillmentOrder.status);
  }

  /** What a fulfillment holds by order line item, as `Fulfillment.fulfillmentLineItems` shows it. */
  function fulfillmentLineItems(
    order: OrderState,
    fulfillment: RecordedShopifyFulfillment,
  ): { quantity: number; lineItem: { id: string } }[] {
    const byLineItem = new Map<string, number>();
    for (const group of fulfillment.lineItemsByFulfillmentOrder) {
      for (const item of group.fulfillmentOrderLineItems) {
        const line = order.fulfillmentOrders
          .flatMap((fulfillmentOrder) => fulfillmentOrder.lines)
          .find((candidate) => candidate.id === item.id);
        if (line) byLineItem.set(line.lineItemId, (byLineItem.get(line.lineItemId) ?? 0) + item.quantity);
      }
    }
    return [...byLineItem].map(([id, quantity]) => ({ quantity, lineItem: { id } }));
  }

  function readOrder(variables: Record<string, unknown> | undefined): Response {
    const id = typeof variables?.id === 'string' ? variables.id : '';
    const order = findOrder(id);
    const data = order
      ? {
          order: {
            id: order.gid,
            fulfillments: fulfillments
              .filter((fulfillment) => fulfillment.orderId === order.gid)
              .map((fulfillment) => ({
                id: fulfillment.id,
                status: fulfillment.status,
                trackingInfo: fulfillment.trackingInfo,
                location: { id: fulfillment.locationId },
                fulfillmentLineItems: {
                  pageInfo: { hasNextPage: false },
                  nodes: fulfillmentLineItems(order, fulfillment),
                },
              })),
            fulfillmentOrders: {
              pageInfo: { hasNextPage: false },
              nodes: order.fulfillmentOrders.map((fulfillmentOrder) => ({
                id: fulfillmentOrder.id,
                status: fulfillmentOrder.status,
                supportedActions: fulfillmentOrder.supportedActions.map((action) => ({ action })),
                assignedLocation: { location: { id: fulfillmentOrder.locationId } },
                lineItems: {
                  pageInfo: { hasNextPage: false },
                  nodes: fulfillmentOrder.lines.map((line) => ({
                    id: line.id,
                    remainingQuantity: line.remaining,
                    totalQuantity: line.total,
                    lineItem: { id: line.lineItemId },
                  })),
                },
              })),
            },
          },
        }
      : { order: null };
    return HttpResponse.json({ data, extensions: cost(queryCost, Math.min(queryCost, 12), available) });
  }

  /** `fulfillmentCreate`: validates everything first (userErrors, nothing written), then records. */
  function createFulfillment(variables: Record<string, unknown> | undefined): Response {
    const input = record(variables?.fulfillment);
    const userErrors: { field: string[]; message: string }[] = [];
    const respond = (fulfillment: unknown) =>
      HttpResponse.json({
        data: { fulfillmentCreate: { fulfillment, userErrors } },
        extensions: cost(mutationCost, mutationCost, available),
      });
    const groups = input?.lineItemsByFulfillmentOrder;
    if (!Array.isArray(groups) || groups.length === 0) {
      userErrors.push({
        field: ['fulfillment', 'lineItemsByFulfillmentOrder'],
        message: 'Line items by fulfillment order must not be empty.',
      });
      return respond(null);
    }
    const planned: { fulfillmentOrder: FulfillmentOrderState; line: FulfillmentOrderLine; quantity: number }[] = [];
    let orderOfFulfillment: OrderState | undefined;
    let locationOfFulfillment: string | undefined;
    groups.forEach((rawGroup, groupIndex) => {
      const group = record(rawGroup);
      const path = ['fulfillment', 'lineItemsByFulfillmentOrder', String(groupIndex)];
      const found =
        typeof group?.fulfillmentOrderId === 'string' ? orderOfFulfillmentOrder(group.fulfillmentOrderId) : undefined;
      if (!found) {
        userErrors.push({ field: [...path, 'fulfillmentOrderId'], message: 'Fulfillment order does not exist.' });
        return;
      }
      if (orderOfFulfillment && orderOfFulfillment !== found.order) {
        userErrors.push({
          field: [...path, 'fulfillmentOrderId'],
          message: 'All fulfillment orders must belong to the same order.',
        });
        return;
      }
      orderOfFulfillment = found.order;
      const { fulfillmentOrder } = found;
      // One call serves one location: https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate
      // (the wording of the refusal is modelled).
      locationOfFulfillment ??= fulfillmentOrder.locationId;
      if (fulfillmentOrder.locationId !== locationOfFulfillment) {
        userErrors.push({
          field: [...path, 'fulfillmentOrderId'],
          message: 'All fulfillment orders must be assigned to the same location.',
        });
        return;
      }
      if (!fulfillmentOrder.supportedActions.includes('CREATE_FULFILLMENT')) {
        userErrors.push({
          field: [...path, 'fulfillmentOrderId'],
          message: `Fulfillment order ${fulfillmentOrder.id} does not allow CREATE_FULFILLMENT (status ${fulfillmentOrder.status}).`,
        });
        return;
      }
      const items = group?.fulfillmentOrderLineItems;
      if (items === undefined || items === null) {
        for (const line of fulfillmentOrder.lines)
          if (line.remaining > 0) planned.push({ fulfillmentOrder, line, quantity: line.remaining });
        return;
      }
      if (!Array.isArray(items)) {
        userErrors.push({
          field: [...path, 'fulfillmentOrderLineItems'],
          message: 'Fulfillment order line items must be a list.',
        });
        return;
      }
      const asked = new Map<string, number>();
      items.forEach((rawItem, itemIndex) => {
        const item = record(rawItem);
        const itemPath = [...path, 'fulfillmentOrderLineItems', String(itemIndex)];
        const line = fulfillmentOrder.lines.find((candidate) => candidate.id === item?.id);
        if (!line) {
          userErrors.push({ field: [...itemPath, 'id'], message: 'Fulfillment order line item does not exist.' });
          return;
        }
        const quantity = item?.quantity;
        const total = (asked.get(line.id) ?? 0) + (typeof quantity === 'number' ? quantity : 0);
        if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
          userErrors.push({ field: [...itemPath, 'quantity'], message: 'Quantity must be greater than 0.' });
        } else if (total > line.remaining) {
          userErrors.push({
            field: [...itemPath, 'quantity'],
            message: 'Quantity must be less than or equal to the remaining quantity',
          });
        } else {
          asked.set(line.id, total);
          planned.push({ fulfillmentOrder, line, quantity });
        }
      });
    });
    if (userErrors.length > 0 || !orderOfFulfillment || planned.length === 0) {
      if (userErrors.length === 0) userErrors.push({ field: ['fulfillment'], message: 'Nothing to fulfill.' });
      return respond(null);
    }
    const trackingInput = record(input?.trackingInfo);
    const company = typeof trackingInput?.company === 'string' ? trackingInput.company : null;
    const number = typeof trackingInput?.number === 'string' ? trackingInput.number : null;
    const givenUrl = typeof trackingInput?.url === 'string' ? trackingInput.url : null;
    // Shopify builds the URL for a company it knows; it has none for an unknown one (https://shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentTrackingInfo).
    const url =
      givenUrl ??
      (company && number && knownCompanies.has(company)
        ? `https://track.shopify.example/${encodeURIComponent(company)}/${encodeURIComponent(number)}`
        : null);
    const byFulfillmentOrder = new Map<string, { id: string; quantity: number }[]>();
    for (const entry of planned) {
      entry.line.remaining -= entry.quantity;
      const list = byFulfillmentOrder.get(entry.fulfillmentOrder.id) ?? [];
      list.push({ id: entry.line.id, quantity: entry.quantity });
      byFulfillmentOrder.set(entry.fulfillmentOrder.id, list);
    }
    for (const fulfillmentOrder of new Set(planned.map((entry) => entry.fulfillmentOrder)))
      updateStatus(fulfillmentOrder);
    const fulfillment: RecordedShopifyFulfillment = {
      id: `gid://shopify/Fulfillment/${nextId()}`,
      orderId: orderOfFulfillment.gid,
      status: 'SUCCESS',
      locationId: locationOfFulfillment ?? SIMULATED_SHOPIFY_LOCATION_ID,
      trackingInfo: [{ company, number, url }],
      notifyCustomer: input?.notifyCustomer === true,
      lineItemsByFulfillmentOrder: [...byFulfillmentOrder].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({
        fulfillmentOrderId,
        fulfillmentOrderLineItems,
      })),
    };
    fulfillments.push(fulfillment);
    listing.touch(orderOfFulfillment.gid);
    return respond({ id: fulfillment.id, status: fulfillment.status, trackingInfo: fulfillment.trackingInfo });
  }

  function runHooks(operation: string): void {
    const due = hooks.filter((hook) => hook.operation === operation);
    hooks = hooks.filter((hook) => hook.operation !== operation);
    for (const hook of due) hook.action();
  }

  const listing = createShopifyOrderListing({
    now,
    ensurePushable: (order) => {
      const gid = toShopifyGid('Order', order.marketplaceOrderId);
      if (!gid || !orders.has(gid)) {
        const state = buildOrder(order, undefined);
        orders.set(state.gid, state);
      }
    },
    unfulfilled: (marketplaceOrderId, lineId) => {
      const order = orderFor(marketplaceOrderId);
      if (!order) return undefined;
      const lines = order.fulfillmentOrders
        .flatMap((fulfillmentOrder) => fulfillmentOrder.lines)
        .filter((line) => line.lineId === lineId);
      return lines.length === 0 ? undefined : lines.reduce((sum, line) => sum + line.remaining, 0);
    },
    spend,
    refund: (points) => {
      refill();
      available = Math.min(maximumAvailable, available + Math.max(0, points));
    },
    callCount: (operation) => calls.count(operation),
    cost: (requested, actual) => cost(requested, actual, available),
  });

  const listingSide = createShopifyListingSimulator({
    locationIds: options.listingLocationIds ?? [SIMULATED_SHOPIFY_LOCATION_ID],
    currency: options.currency ?? 'USD',
    spend,
    cost: (requested, actual) => cost(requested, actual, available),
    callCount: (operation) => calls.count(operation),
  });

  const handlers: RequestHandler[] = [
    http.post(`${baseURL}/admin/api/:version/graphql.json`, async ({ request }) => {
      let body: Record<string, unknown> | undefined;
      try {
        body = record(await request.clone().json());
      } catch {
        body = undefined;
      }
      const query = typeof body?.query === 'string' ? body.query : '';
      const variables = record(body?.variables);
      const isMutation = /\bfulfillmentCreate\s*\(/.test(query);
      const isRead = !isMutation && /\border\s*\(/.test(query) && /\bfulfillmentOrders\b/.test(query);
      const isListOrders = !isMutation && /\borders\s*\(/.test(query);
      const isListLineItems =
        !isMutation && !isRead && !isListOrders && /\border\s*\(/.test(query) && /\blineItems\s*\(/.test(query);
      const listingOperation = listingSide.operationOf(query);
      const operation = listingOperation
        ? listingOperation
        : isMutation
          ? standardOperations.pushTracking
          : isRead
            ? standardOperations.readOrder
            : isListOrders
              ? SHOPIFY_LIST_ORDERS_OPERATION
              : isListLineItems
                ? SHOPIFY_LIST_ORDER_LINE_ITEMS_OPERATION
                : 'graphql';
      calls.record(operation);
      // Error answers echo the request (headers, query, body) as an error page might, so that a
      // client which leaks a response body into an error leaks the credential too.
      const echo = await echoRequest(request);
      const serve = () => {
        if (request.headers.get('X-Shopify-Access-Token') !== accessToken) {
          return HttpResponse.json(
            { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)', request: echo },
            { status: 401 },
          );
        }
        if (!body || query.length === 0) {
          return HttpResponse.json(
            { errors: [{ message: 'Parse error: no query given' }], request: echo },
            { status: 400 },
          );
        }
        runHooks(operation);
        if (listingOperation) return listingSide.serve(query, variables);
        if (isListOrders) return listing.listOrders(query, variables);
        if (isListLineItems) return listing.listLineItems(variables);
        if (!isMutation && !isRead) {
          return HttpResponse.json({
            errors: [
              {
                message: 'The simulator answers only the fulfillment-orders read and fulfillmentCreate',
                extensions: { code: 'UNSUPPORTED' },
              },
            ],
          });
        }
        const refused = spend(operation, isMutation ? mutationCost : queryCost);
        if (refused) return refused;
        return isMutation ? createFulfillment(variables) : readOrder(variables);
      };
      return faults.serve(operation, () => (isMutation ? pushAnswers.serve(serve) : serve()));
    }),
  ];

  function buildOrder(order: SalesOrder, specs: readonly SimulatedFulfillmentOrderSpec[] | undefined): OrderState {
    const gid = toShopifyGid('Order', order.marketplaceOrderId);
    if (!gid) throw new Error(`shopify simulator: ${order.marketplaceOrderId} is not a Shopify order id`);
    const lineOf = (lineId: string): FulfillmentOrderLine => {
      const line = order.lines.find((candidate) => candidate.lineId === lineId);
      const lineItemId = toShopifyGid('LineItem', lineId);
      if (!line || !lineItemId) throw new Error(`shopify simulator: ${lineId} is not a Shopify line item of the order`);
      return {
        id: `gid://shopify/FulfillmentOrderLineItem/${nextId()}`,
        lineItemId,
        lineId,
        total: line.quantity,
        remaining: line.quantity,
      };
    };
    const used = new Set<string>();
    const fulfillmentOrders: FulfillmentOrderState[] = (specs ?? []).map((spec) => {
      for (const lineId of spec.lineIds) used.add(lineId);
      const status = spec.status ?? 'OPEN';
      return {
        id: `gid://shopify/FulfillmentOrder/${nextId()}`,
        status,
        supportedActions: [...(spec.supportedActions ?? defaultActions(status))],
        explicitActions: spec.supportedActions !== undefined,
        locationId: spec.locationId ?? SIMULATED_SHOPIFY_LOCATION_ID,
        lines: spec.lineIds.map(lineOf),
      };
    });
    const rest = order.lines.filter((line) => !used.has(line.lineId));
    if (rest.length > 0) {
      fulfillmentOrders.push({
        id: `gid://shopify/FulfillmentOrder/${nextId()}`,
        status: 'OPEN',
        supportedActions: defaultActions('OPEN'),
        explicitActions: false,
        locationId: SIMULATED_SHOPIFY_LOCATION_ID,
        lines: rest.map((line) => lineOf(line.lineId)),
      });
    }
    return { gid, source: order, specs, fulfillmentOrders };
  }

  function orderFor(marketplaceOrderId: string): OrderState | undefined {
    const gid = toShopifyGid('Order', marketplaceOrderId);
    return gid ? orders.get(gid) : undefined;
  }

  return {
    marketplace: 'shopify',
    handlers,
    baseURL,
    accessToken,
    addOrder(order, addOptions) {
      const state = buildOrder(order, addOptions?.fulfillmentOrders);
      orders.set(state.gid, state);
    },
    fulfillments(marketplaceOrderId) {
      const order = orderFor(marketplaceOrderId);
      if (!order) return [];
      return fulfillments
        .filter((fulfillment) => fulfillment.orderId === order.gid && fulfillment.status === 'SUCCESS')
        .map((fulfillment) => {
          const lines = new Map<string, number>();
          for (const group of fulfillment.lineItemsByFulfillmentOrder) {
            for (const item of group.fulfillmentOrderLineItems) {
              const line = order.fulfillmentOrders
                .flatMap((fulfillmentOrder) => fulfillmentOrder.lines)
                .find((candidate) => candidate.id === item.id);
              if (line) lines.set(line.lineId, (lines.get(line.lineId) ?? 0) + item.quantity);
            }
          }
          const tracking = fulfillment.trackingInfo[0];
          return {
            marketplaceOrderId,
            trackingNumber: tracking?.number ?? '',
            carrier: tracking?.company ?? '',
            lines: [...lines].map(([lineId, quantity]) => ({ lineId, quantity })),
          } satisfies SimulatedFulfillment;
        });
    },
    fulfillmentDetails(marketplaceOrderId) {
      const order = orderFor(marketplaceOrderId);
      return order
        ? fulfillments
            .filter((fulfillment) => fulfillment.orderId === order.gid)
            .map((fulfillment) => structuredClone(fulfillment))
        : [];
    },
    fulfillExternally(marketplaceOrderId, lines, trackingNumber) {
      const order = orderFor(marketplaceOrderId);
      if (!order) throw new Error(`shopify simulator: no order ${marketplaceOrderId}`);
      const groups = new Map<FulfillmentOrderState, { id: string; quantity: number }[]>();
      for (const wanted of lines) {
        let left = wanted.quantity;
        for (const fulfillmentOrder of order.fulfillmentOrders) {
          for (const line of fulfillmentOrder.lines) {
            if (line.lineId !== wanted.lineId || left === 0 || line.remaining === 0) continue;
            const take = Math.min(left, line.remaining);
            line.remaining -= take;
            left -= take;
            const list = groups.get(fulfillmentOrder) ?? [];
            list.push({ id: line.id, quantity: take });
            groups.set(fulfillmentOrder, list);
          }
        }
        if (left > 0) throw new Error(`shopify simulator: line ${wanted.lineId} has less than ${wanted.quantity} left`);
      }
      for (const fulfillmentOrder of order.fulfillmentOrders) updateStatus(fulfillmentOrder);
      listing.touch(order.gid);
      // One fulfillment per location, as Shopify records them.
      for (const locationId of new Set([...groups.keys()].map((fulfillmentOrder) => fulfillmentOrder.locationId))) {
        fulfillments.push({
          id: `gid://shopify/Fulfillment/${nextId()}`,
          orderId: order.gid,
          status: 'SUCCESS',
          locationId,
          trackingInfo: trackingNumber ? [{ company: null, number: trackingNumber, url: null }] : [],
          notifyCustomer: false,
          lineItemsByFulfillmentOrder: [...groups]
            .filter(([fulfillmentOrder]) => fulfillmentOrder.locationId === locationId)
            .map(([fulfillmentOrder, fulfillmentOrderLineItems]) => ({
              fulfillmentOrderId: fulfillmentOrder.id,
              fulfillmentOrderLineItems,
            })),
        });
      }
    },
    beforeNext(operation, action) {
      hooks.push({ operation, action });
    },
    throttle(throttleOptions = {}) {
      throttles.push({
        left: throttleOptions.times ?? 1,
        operations: throttleOptions.operations,
        currentlyAvailable: throttleOptions.currentlyAvailable ?? 0,
      });
    },
    availablePoints() {
      refill();
      return available;
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    answerNextPush(answer) {
      pushAnswers.push(answer);
    },
    intake: listing.intake,
    listings: listingSide.control,
    duplicateListingSku: listingSide.duplicateSku,
    listingVariant: listingSide.variant,
    orderWebhook: (marketplaceOrderId, webhookOptions) => listing.orderWebhook(marketplaceOrderId, webhookOptions),
    requestTimes(operation) {
      return calls.times(operation);
    },
    reset(resetOptions) {
      faults.reset();
      pushAnswers.reset();
      calls.reset();
      hooks = [];
      throttles = [];
      fulfillments = [];
      available = maximumAvailable;
      lastRefill = now();
      listing.reset(resetOptions?.all === true);
      listingSide.reset(resetOptions?.all === true);
      if (resetOptions?.all) {
        orders.clear();
      } else {
        for (const [gid, order] of orders) orders.set(gid, buildOrder(order.source, order.specs));
      }
    },
  };
}
