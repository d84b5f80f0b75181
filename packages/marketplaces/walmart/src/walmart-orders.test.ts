import {
  InvalidRequestError,
  type ListedOrderEntry,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  type SalesOrder,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectNoSecrets, expectRefusedOption } from '@dropship/testing';
import { entryOrderId } from '@dropship/testing/conformance';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import type { WalmartOptions } from './walmart-settings.js';
import { createWalmartSimulator, type WalmartSimulatorOptions } from './walmart-simulator.js';

// Listing: GET /v3/orders and /v3/orders/released with createdStartDate/createdEndDate, limit
// (<= 200), shipNodeType and nextCursor (spec copy
// api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml;
// https://developer.walmart.com/ca-marketplace/reference/getallorders). Acknowledge:
// https://developer.walmart.com/us-marketplace/docs/acknowledge-a-created-order.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const minute = 60_000;
/** The simulator's and the adapter's clock: 2026-11-20T12:00:00Z. */
const now = Date.parse('2026-11-20T12:00:00.000Z');
const window = { since: '2026-11-19T10:00:00.500Z', until: '2026-11-20T10:00:00.001Z' };
/** The instant of the `index`-th order in the window. */
const at = (index: number) => new Date(Date.parse('2026-11-19T11:00:00.000Z') + index * minute).toISOString();

let sentinelCounter = 0;

function setup(adapterOptions: WalmartOptions = {}, simulatorOptions: WalmartSimulatorOptions = {}) {
  sentinelCounter += 1;
  const credentials = {
    clientId: `SENTINEL-WM-ORDERS-ID-${sentinelCounter}-5b1d`,
    clientSecret: `SENTINEL-WM-ORDERS-SECRET-${sentinelCounter}-e07a`,
  };
  const simulator = createWalmartSimulator({ ...credentials, now: () => now, ...simulatorOptions });
  server.resetHandlers(...simulator.handlers);
  const options: WalmartOptions = {
    ...credentials,
    baseURL: simulator.baseURL,
    now: () => now,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...adapterOptions,
    orders: { pageSize: 2, ...adapterOptions.orders },
  };
  const adapter = createWalmart(options);
  const secrets = () => [
    credentials.clientId,
    credentials.clientSecret,
    Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64'),
    ...simulator.issuedTokens(),
  ];
  return { simulator, adapter, options, secrets };
}

/** The `index`-th order: its own purchase order id, ordered at its minute of the window. */
function nthOrder(index: number): SalesOrder {
  return { ...walmartSampleOrder(String(1796277083022 + index)), orderedAt: at(index) };
}

function putOrders(simulator: ReturnType<typeof setup>['simulator'], count: number): SalesOrder[] {
  const orders = Array.from({ length: count }, (_, index) => nthOrder(index));
  for (const [index, order] of orders.entries()) simulator.intake.putOrder(order, { updatedAt: at(index) });
  return orders;
}

const idOf = entryOrderId;

/** The listing requests the simulator received, as URLs. */
function listingRequests(): URL[] {
  return server
    .calls({ method: 'GET' })
    .filter((call) => call.path === '/v3/orders' || call.path === '/v3/orders/released')
    .map((call) => new URL(call.url));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('walmart orders.list', () => {
  it('declares list-and-acknowledge and the configured page size (default 200, Walmart maximum)', () => {
    const { adapter, options } = setup();
    expect(adapter.capabilities).toEqual({ orders: 'list-and-acknowledge', cancellations: 'answer', listings: 'push' });
    expect(adapter.orders.pageSize).toBe(2);
    expect(createWalmart({ ...options, orders: {} }).orders.pageSize).toBe(200);
  });

  it('sends the documented query: the creation window rounded out to the second (yyyy-MM-ddTHH:mm:ssZ), limit, shipNodeType=SellerFulfilled', async () => {
    const { adapter } = setup();
    await adapter.orders.list(window);
    const [request, ...more] = listingRequests();
    expect(more).toEqual([]);
    expect(request?.pathname).toBe('/v3/orders');
    expect(Object.fromEntries(request?.searchParams ?? [])).toEqual({
      createdStartDate: '2026-11-19T10:00:00Z',
      createdEndDate: '2026-11-20T10:00:01Z',
      limit: '2',
      shipNodeType: 'SellerFulfilled',
    });
    await adapter.orders.list({ ...window, limit: 1 });
    expect(listingRequests()[1]?.searchParams.get('limit')).toBe('1');
  });

  it('pages to the end: each nextCursor sent back byte for byte and alone, no nextCursor on the last page, one call per page', async () => {
    const { simulator, adapter } = setup();
    const orders = putOrders(simulator, 5);
    const listed: ListedOrderEntry[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.orders.list({ ...window, ...(cursor ? { cursor } : {}) });
      expect(page.orders.length).toBeLessThanOrEqual(2);
      listed.push(...page.orders);
      cursor = page.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(listed.map(idOf)).toEqual(orders.map((order) => order.marketplaceOrderId));
    expect(listed.every((entry) => entry.kind === 'order' && entry.status === 'ready')).toBe(true);
    expect(cursors).toHaveLength(2);
    // The cursor carries raw `:` in its dates: sent as it came, nothing re-encoded, nothing added.
    expect(cursors[0]).toContain('createdEndDate=2026-11-20T10:00:01.000Z');
    const requests = listingRequests();
    expect(requests.slice(1).map((url) => url.search)).toEqual(cursors);
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('resumes from a stored cursor in a new adapter and lists the rest, nothing again', async () => {
    const { simulator, adapter, options } = setup();
    const orders = putOrders(simulator, 5);
    const first = await adapter.orders.list(window);
    const stored = JSON.parse(JSON.stringify(first.nextCursor)) as string;
    const other = createWalmart(options);
    const second = await other.orders.list({ ...window, cursor: stored });
    const third = second.nextCursor ? await other.orders.list({ ...window, cursor: second.nextCursor }) : undefined;
    expect(third?.nextCursor).toBeUndefined();
    expect([...first.orders, ...second.orders, ...(third?.orders ?? [])].map(idOf)).toEqual(
      orders.map((order) => order.marketplaceOrderId),
    );
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('returns an order Walmart repeats on the next page as Walmart sends it: twice, not deduplicated', async () => {
    const { simulator, adapter } = setup();
    const orders = putOrders(simulator, 4);
    simulator.intake.repeatOnNextPages(1);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await adapter.orders.list({ ...window, ...(cursor ? { cursor } : {}) });
      ids.push(...page.orders.map(idOf));
      cursor = page.nextCursor;
    } while (cursor);
    const [, second] = orders.map((order) => order.marketplaceOrderId);
    expect(ids.filter((id) => id === second)).toHaveLength(2);
    expect(new Set(ids)).toEqual(new Set(orders.map((order) => order.marketplaceOrderId)));
    expect(ids).toHaveLength(5);
  });

  it('lists orders with their status: acknowledged ready, cancelled, shipped, intent to cancel; holds an unmappable one', async () => {
    const { simulator, adapter } = setup({ orders: { pageSize: 10 } });
    const [ready, cancelled, shipped, asked, bad] = [0, 1, 2, 3, 4].map(nthOrder) as SalesOrder[];
    simulator.intake.putOrder(ready as SalesOrder, { updatedAt: at(0) });
    simulator.intake.putOrder(cancelled as SalesOrder, { updatedAt: at(1), status: 'cancelled' });
    simulator.intake.putOrder(shipped as SalesOrder, { updatedAt: at(2), status: 'shipped' });
    simulator.intake.putOrder(asked as SalesOrder, { updatedAt: at(3), status: 'cancel-requested' });
    simulator.intake.putUnmappableOrder(bad as SalesOrder, { updatedAt: at(4) });
    await adapter.orders.acknowledge([(ready as SalesOrder).marketplaceOrderId]);
    const { orders } = await adapter.orders.list(window);
    expect(orders.map((entry) => [idOf(entry), entry.kind, entry.status])).toEqual([
      [(ready as SalesOrder).marketplaceOrderId, 'order', 'ready'],
      [(cancelled as SalesOrder).marketplaceOrderId, 'order', 'cancelled'],
      [(shipped as SalesOrder).marketplaceOrderId, 'order', 'shipped'],
      [(asked as SalesOrder).marketplaceOrderId, 'order', 'cancel-requested'],
      [(bad as SalesOrder).marketplaceOrderId, 'unmappable', 'ready'],
    ]);
    expect(orders[4]).toMatchObject({ field: 'shippingInfo.postalAddress.name', updatedAt: at(4) });
  });

  it("orders.listing 'released' reads GET /v3/orders/released: orders with a line still Created, not the acknowledged ones", async () => {
    const { simulator, adapter } = setup({ orders: { pageSize: 10, listing: 'released' } });
    const orders = putOrders(simulator, 3);
    const first = orders[0] as SalesOrder;
    await adapter.orders.acknowledge([first.marketplaceOrderId]);
    const { orders: listed } = await adapter.orders.list(window);
    expect(listed.map(idOf)).toEqual(orders.slice(1).map((order) => order.marketplaceOrderId));
    expect(listingRequests()[0]?.pathname).toBe('/v3/orders/released');
  });

  it('retries a 429 (REQUEST_THRESHOLD_VIOLATED) and lists the page; a 429 that lasts is a RateLimitError', async () => {
    const { simulator, adapter } = setup();
    putOrders(simulator, 2);
    simulator.throttle({ times: 1, operations: ['list-orders'] });
    const page = await adapter.orders.list(window);
    expect(page.orders).toHaveLength(2);
    expect(simulator.intake.listCallCount()).toBe(2);

    simulator.throttle({ times: 3, operations: ['list-orders'] });
    const error = await failure(adapter.orders.list(window));
    expect(RateLimitError.isInstance(error), String(error)).toBe(true);
    expect(simulator.intake.listCallCount()).toBe(5);
  });

  it('throws ResponseParseError for a page of another shape, never an empty page, naming the field', async () => {
    const { simulator, adapter, secrets } = setup();
    const bodies: { body: Record<string, unknown>; field: string }[] = [
      { body: {}, field: 'list' },
      { body: { list: { meta: { totalCount: 3 }, elements: {} } }, field: 'list.elements.order' },
      {
        body: { list: { meta: { totalCount: 1 }, elements: { order: [{ orderDate: 1 }] } } },
        field: 'list.elements.order[0].purchaseOrderId',
      },
      {
        body: { list: { meta: { nextCursor: 'https://elsewhere.test/v3/orders' }, elements: { order: [] } } },
        field: 'list.meta.nextCursor',
      },
    ];
    for (const { body, field } of bodies) {
      server.use(http.get(`${simulator.baseURL}/v3/orders`, () => HttpResponse.json(body), { once: true }));
      const error = await failure(adapter.orders.list(window));
      expect(ResponseParseError.isInstance(error), `${JSON.stringify(body)}: ${String(error)}`).toBe(true);
      expect((error as ResponseParseError).fields.join(','), JSON.stringify(body)).toContain(field);
      expectNoSecrets([error], secrets());
    }
    // An empty list is a page only when Walmart says there is nothing.
    server.use(
      http.get(
        `${simulator.baseURL}/v3/orders`,
        () => HttpResponse.json({ list: { meta: { totalCount: 0 }, elements: {} } }),
        {
          once: true,
        },
      ),
    );
    expect(await adapter.orders.list(window)).toEqual({ orders: [] });
  });

  it('reads a 404 whose Walmart error says "No Orders found" as an empty page with a warning (modelled); any other 404 is a NotFoundError', async () => {
    const { adapter, simulator } = setup({}, { emptyListing: 'not-found' });
    const empty = await adapter.orders.list(window);
    expect(empty.orders).toEqual([]);
    expect(empty.nextCursor).toBeUndefined();
    expect(empty.warnings?.[0]?.message).toMatch(/404.*no orders found.*modelled/i);

    server.use(
      http.get(
        `${simulator.baseURL}/v3/orders`,
        () =>
          HttpResponse.json(
            { errors: [{ code: 'CONTENT_NOT_FOUND', message: 'Resource not found' }] },
            { status: 404 },
          ),
        { once: true },
      ),
    );
    const error = await failure(adapter.orders.list(window));
    expect(NotFoundError.isInstance(error), String(error)).toBe(true);
    server.use(
      http.get(`${simulator.baseURL}/v3/orders`, () => new HttpResponse('Not Found', { status: 404 }), { once: true }),
    );
    expect(NotFoundError.isInstance(await failure(adapter.orders.list(window)))).toBe(true);
  });

  it('refuses a bad request without calling Walmart: a window that is not one, a limit above the page size, a cursor Walmart did not send, an unknown key', async () => {
    const { simulator, adapter } = setup();
    for (const request of [
      { since: window.until, until: window.since },
      { ...window, limit: 3 },
      { ...window, limit: 0 },
      { ...window, cursor: '/v3/items?x=1' },
      { ...window, cursor: '?limit=2 &poIndex=2' },
      { ...window, pageToken: 'x' },
    ]) {
      const error = await failure(adapter.orders.list(request as never));
      expect(ValidationError.isInstance(error), `${JSON.stringify(request)}: ${String(error)}`).toBe(true);
    }
    expect(simulator.intake.listCallCount()).toBe(0);
  });

  it('starts a window older than Walmart lists (180 days) where the listing reaches, with a warning; a window wholly older makes no call', async () => {
    const { simulator, adapter } = setup();
    putOrders(simulator, 1);
    const old = { since: '2026-01-01T00:00:00.000Z', until: window.until };
    const page = await adapter.orders.list(old);
    expect(page.orders.map(idOf)).toEqual([nthOrder(0).marketplaceOrderId]);
    expect(page.warnings?.[0]?.message).toMatch(/180 days/);
    // 180 days less an hour before the clock (2026-11-20T12:00Z), rounded down to the second.
    expect(listingRequests()[0]?.searchParams.get('createdStartDate')).toBe('2026-05-24T13:00:00Z');
    const gone = await adapter.orders.list({ since: '2026-01-01T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' });
    expect(gone.orders).toEqual([]);
    expect(gone.warnings?.[0]?.message).toMatch(/180 days/);
    expect(simulator.intake.listCallCount()).toBe(1);
  });

  it('the simulator refuses a cursor that was re-encoded or sent with other parameters (400), as the adapter never does', async () => {
    const { simulator, adapter } = setup();
    putOrders(simulator, 3);
    const { nextCursor } = await adapter.orders.list(window);
    const reencoded = (nextCursor as string).replaceAll(':', '%3A');
    const error = await failure(adapter.orders.list({ ...window, cursor: reencoded }));
    expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
    expect(String(error)).toMatch(/nextCursor/);
  });

  it('refuses settings it does not know or cannot honour', () => {
    const base = { clientId: 'SENTINEL-A', clientSecret: 'SENTINEL-B' };
    expectRefusedOption(() => createWalmart({ ...base, orders: { pageSiz: 3 } as never }), 'orders.pageSiz');
    expectRefusedOption(() => createWalmart({ ...base, orders: { pageSize: 201 } }), 'orders.pageSize');
    expectRefusedOption(() => createWalmart({ ...base, orders: { pageSize: 0 } }), 'orders.pageSize');
    expectRefusedOption(
      () => createWalmart({ ...base, orders: { productCharge: 'each' as never } }),
      'orders.productCharge',
    );
    expectRefusedOption(() => createWalmart({ ...base, orders: { listing: 'new' as never } }), 'orders.listing');
    expectRefusedOption(
      () => createWalmart({ ...base, orders: { listRateLimit: { requests: 0, intervalMs: 1000 } } }),
      'orders.listRateLimit.requests',
    );
  });

  it('spaces listing calls by orders.listRateLimit (its own bucket, apart from the push)', async () => {
    const { simulator, adapter } = setup({
      orders: { pageSize: 1, listRateLimit: { requests: 1, intervalMs: 150 }, acknowledgeRateLimit: false },
    });
    putOrders(simulator, 4);
    const started = Date.now();
    let cursor: string | undefined;
    do {
      cursor = (await adapter.orders.list({ ...window, ...(cursor ? { cursor } : {}) })).nextCursor;
    } while (cursor);
    // Four calls, the first at once: at least three intervals.
    expect(simulator.intake.listCallCount()).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 20);
  });
});

describe('walmart orders.acknowledge', () => {
  it('acknowledges each order once per call on the documented answer, again when asked; the orders can then be shipped', async () => {
    const { simulator, adapter } = setup();
    const orders = putOrders(simulator, 3);
    const ids = orders.slice(0, 2).map((order) => order.marketplaceOrderId);
    const shipment = {
      id: 'PO-1:1Z999AA10123456784',
      carrier: 'ups' as const,
      trackingNumber: '1Z999AA10123456784',
      shippedAt: '2026-11-20T11:00:00.000Z',
      lines: [{ lineId: '1', quantity: 3 }],
    };
    // Walmart ships only acknowledged orders (https://developer.walmart.com/us-marketplace/docs/ship-an-order).
    const refused = await failure(adapter.pushTracking({ order: orders[0] as SalesOrder, shipment }));
    expect(String(refused)).toMatch(/acknowledged/);

    expect(await adapter.orders.acknowledge(ids)).toEqual({ acknowledged: ids, failed: [] });
    expect(simulator.intake.acknowledged()).toEqual(ids);
    expect(await adapter.orders.acknowledge(ids)).toEqual({ acknowledged: ids, failed: [] });
    expect(simulator.intake.acknowledged()).toEqual([...ids, ...ids]);
    expect(simulator.requestTimes('acknowledge-orders')).toHaveLength(4);

    const result = await adapter.pushTracking({ order: orders[0] as SalesOrder, shipment });
    expect(result.status).toBe('pushed');
    expect(simulator.fulfillments(ids[0] as string)).toHaveLength(1);
  });

  it('sends the acknowledgements of a page at once, within the client concurrency, results in the order asked', async () => {
    let inFlight = 0;
    let most = 0;
    const fetchCounting: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith('/acknowledge')) return fetch(input, init);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const { simulator, adapter } = setup({ fetch: fetchCounting, concurrency: 4 });
    const ids = putOrders(simulator, 10).map((order) => order.marketplaceOrderId);
    expect(await adapter.orders.acknowledge(ids)).toEqual({ acknowledged: ids, failed: [] });
    expect(simulator.requestTimes('acknowledge-orders')).toHaveLength(10);
    expect(most).toBe(4);
  });

  it('reports shipped, cancelled and unknown orders as failed with the reason, and acknowledges the others', async () => {
    const { simulator, adapter, secrets } = setup();
    const [good, shipped, cancelled] = [0, 1, 2].map(nthOrder) as SalesOrder[];
    simulator.intake.putOrder(good as SalesOrder, { updatedAt: at(0) });
    simulator.intake.putOrder(shipped as SalesOrder, { updatedAt: at(1), status: 'shipped' });
    simulator.intake.putOrder(cancelled as SalesOrder, { updatedAt: at(2), status: 'cancelled' });
    const ids = [good, shipped, cancelled].map((order) => (order as SalesOrder).marketplaceOrderId);
    const result = await adapter.orders.acknowledge([...ids, '9999999999999']);
    expect(result.acknowledged).toEqual([ids[0]]);
    expect(result.failed.map((entry) => entry.marketplaceOrderId)).toEqual([ids[1], ids[2], '9999999999999']);
    expect(result.failed[0]?.error).toMatch(/shipped/);
    expect(result.failed[1]?.error).toMatch(/cancelled/);
    expect(result.failed[2]?.error).toMatch(/404/);
    expectNoSecrets([result], secrets());
    expect(simulator.intake.acknowledged()).toEqual([ids[0]]);
  });

  it('does not count an answer that does not show the order acknowledged (lines still Created, another order, not JSON)', async () => {
    const { simulator, adapter } = setup();
    const [order] = putOrders(simulator, 1);
    const id = (order as SalesOrder).marketplaceOrderId;
    const answers = [
      HttpResponse.json({
        order: {
          purchaseOrderId: id,
          orderLines: {
            orderLine: [{ lineNumber: '1', orderLineStatuses: { orderLineStatus: [{ status: 'Created' }] } }],
          },
        },
      }),
      HttpResponse.json({
        order: {
          purchaseOrderId: `${id}0`,
          orderLines: {
            orderLine: [{ lineNumber: '1', orderLineStatuses: { orderLineStatus: [{ status: 'Acknowledged' }] } }],
          },
        },
      }),
      HttpResponse.json({}),
    ];
    for (const answer of answers) {
      server.use(http.post(`${simulator.baseURL}/v3/orders/:id/acknowledge`, () => answer.clone(), { once: true }));
      const result = await adapter.orders.acknowledge([id]);
      expect(result.acknowledged).toEqual([]);
      expect(result.failed).toEqual([
        { marketplaceOrderId: id, error: expect.stringMatching(/not confirmed|unexpected|response/i) },
      ]);
    }
  });

  it('sends the acknowledgement again after a lost answer (acknowledging twice is allowed) and counts it once', async () => {
    const { simulator, adapter } = setup();
    const [order] = putOrders(simulator, 1);
    const id = (order as SalesOrder).marketplaceOrderId;
    simulator.injectFault({ kind: 'lost-response', times: 1, operations: ['acknowledge-orders'] });
    expect(await adapter.orders.acknowledge([id])).toEqual({ acknowledged: [id], failed: [] });
    expect(simulator.intake.acknowledged()).toEqual([id, id]);
  });

  it('refuses ids that are not purchase order ids before any call', async () => {
    const { simulator, adapter } = setup();
    for (const ids of [[''], ['x'.repeat(65)], 'abc' as never]) {
      const error = await failure(adapter.orders.acknowledge(ids));
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
    }
    expect(simulator.requestTimes('acknowledge-orders')).toEqual([]);
  });
});
