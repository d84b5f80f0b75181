import {
  AuthenticationError,
  FieldLengthError,
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
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPartsUnlimited, type PartsUnlimitedClient } from './parts-unlimited-client.js';
import type { PartsUnlimitedOptions } from './parts-unlimited-settings.js';
import { createPartsUnlimitedSimulator, type PartsUnlimitedSimulator } from './parts-unlimited-simulator.js';

// Sentinel credentials: any appearance in an error, event or recorded call is a leak.
const dealerNumber = 'SENTINEL-DEALER-4242';
const apiKey = 'SENTINEL-APIKEY-9090';
const secrets = [dealerNumber, apiKey];

const server = createTestServer();
let simulator: PartsUnlimitedSimulator;
let events: HttpEvent[];

function client(overrides: PartsUnlimitedOptions = {}): PartsUnlimitedClient {
  return createPartsUnlimited({
    dealerNumber,
    apiKey,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
}

let poCounter = 0;
function order(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  poCounter += 1;
  return {
    poNumber: `PU-TEST-${poCounter}`,
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '1 Main St',
      city: 'Madison',
      region: 'WI',
      postalCode: '53703',
      country: 'US',
    },
    lines: [{ sku: '0101-1234', quantity: 2, unitCost: 1999 }],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  simulator = createPartsUnlimitedSimulator({ dealerNumber, apiKey });
  server.resetHandlers(...simulator.handlers);
  simulator.addProduct({ sku: '0101-1234', stock: { WI: 5, NV: 2 } });
  simulator.addProduct({ sku: '0202-0001', stock: { TX: 1 } });
  events = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createPartsUnlimited', () => {
  it('names a missing credential without a value', () => {
    vi.stubEnv('PARTS_UNLIMITED_DEALER_NUMBER', '');
    vi.stubEnv('PARTS_UNLIMITED_API_KEY', '');
    const error = (() => {
      try {
        createPartsUnlimited({ apiKey });
      } catch (caught) {
        return caught;
      }
    })();
    expect(MissingCredentialError.isInstance(error)).toBe(true);
    expect(MissingCredentialError.isInstance(error) && error.credential).toBe('dealerNumber');
    expect(MissingCredentialError.isInstance(error) && error.environmentVariable).toBe('PARTS_UNLIMITED_DEALER_NUMBER');
    expect(() => createPartsUnlimited({ dealerNumber })).toThrow(MissingCredentialError);
  });

  it('reads credentials from the environment', async () => {
    vi.stubEnv('PARTS_UNLIMITED_DEALER_NUMBER', dealerNumber);
    vi.stubEnv('PARTS_UNLIMITED_API_KEY', apiKey);
    const fromEnvironment = createPartsUnlimited({ baseURL: simulator.baseURL, rateLimit: false });
    const [level] = await fromEnvironment.checkStock(['0101-1234']);
    expect(level?.found).toBe(true);
  });

  it('lists every invalid option', () => {
    try {
      createPartsUnlimited({ dealerNumber, apiKey, maxStockBatch: 0, baseURL: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      const paths = ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path) : [];
      expect(paths).toEqual(expect.arrayContaining(['maxStockBatch', 'baseURL']));
    }
  });

  it('refuses a misspelt option and numbers out of range (1e12 lookup days made every date invalid)', () => {
    const pathsOf = (options: Record<string, unknown>) => {
      try {
        createPartsUnlimited({ dealerNumber, apiKey, ...options } as never);
      } catch (error) {
        expect(ValidationError.isInstance(error), String(error)).toBe(true);
        return ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path).sort() : [];
      }
      return [];
    };
    expect(pathsOf({ lookupWindowDay: 7 })).toEqual(['lookupWindowDay']);
    expect(pathsOf({ cancellationPolicies: { allowBackorders: 'x' } })).toEqual([
      'cancellationPolicies.allowBackorders',
    ]);
    expect(
      pathsOf({
        lookupWindowDays: 1e12,
        maxOrderListPages: 1e9,
        maxPoNumberLength: 101,
        maxStockBatch: 5_000,
        successStatusCodes: [200, 9_999],
      }),
    ).toEqual(['lookupWindowDays', 'maxOrderListPages', 'maxPoNumberLength', 'maxStockBatch', 'successStatusCodes.1']);
    expect(pathsOf({ lookupWindowDays: 365, maxOrderListPages: 1_000, maxPoNumberLength: 100 })).toEqual([]);
  });

  it('declares its capabilities: no cancel, date-range tracking, no validate-only', () => {
    expect(client().capabilities).toMatchObject({
      cancel: 'unsupported',
      batchTracking: 'date-range',
      maxStockBatch: 25,
      maxPoNumberLength: 20,
      validateOnly: false,
      stockIsFloor: false,
    });
  });
});

describe('checkStock', () => {
  it('asks for 60 SKUs in 3 calls of at most 25 and answers in the order asked', async () => {
    const skus = Array.from({ length: 60 }, (_, index) => `SKU-${index}`);
    for (const [index, sku] of skus.entries()) simulator.addProduct({ sku, stock: { WI: index } });
    const levels = await client().checkStock(skus);
    expect(simulator.callCount('stock')).toBe(3);
    expect(levels.map((level) => level.sku)).toEqual(skus);
    expect(levels[59]?.warehouses).toEqual([{ warehouse: 'WI', quantity: 59, isFloor: false }]);
    const paths = server
      .calls({ method: 'GET', path: /inventory/ })
      .map((call) => decodeURIComponent(call.path).split('/').pop() ?? '');
    expect(paths.map((list) => list.split(',').length).sort()).toEqual([10, 25, 25]);
  });

  it('sends the api-key header, never the key in the URL', async () => {
    let seen: string | null = null;
    const listener = ({ request }: { request: Request }) => {
      seen = request.headers.get('api-key');
    };
    server.server.events.on('request:start', listener);
    await client().checkStock(['0101-1234']);
    server.server.events.removeListener('request:start', listener);
    expect(seen).toBe(apiKey);
    expect(server.calls().every((call) => !call.url.includes(apiKey))).toBe(true);
  });

  it('rejects an empty SKU before calling', async () => {
    expect(ValidationError.isInstance(await failure(client().checkStock(['ok', ' '])))).toBe(true);
    expect(simulator.callCount()).toBe(0);
  });
});

describe('submitOrder', () => {
  it('sends the drop-ship body of third-party clients (not documented by the vendor) and returns the reference', async () => {
    const request = order({
      lines: [
        { sku: '0101-1234', quantity: 2, unitCost: 1999 },
        { sku: '0202-0001', quantity: 1 },
      ],
    });
    const result = await client().submitOrder(request);
    expect(result).toMatchObject({ poNumber: request.poNumber, alreadyExisted: false, status: 'submitted' });
    const [held] = simulator.orders();
    expect(result.distributorOrderRefs).toEqual([held?.reference]);
    expect(held?.body).toMatchObject({
      dealer_number: dealerNumber,
      order_type: 'DS',
      purchase_order_number: request.poNumber,
      shipping_method: 'ground',
      line_items: [
        { line_number: 1, part_number: '0101-1234', quantity: 2, price: 19.99, currency: 'USD' },
        { line_number: 2, part_number: '0202-0001', quantity: 1, price: 0, currency: 'USD' },
      ],
    });
  });

  it('reads a failing body status_code behind HTTP 200 as a refusal with line errors', async () => {
    const request = order({ lines: [{ sku: '0999-9999', quantity: 1 }] });
    const error = await failure(client().submitOrder(request));
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect(OrderRejectedError.isInstance(error) && error.lineErrors).toEqual([
      { sku: '0999-9999', message: 'PART 0999-9999 NOT FOUND', reason: 'other' },
    ]);
    expect(simulator.orderCount(request.poNumber)).toBe(0);
  });

  it('maps a failing status_code without mainframe errors to InvalidRequestError', async () => {
    simulator.refuseNextOrder({ statusCode: 422, statusMessage: 'ship_to_address.state is invalid' });
    const error = await failure(client().submitOrder(order()));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('ship_to_address.state is invalid');
  });

  it('redacts the dealer number when a mainframe error echoes it', async () => {
    simulator.refuseNextOrder({ statusCode: 400, mainframeErrors: [`DEALER ${dealerNumber} ON CREDIT HOLD`] });
    const error = await failure(client().submitOrder(order()));
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expectNoSecrets([error], secrets);
    expect((error as Error).message).toContain('DEALER [REDACTED] ON CREDIT HOLD');
  });

  it('refuses a PO number longer than the limit before sending anything', async () => {
    const error = await failure(client().submitOrder(order({ poNumber: 'X'.repeat(21) })));
    expect(FieldLengthError.isInstance(error) && error.violations).toEqual([
      { field: 'purchase_order_number', maxLength: 20, actualLength: 21 },
    ]);
    expect(simulator.callCount()).toBe(0);
    await expect(client({ maxPoNumberLength: 30 }).submitOrder(order({ poNumber: 'X'.repeat(21) }))).rejects.toThrow(
      OrderRejectedError,
    );
  });

  it('answers validateOnly, which Parts Unlimited does not have, with the local checks only and a warning', async () => {
    const result = await client().submitOrder(order({ validateOnly: true }));
    expect(result).toMatchObject({ status: 'validated', alreadyExisted: false, distributorOrderRefs: [] });
    expect(result.warnings[0]).toMatchObject({ type: 'unsupported', feature: 'validate-only' });
    expect(simulator.callCount()).toBe(0);
    expect(
      FieldLengthError.isInstance(
        await failure(client().submitOrder(order({ validateOnly: true, poNumber: 'Y'.repeat(21) }))),
      ),
    ).toBe(true);
  });

  it('looks the PO up first: a new client (another process) finds the order instead of placing it again', async () => {
    const request = order();
    const first = await client().submitOrder(request);
    const again = await client().submitOrder(request);
    expect(again).toMatchObject({ alreadyExisted: true, distributorOrderRefs: first.distributorOrderRefs });
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    expect(simulator.callCount('submit')).toBe(1);
  });

  it('serialises concurrent submits of one PO through one client: one order', async () => {
    const pu = client();
    const request = order();
    const results = await Promise.all([pu.submitOrder(request), pu.submitOrder(request), pu.submitOrder(request)]);
    expect(results.filter((result) => !result.alreadyExisted)).toHaveLength(1);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('after a response lost once the order was stored, finds the order: exactly one order', async () => {
    const request = order();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const recovered = await client().submitOrder(request);
    expect(recovered.alreadyExisted).toBe(false);
    expect(recovered.distributorOrderRefs).toEqual([simulator.orders()[0]?.reference]);
    expect(recovered.warnings[0]?.message).toContain('lost');
    const retry = await client().submitOrder(request);
    expect(retry.alreadyExisted).toBe(true);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    expect(simulator.callCount('submit')).toBe(1);
  });

  it('when the lookup after a lost response fails too, throws a typed error that keeps the PO recoverable and never re-posts', async () => {
    const request = order();
    // The lookup before posting succeeds; every later order-list call drops the connection.
    let listCalls = 0;
    server.use(
      http.get(`${simulator.baseURL}/v2/orders/dropship`, () => {
        listCalls += 1;
        return listCalls === 1 ? undefined : HttpResponse.error();
      }),
    );
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const error = await failure(client().submitOrder(request));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect(NetworkError.isInstance((error as Error).cause)).toBe(true);
    expect(listCalls).toBeGreaterThan(1);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    server.resetHandlers(...simulator.handlers);
    // Once the order list answers again, a retry finds the order instead of placing another.
    const retry = await client().submitOrder(request);
    expect(retry.alreadyExisted).toBe(true);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('does not retry a 5xx on submit blindly: one POST, a ServerError, then a safe retry places one order', async () => {
    const request = order();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const error = await failure(client().submitOrder(request));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount(request.poNumber)).toBe(0);
    const retry = await client().submitOrder(request);
    expect(retry.alreadyExisted).toBe(false);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('reads an unreadable answer as "maybe placed": looks up, and throws ResponseParseError when nothing is there', async () => {
    const request = order();
    simulator.injectFault({ kind: 'malformed-body', operations: ['submit'] });
    const error = await failure(client().submitOrder(request));
    expect(ResponseParseError.isInstance(error) && error.service).toBe('parts-unlimited');
    expect(simulator.orderCount(request.poNumber)).toBe(0);
  });

  it('honours Retry-After on a 429 (the order was not taken) and places exactly one order', async () => {
    const request = order();
    simulator.injectFault({ kind: 'rate-limit', operations: ['submit'], retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await client().submitOrder(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.alreadyExisted).toBe(false);
    expect(simulator.callCount('submit')).toBe(2);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    expect(events.some((event) => event.type === 'retry')).toBe(true);
  });

  it('gives up with RateLimitError when Retry-After is longer than allowed', async () => {
    simulator.injectFault({ kind: 'rate-limit', operations: ['stock'], retryAfterSeconds: 120 });
    const error = await failure(client({ retry: { maxRetryAfterMs: 1_000 } }).checkStock(['0101-1234']));
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(120_000);
  });

  it('refuses to place when the lookup window has more pages than allowed (cannot rule out a duplicate)', async () => {
    const small = createPartsUnlimitedSimulator({ dealerNumber, apiKey, pageSize: 1 });
    server.resetHandlers(...small.handlers);
    small.addProduct({ sku: '0101-1234', stock: { WI: 5 } });
    const pu = client({ maxOrderListPages: 2 });
    for (let index = 0; index < 3; index += 1) await pu.submitOrder(order());
    const request = order();
    const error = await failure(client({ maxOrderListPages: 2 }).submitOrder(request));
    // Inconclusive, not "not placed": a typed error for which mayHaveActed is true (the PO stays recoverable).
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(/more than 2 pages.*raise maxOrderListPages/);
    expect(small.orderCount(request.poNumber)).toBe(0);
    expect(small.callCount('submit')).toBe(3);
  });
});

/** Answers to the order list that say nothing about whether a PO exists. */
const garbageOrderLists: readonly [string, () => Response][] = [
  [
    'an HTML maintenance page with HTTP 200',
    () =>
      new HttpResponse('<html><body>Down for maintenance</body></html>', { headers: { 'content-type': 'text/html' } }),
  ],
  ['an empty HTTP 200', () => new HttpResponse('', { headers: { 'content-type': 'application/json' } })],
  ['an empty HTTP 200 without a content type', () => new HttpResponse('', { status: 200 })],
  ['JSON of another shape', () => HttpResponse.json({ status: 'ok', maintenance: true })],
  ['a large body without the order list', () => HttpResponse.json({ padding: 'x'.repeat(2_000_000) })],
  [
    'bytes that are not UTF-8',
    () =>
      new HttpResponse(new Uint8Array([...new TextEncoder().encode('{"orders":[],"n":"'), 0xff, 0xfe, 0x22, 0x7d]), {
        headers: { 'content-type': 'application/json' },
      }),
  ],
];

describe('lookup evidence: "not placed" needs an order list read to its end', () => {
  it.each(garbageOrderLists)('sends nothing when the order list answers %s', async (_, answer) => {
    const request = order();
    server.use(http.get(`${simulator.baseURL}/v2/orders/dropship`, answer));
    const error = await failure(client({ retry: { retries: 0 } }).submitOrder(request));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect(simulator.callCount('submit')).toBe(0);
  });

  it.each(garbageOrderLists)(
    'a new process never places a second order when the order list answers %s after a lost answer',
    async (_, answer) => {
      const request = order();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      let listCalls = 0;
      server.use(
        http.get(`${simulator.baseURL}/v2/orders/dropship`, () => {
          listCalls += 1;
          return listCalls === 1 ? undefined : answer();
        }),
      );
      const first = await failure(client({ retry: { retries: 0 } }).submitOrder(request));
      expect(mayHaveActed(first), String(first)).toBe(true);
      // A restarted process (no memory of the order) asks again while the list still answers garbage.
      const second = await failure(client({ retry: { retries: 0 } }).submitOrder(request));
      expect(mayHaveActed(second), String(second)).toBe(true);
      expect(simulator.callCount('submit')).toBe(1);
      expect(simulator.orderCount(request.poNumber)).toBe(1);
      server.resetHandlers(...simulator.handlers);
      expect((await client().submitOrder(request)).alreadyExisted).toBe(true);
      expect(simulator.orderCount(request.poNumber)).toBe(1);
    },
  );

  it.each(garbageOrderLists)('findOrder throws a typed error instead of null for %s', async (_, answer) => {
    server.use(http.get(`${simulator.baseURL}/v2/orders/dropship`, answer));
    const error = await failure(client({ retry: { retries: 0 } }).findOrder('PU-NONE-1'));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
  });
});

describe('findOrder, listShipments, cancelOrder', () => {
  it('reports partial then complete shipment with tracking', async () => {
    const pu = client();
    const request = order({
      lines: [
        { sku: '0101-1234', quantity: 2 },
        { sku: '0202-0001', quantity: 1 },
      ],
    });
    await pu.submitOrder(request);
    expect(await pu.findOrder(request.poNumber)).toMatchObject({ status: 'open', shipments: [] });

    const first = simulator.shipOrder(request.poNumber, {
      lines: [{ sku: '0101-1234', quantity: 2 }],
      carrier: 'UPS Ground',
    });
    const partial = await pu.findOrder(request.poNumber);
    expect(partial?.status).toBe('partially_shipped');
    expect(partial?.shipments).toEqual([
      expect.objectContaining({
        carrier: 'ups',
        carrierName: 'UPS Ground',
        trackingNumber: first,
        lines: [{ sku: '0101-1234', quantity: 2 }],
      }),
    ]);

    const second = simulator.shipOrder(request.poNumber, { carrier: 'FedEx Ground' });
    const complete = await pu.findOrder(request.poNumber);
    expect(complete?.status).toBe('shipped');
    expect(complete?.shipments.map((shipment) => [shipment.trackingNumber, shipment.carrier])).toEqual([
      [first, 'ups'],
      [second, 'fedex'],
    ]);
  });

  it('lists shipments by date range in one paged search, and by PO numbers', async () => {
    const pu = client();
    const placed = [order(), order(), order()];
    for (const request of placed) await pu.submitOrder(request);
    simulator.shipOrder(placed[0]?.poNumber as string);
    const today = new Date().toISOString().slice(0, 10);
    const before = simulator.callCount('order-list');
    const listed = await pu.listShipments({ from: today, to: today });
    expect(simulator.callCount('order-list') - before).toBe(1);
    expect(listed.map((entry) => entry.poNumber).sort()).toEqual(placed.map((request) => request.poNumber).sort());
    const byPo = await pu.listShipments({ poNumbers: [placed[0]?.poNumber as string, 'NOT-A-PO'] });
    expect(byPo.map((entry) => entry.poNumber)).toEqual([placed[0]?.poNumber]);
    expect(byPo[0]?.shipments).toHaveLength(1);
  });

  it('validates a date range', async () => {
    expect(
      ValidationError.isInstance(await failure(client().listShipments({ from: '2026-11-05', to: '2026-11-01' }))),
    ).toBe(true);
    expect(
      ValidationError.isInstance(await failure(client().listShipments({ from: 'yesterday', to: '2026-11-01' }))),
    ).toBe(true);
  });

  it('answers cancel with an unsupported warning, without calling the API', async () => {
    const result = await client().cancelOrder('PO-1');
    expect(result.status).toBe('unsupported');
    expect(result.warning).toMatchObject({ type: 'unsupported', feature: 'cancel-order' });
    expect(simulator.callCount()).toBe(0);
  });
});

describe('credentials never leak', () => {
  it('keeps the API key and dealer number out of errors, events and recorded calls', async () => {
    const errors: unknown[] = [];
    const wrong = client({ apiKey: 'SENTINEL-WRONG-KEY-1111' });
    const authentication = await failure(wrong.checkStock(['0101-1234']));
    expect(AuthenticationError.isInstance(authentication)).toBe(true);
    errors.push(authentication);
    simulator.injectFault({ kind: 'server-error', times: 5 });
    errors.push(await failure(client().checkStock(['0101-1234'])));
    simulator.reset();
    simulator.addProduct({ sku: '0101-1234', stock: { WI: 5 } });
    simulator.refuseNextOrder({ statusCode: 400, mainframeErrors: [`DEALER ${dealerNumber} INACTIVE`] });
    errors.push(await failure(client().submitOrder(order())));
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    await client().submitOrder(order());
    expect(errors).toHaveLength(3);
    expect(events.length).toBeGreaterThan(5);
    expect(server.calls().length).toBeGreaterThan(5);
    expectNoSecrets(
      [...errors, ...events, ...server.calls().map((call) => call.url)],
      [...secrets, 'SENTINEL-WRONG-KEY-1111'],
    );
  });
});
