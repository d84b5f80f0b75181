import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmartSimulator } from './walmart-simulator.js';

// Raw requests against the simulator: it must refuse what Walmart refuses (https://developer.walmart.com/us-marketplace/docs/authentication, https://developer.walmart.com/us-marketplace/docs/error-codes).
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup() {
  const clock = { now: 1_800_000_000_000 };
  const simulator = createWalmartSimulator({ now: () => clock.now });
  server.resetHandlers(...simulator.handlers);
  simulator.addOrder(walmartSampleOrder());
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
    const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body.expires_in).toBe(900);
    expect(body.token_type).toBe('Bearer');
    return body.access_token;
  };
  const ship = async (accessToken: string, trackingInfo: Record<string, unknown>, amount = '1', lineNumber = '1') =>
    fetch(`${simulator.baseURL}/v3/orders/1796277083022/shipping`, {
      method: 'POST',
      headers: headers({ 'WM_SEC.ACCESS_TOKEN': accessToken, 'Content-Type': 'application/json' }),
      body: JSON.stringify({
        orderShipment: {
          orderLines: {
            orderLine: [
              {
                lineNumber,
                sellerOrderId: 'S-1',
                orderLineStatuses: {
                  orderLineStatus: [
                    { status: 'Shipped', statusQuantity: { unitOfMeasurement: 'EACH', amount }, trackingInfo },
                  ],
                },
              },
            ],
          },
        },
      }),
    });
  const ups = {
    shipDateTime: 1_800_000_000_000,
    carrierName: { carrier: 'UPS' },
    methodCode: 'Standard',
    trackingNumber: '1Z1',
  };
  return { simulator, clock, token, ship, ups, headers };
}

describe('walmart simulator', () => {
  it('ships a line and shows it as Shipped with its tracking on the order', async () => {
    const { simulator, token, ship, ups, headers } = setup();
    const accessToken = await token();
    expect((await ship(accessToken, ups, '2')).status).toBe(200);
    const order = await fetch(`${simulator.baseURL}/v3/orders/1796277083022`, {
      headers: headers({ 'WM_SEC.ACCESS_TOKEN': accessToken }),
    });
    const body = (await order.json()) as {
      order: { orderLines: { orderLine: { orderLineStatuses: { orderLineStatus: unknown[] } }[] } };
    };
    expect(body.order.orderLines.orderLine[0]?.orderLineStatuses.orderLineStatus).toEqual([
      { status: 'Acknowledged', statusQuantity: { unitOfMeasurement: 'EACH', amount: '1' } },
      { status: 'Shipped', statusQuantity: { unitOfMeasurement: 'EACH', amount: '2' }, trackingInfo: ups },
    ]);
  });

  it('refuses a carrier outside the enum, with the exact spelling', async () => {
    const { token, ship, ups } = setup();
    const response = await ship(await token(), { ...ups, carrierName: { carrier: 'Fedex' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ code: 'INVALID_REQUEST_CONTENT', field: 'carrier' }] });
  });

  it('refuses otherCarrier without trackingURL', async () => {
    const { token, ship, ups } = setup();
    const response = await ship(await token(), { ...ups, carrierName: { otherCarrier: 'Speedy Pigeon' } });
    expect(await response.json()).toMatchObject({ errors: [{ field: 'trackingURL' }] });
  });

  it('refuses more than is left on a line, and writes nothing', async () => {
    const { simulator, token, ship, ups } = setup();
    const response = await ship(await token(), ups, '4');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: 'amount' }] });
    expect(simulator.fulfillments('1796277083022')).toEqual([]);
  });

  it('refuses a non-string quantity and a ship time that is not an integer', async () => {
    const { token, ship, ups } = setup();
    const response = await ship(await token(), { ...ups, shipDateTime: '2026-11-20T15:30:00Z' });
    expect(await response.json()).toMatchObject({ errors: [{ field: 'shipDateTime' }] });
  });

  it('refuses an expired token with 401 UNAUTHORIZED', async () => {
    const { clock, token, ship, ups } = setup();
    const accessToken = await token();
    clock.now += 900_000;
    const response = await ship(accessToken, ups);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ code: 'UNAUTHORIZED' }] });
  });

  it('refuses a missing service name header', async () => {
    const { simulator } = setup();
    const response = await fetch(`${simulator.baseURL}/v3/orders/1796277083022`, {
      headers: { 'WM_QOS.CORRELATION_ID': 'abc' },
    });
    expect(await response.json()).toMatchObject({ errors: [{ code: 'INVALID_REQUEST_HEADER', field: 'WM_SVC.NAME' }] });
  });

  it('answers with the legacy {errors:{error:[...]}} shape when asked', async () => {
    const { simulator, token, ship, ups } = setup();
    simulator.setErrorShape('orders-legacy');
    const response = await ship(await token(), ups, '1', '9');
    expect(await response.json()).toMatchObject({
      errors: { error: [{ code: 'INVALID_REQUEST_CONTENT', field: 'lineNumber' }] },
    });
  });

  it('restores the orders on reset and forgets them with reset({ all: true })', async () => {
    const { simulator, token, ship, ups } = setup();
    await ship(await token(), ups);
    simulator.reset();
    expect(simulator.fulfillments('1796277083022')).toEqual([]);
    expect((await ship(await token(), ups, '3')).status).toBe(200);
    simulator.reset({ all: true });
    expect((await ship(await token(), ups)).status).toBe(404);
  });
});

describe('walmart simulator: the order carries its shipping method', () => {
  it('returns shippingInfo.methodCode on GET /v3/orders/{purchaseOrderId} (Standard by default, none when null)', async () => {
    const simulator = createWalmartSimulator();
    server.resetHandlers(...simulator.handlers);
    const basic = `Basic ${Buffer.from(`${simulator.credentials.clientId}:${simulator.credentials.clientSecret}`).toString('base64')}`;
    const headers = {
      'WM_SVC.NAME': 'Walmart Marketplace',
      'WM_QOS.CORRELATION_ID': 'c-1',
      Accept: 'application/json',
    };
    const tokenResponse = await fetch(`${simulator.baseURL}/v3/token`, {
      method: 'POST',
      headers: { ...headers, Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    const methodOf = async (purchaseOrderId: string) => {
      const response = await fetch(`${simulator.baseURL}/v3/orders/${purchaseOrderId}`, {
        headers: { ...headers, 'WM_SEC.ACCESS_TOKEN': accessToken },
      });
      const body = (await response.json()) as { order: { shippingInfo?: { methodCode?: string } } };
      return body.order.shippingInfo?.methodCode;
    };
    simulator.addOrder(walmartSampleOrder('1001'));
    simulator.addOrder(walmartSampleOrder('1002'), { methodCode: 'OneDay' });
    simulator.addOrder(walmartSampleOrder('1003'), { methodCode: null });
    expect([await methodOf('1001'), await methodOf('1002'), await methodOf('1003')]).toEqual([
      'Standard',
      'OneDay',
      undefined,
    ]);
  });
});
