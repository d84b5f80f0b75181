import { getResponse } from 'msw';
import { afterAll, beforeAll, it } from 'vitest';
import { createReliabilityWorld, worldOffers } from './support/reliability-world.js';
import { createDropshipper, createMemoryCatalog, createMemoryStore } from '@dropship/core';
import { createMockBuyerNotifier } from '@dropship/core/test';

const world = createReliabilityWorld({ timeoutMs: 80 });
beforeAll(() => world.server.listen());
afterAll(() => world.server.close());

it('probe', async () => {
  const stock = { wps: [5, 5, 5, 5], 'parts-unlimited': [5, 5, 5, 5], 'tucker-rocky': [5, 5, 5, 5], automatic: [5, 5, 5, 5] };
  world.reset(stock);
  const url = `${world.distributors.wps.baseURL}/items?filter[sku]=15-196HH&include=inventory`;
  let t = performance.now();
  for (let i = 0; i < 200; i++) await (await fetch(url, { headers: { authorization: 'Bearer reliability-wps-token' } })).text();
  console.log('msw fetch ms/request', (performance.now() - t) / 200);
  const handlers = [...world.distributors.wps.handlers];
  t = performance.now();
  for (let i = 0; i < 200; i++) { const r = await getResponse(handlers, new Request(url, { headers: { authorization: 'Bearer reliability-wps-token' } })); await r?.text(); }
  console.log('getResponse ms/request', (performance.now() - t) / 200);
  // one fault-free loop
  let calls = 0;
  const countingFetch: typeof fetch = (input, init) => { calls++; return globalThis.fetch(input, init); };
  for (let k = 0; k < 5; k++) {
    world.reset(stock);
    calls = 0;
    t = performance.now();
    const order = { marketplace: 'shopify', marketplaceOrderId: String(7000 + k), orderedAt: new Date().toISOString(), currency: 'USD', buyer: { name: 'A', email: 'a@example.com' }, shipTo: { name: 'A', address1: '1 Main', city: 'Boise', region: 'ID', postalCode: '83702', country: 'US' }, lines: [{ lineId: '91', sku: '15-196HH', product: { brand: 'EBC', mpn: 'FA196HH' }, quantity: 1, unitPrice: 5000 }, { lineId: '92', sku: '48-520VX3', product: { brand: 'DID', mpn: '520VX3-120' }, quantity: 1, unitPrice: 15000 }] };
    world.addMarketplaceOrder(order as never);
    const dropshipper = createDropshipper({ distributors: world.createDistributorClients({ fetch: countingFetch }), marketplaces: world.createMarketplaceAdapters({ fetch: countingFetch }), notifier: createMockBuyerNotifier(), store: createMemoryStore(), catalog: createMemoryCatalog(worldOffers(stock)), approval: { mode: 'auto' } });
    const t1 = performance.now();
    const r = await dropshipper.dropship(order);
    const t2 = performance.now();
    for (const o of world.distributors.wps.orders()) world.distributors.wps.shipOrder(o.poNumber, { trackingNumber: `1ZR00000000000${k}999` });
    const s = await dropshipper.syncTracking();
    const t3 = performance.now();
    await dropshipper.syncTracking();
    console.log('loop', r.status, s.trackingPushed, 'calls', calls, 'dropship ms', (t2 - t1).toFixed(1), 'sync ms', (t3 - t2).toFixed(1), 'total', (performance.now() - t).toFixed(1));
  }
}, 600_000);
