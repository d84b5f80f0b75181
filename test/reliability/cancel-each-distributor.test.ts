import { createAutomatic } from '@dropship/automatic';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DistributorClient,
  type SalesOrder,
} from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { riderOrder } from '../support/rider-order.js';
import {
  createReliabilityServer,
  createReliabilityWorld,
  type ProductStock,
  tinyRetry,
  type WorldDistributor,
  worldOffers,
  worldProducts,
} from './support/reliability-world.js';

// cancelSalesOrder with the real clients over their simulators (HTTP through MSW, no vendor
// host): each distributor's real cancel ability decides the path. WPS drops only an unsubmitted
// cart (a placed order goes to manual_cancel, no call), Parts Unlimited and Tucker Rocky have no
// cancel (manual_cancel, no call), Automatic revokes by PO once its revoke path is verified
// (cancelled at the distributor), and is unsupported otherwise.

const world = createReliabilityWorld({ timeoutMs: 2_000, lane: 71 });
const stock: ProductStock = {
  wps: [9, 9, 9, 9],
  'parts-unlimited': [9, 9, 9, 9],
  'tucker-rocky': [9, 9, 9, 9],
  automatic: [9, 9, 9, 9],
};
const server = createReliabilityServer([world]);

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => world.reset(stock));

/** A Walmart order of `quantity` units of the first product. */
function order(serial: number, quantity: number): SalesOrder {
  const product = worldProducts[0] as (typeof worldProducts)[number];
  return {
    ...riderOrder(serial, String(serial), [
      {
        lineId: `${serial}1`,
        sku: product.skus.wps,
        product: { brand: product.brand, mpn: product.mpn },
        quantity,
        unitPrice: product.cost * 2,
      },
    ]),
    marketplace: 'walmart',
  };
}

/** A dropshipper whose catalog lists only `distributor` (so the order goes there). */
function dropshipperFor(distributor: WorldDistributor, clients?: DistributorClient[]) {
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: clients ?? world.createDistributorClients({ fetch: globalThis.fetch }),
    marketplaces: world.createMarketplaceAdapters({ fetch: globalThis.fetch }),
    store,
    catalog: createMemoryCatalog(worldOffers(stock).filter((offer) => offer.distributor === distributor)),
    approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
    submitLeaseMs: 0,
  });
  return { store, dropshipper };
}

describe('cancelSalesOrder over each real distributor client', () => {
  for (const [index, distributor] of (['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'] as const).entries()) {
    it(`${distributor}: a placed PO goes to manual_cancel without a cancel call, and a person resolves it`, async () => {
      const { dropshipper, store } = dropshipperFor(distributor);
      const placed = await dropshipper.dropship(order(7100 + index, 2));
      const poNumber = placed.purchaseOrders[0]?.poNumber as string;
      expect(placed.purchaseOrders[0]).toMatchObject({ outcome: 'submitted', distributor });
      const simulator = world.distributors[distributor];
      const callsBefore = simulator.callCount();
      const result = await dropshipper.cancelSalesOrder(`walmart:${7100 + index}`);
      expect(result.lines).toEqual([expect.objectContaining({ status: 'manual-cancel', poNumber, quantity: 2 })]);
      expect((await store.getPurchaseOrder(poNumber))?.state).toBe('manual_cancel');
      // Nothing was sent to a distributor that cannot cancel a placed order.
      expect(simulator.callCount()).toBe(callsBefore);
      expect((await dropshipper.resolveManualCancel(poNumber, 'cancelled')).state).toBe('cancelled');
      expect(simulator.orderCount(poNumber)).toBe(1);
    });
  }

  it('automatic with its revoke path verified: cancelled at the distributor; the units kept placed again once', async () => {
    const automaticClient = createAutomatic({
      fetch: globalThis.fetch,
      timeoutMs: 2_000,
      retry: tinyRetry,
      apiToken: world.credentials.automaticApiToken,
      baseURL: world.distributors.automatic.baseURL,
      verifiedPaths: ['revokeOrders', 'orderLookup'],
    });
    expect(automaticClient.capabilities.cancel).toBe('supported');
    const { dropshipper, store } = dropshipperFor('automatic', [automaticClient]);
    const placed = await dropshipper.dropship(order(7110, 3));
    const poNumber = placed.purchaseOrders[0]?.poNumber as string;
    const lineId = '71101';
    const result = await dropshipper.cancelSalesOrder('walmart:7110', [{ lineId, quantity: 1 }]);
    expect(result.lines).toEqual([expect.objectContaining({ status: 'cancelled', poNumber, quantity: 1 })]);
    expect((await store.getPurchaseOrder(poNumber))?.state).toBe('cancelled');
    expect(result.replaced).toEqual([expect.objectContaining({ outcome: 'submitted', distributor: 'automatic' })]);
    const replacement = result.replaced[0]?.poNumber as string;
    expect(world.distributors.automatic.orderCount(replacement)).toBe(1);
    expect((await store.getPurchaseOrder(replacement))?.lines.map((line) => line.quantity)).toEqual([2]);
    // Asked again with the first order: nothing more is placed.
    await dropshipper.dropship(order(7110, 3));
    expect(world.distributors.automatic.orderCount(poNumber)).toBe(1);
    expect(world.distributors.automatic.orderCount(replacement)).toBe(1);
  });
});
