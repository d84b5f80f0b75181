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
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbay, type EbaySettings } from './ebay-adapter.js';
import { createEbaySimulator } from './ebay-simulator.js';
import { buildEbayOrderListQuery } from './list-ebay-orders.js';

// Sentinel credential: checked absent from every error.
const token = 'v^1.1#SENTINEL-EBAY-TOKEN-LIST-ORDERS-5b1c';
// The simulator's clock: a fixed now, so that windows are never "in the future".
const now = Date.parse('2026-11-10T00:00:00.000Z');
const simulator = createEbaySimulator({ accessToken: token, now: () => now });
const server = createTestServer(...simulator.handlers);
const window = { since: '2026-11-01T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' };
const ordersPath = `${simulator.baseURL}/sell/fulfillment/v1/order`;
const thrown: unknown[] = [];
/** The URLs the adapter sent, as they left it (before any decoding). */
let sent: string[] = [];

/** The `index`-th order of the window: its own id, ordered and changed at minute `index + 1`. */
function nthOrder(index: number): SalesOrder {
  return ebayOrderFixture({
    marketplaceOrderId: `12-34567-${String(89_012 + index).padStart(5, '0')}`,
    orderedAt: minute(index),
  });
}

function minute(index: number): string {
  return new Date(Date.parse(window.since) + (index + 1) * 60_000).toISOString();
}

function putOrders(count: number): SalesOrder[] {
  const orders = Array.from({ length: count }, (_, index) => nthOrder(index));
  for (const [index, order] of orders.entries()) simulator.intake.putOrder(order, { updatedAt: minute(index) });
  return orders;
}

function adapter(settings: EbaySettings = {}) {
  return createEbay({
    accessToken: token,
    baseURL: simulator.baseURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    fetch: (input, init) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
    ...settings,
    orders: { rateLimit: false, ...settings.orders },
  });
}

const idOf = entryOrderId;

function listAll(settings: EbaySettings = {}, cursor?: string): Promise<OrderListPage[]> {
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
  server.close();
  expectNoSecrets(thrown, [token]);
});
beforeEach(() => {
  simulator.reset({ all: true });
  sent = [];
  resetCredentialLimiters();
});
afterEach(() => server.resetHandlers());

describe('eBay orders.list: the request', () => {
  it('sends filter=lastmodifieddate:[since..until] percent-encoded once, limit and a zero-based offset, as eBay documents', async () => {
    await adapter({ orders: { pageSize: 25 } }).orders.list({
      since: '2026-11-01T02:00:00+02:00',
      until: '2026-11-02T00:00:00Z',
    });
    expect(sent).toHaveLength(1);
    const [url = ''] = sent;
    // [ ] encoded as %5B %5D (eBay requires it), never twice (%255B).
    expect(new URL(url).search).toBe(
      '?filter=lastmodifieddate%3A%5B2026-11-01T00%3A00%3A00.000Z..2026-11-02T00%3A00%3A00.000Z%5D&limit=25&offset=0',
    );
    expect(simulator.intake.listCallCount()).toBe(1);
  });

  it('adds one of the two orderfulfillmentstatus combinations eBay accepts when set', async () => {
    const [first] = putOrders(2);
    if (!first) throw new Error('an order');
    simulator.intake.putOrder(nthOrder(1), { updatedAt: minute(1), status: 'shipped' });
    const page = await adapter({ orders: { fulfillmentStatus: 'NOT_STARTED|IN_PROGRESS' } }).orders.list(window);
    expect(new URL(sent[0] ?? '').searchParams.get('filter')).toBe(
      'lastmodifieddate:[2026-11-01T00:00:00.000Z..2026-11-02T00:00:00.000Z],orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}',
    );
    expect(page.orders.map(idOf)).toEqual([first.marketplaceOrderId]);
  });

  it('pages with the default page size of 200, eBay maximum', async () => {
    const ebay = adapter();
    expect(ebay.orders.pageSize).toBe(200);
    await ebay.orders.list(window);
    expect(new URL(sent[0] ?? '').searchParams.get('limit')).toBe('200');
  });

  it('refuses, without a call, a window not in order, a cursor it did not return, a limit over the page size, unknown keys', async () => {
    const orders = adapter({ orders: { pageSize: 10 } }).orders;
    for (const request of [
      { since: window.until, until: window.since },
      { since: 'yesterday', until: window.until },
      { ...window, cursor: 'abc' },
      { ...window, cursor: '-1' },
      { ...window, limit: 11 },
      { ...window, limit: 0 },
      { ...window, pageToken: 'x' },
    ]) {
      const error = await failure(orders.list(request as typeof window));
      expect(ValidationError.isInstance(error), JSON.stringify(request)).toBe(true);
    }
    expect(sent).toEqual([]);
  });

  it('builds the query as a pure function', () => {
    expect(buildEbayOrderListQuery({ ...window, cursor: '40', limit: 10 }, { pageSize: 20 })).toEqual({
      filter: 'lastmodifieddate:[2026-11-01T00:00:00.000Z..2026-11-02T00:00:00.000Z]',
      limit: 10,
      offset: 40,
    });
  });
});

describe('eBay orders.list: paging', () => {
  it('lists every order changed in the window to the last page, one call per page, the cursor being the next offset', async () => {
    const orders = putOrders(7);
    // Outside the window: changed after until.
    simulator.intake.putOrder(nthOrder(9), { updatedAt: '2026-11-03T00:00:00.000Z' });
    const pages = await listAll({ orders: { pageSize: 3 } });
    expect(pages.map((page) => page.orders.length)).toEqual([3, 3, 1]);
    expect(pages.map((page) => page.nextCursor)).toEqual(['3', '6', undefined]);
    expect(pages.flatMap((page) => page.orders).map(idOf)).toEqual(orders.map((order) => order.marketplaceOrderId));
    expect(sent.map((url) => new URL(url).searchParams.get('offset'))).toEqual(['0', '3', '6']);
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('resumes from a returned cursor in a new adapter and lists only the rest', async () => {
    const orders = putOrders(5);
    const first = await adapter({ orders: { pageSize: 2 } }).orders.list(window);
    const rest = await listAll({ orders: { pageSize: 2 } }, first.nextCursor);
    expect(rest.flatMap((page) => page.orders).map(idOf)).toEqual(
      orders.slice(2).map((order) => order.marketplaceOrderId),
    );
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('returns an order eBay repeats on the next page as eBay returns it: the adapter does not deduplicate', async () => {
    const orders = putOrders(5);
    simulator.intake.repeatOnNextPages(1);
    const listed = (await listAll({ orders: { pageSize: 2 } })).flatMap((page) => page.orders).map(idOf);
    const ids = orders.map((order) => order.marketplaceOrderId);
    expect(listed).toEqual([ids[0], ids[1], ids[1], ids[2], ids[3], ids[4]]);
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('lists an order whose ship-to name eBay withholds as unmappable, with the field, among the others', async () => {
    const [first, second] = putOrders(2);
    if (!first || !second) throw new Error('two orders');
    simulator.intake.putUnmappableOrder(second, { updatedAt: minute(1) });
    const [page] = await listAll();
    expect(page?.orders.map((entry) => [idOf(entry), entry.kind])).toEqual([
      [first.marketplaceOrderId, 'order'],
      [second.marketplaceOrderId, 'unmappable'],
    ]);
    expect(page?.orders[1]).toMatchObject({
      field: 'fulfillmentStartInstructions[0].shippingStep.shipTo.fullName',
      status: 'ready',
      updatedAt: minute(1),
    });
  });

  it('sees an order it imported change to shipped once tracking for all its lines is pushed', async () => {
    const [order] = putOrders(1);
    if (!order) throw new Error('an order');
    const ebay = adapter();
    const [ready] = (await ebay.orders.list(window)).orders;
    expect(ready?.status).toBe('ready');
    if (ready?.kind !== 'order') throw new Error('mapped');
    await ebay.pushTracking({
      order: ready.order,
      shipment: {
        id: 'PO-1:1Z5R89390357567127',
        carrier: 'ups',
        trackingNumber: '1Z5R89390357567127',
        shippedAt: '2026-11-02T08:30:00-07:00',
        lines: ready.order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
      },
    });
    const [shipped] = (await ebay.orders.list({ since: window.since, until: new Date(now).toISOString() })).orders;
    expect(shipped).toMatchObject({ status: 'shipped', updatedAt: new Date(now).toISOString() });
  });
});

describe('eBay orders.list: failures', () => {
  it('waits out a 429 with its Retry-After and lists the page', async () => {
    putOrders(2);
    simulator.injectFault({ kind: 'rate-limit', times: 1, retryAfterSeconds: 0, operations: ['list-orders'] });
    const pages = await listAll();
    expect(pages.flatMap((page) => page.orders)).toHaveLength(2);
    expect(simulator.intake.listCallCount()).toBe(2);
  });

  it('fails with RateLimitError when eBay keeps throttling past the retries', async () => {
    simulator.injectFault({ kind: 'rate-limit', times: 10, retryAfterSeconds: 0, operations: ['list-orders'] });
    const error = await failure(adapter({ retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } }).orders.list(window));
    expect(RateLimitError.isInstance(error), String(error)).toBe(true);
    expect(simulator.intake.listCallCount()).toBe(2);
  });

  it('maps a refused token to AuthenticationError without the token', async () => {
    const error = await failure(adapter({ accessToken: 'v^1.1#SENTINEL-EBAY-REVOKED-LIST-77aa' }).orders.list(window));
    expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
    expectNoSecrets([error], ['v^1.1#SENTINEL-EBAY-REVOKED-LIST-77aa']);
  });

  it.each([
    ['orders missing while total is not 0', { total: 3, offset: 0, limit: 200 }, 'orders'],
    [
      'an order without orderId',
      { total: 1, offset: 0, orders: [{ lastModifiedDate: minute(0) }] },
      'orders.0.orderId',
    ],
    ['neither orders nor total', { offset: 0, limit: 200 }, 'orders'],
    [
      'a next URI that names no later offset',
      { total: 9, offset: 0, limit: 3, next: `${ordersPath}?limit=3&offset=0`, orders: [] },
      'next',
    ],
  ])('throws ResponseParseError for a page with %s, never an empty page', async (_, body, field) => {
    server.use(http.get(ordersPath, () => HttpResponse.json(body)));
    const error = await failure(adapter().orders.list(window));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect((error as ResponseParseError).fields).toContain(field);
  });

  it('accepts a page without orders when total is 0', async () => {
    server.use(http.get(ordersPath, () => HttpResponse.json({ total: 0, offset: 0, limit: 200 })));
    expect(await adapter().orders.list(window)).toEqual({ orders: [] });
  });

  it('passes eBay warnings on as page warnings', async () => {
    server.use(
      http.get(ordersPath, () =>
        HttpResponse.json({ total: 0, offset: 0, orders: [], warnings: [{ errorId: 30500, message: 'partial' }] }),
      ),
    );
    expect((await adapter().orders.list(window)).warnings).toEqual([
      { type: 'other', message: 'ebay getOrders warning 30500: partial' },
    ]);
  });
});

describe('eBay orders settings', () => {
  it('refuses a page size out of 1..200, an unknown orders key and a fulfillment filter eBay refuses', () => {
    for (const orders of [
      { pageSize: 0 },
      { pageSize: 201 },
      { pageSize: 2.5 },
      { page: 10 },
      { fulfillmentStatus: 'NOT_STARTED' },
    ]) {
      expect(() => createEbay({ accessToken: token, orders } as EbaySettings), JSON.stringify(orders)).toThrow(
        ValidationError,
      );
    }
    expectRefusedOption(
      () => createEbay({ accessToken: token, orders: { pageSize: 50, pageToken: 'x' } } as EbaySettings),
      'orders.pageToken',
    );
  });

  it('declares list (eBay has no acknowledgement) and applies its own listing rate limit', async () => {
    putOrders(3);
    const ebay = adapter({ orders: { pageSize: 1, rateLimit: { requests: 1, intervalMs: 150, burst: 1 } } });
    expect(ebay.capabilities).toEqual({ orders: 'list', listings: 'push', cancellations: 'answer' });
    expect(ebay.orders.acknowledge).toBeUndefined();
    const started = performance.now();
    const pages = await listAll({ orders: { pageSize: 1, rateLimit: { requests: 1, intervalMs: 150, burst: 1 } } });
    expect(pages).toHaveLength(3);
    // Three calls, one token per 150 ms after the first: at least 300 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
