import {
  AuthenticationError,
  type CallOptions,
  compactTrackingNumber,
  InvalidRequestError,
  type MarketplaceAdapter,
  type MarketplaceCapabilities,
  type MarketplaceListings,
  type MarketplaceOrders,
  mayHaveActed,
  type PushTrackingResult,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  type Warning,
} from '@dropship/core';
import { createHttpClient, type HttpClient } from '@dropship/http';
import { createWalmartCancellationAnswers } from './answer-walmart-cancellation.js';
import { buildWalmartShipRequest } from './build-walmart-ship-request.js';
import { chooseWalmartMethodCode } from './choose-walmart-method-code.js';
import { mapWalmartError } from './map-walmart-error.js';
import { planWalmartShipment, readWalmartLineStates } from './plan-walmart-shipment.js';
import { validateWalmartPush } from './validate-walmart-push.js';
import { createWalmartListings } from './walmart-listings.js';
import { createWalmartOrders } from './walmart-orders.js';
import {
  type WalmartOrderResponse,
  walmartOrderResponseSchema,
  walmartTokenResponseSchema,
} from './walmart-schemas.js';
import { resolveWalmartSettings, WALMART_SERVICE_NAME, type WalmartOptions } from './walmart-settings.js';
import { createWalmartTokenCache } from './walmart-token-cache.js';

const SERVICE = 'walmart';

type WalmartOrder = WalmartOrderResponse['order'];

/** Whether every line of `lineNumbers` of `order` has a shipped status carrying `trackingNumber`. Pure. */
function carriesTracking(order: WalmartOrder, trackingNumber: string, lineNumbers: readonly string[]): boolean {
  const states = readWalmartLineStates(order.orderLines.orderLine);
  const wanted = compactTrackingNumber(trackingNumber);
  return lineNumbers.every((lineNumber) => states.get(lineNumber)?.trackingNumbers.has(wanted) === true);
}

/** The Walmart Marketplace adapter: the `MarketplaceAdapter` v1 contract, with order intake. */
export interface WalmartAdapter extends MarketplaceAdapter {
  readonly marketplace: 'walmart';
  /**
   * `orders: 'list-and-acknowledge'`: Walmart requires each order to be acknowledged (within four
   * hours); `cancellations: 'answer'`: a buyer's intent to cancel waits for the seller's answer.
   */
  readonly capabilities: MarketplaceCapabilities & {
    orders: 'list-and-acknowledge';
    cancellations: 'answer';
    listings: 'push';
  };
  /** Quantity and price push on the bulk feeds (asynchronous: `confirm` reads the feed status). */
  readonly listings: MarketplaceListings;
  /** Orders (`GET /v3/orders`), their acknowledgement, and the answer to a buyer's cancel request. */
  readonly orders: Required<Pick<MarketplaceOrders, 'pageSize' | 'list' | 'acknowledge' | 'answerCancellation'>>;
}

/** Adds a fresh `WM_QOS.CORRELATION_ID` to every HTTP attempt, retries included (https://developer.walmart.com/us-marketplace/docs/authentication). */
function withCorrelationId(fetchImplementation: typeof fetch | undefined, correlationId: () => string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('WM_QOS.CORRELATION_ID', correlationId());
    return (fetchImplementation ?? globalThis.fetch)(input, { ...init, headers });
  };
}

/**
 * Creates the Walmart Marketplace adapter.
 *
 * - Token: `POST /v3/token` with `Authorization: Basic base64(clientId:clientSecret)` and
 *   `grant_type=client_credentials`; the token (900 s) is cached, renewed a margin before it
 *   expires, and renewed once when Walmart answers 401 (https://developer.walmart.com/us-marketplace/docs/authentication).
 * - Every call sends `WM_SEC.ACCESS_TOKEN`, a fresh `WM_QOS.CORRELATION_ID` and
 *   `WM_SVC.NAME: Walmart Marketplace`.
 * - `pushTracking` reads the order (`GET /v3/orders/{purchaseOrderId}`), skips lines that
 *   already carry the tracking number, and ships the rest with `POST
 *   /v3/orders/{purchaseOrderId}/shipping` in the spec's shape, per line and quantity
 *   (https://developer.walmart.com/us-marketplace/reference/shippingupdates), with the order's own `shippingInfo.methodCode` (the `methodCode` option only
 *   when the order carries none). It reports `pushed` only on Walmart's documented success: HTTP 200 with the
 *   order, whose shipped lines carry the tracking number (https://developer.walmart.com/us-marketplace/reference/shippingupdates). Any other answer (an HTML page,
 *   an empty body, JSON of another shape), or an error after which Walmart may have shipped,
 *   reads the order back; when that does not show the lines shipped with the tracking number,
 *   it throws (`ResponseParseError` or the call's own error) and nothing is marked pushed.
 * - `orders.list` and `orders.acknowledge`: order intake from `GET /v3/orders/released` and
 *   `POST /v3/orders/{purchaseOrderId}/acknowledge` (see `createWalmartOrders`).
 * - `orders.answerCancellation`: accepts a buyer's cancel request with `POST
 *   /v3/orders/{purchaseOrderId}/cancel` (read first; see `createWalmartCancellationAnswers`); a
 *   refusal is the shipment itself: `pushTracking` sends `intentToCancelOverride: true` on the
 *   lines the buyer asked to cancel.
 * - `listings`: quantities and prices pushed in bulk feeds, confirmed from the feed status, read
 *   back per SKU (see `createWalmartListings`).
 * - The access token is validated (visible ASCII, at most 4,096 characters) before it is cached.
 *
 * @param options - credentials (or `WALMART_CLIENT_ID` / `WALMART_CLIENT_SECRET`), base URL and
 * the modelled settings (method code, seller order id, buyer notification).
 * @throws `MissingCredentialError` when a credential is missing.
 * @throws `ValidationError` for invalid options.
 * @example
 * ```ts
 * const walmart = createWalmart({ clientId: '...', clientSecret: '...' });
 * await walmart.pushTracking({ order, shipment });
 * ```
 */
export function createWalmart(options: WalmartOptions = {}): WalmartAdapter {
  const settings = resolveWalmartSettings(options);
  const basic = `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')}`;
  const tokenErrors = new WeakSet<object>();
  const shared = {
    service: SERVICE,
    baseURL: settings.baseURL,
    fetch: withCorrelationId(settings.fetch, settings.correlationId),
    headers: {
      'WM_SVC.NAME': WALMART_SERVICE_NAME,
      ...(settings.channelType ? { 'WM_CONSUMER.CHANNEL.TYPE': settings.channelType } : {}),
    },
    // The spec declares Basic auth on every operation, next to the access token (https://developer.walmart.com/us-marketplace/docs/authentication).
    credentials: { headers: { Authorization: basic } },
    redact: [settings.clientId, settings.clientSecret],
    mapError: mapWalmartError,
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
    ...(settings.rateLimit === undefined ? {} : { rateLimit: settings.rateLimit }),
    ...(settings.onEvent === undefined ? {} : { onEvent: settings.onEvent }),
  };
  const tokenHttp = createHttpClient(shared);

  const tokens = createWalmartTokenCache({
    now: settings.now,
    refreshMarginMs: settings.tokenRefreshMarginMs,
    requestToken: async () => {
      try {
        // Asking for a token twice has no effect beyond a second token, so it is retried like a read.
        const response = await tokenHttp.request({
          method: 'POST',
          path: '/v3/token',
          form: { grant_type: 'client_credentials' },
          retry: true,
        });
        // Parsed here, not with a schema, so that a body holding a token never lands on an error.
        const parsed = walmartTokenResponseSchema.safeParse(response.data);
        if (!parsed.success) {
          const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
          throw new ResponseParseError(
            `walmart: unexpected token response from POST /v3/token: missing or invalid ${fields.join(', ')}`,
            {
              service: SERVICE,
              method: 'POST',
              url: `${settings.baseURL}/v3/token`,
              status: response.status,
              fields,
            },
          );
        }
        return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
      } catch (error) {
        if (typeof error === 'object' && error !== null) tokenErrors.add(error);
        throw error;
      }
    },
  });

  const http: HttpClient = createHttpClient({
    ...shared,
    getCredentials: async () => ({ headers: { Authorization: basic, 'WM_SEC.ACCESS_TOKEN': await tokens.get() } }),
  });

  /** Runs a call; when Walmart refuses the access token (401), renews it once and runs it again. */
  async function withFreshTokenOnce<T>(call: () => Promise<T>): Promise<T> {
    const before = await tokens.get();
    try {
      return await call();
    } catch (error) {
      if (!AuthenticationError.isInstance(error) || tokenErrors.has(error)) throw error;
      tokens.invalidate(before);
      return call();
    }
  }

  async function readOrder(purchaseOrderId: string, signal: AbortSignal | undefined) {
    const response = await withFreshTokenOnce(() =>
      http.request({
        path: `/v3/orders/${encodeURIComponent(purchaseOrderId)}`,
        schema: walmartOrderResponseSchema,
        ...(signal ? { signal } : {}),
      }),
    );
    return response.data.order;
  }

  async function pushTracking(
    input: { order: SalesOrder; shipment: ShipmentNotice },
    callOptions?: CallOptions,
  ): Promise<PushTrackingResult> {
    const { order, shipment } = validateWalmartPush(input);
    const signal = callOptions?.signal;
    const purchaseOrderId = order.marketplaceOrderId;
    const sellerOrderId = settings.sellerOrderId({ order, shipment });
    // Checks carrier, URL, dates and the seller order id before anything is sent.
    buildWalmartShipRequest({
      shipment,
      lines: shipment.lines.map((line) => ({ lineNumber: line.lineId, quantity: line.quantity })),
      sellerOrderId,
      methodCode: settings.methodCode,
    });

    const walmartOrder = await readOrder(purchaseOrderId, signal);
    // The buyer's own shipping method, as the order carries it; the option only when it carries none.
    const method = chooseWalmartMethodCode(walmartOrder.shippingInfo?.methodCode, settings.methodCode);
    const methodCode = method.methodCode;
    const plan = planWalmartShipment(shipment, readWalmartLineStates(walmartOrder.orderLines.orderLine));
    const warnings: Warning[] = [
      ...(method.warning ? [method.warning] : []),
      ...plan.warnings,
      ...plan.problems.map((message) => ({ type: 'other' as const, message: `walmart: ${message}` })),
    ];

    if (plan.toShip.length === 0) {
      if (plan.alreadyShipped.length > 0) {
        return { status: 'already-pushed', reference: purchaseOrderId, ...(warnings.length > 0 ? { warnings } : {}) };
      }
      throw new InvalidRequestError(
        `walmart: nothing to ship on order ${purchaseOrderId} for tracking ${shipment.trackingNumber}: ${plan.problems.join('; ')}`,
        {
          service: SERVICE,
        },
      );
    }

    const body = buildWalmartShipRequest({ shipment, lines: plan.toShip, sellerOrderId, methodCode });
    const shippedLines = plan.toShip.map((line) => line.lineNumber);
    const pushed: PushTrackingResult = {
      status: 'pushed',
      reference: purchaseOrderId,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    let answer: WalmartOrder;
    try {
      const response = await withFreshTokenOnce(() =>
        http.request({
          method: 'POST',
          path: `/v3/orders/${encodeURIComponent(purchaseOrderId)}/shipping`,
          json: body,
          schema: walmartOrderResponseSchema,
          ...(signal ? { signal } : {}),
        }),
      );
      answer = response.data.order;
    } catch (error) {
      // Walmart may have shipped the lines before the answer was lost or garbled: look before failing.
      if (
        mayHaveActed(error) &&
        (await readBackShows(purchaseOrderId, shipment.trackingNumber, shippedLines, signal))
      ) {
        return pushed;
      }
      throw error;
    }
    // The documented success (https://developer.walmart.com/us-marketplace/reference/shippingupdates): 200 with the order, whose shipped lines carry the
    // tracking number. Anything else (another order, lines without it) is no evidence: read back.
    if (answer.purchaseOrderId === purchaseOrderId && carriesTracking(answer, shipment.trackingNumber, shippedLines)) {
      return pushed;
    }
    if (await readBackShows(purchaseOrderId, shipment.trackingNumber, shippedLines, signal)) return pushed;
    throw new ResponseParseError(
      `walmart: the shipment of tracking ${shipment.trackingNumber} on order ${purchaseOrderId} is not confirmed: the answer to POST /v3/orders/{purchaseOrderId}/shipping does not show lines ${shippedLines.join(', ')} shipped with it, and neither does the order read back; it is not marked pushed`,
      {
        service: SERVICE,
        method: 'POST',
        url: `${settings.baseURL}/v3/orders/${encodeURIComponent(purchaseOrderId)}/shipping`,
        status: 200,
        fields: ['order.orderLines.orderLine'],
      },
    );
  }

  /** Reads the order again: whether `lineNumbers` all carry `trackingNumber` (false when the read fails). */
  async function readBackShows(
    purchaseOrderId: string,
    trackingNumber: string,
    lineNumbers: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    try {
      const order = await readOrder(purchaseOrderId, signal);
      return order.purchaseOrderId === purchaseOrderId && carriesTracking(order, trackingNumber, lineNumbers);
    } catch {
      return false;
    }
  }

  return {
    specificationVersion: 'v1',
    marketplace: 'walmart',
    notifiesBuyer: settings.notifiesBuyer,
    capabilities: { orders: 'list-and-acknowledge', cancellations: 'answer', listings: 'push' },
    listings: createWalmartListings({ http, withFreshTokenOnce, settings: settings.listings }),
    orders: {
      ...createWalmartOrders({
        http,
        withFreshTokenOnce,
        baseURL: settings.baseURL,
        settings: settings.orders,
        now: settings.now,
      }),
      answerCancellation: createWalmartCancellationAnswers({
        http,
        withFreshTokenOnce,
        readOrder,
        baseURL: settings.baseURL,
      }),
    },
    pushTracking,
  };
}
