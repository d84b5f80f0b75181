import {
  AuthenticationError,
  InvalidRequestError,
  type ListedOrderEntry,
  ResponseParseError,
  type SalesOrder,
  ValidationError,
} from '@dropship/core';
import { createTestServer, expectRefusedOption } from '@dropship/testing';
import { entryOrderId, listToTheEnd } from '@dropship/testing/conformance';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import type { ShopifyOptions } from './shopify-settings.js';
import { createShopifySimulator, type ShopifySimulatorOptions } from './shopify-simulator.js';

// The orders query, its paging and filter: https://shopify.dev/docs/api/admin-graphql/latest/queries/orders,
// https://shopify.dev/docs/api/usage/pagination-graphql, https://shopify.dev/docs/api/usage/search-syntax;
// cost: https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const accessToken = 'shpat_SENTINEL_INTAKE_0123456789abcdef';
const since = '2026-11-18T00:00:00.000Z';
const until = '2026-11-19T00:00:00.000Z';

/** GraphQL requests the adapter sent: query text and variables. */
interface SentRequest {
  query: string;
  variables: Record<string, unknown>;
}

function setup(simulatorOptions: ShopifySimulatorOptions = {}, adapterOptions: ShopifyOptions = {}) {
  const simulator = createShopifySimulator({ accessToken, restoreRate: 100_000, ...simulatorOptions });
  server.resetHandlers(...simulator.handlers);
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as SentRequest);
    return fetch(input, init);
  };
  const adapter = createShopify({
    accessToken,
    baseURL: simulator.baseURL,
    fetch: recordingFetch,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...adapterOptions,
  });
  return { simulator, adapter, sent };
}

/** A sample order with its own id, updated at `minute` past 10:00 on the 18th. */
function order(id: number, overrides: Partial<SalesOrder> = {}): SalesOrder {
  return { ...shopifySampleOrder(String(id)), ...overrides };
}

function at(minute: number): string {
  return new Date(Date.parse('2026-11-18T10:00:00.000Z') + minute * 60_000).toISOString();
}

function ids(entries: readonly ListedOrderEntry[]): string[] {
  return entries.map(entryOrderId);
}

async function listAll(
  adapter: ReturnType<typeof createShopify>,
  window = { since, until },
): Promise<{ entries: ListedOrderEntry[]; pages: number }> {
  const pages = await listToTheEnd(adapter.orders, window);
  return { entries: pages.flatMap((page) => page.orders), pages: pages.length };
}

describe('shopify orders.list', () => {
  it('declares list intake (no acknowledgement) and its page size', () => {
    const { adapter } = setup();
    expect(adapter.capabilities).toEqual({ orders: 'list', listings: 'push' });
    expect(adapter.orders.pageSize).toBe(25);
    expect(adapter.orders.acknowledge).toBeUndefined();
    expect(setup({}, { orders: { pageSize: 3 } }).adapter.orders.pageSize).toBe(3);
  });

  it('sends the documented query: orders(first, after, sortKey: UPDATED_AT, query: updated_at window)', async () => {
    const { simulator, adapter, sent } = setup({}, { orders: { pageSize: 2, lineItemsPerOrder: 7 } });
    for (const id of [5001, 5002, 5003]) simulator.intake.putOrder(order(id), { updatedAt: at(id - 5000) });
    const first = await adapter.orders.list({ since: '2026-11-18T00:00:00Z', until: '2026-11-18T19:00:00-05:00' });
    await adapter.orders.list({ since, until, cursor: first.nextCursor as string, limit: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.query).toMatch(/orders\(first: \$first, after: \$after, sortKey: UPDATED_AT, query: \$query\)/);
    expect(sent[0]?.query).toMatch(/pageInfo \{ hasNextPage endCursor \}/);
    expect(sent[0]?.variables).toEqual({
      first: 2,
      after: null,
      query: "updated_at:>='2026-11-18T00:00:00.000Z' AND updated_at:<'2026-11-19T00:00:00.000Z'",
      lineItems: 7,
    });
    expect(sent[1]?.variables).toMatchObject({ first: 1, after: first.nextCursor });
  });

  it('pages to the end over the window, in update order, one call per page, and leaves out what is outside it', async () => {
    const { simulator, adapter } = setup({}, { orders: { pageSize: 2 } });
    simulator.intake.putOrder(order(5009), { updatedAt: '2026-11-17T23:59:59.999Z' });
    simulator.intake.putOrder(order(5008), { updatedAt: until });
    for (const [id, minute] of [
      [5003, 3],
      [5001, 1],
      [5005, 5],
      [5002, 2],
      [5004, 4],
    ] as const)
      simulator.intake.putOrder(order(id), { updatedAt: at(minute) });
    const { entries, pages } = await listAll(adapter);
    expect(ids(entries)).toEqual(['5001', '5002', '5003', '5004', '5005']);
    expect(pages).toBe(3);
    expect(simulator.intake.listCallCount()).toBe(3);
    expect(entries.every((entry) => entry.kind === 'order' && entry.status === 'ready')).toBe(true);
  });

  it('resumes from a returned cursor with a new adapter (a restart) and reads the rest only', async () => {
    const { simulator, adapter } = setup({}, { orders: { pageSize: 2 } });
    for (const id of [5001, 5002, 5003, 5004, 5005]) simulator.intake.putOrder(order(id), { updatedAt: at(id - 5000) });
    const first = await adapter.orders.list({ since, until });
    expect(ids(first.orders)).toEqual(['5001', '5002']);
    const restarted = createShopify({ accessToken, baseURL: simulator.baseURL, orders: { pageSize: 2 } });
    const rest: ListedOrderEntry[] = [];
    let cursor = first.nextCursor;
    for (let pages = 0; cursor && pages < 10; pages++) {
      const page = await restarted.orders.list({ since, until, cursor });
      rest.push(...page.orders);
      cursor = page.nextCursor;
    }
    expect(ids(rest)).toEqual(['5003', '5004', '5005']);
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('returns an order repeated on the next page as Shopify returns it: the adapter does not deduplicate', async () => {
    const { simulator, adapter } = setup({}, { orders: { pageSize: 2 } });
    for (const id of [5001, 5002, 5003, 5004]) simulator.intake.putOrder(order(id), { updatedAt: at(id - 5000) });
    simulator.intake.repeatOnNextPages(1);
    const { entries } = await listAll(adapter);
    expect(ids(entries)).toEqual(['5001', '5002', '5002', '5003', '5004']);
  });

  it('lists an order changed later again, with its new state (cancelled)', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.intake.putOrder(order(5001), { updatedAt: at(30), status: 'cancelled' });
    const { entries } = await listAll(adapter);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'order', status: 'cancelled', updatedAt: at(30) });
  });

  it('lists an order changed with a new line with that line to ship in full', async () => {
    const { simulator, adapter } = setup();
    const original = order(5001);
    simulator.intake.putOrder(original, { updatedAt: at(1) });
    const edited = {
      ...original,
      lines: [...original.lines, { lineId: '9010', sku: 'NEW-1', quantity: 2, unitPrice: 500 }],
    };
    simulator.intake.putOrder(edited, { updatedAt: at(2) });
    const [entry] = (await adapter.orders.list({ since, until })).orders;
    if (entry?.kind !== 'order') throw new Error('expected an order');
    expect(entry.order.lines.find((line) => line.lineId === '9010')?.quantity).toBe(2);
  });

  it('reads the line items beyond the first page of an order by cursor, never truncating (calls counted)', async () => {
    const { simulator, adapter, sent } = setup({}, { orders: { lineItemsPerOrder: 2 } });
    const lines = Array.from({ length: 7 }, (_, index) => ({
      lineId: String(9100 + index),
      sku: `SKU-${index}`,
      quantity: 1,
      unitPrice: 1_000 + index,
    }));
    simulator.intake.putOrder(order(5001, { lines }), { updatedAt: at(1) });
    simulator.intake.putOrder(order(5002), { updatedAt: at(2) });
    const page = await adapter.orders.list({ since, until });
    const [big] = page.orders;
    if (big?.kind !== 'order') throw new Error('expected the big order to map');
    expect(big.order.lines.map((line) => line.lineId)).toEqual(lines.map((line) => line.lineId));
    // The page, then one read of the other five line items (up to 250 per read) of 5001 only (5002 has 3 lines: 2 + 1).
    expect(sent.map((request) => request.variables.id ?? 'page')).toEqual([
      'page',
      'gid://shopify/Order/5001',
      'gid://shopify/Order/5002',
    ]);
    expect(sent[1]?.variables).toMatchObject({ first: 250 });
    expect(simulator.intake.listCallCount()).toBe(3);
  });

  it('reads line items over several reads of 250 for an order with hundreds of lines', async () => {
    const { simulator, adapter, sent } = setup({}, { orders: { lineItemsPerOrder: 2 } });
    const lines = Array.from({ length: 300 }, (_, index) => ({
      lineId: String(20_000 + index),
      sku: `SKU-${index}`,
      quantity: 1,
      unitPrice: 100,
    }));
    simulator.intake.putOrder(order(5001, { lines }), { updatedAt: at(1) });
    const [entry] = (await adapter.orders.list({ since, until })).orders;
    if (entry?.kind !== 'order') throw new Error('expected the order to map');
    expect(entry.order.lines).toHaveLength(300);
    expect(new Set(entry.order.lines.map((line) => line.lineId)).size).toBe(300);
    expect(sent).toHaveLength(3);
    expect(sent[2]?.variables.after).not.toBe(sent[1]?.variables.after);
  });

  it('retries a listing answered with a 5xx or a dropped connection (a read), then lists', async () => {
    const { simulator, adapter, sent } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.injectFault({ kind: 'server-error', operations: ['list-orders'] });
    simulator.injectFault({ kind: 'drop-connection', operations: ['list-orders'] });
    expect(ids((await adapter.orders.list({ since, until })).orders)).toEqual(['5001']);
    expect(sent).toHaveLength(3);
  });

  it('holds an order whose name and address Shopify withholds, naming the field; the others map', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.intake.putUnmappableOrder(order(5002), { updatedAt: at(2) });
    const page = await adapter.orders.list({ since, until });
    expect(page.orders[0]?.kind).toBe('order');
    expect(page.orders[1]).toMatchObject({
      kind: 'unmappable',
      marketplaceOrderId: '5002',
      status: 'ready',
      field: 'shippingAddress.name',
    });
  });

  it('the simulator refuses a cancel-requested order: Shopify orders have no buyer cancel request', () => {
    const { simulator } = setup();
    expect(() => simulator.intake.putOrder(order(5001), { status: 'cancel-requested' })).toThrow(
      /no buyer cancel request/,
    );
  });

  it('maps statuses the simulator writes in Shopify terms (pending payment, fulfilled)', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1), status: 'not-ready' });
    simulator.intake.putOrder(order(5002), { updatedAt: at(2), status: 'shipped' });
    const page = await adapter.orders.list({ since, until });
    expect(page.orders.map((entry) => entry.status)).toEqual(['not-ready', 'shipped']);
  });

  it('an imported order can be shipped: its listed line ids are the ones pushTracking finds', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    const [entry] = (await adapter.orders.list({ since, until })).orders;
    if (entry?.kind !== 'order') throw new Error('expected an order');
    const result = await adapter.pushTracking({
      order: entry.order,
      shipment: {
        id: 'PO-1:1Z999AA10123456784',
        carrier: 'ups',
        trackingNumber: '1Z999AA10123456784',
        shippedAt: '2026-11-19T10:00:00.000Z',
        lines: entry.order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity })),
      },
    });
    expect(result.status).toBe('pushed');
    expect(simulator.fulfillments('5001')).toHaveLength(1);
    // The fulfillment moved the order's updatedAt to now: the next scan lists it again, shipped.
    expect((await adapter.orders.list({ since, until })).orders).toEqual([]);
    const later = {
      since: new Date(Date.now() - 60_000).toISOString(),
      until: new Date(Date.now() + 60_000).toISOString(),
    };
    const again = await adapter.orders.list(later);
    expect(again.orders.map((listed) => listed.status)).toEqual(['shipped']);
  });

  it('waits out a 429 and a THROTTLED answer, then lists (the same page, sent again)', async () => {
    const { simulator, adapter, sent } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.injectFault({ kind: 'rate-limit', operations: ['list-orders'], retryAfterSeconds: 0 });
    simulator.throttle({ operations: ['list-orders'], currentlyAvailable: 999_999 });
    const page = await adapter.orders.list({ since, until });
    expect(ids(page.orders)).toEqual(['5001']);
    // Every request counts: the 429, the THROTTLED answer and the page.
    expect(sent).toHaveLength(3);
    expect(simulator.intake.listCallCount()).toBe(3);
    expect(simulator.requestTimes('list-orders')).toHaveLength(3);
  });

  it('waits for the cost bucket before a page instead of spending a call on THROTTLED: one request per page', async () => {
    // A 1,000-point bucket restored at 2,000 points a second: after a 953-point page refunded to
    // its actual cost, the next page waits about 0.2 s for its points.
    const { simulator, adapter } = setup({ maximumAvailable: 1_000, restoreRate: 2_000 });
    for (let index = 0; index < 60; index++) simulator.intake.putOrder(order(5001 + index), { updatedAt: at(index) });
    const started = Date.now();
    const { entries, pages } = await listAll(adapter);
    expect(entries).toHaveLength(60);
    expect(pages).toBe(3);
    expect(simulator.requestTimes('list-orders')).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('a throttle that lasts longer than the retries is a RateLimitError with the wait', async () => {
    const { simulator, adapter } = setup({ restoreRate: 10 }, { retry: { retries: 0 } });
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.throttle({ operations: ['list-orders'], currentlyAvailable: 0 });
    const error = await adapter.orders.list({ since, until }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'rate-limited', isRetryable: true });
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
  });

  it('a page of the wrong shape is a ResponseParseError, never an empty page', async () => {
    const { simulator, adapter } = setup({}, { retry: { retries: 0 } });
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    simulator.injectFault({
      kind: 'malformed-body',
      operations: ['list-orders'],
      body: JSON.stringify({ data: { orders: { edges: [] } } }),
    });
    await expect(adapter.orders.list({ since, until })).rejects.toThrow(ResponseParseError);
    simulator.injectFault({ kind: 'malformed-body', operations: ['list-orders'] });
    await expect(adapter.orders.list({ since, until })).rejects.toThrow(ResponseParseError);
    simulator.injectFault({
      kind: 'malformed-body',
      operations: ['list-orders'],
      body: JSON.stringify({ data: { orders: { pageInfo: { hasNextPage: true, endCursor: null }, nodes: [] } } }),
    });
    await expect(adapter.orders.list({ since, until })).rejects.toThrow(/endCursor/);
  });

  it('holds an order of the wrong shape that shows its id; a page with an order without id is refused', async () => {
    const { simulator, adapter } = setup({}, { retry: { retries: 0 } });
    const page = (nodes: unknown[]) =>
      JSON.stringify({ data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } });
    simulator.injectFault({
      kind: 'malformed-body',
      operations: ['list-orders'],
      body: page([{ id: 'gid://shopify/Order/5001', legacyResourceId: '5001', updatedAt: at(1) }]),
    });
    const listed = await adapter.orders.list({ since, until });
    expect(listed.orders).toEqual([
      expect.objectContaining({ kind: 'unmappable', marketplaceOrderId: '5001', status: 'ready', updatedAt: at(1) }),
    ]);
    simulator.injectFault({ kind: 'malformed-body', operations: ['list-orders'], body: page([{ name: '#1001' }]) });
    await expect(adapter.orders.list({ since, until })).rejects.toThrow(ResponseParseError);
  });

  it('maps a refused token to AuthenticationError without the token in it', async () => {
    const { adapter } = setup({ accessToken: 'shpat_OTHER_TOKEN_0123456789' });
    const error = await adapter.orders.list({ since, until }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(accessToken);
  });

  it('refuses a bad request before any call: window, cursor, limit above the page size, unknown keys', async () => {
    const { adapter, sent } = setup({}, { orders: { pageSize: 5 } });
    const bad: unknown[] = [
      { since: 'yesterday', until },
      { since: until, until: since },
      { since, until, limit: 6 },
      { since, until, limit: 0 },
      { since, until, cursor: '' },
      { since, until, page: 2 },
    ];
    for (const request of bad) {
      await expect(adapter.orders.list(request as never), JSON.stringify(request)).rejects.toThrow(ValidationError);
    }
    expect(sent).toHaveLength(0);
  });

  it('a cursor Shopify does not know is a GraphQL error (InvalidRequestError), not an empty page', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1) });
    const error = await adapter.orders
      .list({ since, until, cursor: 'bm90IGEgY3Vyc29y' })
      .catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
    expect(String(error)).toMatch(/Invalid cursor/);
  });

  it('the simulator refuses what Shopify refuses: first above 250, a page over the query cost limit', async () => {
    const { simulator, adapter } = setup();
    const post = (variables: Record<string, unknown>) =>
      fetch(`${simulator.baseURL}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Shopify-Access-Token': accessToken },
        body: JSON.stringify({ query: 'query { orders(first: $first) { nodes { id } } }', variables }),
      }).then((response) => response.json() as Promise<{ errors?: { extensions: { code: string } }[] }>);
    expect((await post({ first: 251, lineItems: 1, query: '' })).errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
    expect((await post({ first: 250, lineItems: 10, query: '' })).errors?.[0]?.extensions.code).toBe(
      'MAX_COST_EXCEEDED',
    );
    expect(adapter.orders.pageSize).toBe(25);
  });
});

describe('createShopify orders options', () => {
  it('refuses unknown keys and values out of range, and a page over the query cost limit', () => {
    const base = { accessToken, baseURL: 'https://shopify.simulator.test' };
    expectRefusedOption(
      () => createShopify({ ...base, orders: { pageSize: 10, pageSzie: 5 } as never }),
      'orders.pageSzie',
    );
    expectRefusedOption(() => createShopify({ ...base, orders: { pageSize: 0 } }), 'orders.pageSize');
    expectRefusedOption(
      () => createShopify({ ...base, orders: { pageSize: 251, lineItemsPerOrder: 1 } }),
      'orders.pageSize',
    );
    expectRefusedOption(
      () => createShopify({ ...base, orders: { lineItemsPerOrder: 1.5 } }),
      'orders.lineItemsPerOrder',
    );
    expectRefusedOption(
      () => createShopify({ ...base, orders: { pageSize: 90, lineItemsPerOrder: 10 } }),
      'orders.pageSize',
    );
    expectRefusedOption(
      () => createShopify({ ...base, orders: { readyFinancialStatuses: ['paid'] } }),
      'orders.readyFinancialStatuses.0',
    );
    expect(createShopify({ ...base, orders: { pageSize: 90, lineItemsPerOrder: 1 } }).orders.pageSize).toBe(90);
  });

  it('the ready financial statuses come from the option (here PENDING, as the simulator writes a not-ready order)', async () => {
    const { simulator, adapter } = setup();
    simulator.intake.putOrder(order(5001), { updatedAt: at(1), status: 'not-ready' });
    expect((await adapter.orders.list({ since, until })).orders[0]?.status).toBe('not-ready');
    const permissive = createShopify({
      accessToken,
      baseURL: simulator.baseURL,
      orders: { readyFinancialStatuses: ['PENDING'] },
    });
    expect((await permissive.orders.list({ since, until })).orders[0]?.status).toBe('ready');
  });
});
