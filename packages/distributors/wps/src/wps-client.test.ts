import {
  AccountSetupError,
  AuthenticationError,
  FieldLengthError,
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
import { createWps } from './wps-client.js';
import type { WpsOptions } from './wps-options.js';
import { createWpsSimulator } from './wps-simulator.js';

// The simulator serves the shapes of https://www.wps-inc.com/data-depot/v4/api/order-processing/overview (items/inventory https://www.wps-inc.com/data-depot/v4/api/services/inventory, carts https://www.wps-inc.com/data-depot/v4/api/order-processing/carts, orders https://www.wps-inc.com/data-depot/v4/api/order-processing/orders).
const simulator = createWpsSimulator({ apiToken: 'SENTINEL-WPS-TOKEN-7f3a9c' });
const server = createTestServer(...simulator.handlers);
const base = simulator.baseURL;

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  simulator.reset({ all: true });
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

function client(options: WpsOptions = {}) {
  return createWps({
    apiToken: simulator.apiToken,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

function seed(): void {
  simulator.addProduct({ sku: '72-7044L', stock: { CA: 30, GA: 3, TX: 0 }, cost: 2997 });
  simulator.addProduct({ sku: '87-9901', stock: { GA: 5 }, cost: 1250 });
}

function purchaseOrder(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: 'DS-1001',
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '12 Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '208-555-0100',
      email: 'jane@example.com',
    },
    lines: [{ sku: '72-7044L', quantity: 1 }],
    ...overrides,
  };
}

const callSequence = () => server.calls().map((call) => `${call.method} ${call.path}`);

describe('createWps', () => {
  it('needs a token: option, else WPS_API_TOKEN, else MissingCredentialError', () => {
    vi.stubEnv('WPS_API_TOKEN', '');
    expect(() => createWps()).toThrow(MissingCredentialError);
    vi.stubEnv('WPS_API_TOKEN', 'from-environment');
    expect(createWps().distributor).toBe('wps');
  });

  it('refuses HTTP tuning that cannot work, at creation, naming each option', () => {
    const attempt = () =>
      createWps({ apiToken: 't', timeoutMs: 0, concurrency: 1.5, rateLimit: { requests: 2, intervalMs: -5 } } as never);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      const paths = (error as ValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['timeoutMs', 'concurrency']));
      expect(paths.some((path) => path.startsWith('rateLimit'))).toBe(true);
    }
  });

  it('refuses a bad or misspelled option with a ValidationError naming it', () => {
    const attempt = () => createWps({ apiToken: 't', inventoryCap: 0, defaultWarehous: 'CA' } as unknown as WpsOptions);
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(
        expect.arrayContaining(['inventoryCap', 'defaultWarehous']),
      );
    }
  });

  it('declares what WPS can do', () => {
    expect(client().capabilities).toEqual({
      cancel: 'before-submission',
      batchTracking: 'date-range',
      maxTrackingBatch: 1,
      maxStockBatch: 1,
      stockIsFloor: true,
      maxPoNumberLength: 20,
      validateOnly: false,
    });
  });
});

describe('checkStock', () => {
  it('reports per-warehouse counts, capped counts as floors, unknown SKUs as not found, in the order asked', async () => {
    seed();
    const levels = await client().checkStock(['NOPE', '72-7044L']);
    expect(levels[0]).toEqual({ sku: 'NOPE', found: false, warehouses: [] });
    expect(levels[1]?.found).toBe(true);
    expect(levels[1]?.warehouses.filter((warehouse) => warehouse.quantity > 0)).toEqual([
      { warehouse: 'CA', quantity: 9, isFloor: true },
      { warehouse: 'GA', quantity: 3, isFloor: false },
    ]);
    expect(server.calls()[0]?.url).toContain('include=inventory');
  });

  it('reads the include=quantities answer shape too (items documentation): warehouse ids mapped to codes, capped counts as floors', async () => {
    server.use(
      http.get(`${base}/items`, () =>
        HttpResponse.json({
          data: [
            {
              id: 7,
              sku: '72-7044L',
              quantities: {
                data: [
                  { warehouse_id: 2, obtainable: 9 },
                  { warehouse_id: 7, obtainable: 3 },
                  { warehouse_id: 8, obtainable: 0 },
                ],
              },
            },
          ],
          meta: { cursor: { next: null } },
        }),
      ),
    );
    const [level] = await client().checkStock(['72-7044L']);
    expect(level).toEqual({
      sku: '72-7044L',
      found: true,
      warehouses: [
        { warehouse: 'CA', quantity: 9, isFloor: true },
        { warehouse: 'GA', quantity: 3, isFloor: false },
        { warehouse: 'PA2', quantity: 0, isFloor: false },
      ],
    });
  });

  it('asks with include=quantities when stockInclude says so, and the simulator answers in that shape', async () => {
    seed();
    const [level] = await client({ stockInclude: 'quantities' }).checkStock(['72-7044L']);
    expect(server.calls()[0]?.url).toContain('include=quantities');
    expect(server.calls()[0]?.url).not.toContain('include=inventory');
    expect(level?.warehouses.filter((warehouse) => warehouse.quantity > 0)).toEqual([
      { warehouse: 'CA', quantity: 9, isFloor: true },
      { warehouse: 'GA', quantity: 3, isFloor: false },
    ]);
  });

  it('refuses a quantities entry without a warehouse id or count: a ResponseParseError, not a guessed stock', async () => {
    server.use(
      http.get(`${base}/items`, () =>
        HttpResponse.json({ data: [{ id: 7, sku: '72-7044L', quantities: { data: [{ obtainable: 4 }] } }] }),
      ),
    );
    const error = await client({ retry: { retries: 0 } })
      .checkStock(['72-7044L'])
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
  });

  it('refuses a stock answer whose cursor comes back: a ResponseParseError, not SKUs reported missing', async () => {
    seed();
    server.use(
      http.get(`${base}/items`, () =>
        HttpResponse.json({ data: [], meta: { cursor: { current: 'A', prev: null, next: 'A', count: 0 } } }),
      ),
    );
    const error = await client({ retry: { retries: 0 } })
      .checkStock(['72-7044L'])
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(server.calls({ path: '/items' })).toHaveLength(2);
  });

  it('makes one call per batch of unique SKUs', async () => {
    seed();
    await client({ stockBatchSize: 2 }).checkStock(['72-7044L', '87-9901', '72-7044L', 'X']);
    expect(simulator.callCount('stock')).toBe(2);
  });

  it('retries 429 with Retry-After and 5xx on reads', async () => {
    seed();
    simulator.injectFault({ kind: 'rate-limit', operations: ['stock'], retryAfterSeconds: 0 });
    simulator.injectFault({ kind: 'server-error', operations: ['stock'] });
    const [level] = await client().checkStock(['87-9901']);
    expect(level?.found).toBe(true);
    expect(simulator.callCount('stock')).toBe(3);
  });

  it('gives up after the retry budget with the typed error', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['stock'], times: 3 });
    await expect(client().checkStock(['87-9901'])).rejects.toBeInstanceOf(ServerError);
    simulator.injectFault({ kind: 'rate-limit', operations: ['stock'], retryAfterSeconds: 120 });
    const error = await client()
      .checkStock(['87-9901'])
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(120_000);
  });

  it('reports a malformed body as a ResponseParseError naming WPS', async () => {
    seed();
    simulator.injectFault({ kind: 'malformed-body', operations: ['stock'] });
    const error = await client()
      .checkStock(['87-9901'])
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).service).toBe('wps');
    simulator.injectFault({ kind: 'malformed-body', operations: ['stock'], body: '{"data":[{"id":1}]}' });
    const missing = await client()
      .checkStock(['87-9901'])
      .catch((caught: unknown) => caught);
    expect((missing as ResponseParseError).fields).toEqual(['data.0.sku']);
  });

  it('refuses bad credentials without retrying', async () => {
    seed();
    const error = await createWps({ apiToken: 'wrong-token-123', baseURL: simulator.baseURL })
      .checkStock(['87-9901'])
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(simulator.callCount('stock')).toBe(1);
  });
});

describe('submitOrder', () => {
  it('creates the cart, adds each SKU, submits, and returns the order number', async () => {
    seed();
    const result = await client().submitOrder(
      purchaseOrder({
        lines: [
          { sku: '72-7044L', quantity: 1 },
          { sku: '87-9901', quantity: 2 },
        ],
      }),
    );
    expect(result).toEqual({
      poNumber: 'DS-1001',
      distributorOrderRefs: ['5100001'],
      status: 'submitted',
      alreadyExisted: false,
      warnings: [],
    });
    expect(callSequence()).toEqual([
      'GET /orders/DS-1001',
      'GET /carts/DS-1001',
      'POST /carts',
      'POST /carts/DS-1001/items',
      'POST /carts/DS-1001/items',
      'POST /orders',
    ]);
    const cartBody = JSON.parse(server.calls({ method: 'POST', path: '/carts' })[0]?.body ?? '{}');
    expect(cartBody).toMatchObject({
      po_number: 'DS-1001',
      ship_name: 'Jane Rider',
      ship_state: 'ID',
      ship_via: 'BEST',
      multiple_warehouse: true,
    });
    expect(simulator.orderCount('DS-1001')).toBe(1);
    expect(simulator.cart('DS-1001')).toBeUndefined();
  });

  it('returns the existing order for a PO placed before, placing nothing', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    server.clearCalls();
    const again = await client().submitOrder(purchaseOrder());
    expect(again).toMatchObject({ alreadyExisted: true, distributorOrderRefs: ['5100001'] });
    expect(callSequence()).toEqual(['GET /orders/DS-1001']);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });

  it('drops a leftover unsubmitted cart and rebuilds it from the request', async () => {
    seed();
    const headers = { authorization: `Bearer ${simulator.apiToken}`, 'content-type': 'application/json' };
    await fetch(`${base}/carts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...purchaseOrderCart(), po_number: 'DS-1001' }),
    });
    await fetch(`${base}/carts/DS-1001/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ item_sku: '87-9901', quantity: 5 }),
    });
    const result = await client().submitOrder(purchaseOrder());
    expect(result.alreadyExisted).toBe(false);
    expect(simulator.callCount('delete-cart')).toBe(1);
    expect(simulator.orders()[0]?.lines).toEqual([{ sku: '72-7044L', quantity: 1 }]);
  });

  it('checks every field length before sending anything', async () => {
    const error = await client()
      .submitOrder(
        purchaseOrder({
          poNumber: 'PO-0123456789-0123456789',
          shipTo: {
            ...purchaseOrder().shipTo,
            name: 'Maximilian Alexander Rider-Smith',
            city: 'Rancho Santa Margarita',
            region: 'Idaho',
          },
        }),
      )
      .catch((caught: unknown) => caught);
    expect(FieldLengthError.isInstance(error)).toBe(true);
    expect((error as FieldLengthError).violations.map((violation) => violation.field)).toEqual([
      'po_number',
      'ship_name',
      'ship_city',
      'ship_state',
    ]);
    expect(server.calls()).toEqual([]);
  });

  it('validates the request and lists every problem', async () => {
    const error = await client()
      .submitOrder({
        ...purchaseOrder({ lines: [{ sku: '', quantity: 0 }] }),
        poNumber: 'A/B',
        shipTo: { ...purchaseOrder().shipTo, country: 'CA' },
      })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'poNumber',
      'lines.0.sku',
      'lines.0.quantity',
    ]);
    const country = await client()
      .submitOrder(purchaseOrder({ shipTo: { ...purchaseOrder().shipTo, country: 'CA' } }))
      .catch((caught: unknown) => caught);
    expect((country as ValidationError).issues).toEqual([
      { path: 'shipTo.country', message: expect.stringContaining('shipToCountries') },
    ]);
    expect(server.calls()).toEqual([]);
  });

  it('runs only the local checks for validateOnly, with a warning', async () => {
    const result = await client().submitOrder(purchaseOrder({ validateOnly: true }));
    expect(result).toMatchObject({
      status: 'validated',
      warnings: [{ type: 'unsupported', feature: 'validate-only' }],
    });
    expect(server.calls()).toEqual([]);
  });

  it('deletes the cart when adding an item fails, and names the SKU', async () => {
    seed();
    const error = await client()
      .submitOrder(
        purchaseOrder({
          lines: [
            { sku: '72-7044L', quantity: 1 },
            { sku: 'NO-SUCH-SKU', quantity: 1 },
          ],
        }),
      )
      .catch((caught: unknown) => caught);
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect((error as OrderRejectedError).lineErrors).toEqual([
      {
        sku: 'NO-SUCH-SKU',
        message: 'The given data was invalid.; item_sku: The selected item sku is invalid.',
        reason: 'other',
      },
    ]);
    expect(callSequence().slice(-2)).toEqual(['POST /carts/DS-1001/items', 'DELETE /carts/DS-1001']);
    expect(simulator.cart('DS-1001')).toBeUndefined();
    expect(simulator.orderCount('DS-1001')).toBe(0);
  });

  it('turns a 422 on the cart into an OrderRejectedError with the reason', async () => {
    server.use(
      http.post(`${base}/carts`, () =>
        HttpResponse.json(
          { message: 'The given data was invalid.', errors: { ship_zip: ['The ship zip is invalid.'] } },
          { status: 422 },
        ),
      ),
    );
    const error = await client()
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('ship_zip: The ship zip is invalid.');
    expect(simulator.callCount('delete-cart')).toBe(0);
  });

  it('gives an AccountSetupError (tax-id) for an account without a Tax ID, and drops the cart', async () => {
    seed();
    simulator.setTaxIdOnFile(false);
    const error = await client()
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(AccountSetupError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ service: 'wps', requirement: 'tax-id' });
    expect((error as Error).message).toMatch(/Tax ID/);
    expect(simulator.cart('DS-1001')).toBeUndefined();
    expect(simulator.orderCount('DS-1001')).toBe(0);
  });

  it('takes a custom Tax ID matcher for the real error shape once known', async () => {
    seed();
    server.use(http.post(`${base}/orders`, () => HttpResponse.json({ code: 'E-ACCT-17' }, { status: 400 })));
    const isTaxIdError = ({ body }: { body: unknown }) => (body as { code?: string } | undefined)?.code === 'E-ACCT-17';
    const error = await client({ isTaxIdError })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(AccountSetupError.isInstance(error)).toBe(true);
    const plain = await client()
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(OrderRejectedError.isInstance(plain)).toBe(true);
  });

  it('does not resend blindly after a 5xx on submit: looks the PO up, then submits the cart once more', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const result = await client().submitOrder(purchaseOrder());
    expect(result).toMatchObject({ status: 'submitted', alreadyExisted: false, distributorOrderRefs: ['5100001'] });
    expect(callSequence().slice(-4)).toEqual([
      'POST /orders',
      'GET /orders/DS-1001',
      'GET /carts/DS-1001',
      'POST /orders',
    ]);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });

  it('never resends when told not to (submitRecoveryAttempts: 0)', async () => {
    seed();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    await expect(client({ submitRecoveryAttempts: 0 }).submitOrder(purchaseOrder())).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount('DS-1001')).toBe(0);
  });

  it('recovers a response lost after WPS stored the order: exactly one order, then alreadyExisted', async () => {
    seed();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const first = await client().submitOrder(purchaseOrder());
    expect(first).toMatchObject({
      alreadyExisted: false,
      distributorOrderRefs: ['5100001'],
      warnings: [{ type: 'other' }],
    });
    expect(simulator.callCount('submit')).toBe(1);
    const retry = await client().submitOrder(purchaseOrder());
    expect(retry.alreadyExisted).toBe(true);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });

  it('throws when the lookup after a lost response fails too; a later submit finds the order instead of placing another', async () => {
    seed();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    server.use(
      http.get(
        `${base}/orders/:poNumber`,
        respondInSequence(
          HttpResponse.json({ message: 'Order not found.' }, { status: 404 }),
          HttpResponse.json({ message: 'down' }, { status: 503 }),
        ),
      ),
    );
    const error = await client({ retry: { retries: 0 } })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    // Typed, and a dropshipper keeps the PO recoverable: the lost answer is its cause.
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect(NetworkError.isInstance((error as Error).cause)).toBe(true);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount('DS-1001')).toBe(1);
    server.resetHandlers();
    const retry = await client().submitOrder(purchaseOrder());
    expect(retry.alreadyExisted).toBe(true);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });

  it('treats an unreadable submit response as ambiguous: lookup, then one submission', async () => {
    seed();
    simulator.injectFault({ kind: 'malformed-body', operations: ['submit'] });
    const result = await client().submitOrder(purchaseOrder());
    expect(result.status).toBe('submitted');
    expect(simulator.callCount('submit')).toBe(2);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });
});

/** Answers to `GET /orders/{po}` that say nothing about whether the PO exists. */
const garbageLookUps: readonly [string, () => Response][] = [
  [
    'an HTML maintenance page with HTTP 200',
    () =>
      new HttpResponse('<html><body>Down for maintenance</body></html>', { headers: { 'content-type': 'text/html' } }),
  ],
  ['an empty HTTP 200', () => new HttpResponse('', { headers: { 'content-type': 'application/json' } })],
  ['JSON of another shape', () => HttpResponse.json({ status: 'ok', maintenance: true })],
  ['an empty data envelope', () => HttpResponse.json({ data: [] })],
  ['another PO', () => HttpResponse.json({ data: { po_number: 'OTHER-9', order_details: [] } })],
  ['a large body without the order', () => HttpResponse.json({ data: null, padding: 'x'.repeat(2_000_000) })],
  [
    'an HTML 404 from a proxy',
    () => new HttpResponse('<html>404 Not Found</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
  ],
  [
    'a 404 whose bytes are not UTF-8',
    () =>
      new HttpResponse(
        new Uint8Array([0x7b, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      ),
  ],
];

describe('lookup evidence: "not placed" needs WPS\'s not-found answer', () => {
  it.each(garbageLookUps)('sends nothing when the lookup before creating answers %s', async (_, answer) => {
    seed();
    server.use(http.get(`${base}/orders/:poNumber`, answer));
    const error = await client({ retry: { retries: 0 } })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(/DS-1001 .*inconclusive.*Nothing was sent/);
    expect(simulator.callCount('create-cart')).toBe(0);
    expect(simulator.callCount('submit')).toBe(0);
  });

  it.each(garbageLookUps)(
    'never resends after a lost answer when the lookup then answers %s; a later healthy lookup finds the one order',
    async (_, answer) => {
      seed();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      server.use(
        http.get(
          `${base}/orders/:poNumber`,
          respondInSequence(HttpResponse.json({ message: 'Order not found.' }, { status: 404 }), answer()),
        ),
      );
      const error = await client({ retry: { retries: 0 } })
        .submitOrder(purchaseOrder())
        .catch((caught: unknown) => caught);
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect(mayHaveActed(error)).toBe(true);
      expect((error as Error).message).toMatch(/may have been placed .*inconclusive.*not sent again/);
      expect(simulator.callCount('submit')).toBe(1);
      server.resetHandlers();
      const retry = await client().submitOrder(purchaseOrder());
      expect(retry.alreadyExisted).toBe(true);
      expect(simulator.orderCount('DS-1001')).toBe(1);
      expect(simulator.callCount('submit')).toBe(1);
    },
  );

  it('never resends after a lost answer when the lookup then fails (503 on every try): a typed error, one order', async () => {
    seed();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    server.use(
      http.get(
        `${base}/orders/:poNumber`,
        respondInSequence(
          HttpResponse.json({ message: 'Order not found.' }, { status: 404 }),
          ...Array.from({ length: 10 }, () => HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 })),
        ),
      ),
    );
    const error = await client({ retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } })
      .submitOrder(purchaseOrder())
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(/may have been placed .*inconclusive.*not sent again/);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount('DS-1001')).toBe(1);
  });

  it.each(hostileAnswers.filter((hostile) => hostile !== 'redirect-elsewhere'))(
    'submits nothing when adding an item to the cart answers %s (the line could be missing): a typed error, the cart dropped',
    async (hostile) => {
      seed();
      simulator.injectFault({ kind: 'hostile-answer', hostile, operations: ['add-cart-item'] });
      const error = await client({ retry: { retries: 0 } })
        .submitOrder(purchaseOrder())
        .catch((caught: unknown) => caught);
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect(mayHaveActed(error)).toBe(true);
      expect(simulator.callCount('submit')).toBe(0);
      expect(simulator.callCount('delete-cart')).toBe(1);
      // A later call builds the cart again and places the whole order, once.
      const later = await client().submitOrder(purchaseOrder());
      expect(later.alreadyExisted).toBe(false);
      expect(simulator.orders().find((order) => order.poNumber === 'DS-1001')?.lines).toEqual([
        { sku: '72-7044L', quantity: 1 },
      ]);
      expect(simulator.orderCount('DS-1001')).toBe(1);
    },
  );

  it.each(garbageLookUps)('findOrder throws a typed error instead of null for %s', async (_, answer) => {
    server.use(http.get(`${base}/orders/:poNumber`, answer));
    const error = await client({ retry: { retries: 0 } })
      .findOrder('DS-1001')
      .catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
  });

  it('takes a custom not-found matcher for the real 404 body once known', async () => {
    server.use(
      http.get(`${base}/orders/:poNumber`, () => HttpResponse.json({ error: { code: 'NO_ORDER' } }, { status: 404 })),
    );
    const isOrderNotFound = vi.fn(
      (response: { status: number; body: unknown }) =>
        response.status === 404 && JSON.stringify(response.body).includes('NO_ORDER'),
    );
    expect(await client({ isOrderNotFound }).findOrder('NOPE-1')).toBeNull();
    expect(isOrderNotFound).toHaveBeenCalledTimes(1);
    // The default matcher does not take that body as evidence.
    await expect(client().findOrder('NOPE-1')).rejects.toThrow(/inconclusive/);
  });
});

describe('findOrder and listShipments', () => {
  it('returns null for a PO WPS does not know (its 404 answer)', async () => {
    expect(await client().findOrder('NOPE-1')).toBeNull();
  });

  it('reports a PO split across warehouses: one warehouse order and tracking number each', async () => {
    seed();
    await client().submitOrder(
      purchaseOrder({
        lines: [
          { sku: '72-7044L', quantity: 4 },
          { sku: '87-9901', quantity: 2 },
        ],
      }),
    );
    const wps = client();
    expect(await wps.findOrder('DS-1001')).toMatchObject({
      status: 'open',
      distributorOrderRefs: ['5100001', '5100002'],
      shipments: [],
    });

    const first = simulator.shipOrder('DS-1001', {
      lines: [{ sku: '72-7044L', quantity: 4 }],
      carrier: 'UP2D',
      shippedAt: '2026-11-19T15:04:05.000Z',
    });
    const partial = await wps.findOrder('DS-1001');
    expect(partial?.status).toBe('partially_shipped');
    expect(partial?.statusText).toBe('CA: Shipped; GA: Open');
    expect(partial?.shipments).toEqual([
      {
        carrier: 'ups',
        carrierName: 'UP2D',
        trackingNumber: first,
        trackingUrl: `https://www.ups.com/track?tracknum=${first}`,
        shippedAt: '2026-11-19T15:04:05.000Z',
        distributorOrderRef: '5100001',
        warehouse: 'CA',
        lines: [{ sku: '72-7044L', quantity: 4 }],
      },
    ]);

    const second = simulator.shipOrder('DS-1001', { carrier: 'CO5' });
    const shipped = await wps.findOrder('DS-1001');
    expect(shipped?.status).toBe('shipped');
    expect(
      shipped?.shipments.map((shipment) => [
        shipment.trackingNumber,
        shipment.carrier,
        shipment.warehouse,
        shipment.distributorOrderRef,
      ]),
    ).toEqual([
      [first, 'ups', 'CA', '5100001'],
      [second, 'ontrac', 'GA', '5100002'],
    ]);
  });

  it('pulls many POs by date range in pages, not one call per PO', async () => {
    let day = '2026-11-10';
    const dated = createWpsSimulator({
      apiToken: 'dated-token-123',
      ordersPageSize: 2,
      now: () => new Date(`${day}T12:00:00Z`),
    });
    server.use(...dated.handlers);
    dated.addProduct({ sku: 'A-1', stock: { PA: 100 } });
    const wps = createWps({ apiToken: dated.apiToken, baseURL: dated.baseURL });
    for (const [po, date] of [
      ['P-1', '2026-11-10'],
      ['P-2', '2026-11-11'],
      ['P-3', '2026-11-11'],
      ['P-4', '2026-11-12'],
      ['P-9', '2026-12-01'],
    ] as const) {
      day = date;
      await wps.submitOrder(purchaseOrder({ poNumber: po, lines: [{ sku: 'A-1', quantity: 1 }] }));
    }
    const tracking = dated.shipOrder('P-3');
    const before = dated.callCount('shipments');
    const orders = await wps.listShipments({ from: '2026-11-10', to: '2026-11-30' });
    expect(orders.map((order) => order.poNumber)).toEqual(['P-1', 'P-2', 'P-3', 'P-4']);
    expect(orders.find((order) => order.poNumber === 'P-3')?.shipments[0]?.trackingNumber).toBe(tracking);
    expect(dated.callCount('shipments') - before).toBe(2);
    expect(server.calls({ path: '/orders' }).at(-2)?.url).toContain('from_date=20261110&to_date=20261130');
  });

  it('looks POs up one by one for a PO list, leaving unknown ones out', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const orders = await client().listShipments({ poNumbers: ['DS-1001', 'NOPE-2'] });
    expect(orders.map((order) => order.poNumber)).toEqual(['DS-1001']);
  });

  it('refuses a reversed date range', async () => {
    await expect(client().listShipments({ from: '2026-11-30', to: '2026-11-01' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});

describe('cancelOrder', () => {
  it('deletes an unsubmitted cart', async () => {
    seed();
    const headers = { authorization: `Bearer ${simulator.apiToken}`, 'content-type': 'application/json' };
    await fetch(`${base}/carts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...purchaseOrderCart(), po_number: 'DS-2002' }),
    });
    expect(await client().cancelOrder('DS-2002')).toEqual({ status: 'cancelled' });
    expect(simulator.cart('DS-2002')).toBeUndefined();
  });

  it('never says cancelled for a PO with neither an order nor a cart: an unsupported warning, nothing deleted', async () => {
    seed();
    const result = await client().cancelOrder('DS-9999');
    expect(result.status).toBe('unsupported');
    expect(result.warning?.message).toContain('neither an order nor a cart');
    expect(simulator.callCount('delete-cart')).toBe(0);
  });

  it('returns an unsupported warning for a submitted order: WPS has no cancel API', async () => {
    seed();
    await client().submitOrder(purchaseOrder());
    const result = await client().cancelOrder('DS-1001');
    expect(result.status).toBe('unsupported');
    expect(result.warning).toMatchObject({
      type: 'unsupported',
      feature: 'cancel-order',
      message: expect.stringContaining('WPS representative'),
    });
    expect(simulator.orders()[0]?.status).toBe('open');
  });
});

describe('credentials', () => {
  it('never puts the token in an error or an event', async () => {
    seed();
    const events: HttpEvent[] = [];
    const errors: unknown[] = [];
    const wps = client({ onEvent: (event) => events.push(event) });
    const capture = (promise: Promise<unknown>) => promise.catch((error: unknown) => errors.push(error));
    simulator.injectFault({ kind: 'server-error', operations: ['stock'], times: 3 });
    await capture(wps.checkStock(['87-9901']));
    simulator.injectFault({ kind: 'drop-connection', operations: ['find-order'], times: 3 });
    await capture(wps.findOrder('DS-1001'));
    await capture(wps.submitOrder(purchaseOrder({ lines: [{ sku: 'NO-SUCH', quantity: 1 }] })));
    simulator.setTaxIdOnFile(false);
    await capture(wps.submitOrder(purchaseOrder()));
    server.use(
      http.get(`${base}/items`, ({ request }) =>
        HttpResponse.json({ echoed: request.headers.get('authorization') }, { status: 400 }),
      ),
    );
    await capture(wps.checkStock(['87-9901']));
    const other = createWps({
      apiToken: 'SENTINEL-WRONG-TOKEN-1d2e',
      baseURL: simulator.baseURL,
      onEvent: (event) => events.push(event),
    });
    await capture(other.checkStock(['87-9901']));
    expect(errors).toHaveLength(6);
    expect(events.length).toBeGreaterThan(10);
    expectNoSecrets([...errors, ...events], [simulator.apiToken, 'SENTINEL-WRONG-TOKEN-1d2e']);
  });
});

function purchaseOrderCart() {
  return {
    ship_name: 'Jane Rider',
    ship_address1: '12 Main St',
    ship_city: 'Boise',
    ship_state: 'ID',
    ship_zip: '83702',
  };
}
