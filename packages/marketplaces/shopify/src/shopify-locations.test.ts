import { ResponseParseError, type ShipmentNotice } from '@dropship/core';
import { createTestServer, type ScriptedAnswer } from '@dropship/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator, type ShopifySimulator } from './shopify-simulator.js';
import { ShopifyUserError } from './shopify-user-error.js';

// fulfillmentCreate takes fulfillment orders of one assigned location per call
// (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate); the simulator
// refuses a call that mixes locations, as Shopify does.
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const WAREHOUSE = 'gid://shopify/Location/1';
const STORE = 'gid://shopify/Location/2';

let counter = 0;
/**
 * A simulator holding the sample order, line 9001 on a fulfillment order assigned to the first
 * location and line 9002 on one assigned to the second, and an adapter pointed at it.
 */
function setup(locations: readonly [string, string] = [WAREHOUSE, STORE]) {
  counter += 1;
  const accessToken = `shpat_LOCATIONS${counter}x7c1e`;
  const simulator = createShopifySimulator({ accessToken, restoreRate: 100_000 });
  server.resetHandlers(...simulator.handlers);
  const adapter = createShopify({
    accessToken,
    baseURL: simulator.baseURL,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
  });
  const order = shopifySampleOrder();
  simulator.addOrder(order, {
    fulfillmentOrders: [
      { lineIds: ['9001'], locationId: locations[0] },
      { lineIds: ['9002'], locationId: locations[1] },
    ],
  });
  return { simulator, adapter, order };
}

/** Scripts the answer to the second fulfillmentCreate: set while the first call is served. */
function answerSecondPush(simulator: ShopifySimulator, answer: ScriptedAnswer): void {
  simulator.beforeNext('push-tracking', () => simulator.answerNextPush(answer));
}

/** A maintenance page served with status 200, as a proxy in front of Shopify may answer. */
const maintenancePage = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Maintenance</html>' };

/** Posts one GraphQL document to the simulator, as a client other than ours would. */
async function graphql(simulator: ShopifySimulator, query: string, variables: Record<string, unknown>) {
  const answer = await fetch(`${simulator.baseURL}/admin/api/2026-10/graphql.json`, {
    method: 'POST',
    headers: { 'X-Shopify-Access-Token': simulator.accessToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return answer.json();
}

/** A package holding line 9001 (2 units) and line 9002 (1 unit). */
function twoLinePackage(overrides: Partial<ShipmentNotice> = {}): ShipmentNotice {
  return {
    id: 'PO-1001:1Z999AA10123456784',
    carrier: 'ups',
    trackingNumber: '1Z999AA10123456784',
    shippedAt: '2026-11-20T15:30:00.000Z',
    lines: [
      { lineId: '9001', quantity: 2 },
      { lineId: '9002', quantity: 1 },
    ],
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('shopify: one fulfillmentCreate per assigned location', () => {
  it('the simulator refuses fulfillment orders of two locations in one call, as Shopify does', async () => {
    const { simulator, order } = setup();
    const read = (await graphql(simulator, 'query { order(id: $id) { fulfillmentOrders { nodes { id } } } }', {
      id: 'gid://shopify/Order/5001',
    })) as { data: { order: { fulfillmentOrders: { nodes: { id: string }[] } } } };
    const nodes = read.data.order.fulfillmentOrders.nodes;
    const body = (await graphql(
      simulator,
      'mutation fulfillmentCreate($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } } }',
      { fulfillment: { lineItemsByFulfillmentOrder: nodes.map((node) => ({ fulfillmentOrderId: node.id })) } },
    )) as { data: { fulfillmentCreate: { fulfillment: unknown; userErrors: unknown[] } } };
    expect(body.data.fulfillmentCreate.fulfillment).toBeNull();
    expect(body.data.fulfillmentCreate.userErrors).toEqual([
      {
        field: ['fulfillment', 'lineItemsByFulfillmentOrder', '1', 'fulfillmentOrderId'],
        message: 'All fulfillment orders must be assigned to the same location.',
      },
    ]);
    expect(simulator.fulfillmentDetails(order.marketplaceOrderId)).toEqual([]);
  });

  it('a package split across two locations: one call per location, pushed with both fulfillment ids', async () => {
    const { simulator, adapter, order } = setup();
    const result = await adapter.pushTracking({ order, shipment: twoLinePackage() });
    const held = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(held.map((fulfillment) => fulfillment.locationId)).toEqual([WAREHOUSE, STORE]);
    expect(result).toEqual({ status: 'pushed', reference: held.map((fulfillment) => fulfillment.id).join(',') });
    expect(simulator.fulfillments(order.marketplaceOrderId).map((fulfillment) => fulfillment.lines)).toEqual([
      [{ lineId: '9001', quantity: 2 }],
      [{ lineId: '9002', quantity: 1 }],
    ]);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
    // The same package again: both locations are read back, nothing is written.
    const again = await adapter.pushTracking({ order, shipment: twoLinePackage() });
    expect(again.status).toBe('already-pushed');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
  });

  it('fulfillment orders of one location go in one call', async () => {
    const { simulator, adapter, order } = setup([STORE, STORE]);
    const result = await adapter.pushTracking({ order, shipment: twoLinePackage() });
    expect(result.status).toBe('pushed');
    expect(simulator.requestTimes('push-tracking')).toHaveLength(1);
    const [held] = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(held?.locationId).toBe(STORE);
    expect(held?.lineItemsByFulfillmentOrder).toHaveLength(2);
  });

  it('the second location refused: not pushed, the error names what was written; the retry writes only the second location', async () => {
    const { simulator, adapter, order } = setup();
    // The second call fails without acting.
    answerSecondPush(simulator, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: { fulfillmentCreate: { fulfillment: null, userErrors: [{ field: null, message: 'Location is busy' }] } },
      }),
    });
    const error = await failure(adapter.pushTracking({ order, shipment: twoLinePackage() }));
    expect(ShopifyUserError.isInstance(error), String(error)).toBe(true);
    expect(error.message).toContain(`at ${STORE}`);
    expect(error.message).toContain('already carry this tracking number');
    expect(simulator.fulfillmentDetails(order.marketplaceOrderId).map((fulfillment) => fulfillment.locationId)).toEqual(
      [WAREHOUSE],
    );

    const retry = await adapter.pushTracking({ order, shipment: twoLinePackage() });
    expect(retry.status).toBe('pushed');
    expect(retry.warnings?.map((warning) => warning.message)).toEqual([
      expect.stringContaining('only the rest is fulfilled now'),
    ]);
    // Each location holds the package's lines once: the warehouse was not fulfilled again.
    expect(simulator.fulfillments(order.marketplaceOrderId).map((fulfillment) => fulfillment.lines)).toEqual([
      [{ lineId: '9001', quantity: 2 }],
      [{ lineId: '9002', quantity: 1 }],
    ]);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(3);
  });

  it('the second location answered with an HTML page and wrote nothing: ResponseParseError, not pushed', async () => {
    const { simulator, adapter, order } = setup();
    answerSecondPush(simulator, maintenancePage);
    const error = await failure(adapter.pushTracking({ order, shipment: twoLinePackage() }));
    // The first location's fulfillment carries the tracking number, yet the read-back must show
    // the second location's lines too before the package counts.
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(simulator.fulfillments(order.marketplaceOrderId)).toHaveLength(1);
  });

  it('the second location wrote and its answer was lost (HTML 200): the read-back shows it, pushed, nothing written twice', async () => {
    const { simulator, adapter, order } = setup();
    answerSecondPush(simulator, { ...maintenancePage, act: true });
    const result = await adapter.pushTracking({ order, shipment: twoLinePackage() });
    const held = simulator.fulfillmentDetails(order.marketplaceOrderId);
    expect(result).toEqual({ status: 'pushed', reference: held.map((fulfillment) => fulfillment.id).join(',') });
    expect(held.map((fulfillment) => fulfillment.locationId)).toEqual([WAREHOUSE, STORE]);
    expect(simulator.requestTimes('push-tracking')).toHaveLength(2);
  });
});
