import {
  AuthenticationError,
  InvalidRequestError,
  MissingCredentialError,
  NetworkError,
  ResponseParseError,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import type { HttpEvent } from '@dropship/http';
import { createTestServer, expectNoSecrets, expectRefusedOption, respondInSequence } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay, EBAY_PRODUCTION_URL, type EbaySettings, ebayFulfillmentIdFromLocation } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';
import { ebayErrorIdsOf } from './map-ebay-error.js';

// Sentinel credential: checked absent from every error and event.
const token = 'v^1.1#SENTINEL-EBAY-TOKEN-ADAPTER-TEST-3e9d';
const simulator = createEbaySimulator({ accessToken: token });
const server = createTestServer(...simulator.handlers);
const order = ebayOrderFixture();
const orderId = order.marketplaceOrderId;
const fulfillmentsUrl = `${simulator.baseURL}/sell/fulfillment/v1/order/${orderId}/shipping_fulfillment`;
const [brakePads, chain] = order.lines as [(typeof order.lines)[0], (typeof order.lines)[0]];

const events: HttpEvent[] = [];
const thrown: unknown[] = [];

function adapter(settings: EbaySettings = {}) {
  return createEbay({
    accessToken: token,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...settings,
  });
}

function shipment(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'PO-1:1Z5R89390357567127',
    carrier: 'ups',
    trackingNumber: '1Z5R89390357567127',
    shippedAt: '2026-11-02T08:30:00-07:00',
    lines: [
      { lineId: brakePads.lineId, quantity: 2 },
      { lineId: chain.lineId, quantity: 1 },
    ],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    thrown.push(error);
    return error;
  }
  throw new Error('expected a failure');
}

beforeAll(() => server.listen());
afterAll(() => {
  server.close();
  // Across the whole file: the token never reached an error or a log event.
  expectNoSecrets([...thrown, ...events], [token]);
});
beforeEach(() => {
  simulator.reset({ all: true });
  simulator.addOrder(order);
});
afterEach(() => server.resetHandlers());

describe('createEbay', () => {
  it('needs a token: MissingCredentialError names the option and EBAY_ACCESS_TOKEN, never a value', () => {
    const saved = process.env.EBAY_ACCESS_TOKEN;
    delete process.env.EBAY_ACCESS_TOKEN;
    try {
      expect(() => createEbay()).toThrow(MissingCredentialError);
      expect(() => createEbay()).toThrow(/EBAY_ACCESS_TOKEN/);
    } finally {
      if (saved !== undefined) process.env.EBAY_ACCESS_TOKEN = saved;
    }
  });

  it('reads the token from EBAY_ACCESS_TOKEN', async () => {
    const saved = process.env.EBAY_ACCESS_TOKEN;
    process.env.EBAY_ACCESS_TOKEN = token;
    try {
      expect(
        (await createEbay({ baseURL: simulator.baseURL }).pushTracking({ order, shipment: shipment() })).status,
      ).toBe('pushed');
    } finally {
      if (saved === undefined) delete process.env.EBAY_ACCESS_TOKEN;
      else process.env.EBAY_ACCESS_TOKEN = saved;
    }
  });

  it('lists every invalid setting', () => {
    expect(() =>
      createEbay({ accessToken: token, getAccessToken: () => token, baseURL: 'not a url', carrierCodes: { ups: '' } }),
    ).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'baseURL' }),
          expect.objectContaining({ path: 'carrierCodes.ups' }),
          expect.objectContaining({ path: 'getAccessToken' }),
        ]),
      }),
    );
  });

  it('declares notifiesBuyer true by default (unconfirmed) and lets the caller say otherwise', () => {
    expect(adapter().notifiesBuyer).toBe(true);
    expect(adapter({ notifiesBuyer: false }).notifiesBuyer).toBe(false);
  });

  it('asks getAccessToken for the token of each call', async () => {
    let asked = 0;
    const ebay = createEbay({
      baseURL: simulator.baseURL,
      getAccessToken: async () => {
        asked += 1;
        return token;
      },
    });
    await ebay.pushTracking({ order, shipment: shipment() });
    expect(asked).toBe(2); // the read and the write
  });

  it('sends X-EBAY-C-MARKETPLACE-ID when a marketplace is set', async () => {
    const seen: string[] = [];
    const ebay = adapter({
      marketplaceId: 'EBAY_US',
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('x-ebay-c-marketplace-id') ?? '');
        return fetch(input, init);
      },
    });
    await ebay.pushTracking({ order, shipment: shipment() });
    expect(seen).toEqual(['EBAY_US', 'EBAY_US']);
  });
  it.each([
    ['retry.retries: -1', { retry: { retries: -1 } }, 'retry.retries'],
    ['retry.retries: 1e9', { retry: { retries: 1e9 } }, 'retry.retries'],
    ['timeoutMs: 1e12', { timeoutMs: 1e12 }, 'timeoutMs'],
    ['a misspelt option', { retires: 3 }, 'retires'],
  ])('refuses %s with a ValidationError naming it', (_, bad, path) => {
    expectRefusedOption(() => adapter(bad as never), path);
  });
});

describe('pushTracking', () => {
  it('reads the fulfillments, then creates one with eBay codes, a UTC ship date and a clean tracking number', async () => {
    const result = await adapter().pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z 5R8 939-0357 5671 27' }),
    });
    expect(result).toEqual({ status: 'pushed', reference: '1Z5R89390357567127' });
    expect(server.calls().map((call) => call.method)).toEqual(['GET', 'POST']);
    expect(simulator.ebayFulfillments(orderId)).toEqual([
      {
        fulfillmentId: '1Z5R89390357567127',
        shipmentTrackingNumber: '1Z5R89390357567127',
        shippingCarrierCode: 'UPS',
        shippedDate: '2026-11-02T15:30:00.000Z',
        lineItems: [
          { lineItemId: brakePads.lineId, quantity: 2 },
          { lineItemId: chain.lineId, quantity: 1 },
        ],
      },
    ]);
  });

  it('does nothing the second time: one GET, no POST, already-pushed', async () => {
    const ebay = adapter();
    await ebay.pushTracking({ order, shipment: shipment() });
    server.clearCalls();
    const again = await ebay.pushTracking({ order, shipment: shipment({ trackingNumber: '1z5r89390357567127' }) });
    expect(again).toEqual({ status: 'already-pushed', reference: '1Z5R89390357567127' });
    expect(server.calls().map((call) => call.method)).toEqual(['GET']);
    expect(simulator.fulfillments(orderId)).toHaveLength(1);
  });

  it('treats a tracking number added elsewhere (Seller Hub) as already pushed', async () => {
    simulator.addFulfillment(orderId, {
      shipmentTrackingNumber: '1Z5R89390357567127',
      shippingCarrierCode: 'UPS',
      lineItems: [{ lineItemId: brakePads.lineId, quantity: 2 }],
    });
    expect((await adapter().pushTracking({ order, shipment: shipment() })).status).toBe('already-pushed');
    expect(simulator.callCount('push-tracking')).toBe(0);
  });

  it('pushes partial shipments as separate fulfillments and refuses more than is left before writing', async () => {
    const ebay = adapter();
    await ebay.pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z879E930346834440', lines: [{ lineId: brakePads.lineId, quantity: 1 }] }),
    });
    await ebay.pushTracking({
      order,
      shipment: shipment({
        trackingNumber: '1Z410E7W0392751591',
        carrier: 'fedex',
        lines: [
          { lineId: brakePads.lineId, quantity: 1 },
          { lineId: chain.lineId, quantity: 1 },
        ],
      }),
    });
    expect(
      simulator
        .fulfillments(orderId)
        .map((fulfillment) => [fulfillment.trackingNumber, fulfillment.carrier, fulfillment.lines]),
    ).toEqual([
      ['1Z879E930346834440', 'UPS', [{ lineId: brakePads.lineId, quantity: 1 }]],
      [
        '1Z410E7W0392751591',
        'FedEx',
        [
          { lineId: brakePads.lineId, quantity: 1 },
          { lineId: chain.lineId, quantity: 1 },
        ],
      ],
    ]);

    const error = await failure(
      ebay.pushTracking({
        order,
        shipment: shipment({ trackingNumber: '1Z8V92A70367203024', lines: [{ lineId: chain.lineId, quantity: 1 }] }),
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([
      { path: 'shipment.lines.0.quantity', message: expect.stringContaining('0 left to ship') },
    ]);
    expect(simulator.callCount('push-tracking')).toBe(2);
  });

  it('refuses bad input before any request: unknown line, tracking characters eBay rejects, another marketplace', async () => {
    const ebay = adapter();
    const unknownLine = await failure(
      ebay.pushTracking({ order, shipment: shipment({ lines: [{ lineId: '999', quantity: 1 }] }) }),
    );
    expect((unknownLine as ValidationError).issues).toEqual([
      { path: 'shipment.lines.0.lineId', message: 'the order has no line "999"' },
    ]);
    const badCharacters = await failure(
      ebay.pushTracking({ order, shipment: shipment({ trackingNumber: '1Z5R/8939#0357' }) }),
    );
    expect((badCharacters as ValidationError).issues[0]?.path).toBe('shipment.trackingNumber');
    const otherMarketplace = await failure(
      ebay.pushTracking({ order: { ...order, marketplace: 'amazon' }, shipment: shipment() }),
    );
    expect((otherMarketplace as ValidationError).issues[0]?.path).toBe('order.marketplace');
    expect(server.calls()).toHaveLength(0);
  });

  it("sends LaserShip as eBay's own code Prestige, not Other", async () => {
    await adapter().pushTracking({
      order,
      shipment: shipment({ carrier: 'lasership', trackingNumber: '1LS712345678' }),
    });
    expect(simulator.fulfillments(orderId)[0]?.carrier).toBe('Prestige');
  });

  it('sends carriers eBay does not list as Other', async () => {
    await adapter().pushTracking({
      order,
      shipment: shipment({ carrier: 'canada-post', trackingNumber: 'RB123456785CA' }),
    });
    expect(simulator.fulfillments(orderId)[0]?.carrier).toBe('Other');
  });

  it('surfaces eBay 32300 for a carrier code eBay refuses as InvalidRequestError with the error id', async () => {
    const error = await failure(
      adapter({ carrierCodes: { ups: 'UnitedParcel' } }).pushTracking({ order, shipment: shipment() }),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(ebayErrorIdsOf(error)).toEqual([32300]);
    expect((error as Error).message).toContain('32300 Invalid shipment tracking number or carrier');
  });

  it('on 34500 ("use PUT") returns already-pushed only when a fresh read shows the tracking number', async () => {
    const existing = {
      fulfillmentId: '1Z5R89390357567127',
      shipmentTrackingNumber: '1Z5R89390357567127',
      lineItems: [],
    };
    server.use(
      http.get(
        fulfillmentsUrl,
        respondInSequence(HttpResponse.json({ fulfillments: [] }), HttpResponse.json({ fulfillments: [existing] })),
      ),
      http.post(fulfillmentsUrl, () =>
        HttpResponse.json(
          {
            errors: [
              {
                errorId: 34500,
                domain: 'API_FULFILLMENT',
                category: 'REQUEST',
                message: 'Please use PUT operation for updating shipping fulfillment',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    expect(await adapter().pushTracking({ order, shipment: shipment() })).toEqual({
      status: 'already-pushed',
      reference: '1Z5R89390357567127',
    });
  });

  it('on 34500 with no such fulfillment on a fresh read throws InvalidRequestError', async () => {
    server.use(
      http.get(fulfillmentsUrl, () => HttpResponse.json({ fulfillments: [] })),
      http.post(fulfillmentsUrl, () =>
        HttpResponse.json(
          {
            errors: [
              {
                errorId: 34500,
                domain: 'API_FULFILLMENT',
                category: 'REQUEST',
                message: 'Please use PUT operation for updating shipping fulfillment',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(ebayErrorIdsOf(error)).toEqual([34500]);
  });

  it('after a lost response looks again and reports the fulfillment eBay made', async () => {
    simulator.injectFault({ kind: 'lost-response', operations: ['push-tracking'] });
    expect(await adapter().pushTracking({ order, shipment: shipment() })).toEqual({
      status: 'pushed',
      reference: '1Z5R89390357567127',
    });
    expect(simulator.fulfillments(orderId)).toHaveLength(1);
  });

  it('does not send the POST again after a dropped connection; the error is a NetworkError', async () => {
    simulator.injectFault({ kind: 'drop-connection', operations: ['push-tracking'] });
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect(simulator.callCount('push-tracking')).toBe(1);
    expect(simulator.fulfillments(orderId)).toHaveLength(0);
  });

  it('retries a 429 on the write after its Retry-After, then succeeds', async () => {
    simulator.injectFault({ kind: 'rate-limit', operations: ['push-tracking'], retryAfterSeconds: 0 });
    expect((await adapter().pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.callCount('push-tracking')).toBe(2);
    expect(simulator.fulfillments(orderId)).toHaveLength(1);
  });

  it('retries a 503 on the read', async () => {
    simulator.injectFault({ kind: 'server-error', operations: ['read-order'], times: 2 });
    expect((await adapter().pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.callCount('read-order')).toBe(3);
  });

  it('names eBay and the field when the fulfillment list lacks a required field', async () => {
    server.use(http.get(fulfillmentsUrl, () => HttpResponse.json({ fulfillments: [{ shipmentTrackingNumber: 'X' }] })));
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).service).toBe('ebay');
    expect((error as ResponseParseError).fields).toContain('fulfillments.0.fulfillmentId');
  });

  it('throws AuthenticationError with eBay’s message for a refused token, without the token', async () => {
    const error = await failure(
      adapter({ accessToken: 'v^1.1#SOME-OTHER-TOKEN' }).pushTracking({ order, shipment: shipment() }),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('1001 Invalid access token');
    // The simulator echoed the request (its Authorization header included) in its error body.
    expect((error as AuthenticationError).responseBody).toContain('"authorization":"[REDACTED]"');
    expectNoSecrets([error], ['v^1.1#SOME-OTHER-TOKEN']);
  });
});

describe('pushTracking: "pushed" needs eBay\'s documented answer (201 Created with the Location)', () => {
  it('reports the fulfillment id of the Location', async () => {
    const result = await adapter().pushTracking({ order, shipment: shipment() });
    expect(result).toEqual({ status: 'pushed', reference: '1Z5R89390357567127' });
  });

  it('a 201 without Location after eBay recorded the package: reads back, reports pushed, posts once', async () => {
    simulator.answerNextPush({ status: 201, body: '{}', act: true });
    const result = await adapter().pushTracking({ order, shipment: shipment() });
    expect(result).toEqual({ status: 'pushed', reference: '1Z5R89390357567127' });
    expect(simulator.callCount('push-tracking')).toBe(1);
    expect(simulator.callCount('read-order')).toBe(2);
    expect(simulator.fulfillments(orderId)).toHaveLength(1);
  });

  it('a 201 without Location and nothing recorded: ResponseParseError saying the push is not confirmed', async () => {
    simulator.answerNextPush({ status: 201, body: '{}' });
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not confirmed.*without a Location/);
    expect(simulator.callCount('push-tracking')).toBe(1);
    expect(simulator.fulfillments(orderId)).toHaveLength(0);
  });

  it('a same-origin redirect to an HTML page with 200 is not a push: typed error, one POST, nothing recorded', async () => {
    const maintenance = `${simulator.baseURL}/maintenance`;
    let servedPage = 0;
    server.use(
      http.get(maintenance, () => {
        servedPage += 1;
        return new HttpResponse('<html><body>Maintenance</body></html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        });
      }),
    );
    simulator.answerNextPush({ status: 303, headers: { location: maintenance } });
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(servedPage).toBe(1);
    expect(simulator.callCount('push-tracking')).toBe(1);
    expect(simulator.fulfillments(orderId)).toHaveLength(0);
  });

  it('reads a fulfillment id only from a Location naming a fulfillment of the same order', () => {
    const base = `${EBAY_PRODUCTION_URL}/sell/fulfillment/v1/order`;
    expect(ebayFulfillmentIdFromLocation(`${base}/${orderId}/shipping_fulfillment/1Z999`, orderId)).toBe('1Z999');
    expect(
      ebayFulfillmentIdFromLocation(`/sell/fulfillment/v1/order/${orderId}/shipping_fulfillment/7/`, orderId),
    ).toBe('7');
    expect(ebayFulfillmentIdFromLocation(`${base}/99-99999-99999/shipping_fulfillment/1Z999`, orderId)).toBeUndefined();
    expect(ebayFulfillmentIdFromLocation(`${base}/${orderId}/shipping_fulfillment/`, orderId)).toBeUndefined();
    expect(ebayFulfillmentIdFromLocation(`${EBAY_PRODUCTION_URL}/maintenance`, orderId)).toBeUndefined();
    expect(ebayFulfillmentIdFromLocation(`${base}/${orderId}/shipping_fulfillment/%E0%A4%A`, orderId)).toBeUndefined();
    expect(ebayFulfillmentIdFromLocation(null, orderId)).toBeUndefined();
  });
});
