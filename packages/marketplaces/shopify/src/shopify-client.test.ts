import {
  AuthenticationError,
  InvalidRequestError,
  MissingCredentialError,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import type { HttpEvent } from '@dropship/http';
import { createTestServer, expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify, SHOPIFY_MAX_THROTTLE_WAIT_MS } from './shopify-client.js';
import type { ShopifyOptions } from './shopify-settings.js';
import { createShopifySimulator, type ShopifySimulatorOptions } from './shopify-simulator.js';
import { ShopifyUserError } from './shopify-user-error.js';

// Shapes follow Shopify's docs: https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate,
// https://shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentTrackingInfo, https://shopify.dev/docs/api/usage/limits.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let tokenCounter = 0;
function sentinelToken(): string {
  tokenCounter += 1;
  return `shpat_SENTINEL${tokenCounter}x9f2c7e1d4b`;
}

function setup(simulatorOptions: ShopifySimulatorOptions = {}, adapterOptions: ShopifyOptions = {}) {
  const accessToken = sentinelToken();
  const simulator = createShopifySimulator({ accessToken, restoreRate: 100_000, ...simulatorOptions });
  server.resetHandlers(...simulator.handlers);
  const events: HttpEvent[] = [];
  const adapter = createShopify({
    accessToken,
    baseURL: simulator.baseURL,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...adapterOptions,
  });
  const order = shopifySampleOrder();
  return { simulator, adapter, order, events, accessToken };
}

function shipment(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'PO-1001:1Z999AA10123456784',
    carrier: 'ups',
    trackingNumber: '1Z999AA10123456784',
    shippedAt: '2026-11-20T15:30:00.000Z',
    lines: [{ lineId: '9001', quantity: 2 }],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('createShopify', () => {
  it('needs an access token and a shop (or baseURL), from options or the environment', () => {
    const saved = { token: process.env.SHOPIFY_ACCESS_TOKEN, shop: process.env.SHOPIFY_SHOP };
    delete process.env.SHOPIFY_ACCESS_TOKEN;
    delete process.env.SHOPIFY_SHOP;
    try {
      expect(() => createShopify({ shop: 'my-store' })).toThrow(MissingCredentialError);
      expect(() => createShopify({ accessToken: 'shpat_x' })).toThrow(MissingCredentialError);
      process.env.SHOPIFY_ACCESS_TOKEN = 'shpat_env';
      process.env.SHOPIFY_SHOP = 'my-store.myshopify.com';
      expect(createShopify().marketplace).toBe('shopify');
    } finally {
      if (saved.token === undefined) delete process.env.SHOPIFY_ACCESS_TOKEN;
      else process.env.SHOPIFY_ACCESS_TOKEN = saved.token;
      if (saved.shop === undefined) delete process.env.SHOPIFY_SHOP;
      else process.env.SHOPIFY_SHOP = saved.shop;
    }
  });

  it('validates options, listing every problem', () => {
    try {
      createShopify({ shop: 'not a shop!', accessToken: 'x', apiVersion: '2025-13' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['shop', 'apiVersion']);
    }
  });

  it.each([
    ['a misspelt option', { retires: 3 }, 'retires'],
    ['retry.retries: -1', { retry: { retries: -1 } }, 'retry.retries'],
    ['retry.retries: 1e9', { retry: { retries: 1e9 } }, 'retry.retries'],
    ['timeoutMs: 1e12', { timeoutMs: 1e12 }, 'timeoutMs'],
  ])('refuses %s with a ValidationError naming it', (_, bad, path) => {
    expectRefusedOption(() => createShopify({ shop: 'a', accessToken: 'shpat_example', ...(bad as object) }), path);
  });

  it('declares notifiesBuyer from notifyCustomer (default false)', () => {
    expect(createShopify({ shop: 'a', accessToken: 'shpat_example' }).notifiesBuyer).toBe(false);
    expect(createShopify({ shop: 'a', accessToken: 'shpat_example', notifyCustomer: true }).notifiesBuyer).toBe(true);
  });
});

describe('shopify pushTracking', () => {
  it('creates one fulfillment on the order fulfillment order, with line items, quantities and the exact company', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    expect(result.status).toBe('pushed');
    expect(result.reference).toMatch(/^gid:\/\/shopify\/Fulfillment\/\d+$/);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toEqual([
      {
        marketplaceOrderId: '5001',
        trackingNumber: '1Z999AA10123456784',
        carrier: 'UPS',
        lines: [{ lineId: '9001', quantity: 2 }],
      },
    ]);
    const [details] = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(details?.notifyCustomer).toBe(false);
    // The default Admin API version is a supported one (2026-10).
    const calls = server.calls({ method: 'POST', path: '/admin/api/2026-10/graphql.json' });
    expect(calls).toHaveLength(2);
  });

  it('sends the apiVersion option instead of the default when given', async () => {
    const { simulator, adapter, order } = setup({}, { apiVersion: '2026-04' });
    simulator.addOrder(order);
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(server.calls({ method: 'POST', path: '/admin/api/2026-04/graphql.json' })).toHaveLength(2);
    expect(server.calls({ method: 'POST', path: '/admin/api/2026-10/graphql.json' })).toHaveLength(0);
  });

  it('accepts a gid order id and sends notifyCustomer when configured', async () => {
    const { simulator, order, accessToken } = setup();
    const gidOrder = { ...order, marketplaceOrderId: 'gid://shopify/Order/5001' };
    simulator.addOrder(gidOrder);
    const adapter = createShopify({ accessToken, baseURL: simulator.baseURL, notifyCustomer: true });
    await adapter.pushTracking({
      order: gidOrder,
      shipment: shipment({ lines: [{ lineId: 'gid://shopify/LineItem/9003', quantity: 2 }] }),
    });
    expect(simulator.fulfillmentDetails('5001')[0]?.notifyCustomer).toBe(true);
    expect(simulator.fulfillments('5001')[0]?.lines).toEqual([{ lineId: 'gid://shopify/LineItem/9003', quantity: 2 }]);
  });

  it('does nothing on a second push: the tracking number is already on a fulfillment', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    const first = await adapter.pushTracking({ order, shipment: shipment() });
    const second = await adapter.pushTracking({ order, shipment: shipment({ trackingNumber: '1z999aa1 0123456784' }) });
    expect(second).toEqual({ status: 'already-pushed', reference: first.reference });
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
  });

  it('pushes two partial shipments of one order as two fulfillments with their own quantities', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    await adapter.pushTracking({ order, shipment: shipment({ lines: [{ lineId: '9001', quantity: 2 }] }) });
    await adapter.pushTracking({
      order,
      shipment: shipment({
        id: 'b',
        trackingNumber: '1Z999AA10000000002',
        lines: [
          { lineId: '9001', quantity: 1 },
          { lineId: '9002', quantity: 1 },
        ],
      }),
    });
    expect(simulator.fulfillments(order.marketplaceOrderId).map((fulfillment) => fulfillment.lines)).toEqual([
      [{ lineId: '9001', quantity: 2 }],
      [
        { lineId: '9001', quantity: 1 },
        { lineId: '9002', quantity: 1 },
      ],
    ]);
  });

  it('skips a fulfillment order without CREATE_FULFILLMENT, with a warning, and fulfils the rest', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order, { fulfillmentOrders: [{ lineIds: ['9002'], status: 'ON_HOLD' }] });
    const result = await adapter.pushTracking({
      order,
      shipment: shipment({
        lines: [
          { lineId: '9001', quantity: 1 },
          { lineId: '9002', quantity: 1 },
        ],
      }),
    });
    expect(result.status).toBe('pushed');
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'create-fulfillment' })]);
    expect(simulator.fulfillments(order.marketplaceOrderId)[0]?.lines).toEqual([{ lineId: '9001', quantity: 1 }]);
  });

  it('refuses, without writing, when no fulfillment order of the package allows CREATE_FULFILLMENT', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order, {
      fulfillmentOrders: [{ lineIds: ['9001', '9002', 'gid://shopify/LineItem/9003'], status: 'ON_HOLD' }],
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error.message).toContain('does not allow CREATE_FULFILLMENT');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(0);
  });

  it('sends an unknown carrier by name with its tracking URL', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    await adapter.pushTracking({
      order,
      shipment: shipment({
        carrier: 'other',
        carrierName: 'Speedy Pigeon',
        trackingNumber: 'SP123',
        trackingUrl: 'https://pigeon.example/t/SP123',
      }),
    });
    expect(simulator.fulfillmentDetails(order.marketplaceOrderId)[0]?.trackingInfo).toEqual([
      { company: 'Speedy Pigeon', number: 'SP123', url: 'https://pigeon.example/t/SP123' },
    ]);
  });

  it('warns when an unknown carrier has no tracking URL (Shopify shows no link)', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    const result = await adapter.pushTracking({
      order,
      shipment: shipment({ carrier: 'other', carrierName: 'Speedy Pigeon', trackingNumber: 'SP9' }),
    });
    expect(result.warnings?.[0]?.message).toContain('no tracking URL');
  });

  it('maps userErrors to ShopifyUserError, an InvalidRequestError listing the fields (race: fulfilled meanwhile)', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.beforeNext('push-tracking', () =>
      simulator.fulfillExternally(order.marketplaceOrderId, [{ lineId: '9001', quantity: 3 }]),
    );
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(ShopifyUserError.isInstance(error)).toBe(true);
    expect((error as ShopifyUserError).userErrors).toEqual([
      {
        field: ['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderLineItems', '0', 'quantity'],
        message: 'Quantity must be less than or equal to the remaining quantity',
      },
    ]);
    expect(error.message).toContain('fulfillment.lineItemsByFulfillmentOrder.0.fulfillmentOrderLineItems.0.quantity');
  });

  it('refuses ids that are not Shopify ids and lines of another order', async () => {
    const { adapter, order } = setup();
    const error = await failure(
      adapter.pushTracking({
        order: { ...order, marketplaceOrderId: '#1001' },
        shipment: shipment({ lines: [{ lineId: '7777', quantity: 1 }] }),
      }),
    );
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'shipment.lines.0.lineId',
      'order.marketplaceOrderId',
    ]);
  });

  it('fails with NotFoundError for an order the shop does not have', async () => {
    const { adapter, order } = setup();
    expect(NotFoundError.isInstance(await failure(adapter.pushTracking({ order, shipment: shipment() })))).toBe(true);
  });
});

describe('shopify throttling', () => {
  it.each([200, 429] as const)(
    'retries a THROTTLED read (HTTP %i) after the wait throttleStatus gives',
    async (throttleHttpStatus) => {
      const { simulator, adapter, order, events } = setup({ throttleHttpStatus, restoreRate: 1_000 });
      simulator.addOrder(order);
      // 150 points requested, 30 available, 1,000 restored per second → 120 ms.
      simulator.throttle({ operations: ['read-order'], currentlyAvailable: 30 });
      expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
      const retry = events.find((event) => event.type === 'retry');
      expect(retry).toMatchObject({ type: 'retry', delayMs: 120 });
      expect(simulator.requestTimes('read-order')).toHaveLength(2);
    },
  );

  it('retries a THROTTLED mutation (Shopify did not run it) and writes once', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.throttle({ operations: ['push-tracking'] });
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
  });

  it('throttles for real when the cost bucket runs dry, and fails with RateLimitError when it lasts', async () => {
    const { simulator, adapter, order } = setup({ maximumAvailable: 200, restoreRate: 1 });
    simulator.addOrder(order);
    await adapter.pushTracking({ order, shipment: shipment() }); // 150 + 10 points
    const error = await failure(
      adapter.pushTracking({
        order,
        shipment: shipment({ trackingNumber: 'T2', lines: [{ lineId: '9002', quantity: 1 }] }),
      }),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    // 150 requested, 40 available, 1 point per second: Shopify asks for 110 s, more than the 30 s cap.
    expect((error as RateLimitError).retryAfterMs).toBe(110_000);
  });
});

describe('shopify throttling: a huge wait', () => {
  it.each([
    [
      'a plain 429 with a huge Retry-After',
      { 'retry-after': '999999999' },
      '{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}',
    ],
    ['a plain 429 with an HTML body', { 'retry-after': '86400' }, '<html><body>Too Many Requests</body></html>'],
    [
      'a THROTTLED 429 whose bucket refills in a year',
      {},
      JSON.stringify({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
        extensions: {
          cost: {
            requestedQueryCost: 150,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 0.000_001 },
          },
        },
      }),
    ],
  ])('%s is a retryable RateLimitError with the wait capped, and nothing is written', async (_, headers, body) => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.answerNextPush({ status: 429, headers: { 'content-type': 'application/json', ...headers }, body });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(RateLimitError.isInstance(error), String(error)).toBe(true);
    expect((error as RateLimitError).isRetryable).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(SHOPIFY_MAX_THROTTLE_WAIT_MS);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(0);
    // The next push (the next sync) writes once.
    expect((await adapter.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
  });
});

describe('shopify: "pushed" needs the documented answer (no userErrors, the fulfillment with the tracking number)', () => {
  it('an HTML 200 after Shopify recorded the fulfillment: reads back, reports pushed with its id, writes once', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>Maintenance</html>',
      act: true,
    });
    const result = await adapter.pushTracking({ order, shipment: shipment() });
    const [held] = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(result).toEqual({ status: 'pushed', reference: held?.id });
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(2);
  });

  it('a null fulfillment without userErrors and nothing recorded: ResponseParseError, not pushed', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { fulfillmentCreate: { fulfillment: null, userErrors: [] } } }),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/not confirmed.*neither a fulfillment nor userErrors/);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(0);
  });

  it('the 401 answer echoes the request, X-Shopify-Access-Token included: the token is redacted', async () => {
    const { simulator, order, accessToken } = setup();
    simulator.addOrder(order);
    const wrong = `${accessToken}WRONG`;
    const adapter = createShopify({ accessToken: wrong, baseURL: simulator.baseURL });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).responseBody).toContain('"x-shopify-access-token":"[REDACTED]"');
    expectNoSecrets([error], [wrong]);
  });
});

describe('shopify errors', () => {
  it('fails with AuthenticationError on a wrong token, leaking nothing', async () => {
    const { simulator, order, events, accessToken } = setup();
    simulator.addOrder(order);
    const wrong = `${accessToken}WRONG`;
    const adapter = createShopify({
      accessToken: wrong,
      baseURL: simulator.baseURL,
      onEvent: (event) => events.push(event),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expectNoSecrets([error, ...events], [wrong, accessToken]);
  });

  it('maps ACCESS_DENIED to AuthenticationError', async () => {
    const { adapter, order } = setup();
    const { http, HttpResponse } = await import('msw');
    server.use(
      http.post(/graphql\.json$/, () =>
        HttpResponse.json({
          errors: [{ message: 'Access denied for fulfillmentOrders field.', extensions: { code: 'ACCESS_DENIED' } }],
        }),
      ),
    );
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('Access denied for fulfillmentOrders field.');
  });

  it('fails with ResponseParseError naming the field when the read lacks a required field', async () => {
    const { simulator, adapter, order } = setup();
    simulator.addOrder(order);
    simulator.injectFault({
      kind: 'malformed-body',
      operations: ['read-order'],
      body: JSON.stringify({ data: { order: { id: 'gid://shopify/Order/5001' } } }),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['order.fulfillments', 'order.fulfillmentOrders']);
  });

  it('puts the token in no error or event', async () => {
    const { simulator, adapter, order, events, accessToken } = setup();
    simulator.addOrder(order);
    const errors: unknown[] = [];
    simulator.injectFault({ kind: 'server-error', times: 5 });
    errors.push(await failure(adapter.pushTracking({ order, shipment: shipment() })));
    simulator.beforeNext('push-tracking', () =>
      simulator.fulfillExternally(order.marketplaceOrderId, [{ lineId: '9001', quantity: 3 }]),
    );
    errors.push(await failure(adapter.pushTracking({ order, shipment: shipment() })));
    simulator.injectFault({ kind: 'malformed-body' });
    errors.push(
      await failure(adapter.pushTracking({ order, shipment: shipment({ lines: [{ lineId: '9002', quantity: 1 }] }) })),
    );
    expectNoSecrets([...errors, ...events], [accessToken]);
  });
});
