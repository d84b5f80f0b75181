import {
  AccountSetupError,
  AuthenticationError,
  DropshipError,
  FieldLengthError,
  MissingCredentialError,
  mayHaveActed,
  NetworkError,
  OrderRejectedError,
  type PurchaseOrderRequest,
  ResponseParseError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import type { HttpEvent } from '@dropship/http';
import { createTestServer, expectNoSecrets } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTuckerRocky, type TuckerRockyClient } from './tucker-rocky-client.js';
import { createInMemoryTuckerRockyOrderStore } from './tucker-rocky-order-store.js';
import type { TuckerRockyOptions } from './tucker-rocky-settings.js';
import { createTuckerRockySimulator, type TuckerRockySimulator } from './tucker-rocky-simulator.js';

// Sentinel credentials: TRWS sends them in the URL (no public documentation), so every URL we expose is checked.
const customerNumber = 'SENTINEL-CUST-6061';
const apiKey = 'SENTINEL-TRKEY-8080';
const secrets = [customerNumber, apiKey];

const server = createTestServer();
let simulator: TuckerRockySimulator;
let events: HttpEvent[];

function client(overrides: TuckerRockyOptions = {}): TuckerRockyClient {
  return createTuckerRocky({
    customerNumber,
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
    poNumber: `TR-TEST-${poCounter}`,
    currency: 'USD',
    shipTo: {
      name: 'Jane Rider',
      address1: '1 Main St',
      city: 'Fort Worth',
      region: 'TX',
      postalCode: '76102',
      country: 'US',
    },
    lines: [{ sku: '1234-5678', quantity: 2 }],
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

/** The query strings that reached the API (credentials included: the wire, not what we expose). */
let wire: URLSearchParams[];
const onRequest = ({ request }: { request: Request }) => {
  wire.push(new URL(request.url).searchParams);
};

beforeAll(() => {
  server.listen();
  server.server.events.on('request:start', onRequest);
});
afterAll(() => {
  server.server.events.removeListener('request:start', onRequest);
  server.close();
});
beforeEach(() => {
  simulator = createTuckerRockySimulator({ customerNumber, apiKey });
  server.resetHandlers(...simulator.handlers);
  simulator.addProduct({ sku: '1234-5678', stock: { DC1: 20, DC2: 3 } });
  simulator.addProduct({ sku: '2222-0001', stock: { DC1: 1 } });
  events = [];
  wire = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createTuckerRocky', () => {
  it('names a missing credential, and reads them from the environment', async () => {
    vi.stubEnv('TUCKER_ROCKY_CUSTOMER_NUMBER', '');
    vi.stubEnv('TUCKER_ROCKY_API_KEY', '');
    expect(() => createTuckerRocky({ apiKey })).toThrow(MissingCredentialError);
    expect(() => createTuckerRocky({ customerNumber })).toThrow(/TUCKER_ROCKY_API_KEY/);
    vi.stubEnv('TUCKER_ROCKY_CUSTOMER_NUMBER', customerNumber);
    vi.stubEnv('TUCKER_ROCKY_API_KEY', apiKey);
    const [level] = await createTuckerRocky({ baseURL: simulator.baseURL, rateLimit: false }).checkStock(['1234-5678']);
    expect(level?.found).toBe(true);
  });

  it('accepts a short customer number (an account identifier, not a secret) and still hides it', async () => {
    const shortCustomer = '4711';
    const shortSimulator = createTuckerRockySimulator({
      customerNumber: shortCustomer,
      apiKey,
      baseURL: 'https://tucker-short.test',
    });
    server.use(...shortSimulator.handlers);
    const shortClient = createTuckerRocky({
      customerNumber: shortCustomer,
      apiKey,
      baseURL: shortSimulator.baseURL,
      rateLimit: false,
    });
    await expect(shortClient.checkStock(['1234-5678'])).resolves.toHaveLength(1);
    expect(String(shortClient)).not.toMatch(/(?<![0-9])4711(?![0-9])/);
    expect(() => createTuckerRocky({ customerNumber: '42', apiKey, baseURL: shortSimulator.baseURL })).toThrow(/cust/);
  });

  it('declares validate-only, floors, PO-list tracking and no cancel', () => {
    expect(client().capabilities).toMatchObject({
      cancel: 'unsupported',
      batchTracking: 'po-list',
      stockIsFloor: true,
      validateOnly: true,
      maxPoNumberLength: 20,
    });
  });

  it('refuses a misspelt option and numbers out of range', () => {
    const pathsOf = (options: Record<string, unknown>) => {
      try {
        createTuckerRocky({ customerNumber, apiKey, ...options } as never);
      } catch (error) {
        expect(ValidationError.isInstance(error), String(error)).toBe(true);
        return ValidationError.isInstance(error) ? error.issues.map((issue) => issue.path).sort() : [];
      }
      return [];
    };
    expect(pathsOf({ poLookUp: false })).toEqual(['poLookUp']);
    expect(pathsOf({ poLookup: { type: 'SHP', parameter: 'po', paramter: 'x' } })).toEqual(['poLookup.paramter']);
    expect(pathsOf({ maxPoNumberLength: 1e12, maxStockBatch: 1e6, maxTrackingBatch: 1_001, stockFloor: 1e9 })).toEqual([
      'maxPoNumberLength',
      'maxStockBatch',
      'maxTrackingBatch',
      'stockFloor',
    ]);
    expect(pathsOf({ maxPoNumberLength: 100, maxTrackingBatch: 1_000 })).toEqual([]);
  });

  it('lists invalid options', () => {
    try {
      createTuckerRocky({ customerNumber, apiKey, stockFloor: -1, duplicatePoPattern: 'dup' as unknown as RegExp });
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error) && error.issues.map((issue) => issue.path).sort()).toEqual([
        'duplicatePoPattern',
        'stockFloor',
      ]);
    }
  });
});

describe('checkStock', () => {
  it('sends type=INV with repeated item= keys and reports 9 as "9 or more"', async () => {
    const levels = await client().checkStock(['1234-5678', 'NOPE-0000', '2222-0001']);
    const [query] = wire;
    expect(query?.get('type')).toBe('INV');
    expect(query?.get('output')).toBe('JSON');
    expect(query?.getAll('item')).toEqual(['1234-5678', 'NOPE-0000', '2222-0001']);
    expect(levels).toEqual([
      {
        sku: '1234-5678',
        found: true,
        warehouses: [
          { warehouse: 'DC1', quantity: 9, isFloor: true },
          { warehouse: 'DC2', quantity: 3, isFloor: false },
        ],
      },
      { sku: 'NOPE-0000', found: false, warehouses: [] },
      { sku: '2222-0001', found: true, warehouses: [{ warehouse: 'DC1', quantity: 1, isFloor: false }] },
    ]);
  });

  it('splits 60 SKUs into batches of maxStockBatch', async () => {
    const skus = Array.from({ length: 60 }, (_, index) => `SKU-${index}`);
    for (const sku of skus) simulator.addProduct({ sku, stock: { DC1: 1 } });
    const levels = await client().checkStock(skus);
    expect(simulator.callCount('stock')).toBe(3);
    expect(wire.map((query) => query.getAll('item').length).sort()).toEqual([10, 25, 25]);
    expect(levels.every((level) => level.found)).toBe(true);
  });
});

describe('submitOrder', () => {
  it('sends type=ORD with the no public documentation parameters and returns the order number', async () => {
    const request = order({
      lines: [
        { sku: '1234-5678', quantity: 2 },
        { sku: '2222-0001', quantity: 1 },
      ],
      note: 'Gate code 12',
    });
    const result = await client().submitOrder(request);
    const [held] = simulator.orders();
    expect(result).toEqual({
      poNumber: request.poNumber,
      distributorOrderRefs: [held?.reference],
      status: 'submitted',
      alreadyExisted: false,
      warnings: [],
    });
    expect(held?.parameters).toMatchObject({
      type: ['ORD'],
      output: ['JSON'],
      po: [request.poNumber],
      allowduplicatepo: ['NO'],
      splitlines: ['YES'],
      submit: ['YES'],
      carrier: ['UG'],
      invoiceNote: ['Gate code 12'],
      line: ['1234-5678,2', '2222-0001,1'],
    });
  });

  it('validate-only sends submit=NO, places nothing and says the semantics are unconfirmed', async () => {
    const request = order({ validateOnly: true });
    const result = await client().submitOrder(request);
    expect(result).toMatchObject({ status: 'validated', alreadyExisted: false, distributorOrderRefs: [] });
    expect(result.warnings.some((warning) => warning.message.includes('UNCONFIRMED'))).toBe(true);
    expect(wire[0]?.get('submit')).toBe('NO');
    expect(simulator.validationCount()).toBe(1);
    expect(simulator.orderCount(request.poNumber)).toBe(0);
    const placed = await client().submitOrder({ ...request, validateOnly: false });
    expect(placed.status).toBe('submitted');
  });

  it('reads the API refusing a duplicate PO as the existing order, not as a failure', async () => {
    const request = order();
    const first = await client().submitOrder(request);
    // A new client (another process) knows nothing: the API refuses the duplicate, the client finds it.
    const second = await client().submitOrder(request);
    expect(second).toMatchObject({
      alreadyExisted: true,
      distributorOrderRefs: first.distributorOrderRefs,
      status: 'submitted',
    });
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    expect(simulator.callCount('submit')).toBe(2);
  });

  it('answers a same-client retry from its PO → order number store without calling the API', async () => {
    const tucker = client();
    const request = order();
    await tucker.submitOrder(request);
    const again = await tucker.submitOrder(request);
    expect(again.alreadyExisted).toBe(true);
    expect(simulator.callCount('submit')).toBe(1);
  });

  it('with the modelled PO lookup disabled, a refused duplicate is still "already placed", with a warning', async () => {
    const request = order();
    await client().submitOrder(request);
    const second = await client({ poLookup: false }).submitOrder(request);
    expect(second.alreadyExisted).toBe(true);
    expect(second.distributorOrderRefs).toEqual([]);
    expect(second.warnings[0]?.message).toContain('duplicate');
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('after a lost response, a retry never places a second order (even without the PO lookup)', async () => {
    const request = order();
    const tucker = client({ poLookup: false });
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const error = await failure(tucker.submitOrder(request));
    // Nothing to look up with: a typed error that keeps the PO recoverable, the lost answer its cause.
    expect(mayHaveActed(error), String(error)).toBe(true);
    expect(NetworkError.isInstance((error as Error).cause)).toBe(true);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
    const retry = await tucker.submitOrder(request);
    expect(retry.alreadyExisted).toBe(true);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('after a lost response, finds the order through the modelled PO lookup in the same call', async () => {
    const request = order();
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const result = await client().submitOrder(request);
    expect(result.alreadyExisted).toBe(false);
    expect(result.distributorOrderRefs).toEqual([simulator.orders()[0]?.reference]);
    expect(simulator.callCount('find-order')).toBe(1);
    expect(simulator.callCount('submit')).toBe(1);
  });

  it('does not retry a 5xx on submit: one ORD call, then a ServerError', async () => {
    const request = order();
    simulator.injectFault({ kind: 'server-error', operations: ['submit'] });
    const error = await failure(client().submitOrder(request));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(simulator.callCount('submit')).toBe(1);
    expect(simulator.orderCount(request.poNumber)).toBe(0);
  });

  it('surfaces per-line errors of a refused order', async () => {
    const request = order({
      lines: [
        { sku: '1234-5678', quantity: 1 },
        { sku: '9999-0000', quantity: 1 },
      ],
    });
    const error = await failure(client().submitOrder(request));
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect(OrderRejectedError.isInstance(error) && error.lineErrors).toEqual([
      { sku: '9999-0000', message: 'Item not found', reason: 'other' },
    ]);
    expect(simulator.orderCount(request.poNumber)).toBe(0);
  });

  it('reads an order accepted with a line error as placed for the rest: a warning, and the refused line as cancelledLines on every read', async () => {
    // Before issue 20 this threw OrderRejectedError although TRWS had created the order for the
    // other line: the SDK would then have planned that line again (placed twice).
    simulator.setLineError('2222-0001', 'Discontinued item');
    const tucker = client();
    const request = order({
      lines: [
        { sku: '1234-5678', quantity: 1 },
        { sku: '2222-0001', quantity: 3 },
      ],
    });
    const result = await tucker.submitOrder(request);
    const reference = simulator.orders()[0]?.reference as string;
    expect(result.distributorOrderRefs).toEqual([reference]);
    expect(result.lines).toEqual([{ sku: '1234-5678', quantity: 1 }]);
    expect(result.warnings.map((warning) => warning.message).join(' ')).toContain('2222-0001 (Discontinued item)');
    const found = await tucker.findOrder(request.poNumber);
    expect(found?.distributorOrderRefs).toEqual([reference]);
    expect(found?.status).toBe('open');
    expect(found?.cancelledLines).toEqual([
      { sku: '2222-0001', quantity: 3, reason: 'discontinued', message: 'Discontinued item' },
    ]);
    // The line that was placed ships; the PO then reads shipped, the refused line still reported.
    simulator.shipOrder(request.poNumber);
    const shipped = await tucker.findOrder(request.poNumber);
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.cancelledLines).toEqual(found?.cancelledLines);
    expect(simulator.orderCount(request.poNumber)).toBe(1);
  });

  it('maps an account without a credit card to AccountSetupError (credit-card)', async () => {
    simulator.setAccount({ creditCard: false });
    const error = await failure(client().submitOrder(order()));
    expect(AccountSetupError.isInstance(error)).toBe(true);
    expect(AccountSetupError.isInstance(error) && error.requirement).toBe('credit-card');
    expect(simulator.orders()).toEqual([]);
  });

  it('recognises another credit-card text through the configured pattern', async () => {
    server.use(
      http.get(`${simulator.baseURL}/bin/trws`, () =>
        HttpResponse.json({ ORD: { status: 'FAILED', errormsg: 'NO PAYMENT METHOD ON FILE' } }),
      ),
    );
    const error = await failure(client({ creditCardPattern: /no payment method/i }).submitOrder(order()));
    expect(AccountSetupError.isInstance(error)).toBe(true);
  });

  it('refuses a PO longer than configured before sending', async () => {
    const error = await failure(client({ maxPoNumberLength: 10 }).submitOrder(order({ poNumber: 'P'.repeat(11) })));
    expect(FieldLengthError.isInstance(error)).toBe(true);
    expect(wire).toEqual([]);
  });
});

/** Answers to the modelled lookup by PO number that say nothing about whether the PO exists. */
const garbageLookUps: readonly [string, () => Response][] = [
  [
    'an HTML maintenance page with HTTP 200',
    () =>
      new HttpResponse('<html><body>Down for maintenance</body></html>', { headers: { 'content-type': 'text/html' } }),
  ],
  ['an empty HTTP 200', () => new HttpResponse('', { headers: { 'content-type': 'application/json' } })],
  ['JSON of another shape', () => HttpResponse.json({ status: 'ok', maintenance: true })],
  ['a shipment block that does not say SUCCESSFUL', () => HttpResponse.json({ SHP: {} })],
  [
    'bytes that are not UTF-8',
    () =>
      new HttpResponse(
        new Uint8Array([
          ...new TextEncoder().encode('{"SHP":{"status":"SUCCESSFUL","shipment":[],"n":"'),
          0xff,
          ...new TextEncoder().encode('"}}'),
        ]),
        { headers: { 'content-type': 'application/json' } },
      ),
  ],
];

/** Serves `answer` to the lookup by PO number (type=SHP with po=) only; every other call reaches the simulator. */
function answerLookUpWith(answer: () => Response): void {
  server.use(
    http.get(`${simulator.baseURL}/*`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      return query.get('type') === 'SHP' && query.has('po') ? answer() : undefined;
    }),
  );
}

describe('lookup evidence: the modelled PO lookup counts only in its own shape', () => {
  it.each(garbageLookUps)(
    'after a lost response and a lookup answering %s: a typed error, and a retry still places one order',
    async (_, answer) => {
      const request = order();
      simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
      answerLookUpWith(answer);
      const error = await failure(client({ retry: { retries: 0 } }).submitOrder(request));
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect(mayHaveActed(error)).toBe(true);
      expect(simulator.orderCount(request.poNumber)).toBe(1);
      // A new process (empty order store): TRWS refuses the second ORD as a duplicate.
      const retry = await client({ retry: { retries: 0 } }).submitOrder(request);
      expect(retry.alreadyExisted).toBe(true);
      expect(simulator.orderCount(request.poNumber)).toBe(1);
    },
  );

  it.each(garbageLookUps)('findOrder throws a typed error instead of null for %s', async (_, answer) => {
    answerLookUpWith(answer);
    const error = await failure(client({ retry: { retries: 0 } }).findOrder('TR-NONE-1'));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
  });

  it('findOrder answers null on a SUCCESSFUL block without the PO', async () => {
    expect(await client().findOrder('TR-NONE-1')).toBeNull();
  });
});

describe('redirects', () => {
  it('never carries apikey or cust to another origin when the lookup redirects there', async () => {
    const reached: string[] = [];
    server.use(
      http.all('https://moved.hostile.test/*', ({ request }) => {
        reached.push(request.url);
        return HttpResponse.json({ SHP: { status: 'SUCCESSFUL', shipment: [] } });
      }),
    );
    // A host move that keeps the query string (the credentials in it), as many redirects do.
    server.use(
      http.get(`${simulator.baseURL}/*`, ({ request }) => {
        const url = new URL(request.url);
        return new HttpResponse(null, {
          status: 302,
          headers: { location: `https://moved.hostile.test${url.pathname}${url.search}` },
        });
      }),
    );
    const error = await failure(client({ retry: { retries: 0 } }).findOrder('TR-NONE-1'));
    expect(DropshipError.isInstance(error), String(error)).toBe(true);
    expect(reached.filter((url) => secrets.some((secret) => url.includes(secret)))).toEqual([]);
    expectNoSecrets([error], secrets);
  });
});

describe('findOrder, listShipments, cancelOrder', () => {
  it('reports open, partial and complete shipment with UG mapped to UPS', async () => {
    const tucker = client();
    const request = order({
      lines: [
        { sku: '1234-5678', quantity: 2 },
        { sku: '2222-0001', quantity: 1 },
      ],
    });
    await tucker.submitOrder(request);
    expect(await tucker.findOrder(request.poNumber)).toMatchObject({ status: 'open', shipments: [] });
    const first = simulator.shipOrder(request.poNumber, { lines: [{ sku: '1234-5678', quantity: 2 }] });
    expect(await tucker.findOrder(request.poNumber)).toMatchObject({
      status: 'partially_shipped',
      shipments: [
        { carrier: 'ups', carrierName: 'UG', trackingNumber: first, lines: [{ sku: '1234-5678', quantity: 2 }] },
      ],
    });
    simulator.shipOrder(request.poNumber);
    expect((await tucker.findOrder(request.poNumber))?.status).toBe('shipped');
  });

  it('batches order numbers (repeated ordernum=) by maxTrackingBatch', async () => {
    const tucker = client({ maxTrackingBatch: 2 });
    const requests = [order(), order(), order(), order(), order()];
    for (const request of requests) await tucker.submitOrder(request);
    wire = [];
    const listed = await tucker.listShipments({
      poNumbers: [...requests.map((request) => request.poNumber), 'NEVER-PLACED'],
    });
    expect(listed.map((entry) => entry.poNumber)).toEqual(requests.map((request) => request.poNumber));
    const shipmentCalls = wire.filter((query) => query.get('type') === 'SHP' && query.has('ordernum'));
    expect(shipmentCalls.map((query) => query.getAll('ordernum').length).sort()).toEqual([1, 2, 2]);
  });

  it('finds orders after a restart through a durable order store, without the modelled lookup', async () => {
    const store = createInMemoryTuckerRockyOrderStore();
    const request = order();
    await client({ orderStore: store }).submitOrder(request);
    const restarted = client({ orderStore: store, poLookup: false });
    expect((await restarted.findOrder(request.poNumber))?.distributorOrderRefs).toEqual([
      simulator.orders()[0]?.reference,
    ]);
    expect(await restarted.findOrder('UNKNOWN-PO')).toBeNull();
  });

  it('refuses a date-range query: TRWS lists shipments by order number only', async () => {
    expect(
      ValidationError.isInstance(await failure(client().listShipments({ from: '2026-11-01', to: '2026-11-02' }))),
    ).toBe(true);
  });

  it('answers cancel with an unsupported warning', async () => {
    const result = await client().cancelOrder('PO-1');
    expect(result).toMatchObject({ status: 'unsupported', warning: { type: 'unsupported', feature: 'cancel-order' } });
    expect(wire).toEqual([]);
  });
});

describe('credentials in the URL never leak', () => {
  it('maps the API’s own credential refusal (HTTP 200) and an HTTP 401 to AuthenticationError', async () => {
    const wrong = client({ apiKey: 'SENTINEL-WRONG-7777' });
    const refused = await failure(wrong.checkStock(['1234-5678']));
    expect(AuthenticationError.isInstance(refused)).toBe(true);
    simulator.injectFault({ kind: 'unauthorized' });
    expect(AuthenticationError.isInstance(await failure(client().checkStock(['1234-5678'])))).toBe(true);
    expect(simulator.callCount('stock')).toBe(2);
  });

  it('keeps apikey and cust out of errors, events and recorded URLs', async () => {
    const errors: unknown[] = [];
    errors.push(await failure(client({ apiKey: 'SENTINEL-WRONG-7777' }).submitOrder(order())));
    simulator.injectFault({ kind: 'server-error', times: 5 });
    errors.push(await failure(client().checkStock(['1234-5678'])));
    simulator.injectFault({ kind: 'malformed-body' });
    errors.push(await failure(client().checkStock(['1234-5678'])));
    simulator.injectFault({ kind: 'drop-connection', times: 5 });
    errors.push(await failure(client().findOrder('TR-ANY')));
    errors.push(await failure(client().submitOrder(order({ lines: [{ sku: '9999-0000', quantity: 1 }] }))));
    expect(wire.every((query) => query.get('apikey') !== null && query.get('cust') !== null)).toBe(true);
    const recordedUrls = server.calls().map((call) => call.url);
    expect(recordedUrls.length).toBeGreaterThan(5);
    expect(
      recordedUrls.every((url) => url.includes('apikey=%5BREDACTED%5D') || url.includes('apikey=[REDACTED]')),
    ).toBe(true);
    const urls = errors.map((error) => (error as { url?: string }).url).filter((url) => url !== undefined);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    expect(urls.every((url) => url.includes('[REDACTED]'))).toBe(true);
    expectNoSecrets([...errors, ...events, ...recordedUrls], [...secrets, 'SENTINEL-WRONG-7777']);
  });
});
