import { inspect } from 'node:util';
import {
  AuthenticationError,
  type OrderListPage,
  RateLimitError,
  ResponseParseError,
  type SalesOrder,
  ValidationError,
} from '@dropship/core';
import { resetCredentialLimiters } from '@dropship/http';
import { createTestServer, expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { entryOrderId, listToTheEnd } from '@dropship/testing/conformance';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { type AmazonSettings, createAmazon } from './amazon-adapter.js';
import { amazonOrderRateLimits } from './amazon-order-schemas.js';
import { type AmazonSimulatorOptions, createAmazonSimulator } from './amazon-simulator.js';
import { appliedRateWarning } from './list-amazon-orders.js';

// Sentinel credentials: checked absent from every error of this file.
const credentials = {
  refreshToken: 'Atzr|SENTINEL-AMAZON-REFRESH-INTAKE-TEST-4c2e',
  clientId: 'amzn1.application-oa2-client.SENTINEL-INTAKE-TEST',
  clientSecret: 'SENTINEL-AMAZON-SECRET-INTAKE-TEST-9d31',
};
const now = Date.parse('2026-11-10T12:00:00.000Z');
/** The clock of the simulator and the adapters: `now` unless a test moves it. */
let clock = now;
const window = { since: '2026-11-09T00:00:00.000Z', until: '2026-11-10T11:00:00.000Z' };
const simulatorOptions: AmazonSimulatorOptions = {
  ...credentials,
  orderQuotas: false,
  orderItemsPageSize: 1,
  now: () => clock,
};
let simulator = createAmazonSimulator(simulatorOptions);
const server = createTestServer(...simulator.handlers);
const thrown: unknown[] = [];

/** An adapter for the simulator: fast retries, the simulator's clock, no client-side pacing unless asked. */
function adapter(settings: AmazonSettings = {}) {
  return createAmazon({
    ...credentials,
    baseURL: simulator.baseURL,
    tokenURL: simulator.tokenURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    now: () => clock,
    orders: { pageSize: 2, rateLimits: { getOrders: false, getOrderItems: false, createRestrictedDataToken: false } },
    ...settings,
  });
}

function orderNumber(index: number): string {
  return `902-1106328-${String(1059050 + index).padStart(7, '0')}`;
}

/** Puts `count` orders, changed one minute apart from the window's start. */
function putOrders(count: number): SalesOrder[] {
  return Array.from({ length: count }, (_, index) => {
    const order = amazonOrderFixture({
      marketplaceOrderId: orderNumber(index),
      orderedAt: new Date(Date.parse(window.since) + index * 60_000).toISOString(),
    });
    simulator.intake.putOrder(order, {
      updatedAt: new Date(Date.parse(window.since) + (index + 1) * 60_000).toISOString(),
    });
    return order;
  });
}

const idOf = entryOrderId;

function listAll(settings: AmazonSettings = {}, cursor?: string): Promise<OrderListPage[]> {
  return listToTheEnd(adapter(settings).orders, window, cursor);
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
  const tokens = server.observedSecrets().filter((secret) => /^Atz[a.]/.test(secret));
  expectNoSecrets(thrown, [credentials.refreshToken, credentials.clientSecret, ...tokens]);
  server.close();
});
beforeEach(() => {
  clock = now;
  resetCredentialLimiters();
  simulator.reset({ all: true });
});

describe('Amazon order intake: requests', () => {
  it('sends getOrders exactly as documented: MarketplaceIds, LastUpdatedAfter/Before, FulfillmentChannels=MFN, MaxResultsPerPage, and NextToken unchanged with the same filters', async () => {
    putOrders(3);
    await listAll();
    const [first, second] = simulator.intake.listQueries().map((query) => Object.fromEntries(query));
    const filters = {
      MarketplaceIds: 'ATVPDKIKX0DER',
      LastUpdatedAfter: window.since,
      LastUpdatedBefore: window.until,
      FulfillmentChannels: 'MFN',
      MaxResultsPerPage: '2',
    };
    expect(first).toEqual(filters);
    expect(second).toEqual({ ...filters, NextToken: expect.stringMatching(/[+/]/) });
    expect(simulator.intake.listQueries()).toHaveLength(2);
  });

  it('lists the configured marketplace only (MarketplaceIds)', async () => {
    putOrders(1);
    expect((await adapter({ marketplaceId: 'A2EUQ1WTGCTBG2' }).orders.list(window)).orders).toEqual([]);
    expect(simulator.intake.listQueries()[0]?.get('MarketplaceIds')).toBe('A2EUQ1WTGCTBG2');
  });

  it('asks one Restricted Data Token for getOrders with buyerInfo and shippingAddress and reuses it for every page', async () => {
    putOrders(5);
    const amazon = adapter();
    let cursor: string | undefined;
    do cursor = (await amazon.orders.list({ ...window, ...(cursor ? { cursor } : {}) })).nextCursor;
    while (cursor);
    expect(simulator.callCount('restricted-data-token')).toBe(1);
    expect(simulator.callCount('list-orders')).toBe(3);
    // The adapter holds the RDT and the access token in closures: printing it shows neither.
    const tokens = server.observedSecrets().filter((secret) => /^Atz[a.]/.test(secret));
    expect(tokens.some((token) => token.startsWith('Atz.sprdt|'))).toBe(true);
    expectNoSecrets([inspect(amazon, { depth: 10, showHidden: true }), JSON.stringify(amazon), String(amazon)], tokens);
  });

  it('refuses a window ending within two minutes of now, one not after its start, a limit over the page size, and an unknown key, without a call', async () => {
    const { orders } = adapter();
    const requests = [
      { ...window, until: '2026-11-10T11:58:30.000Z' },
      { since: window.until, until: window.until },
      { since: window.until, until: window.since },
      { ...window, limit: 3 },
      { ...window, since: 'yesterday' },
      { ...window, sinse: window.since },
    ];
    for (const request of requests) {
      const error = await failure(orders.list(request as never));
      expect(ValidationError.isInstance(error), JSON.stringify(request)).toBe(true);
    }
    expect(((await failure(orders.list(requests[0] as never))) as Error).message).toContain('two minutes before now');
    expect(simulator.callCount()).toBe(0);
    await expect(orders.list({ ...window, until: '2026-11-10T11:58:00.000Z' })).resolves.toEqual({ orders: [] });
  });

  it('validates its settings: orders.pageSize 1 to 100, known keys only, rate limits in range', () => {
    const refused: [unknown, string][] = [
      [{ pageSize: 0 }, 'orders.pageSize'],
      [{ pageSize: 101 }, 'orders.pageSize'],
      [{ pageSize: 2.5 }, 'orders.pageSize'],
      [{ pageSise: 10 }, 'orders.pageSise'],
      [{ rateLimits: { getOrder: false } }, 'orders.rateLimits.getOrder'],
      [{ rateLimits: { getOrders: { requests: 0, intervalMs: 1000 } } }, 'orders.rateLimits.getOrders.requests'],
    ];
    for (const [orders, path] of refused) expectRefusedOption(() => adapter({ orders } as never), path);
    expect(adapter({ orders: { pageSize: 100 } }).orders.pageSize).toBe(100);
    expect(createAmazon({ ...credentials }).orders.pageSize).toBe(100);
  });
});

describe('Amazon order intake: paging and mapping', () => {
  it('lists every order to the end with one getOrderItems call per order (and per page of items), each mapped', async () => {
    const put = putOrders(5);
    const pages = await listAll();
    expect(pages.map((page) => page.orders.map(idOf))).toEqual([
      [orderNumber(0), orderNumber(1)],
      [orderNumber(2), orderNumber(3)],
      [orderNumber(4)],
    ]);
    expect(pages.at(-1)?.nextCursor).toBeUndefined();
    // Items come one per page here: two getOrderItems calls per two-item order.
    expect(simulator.callCount('list-order-items')).toBe(5 * 2);
    expect(simulator.intake.listCallCount()).toBe(3 + 5 * 2);
    const [first] = pages[0]?.orders ?? [];
    expect(first).toEqual({
      kind: 'order',
      status: 'ready',
      updatedAt: '2026-11-09T00:01:00.000Z',
      order: { ...put[0], buyer: { name: 'Sam Trail' } },
    });
  });

  it('resumes from a returned cursor in a new adapter and lists the rest', async () => {
    putOrders(5);
    const first = await adapter().orders.list(window);
    const rest = await listAll({}, first.nextCursor);
    expect(rest.flatMap((page) => page.orders.map(idOf))).toEqual([orderNumber(2), orderNumber(3), orderNumber(4)]);
  });

  it('returns an order Amazon repeats on the next page as Amazon returns it: not deduplicated', async () => {
    putOrders(4);
    simulator.intake.repeatOnNextPages();
    const pages = await listAll();
    expect(pages.flatMap((page) => page.orders.map(idOf))).toEqual([
      orderNumber(0),
      orderNumber(1),
      orderNumber(1),
      orderNumber(2),
      orderNumber(3),
    ]);
  });

  it('lists each status as Amazon holds it, and an order whose name Amazon withholds as unmappable with the field', async () => {
    const statuses = ['ready', 'not-ready', 'cancel-requested', 'cancelled', 'shipped'] as const;
    statuses.forEach((status, index) => {
      simulator.intake.putOrder(amazonOrderFixture({ marketplaceOrderId: orderNumber(index) }), {
        status,
        updatedAt: `2026-11-09T0${index + 1}:00:00.000Z`,
      });
    });
    simulator.intake.putUnmappableOrder(amazonOrderFixture({ marketplaceOrderId: orderNumber(9) }), {
      updatedAt: '2026-11-09T09:00:00.000Z',
    });
    const entries = (await listAll()).flatMap((page) => page.orders);
    expect(entries.map((entry) => [idOf(entry), entry.kind, entry.status])).toEqual([
      [orderNumber(0), 'order', 'ready'],
      // Pending and Canceled orders carry no ShippingAddress (and Pending no prices): held as such.
      [orderNumber(1), 'unmappable', 'not-ready'],
      [orderNumber(2), 'order', 'cancel-requested'],
      [orderNumber(3), 'unmappable', 'cancelled'],
      [orderNumber(4), 'order', 'shipped'],
      [orderNumber(9), 'unmappable', 'ready'],
    ]);
    expect(entries.at(-1)).toMatchObject({ field: 'ShippingAddress.Name', updatedAt: '2026-11-09T09:00:00.000Z' });
  });
});

describe('Amazon order intake: listed, then shipped', () => {
  it('pushes tracking to an order it listed; the next listing shows it shipped, changed after the push', async () => {
    putOrders(1);
    const amazon = adapter();
    const [entry] = (await amazon.orders.list(window)).orders;
    if (entry?.kind !== 'order') throw new Error('expected the order to map');
    const pushed = await amazon.pushTracking({
      order: entry.order,
      shipment: {
        id: 'PO-1:1Z9999999999999999',
        carrier: 'ups',
        trackingNumber: '1Z9999999999999999',
        shippedAt: '2026-11-10T10:00:00Z',
        lines: entry.order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
      },
    });
    expect(pushed.status).toBe('pushed');
    expect(simulator.packages(orderNumber(0))).toHaveLength(1);
    // Ten minutes on: the change made at the push (12:00) is in a window ending at 12:08.
    clock = now + 10 * 60_000;
    const later = await amazon.orders.list({ since: window.since, until: '2026-11-10T12:08:00.000Z' });
    expect(later.orders.map((listed) => [idOf(listed), listed.kind, listed.status, listed.updatedAt])).toEqual([
      [orderNumber(0), 'order', 'shipped', new Date(now).toISOString()],
    ]);
  });
});

describe('Amazon order intake: the Restricted Data Token', () => {
  it('lists without the restricted fields when Amazon refuses the RDT: orders held as unmappable naming ShippingAddress.Name, a warning, and the RDT asked again only after refusalRetryMs', async () => {
    putOrders(3);
    simulator.intake.refuseRestrictedDataTokens(true);
    const pages = await listAll();
    expect(
      pages.flatMap((page) => page.orders.map((entry) => [entry.kind, entry.kind === 'unmappable' && entry.field])),
    ).toEqual([
      ['unmappable', 'ShippingAddress.Name'],
      ['unmappable', 'ShippingAddress.Name'],
      ['unmappable', 'ShippingAddress.Name'],
    ]);
    expect(pages[0]?.warnings?.[0]?.message).toContain('no Restricted Data Token');
    // The warning carries Amazon's refusal, redacted: checked with the errors for credentials.
    thrown.push(pages.flatMap((page) => page.warnings ?? []));
    expect(pages[1]?.warnings).toHaveLength(1);
    // The refusal (403 Unauthorized) is asked once more with a fresh LWA token, then remembered for refusalRetryMs.
    expect(simulator.callCount('restricted-data-token')).toBe(2);
    expect(simulator.callCount('token')).toBe(2);
  });

  it('fails the page, and lists nothing without the ship-to, when the RDT call fails without a refusal (5xx after retries)', async () => {
    putOrders(1);
    simulator.injectFault({ kind: 'server-error', operations: ['restricted-data-token'], times: 3 });
    const error = await failure(adapter().orders.list(window));
    expect(error).toMatchObject({ status: 503 });
    expect(simulator.callCount('list-orders')).toBe(0);
  });

  it('reads a 400 to the RDT request as a refusal (listed without the restricted fields), a 404 as inconclusive (the page fails)', async () => {
    putOrders(1);
    const rdtURL = `${simulator.baseURL}/tokens/2021-03-01/restrictedDataToken`;
    server.use(
      http.post(
        rdtURL,
        () => HttpResponse.json({ errors: [{ code: 'InvalidInput', message: 'Invalid Input' }] }, { status: 400 }),
        { once: true },
      ),
    );
    const refused = await adapter().orders.list(window);
    expect(refused.orders.map((entry) => entry.kind === 'unmappable' && entry.field)).toEqual(['ShippingAddress.Name']);
    expect(refused.warnings?.[0]?.message).toContain('InvalidInput');
    server.use(
      http.post(
        rdtURL,
        () => HttpResponse.json({ errors: [{ code: 'NotFound', message: 'Resource not found' }] }, { status: 404 }),
        { once: true },
      ),
    );
    const error = await failure(adapter().orders.list(window));
    expect(error).toMatchObject({ status: 404 });
  });

  it('asks a new RDT and sends the page again once when getOrders refuses the RDT (expired early)', async () => {
    putOrders(3);
    const { orders } = adapter();
    const first = await orders.list(window);
    simulator.intake.expireRestrictedDataTokens();
    const second = await orders.list({ ...window, cursor: first.nextCursor as string });
    expect(second.orders.map(idOf)).toEqual([orderNumber(2)]);
    expect(second.orders[0]?.kind).toBe('order');
    expect(simulator.callCount('restricted-data-token')).toBe(2);
    expect(simulator.callCount('list-orders')).toBe(3);
  });
});

describe('Amazon order intake: failures', () => {
  it('retries a 429 on getOrders after Retry-After and on getOrderItems, then lists the page', async () => {
    putOrders(2);
    simulator.injectFault({ kind: 'rate-limit', operations: ['get-orders'], retryAfterSeconds: 1 });
    simulator.injectFault({ kind: 'rate-limit', operations: ['list-order-items'], retryAfterSeconds: 1 });
    const started = Date.now();
    const page = await adapter().orders.list(window);
    expect(page.orders.map(idOf)).toEqual([orderNumber(0), orderNumber(1)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(simulator.callCount('list-orders')).toBe(2);
    expect(simulator.callCount('list-order-items')).toBe(2 * 2 + 1);
  });

  it('throws RateLimitError when Amazon keeps answering 429 QuotaExceeded', async () => {
    putOrders(1);
    simulator.injectFault({ kind: 'rate-limit', operations: ['get-orders'], retryAfterSeconds: 0, times: 3 });
    expect(RateLimitError.isInstance(await failure(adapter().orders.list(window)))).toBe(true);
  });

  it("throws ResponseParseError for a page or an items answer of the wrong shape, another order's items, or items that never end, never an empty page", async () => {
    putOrders(1);
    const wrongShapes = [
      { operation: 'get-orders', body: '{"payload":{}}' },
      { operation: 'get-orders', body: '{"Orders":[]}' },
      { operation: 'get-orders', body: '{"payload":{"Orders":[{"AmazonOrderId":"902-1106328-1059050"}]}}' },
      { operation: 'list-order-items', body: '{"payload":{"OrderItems":[{"OrderItemId":"1"}]}}' },
      { operation: 'get-orders', body: '{"payload":{"Orders":[' },
      // The items of another order.
      { operation: 'list-order-items', body: '{"payload":{"AmazonOrderId":"902-0000000-0000000","OrderItems":[]}}' },
      // A NextToken that comes back unchanged: the items never end (served twice).
      { operation: 'list-order-items', body: '{"payload":{"OrderItems":[],"NextToken":"AQ+/same"}}', times: 2 },
    ];
    for (const { operation, body, times } of wrongShapes) {
      simulator.injectFault({ kind: 'malformed-body', operations: [operation], body, ...(times ? { times } : {}) });
      const error = await failure(adapter().orders.list(window));
      expect(ResponseParseError.isInstance(error), body).toBe(true);
    }
  });

  it('throws AuthenticationError for a refresh token Amazon refuses, with no credential in it', async () => {
    putOrders(1);
    const error = await failure(
      adapter({ refreshToken: 'Atzr|SENTINEL-WRONG-INTAKE-REFRESH-7f1a' }).orders.list(window),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expectNoSecrets([error], ['Atzr|SENTINEL-WRONG-INTAKE-REFRESH-7f1a', credentials.clientSecret]);
  });
});

describe('Amazon order intake: rate limits', () => {
  it('warns when Amazon applies a lower getOrders rate (x-amzn-RateLimit-Limit) than the client paces at, and not otherwise', async () => {
    putOrders(1);
    // The simulator answers 0.0167: the default (1 per 60 s) is that rate; 1 per second is more.
    expect(
      (await adapter({ orders: { rateLimits: { getOrders: amazonOrderRateLimits.getOrders } } }).orders.list(window))
        .warnings,
    ).toBeUndefined();
    resetCredentialLimiters();
    const page = await adapter({
      orders: { rateLimits: { getOrders: { requests: 1, intervalMs: 1_000, burst: 20 } } },
    }).orders.list(window);
    expect(page.warnings?.map((warning) => warning.message)).toEqual([
      expect.stringContaining('applies 0.0167 getOrders requests per second'),
    ]);
    expect(page.orders).toHaveLength(1);
    expect(appliedRateWarning('0.5', false)).toBeUndefined();
    expect(appliedRateWarning('garbage', { requests: 1, intervalMs: 1_000 })).toBeUndefined();
  });

  it('paces getOrders by its own bucket, separate from getOrderItems and from confirmShipment', async () => {
    putOrders(3);
    const amazon = adapter({
      orders: {
        pageSize: 1,
        rateLimits: {
          getOrders: { requests: 1, intervalMs: 400, burst: 1 },
          getOrderItems: false,
          createRestrictedDataToken: false,
        },
      },
    });
    let next: string | undefined;
    do {
      const page: OrderListPage = await amazon.orders.list({ ...window, ...(next ? { cursor: next } : {}) });
      next = page.nextCursor;
    } while (next);
    const times = simulator.requestTimes('list-orders');
    expect(times).toHaveLength(3);
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(2 * 400 - 150);
    // confirmShipment does not wait for the getOrders bucket: a push sent while a listing waits for it goes at once.
    const listing = amazon.orders.list(window);
    const pushStarted = Date.now();
    const order = amazonOrderFixture({ marketplaceOrderId: orderNumber(0) });
    await amazon.pushTracking({
      order,
      shipment: {
        id: 'PO-1:1Z999',
        carrier: 'ups',
        trackingNumber: '1Z9999999999999999',
        shippedAt: '2026-11-10T10:00:00Z',
        lines: [{ lineId: '52986411826454', quantity: 3 }],
      },
    });
    const pushTime = simulator.requestTimes('push-tracking')[0] as number;
    await listing;
    const listTime = simulator.requestTimes('list-orders')[3] as number;
    expect(pushTime - pushStarted).toBeLessThan(200);
    expect(listTime).toBeGreaterThan(pushTime);
  });

  it('fetches the items of a page in parallel up to concurrency', async () => {
    putOrders(4);
    let inFlight = 0;
    let most = 0;
    const slowFetch: typeof fetch = async (input, init) => {
      const items = String(input instanceof Request ? input.url : input).includes('/orderItems');
      if (items) inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        if (items) await new Promise((resolve) => setTimeout(resolve, 30));
        return await fetch(input, init);
      } finally {
        if (items) inFlight -= 1;
      }
    };
    await adapter({
      fetch: slowFetch,
      concurrency: 3,
      orders: { pageSize: 4, rateLimits: { getOrders: false, getOrderItems: false, createRestrictedDataToken: false } },
    }).orders.list(window);
    expect(most).toBe(3);
    expect(() => adapter({ concurrency: 0 })).toThrow(ValidationError);
  });

  it('uses the documented usage plans by default: 20 getOrders at once, then one a minute', async () => {
    // Items on one page each: 20 getOrderItems calls, within their burst of 30.
    simulator = createAmazonSimulator({ ...simulatorOptions, orderQuotas: undefined, orderItemsPageSize: 100 });
    server.use(...simulator.handlers);
    putOrders(1);
    const { orders } = createAmazon({
      ...credentials,
      baseURL: simulator.baseURL,
      tokenURL: simulator.tokenURL,
      now: () => now,
    });
    for (let call = 0; call < 20; call += 1) await orders.list(window);
    const controller = new AbortController();
    const twentyFirst = orders.list(window, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(simulator.callCount('list-orders')).toBe(20);
    controller.abort();
    await twentyFirst.catch(() => undefined);
    expect(simulator.quotaRejections()).toBe(0);
    simulator = createAmazonSimulator(simulatorOptions);
    server.use(...simulator.handlers);
  });
});
