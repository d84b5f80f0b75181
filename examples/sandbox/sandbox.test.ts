import { parseListings } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, sampleDistributors, sampleOrder, sampleProducts, startSandbox } from './index.js';

describe('the examples’ sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox?.close());

  it('seeds every distributor with its offers and reaches each simulator with the sample credentials', async () => {
    expect(sandbox.distributors.map((client) => client.distributor)).toEqual([...sampleDistributors]);
    for (const client of sandbox.distributors) {
      const skus = sampleProducts.flatMap((product) =>
        product.offers.filter((offer) => offer.distributor === client.distributor).map((offer) => offer.sku),
      );
      const levels = await client.checkStock(skus);
      expect(
        levels.every((level) => level.found),
        client.distributor,
      ).toBe(true);
    }
    expect(sandbox.catalog.size).toBe(sampleProducts.reduce((sum, product) => sum + product.offers.length, 0));
  });

  it('lists an order in its marketplace at its time, read back by the adapter on the sandbox clock, once', async () => {
    const order = sampleOrder({
      marketplace: 'ebay',
      sequence: 7,
      // Ordered ten minutes ago: listed at that time, not when the sandbox heard of it.
      orderedAt: new Date(sandbox.clock.now().getTime() - 10 * 60_000).toISOString(),
      lines: [{ listingSku: 'EBC-FA181HH', quantity: 2 }],
    });
    sandbox.listOrder(order);
    sandbox.listOrder({ ...order, lines: [] }); // listed already: left as it is
    const ebay = sandbox.marketplaces.find((adapter) => adapter.marketplace === 'ebay');
    sandbox.clock.advanceMinutes(5);
    const page = await ebay?.orders?.list({
      since: new Date(Date.parse(order.orderedAt) - 60_000).toISOString(),
      until: new Date(Date.parse(order.orderedAt) + 60_000).toISOString(),
    });
    const listed = page?.orders.filter((entry) => entry.kind === 'order') ?? [];
    expect(listed.map((entry) => (entry.kind === 'order' ? entry.order.marketplaceOrderId : ''))).toEqual([
      order.marketplaceOrderId,
    ]);
    const [entry] = listed;
    expect(entry?.kind === 'order' ? entry.order.lines.map((line) => [line.sku, line.quantity]) : []).toEqual([
      ['EBC-FA181HH', 2],
    ]);
    expect(entry?.updatedAt).toBe(order.orderedAt);
  });

  it('lists every sample product on each marketplace under its listing SKU, one product each', () => {
    const listings = parseListings(sandbox.listings);
    expect(listings).toHaveLength(4 * sampleProducts.length);
    const [product] = sampleProducts;
    if (product === undefined) throw new Error('no sample product');
    expect(
      listings.filter((listing) => listing.sku === product.listingSku).map((listing) => listing.marketplace),
    ).toEqual(['ebay', 'amazon', 'walmart', 'shopify']);
    expect(listings.find((listing) => listing.sku === product.listingSku)?.product).toMatchObject({
      brand: product.brand,
      mpn: product.mpn,
    });
    // A listing SKU is no distributor's SKU: the catalog alone finds nothing for it.
    expect(sandbox.catalog.findOffersSync({ sku: product.listingSku })).toEqual([]);
  });

  it('answers real-time stock that differs from the catalog where the sample says so', async () => {
    const wps = sandbox.distributors.find((client) => client.distributor === 'wps');
    const [live] = (await wps?.checkStock(['60-5010'])) ?? [];
    const catalog = await sandbox.catalog.getOffer('wps', '60-5010');
    expect(catalog?.stock).toEqual([expect.objectContaining({ warehouse: 'CA', quantity: 6 })]);
    expect(live?.warehouses.reduce((sum, warehouse) => sum + warehouse.quantity, 0)).toBe(0);
  });

  it('delivers buyer emails to the SMTP sink on loopback', async () => {
    const order = sampleOrder({
      marketplace: 'shopify',
      sequence: 1,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'ODI-RUFFIAN', quantity: 1 }],
    });
    const notifier = sandbox.createNotifier();
    const shipment = {
      id: 'PO-1:1ZTEST',
      carrier: 'ups' as const,
      trackingNumber: '1ZTEST',
      shippedAt: sandbox.clock.iso(),
      lines: [{ lineId: order.lines[0]?.lineId ?? '', quantity: 1 }],
    };
    expect((await notifier.notifyShipment({ order, shipment })).status).toBe('sent');
    expect((await notifier.notifyShipment({ order, shipment })).status).toBe('already-sent');
    expect(sandbox.mailbox.messages()).toEqual([
      expect.objectContaining({ to: [order.buyer.email], subject: expect.stringContaining(order.marketplaceOrderId) }),
    ]);
  });

  it('moves its clock forward only, and stamps packages with it', () => {
    const before = sandbox.clock.now();
    sandbox.clock.set('2000-01-01T00:00:00.000Z');
    expect(sandbox.clock.now()).toEqual(before);
    sandbox.clock.advanceMinutes(90);
    expect(sandbox.clock.now().getTime() - before.getTime()).toBe(90 * 60_000);
  });

  it('gives every distributor simulator its own tracking numbers, so a split order never shows one number twice', async () => {
    const seen = new Map<string, string>();
    for (const client of sandbox.distributors) {
      const product = sampleProducts.find((candidate) =>
        candidate.offers.some((offer) => offer.distributor === client.distributor),
      );
      const offer = product?.offers.find((candidate) => candidate.distributor === client.distributor);
      if (offer === undefined) throw new Error(`no sample offer at ${client.distributor}`);
      const poNumber = `TN-${client.distributor.slice(0, 4).toUpperCase()}`;
      await client.submitOrder({
        poNumber,
        currency: 'USD',
        shipTo: {
          name: 'Dana Rider',
          address1: '1 Main St',
          city: 'Boise',
          region: 'ID',
          postalCode: '83702',
          country: 'US',
        },
        lines: [{ sku: offer.sku, quantity: 1 }],
      });
      const trackingNumber =
        sandbox.distributorSimulators[client.distributor as keyof typeof sandbox.distributorSimulators].shipOrder(
          poNumber,
        );
      expect(seen.get(trackingNumber), `${client.distributor} reused ${trackingNumber}`).toBeUndefined();
      seen.set(trackingNumber, client.distributor);
    }
    expect(seen.size).toBe(sandbox.distributors.length);
  });
});
