import { describe, expect, it } from 'vitest';
import { salesOrder } from '../dropshipper/__fixtures__/dropshipper-fixtures.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ServerError } from '../errors/server-error.js';
import type { ListedOrderEntry } from '../spec/v1/order-intake.js';
import { createMockMarketplaceAdapter } from '../test.js';

const since = '2026-11-20T00:00:00.000Z';
const until = '2026-11-20T12:00:00.000Z';
const ids = (entries: ListedOrderEntry[]) =>
  entries.map((entry) => (entry.kind === 'order' ? entry.order.marketplaceOrderId : `!${entry.marketplaceOrderId}`));

function listing(orders: 'list' | 'list-and-acknowledge' = 'list') {
  const adapter = createMockMarketplaceAdapter({ marketplace: 'ebay', orders, orderPageSize: 2 });
  const put = (id: string, hour: number, status?: 'not-ready') =>
    adapter.intake.putOrder(salesOrder(id, [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 }]), {
      updatedAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
      ...(status === undefined ? {} : { status }),
    });
  return { adapter, put, orders: adapter.orders as NonNullable<typeof adapter.orders> };
}

describe('mock marketplace: order listing', () => {
  it('lists the window’s orders oldest change first, a page at a time, by an opaque cursor', async () => {
    const { adapter, put, orders } = listing();
    put('C', 3);
    put('A', 1);
    put('B', 2);
    put('LATE', 13);
    put('EARLY', 0);
    expect(adapter.capabilities).toEqual({ orders: 'list' });
    expect(orders.acknowledge).toBeUndefined();
    const first = await orders.list({ since: '2026-11-20T00:30:00.000Z', until });
    expect(ids(first.orders)).toEqual(['A', 'B']);
    const second = await orders.list({ since: '2026-11-20T00:30:00.000Z', until, cursor: first.nextCursor as string });
    expect(ids(second.orders)).toEqual(['C']);
    expect(second.nextCursor).toBeUndefined();
    expect(adapter.intake.listCallCount()).toBe(2);
    expect((await orders.list({ since, until, limit: 1 })).orders).toHaveLength(1);
  });

  it('repeats an order on the next page when told (it does not deduplicate), and lists unmappable orders as held entries', async () => {
    const { adapter, put, orders } = listing();
    put('A', 1);
    put('B', 2);
    put('C', 3);
    adapter.intake.putUnmappableOrder(salesOrder('D', [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 1 }]), {
      updatedAt: '2026-11-20T04:00:00.000Z',
    });
    adapter.intake.repeatOnNextPages();
    const first = await orders.list({ since, until });
    const second = await orders.list({ since, until, cursor: first.nextCursor as string });
    expect(ids(second.orders)).toEqual(['B', 'C', '!D']);
    expect(second.orders[2]).toMatchObject({ kind: 'unmappable', field: 'shipTo.name' });
  });

  it('refuses a cursor of another window or an expired one (HTTP 400), and applies faults to list-orders', async () => {
    const { adapter, put, orders } = listing();
    for (let hour = 1; hour <= 3; hour++) put(`O-${hour}`, hour);
    const first = await orders.list({ since, until });
    await expect(
      orders.list({ since, until: '2026-11-20T11:00:00.000Z', cursor: first.nextCursor as string }),
    ).rejects.toSatisfy(InvalidRequestError.isInstance);
    adapter.intake.expireCursors();
    await expect(orders.list({ since, until, cursor: first.nextCursor as string })).rejects.toThrow(/expired/);
    adapter.injectFault({ kind: 'server-error', operations: ['list-orders'] });
    await expect(orders.list({ since, until })).rejects.toSatisfy(ServerError.isInstance);
    adapter.injectFault({ kind: 'rate-limit', operations: ['list-orders'] });
    expect(ids((await orders.list({ since, until })).orders)).toEqual(['O-1', 'O-2']);
    expect(adapter.server.callCount('list-orders')).toBe(6);
  });

  it('acknowledges each order asked, every time (no deduplication), and says which it does not know', async () => {
    const { adapter, put, orders } = listing('list-and-acknowledge');
    put('A', 1);
    expect(await orders.acknowledge?.(['A', 'NOPE'])).toEqual({
      acknowledged: ['A'],
      failed: [{ marketplaceOrderId: 'NOPE', error: 'no such order' }],
    });
    await orders.acknowledge?.(['A']);
    expect(adapter.intake.acknowledged()).toEqual(['A', 'A']);
  });

  it('refuses an adapter with a wrong token', async () => {
    const { adapter } = listing();
    const other = createMockMarketplaceAdapter({ server: adapter.server, apiToken: 'wrong', orders: 'list' });
    await expect(other.orders?.list({ since, until })).rejects.toThrow(/401/);
  });
});
