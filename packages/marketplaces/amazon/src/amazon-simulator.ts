import { randomBytes } from 'node:crypto';
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
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { amazonConfirmShipmentRateLimit } from './amazon-adapter.js';
import { amazonListingsRateLimits } from './amazon-listings.js';
import { amazonOrderRateLimits } from './amazon-order-schemas.js';
import { type AmazonSimulatedListings, createAmazonSimulatedListings } from './amazon-simulator-listings.js';
import {
  type AmazonSimulatedIntake,
  amazonIntakeOperations,
  createAmazonSimulatedIntake,
  type SimulatedQuota,
} from './amazon-simulator-orders.js';

/**
 * Amazon carrier codes the simulator accepts: the third-party copy of Amazon's list in
 * https://developer-docs.amazon.com/sp-api/changelog/carriercode-value-required-in-shipment-confirmations-for-br-mx-ca-sg-au-in-jp-marketplaces.
 */
export const simulatedAmazonCarrierCodes: readonly string[] = [
  'USPS',
  'UPS',
  'UPSMI',
  'FedEx',
  'DHL',
  'Fastway',
  'GLS',
  'GO!',
  'Hermes Logistik Gruppe',
  'Royal Mail',
  'Parcelforce',
  'City Link',
  'TNT',
  'Target',
  'SagawaExpress',
  'NipponExpress',
  'YamatoTransport',
  'DHL Global Mail',
  'UPS Mail Innovations',
  'FedEx SmartPost',
  'OSM',
  'OnTrac',
  'Streamlite',
  'Newgistics',
  'Canada Post',
  'Blue Package',
  'Chronopost',
  'Deutsche Post',
  'DPD',
  'La Poste',
  'Parcelnet',
  'Poste Italiane',
  'SDA',
  'Smartmail',
  'FEDEX_JP',
  'JP_EXPRESS',
  'NITTSU',
  'SAGAWA',
  'YAMATO',
  'BlueDart',
  'AFL/Fedex',
  'Aramex',
  'India Post',
  'Professional',
  'DTDC',
  'Overnite Express',
  'First Flight',
  'Delhivery',
  'Lasership',
  'Yodel',
  'Other',
];

/** Operation names of the Amazon simulator (for faults, `requestTimes` and `callCount`). */
export const amazonSimulatorOperations = {
  /** `POST /auth/o2/token` (Login with Amazon). */
  token: standardOperations.token,
  /** `POST /orders/v0/orders/{orderId}/shipmentConfirmation`. */
  confirmShipment: standardOperations.pushTracking,
  ...amazonIntakeOperations,
} as const;

/** Options of {@link createAmazonSimulator}. */
export interface AmazonSimulatorOptions {
  /**
   * SP-API root the handlers answer on. Default `https://amazon.simulator.test` (a reserved test
   * host, never `https://sellingpartnerapi-na.amazon.com`): pass `simulator.baseURL` to the adapter.
   */
  baseURL?: string;
  /**
   * LWA token endpoint. Default `https://amazon-lwa.simulator.test/auth/o2/token` (never
   * `https://api.amazon.com/auth/o2/token`): pass `simulator.tokenURL` to the adapter.
   */
  tokenURL?: string;
  /** The LWA refresh token the simulator accepts. Default a fixed simulator value. */
  refreshToken?: string;
  /** The LWA client id the simulator accepts. Default a fixed simulator value. */
  clientId?: string;
  /** The LWA client secret the simulator accepts. Default a fixed simulator value. */
  clientSecret?: string;
  /** `expires_in` of the access tokens it issues, in seconds. Default 3,600. */
  accessTokenLifetimeSeconds?: number;
  /**
   * The quota it enforces on confirmShipment (429 `QuotaExceeded` beyond it), or false. Default
   * 2 requests/s, burst 10 (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), with `toleranceMs` (default 250) of slack for the jitter
   * between the moment a client lets a request go and the moment it arrives.
   */
  quota?: { requests: number; intervalMs: number; burst: number; toleranceMs?: number } | false;
  /** How long a `timeout` fault holds the response, in ms, unless the fault says. Default 35,000. */
  timeoutDelayMs?: number;
  /**
   * The quotas it enforces on the order listing, per operation (429 `QuotaExceeded` beyond them),
   * or false for none. Default the documented usage plans (`amazonOrderRateLimits`: getOrders 1
   * per 60 s burst 20, getOrderItems 1 per 2 s burst 30, createRestrictedDataToken 1/s burst 10).
   */
  orderQuotas?:
    | {
        listOrders?: SimulatedQuota | false;
        listOrderItems?: SimulatedQuota | false;
        restrictedDataToken?: SimulatedQuota | false;
      }
    | false;
  /** The `MarketplaceId` of the orders it lists (and of the listings). Default `ATVPDKIKX0DER` (US). */
  marketplaceId?: string;
  /** The seller id the Listings Items API answers for (`{sellerId}` of its paths). Default `A2SIMULATEDSELLER`. */
  sellerId?: string;
  /**
   * The quotas it enforces on the Listings Items API (429 `QuotaExceeded` beyond them), or false.
   * Default the documented plans (`amazonListingsRateLimits`): patchListingsItem 5/s burst 5,
   * getListingsItem 5/s burst 10.
   */
  listingQuotas?: { patchListingsItem?: SimulatedQuota | false; getListingsItem?: SimulatedQuota | false } | false;
  /** Items per `getOrderItems` page (modelled: Amazon documents no figure). Default 100. */
  orderItemsPageSize?: number;
  /** `expiresIn` of the Restricted Data Tokens it issues, in seconds (modelled). Default 3,600. */
  restrictedDataTokenLifetimeSeconds?: number;
  /**
   * The simulator's clock for the order listing (the default `LastUpdateDate` of an order put, and
   * "`LastUpdatedBefore` at least two minutes before now"), ms since epoch. Default `Date.now`.
   */
  now?: () => number;
}

/** A package as the Amazon simulator stores it. */
export interface SimulatedAmazonPackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName: string | undefined;
  trackingNumber: string;
  shipDate: string;
  orderItems: { orderItemId: string; quantity: number }[];
  /** How many confirmations with this packageReferenceId were applied (1 = created, more = edited). */
  confirmations: number;
}

/** The Amazon simulator: a `MarketplaceSimulator` plus SP-API and LWA controls. */
export interface AmazonSimulator extends MarketplaceSimulator {
  readonly marketplace: 'amazon';
  /** The SP-API root. */
  readonly baseURL: string;
  /** The LWA token endpoint. */
  readonly tokenURL: string;
  /** The LWA credentials the simulator accepts. */
  readonly credentials: { refreshToken: string; clientId: string; clientSecret: string };
  /** Packages of an order in Amazon's terms. */
  packages(orderId: string): SimulatedAmazonPackage[];
  /**
   * Makes every access token (and Restricted Data Token) issued so far invalid (as if expired or
   * revoked): SP-API answers 403 `Unauthorized`.
   */
  expireAccessTokens(): void;
  /** The order listing (getOrders, getOrderItems, createRestrictedDataToken). */
  readonly intake: AmazonSimulatedIntake;
  /** The seller id the Listings Items API answers for (pass it to the adapter as `sellerId`). */
  readonly sellerId: string;
  /** Listings (patchListingsItem queued until `process()`, getListingsItem). */
  readonly listings: AmazonSimulatedListings;
  /** How many 429 `QuotaExceeded` answers the quota gave. */
  quotaRejections(): number;
  /** Calls served per operation (see {@link amazonSimulatorOperations}); all when omitted. */
  callCount(operation?: string): number;
  /**
   * Answers the next `confirmShipment` with `answer` instead of Amazon's documented `204 No
   * Content` (storing the package first when `answer.act`): an HTML page with 200, a 200 with a
   * body, a redirect.
   */
  answerNextPush(answer: ScriptedAnswer): void;
  /**
   * Answers the next LWA token request with `answer` (issuing nothing): for example an access
   * token with a byte no HTTP header can carry.
   */
  answerNextTokenRequest(answer: ScriptedAnswer): void;
}

interface StoredOrder {
  lines: Map<string, number>;
  packages: SimulatedAmazonPackage[];
}

/**
 * The SP-API error body (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), plus the request echoed (headers, query, body) as an error page
 * might, so that a client which leaks a response body into an error leaks the credential too.
 */
function spApiError(echo: EchoedRequest, status: number, code: string, message: string, details?: string): Response {
  return HttpResponse.json(
    { errors: [{ code, message, ...(details === undefined ? {} : { details }) }], request: echo },
    { status },
  );
}

/** The 400 the sandbox answers for invalid input (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), with a detail saying what. */
function invalidInput(echo: EchoedRequest, details: string): Response {
  return spApiError(echo, 400, 'Invalid Input', 'Invalid Input', details);
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Creates a stateful fake of SP-API Orders v0 `confirmShipment` and the Login with Amazon token
 * endpoint (https://developer-docs.amazon.com/sp-api/reference/confirmshipment) as MSW handlers.
 *
 * - Token endpoint: refresh-token grant; a wrong client is 401 `invalid_client`, a wrong refresh
 *   token 400 `invalid_grant`; issues access tokens with `expires_in`.
 * - confirmShipment: checks the `x-amz-access-token` (403 `Unauthorized` for an unknown or expired
 *   one), the quota (429 `QuotaExceeded`), and the body as Amazon does: marketplaceId, a positive
 *   numeric `packageReferenceId`, a listed `carrierCode` (`Other` needs `carrierName`), an ISO 8601
 *   `shipDate`, known order items, no more than ordered; the same `packageReferenceId` edits that
 *   package instead of adding one (https://developer-docs.amazon.com/sp-api/reference/confirmshipment). Success is 204 without a body.
 * - Faults through the shared injector; arrival time of every request.
 *
 * Modelled rather than documented: the LWA error bodies, the 403 body (as reported in
 * amzn/selling-partner-api-models issues), the 404 for an unknown order, and the `details` texts.
 *
 * @param options - hosts, accepted credentials, token lifetime, quota.
 */
export function createAmazonSimulator(options: AmazonSimulatorOptions = {}): AmazonSimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('amazon')).replace(/\/+$/, '');
  const tokenURL = options.tokenURL ?? `${simulatorBaseURL('amazon-lwa')}/auth/o2/token`;
  const credentials = {
    refreshToken: options.refreshToken ?? 'Atzr|amazon-simulator-refresh-token',
    clientId: options.clientId ?? 'amzn1.application-oa2-client.simulator',
    clientSecret: options.clientSecret ?? 'amazon-simulator-client-secret',
  };
  const lifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3_600;
  const quotaSettings =
    options.quota === false
      ? undefined
      : (options.quota ?? { ...amazonConfirmShipmentRateLimit, burst: amazonConfirmShipmentRateLimit.burst ?? 10 });
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  const pushAnswers = createAnswerScript();
  const tokenAnswers = createAnswerScript();
  let orders = new Map<string, StoredOrder>();
  let accessTokens = new Map<string, number>();
  let rejections = 0;

  function createQuota(settings: SimulatedQuota | undefined) {
    if (!settings) return undefined;
    // Server side of the bucket: a request is over quota when it would have to wait longer than the tolerance.
    const tolerance = settings.toleranceMs ?? 250;
    const perMs = settings.requests / settings.intervalMs;
    let tokens = settings.burst;
    let updatedAt = Date.now();
    return {
      allow(): boolean {
        const now = Date.now();
        tokens = Math.min(settings.burst, tokens + (now - updatedAt) * perMs);
        updatedAt = now;
        if (tokens + tolerance * perMs < 1) return false;
        tokens -= 1;
        return true;
      },
    };
  }
  const newQuota = () => createQuota(quotaSettings);
  let quota = newQuota();
  const orderQuotaSettings = {
    listOrders: amazonOrderRateLimits.getOrders,
    listOrderItems: amazonOrderRateLimits.getOrderItems,
    restrictedDataToken: amazonOrderRateLimits.createRestrictedDataToken,
    ...(options.orderQuotas === false ? {} : options.orderQuotas),
  };
  const intake = createAmazonSimulatedIntake({
    baseURL,
    marketplaceId: options.marketplaceId ?? 'ATVPDKIKX0DER',
    faults,
    calls,
    now: options.now ?? Date.now,
    isAccessToken: (token) => {
      const expiresAt = accessTokens.get(token);
      return expiresAt !== undefined && Date.now() < expiresAt;
    },
    onPut: (order) => putForTracking(order),
    error: spApiError,
    quota: (operation) => {
      if (options.orderQuotas === false) return undefined;
      const settings = orderQuotaSettings[operation];
      return settings === false ? undefined : createQuota(settings);
    },
    onQuotaRejection: () => {
      rejections += 1;
    },
    orderItemsPageSize: options.orderItemsPageSize ?? 100,
    restrictedDataTokenLifetimeSeconds: options.restrictedDataTokenLifetimeSeconds ?? 3_600,
  });

  const sellerId = options.sellerId ?? 'A2SIMULATEDSELLER';
  const listingQuotaSettings = {
    patchListingsItem: amazonListingsRateLimits.patchListingsItem,
    getListingsItem: amazonListingsRateLimits.getListingsItem,
    ...(options.listingQuotas === false ? {} : options.listingQuotas),
  };
  const listings = createAmazonSimulatedListings({
    baseURL,
    sellerId,
    marketplaceId: options.marketplaceId ?? 'ATVPDKIKX0DER',
    faults,
    calls,
    isAccessToken: (token) => {
      const expiresAt = accessTokens.get(token);
      return expiresAt !== undefined && Date.now() < expiresAt;
    },
    error: spApiError,
    quota: (operation) => {
      if (options.listingQuotas === false) return undefined;
      const settings = listingQuotaSettings[operation];
      return settings === false ? undefined : createQuota(settings);
    },
    onQuotaRejection: () => {
      rejections += 1;
    },
  });

  /** Makes `order` one tracking can be pushed to; an order already held keeps its packages. */
  function putForTracking(order: SalesOrder): void {
    const lines = new Map<string, number>();
    for (const line of order.lines) lines.set(line.lineId, (lines.get(line.lineId) ?? 0) + line.quantity);
    orders.set(order.marketplaceOrderId, { lines, packages: orders.get(order.marketplaceOrderId)?.packages ?? [] });
  }

  function issueToken(echo: EchoedRequest, form: URLSearchParams): Response {
    if (form.get('grant_type') !== 'refresh_token') {
      return HttpResponse.json(
        {
          error: 'unsupported_grant_type',
          error_description: 'The authorization grant type is not supported',
          request: echo,
        },
        { status: 400 },
      );
    }
    if (form.get('client_id') !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret) {
      return HttpResponse.json(
        { error: 'invalid_client', error_description: 'Client authentication failed', request: echo },
        { status: 401 },
      );
    }
    if (form.get('refresh_token') !== credentials.refreshToken) {
      return HttpResponse.json(
        {
          error: 'invalid_grant',
          error_description: 'The request has an invalid grant parameter : refresh_token',
          request: echo,
        },
        { status: 400 },
      );
    }
    const accessToken = `Atza|simulated-${randomBytes(12).toString('hex')}`;
    accessTokens.set(accessToken, Date.now() + lifetimeSeconds * 1000);
    return HttpResponse.json({
      access_token: accessToken,
      refresh_token: credentials.refreshToken,
      token_type: 'bearer',
      expires_in: lifetimeSeconds,
    });
  }

  function confirmShipment(echo: EchoedRequest, orderId: string, request: Request, body: unknown): Response {
    const token = request.headers.get('x-amz-access-token') ?? '';
    const expiresAt = accessTokens.get(token);
    if (expiresAt === undefined || Date.now() >= expiresAt) {
      return spApiError(
        echo,
        403,
        'Unauthorized',
        'Access to requested resource is denied.',
        'The access token you provided is revoked, malformed or invalid.',
      );
    }
    if (quota && !quota.allow()) {
      rejections += 1;
      return spApiError(echo, 429, 'QuotaExceeded', 'You exceeded your quota for the requested resource.');
    }
    const order = orders.get(orderId);
    if (!order) return spApiError(echo, 404, 'NotFound', 'The requested order was not found.', `orderId ${orderId}`);
    if (typeof body !== 'object' || body === null)
      return invalidInput(echo, 'the body must be a ConfirmShipmentRequest');
    const { marketplaceId, packageDetail } = body as { marketplaceId?: unknown; packageDetail?: unknown };
    if (typeof marketplaceId !== 'string' || marketplaceId.length === 0)
      return invalidInput(echo, 'marketplaceId is required');
    if (typeof packageDetail !== 'object' || packageDetail === null)
      return invalidInput(echo, 'packageDetail is required');
    const detail = packageDetail as Record<string, unknown>;
    const { packageReferenceId, carrierCode, carrierName, trackingNumber, shipDate, orderItems } = detail;
    if (typeof packageReferenceId !== 'string' || !/^[1-9]\d*$/.test(packageReferenceId)) {
      return invalidInput(echo, 'packageReferenceId must be a positive numeric string');
    }
    if (typeof carrierCode !== 'string' || !simulatedAmazonCarrierCodes.includes(carrierCode))
      return invalidInput(echo, 'carrierCode is not a valid carrier code');
    if (carrierCode === 'Other' && (typeof carrierName !== 'string' || carrierName.trim().length === 0)) {
      return invalidInput(echo, 'carrierName is required when carrierCode is Other');
    }
    if (typeof trackingNumber !== 'string' || trackingNumber.trim().length === 0)
      return invalidInput(echo, 'trackingNumber is required');
    if (typeof shipDate !== 'string' || !isoDateTime.test(shipDate) || Number.isNaN(Date.parse(shipDate))) {
      return invalidInput(echo, 'shipDate must be an ISO 8601 date-time');
    }
    if (!Array.isArray(orderItems) || orderItems.length === 0) return invalidInput(echo, 'orderItems is required');
    const items: { orderItemId: string; quantity: number }[] = [];
    for (const item of orderItems as unknown[]) {
      const { orderItemId, quantity } = (item ?? {}) as { orderItemId?: unknown; quantity?: unknown };
      if (typeof orderItemId !== 'string' || !order.lines.has(orderItemId))
        return invalidInput(echo, `orderItemId ${String(orderItemId)} is not in the order`);
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0)
        return invalidInput(echo, 'quantity must be a positive integer');
      if (items.some((existing) => existing.orderItemId === orderItemId))
        return invalidInput(echo, `orderItemId ${orderItemId} is listed twice`);
      items.push({ orderItemId, quantity });
    }
    const others = order.packages.filter((existing) => existing.packageReferenceId !== packageReferenceId);
    for (const item of items) {
      const shipped = others
        .flatMap((existing) => existing.orderItems)
        .filter((line) => line.orderItemId === item.orderItemId)
        .reduce((sum, line) => sum + line.quantity, 0);
      if (shipped + item.quantity > (order.lines.get(item.orderItemId) ?? 0)) {
        return invalidInput(echo, `quantity of orderItemId ${item.orderItemId} exceeds the quantity ordered`);
      }
    }
    const existing = order.packages.find((candidate) => candidate.packageReferenceId === packageReferenceId);
    const stored: SimulatedAmazonPackage = {
      packageReferenceId,
      carrierCode,
      carrierName: typeof carrierName === 'string' ? carrierName : undefined,
      trackingNumber,
      shipDate,
      orderItems: items,
      confirmations: (existing?.confirmations ?? 0) + 1,
    };
    order.packages = existing
      ? order.packages.map((candidate) => (candidate === existing ? stored : candidate))
      : [...order.packages, stored];
    const shipped = new Map<string, number>();
    for (const line of order.packages.flatMap((candidate) => candidate.orderItems)) {
      shipped.set(line.orderItemId, (shipped.get(line.orderItemId) ?? 0) + line.quantity);
    }
    intake.recordShipment(orderId, shipped);
    return new HttpResponse(null, {
      status: 204,
      headers: { 'x-amzn-RateLimit-Limit': '2.0', 'x-amzn-RequestId': randomBytes(8).toString('hex') },
    });
  }

  const handlers: RequestHandler[] = [
    ...intake.handlers,
    ...listings.handlers,
    http.post(tokenURL, async ({ request }) => {
      calls.record(amazonSimulatorOperations.token);
      const echo = await echoRequest(request);
      const form = new URLSearchParams(await request.text());
      return faults.serve(amazonSimulatorOperations.token, () => tokenAnswers.serve(() => issueToken(echo, form)));
    }),
    http.post(`${baseURL}/orders/v0/orders/:orderId/shipmentConfirmation`, async ({ request, params }) => {
      calls.record(amazonSimulatorOperations.confirmShipment);
      const echo = await echoRequest(request);
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = undefined;
      }
      return faults.serve(amazonSimulatorOperations.confirmShipment, () =>
        pushAnswers.serve(() => confirmShipment(echo, String(params.orderId), request, body)),
      );
    }),
  ];

  return {
    marketplace: 'amazon',
    baseURL,
    tokenURL,
    credentials,
    handlers,
    intake,
    sellerId,
    listings,
    addOrder(order: SalesOrder) {
      const lines = new Map<string, number>();
      for (const line of order.lines) lines.set(line.lineId, (lines.get(line.lineId) ?? 0) + line.quantity);
      orders.set(order.marketplaceOrderId, { lines, packages: [] });
    },
    fulfillments(orderId): SimulatedFulfillment[] {
      return (orders.get(orderId)?.packages ?? []).map((stored) => ({
        marketplaceOrderId: orderId,
        trackingNumber: stored.trackingNumber,
        carrier: stored.carrierCode === 'Other' ? (stored.carrierName ?? 'Other') : stored.carrierCode,
        lines: stored.orderItems.map((item) => ({ lineId: item.orderItemId, quantity: item.quantity })),
      }));
    },
    packages(orderId) {
      return structuredClone(orders.get(orderId)?.packages ?? []);
    },
    expireAccessTokens() {
      accessTokens = new Map([...accessTokens.keys()].map((token) => [token, 0]));
      intake.expireRestrictedDataTokens();
    },
    quotaRejections() {
      return rejections;
    },
    injectFault(fault: Fault) {
      faults.inject(fault);
    },
    answerNextPush(answer) {
      pushAnswers.push(answer);
    },
    answerNextTokenRequest(answer) {
      tokenAnswers.push(answer);
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
      tokenAnswers.reset();
      calls.reset();
      rejections = 0;
      quota = newQuota();
      intake.resetCalls();
      listings.reset(resetOptions?.all === true);
      if (resetOptions?.all) {
        orders = new Map();
        accessTokens = new Map();
        intake.clear();
      } else {
        for (const order of orders.values()) order.packages = [];
      }
    },
  };
}
