// The reference marketplace's order intake beyond the conformance cases: how it maps what it
// cannot take (held, naming the marketplace's field), what it refuses before any call, and what
// counts as an acknowledgement.
import { type ListedOrderEntry, ResponseParseError, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardOperations } from '../create-fault-injector.js';
import { createTestServer } from '../create-test-server.js';
import { createReferenceMarketplaceAdapter } from './reference-marketplace-adapter.js';
import { referenceSampleOrder } from './reference-marketplace-harness.js';
import { referenceMarketplaceMaxPageSize } from './reference-marketplace-intake.js';
import {
  createReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulator,
} from './reference-marketplace-simulator.js';

const server = createTestServer();
let simulator: ReferenceMarketplaceSimulator;
const window = { since: '2026-11-20T00:00:00.000Z', until: '2026-11-21T00:00:00.000Z' };

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => {
  simulator = createReferenceMarketplaceSimulator();
  server.resetHandlers(...simulator.handlers);
});

const adapter = (orderPageSize?: number) =>
  createReferenceMarketplaceAdapter({
    accessToken: simulator.accessToken,
    baseURL: simulator.baseURL,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
    rateLimit: false,
    ...(orderPageSize === undefined ? {} : { orderPageSize }),
  });

/** Serves `orders` (wire shape) as the next listing page. */
function serveOrders(orders: unknown[]): void {
  simulator.injectFault({
    kind: 'malformed-body',
    operations: [standardOperations.listOrders],
    body: JSON.stringify({ orders }),
  });
}

const wireOrder = (overrides: Record<string, unknown> = {}) => ({
  id: 'RM-900001',
  status: 'paid',
  created_at: '2026-11-20T10:00:00.000Z',
  updated_at: '2026-11-20T10:05:00.000Z',
  currency: 'USD',
  buyer: { name: 'Jordan Rider' },
  ship_to: {
    name: 'Jordan Rider',
    address1: '1 Main St',
    city: 'Boise',
    region: 'ID',
    postal_code: '83702',
    country: 'US',
  },
  lines: [{ id: 'L1', sku: 'A-1', quantity: 2, unit_price: '19.99' }],
  shipping_paid: '4.50',
  ...overrides,
});

async function listOne(): Promise<ListedOrderEntry | undefined> {
  const page = await adapter().orders?.list(window);
  expect(page?.orders).toHaveLength(1);
  return page?.orders[0];
}

describe('reference marketplace order intake', () => {
  it('maps money from decimal text exactly: 19.99 is 1999, shipping 4.50 is 450', async () => {
    serveOrders([wireOrder()]);
    const entry = await listOne();
    expect(entry?.kind).toBe('order');
    if (entry?.kind !== 'order') return;
    expect(entry.order.lines[0]?.unitPrice).toBe(1_999);
    expect(entry.order.shippingPaid).toBe(450);
  });

  it('holds an order whose price is not money, naming the line field', async () => {
    serveOrders([wireOrder({ lines: [{ id: 'L1', sku: 'A-1', quantity: 1, unit_price: '19.999' }] })]);
    expect(await listOne()).toMatchObject({
      kind: 'unmappable',
      marketplaceOrderId: 'RM-900001',
      status: 'ready',
      field: 'lines.0.unit_price',
    });
  });

  it('holds an order of an unknown status for a person (as ready), naming the status field', async () => {
    serveOrders([wireOrder({ status: 'on_hold_for_fraud_review' })]);
    expect(await listOne()).toMatchObject({ kind: 'unmappable', status: 'ready', field: 'status' });
  });

  it('holds an order the SDK refuses (a quantity of 0), naming the SDK field', async () => {
    serveOrders([wireOrder({ lines: [{ id: 'L1', sku: 'A-1', quantity: 0, unit_price: '1.00' }] })]);
    expect(await listOne()).toMatchObject({ kind: 'unmappable', field: 'lines.0.quantity' });
  });

  it('refuses a whole page with an order it cannot even identify, rather than list the rest', async () => {
    serveOrders([wireOrder(), { status: 'paid', lines: [] }]);
    const error = await adapter()
      .orders?.list(window)
      .catch((failure: unknown) => failure);
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect((error as ResponseParseError).fields).toContain('orders.1.id');
  });

  it('lists orders oldest change first, at most orderPageSize a page, the API maximum by default', async () => {
    const orders = [2, 0, 1].map((minute) => {
      const order = referenceSampleOrder();
      simulator.intake.putOrder(order, { updatedAt: `2026-11-20T10:0${minute}:00.000Z` });
      return { id: order.marketplaceOrderId, minute };
    });
    const page = await adapter(2).orders?.list(window);
    const ids = page?.orders.map((entry) => (entry.kind === 'order' ? entry.order.marketplaceOrderId : ''));
    expect(ids).toEqual(
      [...orders]
        .sort((left, right) => left.minute - right.minute)
        .slice(0, 2)
        .map((order) => order.id),
    );
    expect(adapter().orders?.pageSize).toBe(referenceMarketplaceMaxPageSize);
  });

  it('refuses a page size beyond the API maximum, a limit beyond the page size and an unknown key, before any call', async () => {
    expect(() => adapter(referenceMarketplaceMaxPageSize + 1)).toThrow(ValidationError);
    expect(() => adapter(0)).toThrow(ValidationError);
    const orders = adapter(10).orders;
    for (const request of [
      { ...window, limit: 11 },
      { ...window, cursor: '' },
      { ...window, sinse: window.since },
    ]) {
      const error = await orders?.list(request as typeof window).catch((failure: unknown) => failure);
      expect(ValidationError.isInstance(error), JSON.stringify(request)).toBe(true);
    }
    expect(simulator.intake.listCallCount()).toBe(0);
  });

  it('counts an acknowledgement only when the answer names the order; a cancelled order is listed as failed', async () => {
    const open = referenceSampleOrder();
    const cancelled = referenceSampleOrder();
    simulator.intake.putOrder(open, { updatedAt: '2026-11-20T10:00:00.000Z' });
    simulator.intake.putOrder(cancelled, { updatedAt: '2026-11-20T10:01:00.000Z', status: 'cancelled' });
    const result = await adapter().orders?.acknowledge?.([open.marketplaceOrderId, cancelled.marketplaceOrderId]);
    expect(result).toEqual({
      acknowledged: [open.marketplaceOrderId],
      failed: [
        {
          marketplaceOrderId: cancelled.marketplaceOrderId,
          error: `order ${cancelled.marketplaceOrderId} is cancelled`,
        },
      ],
    });
    expect(simulator.intake.acknowledged()).toEqual([open.marketplaceOrderId]);
  });

  it('does not count an acknowledgement the answer does not name (an empty 200 list)', async () => {
    const order = referenceSampleOrder();
    simulator.intake.putOrder(order, { updatedAt: '2026-11-20T10:00:00.000Z' });
    simulator.injectFault({
      kind: 'malformed-body',
      operations: [standardOperations.acknowledgeOrders],
      body: JSON.stringify({ acknowledged: [] }),
    });
    const result = await adapter().orders?.acknowledge?.([order.marketplaceOrderId]);
    expect(result?.acknowledged).toEqual([]);
    expect(result?.failed.map((failure) => failure.marketplaceOrderId)).toEqual([order.marketplaceOrderId]);
  });
});
