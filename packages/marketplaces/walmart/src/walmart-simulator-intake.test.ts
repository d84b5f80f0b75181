import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { walmartListedOrderSchema, walmartReleasedOrdersPageSchema } from './walmart-order-schemas.js';
import { createWalmartSimulator, type WalmartSimulatorOptions } from './walmart-simulator.js';

// Raw requests against the simulator's order intake: it must answer and refuse as the Orders API
// spec describes (api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const now = Date.parse('2026-11-20T12:00:00.000Z');
const minute = 60_000;
const at = (index: number) => new Date(Date.parse('2026-11-19T11:00:00.000Z') + index * minute).toISOString();
const window = '?createdStartDate=2026-11-19T10:00:00Z&createdEndDate=2026-11-20T10:00:00Z';

function setup(options: WalmartSimulatorOptions = {}) {
  const simulator = createWalmartSimulator({ now: () => now, ...options });
  server.resetHandlers(...simulator.handlers);
  const basic = `Basic ${Buffer.from(`${simulator.credentials.clientId}:${simulator.credentials.clientSecret}`).toString('base64')}`;
  const headers = (extra: Record<string, string> = {}) => ({
    'WM_SVC.NAME': 'Walmart Marketplace',
    'WM_QOS.CORRELATION_ID': crypto.randomUUID(),
    Accept: 'application/json',
    ...extra,
  });
  const token = async (): Promise<string> => {
    const response = await fetch(`${simulator.baseURL}/v3/token`, {
      method: 'POST',
      headers: headers({ Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: 'grant_type=client_credentials',
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const get = async (pathAndQuery: string) =>
    fetch(`${simulator.baseURL}${pathAndQuery}`, { headers: headers({ 'WM_SEC.ACCESS_TOKEN': await token() }) });
  const acknowledge = async (purchaseOrderId: string) =>
    fetch(`${simulator.baseURL}/v3/orders/${purchaseOrderId}/acknowledge`, {
      method: 'POST',
      headers: headers({ 'WM_SEC.ACCESS_TOKEN': await token() }),
    });
  const put = (count: number, first = 0) =>
    Array.from({ length: count }, (_, offset) => {
      const index = first + offset;
      const order = { ...walmartSampleOrder(String(1796277083022 + index)), orderedAt: at(index) };
      simulator.intake.putOrder(order, { updatedAt: at(index) });
      return order.marketplaceOrderId;
    });
  return { simulator, get, acknowledge, put };
}

async function page(response: Response) {
  expect(response.status).toBe(200);
  return walmartReleasedOrdersPageSchema.parse(await response.json()).list;
}

function ids(list: { elements: { order?: unknown[] } }): string[] {
  return (list.elements.order ?? []).map((order) => (order as { purchaseOrderId: string }).purchaseOrderId);
}

describe('walmart simulator: order listing', () => {
  it('serves orders in the spec shape: epoch-ms times, string quantities, USA, charges as numbers', async () => {
    const { get, put } = setup();
    put(1);
    const list = await page(await get(`/v3/orders${window}`));
    const [order] = list.elements.order ?? [];
    const parsed = walmartListedOrderSchema.parse(order);
    expect(parsed.orderDate).toBe(Date.parse(at(0)));
    expect(parsed.shippingInfo.postalAddress.country).toBe('USA');
    expect(parsed.orderLines.orderLine[0]?.orderLineQuantity.amount).toBe('3');
    expect(parsed.orderLines.orderLine[0]?.charges.charge[0]?.chargeAmount).toEqual({ currency: 'USD', amount: 45.99 });
    expect(list.meta).toEqual({ totalCount: 1, limit: 100 });
  });

  it('refuses what the spec refuses: limit above 200 or not a number, a date in another format, a start older than 180 days, an unknown shipNodeType', async () => {
    const { get } = setup();
    for (const query of [
      `${window}&limit=201`,
      `${window}&limit=ten`,
      '?createdStartDate=19/11/2026',
      '?createdStartDate=2026-01-01',
      `${window}&shipNodeType=Drone`,
      `${window}&status=Lost`,
    ]) {
      const response = await get(`/v3/orders${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { errors: { code: string }[] };
      expect(body.errors[0]?.code, query).toBe('INVALID_REQUEST_PARAM');
    }
    expect((await get(`/v3/orders${window}&limit=200`)).status).toBe(200);
  });

  it('filters on creation time, shipNodeType and (GET /v3/orders) line status; released lists only orders with a Created line', async () => {
    const { simulator, get, put, acknowledge } = setup();
    const [first, second, third] = put(3);
    simulator.intake.putOrder(
      { ...walmartSampleOrder('1796277083099'), orderedAt: at(0) },
      { updatedAt: '2026-11-18T11:00:00.000Z' },
    );
    expect((await acknowledge(first as string)).status).toBe(200);
    expect(ids(await page(await get(`/v3/orders${window}`)))).toEqual([first, second, third]);
    expect(ids(await page(await get(`/v3/orders/released${window}`)))).toEqual([second, third]);
    expect(ids(await page(await get(`/v3/orders${window}&status=Acknowledged`)))).toEqual([first]);
    expect(ids(await page(await get(`/v3/orders${window}&shipNodeType=WFSFulfilled`)))).toEqual([]);
  });

  it('pages by offset over the live list: an order acknowledged between two pages of released shifts the next page (modelled), GET /v3/orders does not', async () => {
    const { get, put, acknowledge } = setup();
    const orders = put(4);
    const released = await page(await get(`/v3/orders/released${window}&limit=2`));
    expect(ids(released)).toEqual(orders.slice(0, 2));
    const all = await page(await get(`/v3/orders${window}&limit=2`));
    for (const id of ids(released)) expect((await acknowledge(id)).status).toBe(200);
    // Offset 2 of what is left in released: the two orders left were at 0 and 1, so nothing is served.
    expect(ids(await page(await get(`/v3/orders/released${released.meta.nextCursor}`)))).toEqual([]);
    expect(ids(await page(await get(`/v3/orders${all.meta.nextCursor}`)))).toEqual(orders.slice(2));
  });

  it('takes a nextCursor only as issued, byte for byte and alone', async () => {
    const { get, put } = setup();
    put(3);
    const first = await page(await get(`/v3/orders${window}&limit=2`));
    const cursor = first.meta.nextCursor as string;
    expect(cursor).toMatch(
      /^\?limit=2&hasMoreElements=true&soIndex=3&poIndex=2&.*createdEndDate=2026-11-20T10:00:00.000Z/,
    );
    for (const tampered of [
      cursor.replaceAll(':', '%3A'),
      `${cursor}&limit=2`,
      cursor.replace('poIndex=2', 'poIndex=0'),
    ]) {
      expect((await get(`/v3/orders${tampered}`)).status, tampered).toBe(400);
    }
    expect((await get(`/v3/orders/released${cursor}`)).status, 'a cursor of the other listing').toBe(400);
    expect(ids(await page(await get(`/v3/orders${cursor}`)))).toHaveLength(1);
  });

  it('answers an empty listing with an empty list, or with the historic 404 "No Orders found" when configured', async () => {
    expect(await page(await setup().get(`/v3/orders${window}`))).toEqual({
      meta: { totalCount: 0, limit: 100 },
      elements: { order: [] },
    });
    const response = await setup({ emptyListing: 'not-found' }).get(`/v3/orders${window}`);
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).toContain('No Orders found');
  });

  it('counts listing calls (faulted ones too) and applies faults to list-orders', async () => {
    const { simulator, get } = setup();
    simulator.injectFault({ kind: 'server-error', times: 1, operations: ['list-orders'] });
    expect((await get(`/v3/orders${window}`)).status).toBeGreaterThanOrEqual(500);
    expect((await get(`/v3/orders/released${window}`)).status).toBe(200);
    expect(simulator.intake.listCallCount()).toBe(2);
    expect(simulator.requestTimes('list-orders')).toHaveLength(2);
  });

  it('keeps an order put again at its creation time (a change is not a new order) and rebuilds listed orders on reset', async () => {
    const { simulator, get, put, acknowledge } = setup();
    const [id] = put(1);
    simulator.intake.putOrder(
      { ...walmartSampleOrder(id as string), orderedAt: at(0) },
      { updatedAt: '2026-11-20T11:00:00.000Z', status: 'cancelled' },
    );
    const list = await page(await get(`/v3/orders${window}`));
    expect(ids(list)).toEqual([id]);
    const order = walmartListedOrderSchema.parse(list.elements.order?.[0]);
    expect(order.orderLines.orderLine[0]?.statusDate).toBe(Date.parse('2026-11-20T11:00:00.000Z'));
    expect(order.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus[0]?.status).toBe('Cancelled');

    simulator.intake.putOrder({ ...walmartSampleOrder(id as string), orderedAt: at(0) }, { updatedAt: at(0) });
    expect((await acknowledge(id as string)).status).toBe(200);
    simulator.reset();
    expect(simulator.intake.acknowledged()).toEqual([]);
    expect(ids(await page(await get(`/v3/orders/released${window}`)))).toEqual([id]);
  });
});

describe('walmart simulator: acknowledge', () => {
  it('moves Created lines to Acknowledged and answers the order; again allowed; shipped or cancelled refused; unknown 404', async () => {
    const { simulator, acknowledge, put } = setup();
    const [id] = put(1);
    const first = await acknowledge(id as string);
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      order: { orderLines: { orderLine: { orderLineStatuses: { orderLineStatus: { status: string }[] } }[] } };
    };
    expect(
      body.order.orderLines.orderLine.flatMap((line) =>
        line.orderLineStatuses.orderLineStatus.map((entry) => entry.status),
      ),
    ).toEqual(['Acknowledged', 'Acknowledged']);
    expect((await acknowledge(id as string)).status).toBe(200);
    simulator.intake.putOrder({ ...walmartSampleOrder('1796277083050'), orderedAt: at(1) }, { status: 'shipped' });
    simulator.intake.putOrder({ ...walmartSampleOrder('1796277083051'), orderedAt: at(1) }, { status: 'cancelled' });
    expect((await acknowledge('1796277083050')).status).toBe(400);
    expect((await acknowledge('1796277083051')).status).toBe(400);
    expect((await acknowledge('1796277083052')).status).toBe(404);
    expect(simulator.intake.acknowledged()).toEqual([id, id]);
  });
});
