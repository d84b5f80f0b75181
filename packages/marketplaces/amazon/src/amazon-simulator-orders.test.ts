import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { createAmazonSimulator } from './amazon-simulator.js';

// The simulator's order listing must refuse and page as SP-API documents
// (https://developer-docs.amazon.com/sp-api/reference/getorders), so that adapter tests against it mean something.
const now = Date.parse('2026-11-10T12:00:00.000Z');
const simulator = createAmazonSimulator({ quota: false, orderQuotas: false, orderItemsPageSize: 1, now: () => now });
const server = createTestServer(...simulator.handlers);
let accessToken = '';

async function issueAccessToken(): Promise<string> {
  const response = await fetch(simulator.tokenURL, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: simulator.credentials.refreshToken,
      client_id: simulator.credentials.clientId,
      client_secret: simulator.credentials.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const window = {
  MarketplaceIds: 'ATVPDKIKX0DER',
  LastUpdatedAfter: '2026-11-01T00:00:00.000Z',
  LastUpdatedBefore: '2026-11-10T11:58:00.000Z',
  FulfillmentChannels: 'MFN',
};

function getOrders(query: Record<string, string>, token = accessToken) {
  return fetch(`${simulator.baseURL}/orders/v0/orders?${new URLSearchParams(query)}`, {
    headers: { 'x-amz-access-token': token },
  });
}

interface Page {
  payload: { Orders: Record<string, unknown>[]; NextToken?: string };
  errors?: { code: string; details?: string }[];
}

async function restrictedDataToken(): Promise<string> {
  const response = await fetch(`${simulator.baseURL}/tokens/2021-03-01/restrictedDataToken`, {
    method: 'POST',
    headers: { 'x-amz-access-token': accessToken, 'content-type': 'application/json' },
    body: JSON.stringify({
      restrictedResources: [
        { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
      ],
    }),
  });
  return ((await response.json()) as { restrictedDataToken: string }).restrictedDataToken;
}

function orderNumber(index: number): string {
  return `902-0000000-${String(index).padStart(7, '0')}`;
}

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(async () => {
  simulator.reset({ all: true });
  accessToken = await issueAccessToken();
  for (let index = 1; index <= 3; index += 1) {
    simulator.intake.putOrder(amazonOrderFixture({ marketplaceOrderId: orderNumber(index) }), {
      updatedAt: `2026-11-0${index + 1}T10:00:00.000Z`,
    });
  }
});

describe('Amazon simulator, order listing', () => {
  it('flags the items a buyer asks to cancel (whole items) and moves LastUpdateDate, so a LastUpdatedAfter poll sees it', () => {
    const id = orderNumber(1);
    simulator.intake.requestCancellation?.(id, { lines: [{ lineId: '52986411826455', quantity: 1 }] });
    const wire = simulator.intake.wireOrder(id);
    expect(wire?.items.map((item) => [item.OrderItemId, item.BuyerRequestedCancel?.IsBuyerRequestedCancel])).toEqual([
      ['52986411826454', 'false'],
      ['52986411826455', 'true'],
    ]);
    expect(wire?.order.LastUpdateDate).toBe(new Date(now).toISOString());
    simulator.intake.requestCancellation?.(id);
    expect(
      simulator.intake
        .wireOrder(id)
        ?.items.every((item) => item.BuyerRequestedCancel?.IsBuyerRequestedCancel === 'true'),
    ).toBe(true);
  });

  it('refuses what getOrders refuses: no MarketplaceIds, LastUpdatedBefore within two minutes of now, a page over 100, both After filters', async () => {
    const refusals = [
      { ...window, MarketplaceIds: '' },
      { ...window, LastUpdatedBefore: '2026-11-10T11:59:00.000Z' },
      { ...window, MaxResultsPerPage: '101' },
      { ...window, MaxResultsPerPage: '0' },
      { ...window, CreatedAfter: '2026-11-01T00:00:00.000Z' },
      { ...window, LastUpdatedBefore: '2026-10-01T00:00:00.000Z' },
      { MarketplaceIds: 'ATVPDKIKX0DER' },
    ];
    for (const query of refusals) {
      const response = await getOrders(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(((await response.json()) as Page).errors?.[0]?.code).toBe('InvalidInput');
    }
    expect((await getOrders({ ...window, LastUpdatedBefore: '2026-11-10T11:58:00.000Z' })).status).toBe(200);
  });

  it('pages by NextToken while the filters are sent again, and refuses a token sent without URL encoding', async () => {
    const first = (await (await getOrders({ ...window, MaxResultsPerPage: '2' })).json()) as Page;
    expect(first.payload.Orders.map((order) => order.AmazonOrderId)).toEqual([orderNumber(1), orderNumber(2)]);
    const nextToken = first.payload.NextToken ?? '';
    expect(nextToken).toMatch(/[+/]/);
    const second = (await (
      await getOrders({ ...window, MaxResultsPerPage: '2', NextToken: nextToken })
    ).json()) as Page;
    expect(second.payload.Orders.map((order) => order.AmazonOrderId)).toEqual([orderNumber(3)]);
    expect(second.payload.NextToken).toBeUndefined();
    // The token alone, without the filters: refused, as the filters are what the page applies.
    expect((await getOrders({ NextToken: nextToken })).status).toBe(400);
    const raw = await fetch(
      `${simulator.baseURL}/orders/v0/orders?${new URLSearchParams(window)}&NextToken=${nextToken}`,
      { headers: { 'x-amz-access-token': accessToken } },
    );
    expect(raw.status).toBe(400);
  });

  it('withholds the restricted name and address lines and BuyerInfo without a Restricted Data Token', async () => {
    const plain = (await (await getOrders(window)).json()) as Page;
    const address = plain.payload.Orders[0]?.ShippingAddress as Record<string, unknown>;
    expect(Object.keys(address).sort()).toEqual(['City', 'CountryCode', 'PostalCode', 'StateOrRegion']);
    expect(plain.payload.Orders[0]?.BuyerInfo).toBeUndefined();
    const restricted = (await (await getOrders(window, await restrictedDataToken())).json()) as Page;
    expect(restricted.payload.Orders[0]?.ShippingAddress).toMatchObject({
      Name: 'Sam Trail',
      AddressLine1: '20 Ridge Rd',
    });
    expect(restricted.payload.Orders[0]?.BuyerInfo).toEqual({ BuyerName: 'Sam Trail' });
    // getOrderItems takes the LWA access token, not the RDT.
    const items = await fetch(`${simulator.baseURL}/orders/v0/orders/${orderNumber(1)}/orderItems`, {
      headers: { 'x-amz-access-token': await restrictedDataToken() },
    });
    expect(items.status).toBe(403);
  });

  it('serves items page by page, ItemPrice being the unit price times the quantity, and counts listing calls', async () => {
    const itemsURL = `${simulator.baseURL}/orders/v0/orders/${orderNumber(1)}/orderItems`;
    const first = (await (await fetch(itemsURL, { headers: { 'x-amz-access-token': accessToken } })).json()) as {
      payload: { OrderItems: Record<string, unknown>[]; NextToken?: string };
    };
    expect(first.payload.OrderItems).toMatchObject([
      { OrderItemId: '52986411826454', QuantityOrdered: 3, ItemPrice: { CurrencyCode: 'USD', Amount: '56.97' } },
    ]);
    const second = await fetch(`${itemsURL}?${new URLSearchParams({ NextToken: first.payload.NextToken ?? '' })}`, {
      headers: { 'x-amz-access-token': accessToken },
    });
    expect(((await second.json()) as { payload: { OrderItems: unknown[] } }).payload.OrderItems).toHaveLength(1);
    expect(simulator.intake.listCallCount()).toBe(2);
  });

  it('repeats the last order of a page on the next one when asked, and marks an order shipped when its items are confirmed', async () => {
    simulator.intake.repeatOnNextPages();
    const first = (await (await getOrders({ ...window, MaxResultsPerPage: '2' })).json()) as Page;
    const second = (await (
      await getOrders({ ...window, MaxResultsPerPage: '2', NextToken: first.payload.NextToken ?? '' })
    ).json()) as Page;
    expect(second.payload.Orders.map((order) => order.AmazonOrderId)).toEqual([orderNumber(2), orderNumber(3)]);

    const order = amazonOrderFixture({ marketplaceOrderId: orderNumber(1) });
    const confirm = await fetch(`${simulator.baseURL}/orders/v0/orders/${orderNumber(1)}/shipmentConfirmation`, {
      method: 'POST',
      headers: { 'x-amz-access-token': accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        marketplaceId: 'ATVPDKIKX0DER',
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z999',
          shipDate: '2026-11-09T10:00:00Z',
          orderItems: order.lines.map((line) => ({ orderItemId: line.lineId, quantity: line.quantity })),
        },
      }),
    });
    expect(confirm.status).toBe(204);
    expect(simulator.intake.wireOrder(orderNumber(1))?.order).toMatchObject({
      OrderStatus: 'Shipped',
      LastUpdateDate: new Date(now).toISOString(),
    });
  });
});
