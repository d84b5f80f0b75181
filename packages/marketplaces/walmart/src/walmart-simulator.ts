import type { SalesOrder } from '@dropship/core';
import {
  createAnswerScript,
  createCallRecorder,
  createFaultInjector,
  type EchoedRequest,
  echoRequest,
  type Fault,
  type FaultInjectorOptions,
  type MarketplaceSimulator,
  type ScriptedAnswer,
  type SimulatedFulfillment,
  type SimulatedOrderIntake,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { isWalmartCarrier } from './walmart-carriers.js';
import { walmartMethodCodes } from './walmart-schemas.js';
import { WALMART_SERVICE_NAME } from './walmart-settings.js';
import { createWalmartSimulatorCancellations } from './walmart-simulator-cancellations.js';
import {
  createWalmartSimulatorIntake,
  type SimulatedLineStatus as LineStatus,
  type SimulatedWalmartOrder,
  type WalmartIntakeContext,
  walmartOrderDocument,
} from './walmart-simulator-intake.js';
import {
  createWalmartSimulatedListings,
  type WalmartSimulatedListings,
  type WalmartSimulatedListingsOptions,
} from './walmart-simulator-listings.js';

/** Client ID the simulator accepts by default. */
export const SIMULATED_WALMART_CLIENT_ID = 'simulated-walmart-client-id';

/** Client secret the simulator accepts by default. */
export const SIMULATED_WALMART_CLIENT_SECRET = 'simulated-walmart-client-secret';

/** Which of Walmart's two known error shapes the simulator answers with (https://developer.walmart.com/us-marketplace/docs/error-codes). */
export type WalmartErrorShape = 'documented' | 'orders-legacy';

/** Options of {@link createWalmartSimulator}. */
export interface WalmartSimulatorOptions {
  /**
   * Default `https://walmart.simulator.test` (a reserved test host, never
   * `https://marketplace.walmartapis.com`): pass `simulator.baseURL` to the adapter.
   */
  baseURL?: string;
  /** The API key the simulator accepts. */
  clientId?: string;
  clientSecret?: string;
  /** Clock for token expiry, ms since epoch. Default `Date.now`. */
  now?: () => number;
  /** Token lifetime in seconds. Default 900 (https://developer.walmart.com/us-marketplace/docs/authentication). */
  tokenLifetimeSeconds?: number;
  /**
   * Error body shape: `documented` `{errors:[...]}` (default) or `orders-legacy`
   * `{errors:{error:[...]}}`.
   */
  errorShape?: WalmartErrorShape;
  /** Fault injector options (delay of `timeout` faults). */
  faults?: FaultInjectorOptions;
  /**
   * What a listed order's `PRODUCT` charge holds: `unit-price` (default, the adapter's default
   * reading) or `line-total` (Walmart does not document which).
   */
  productCharge?: 'unit-price' | 'line-total';
  /**
   * How an empty order listing is answered: `empty-list` (default, `list.elements.order: []`) or
   * `not-found` (HTTP 404 "No Orders found", as Walmart answered historically).
   */
  emptyListing?: 'empty-list' | 'not-found';
  /** The listings side (bulk feeds): the most items a feed takes. */
  listings?: WalmartSimulatedListingsOptions;
}

/** Options of {@link WalmartSimulator.addOrder}. */
export interface SimulatedWalmartOrderOptions {
  /** `Acknowledged` (default: Walmart ships only acknowledged orders) or `Created`. */
  status?: 'Acknowledged' | 'Created';
  /**
   * The order's `shippingInfo.methodCode`, the shipping method the buyer chose. Default
   * `Standard`; `null` leaves it out (an order that carries none).
   */
  methodCode?: string | null;
}

/** A ship request as the simulator recorded it (the body it accepted and the headers it saw). */
export interface RecordedWalmartShipment {
  purchaseOrderId: string;
  /** The accepted request body, as sent. */
  body: unknown;
  correlationId: string;
}

/** The Walmart Marketplace simulator: the `MarketplaceSimulator` surface plus Walmart-specific controls. */
export interface WalmartSimulator extends MarketplaceSimulator {
  readonly marketplace: 'walmart';
  /**
   * Order intake: orders put here are listed by `GET /v3/orders` and (while a line is `Created`)
   * `GET /v3/orders/released`, acknowledged by `POST /v3/orders/{purchaseOrderId}/acknowledge`,
   * and shipped like any other order once acknowledged.
   */
  readonly intake: SimulatedOrderIntake;
  /** The API key it accepts. */
  readonly credentials: { clientId: string; clientSecret: string };
  /**
   * Listings: quantities and prices set by the bulk feeds (`POST /v3/feeds`), applied only when
   * `process()` runs, their status (`GET /v3/feeds/{feedId}`) and `GET /v3/inventory`.
   */
  readonly listings: WalmartSimulatedListings;
  /**
   * Adds an order; its lines are `Acknowledged` (Walmart ships only acknowledged orders,
   * https://developer.walmart.com/us-marketplace/docs/authentication) unless `status: 'Created'`; it carries `shippingInfo.methodCode` (default
   * `Standard`, `null` for none).
   */
  addOrder(order: SalesOrder, options?: SimulatedWalmartOrderOptions): void;
  /** Access tokens issued so far (for leak assertions). */
  issuedTokens(): string[];
  /** Makes every issued token expired now. */
  expireTokens(): void;
  /** Answers the next `times` matching calls with HTTP 429 `REQUEST_THRESHOLD_VIOLATED` (no Retry-After: Walmart documents none). */
  throttle(options?: { times?: number; operations?: readonly string[] }): void;
  /** Every `WM_QOS.CORRELATION_ID` received, in order. */
  correlationIds(): string[];
  /** Ship requests accepted, with their bodies. */
  shipments(purchaseOrderId?: string): RecordedWalmartShipment[];
  /** Changes the error shape of later answers. */
  setErrorShape(shape: WalmartErrorShape): void;
  /**
   * Answers the next ship request (`POST .../shipping`) with `answer` instead of Walmart's
   * documented body (shipping the lines first when `answer.act`): an HTML page with 200, an empty
   * 200, JSON of another shape, a redirect.
   */
  answerNextPush(answer: ScriptedAnswer): void;
  /** Answers the next `POST /v3/token` with `answer` instead of a token (a token with a bad byte, say). */
  answerNextTokenRequest(answer: ScriptedAnswer): void;
}

interface WalmartErrorEntry {
  code: string;
  message: string;
  field?: string;
}

class WalmartRejection extends Error {
  constructor(
    readonly status: number,
    readonly entries: WalmartErrorEntry[],
  ) {
    super(entries.map((entry) => entry.message).join('; '));
  }
}

const categoryByStatus: Record<number, string> = { 400: 'DATA', 401: 'APPLICATION', 404: 'DATA', 429: 'APPLICATION' };

/**
 * Creates a stateful Walmart Marketplace simulator (MSW handlers) for `POST /v3/token`,
 * `GET /v3/orders/{purchaseOrderId}` and `POST /v3/orders/{purchaseOrderId}/shipping`, following
 * https://developer.walmart.com/us-marketplace/reference/shippingupdates. It rejects what the real API rejects: a missing or expired
 * access token, a missing correlation id or service name, a carrier outside the enum,
 * `otherCarrier` without `trackingURL`, a quantity above what is left on a line, a
 * `sellerOrderId` over 30 characters, and unacknowledged orders. Faults come from the shared
 * injector, with operations `token`, `read-order`, `push-tracking`, `list-orders`,
 * `acknowledge-orders`, `answer-cancellation`, `push-listings`, `confirm-listings` and
 * `read-listings`. Listings (`listings`): see `createWalmartSimulatedListings`. Order intake (`intake`): see
 * `createWalmartSimulatorIntake`; cancellations (`POST .../cancel`, `intake.requestCancellation`,
 * `intake.cancelOrder`): see `createWalmartSimulatorCancellations`. A line the buyer asked to
 * cancel ships only with `intentToCancelOverride: true` (modelled).
 *
 * @param options - base URL, accepted API key, clock, token lifetime, error shape.
 */
export function createWalmartSimulator(options: WalmartSimulatorOptions = {}): WalmartSimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('walmart')).replace(/\/+$/, '');
  const credentials = {
    clientId: options.clientId ?? SIMULATED_WALMART_CLIENT_ID,
    clientSecret: options.clientSecret ?? SIMULATED_WALMART_CLIENT_SECRET,
  };
  const now = options.now ?? Date.now;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 900;
  let errorShape: WalmartErrorShape = options.errorShape ?? 'documented';
  const faults = createFaultInjector(options.faults);
  const calls = createCallRecorder();
  const pushAnswers = createAnswerScript();
  const tokenAnswers = createAnswerScript();
  const orders = new Map<string, SimulatedWalmartOrder>();
  const tokens = new Map<string, number>();
  const recorded: RecordedWalmartShipment[] = [];
  const fulfillmentsByOrder = new Map<string, SimulatedFulfillment[]>();
  const correlationIds: string[] = [];
  let throttles: { left: number; operations: readonly string[] | undefined }[] = [];
  let tokenCounter = 0;
  const expectedBasic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;

  function errorResponse(rejection: WalmartRejection, echo: EchoedRequest): Response {
    const entries = rejection.entries.map((entry) => ({
      code: entry.code,
      ...(entry.field ? { field: entry.field } : {}),
      severity: 'ERROR',
      category: categoryByStatus[rejection.status] ?? 'SYSTEM',
    }));
    const body =
      errorShape === 'documented'
        ? { errors: rejection.entries.map((entry, index) => ({ ...entries[index], message: entry.message })) }
        : {
            errors: {
              error: rejection.entries.map((entry, index) => ({
                ...entries[index],
                description: entry.message,
                info: entry.message,
                causes: [],
              })),
            },
          };
    // Error answers echo the request (headers, query, body) as an error page might, so that a
    // client which leaks a response body into an error leaks the credentials too.
    return HttpResponse.json({ ...body, request: echo }, { status: rejection.status });
  }

  function takeThrottle(operation: string): boolean {
    const entry = throttles.find((candidate) => !candidate.operations || candidate.operations.includes(operation));
    if (!entry) return false;
    entry.left -= 1;
    if (entry.left <= 0) throttles = throttles.filter((candidate) => candidate !== entry);
    return true;
  }

  /** Common checks and fault handling of every call. */
  async function serve(
    operation: string,
    request: Request,
    perform: () => Promise<Response> | Response,
  ): Promise<Response> {
    calls.record(operation);
    const correlationId = request.headers.get('WM_QOS.CORRELATION_ID');
    if (correlationId) correlationIds.push(correlationId);
    const echo = await echoRequest(request);
    return faults.serve(operation, async () => {
      try {
        if (takeThrottle(operation)) {
          throw new WalmartRejection(429, [
            { code: 'REQUEST_THRESHOLD_VIOLATED', message: 'Request threshold violated' },
          ]);
        }
        if (!correlationId) {
          throw new WalmartRejection(400, [
            {
              code: 'INVALID_REQUEST_HEADER',
              message: 'WM_QOS.CORRELATION_ID is required',
              field: 'WM_QOS.CORRELATION_ID',
            },
          ]);
        }
        if (request.headers.get('WM_SVC.NAME') !== WALMART_SERVICE_NAME) {
          throw new WalmartRejection(400, [
            { code: 'INVALID_REQUEST_HEADER', message: 'WM_SVC.NAME is required', field: 'WM_SVC.NAME' },
          ]);
        }
        return await perform();
      } catch (error) {
        if (error instanceof WalmartRejection) return errorResponse(error, echo);
        throw error;
      }
    });
  }

  function requireToken(request: Request): void {
    const token = request.headers.get('WM_SEC.ACCESS_TOKEN');
    const expiresAt = token ? tokens.get(token) : undefined;
    if (expiresAt === undefined || now() >= expiresAt) {
      throw new WalmartRejection(401, [
        {
          code: 'UNAUTHORIZED',
          message: token ? 'Access token is invalid or expired' : 'WM_SEC.ACCESS_TOKEN is required',
        },
      ]);
    }
  }

  function orderJson(order: SimulatedWalmartOrder): { order: Record<string, unknown> } {
    if (order.listing) return { order: walmartOrderDocument(order, options.productCharge ?? 'unit-price') };
    return {
      order: {
        purchaseOrderId: order.purchaseOrderId,
        customerOrderId: order.customerOrderId,
        customerEmailId: `${order.customerOrderId}@relay.walmart.com`,
        orderDate: order.orderDate,
        ...(order.methodCode === undefined ? {} : { shippingInfo: { methodCode: order.methodCode } }),
        orderLines: {
          orderLine: [...order.lines].map(([lineNumber, line]) => ({
            lineNumber,
            item: { sku: line.sku },
            orderLineQuantity: { unitOfMeasurement: 'EACH', amount: String(line.ordered) },
            orderLineStatuses: {
              orderLineStatus: line.statuses
                .filter((status) => status.quantity > 0)
                .map((status) => ({
                  status: status.status,
                  statusQuantity: { unitOfMeasurement: 'EACH', amount: String(status.quantity) },
                  ...(status.cancellationReason ? { cancellationReason: status.cancellationReason } : {}),
                  ...(status.trackingInfo ? { trackingInfo: status.trackingInfo } : {}),
                })),
            },
            ...(line.intentToCancel ? { intentToCancel: 'Y' } : {}),
          })),
        },
      },
    };
  }

  function issueToken(): Response {
    tokenCounter += 1;
    const token = `sim-walmart-access-${tokenCounter}-${Math.random().toString(36).slice(2, 10)}`;
    tokens.set(token, now() + lifetimeSeconds * 1000);
    return HttpResponse.json({ access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds });
  }

  function record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  }

  /** Validates a ship request against the spec (https://developer.walmart.com/us-marketplace/reference/shippingupdates, https://developer.walmart.com/us-marketplace/docs/supported-carrier-names) and the order's state; all or nothing. */
  function ship(order: SimulatedWalmartOrder, body: unknown, correlationId: string): Response {
    const lines = record(record(record(body)?.orderShipment)?.orderLines)?.orderLine;
    if (!Array.isArray(lines) || lines.length === 0) {
      throw new WalmartRejection(400, [
        {
          code: 'INVALID_REQUEST_CONTENT',
          message: 'orderShipment.orderLines.orderLine is required',
          field: 'orderLine',
        },
      ]);
    }
    const problems: WalmartErrorEntry[] = [];
    const planned: { lineNumber: string; quantity: number; trackingInfo: Record<string, unknown> }[] = [];
    const leftByLine = new Map<string, number>();
    lines.forEach((raw, index) => {
      const line = record(raw);
      const lineNumber = typeof line?.lineNumber === 'string' ? line.lineNumber : undefined;
      const held = lineNumber ? order.lines.get(lineNumber) : undefined;
      const at = `orderLine[${index}]`;
      if (!lineNumber || !held) {
        problems.push({
          code: 'INVALID_REQUEST_CONTENT',
          message: `${at}: line ${String(line?.lineNumber)} is not on PO ${order.purchaseOrderId}`,
          field: 'lineNumber',
        });
        return;
      }
      // Modelled: Walmart documents the override as required on a line the buyer asked to cancel.
      if (held.intentToCancel && line?.intentToCancelOverride !== true) {
        problems.push({
          code: 'INVALID_REQUEST_CONTENT',
          message: `${at}: line ${lineNumber} has a customer intent to cancel: intentToCancelOverride must be true to ship it`,
          field: 'intentToCancelOverride',
        });
      }
      const sellerOrderId = line?.sellerOrderId;
      if (typeof sellerOrderId !== 'string' || sellerOrderId.length === 0 || sellerOrderId.length > 30) {
        problems.push({
          code: 'INVALID_REQUEST_CONTENT',
          message: `${at}: sellerOrderId is required, at most 30 characters`,
          field: 'sellerOrderId',
        });
      }
      const statuses = record(line?.orderLineStatuses)?.orderLineStatus;
      if (!Array.isArray(statuses) || statuses.length === 0) {
        problems.push({
          code: 'INVALID_REQUEST_CONTENT',
          message: `${at}: orderLineStatuses.orderLineStatus is required`,
          field: 'orderLineStatus',
        });
        return;
      }
      for (const rawStatus of statuses) {
        const status = record(rawStatus);
        const quantity = record(status?.statusQuantity);
        const info = record(status?.trackingInfo);
        const carrierName = record(info?.carrierName);
        if (status?.status !== 'Shipped')
          problems.push({ code: 'INVALID_REQUEST_CONTENT', message: `${at}: status must be Shipped`, field: 'status' });
        const unit = quantity?.unitOfMeasurement;
        const amountText = quantity?.amount;
        if (
          (unit !== 'EACH' && unit !== 'EA') ||
          typeof amountText !== 'string' ||
          !/^\d+$/.test(amountText) ||
          Number(amountText) < 1
        ) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: statusQuantity needs unitOfMeasurement EACH and a whole amount as a string`,
            field: 'statusQuantity',
          });
          continue;
        }
        if (!info) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: trackingInfo is required`,
            field: 'trackingInfo',
          });
          continue;
        }
        if (typeof info.shipDateTime !== 'number' || !Number.isInteger(info.shipDateTime)) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: shipDateTime must be epoch milliseconds`,
            field: 'shipDateTime',
          });
        }
        if (typeof info.trackingNumber !== 'string' || info.trackingNumber.length === 0) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: trackingNumber is required`,
            field: 'trackingNumber',
          });
        }
        // A code of the spec's enum, or the order's own (Walmart's order and ship enums differ).
        if (
          typeof info.methodCode !== 'string' ||
          !((walmartMethodCodes as readonly string[]).includes(info.methodCode) || info.methodCode === order.methodCode)
        ) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: methodCode is invalid`,
            field: 'methodCode',
          });
        }
        const carrier = carrierName?.carrier;
        const otherCarrier = carrierName?.otherCarrier;
        if (carrier !== undefined && otherCarrier !== undefined) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: give carrier or otherCarrier, not both`,
            field: 'carrierName',
          });
        } else if (carrier !== undefined) {
          if (typeof carrier !== 'string' || !isWalmartCarrier(carrier)) {
            problems.push({
              code: 'INVALID_REQUEST_CONTENT',
              message: `${at}: carrier "${String(carrier)}" is not supported`,
              field: 'carrier',
            });
          }
        } else if (typeof otherCarrier === 'string' && otherCarrier.length > 0) {
          if (typeof info.trackingURL !== 'string' || info.trackingURL.length === 0) {
            problems.push({
              code: 'INVALID_REQUEST_CONTENT',
              message: `${at}: trackingURL is required with otherCarrier`,
              field: 'trackingURL',
            });
          }
        } else {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: carrierName is required`,
            field: 'carrierName',
          });
        }
        const amount = Number(amountText);
        const open = leftByLine.get(lineNumber) ?? openQuantity(held.statuses);
        if (held.statuses.some((entry) => entry.status === 'Created' && entry.quantity > 0)) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: line ${lineNumber} must be acknowledged before it ships`,
            field: 'status',
          });
        } else if (amount > open) {
          problems.push({
            code: 'INVALID_REQUEST_CONTENT',
            message: `${at}: line ${lineNumber} cannot be shipped as quantity ${amount} is greater than the ${open} left`,
            field: 'amount',
          });
        }
        leftByLine.set(lineNumber, open - amount);
        planned.push({ lineNumber, quantity: amount, trackingInfo: info });
      }
    });
    if (problems.length > 0) throw new WalmartRejection(400, problems);

    const byTracking = new Map<string, SimulatedFulfillment>();
    for (const entry of planned) {
      const held = order.lines.get(entry.lineNumber);
      if (!held) continue;
      let toMove = entry.quantity;
      for (const status of held.statuses) {
        if (status.status !== 'Acknowledged' || toMove === 0) continue;
        const moved = Math.min(status.quantity, toMove);
        status.quantity -= moved;
        toMove -= moved;
      }
      held.statuses.push({ status: 'Shipped', quantity: entry.quantity, trackingInfo: entry.trackingInfo });
      // Shipping with the override is the seller's refusal: the request is answered.
      delete held.intentToCancel;
      const carrierName = record(entry.trackingInfo.carrierName);
      const trackingNumber = String(entry.trackingInfo.trackingNumber);
      const fulfillment = byTracking.get(trackingNumber) ?? {
        marketplaceOrderId: order.purchaseOrderId,
        trackingNumber,
        carrier: String(carrierName?.carrier ?? carrierName?.otherCarrier),
        lines: [],
      };
      fulfillment.lines.push({ lineId: entry.lineNumber, quantity: entry.quantity });
      byTracking.set(trackingNumber, fulfillment);
    }
    const list = fulfillmentsByOrder.get(order.purchaseOrderId) ?? [];
    list.push(...byTracking.values());
    fulfillmentsByOrder.set(order.purchaseOrderId, list);
    recorded.push({ purchaseOrderId: order.purchaseOrderId, body, correlationId });
    return HttpResponse.json(orderJson(order));
  }

  function openQuantity(statuses: LineStatus[]): number {
    return statuses
      .filter((status) => status.status === 'Acknowledged')
      .reduce((sum, status) => sum + status.quantity, 0);
  }

  const intakeContext: WalmartIntakeContext = {
    baseURL,
    orders,
    now,
    serve,
    requireToken,
    refuse: (status, code, message, field) => {
      throw new WalmartRejection(status, [{ code, message, ...(field ? { field } : {}) }]);
    },
    orderJson,
    productCharge: options.productCharge ?? 'unit-price',
    emptyListing: options.emptyListing ?? 'empty-list',
  };
  const intake = createWalmartSimulatorIntake(intakeContext);
  const cancellations = createWalmartSimulatorCancellations(intakeContext);
  const listings = createWalmartSimulatedListings(intakeContext, options.listings);

  const handlers: RequestHandler[] = [
    // Before `GET /v3/orders/:purchaseOrderId`, which would take `released` for an order id.
    ...intake.handlers,
    ...cancellations.handlers,
    ...listings.handlers,
    http.post(`${baseURL}/v3/token`, ({ request }) =>
      serve(standardOperations.token, request, () =>
        tokenAnswers.serve(async () => {
          if (request.headers.get('Authorization') !== expectedBasic) {
            throw new WalmartRejection(401, [{ code: 'UNAUTHORIZED', message: 'Invalid client credentials' }]);
          }
          const form = new URLSearchParams(await request.text());
          if (form.get('grant_type') !== 'client_credentials') {
            throw new WalmartRejection(400, [
              { code: 'INVALID_REQUEST_PARAM', message: 'grant_type must be client_credentials', field: 'grant_type' },
            ]);
          }
          return issueToken();
        }),
      ),
    ),
    http.get(`${baseURL}/v3/orders/:purchaseOrderId`, ({ request, params }) =>
      serve(standardOperations.readOrder, request, () => {
        requireToken(request);
        const order = orders.get(String(params.purchaseOrderId));
        if (!order)
          throw new WalmartRejection(404, [
            { code: 'CONTENT_NOT_FOUND', message: `PO ${String(params.purchaseOrderId)} not found` },
          ]);
        return HttpResponse.json(orderJson(order));
      }),
    ),
    http.post(`${baseURL}/v3/orders/:purchaseOrderId/shipping`, ({ request, params }) =>
      serve(standardOperations.pushTracking, request, () =>
        pushAnswers.serve(async () => {
          requireToken(request);
          const order = orders.get(String(params.purchaseOrderId));
          if (!order)
            throw new WalmartRejection(404, [
              { code: 'CONTENT_NOT_FOUND', message: `PO ${String(params.purchaseOrderId)} not found` },
            ]);
          let body: unknown;
          try {
            body = await request.json();
          } catch {
            throw new WalmartRejection(400, [{ code: 'INVALID_REQUEST_CONTENT', message: 'Body is not JSON' }]);
          }
          return ship(order, body, request.headers.get('WM_QOS.CORRELATION_ID') ?? '');
        }),
      ),
    ),
  ];

  function buildOrder(
    order: SalesOrder,
    status: 'Acknowledged' | 'Created',
    methodCode: string | undefined,
  ): SimulatedWalmartOrder {
    return {
      purchaseOrderId: order.marketplaceOrderId,
      customerOrderId: `C${order.marketplaceOrderId}`,
      orderDate: Date.parse(order.orderedAt),
      lines: new Map(
        order.lines.map((line) => [
          line.lineId,
          { sku: line.sku, ordered: line.quantity, statuses: [{ status, quantity: line.quantity }] },
        ]),
      ),
      source: order,
      initialStatus: status,
      methodCode,
    };
  }

  return {
    marketplace: 'walmart',
    handlers,
    baseURL,
    credentials,
    intake: { ...intake.intake, ...cancellations.controls },
    listings,
    addOrder(order, addOptions) {
      const methodCode = addOptions?.methodCode === null ? undefined : (addOptions?.methodCode ?? 'Standard');
      orders.set(order.marketplaceOrderId, buildOrder(order, addOptions?.status ?? 'Acknowledged', methodCode));
    },
    fulfillments(marketplaceOrderId) {
      return (fulfillmentsByOrder.get(marketplaceOrderId) ?? []).map((fulfillment) => ({
        ...fulfillment,
        lines: fulfillment.lines.map((line) => ({ ...line })),
      }));
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    requestTimes(operation) {
      return calls.times(operation);
    },
    issuedTokens() {
      return [...tokens.keys()];
    },
    expireTokens() {
      const past = now() - 1;
      for (const token of tokens.keys()) tokens.set(token, past);
    },
    throttle(throttleOptions = {}) {
      throttles.push({ left: throttleOptions.times ?? 1, operations: throttleOptions.operations });
    },
    correlationIds() {
      return [...correlationIds];
    },
    shipments(purchaseOrderId) {
      return recorded.filter((entry) => purchaseOrderId === undefined || entry.purchaseOrderId === purchaseOrderId);
    },
    setErrorShape(shape) {
      errorShape = shape;
    },
    answerNextPush(answer) {
      pushAnswers.push(answer);
    },
    answerNextTokenRequest(answer) {
      tokenAnswers.push(answer);
    },
    reset(resetOptions) {
      faults.reset();
      pushAnswers.reset();
      tokenAnswers.reset();
      calls.reset();
      tokens.clear();
      throttles = [];
      recorded.length = 0;
      correlationIds.length = 0;
      fulfillmentsByOrder.clear();
      intake.reset();
      cancellations.reset();
      listings.reset(resetOptions?.all === true);
      if (resetOptions?.all) {
        orders.clear();
      } else {
        for (const [id, order] of orders)
          orders.set(
            id,
            order.listing ? intake.rebuild(order) : buildOrder(order.source, order.initialStatus, order.methodCode),
          );
      }
    },
  };
}
