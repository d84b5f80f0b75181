import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../../catalog/memory-catalog.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { OrderListRequest } from '../../spec/v1/order-intake.js';
import { createMemoryStore } from '../../stores/memory-store.js';
import { createMockDistributorClient } from '../../test.js';
import { createDropshipper } from '../create-dropshipper.js';

/** An adapter whose listing answers every page with the same next cursor (a broken adapter or marketplace). */
function stuckAdapter(requests: OrderListRequest[]): MarketplaceAdapter {
  return {
    specificationVersion: 'v1',
    marketplace: 'ebay',
    notifiesBuyer: true,
    capabilities: { orders: 'list' },
    orders: {
      pageSize: 10,
      async list(request) {
        requests.push(request);
        return { orders: [], nextCursor: 'page-2' };
      },
    },
    async pushTracking() {
      return { status: 'pushed' };
    },
  };
}

describe('importMarketplaceOrders: a listing that never ends', () => {
  it('stops at a page whose next cursor is its own cursor: a typed error, the cursor of the last good page kept', async () => {
    const requests: OrderListRequest[] = [];
    const store = createMemoryStore();
    const dropshipper = createDropshipper({
      distributors: [createMockDistributorClient()],
      marketplaces: [stuckAdapter(requests)],
      catalog: createMemoryCatalog([]),
      store,
      now: () => new Date('2026-11-20T15:00:00.000Z'),
    });
    await expect(dropshipper.importMarketplaceOrders('ebay')).rejects.toThrow(/repeats the cursor/);
    // Page 1 (no cursor) answered `page-2`; page 2 answered `page-2` again: two calls, not forever.
    expect(requests.map((request) => request.cursor)).toEqual([undefined, 'page-2']);
    expect((await store.getIntakeCursor('ebay'))?.scan?.cursor).toBe('page-2');
  });

  it('reads at most 1,000 pages in one run by default, and goes on from the saved cursor at the next', async () => {
    let page = 0;
    const adapter: MarketplaceAdapter = {
      ...stuckAdapter([]),
      orders: {
        pageSize: 10,
        async list() {
          page += 1;
          return { orders: [], nextCursor: `page-${page + 1}` };
        },
      },
    };
    const dropshipper = createDropshipper({
      distributors: [createMockDistributorClient()],
      marketplaces: [adapter],
      catalog: createMemoryCatalog([]),
      store: createMemoryStore(),
      now: () => new Date('2026-11-20T15:00:00.000Z'),
    });
    const result = await dropshipper.importMarketplaceOrders('ebay');
    expect(result).toMatchObject({ pages: 1_000, stopped: 'page-limit' });
    expect(page).toBe(1_000);
  });
});
