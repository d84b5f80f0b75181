import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type OfferInput,
  type SalesOrder,
} from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { riderOrder } from '../support/rider-order.js';
import {
  createReliabilityServer,
  createReliabilityWorld,
  type ProductStock,
  type WorldDistributor,
  worldOffers,
  worldProducts,
} from './support/reliability-world.js';

// Re-routing and the price guard with the real clients over their simulators (HTTP through MSW,
// no vendor host): each distributor refuses the way its API refuses (its own status and body,
// classified into a RejectionReason by its client), cancels on its side the way its API then
// shows it, and answers a changed price where its stock call carries one. The lines go to the
// next distributor on a new PO number, once.

const world = createReliabilityServerWorld();
const stock: ProductStock = {
  wps: [9, 9, 9, 9],
  'parts-unlimited': [9, 9, 9, 9],
  'tucker-rocky': [9, 9, 9, 9],
  automatic: [9, 9, 9, 9],
};
const server = createReliabilityServer([world]);
const distributors = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'] as const;

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(() => world.reset(stock));

function createReliabilityServerWorld() {
  return createReliabilityWorld({ timeoutMs: 2_000, lane: 73 });
}

/** The distributor the lines go to when `distributor` refuses them. */
function fallbackOf(distributor: WorldDistributor): WorldDistributor {
  return distributors[(distributors.indexOf(distributor) + 1) % distributors.length] as WorldDistributor;
}

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
        unitPrice: product.cost * 3,
      },
    ]),
    marketplace: 'walmart',
  };
}

/**
 * A dropshipper whose catalog offers the product at `first` and, dearer, at its fallback (so the
 * plan goes to `first` until it refuses), re-routing refusals.
 */
function dropshipperFor(first: WorldDistributor, extra: { priceGuard?: boolean } = {}) {
  const fallback = fallbackOf(first);
  const offers: OfferInput[] = worldOffers(stock)
    .filter((offer) => offer.distributor === first || offer.distributor === fallback)
    .map((offer) => (offer.distributor === fallback ? { ...offer, cost: (offer.cost ?? 0) + 500 } : offer));
  const store = createMemoryStore();
  const dropshipper = createDropshipper({
    distributors: world.createDistributorClients({ fetch: globalThis.fetch }),
    marketplaces: world.createMarketplaceAdapters({ fetch: globalThis.fetch }),
    store,
    catalog: createMemoryCatalog(offers),
    approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
    reroute: { maxReroutes: 2 },
    ...(extra.priceGuard ? { priceGuard: { tolerancePercent: 10, action: 'reroute' as const } } : {}),
  });
  return { store, dropshipper, fallback };
}

describe('re-routing over each real distributor client', () => {
  for (const [index, distributor] of distributors.entries()) {
    it(`${distributor}: an out-of-stock refusal at submission sends the line to the next distributor, once`, async () => {
      const { dropshipper, store, fallback } = dropshipperFor(distributor);
      const simulator = world.distributors[distributor];
      simulator.rejectNextOrders?.({ reason: 'out-of-stock' });
      const serial = 7300 + index;
      const result = await dropshipper.dropship(order(serial, 2));
      const pos = await store.findPurchaseOrders({ salesOrderId: `walmart:${serial}` });
      const refused = pos.find((po) => po.distributor === distributor);
      const rerouted = pos.find((po) => po.distributor === fallback);
      expect(refused).toMatchObject({
        state: 'rejected',
        rejection: expect.objectContaining({ reason: 'out-of-stock' }),
      });
      expect(rerouted).toMatchObject({ state: expect.stringMatching(/submitted|acknowledged/) });
      expect(rerouted?.reroute).toMatchObject({ fromPoNumber: refused?.poNumber, attempt: 1 });
      expect(rerouted?.lines.map((line) => line.quantity)).toEqual([2]);
      // Nothing was placed at the distributor that refused; the fallback holds exactly one order.
      expect(simulator.orderCount(refused?.poNumber as string)).toBe(0);
      expect(world.distributors[fallback].orderCount(rerouted?.poNumber as string)).toBe(1);
      // Asked again: nothing more is placed anywhere.
      await dropshipper.dropship(order(serial, 2));
      expect(await store.findPurchaseOrders({ salesOrderId: `walmart:${serial}` })).toHaveLength(2);
      expect(world.distributors[fallback].orderCount(rerouted?.poNumber as string)).toBe(1);
      expect(result.purchaseOrders.some((po) => po.distributor === fallback)).toBe(true);
    });

    it(`${distributor}: a cancel on the distributor's side, seen by syncTracking, re-routes the line once`, async () => {
      const { dropshipper, store, fallback } = dropshipperFor(distributor);
      const serial = 7310 + index;
      const placed = await dropshipper.dropship(order(serial, 1));
      const poNumber = placed.purchaseOrders[0]?.poNumber as string;
      expect(placed.purchaseOrders[0]).toMatchObject({ outcome: 'submitted', distributor });
      world.distributors[distributor].cancelOnDistributorSide?.(poNumber, { reason: 'discontinued' });
      await dropshipper.syncTracking();
      await dropshipper.syncTracking();
      const pos = await store.findPurchaseOrders({ salesOrderId: `walmart:${serial}` });
      expect(pos.find((po) => po.poNumber === poNumber)?.state).toMatch(/cancelled|rejected/);
      const rerouted = pos.filter((po) => po.distributor === fallback);
      expect(rerouted).toHaveLength(1);
      expect(world.distributors[fallback].orderCount(rerouted[0]?.poNumber as string)).toBe(1);
    });
  }

  // WPS and Automatic answer a dealer price with their stock by default (Parts Unlimited and
  // Tucker Rocky only with their `stockPrices` setting, an extra call or another request type).
  for (const distributor of ['wps', 'automatic'] as const) {
    it(`${distributor}: a real-time price above the planned cost is not placed blind; the line goes to the next distributor`, async () => {
      const { dropshipper, store, fallback } = dropshipperFor(distributor, { priceGuard: true });
      const product = worldProducts[0] as (typeof worldProducts)[number];
      world.distributors[distributor].setPrice?.(product.skus[distributor], product.cost * 2);
      const serial = 7320 + distributors.indexOf(distributor);
      await dropshipper.dropship(order(serial, 1));
      const pos = await store.findPurchaseOrders({ salesOrderId: `walmart:${serial}` });
      expect(pos.filter((po) => po.distributor === distributor && po.state !== 'draft')).toEqual([]);
      expect(world.distributors[distributor].orders()).toEqual([]);
      expect(pos.filter((po) => po.distributor === fallback)).toHaveLength(1);
    });
  }
});
