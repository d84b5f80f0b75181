import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { createEbaySimulator } from './ebay-simulator.js';

// The simulator must refuse what eBay refuses (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment), so that
// adapter tests against it mean something.
const simulator = createEbaySimulator();
const server = createTestServer(...simulator.handlers);
const order = ebayOrderFixture();
const [brakePads, chain] = order.lines as [(typeof order.lines)[0], (typeof order.lines)[0]];
const url = `${simulator.baseURL}/sell/fulfillment/v1/order/${order.marketplaceOrderId}/shipping_fulfillment`;

function post(body: unknown, token = simulator.accessToken): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const valid = {
  lineItems: [{ lineItemId: brakePads.lineId, quantity: 2 }],
  shippedDate: '2026-11-02T15:30:00.000Z',
  shippingCarrierCode: 'UPS',
  trackingNumber: '1Z5R89390357567127',
};

async function errorIdOf(response: Response): Promise<[number, number | undefined]> {
  const body = (await response.json()) as { errors?: { errorId: number }[] };
  return [response.status, body.errors?.[0]?.errorId];
}

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  simulator.reset({ all: true });
  simulator.addOrder(order);
});

describe('eBay simulator', () => {
  it('creates a fulfillment: 201, Location ending in the tracking number, listed by GET', async () => {
    const response = await post(valid);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`${url}/1Z5R89390357567127`);
    const list = (await (
      await fetch(url, { headers: { authorization: `Bearer ${simulator.accessToken}` } })
    ).json()) as { total: number };
    expect(list.total).toBe(1);
  });

  it.each([
    ['tracking number with spaces', { ...valid, trackingNumber: '1Z5R 8939 0357 5671 27' }, 32300],
    ['tracking number with hyphens', { ...valid, trackingNumber: '1Z5R-8939-0357' }, 32300],
    ['unknown carrier code', { ...valid, shippingCarrierCode: 'Pigeon' }, 32300],
    ['carrier code in the wrong case', { ...valid, shippingCarrierCode: 'FEDEX' }, 32300],
    ['tracking number without carrier', { ...valid, shippingCarrierCode: undefined }, 32300],
    ['unknown line item', { ...valid, lineItems: [{ lineItemId: '42', quantity: 1 }] }, 32200],
    [
      'line item twice',
      {
        ...valid,
        lineItems: [
          { lineItemId: chain.lineId, quantity: 1 },
          { lineItemId: chain.lineId, quantity: 1 },
        ],
      },
      32210,
    ],
    ['over-shipped quantity', { ...valid, lineItems: [{ lineItemId: brakePads.lineId, quantity: 3 }] }, 32600],
    ['ship date not in YYYY-MM-DDTHH:MM:SS.SSSZ', { ...valid, shippedDate: '2026-11-02' }, 32500],
  ])('rejects a %s', async (_name, body, errorId) => {
    expect(await errorIdOf(await post(body))).toEqual([400, errorId]);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(0);
  });

  it('rejects a second fulfillment with the same tracking number (34500) and over-shipping across packages', async () => {
    await post({ ...valid, lineItems: [{ lineItemId: brakePads.lineId, quantity: 1 }] });
    expect(await errorIdOf(await post({ ...valid, lineItems: [{ lineItemId: chain.lineId, quantity: 1 }] }))).toEqual([
      400, 34500,
    ]);
    expect(
      await errorIdOf(
        await post({
          ...valid,
          trackingNumber: '1Z879E930346834440',
          lineItems: [{ lineItemId: brakePads.lineId, quantity: 2 }],
        }),
      ),
    ).toEqual([400, 32600]);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
  });

  it('rejects an unknown order (32100) and a wrong token (401, 1001)', async () => {
    const unknown = await fetch(url.replace(order.marketplaceOrderId, '99-99999-99999'), {
      method: 'POST',
      headers: { authorization: `Bearer ${simulator.accessToken}` },
      body: JSON.stringify(valid),
    });
    expect(await errorIdOf(unknown)).toEqual([400, 32100]);
    expect(await errorIdOf(await post(valid, 'wrong'))).toEqual([401, 1001]);
  });

  it('applies injected faults and records request times per operation', async () => {
    simulator.injectFault({ kind: 'server-error', operations: ['push-tracking'] });
    expect((await post(valid)).status).toBe(503);
    expect((await post(valid)).status).toBe(201);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
    expect(simulator.requestTimes('read-order')).toHaveLength(0);
  });
});
