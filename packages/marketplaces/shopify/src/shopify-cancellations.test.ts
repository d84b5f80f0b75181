import type { ListedOrder } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { entryOrderId, listToTheEnd } from '@dropship/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifySampleOrder } from './__fixtures__/shopify-sample-order.js';
import { mapShopifyRestOrder, readShopifyCancellation } from './map-shopify-order.js';
import { createShopify } from './shopify-client.js';
import { createShopifySimulator } from './shopify-simulator.js';

// Order.cancelledAt / cancelReason and LineItem.currentQuantity:
// https://shopify.dev/docs/api/admin-graphql/latest/objects/Order, https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem.
const accessToken = 'shpat_SENTINEL_CANCELLATIONS_55c1';
const simulator = createShopifySimulator({ accessToken, restoreRate: 100_000 });
const server = createTestServer(...simulator.handlers);
beforeAll(() => server.listen());
afterAll(() => server.close());

const shopify = createShopify({ accessToken, baseURL: simulator.baseURL, retry: { minDelayMs: 1, maxDelayMs: 5 } });

async function listed(): Promise<Map<string, ListedOrder>> {
  const pages = await listToTheEnd(shopify.orders, {
    since: new Date(Date.now() - 3_600_000).toISOString(),
    until: new Date(Date.now() + 60_000).toISOString(),
  });
  const byId = new Map<string, ListedOrder>();
  for (const entry of pages.flatMap((page) => page.orders))
    if (entry.kind === 'order') byId.set(entryOrderId(entry), entry);
  return byId;
}

describe('Shopify cancellations', () => {
  it('lists a cancelled order as cancelled, done, whole, with the reason; removed units as done lines; nothing answers', async () => {
    simulator.reset({ all: true });
    const whole = shopifySampleOrder('7001');
    const partial = shopifySampleOrder('7002');
    const untouched = shopifySampleOrder('7003');
    for (const order of [whole, partial, untouched]) simulator.intake.putOrder(order);
    const [line] = partial.lines;
    if (!line) throw new Error('the sample order has a line');
    simulator.intake.cancelOrder?.(whole.marketplaceOrderId);
    simulator.intake.cancelOrder?.(partial.marketplaceOrderId, { lines: [{ lineId: line.lineId, quantity: 1 }] });

    const byId = await listed();
    expect(byId.get('7001')).toMatchObject({
      status: 'cancelled',
      cancellation: { state: 'done', requestedBy: 'buyer', reason: 'CUSTOMER' },
    });
    expect(byId.get('7001')?.cancellation?.lines).toBeUndefined();
    expect(byId.get('7002')?.status).toBe('ready');
    expect(byId.get('7002')?.cancellation).toEqual({ state: 'done', lines: [{ lineId: line.lineId, quantity: 1 }] });
    expect(byId.get('7003')?.cancellation).toBeUndefined();
    // Shopify has no buyer request to answer: not declared, not implemented.
    expect(shopify.capabilities).toEqual({ orders: 'list', listings: 'push' });
    expect(shopify.orders.answerCancellation).toBeUndefined();
  });

  it('an order whose every unit was removed is listed with each line whole and every unit in the cancellation lines (nothing left to place)', async () => {
    simulator.reset({ all: true });
    const order = shopifySampleOrder('7020');
    simulator.intake.putOrder(order);
    const removed = order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity }));
    simulator.intake.cancelOrder?.('7020', { lines: removed });
    const entry = (await listed()).get('7020');
    const whole = entry?.order.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity }));
    expect(whole?.map((line) => line.quantity)).toEqual(order.lines.map((line) => line.quantity));
    expect(entry?.cancellation).toEqual({ state: 'done', lines: whole });
  });

  it('maps a webhook order the same way (cancel_reason, current_quantity)', () => {
    simulator.reset({ all: true });
    const order = shopifySampleOrder('7010');
    simulator.intake.putOrder(order);
    const [line] = order.lines;
    if (!line) throw new Error('the sample order has a line');
    simulator.intake.cancelOrder?.('7010', { lines: [{ lineId: line.lineId, quantity: 1 }] });
    const delivery = simulator.orderWebhook('7010', { topic: 'orders/updated', secret: 'whsec' });
    const entry = mapShopifyRestOrder(JSON.parse(delivery.rawBody));
    expect(entry.kind === 'order' && entry.cancellation).toEqual({
      state: 'done',
      lines: [{ lineId: line.lineId, quantity: 1 }],
    });
  });

  it('reads the cancellation from the facts (pure)', () => {
    expect(readShopifyCancellation({ status: 'cancelled', cancelReason: 'INVENTORY', lineItems: [] })).toEqual({
      state: 'done',
      requestedBy: 'seller',
      reason: 'INVENTORY',
    });
    expect(readShopifyCancellation({ status: 'cancelled', cancelReason: 'OTHER', lineItems: [] })).toEqual({
      state: 'done',
      reason: 'OTHER',
    });
    expect(
      readShopifyCancellation({
        status: 'ready',
        lineItems: [
          { id: 'gid://shopify/LineItem/11', quantity: 3, currentQuantity: 1 },
          { id: 'gid://shopify/LineItem/12', quantity: 2, currentQuantity: 2 },
          { id: 13, quantity: 2, currentQuantity: null },
        ],
      }),
    ).toEqual({ state: 'done', lines: [{ lineId: '11', quantity: 2 }] });
    expect(
      readShopifyCancellation({ status: 'shipped', lineItems: [{ id: 1, quantity: 1, currentQuantity: 1 }] }),
    ).toBeUndefined();
  });
});
