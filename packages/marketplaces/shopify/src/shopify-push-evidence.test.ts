import { InvalidRequestError, type ShipmentNotice } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator } from './shopify-simulator.js';

// What counts as evidence that a push of tracking to Shopify was made, for the answers of
// fulfillmentCreate the client tests do not script: https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate
// (the fulfillment, its trackingInfo list, userErrors). Calls are counted on the simulator.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const trackingNumber = '1Z999AA10123456784';

function setup() {
  const accessToken = 'shpat_PUSHEVIDENCE0x7d3e9a41';
  const simulator = createShopifySimulator({ accessToken, restoreRate: 100_000 });
  server.resetHandlers(...simulator.handlers);
  const adapter = createShopify({ accessToken, baseURL: simulator.baseURL, retry: { retries: 0 } });
  const order = shopifySampleOrder();
  simulator.addOrder(order);
  const shipment: ShipmentNotice = {
    id: `PO-1001:${trackingNumber}`,
    carrier: 'ups',
    trackingNumber,
    shippedAt: '2026-11-20T15:30:00.000Z',
    lines: [{ lineId: '9001', quantity: 2 }],
  };
  return { simulator, adapter, order, shipment };
}

function fulfillmentCreateAnswer(fulfillment: unknown): string {
  return JSON.stringify({ data: { fulfillmentCreate: { fulfillment, userErrors: [] } } });
}

describe('shopify push: evidence in the answer', () => {
  it('counts a created fulfillment carrying several tracking numbers, ours among them, as pushed, without reading back', async () => {
    const { simulator, adapter, order, shipment } = setup();
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: fulfillmentCreateAnswer({
        id: 'gid://shopify/Fulfillment/77',
        status: 'SUCCESS',
        trackingInfo: [{ number: '1ZOTHERPACKAGE0001' }, { number: trackingNumber }],
      }),
    });
    expect(await adapter.pushTracking({ order, shipment })).toEqual({
      status: 'pushed',
      reference: 'gid://shopify/Fulfillment/77',
    });
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(1);
  });

  it('reports pushed, once, when the answer has no fulfillment but Shopify recorded it: the read-back is the evidence', async () => {
    const { simulator, adapter, order, shipment } = setup();
    simulator.answerNextPush({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: fulfillmentCreateAnswer(null),
      act: true,
    });
    const result = await adapter.pushTracking({ order, shipment });
    const [held] = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(result).toEqual({ status: 'pushed', reference: held?.id });
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(2);
  });
});

describe('shopify push: a refusal that certainly did not act', () => {
  it('fails without reading the order back (HTTP 400: nothing was recorded)', async () => {
    const { simulator, adapter, order, shipment } = setup();
    simulator.answerNextPush({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errors: 'Bad Request' }),
    });
    const error = await adapter.pushTracking({ order, shipment }).catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    expect(simulator.requestTimes('read-order')).toHaveLength(1);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(0);
  });
});
