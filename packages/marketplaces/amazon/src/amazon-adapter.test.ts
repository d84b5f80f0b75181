import {
  AuthenticationError,
  InvalidRequestError,
  MissingCredentialError,
  ResponseParseError,
  type SalesOrder,
  type ShipmentNotice,
  ValidationError,
} from '@dropship/core';
import { type HttpEvent, resetCredentialLimiters } from '@dropship/http';
import { createTestServer, expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { type AmazonSettings, createAmazon } from './amazon-adapter.js';
import { createAmazonSimulator } from './amazon-simulator.js';
import { amazonPackageReferenceId } from './build-amazon-shipment-confirmation.js';

// Sentinel credentials: checked absent from every error and event of this file.
const credentials = {
  refreshToken: 'Atzr|SENTINEL-AMAZON-REFRESH-ADAPTER-TEST-77a1',
  clientId: 'amzn1.application-oa2-client.SENTINEL-ADAPTER-TEST',
  clientSecret: 'SENTINEL-AMAZON-SECRET-ADAPTER-TEST-c03b',
};
const simulator = createAmazonSimulator(credentials);
const server = createTestServer(...simulator.handlers);
const order = amazonOrderFixture();
const orderId = order.marketplaceOrderId;
const [airFilter, sparkPlug] = order.lines as [SalesOrder['lines'][0], SalesOrder['lines'][0]];

const events: HttpEvent[] = [];
const thrown: unknown[] = [];
let credentialRun = 0;

/** An adapter for the simulator, with short retry delays and the file's event log. */
function adapter(settings: AmazonSettings = {}) {
  return createAmazon({
    ...credentials,
    baseURL: simulator.baseURL,
    tokenURL: simulator.tokenURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...settings,
  });
}

function shipment(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'PO-1:986578788855',
    carrier: 'fedex',
    trackingNumber: '986578788855',
    shippedAt: '2026-11-02T08:30:00-07:00',
    lines: [{ lineId: airFilter.lineId, quantity: 3 }],
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
  // Across the whole file: no refresh token, client secret or access token in any error or event.
  const accessTokens = server.observedSecrets().filter((secret) => secret.startsWith('Atza|'));
  expect(accessTokens.length).toBeGreaterThan(0);
  expectNoSecrets([...thrown, ...events], [credentials.refreshToken, credentials.clientSecret, ...accessTokens]);
  server.close();
});
beforeEach(() => {
  // The per-seller limit is shared by every client with these credentials: start each test with a full bucket.
  resetCredentialLimiters();
  simulator.reset({ all: true });
  simulator.addOrder(order);
});
afterEach(() => server.resetHandlers());

describe('createAmazon', () => {
  it('names each missing credential and its environment variable', () => {
    const saved = { ...process.env };
    delete process.env.AMAZON_SP_REFRESH_TOKEN;
    delete process.env.AMAZON_SP_CLIENT_ID;
    delete process.env.AMAZON_SP_CLIENT_SECRET;
    try {
      expect(() => createAmazon()).toThrow(MissingCredentialError);
      expect(() => createAmazon()).toThrow(/AMAZON_SP_REFRESH_TOKEN/);
      expect(() => createAmazon({ refreshToken: 'x' })).toThrow(/AMAZON_SP_CLIENT_ID/);
      expect(() => createAmazon({ refreshToken: 'x', clientId: 'y' })).toThrow(/AMAZON_SP_CLIENT_SECRET/);
    } finally {
      process.env = saved;
    }
  });

  it('reads the credentials from the environment', async () => {
    const saved = { ...process.env };
    process.env.AMAZON_SP_REFRESH_TOKEN = credentials.refreshToken;
    process.env.AMAZON_SP_CLIENT_ID = credentials.clientId;
    process.env.AMAZON_SP_CLIENT_SECRET = credentials.clientSecret;
    try {
      const fromEnvironment = createAmazon({ baseURL: simulator.baseURL, tokenURL: simulator.tokenURL });
      expect((await fromEnvironment.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    } finally {
      process.env = saved;
    }
  });

  it.each([
    ['retry.retries: -1', { retry: { retries: -1 } }, 'retry.retries'],
    ['retry.retries: 1e9', { retry: { retries: 1e9 } }, 'retry.retries'],
    ['timeoutMs: 1e12', { timeoutMs: 1e12 }, 'timeoutMs'],
    ['a misspelt option', { retires: 3 }, 'retires'],
  ])('refuses %s with a ValidationError naming it', (_, bad, path) => {
    expectRefusedOption(() => adapter(bad as never), path);
  });

  it('defaults to the US marketplace in region na and requires one elsewhere', () => {
    expect(adapter().marketplaceId).toBe('ATVPDKIKX0DER');
    expect(() => adapter({ region: 'eu' })).toThrow(ValidationError);
    expect(adapter({ region: 'eu', marketplaceId: 'A1PA6795UKMFR9' }).marketplaceId).toBe('A1PA6795UKMFR9');
  });

  it('lists every invalid setting', () => {
    expect(() => adapter({ region: 'us' as 'na', tokenURL: 'nope', marketplaceId: 'us' })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'region' }),
          expect.objectContaining({ path: 'tokenURL' }),
          expect.objectContaining({ path: 'marketplaceId' }),
        ]),
      }),
    );
  });

  it('declares notifiesBuyer true by default (unconfirmed) and lets the caller say otherwise', () => {
    expect(adapter().notifiesBuyer).toBe(true);
    expect(adapter({ notifiesBuyer: false }).notifiesBuyer).toBe(false);
  });
});

describe('pushTracking', () => {
  it('confirms the package: deterministic packageReferenceId, Amazon carrier code, ISO ship date, order items', async () => {
    const result = await adapter().pushTracking({ order, shipment: shipment() });
    const packageReferenceId = amazonPackageReferenceId(orderId, '986578788855');
    expect(result).toEqual({ status: 'pushed', reference: packageReferenceId });
    expect(simulator.packages(orderId)).toEqual([
      {
        packageReferenceId,
        carrierCode: 'FedEx',
        carrierName: undefined,
        trackingNumber: '986578788855',
        shipDate: '2026-11-02T15:30:00.000Z',
        orderItems: [{ orderItemId: airFilter.lineId, quantity: 3 }],
        confirmations: 1,
      },
    ]);
  });

  it('sends the same package again only when it changed; a retry edits the package, never adds one', async () => {
    const amazon = adapter();
    await amazon.pushTracking({ order, shipment: shipment() });
    expect((await amazon.pushTracking({ order, shipment: shipment() })).status).toBe('already-pushed');
    expect(simulator.callCount('push-tracking')).toBe(1);

    // Corrected carrier: same order and tracking number → same packageReferenceId → an edit.
    expect((await amazon.pushTracking({ order, shipment: shipment({ carrier: 'ups' }) })).status).toBe('pushed');
    // Another process (a new client) sending it again: also an edit.
    expect((await adapter().pushTracking({ order, shipment: shipment({ carrier: 'ups' }) })).status).toBe('pushed');
    const packages = simulator.packages(orderId);
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatchObject({ carrierCode: 'UPS', confirmations: 3 });
  });

  it('retries the confirmation itself after a lost response: the same packageReferenceId edits', async () => {
    simulator.injectFault({ kind: 'lost-response', operations: ['push-tracking'] });
    expect((await adapter().pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.callCount('push-tracking')).toBe(2);
    expect(simulator.packages(orderId)).toEqual([expect.objectContaining({ confirmations: 2 })]);
  });

  it('confirms partial shipments as separate packages; Amazon refuses more than ordered', async () => {
    const amazon = adapter();
    await amazon.pushTracking({
      order,
      shipment: shipment({
        trackingNumber: '1Z5R89390357567127',
        carrier: 'ups',
        lines: [{ lineId: airFilter.lineId, quantity: 2 }],
      }),
    });
    await amazon.pushTracking({
      order,
      shipment: shipment({
        trackingNumber: '9400111201080805483016',
        carrier: 'usps',
        lines: [
          { lineId: airFilter.lineId, quantity: 1 },
          { lineId: sparkPlug.lineId, quantity: 1 },
        ],
      }),
    });
    expect(simulator.fulfillments(orderId).map((fulfillment) => [fulfillment.carrier, fulfillment.lines])).toEqual([
      ['UPS', [{ lineId: airFilter.lineId, quantity: 2 }]],
      [
        'USPS',
        [
          { lineId: airFilter.lineId, quantity: 1 },
          { lineId: sparkPlug.lineId, quantity: 1 },
        ],
      ],
    ]);
    const error = await failure(
      amazon.pushTracking({
        order,
        shipment: shipment({
          trackingNumber: '1Z879E930346834440',
          lines: [{ lineId: sparkPlug.lineId, quantity: 1 }],
        }),
      }),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Invalid Input');
    expect(simulator.packages(orderId)).toHaveLength(2);
  });

  it('sends Other with the carrier name, and refuses Other without a name before any request', async () => {
    await adapter().pushTracking({
      order,
      shipment: shipment({ carrier: 'purolator', trackingNumber: '329135700171' }),
    });
    expect(simulator.packages(orderId)[0]).toMatchObject({ carrierCode: 'Other', carrierName: 'Purolator' });
    server.clearCalls();
    const error = await failure(
      adapter().pushTracking({ order, shipment: shipment({ carrier: 'other', trackingNumber: 'ZZ1' }) }),
    );
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'shipment.carrierName' })]);
    expect(server.calls()).toHaveLength(0);
  });

  it('refuses an order of another marketplace', async () => {
    const error = await failure(
      adapter().pushTracking({ order: { ...order, marketplace: 'ebay' }, shipment: shipment() }),
    );
    expect((error as ValidationError).issues[0]?.path).toBe('order.marketplace');
  });
});

describe('LWA access token', () => {
  it('is fetched once and reused while fresh', async () => {
    const amazon = adapter();
    for (const trackingNumber of ['1Z5R89390357567127', '1Z879E930346834440', '1Z410E7W0392751591']) {
      await amazon.pushTracking({
        order,
        shipment: shipment({ carrier: 'ups', trackingNumber, lines: [{ lineId: airFilter.lineId, quantity: 1 }] }),
      });
    }
    expect(simulator.callCount('token')).toBe(1);
    expect(simulator.callCount('push-tracking')).toBe(3);
  });

  it('is refreshed once when SP-API refuses it (403 Unauthorized), and the call succeeds', async () => {
    const amazon = adapter();
    await amazon.pushTracking({ order, shipment: shipment({ lines: [{ lineId: airFilter.lineId, quantity: 1 }] }) });
    simulator.expireAccessTokens();
    const result = await amazon.pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z5R89390357567127', lines: [{ lineId: airFilter.lineId, quantity: 1 }] }),
    });
    expect(result.status).toBe('pushed');
    expect(simulator.callCount('token')).toBe(2);
    expect(simulator.callCount('push-tracking')).toBe(3);
  });

  it('is refreshed once for many concurrent calls refused together', async () => {
    const amazon = adapter();
    await amazon.pushTracking({ order, shipment: shipment({ lines: [{ lineId: airFilter.lineId, quantity: 1 }] }) });
    simulator.expireAccessTokens();
    const bigOrder: SalesOrder = { ...order, lines: [{ ...airFilter, quantity: 20 }] };
    simulator.addOrder(bigOrder);
    const pushes = Array.from({ length: 5 }, (_, index) =>
      amazon.pushTracking({
        order: bigOrder,
        shipment: shipment({
          trackingNumber: `TEST${index}`,
          carrier: 'ups',
          lines: [{ lineId: airFilter.lineId, quantity: 1 }],
        }),
      }),
    );
    expect((await Promise.all(pushes)).map((result) => result.status)).toEqual(Array(5).fill('pushed'));
    expect(simulator.callCount('token')).toBe(2);
  });

  it('is refreshed once on 401 and the second refusal is final', async () => {
    simulator.injectFault({ kind: 'unauthorized', operations: ['push-tracking'], times: 2 });
    const error = await failure(adapter().pushTracking({ order, shipment: shipment() }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(simulator.callCount('token')).toBe(2);
    expect(simulator.callCount('push-tracking')).toBe(2);
  });

  it('a refused refresh token or client secret is an AuthenticationError naming the reason, not the secret', async () => {
    const badGrant = await failure(
      adapter({ refreshToken: 'Atzr|SENTINEL-WRONG-REFRESH' }).pushTracking({ order, shipment: shipment() }),
    );
    expect(AuthenticationError.isInstance(badGrant)).toBe(true);
    expect((badGrant as Error).message).toContain('invalid_grant');
    const badClient = await failure(
      adapter({ clientSecret: 'SENTINEL-WRONG-SECRET' }).pushTracking({ order, shipment: shipment() }),
    );
    expect((badClient as Error).message).toContain('invalid_client');
    expectNoSecrets([badGrant, badClient], ['Atzr|SENTINEL-WRONG-REFRESH', 'SENTINEL-WRONG-SECRET']);
    // One token request each: a refusal by the token endpoint is not retried as a refused access token.
    expect(simulator.callCount('token')).toBe(2);
    expect(simulator.callCount('push-tracking')).toBe(0);
  });

  it('with one bad byte is not cached: that push fails typed, the next one fetches a new token and confirms', async () => {
    simulator.answerNextTokenRequest({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: 'Atza|IwEBIbad\u0000byte', token_type: 'bearer', expires_in: 3_600 }),
    });
    const amazon = adapter();
    const error = await failure(amazon.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(simulator.callCount('push-tracking')).toBe(0);
    expect((await amazon.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.callCount('token')).toBe(2);
    expect(simulator.fulfillments(orderId)).toHaveLength(1);
  });
});

describe('"pushed" needs the documented 204 No Content', () => {
  it('a 200 from a same-origin redirect target is not a confirmation: typed error, not remembered, the next push confirms', async () => {
    simulator.answerNextPush({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>ok</html>' });
    const amazon = adapter();
    const error = await failure(amazon.pushTracking({ order, shipment: shipment() }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/not confirmed.*HTTP 200 instead of 204/);
    // Not remembered as confirmed: the next push sends the confirmation (which edits, never adds).
    expect((await amazon.pushTracking({ order, shipment: shipment() })).status).toBe('pushed');
    expect(simulator.callCount('push-tracking')).toBe(2);
    expect(simulator.packages(orderId)).toHaveLength(1);
  });

  it('the SP-API error echoes the request (x-amz-access-token included): the token is redacted', async () => {
    const unknown = { ...order, marketplaceOrderId: '902-0000000-0000000' };
    const error = await failure(adapter().pushTracking({ order: unknown, shipment: shipment() }));
    expect((error as { status?: number }).status).toBe(404);
    expect((error as ResponseParseError).responseBody).toContain('"x-amz-access-token":"[REDACTED]"');
  });
});

describe('quota (2 requests/s, burst 10)', () => {
  it('retries 429 QuotaExceeded after a backoff, then succeeds', async () => {
    // A server quota of one request per 400 ms (wide enough that a loaded machine still sends the
    // second push inside it) and a client without its own limit.
    const strict = createAmazonSimulator({
      ...credentials,
      quota: { requests: 5, intervalMs: 2_000, burst: 1, toleranceMs: 0 },
    });
    server.use(...strict.handlers);
    strict.addOrder(order);
    const amazon = adapter({ rateLimit: false, retry: { retries: 5, minDelayMs: 200, maxDelayMs: 400 } });
    await amazon.pushTracking({ order, shipment: shipment({ lines: [{ lineId: airFilter.lineId, quantity: 1 }] }) });
    const second = await amazon.pushTracking({
      order,
      shipment: shipment({ trackingNumber: '1Z5R89390357567127', lines: [{ lineId: airFilter.lineId, quantity: 1 }] }),
    });
    expect(second.status).toBe('pushed');
    expect(strict.quotaRejections()).toBeGreaterThanOrEqual(1);
    expect(strict.packages(orderId)).toHaveLength(2);
  });

  it('is never exceeded under heavy concurrency', async () => {
    credentialRun += 1;
    // Credentials of their own: a fresh shared bucket for this seller.
    const seller = { ...credentials, refreshToken: `${credentials.refreshToken}-${credentialRun}-${Date.now()}` };
    const quotaSimulator = createAmazonSimulator(seller);
    server.use(...quotaSimulator.handlers);
    const bigOrder: SalesOrder = { ...order, lines: [{ ...airFilter, quantity: 100 }] };
    quotaSimulator.addOrder(bigOrder);
    // Two clients of the same seller, 16 pushes at once: they share one limit.
    const clients = [adapter(seller), adapter(seller)];
    const pushes = Array.from({ length: 16 }, (_, index) =>
      clients[index % 2]?.pushTracking({
        order: bigOrder,
        shipment: shipment({
          trackingNumber: `QUOTA${index}`,
          carrier: 'ups',
          lines: [{ lineId: airFilter.lineId, quantity: 1 }],
        }),
      }),
    );
    await Promise.all(pushes);
    const times = quotaSimulator.requestTimes('push-tracking');
    expect(times).toHaveLength(16);
    expect(quotaSimulator.quotaRejections()).toBe(0);
    // Token bucket: any k requests spread over t ms ≤ burst + rate × t, with 250 ms of slack for
    // the jitter between leaving the client and arriving (the simulator's quota tolerance).
    for (let first = 0; first < times.length; first += 1) {
      for (let last = first; last < times.length; last += 1) {
        const span = (times[last] ?? 0) - (times[first] ?? 0);
        expect(last - first + 1, `requests ${first}..${last} within ${span} ms`).toBeLessThanOrEqual(
          10 + (2 * (span + 250)) / 1_000,
        );
      }
    }
  }, 15_000);
});
