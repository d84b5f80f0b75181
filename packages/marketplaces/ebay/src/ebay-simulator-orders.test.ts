import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbaySimulator } from './ebay-simulator.js';
import type { SimulatedEbayOrder } from './ebay-simulator-orders.js';

// The listing must refuse and page as eBay's getOrders does
// (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders), so that
// adapter tests against it mean something.
const now = Date.parse('2026-11-10T00:00:00.000Z');
const simulator = createEbaySimulator({ now: () => now });
const server = createTestServer(...simulator.handlers);
const ordersURL = `${simulator.baseURL}/sell/fulfillment/v1/order`;

interface Page {
  href: string;
  total: number;
  limit: number;
  offset: number;
  next?: string;
  prev?: string;
  orders: SimulatedEbayOrder[];
}

/** GET /order with `query` appended as is (the caller encodes). */
async function get(query: string, token = simulator.accessToken): Promise<Response> {
  return fetch(`${ordersURL}${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
}

/** GET /order with `filter` encoded as a client should. */
async function list(filter: string | undefined, extra = ''): Promise<Response> {
  const query = [filter === undefined ? '' : `filter=${encodeURIComponent(filter)}`, extra].filter(Boolean).join('&');
  return get(query);
}

async function refusal(response: Response): Promise<[number, number | undefined]> {
  const body = (await response.json()) as { errors?: { errorId: number }[] };
  return [response.status, body.errors?.[0]?.errorId];
}

function put(index: number, options: { created?: string; updated: string; status?: 'ready' | 'shipped' }) {
  const order = ebayOrderFixture({
    marketplaceOrderId: `12-34567-${String(89_012 + index)}`,
    orderedAt: options.created ?? options.updated,
  });
  simulator.intake.putOrder(order, {
    updatedAt: options.updated,
    ...(options.status ? { status: options.status } : {}),
  });
  return order.marketplaceOrderId;
}

const modified = (from: string, to?: string) => `lastmodifieddate:[${from}..${to ?? ''}]`;

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => simulator.reset({ all: true }));

describe('eBay simulator getOrders: refusals', () => {
  it.each([
    ['limit above 200', 'limit=201', 31_100],
    ['limit 0', 'limit=0', 31_100],
    ['a limit that is not a number', 'limit=ten', 31_100],
    ['a negative offset', 'offset=-1', 31_000],
  ])('refuses %s with HTTP 400 and eBay error id', async (_, extra, errorId) => {
    expect(await refusal(await list(modified('2026-11-01T00:00:00.000Z'), extra))).toEqual([400, errorId]);
  });

  it.each([
    ['an unknown filter name', 'updatedsince:[2026-11-01T00:00:00.000Z..]', 30_700],
    ['a lone NOT_STARTED fulfillment status', 'orderfulfillmentstatus:{NOT_STARTED}', 30_800],
    ['a date range without brackets', 'lastmodifieddate:2026-11-01T00:00:00.000Z', 30_800],
    ['a window without a start', 'lastmodifieddate:[..2026-11-02T00:00:00.000Z]', 30_820],
    ['a date not in ISO 8601 UTC', 'lastmodifieddate:[2026-11-01..]', 30_810],
    ['a start after the end', modified('2026-11-02T00:00:00.000Z', '2026-11-01T00:00:00.000Z'), 30_840],
    ['an end in the future', modified('2026-11-01T00:00:00.000Z', '2026-11-11T00:00:00.000Z'), 30_850],
  ])('refuses %s', async (_, filter, errorId) => {
    expect(await refusal(await list(filter))).toEqual([400, errorId]);
  });

  it('refuses a filter whose [ ] are not percent-encoded (30800), and one encoded twice (its name no longer reads: 30700)', async () => {
    expect(await refusal(await get('filter=lastmodifieddate:[2026-11-01T00:00:00.000Z..]'))).toEqual([400, 30_800]);
    expect(
      await refusal(
        await get(`filter=${encodeURIComponent(encodeURIComponent(modified('2026-11-01T00:00:00.000Z')))}`),
      ),
    ).toEqual([400, 30_700]);
  });

  it('refuses a token it does not know with 401 and counts the call', async () => {
    expect((await get('', 'not-the-token')).status).toBe(401);
    expect(simulator.intake.listCallCount()).toBe(1);
  });

  it('applies injected faults to list-orders', async () => {
    simulator.injectFault({ kind: 'server-error', times: 1, operations: ['list-orders'] });
    expect((await list(modified('2026-11-01T00:00:00.000Z'))).status).toBeGreaterThanOrEqual(500);
    expect((await list(modified('2026-11-01T00:00:00.000Z'))).status).toBe(200);
    expect(simulator.intake.listCallCount()).toBe(2);
  });
});

describe('eBay simulator getOrders: what it lists', () => {
  it('lists the orders changed in the window, bounds inclusive, oldest change first, in eBay shape', async () => {
    const before = put(0, { updated: '2026-10-31T23:59:59.999Z' });
    const atStart = put(1, { updated: '2026-11-01T00:00:00.000Z' });
    const later = put(2, { updated: '2026-11-01T06:00:00.000Z' });
    const atEnd = put(3, { updated: '2026-11-01T03:00:00.000Z' });
    const response = await list(modified('2026-11-01T00:00:00.000Z', '2026-11-01T06:00:00.000Z'));
    const page = (await response.json()) as Page;
    expect(page.orders.map((order) => order.orderId)).toEqual([atStart, atEnd, later]);
    expect(page.orders.map((order) => order.orderId)).not.toContain(before);
    expect(page).toMatchObject({ total: 3, offset: 0, limit: 50 });
    expect(page.next).toBeUndefined();
    expect(page.orders[0]).toMatchObject({
      orderPaymentStatus: 'PAID',
      orderFulfillmentStatus: 'NOT_STARTED',
      cancelStatus: { cancelState: 'NONE_REQUESTED', cancelRequests: [] },
      lineItems: [
        {
          lineItemId: '10001234567890',
          sku: 'BRAKE-PAD-FA181',
          quantity: 2,
          lineItemCost: { value: '51.98', currency: 'USD' },
        },
        {
          lineItemId: '10001234567891',
          sku: 'CHAIN-520',
          quantity: 1,
          lineItemCost: { value: '89.99', currency: 'USD' },
        },
      ],
    });
  });

  it('pages by offset with next and prev URIs carrying the same filter and limit', async () => {
    const ids = [0, 1, 2, 3, 4].map((index) => put(index, { updated: `2026-11-01T0${index}:00:00.000Z` }));
    const filter = modified('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z');
    const page = (await (await list(filter, 'limit=2&offset=2')).json()) as Page;
    expect(page.orders.map((order) => order.orderId)).toEqual(ids.slice(2, 4));
    expect(page.total).toBe(5);
    const next = new URL(page.next ?? '');
    expect([next.searchParams.get('filter'), next.searchParams.get('limit'), next.searchParams.get('offset')]).toEqual([
      filter,
      '2',
      '4',
    ]);
    expect(new URL(page.prev ?? '').searchParams.get('offset')).toBe('0');
    const last = (await (
      await fetch(page.next ?? '', { headers: { authorization: `Bearer ${simulator.accessToken}` } })
    ).json()) as Page;
    expect(last.orders.map((order) => order.orderId)).toEqual(ids.slice(4));
    expect(last.next).toBeUndefined();
  });

  it('uses only creationdate when both date filters are sent, and the last 90 days of creation without a filter', async () => {
    const old = put(0, { created: '2026-07-01T00:00:00.000Z', updated: '2026-11-01T01:00:00.000Z' });
    const recent = put(1, { created: '2026-11-01T00:30:00.000Z', updated: '2026-11-01T02:00:00.000Z' });
    const both = `creationdate:[2026-06-30T00:00:00.000Z..2026-07-02T00:00:00.000Z],${modified('2026-11-01T00:00:00.000Z')}`;
    expect(((await (await list(both)).json()) as Page).orders.map((order) => order.orderId)).toEqual([old]);
    expect(((await (await list(undefined)).json()) as Page).orders.map((order) => order.orderId)).toEqual([recent]);
  });

  it('filters by the two fulfillment-status combinations', async () => {
    const open = put(0, { updated: '2026-11-01T01:00:00.000Z' });
    const shipped = put(1, { updated: '2026-11-01T02:00:00.000Z', status: 'shipped' });
    const ids = async (combination: string) =>
      (
        (await (
          await list(`${modified('2026-11-01T00:00:00.000Z')},orderfulfillmentstatus:{${combination}}`)
        ).json()) as Page
      ).orders.map((order) => order.orderId);
    expect(await ids('NOT_STARTED|IN_PROGRESS')).toEqual([open]);
    expect(await ids('FULFILLED|IN_PROGRESS')).toEqual([shipped]);
  });

  it('writes each SDK status in eBay terms', async () => {
    const statuses = ['ready', 'not-ready', 'cancel-requested', 'cancelled', 'shipped'] as const;
    for (const [index, status] of statuses.entries()) {
      simulator.intake.putOrder(ebayOrderFixture({ marketplaceOrderId: `12-34567-0000${index}` }), {
        updatedAt: '2026-11-01T01:00:00.000Z',
        status,
      });
    }
    const terms = statuses.map((_, index) => {
      const order = simulator.ebayOrder(`12-34567-0000${index}`);
      return [order?.orderPaymentStatus, order?.orderFulfillmentStatus, order?.cancelStatus.cancelState];
    });
    expect(terms).toEqual([
      ['PAID', 'NOT_STARTED', 'NONE_REQUESTED'],
      ['PENDING', 'NOT_STARTED', 'NONE_REQUESTED'],
      ['PAID', 'NOT_STARTED', 'IN_PROGRESS'],
      ['PAID', 'NOT_STARTED', 'CANCELED'],
      ['PAID', 'FULFILLED', 'NONE_REQUESTED'],
    ]);
  });

  it('leaves out the ship-to name of an unmappable order, and replaces an order put again (fulfillments kept)', async () => {
    const order = ebayOrderFixture();
    simulator.intake.putUnmappableOrder(order, { updatedAt: '2026-11-01T01:00:00.000Z' });
    expect(
      simulator.ebayOrder(order.marketplaceOrderId)?.fulfillmentStartInstructions[0]?.shippingStep.shipTo.fullName,
    ).toBeUndefined();
    simulator.addFulfillment(order.marketplaceOrderId, {
      shipmentTrackingNumber: '1Z5R89390357567127',
      shippingCarrierCode: 'UPS',
      lineItems: [{ lineItemId: '10001234567891', quantity: 1 }],
    });
    simulator.intake.putOrder(order, { updatedAt: '2026-11-01T02:00:00.000Z' });
    const listed = simulator.ebayOrder(order.marketplaceOrderId);
    expect(listed?.fulfillmentStartInstructions[0]?.shippingStep.shipTo.fullName).toBe('Pat Rider');
    expect(listed?.lastModifiedDate).toBe('2026-11-01T02:00:00.000Z');
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
  });

  it('lists a shipped order as shipped, changed now, and as it was put again after reset()', async () => {
    const order = ebayOrderFixture();
    simulator.intake.putOrder(order, { updatedAt: '2026-11-01T01:00:00.000Z' });
    simulator.addFulfillment(order.marketplaceOrderId, {
      shipmentTrackingNumber: '1Z5R89390357567127',
      shippingCarrierCode: 'UPS',
      lineItems: [{ lineItemId: '10001234567891', quantity: 1 }],
    });
    expect(simulator.ebayOrder(order.marketplaceOrderId)).toMatchObject({
      orderFulfillmentStatus: 'IN_PROGRESS',
      lastModifiedDate: new Date(now).toISOString(),
      lineItems: [{ lineItemFulfillmentStatus: 'NOT_STARTED' }, { lineItemFulfillmentStatus: 'FULFILLED' }],
    });
    simulator.reset();
    expect(simulator.fulfillments(order.marketplaceOrderId)).toEqual([]);
    expect(simulator.ebayOrder(order.marketplaceOrderId)).toMatchObject({
      orderFulfillmentStatus: 'NOT_STARTED',
      lastModifiedDate: '2026-11-01T01:00:00.000Z',
    });
  });

  it('repeats the last order of a page at the start of the next while repeats are pending, then pages on', async () => {
    const ids = [0, 1, 2, 3, 4].map((index) => put(index, { updated: `2026-11-01T0${index}:00:00.000Z` }));
    simulator.intake.repeatOnNextPages(1);
    const filter = modified('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z');
    const seen: string[] = [];
    let query = 'limit=2&offset=0';
    for (let call = 0; call < 5; call++) {
      const page = (await (await list(filter, query)).json()) as Page;
      seen.push(...page.orders.map((order) => order.orderId));
      if (!page.next) break;
      query = `limit=2&offset=${new URL(page.next).searchParams.get('offset')}`;
    }
    expect(seen).toEqual([ids[0], ids[1], ids[1], ids[2], ids[3], ids[4]]);
    expect(simulator.intake.listCallCount()).toBe(3);
    expect(simulator.intake.acknowledged()).toEqual([]);
  });
});
