import {
  AuthenticationError,
  ConfigurationError,
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  DropshipError,
  InvalidRequestError,
  MissingCredentialError,
  mayHaveActed,
  NetworkError,
  OrderRejectedError,
  type PurchaseOrderRequest,
  RateLimitError,
  ResponseParseError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import type { HttpEvent } from '@dropship/http';
import { createTestServer, expectNoSecrets, respondInSequence } from '@dropship/testing';
import { hostileAnswers } from '@dropship/testing/simulator';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAutomatic } from './automatic-client.js';
import type { AutomaticOptions } from './automatic-options.js';
import { createAutomaticSimulator } from './automatic-simulator.js';

// The simulator serves the MODELLED shapes of the v2 API; the verified facts it follows are in
// https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source (header.ponumber, 22-character ASCII PO, tracking vs PRO numbers, 365-day ranges).
const simulator = createAutomaticSimulator({ apiToken: 'SENTINEL-AD-TOKEN-c41b' });
const server = createTestServer(...simulator.handlers);
const base = simulator.baseURL;

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers(...simulator.handlers);
  simulator.reset({ all: true });
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

function client(options: AutomaticOptions = {}) {
  return createAutomatic({
    apiToken: simulator.apiToken,
    baseURL: base,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: 'AD-1001', stock: { EAST: 6, WEST: 2 }, cost: 1999 });
  simulator.addProduct({ sku: 'AD-2002', stock: { WEST: 40 }, cost: 850 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'DS-2001',
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '12 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '2085550100',
    },
    lines: [{ sku: 'AD-1001', quantity: 2 }],
    ...overrides,
  };
}

/** A client that may resend after an ambiguous failure: only with a verified look-up path. */
const resending: AutomaticOptions = { verifiedPaths: ['orderLookup'], submitRecoveryAttempts: 1 };

const callSequence = () => server.calls().map((call) => `${call.method} ${call.path}`);

describe('createAutomatic', () => {
  it('needs a token: option, else AUTOMATIC_API_TOKEN, else MissingCredentialError', () => {
    vi.stubEnv('AUTOMATIC_API_TOKEN', '');
    expect(() => createAutomatic({ baseURL: base })).toThrow(MissingCredentialError);
    vi.stubEnv('AUTOMATIC_API_TOKEN', 'from-environment');
    expect(createAutomatic({ baseURL: base }).distributor).toBe('automatic');
  });

  it('has no built-in base URL (it is not public): option, else AUTOMATIC_BASE_URL, else ConfigurationError', () => {
    vi.stubEnv('AUTOMATIC_BASE_URL', '');
    expect(() => createAutomatic({ apiToken: 'token-123' })).toThrow(ConfigurationError);
    expect(() => createAutomatic({ apiToken: 'token-123' })).toThrow(/it@autodist\.com/);
    vi.stubEnv('AUTOMATIC_BASE_URL', base);
    expect(createAutomatic({ apiToken: 'token-123' }).capabilities.maxPoNumberLength).toBe(22);
  });

  it('refuses HTTP tuning that cannot work, at creation, naming each option', () => {
    const attempt = () =>
      createAutomatic({
        apiToken: 'token-123',
        baseURL: base,
        timeoutMs: -1,
        concurrency: 0,
        rateLimit: { requests: 0 },
      } as never);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as ValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['timeoutMs', 'concurrency']));
      expect(paths.some((path) => path.startsWith('rateLimit'))).toBe(true);
    }
  });

  it('refuses a header or query placement without a name', () => {
    expect(() => createAutomatic({ apiToken: 'token-123', baseURL: base, auth: { placement: 'header' } })).toThrow(
      ValidationError,
    );
    expect(() => createAutomatic({ apiToken: 'token-123', baseURL: base, auth: { placement: 'query' } })).toThrow(
      ValidationError,
    );
  });

  it('declares what is known: date-range tracking, 22-character PO; cancel only once the revoke path is verified', () => {
    expect(client({ verifiedPaths: ['revokeOrders'] }).capabilities.cancel).toBe('supported');
    expect(client().capabilities).toEqual({
      cancel: 'unsupported',
      batchTracking: 'date-range',
      maxTrackingBatch: 1,
      maxStockBatch: 25,
      stockIsFloor: false,
      maxPoNumberLength: 22,
      validateOnly: false,
    });
  });
});

describe('token placement and paths (NOT FOUND, so configurable)', () => {
  it.each([
    [{ placement: 'bearer' }],
    [{ placement: 'header', name: 'X-Api-Token' }],
    [{ placement: 'query', name: 'api_token' }],
  ] as const)('sends the token as %j', async (auth) => {
    const placed = createAutomaticSimulator({ apiToken: 'placed-token-123', auth, baseURL: 'https://placed.test/v2' });
    server.use(...placed.handlers);
    placed.addProduct({ sku: 'P-1', stock: { EAST: 1 } });
    const levels = await createAutomatic({ apiToken: 'placed-token-123', baseURL: placed.baseURL, auth }).checkStock([
      'P-1',
    ]);
    expect(levels[0]?.found).toBe(true);
    const wrong = await createAutomatic({ apiToken: 'wrong-token-123', baseURL: placed.baseURL, auth })
      .checkStock(['P-1'])
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(wrong)).toBe(true);
  });

  it('uses the configured paths', async () => {
    const paths = { createOrder: '/orders/new', orderLookup: '/orders/by-po' };
    const custom = createAutomaticSimulator({ apiToken: 'paths-token-123', paths, baseURL: 'https://paths.test/api' });
    server.use(...custom.handlers);
    custom.addProduct({ sku: 'AD-1001', stock: { EAST: 5 } });
    const result = await createAutomatic({ apiToken: 'paths-token-123', baseURL: custom.baseURL, paths }).submitOrder(
      purchaseOrder(),
    );
    expect(result.alreadyExisted).toBe(false);
    expect(callSequence()).toEqual(['GET /api/orders/by-po', 'POST /api/orders/new']);
  });
});

describe('checkStock', () => {
  it('reports per-warehouse counts, splitting into batches', async () => {
    seed();
    const levels = await client({ stockBatchSize: 1 }).checkStock(['AD-1001', 'NOPE', 'AD-2002']);
    expect(levels).toEqual([
      {
        sku: 'AD-1001',
        found: true,
        warehouses: [
          { warehouse: 'EAST', quantity: 6, isFloor: false },
          { warehouse: 'WEST', quantity: 2, isFloor: false },
        ],
        // The modelled dealerPrice of the inventory answer, in cents.
        unitCost: 1999,
      },
      { sku: 'NOPE', found: false, warehouses: [] },
      {
        sku: 'AD-2002',
        found: true,
        warehouses: [{ warehouse: 'WEST', quantity: 40, isFloor: false }],
        unitCost: 850,
      },
    ]);
    expect(simulator.callCount('stock')).toBe(3);
  });

  it('retries 429 (Retry-After) and 5xx on reads', async () => {
    seed();
    simulator.injectFault({ kind: 'rate-limit', operations: ['stock'], retryAfterSeconds: 0 });
    simulator.injectFault({ kind: 'server-error', operations: ['stock'] });
    expect((await client().checkStock(['AD-1001']))[0]?.found).toBe(true);
    expect(simulator.callCount('stock')).toBe(3);
    simulator.injectFault({ kind: 'rate-limit', operations: ['stock'], retryAfterSeconds: 90 });
    const error = await client()
      .checkStock(['AD-1001'])
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(90_000);
  });

  it('reports a malformed body as a ResponseParseError naming the field', async () => {
    seed();
    simulator.injectFault({ kind: 'malformed-body', operations: ['stock'], body: '{"items":[{"warehouses":[]}]}' });
    const error = await client()
      .checkStock(['AD-1001'])
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ service: 'automatic', fields: ['items.0.partNumber'] });
  });
});

describe('submitOrder', () => {
  it('looks the PO up, then creates the order with ponumber in the header', async () => {
    seed();
    const result = await client().submitOrder(purchaseOrder());
    expect(result).toEqual({
      poNumber: 'DS-2001',
      distributorOrderRefs: ['AD0000001-01'],
      status: 'submitted',
      alreadyExisted: false,
      warnings: [],
    });
    expect(callSequence()).toEqual(['GET /v2/order/lookup', 'POST /v2/order/create']);
    const body = JSON.parse(server.calls({ method: 'POST' })[0]?.body ?? '{}');
    expect(body).toMatchObject({
      header: { ponumber: 'DS-2001' },
      lines: [{ lineNumber: 1, partNumber: 'AD-1001', quantity: 2 }],
    });
    expect(simulator.orderCount('DS-2001')).toBe(1);
  });

  it('returns the existing order on a second submit', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const again = await client().submitOrder(purchaseOrder());
    expect(again).toMatchObject({ alreadyExisted: true, distributorOrderRefs: ['AD0000001-01'] });
    expect(simulator.orderCount('DS-2001')).toBe(1);
  });

  it('checks the PO number (22 ASCII printable characters) before sending anything', async () => {
    const error = await client()
      .submitOrder(purchaseOrder({ poNumber: 'DS-2001-ÉTÉ-0123456789012' }))
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['poNumber', 'poNumber']);
    expect(server.calls()).toEqual([]);
  });

  it('turns a 422 into an OrderRejectedError with the reason', async () => {
    seed();
    const error = await client()
      .submitOrder(purchaseOrder({ lines: [{ sku: 'NO-SUCH', quantity: 1 }] }))
      .catch((caught: unknown) => caught);
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Unknown part number NO-SUCH');
    expect(simulator.orderCount('DS-2001')).toBe(0);
  });

  it('does not resend blindly after a 5xx: looks the PO up, then creates once more (resends switched on)', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const result = await client(resending).submitOrder(purchaseOrder());
    expect(result.alreadyExisted).toBe(false);
    expect(callSequence()).toEqual([
      'GET /v2/order/lookup',
      'POST /v2/order/create',
      'GET /v2/order/lookup',
      'POST /v2/order/create',
    ]);
    expect(simulator.orderCount('DS-2001')).toBe(1);
  });

  it('recovers a response lost after the order was stored: exactly one order', async () => {
    seed();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const first = await client().submitOrder(purchaseOrder());
    expect(first).toMatchObject({
      alreadyExisted: false,
      distributorOrderRefs: ['AD0000001-01'],
      warnings: [{ type: 'other' }],
    });
    expect(simulator.callCount('submit')).toBe(1);
    expect((await client().submitOrder(purchaseOrder())).alreadyExisted).toBe(true);
    expect(simulator.orderCount('DS-2001')).toBe(1);
  });

  it('gives up with the original error when resending is switched off', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    await expect(client({ submitRecoveryAttempts: 0 }).submitOrder(purchaseOrder())).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(simulator.orderCount('DS-2001')).toBe(0);
  });

  it('never resends by default: after a 5xx and a look-up that finds nothing, the failure is thrown (a person checks)', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const error = await client()
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect(callSequence()).toEqual(['GET /v2/order/lookup', 'POST /v2/order/create', 'GET /v2/order/lookup']);
    expect(simulator.callCount('submit')).toBe(1);
  });

  it('with the dropshipper: a 5xx on create and a look-up that finds nothing leave the PO failed (for a person), after one create call', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const catalog = createMemoryCatalog();
    catalog.replaceOffersSync('automatic', [
      {
        distributor: 'automatic',
        sku: 'AD-1001',
        brand: 'EBC',
        mpn: 'FA123',
        currency: 'USD',
        cost: 1999,
        stock: [{ warehouse: 'EAST', quantity: 6, leadTimeDays: 0 }],
      },
    ]);
    const dropshipper = createDropshipper({
      distributors: [client()],
      catalog,
      store: createMemoryStore(),
      trackingHandledElsewhere: ['ebay'],
      approval: { mode: 'auto' },
    });
    const result = await dropshipper.dropship({
      marketplace: 'ebay',
      marketplaceOrderId: 'E-1',
      orderedAt: '2026-11-20T14:00:00.000Z',
      currency: 'USD',
      buyer: { name: 'Jane Rider', email: 'jane@example.com' },
      shipTo: purchaseOrder().shipTo,
      lines: [{ lineId: 'L1', sku: 'AD-1001', quantity: 1, unitPrice: 4999 }],
    });
    expect(result.purchaseOrders).toEqual([expect.objectContaining({ outcome: 'failed', state: 'failed' })]);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orders()).toEqual([]);
  });

  it('refuses resends until the look-up path is verified: a resend on an unchecked "no order" would be blind', () => {
    const attempt = () => client({ submitRecoveryAttempts: 1 });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/submitRecoveryAttempts.*orderLookup|orderLookup[\s\S]*submitRecoveryAttempts/);
    expect(client(resending).distributor).toBe('automatic');
  });

  it('treats an unreadable create response as ambiguous', async () => {
    seed();
    simulator.injectFault({ kind: 'malformed-body', operations: ['submit'] });
    await client(resending).submitOrder(purchaseOrder());
    expect(simulator.callCount('submit')).toBe(2);
    expect(simulator.orderCount('DS-2001')).toBe(1);
  });

  it('does not resend when the lookup after an ambiguous failure fails too (503, dropped connection)', async () => {
    for (const broken of [() => HttpResponse.json({ message: 'down' }, { status: 503 }), () => HttpResponse.error()]) {
      simulator.reset({ all: true });
      seed();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      server.use(http.get(`${base}/order/lookup`, respondInSequence(HttpResponse.json({ orders: [] }), broken())));
      const error = await client({ retry: { retries: 0 } })
        .submitOrder(purchaseOrder())
        .catch((caught: unknown) => caught);
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect(mayHaveActed(error)).toBe(true);
      expect(NetworkError.isInstance((error as Error).cause)).toBe(true);
      expect(simulator.callCount('submit')).toBe(1);
      expect(simulator.orderCount('DS-2001')).toBe(1);
      server.resetHandlers(...simulator.handlers);
    }
  });

  it('places no order with a bad token', async () => {
    seed();
    const error = await client({ apiToken: 'wrong-token-123' })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(simulator.orderCount('DS-2001')).toBe(0);
  });
});

/** Answers to the lookup by PO number that say nothing about whether the PO exists. */
const garbageLookUps: readonly [string, () => Response][] = [
  [
    'an HTML maintenance page with HTTP 200',
    () =>
      new HttpResponse('<html><body>Down for maintenance</body></html>', { headers: { 'content-type': 'text/html' } }),
  ],
  ['an empty HTTP 200', () => new HttpResponse('', { headers: { 'content-type': 'application/json' } })],
  ['JSON of another shape', () => HttpResponse.json({ status: 'ok', maintenance: true })],
  ['a large body without the order list', () => HttpResponse.json({ padding: 'x'.repeat(2_000_000) })],
  [
    'bytes that are not UTF-8',
    () =>
      new HttpResponse(
        new Uint8Array([
          ...new TextEncoder().encode('{"orders":[],"note":"'),
          0xff,
          0xfe,
          ...new TextEncoder().encode('"}'),
        ]),
        { headers: { 'content-type': 'application/json' } },
      ),
  ],
];

describe('lookup evidence: "not placed" needs an answer of the lookup\'s shape', () => {
  it.each(garbageLookUps)('sends nothing when the lookup before creating answers %s', async (_, answer) => {
    seed();
    server.use(http.get(`${base}/order/lookup`, answer));
    const error = await client({ retry: { retries: 0 } })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(/DS-2001 .*inconclusive.*Nothing was sent/);
    expect(simulator.callCount('submit')).toBe(0);
  });

  it.each(garbageLookUps)(
    'never resends after a lost answer when the lookup then answers %s; a later healthy lookup finds the one order',
    async (_, answer) => {
      seed();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      server.use(http.get(`${base}/order/lookup`, respondInSequence(HttpResponse.json({ orders: [] }), answer())));
      const error = await client({ retry: { retries: 0 } })
        .submitOrder(purchaseOrder())
        .catch((caught: unknown) => caught);
      expect(mayHaveActed(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/may have been placed .*inconclusive.*not sent again/);
      expect(simulator.callCount('submit')).toBe(1);
      server.resetHandlers(...simulator.handlers);
      expect((await client().submitOrder(purchaseOrder())).alreadyExisted).toBe(true);
      expect(simulator.orderCount('DS-2001')).toBe(1);
    },
  );

  it.each(garbageLookUps)('findOrder throws a typed error instead of null for %s', async (_, answer) => {
    server.use(http.get(`${base}/order/lookup`, answer));
    const error = await client({ retry: { retries: 0 } })
      .findOrder('DS-2001')
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
  });

  it('takes a list without the PO as evidence that it is not placed', async () => {
    server.use(http.get(`${base}/order/lookup`, () => HttpResponse.json({ orders: [] })));
    expect(await client().findOrder('DS-2001')).toBeNull();
  });
});

/** 404 answers a wrong (modelled) path gives: the API's own JSON, or a proxy's HTML page. */
const notFoundAnswers: readonly [string, () => Response][] = [
  ['a JSON 404', () => HttpResponse.json({ message: 'No orders.' }, { status: 404 })],
  [
    'an HTML 404 from a proxy',
    () => new HttpResponse('<html>404 Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
  ],
];

describe('a 404 from a modelled path is a configuration error, never "no order" or "cancelled" (issue 16)', () => {
  it.each(notFoundAnswers)(
    'findOrder: %s from the look-up names the path, instead of answering null',
    async (_, answer) => {
      server.use(http.get(`${base}/order/lookup`, answer));
      const error = await client()
        .findOrder('DS-2001')
        .catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('paths.orderLookup');
      expect((error as Error).message).toContain('/order/lookup');
    },
  );

  it.each(notFoundAnswers)('submitOrder: %s from the look-up sends nothing', async (_, answer) => {
    seed();
    server.use(http.get(`${base}/order/lookup`, answer));
    const error = await client(resending)
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
    expect(simulator.callCount('submit')).toBe(0);
  });

  it.each(notFoundAnswers)(
    'submitOrder: %s from the look-up after a lost answer is not "not placed": no resend',
    async (_, answer) => {
      seed();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      server.use(http.get(`${base}/order/lookup`, respondInSequence(HttpResponse.json({ orders: [] }), answer())));
      const error = await client(resending)
        .submitOrder(purchaseOrder())
        .catch((caught: unknown) => caught);
      expect(mayHaveActed(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('paths.orderLookup');
      expect(simulator.callCount('submit')).toBe(1);
      expect(simulator.orderCount('DS-2001')).toBe(1);
    },
  );

  it.each(notFoundAnswers)(
    'cancelOrder: %s from the revoke path names the path, never "cancelled"',
    async (_, answer) => {
      seed();
      await client().submitOrder(purchaseOrder());
      server.use(http.post(`${base}/order/revoke`, answer));
      const error = await client({ verifiedPaths: ['revokeOrders'] })
        .cancelOrder('DS-2001')
        .catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('paths.revokeOrders');
      expect((error as Error).message).toContain('/order/revoke');
      expect(simulator.orders()[0]?.status).not.toBe('cancelled');
    },
  );
});

describe('tracking', () => {
  it('reports parcel tracking numbers and freight PRO numbers', async () => {
    seed();
    await client().submitOrder(
      purchaseOrder({
        lines: [
          { sku: 'AD-1001', quantity: 2 },
          { sku: 'AD-2002', quantity: 1 },
        ],
      }),
    );
    const parcel = simulator.shipOrder('DS-2001', { lines: [{ sku: 'AD-1001', quantity: 2 }], carrier: 'UPS Ground' });
    const pro = simulator.shipFreight('DS-2001');
    const order = await client().findOrder('DS-2001');
    expect(order?.status).toBe('shipped');
    expect(
      order?.shipments.map((shipment) => [
        shipment.trackingNumber,
        shipment.carrier,
        shipment.carrierName,
        shipment.lines,
      ]),
    ).toEqual([
      [parcel, 'ups', 'UPS Ground', [{ sku: 'AD-1001', quantity: 2 }]],
      [pro, 'other', 'Estes Express (PRO number)', [{ sku: 'AD-2002', quantity: 1 }]],
    ]);
  });

  it('returns null for an unknown PO', async () => {
    expect(await client().findOrder('NOPE-1')).toBeNull();
  });

  it('pulls a long date range in windows of at most 365 days', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const tracking = simulator.shipOrder('DS-2001');
    const today = new Date().toISOString().slice(0, 10);
    const orders = await client().listShipments({ from: '2025-01-01', to: today });
    expect(orders.find((order) => order.poNumber === 'DS-2001')?.shipments[0]?.trackingNumber).toBe(tracking);
    const windows = server.calls({ path: '/v2/order/range' }).map((call) => new URL(call.url).searchParams);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(windows[0]?.get('startDate')).toBe('2025-01-01');
    expect(windows[0]?.get('endDate')).toBe('2025-12-31');
    expect(windows.at(-1)?.get('endDate')).toBe(today);
  });

  it('looks up a PO list one PO at a time', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const orders = await client().listShipments({ poNumbers: ['DS-2001', 'NOPE-2'] });
    expect(orders.map((order) => order.poNumber)).toEqual(['DS-2001']);
  });
});

describe('cancelOrder (revoke every order of a PO, https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source)', () => {
  /** A client whose revoke path the user has checked against Automatic's specification. */
  const revoking = () => client({ verifiedPaths: ['revokeOrders'] });

  it('is unsupported until the revoke path is verified: a warning, nothing sent, the order stays placed', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const result = await client().cancelOrder('DS-2001');
    expect(result).toMatchObject({ status: 'unsupported', warning: { type: 'unsupported', feature: 'cancel-order' } });
    expect(result.warning?.message).toContain('verifiedPaths');
    expect(simulator.callCount('cancel')).toBe(0);
    expect(simulator.orders()[0]?.status).not.toBe('cancelled');
  });

  it('revokes the orders of the PO', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    expect(await revoking().cancelOrder('DS-2001')).toEqual({ status: 'cancelled' });
    expect(simulator.orders()[0]?.status).toBe('cancelled');
    expect((await client().findOrder('DS-2001'))?.status).toBe('cancelled');
  });

  it('is idempotent: a PO without orders is already cancelled', async () => {
    expect(await revoking().cancelOrder('NOPE-3')).toEqual({ status: 'cancelled' });
  });

  it.each(hostileAnswers)(
    'never reports "cancelled" when the revoke answers %s and the orders are not revoked: requested, or a typed error',
    async (hostile) => {
      seed();
      await client().submitOrder(purchaseOrder());
      simulator.injectFault({ kind: 'hostile-answer', hostile, operations: ['revoke-orders'] });
      const outcome = await client({ retry: { retries: 0 }, verifiedPaths: ['revokeOrders'] })
        .cancelOrder('DS-2001')
        .then((result) => result.status)
        .catch((error: unknown) => (DropshipError.isInstance(error) ? 'typed error' : String(error)));
      expect(['requested', 'typed error']).toContain(outcome);
      expect(simulator.orders()[0]?.status).not.toBe('cancelled');
    },
  );

  it('throws the refusal when the order has shipped', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    simulator.shipOrder('DS-2001');
    await expect(revoking().cancelOrder('DS-2001')).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('credentials', () => {
  it('never carries a query-string token to another origin when the lookup redirects there', async () => {
    const auth = { placement: 'query', name: 'api_token' } as const;
    const inQuery = createAutomaticSimulator({
      apiToken: 'SENTINEL-AD-REDIRECT-TOKEN-9a0b',
      auth,
      baseURL: 'https://home.test/v2',
    });
    const reached: string[] = [];
    server.use(
      ...inQuery.handlers,
      http.all('https://moved.hostile.test/*', ({ request }) => {
        reached.push(request.url);
        return HttpResponse.json({ orders: [] });
      }),
    );
    // A host move that keeps the query string (the credentials in it), as many redirects do.
    server.use(
      http.get('https://home.test/v2/*', ({ request }) => {
        const url = new URL(request.url);
        return new HttpResponse(null, {
          status: 302,
          headers: { location: `https://moved.hostile.test${url.pathname}${url.search}` },
        });
      }),
    );
    const automatic = createAutomatic({
      apiToken: inQuery.apiToken,
      baseURL: inQuery.baseURL,
      auth,
      retry: { retries: 0 },
    });
    const error = await automatic.findOrder('DS-1').catch((caught: unknown) => caught);
    expect(DropshipError.isInstance(error), String(error)).toBe(true);
    expect(reached.filter((url) => url.includes('SENTINEL-AD-REDIRECT-TOKEN-9a0b'))).toEqual([]);
    expectNoSecrets([error], [inQuery.apiToken]);
  });

  it('never puts the token in an error or an event, even in the query string', async () => {
    const auth = { placement: 'query', name: 'api_token' } as const;
    const inQuery = createAutomaticSimulator({
      apiToken: 'SENTINEL-AD-QUERY-TOKEN-5f1e',
      auth,
      baseURL: 'https://leak.test/v2',
    });
    server.use(...inQuery.handlers);
    inQuery.addProduct({ sku: 'AD-1001', stock: { EAST: 2 } });
    const events: HttpEvent[] = [];
    const errors: unknown[] = [];
    const capture = (promise: Promise<unknown>) => promise.catch((error: unknown) => errors.push(error));
    const automatic = createAutomatic({
      apiToken: inQuery.apiToken,
      baseURL: inQuery.baseURL,
      auth,
      retry: { minDelayMs: 1, maxDelayMs: 2 },
      onEvent: (event) => events.push(event),
    });
    inQuery.injectFault({ kind: 'server-error', operations: ['stock'], times: 3 });
    await capture(automatic.checkStock(['AD-1001']));
    inQuery.injectFault({ kind: 'drop-connection', operations: ['find-order'], times: 3 });
    await capture(automatic.findOrder('DS-1'));
    await capture(automatic.submitOrder(purchaseOrder({ lines: [{ sku: 'NO-SUCH', quantity: 1 }] })));
    server.use(
      http.get('https://leak.test/v2/inventory', ({ request }) =>
        HttpResponse.json({ echoed: request.url }, { status: 400 }),
      ),
    );
    await capture(automatic.checkStock(['AD-1001']));
    await capture(
      createAutomatic({
        apiToken: 'SENTINEL-AD-WRONG-2b7c',
        baseURL: inQuery.baseURL,
        auth,
        onEvent: (event) => events.push(event),
      }).checkStock(['AD-1001']),
    );
    expect(errors).toHaveLength(5);
    expect(events.length).toBeGreaterThan(10);
    expectNoSecrets([...errors, ...events], [inQuery.apiToken, 'SENTINEL-AD-WRONG-2b7c']);
  });
});
