import {
  AuthenticationError,
  InvalidRequestError,
  MissingCredentialError,
  RateLimitError,
  ResponseParseError,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import type { HttpEvent } from '@dropship/http';
import { createTestServer, expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import type { WalmartShipOrderLinesRequest } from './walmart-schemas.js';
import type { WalmartOptions } from './walmart-settings.js';
import { createWalmartSimulator, type WalmartSimulator, type WalmartSimulatorOptions } from './walmart-simulator.js';

// Shapes follow Walmart's docs: https://developer.walmart.com/us-marketplace/docs/authentication (token),
// https://developer.walmart.com/us-marketplace/reference/shippingupdates (body, carriers), https://developer.walmart.com/us-marketplace/docs/error-codes.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let sentinelCounter = 0;
/** Sentinel credentials, unique per test so that the shared per-credential limiters never mix tests. */
function sentinels() {
  sentinelCounter += 1;
  return {
    clientId: `SENTINEL-WM-ID-${sentinelCounter}-7f3a`,
    clientSecret: `SENTINEL-WM-SECRET-${sentinelCounter}-c91e`,
  };
}

function setup(simulatorOptions: WalmartSimulatorOptions = {}, adapterOptions: WalmartOptions = {}) {
  const credentials = sentinels();
  const clock = { now: 1_800_000_000_000 };
  const simulator = createWalmartSimulator({ ...credentials, now: () => clock.now, ...simulatorOptions });
  server.resetHandlers(...simulator.handlers);
  const events: HttpEvent[] = [];
  const adapter = createWalmart({
    ...credentials,
    baseURL: simulator.baseURL,
    now: () => clock.now,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...adapterOptions,
  });
  const order = walmartSampleOrder();
  simulator.addOrder(order);
  return { simulator, adapter, order, events, credentials, clock };
}

function shipment(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'PO-1001:1Z999AA10123456784',
    carrier: 'ups',
    trackingNumber: '1Z999AA10123456784',
    shippedAt: '2026-11-20T15:30:00.000Z',
    lines: [{ lineId: '1', quantity: 2 }],
    ...overrides,
  };
}

/** The body of the `index`-th ship request the simulator accepted. */
function sentBody(simulator: WalmartSimulator, index: number): WalmartShipOrderLinesRequest | undefined {
  return simulator.shipments()[index]?.body as WalmartShipOrderLinesRequest | undefined;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

function secretsOf(simulator: WalmartSimulator, credentials: { clientId: string; clientSecret: string }): string[] {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
  return [credentials.clientId, credentials.clientSecret, basic, ...simulator.issuedTokens()];
}

describe('createWalmart', () => {
  it('needs credentials, from options or WALMART_CLIENT_ID / WALMART_CLIENT_SECRET', () => {
    const saved = { id: process.env.WALMART_CLIENT_ID, secret: process.env.WALMART_CLIENT_SECRET };
    delete process.env.WALMART_CLIENT_ID;
    delete process.env.WALMART_CLIENT_SECRET;
    try {
      expect(() => createWalmart({ clientSecret: 'x' })).toThrow(MissingCredentialError);
      process.env.WALMART_CLIENT_ID = 'from-env';
      process.env.WALMART_CLIENT_SECRET = 'from-env-secret';
      expect(createWalmart().marketplace).toBe('walmart');
    } finally {
      if (saved.id === undefined) delete process.env.WALMART_CLIENT_ID;
      else process.env.WALMART_CLIENT_ID = saved.id;
      if (saved.secret === undefined) delete process.env.WALMART_CLIENT_SECRET;
      else process.env.WALMART_CLIENT_SECRET = saved.secret;
    }
  });

  it('validates options, listing every problem', () => {
    const error = (() => {
      try {
        createWalmart({
          clientId: 'a',
          clientSecret: 'b',
          baseURL: 'not a url',
          methodCode: 'Teleport' as never,
          rateLimit: { requests: 0, intervalMs: 1000 },
        });
      } catch (caught) {
        return caught as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error.issues.map((issue) => issue.path)).toEqual(['baseURL', 'methodCode', 'rateLimit.requests']);
  });

  it.each([
    ['a misspelt option', { retires: 3 }, 'retires'],
    ['retry.retries: -1', { retry: { retries: -1 } }, 'retry.retries'],
    ['retry.retries: 1e9', { retry: { retries: 1e9 } }, 'retry.retries'],
    ['timeoutMs: 1e12', { timeoutMs: 1e12 }, 'timeoutMs'],
  ])('refuses %s with a ValidationError naming it', (_, bad, path) => {
    expectRefusedOption(() => createWalmart({ ...sentinels(), ...(bad as object) }), path);
  });

  it('declares notifiesBuyer true by default (UNCONFIRMED, no public documentation) and lets it be changed', () => {
    const credentials = sentinels();
    expect(createWalmart(credentials).notifiesBuyer).toBe(true);
    expect(createWalmart({ ...credentials, notifiesBuyer: false }).notifiesBuyer).toBe(false);
  });
});

describe('walmart pushTracking', () => {
  it('ships the lines in the spec shape: string quantities, epoch-ms ship time, enum carrier, required headers', async () => {
    const { simulator, adapter, order } = setup();
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result.status).toBe('pushed');
    const [recorded] = simulator.shipments(order.marketplaceOrderId);
    expect(recorded?.body).toEqual({
      orderShipment: {
        orderLines: {
          orderLine: [
            {
              lineNumber: '1',
              sellerOrderId: '1796277083022',
              orderLineStatuses: {
                orderLineStatus: [
                  {
                    status: 'Shipped',
                    statusQuantity: { unitOfMeasurement: 'EACH', amount: '2' },
                    trackingInfo: {
                      shipDateTime: Date.parse('2026-11-20T15:30:00.000Z'),
                      carrierName: { carrier: 'UPS' },
                      methodCode: 'Standard',
                      trackingNumber: '1Z999AA10123456784',
                      trackingURL: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    expect(simulator.fulfillments(order.marketplaceOrderId)).toEqual([
      {
        marketplaceOrderId: order.marketplaceOrderId,
        trackingNumber: '1Z999AA10123456784',
        carrier: 'UPS',
        lines: [{ lineId: '1', quantity: 2 }],
      },
    ]);
  });

  it("sends the order's own shippingInfo.methodCode, not the option (an Express order ships as Express)", async () => {
    const { simulator, adapter, order } = setup({}, { methodCode: 'Value' });
    simulator.addOrder(order, { methodCode: 'Express' });
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result).toEqual({ status: 'pushed', reference: order.marketplaceOrderId });
    const methodCodes = simulator
      .shipments(order.marketplaceOrderId)
      .map(
        (entry) =>
          (entry.body as WalmartShipOrderLinesRequest).orderShipment.orderLines.orderLine[0]?.orderLineStatuses
            .orderLineStatus[0]?.trackingInfo.methodCode,
      );
    expect(methodCodes).toEqual(['Express']);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
  });

  it("sends back a method code of the order's that the ship enum does not list (TwoDay) as the order carries it", async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order, { methodCode: 'TwoDay' });
    await adapter.pushTracking({ order, shipment: shipment() });
    expect(
      sentBody(simulator, 0)?.orderShipment.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]?.trackingInfo
        .methodCode,
    ).toBe('TwoDay');
  });

  it('an order whose shippingInfo.methodCode is not a code: ships with the option and says so in a warning', async () => {
    const { simulator, adapter, order } = setup({}, { methodCode: 'Express' });
    simulator.addOrder(order, { methodCode: 'Two Day<br>' });
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result.status).toBe('pushed');
    expect(result.warnings?.map((warning) => warning.message)).toEqual([
      expect.stringContaining('is not a method code; shipped with the methodCode option Express'),
    ]);
    expect(
      sentBody(simulator, 0)?.orderShipment.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]?.trackingInfo
        .methodCode,
    ).toBe('Express');
  });

  it('falls back to the methodCode option only when the order carries no shippingInfo.methodCode', async () => {
    const { simulator, adapter, order } = setup({}, { methodCode: 'Value' });
    simulator.addOrder(order, { methodCode: null });
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result.status).toBe('pushed');
    expect(result.warnings).toBeUndefined();
    expect(
      sentBody(simulator, 0)?.orderShipment.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]?.trackingInfo
        .methodCode,
    ).toBe('Value');
  });

  it('does nothing on a second push of the same package: reads the order and returns already-pushed', async () => {
    const { simulator, adapter, order } = setup();
    await adapter.pushTracking({ order, shipment: shipment() });
    const again = await adapter.pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z 999 AA1 01 2345 6784' }),
    });
    expect(again.status).toBe('already-pushed');
    expect(simulator.shipments()).toHaveLength(1);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(2);
  });

  it('ships partial shipments line by line with their own quantities', async () => {
    const { simulator, adapter, order } = setup();
    await adapter.pushTracking({ order, shipment: shipment({ lines: [{ lineId: '1', quantity: 2 }] }) });
    const second = shipment({
      id: 'PO-1001:1Z999AA10000000002',
      trackingNumber: '1Z999AA10000000002',
      lines: [
        { lineId: '1', quantity: 1 },
        { lineId: '2', quantity: 1 },
      ],
    });
    expect((await adapter.pushTracking({ order, shipment: second })).status).toBe('pushed');
    expect(simulator.fulfillments(order.marketplaceOrderId).map((fulfillment) => fulfillment.lines)).toEqual([
      [{ lineId: '1', quantity: 2 }],
      [
        { lineId: '1', quantity: 1 },
        { lineId: '2', quantity: 1 },
      ],
    ]);
    const amounts = sentBody(simulator, 1)?.orderShipment.orderLines.orderLine.map(
      (line) => line.orderLineStatuses.orderLineStatus[0]?.statusQuantity.amount,
    );
    expect(amounts).toEqual(['1', '1']);
    // A third package for line 1 has nothing left: refused before anything is written.
    const third = shipment({ id: 'x', trackingNumber: '1Z999AA10000000003', lines: [{ lineId: '1', quantity: 1 }] });
    expect(await failure(adapter.pushTracking({ order, shipment: third }))).toBeInstanceOf(InvalidRequestError);
    expect(simulator.shipments()).toHaveLength(2);
  });

  it('sends a carrier Walmart does not list as otherCarrier with trackingURL', async () => {
    const { simulator, adapter, order } = setup();
    await adapter.pushTracking({
      order,
      shipment: shipment({
        carrier: 'other',
        carrierName: 'Speedy Pigeon',
        trackingNumber: 'SP123',
        trackingUrl: 'https://pigeon.example/t/SP123',
      }),
    });
    const info = sentBody(simulator, 0)?.orderShipment.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]
      ?.trackingInfo;
    expect(info).toMatchObject({
      carrierName: { otherCarrier: 'Speedy Pigeon' },
      trackingURL: 'https://pigeon.example/t/SP123',
    });
    expect(simulator.fulfillments(order.marketplaceOrderId)[0]?.carrier).toBe('Speedy Pigeon');
  });

  it('refuses an unknown carrier without a tracking URL before sending anything', async () => {
    const { simulator, adapter, order } = setup();
    const error = await failure(
      adapter.pushTracking({
        order,
        shipment: shipment({ carrier: 'other', carrierName: 'Speedy Pigeon', trackingNumber: 'SP1' }),
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toBe('shipment.trackingUrl');
    expect(simulator.requestTimes()).toEqual([]);
  });

  it('refuses another marketplace order and unknown lines with a ValidationError', async () => {
    const { adapter, order } = setup();
    const error = await failure(
      adapter.pushTracking({
        order: { ...order, marketplace: 'ebay' },
        shipment: shipment({ lines: [{ lineId: '9', quantity: 1 }] }),
      }),
    );
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'shipment.lines.0.lineId',
      'order.marketplace',
    ]);
  });
});

describe('walmart access token', () => {
  it('requests one token and reuses it until 60 s before its 900 s expiry (injectable clock)', async () => {
    const { simulator, adapter, order, clock } = setup();
    await adapter.pushTracking({ order, shipment: shipment() });
    expect(simulator.requestTimes('token')).toHaveLength(1);
    clock.now += 839_000;
    await adapter.pushTracking({ order, shipment: shipment() });
    expect(simulator.requestTimes('token')).toHaveLength(1);
    clock.now += 2_000; // 841 s after issue: inside the refresh margin
    await adapter.pushTracking({ order, shipment: shipment() });
    expect(simulator.requestTimes('token')).toHaveLength(2);
  });

  it('renews the token once when Walmart answers 401, then succeeds', async () => {
    const { simulator, adapter, order } = setup();
    await adapter.pushTracking({ order, shipment: shipment() });
    simulator.expireTokens();
    const result = await adapter.pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z999AA10000000009', lines: [{ lineId: '2', quantity: 1 }] }),
    });
    expect(result.status).toBe('pushed');
    expect(simulator.requestTimes('token')).toHaveLength(2);
  });

  it('gives up after one renewal when the API keeps refusing', async () => {
    const { simulator, adapter, order } = setup();
    simulator.injectFault({ kind: 'unauthorized', operations: ['read-order'], times: 5 });
    expect(await failure(adapter.pushTracking({ order, shipment: shipment() }))).toBeInstanceOf(AuthenticationError);
    expect(simulator.requestTimes('read-order')).toHaveLength(2);
    expect(simulator.requestTimes('token')).toHaveLength(2);
  });

  it('fails with AuthenticationError on a wrong client secret, asking for a token once, leaking nothing', async () => {
    const { simulator, order, events, credentials } = setup();
    const wrong = { clientId: credentials.clientId, clientSecret: `${credentials.clientSecret}-WRONG` };
    const adapter = createWalmart({ ...wrong, baseURL: simulator.baseURL, onEvent: (event) => events.push(event) });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(simulator.requestTimes('token')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(0);
    expectNoSecrets([error, ...events], [...secretsOf(simulator, credentials), wrong.clientSecret]);
  });
});

describe('walmart headers', () => {
  it('sends a fresh WM_QOS.CORRELATION_ID on every request, retries included', async () => {
    const { simulator, adapter, order } = setup();
    simulator.injectFault({ kind: 'server-error', operations: ['read-order'] });
    await adapter.pushTracking({ order, shipment: shipment() });
    const ids = simulator.correlationIds();
    // token, read-order (503), read-order, push-tracking
    expect(ids).toHaveLength(simulator.requestTimes().length);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('the simulator refuses a request without a correlation id (https://developer.walmart.com/us-marketplace/docs/authentication)', async () => {
    const { simulator } = setup();
    const response = await fetch(`${simulator.baseURL}/v3/token`, {
      method: 'POST',
      headers: { 'WM_SVC.NAME': 'Walmart Marketplace' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ code: 'INVALID_REQUEST_HEADER', field: 'WM_QOS.CORRELATION_ID' }],
    });
  });
});

describe('walmart errors', () => {
  it.each(['documented', 'orders-legacy'] as const)(
    'reads the %s error shape into a typed error naming Walmart code and message',
    async (errorShape) => {
      const { simulator, adapter, order } = setup({ errorShape });
      simulator.addOrder(order, { status: 'Created' }); // not acknowledged: Walmart refuses to ship it
      const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as InvalidRequestError).status).toBe(400);
      expect(error.message).toContain(
        'INVALID_REQUEST_CONTENT: orderLine[0]: line 1 must be acknowledged before it ships (field status)',
      );
    },
  );

  it('retries a throttled call (429 REQUEST_THRESHOLD_VIOLATED) and succeeds', async () => {
    const { simulator, adapter, order, events } = setup();
    simulator.throttle({ operations: ['push-tracking'] });
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
    expect(events.some((event) => event.type === 'retry')).toBe(true);
    expect(simulator.shipments()).toHaveLength(1);
  });

  it('fails with RateLimitError when throttling lasts', async () => {
    const { simulator, adapter, order } = setup();
    simulator.throttle({ times: 10, operations: ['read-order'] });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).responseBody).toContain('REQUEST_THRESHOLD_VIOLATED');
  });

  it('puts no credential or access token in any error or event', async () => {
    const { simulator, adapter, order, events, credentials } = setup({ errorShape: 'orders-legacy' });
    const errors: unknown[] = [];
    await adapter.pushTracking({ order, shipment: shipment() });
    simulator.addOrder(order, { status: 'Created' });
    errors.push(await failure(adapter.pushTracking({ order, shipment: shipment({ trackingNumber: 'T2' }) })));
    simulator.injectFault({ kind: 'unauthorized', times: 4 });
    errors.push(await failure(adapter.pushTracking({ order, shipment: shipment({ trackingNumber: 'T3' }) })));
    simulator.injectFault({ kind: 'malformed-body', operations: ['read-order'] });
    errors.push(await failure(adapter.pushTracking({ order, shipment: shipment({ trackingNumber: 'T4' }) })));
    expect(simulator.issuedTokens().length).toBeGreaterThan(0);
    expectNoSecrets([...errors, ...events], secretsOf(simulator, credentials));
  });
});

describe('walmart: "pushed" needs the documented answer (200 with the order, its lines shipped with the tracking number)', () => {
  it('an HTML 200 after Walmart shipped the lines: reads the order back, reports pushed, ships once', async () => {
    const { simulator, adapter, order } = setup();
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>Maintenance</html>',
      act: true,
    });
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result).toEqual({ status: 'pushed', reference: order.marketplaceOrderId });
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(2);
    expect(simulator.shipments()).toHaveLength(1);
  });

  it('the order with its lines not shipped, and nothing shipped: ResponseParseError, not pushed; the next push ships once', async () => {
    const { simulator, adapter, order } = setup();
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        order: {
          purchaseOrderId: order.marketplaceOrderId,
          orderLines: {
            orderLine: [{ lineNumber: '1', orderLineStatuses: { orderLineStatus: [{ status: 'Acknowledged' }] } }],
          },
        },
      }),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(error.message).toMatch(/not confirmed.*not marked pushed/);
    expect(simulator.shipments()).toHaveLength(0);
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.shipments()).toHaveLength(1);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
  });

  it('a lost answer after Walmart shipped: reads back and reports pushed, without shipping again', async () => {
    const { simulator, adapter, order } = setup();
    simulator.injectFault({ kind: 'lost-response', operations: ['push-tracking'] });
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.shipments()).toHaveLength(1);
  });
});

describe('walmart access token: validated before it is cached', () => {
  it.each([
    ['a control byte', 'eyJhbGciOi\u0001rest'],
    ['a space', 'eyJhbGciOi rest'],
    ['a character outside ASCII', 'eyJhbGciOié'],
    ['a line break', 'eyJhbGciOi\r\nX-Injected: 1'],
    ['5,000 characters', 'e'.repeat(5_000)],
  ])('a token with %s is not cached: ResponseParseError, and the next call fetches a new token', async (_, bad) => {
    const { simulator, adapter, order } = setup();
    simulator.answerNextTokenRequest({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: bad, token_type: 'Bearer', expires_in: 900 }),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['access_token']);
    expectNoSecrets([error], [bad]);
    expect(simulator.requestTimes('read-order')).toHaveLength(0);
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.requestTimes('token')).toHaveLength(2);
  });
});

describe('walmart: error answers echo the request', () => {
  it('the 401 of the token request echoes the Basic credentials: redacted in the error', async () => {
    const { simulator, order, credentials } = setup();
    const wrong = { clientId: credentials.clientId, clientSecret: `${credentials.clientSecret}-WRONG` };
    const adapter = createWalmart({ ...wrong, baseURL: simulator.baseURL });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).responseBody).toContain('"authorization":"[REDACTED]"');
    const wrongBasic = Buffer.from(`${wrong.clientId}:${wrong.clientSecret}`).toString('base64');
    expectNoSecrets([error], [wrong.clientSecret, wrongBasic, credentials.clientId]);
  });

  it('a refused ship request echoes WM_SEC.ACCESS_TOKEN: redacted in the error', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order, { status: 'Created' });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).responseBody).toContain('"wm_sec.access_token":"[REDACTED]"');
    expectNoSecrets([error], simulator.issuedTokens());
  });
});
