// Tracking sync benchmark: 10,000 open POs across four simulated distributors, 5 ms simulated
// latency per call, per-distributor concurrency 8. Prints the wall time, the theoretical minimum
// for those limits, their ratio, and the distributor calls against the minimum each API's
// batching allows. Target: ratio ≤ 1.25×, calls equal to the minimum. Not a test.
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DistributorCapabilities,
  type DistributorClient,
  type OfferInput,
  type SalesOrder,
} from '@dropship/core';
import { createMockDistributorClient, createMockMarketplaceAdapter } from '@dropship/core/test';

const totalPurchaseOrders = 10_000;
const latencyMs = 5;
const concurrency = 8;
const shippedShare = 0.1; // a tenth of the open POs shipped since the last sync

// Each simulated distributor batches tracking as its real client does.
const distributors: { id: string; capabilities: Partial<DistributorCapabilities> }[] = [
  { id: 'wps', capabilities: { batchTracking: 'date-range' } },
  { id: 'parts-unlimited', capabilities: { batchTracking: 'date-range' } },
  { id: 'tucker-rocky', capabilities: { batchTracking: 'po-list', maxTrackingBatch: 50 } },
  { id: 'automatic', capabilities: { batchTracking: 'date-range' } },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds a fixed latency to every call of a client (the simulated network). */
function withLatency(client: DistributorClient): DistributorClient {
  return {
    ...client,
    capabilities: client.capabilities,
    distributor: client.distributor,
    specificationVersion: 'v1',
    checkStock: async (...args) => {
      await sleep(latencyMs);
      return client.checkStock(...args);
    },
    submitOrder: (...args) => client.submitOrder(...args),
    findOrder: async (...args) => {
      await sleep(latencyMs);
      return client.findOrder(...args);
    },
    listShipments: async (...args) => {
      await sleep(latencyMs);
      return client.listShipments(...args);
    },
    cancelOrder: (...args) => client.cancelOrder(...args),
  };
}

// One clock reading for the whole run: the SDK calls `now` for every transition, and parsing a
// date string on each call would be the benchmark's own cost, not the SDK's.
const fixedNow = new Date('2026-11-20T15:00:00.000Z');
const now = () => fixedNow;

/**
 * Places `count` POs (spread over the four distributors) through a fresh store, ships the given
 * share of them at the mocks, and returns a dropshipper that syncs them with the latency and
 * concurrency of the benchmark.
 */
async function openPurchaseOrders(count: number, label: string) {
  const mocks = distributors.map(({ id, capabilities }) =>
    createMockDistributorClient({ distributor: id, capabilities, stock: { [`${id}-SKU`]: { A: 1_000_000 } }, now }),
  );
  const offers: OfferInput[] = distributors.map(({ id }) => ({
    distributor: id,
    sku: `${id}-SKU`,
    brand: id,
    mpn: 'PART',
    currency: 'USD',
    cost: 1000,
    stock: [{ warehouse: 'A', quantity: 1_000_000, leadTimeDays: 0 }],
  }));
  const store = createMemoryStore();
  const marketplace = createMockMarketplaceAdapter({ marketplace: 'ebay', notifiesBuyer: true });
  const placing = createDropshipper({
    distributors: mocks,
    marketplaces: [marketplace],
    store,
    catalog: createMemoryCatalog(offers),
    approval: { mode: 'auto' },
    now,
  });
  for (let index = 0; index < count; index++) {
    const distributor = distributors[index % distributors.length]!.id;
    const order: SalesOrder = {
      marketplace: 'ebay',
      marketplaceOrderId: `${label}-${index}`,
      orderedAt: '2026-11-20T14:00:00.000Z',
      currency: 'USD',
      buyer: { name: 'Buyer' },
      shipTo: { name: 'Buyer', address1: '1 Main St', city: 'Boise', region: 'ID', postalCode: '83702', country: 'US' },
      lines: [{ lineId: 'L1', sku: `${distributor}-SKU`, quantity: 1, unitPrice: 5000 }],
      shippingPaid: 0,
    };
    await placing.dropship(order);
  }
  for (const mock of mocks) {
    const orders = mock.orders();
    for (let index = 0; index < orders.length * shippedShare; index++) mock.shipOrder(orders[index]!.poNumber);
  }
  const syncing = createDropshipper({
    distributors: mocks.map(withLatency),
    marketplaces: [marketplace],
    store,
    catalog: createMemoryCatalog(offers),
    concurrencyPerDistributor: concurrency,
    now,
  });
  await syncing.recover();
  return syncing;
}

// Warm-up (not timed): a separate world of 2,000 POs synced once, so that the timed sync runs
// compiled code, as a service that syncs every few minutes does, not the interpreter's first
// pass. Nothing is shared with the timed world but the code.
process.stdout.write('warming up on a separate 2,000-PO world (not timed)...\n');
await (await openPurchaseOrders(2_000, 'W')).syncTracking();

process.stdout.write(`placing ${totalPurchaseOrders} POs (setup, not timed)...\n`);
const syncing = await openPurchaseOrders(totalPurchaseOrders, 'B');

const { Session } = await import('node:inspector/promises');
const profile = process.env.DROPSHIP_BENCH_PROFILE ? new Session() : undefined;
if (profile) {
  profile.connect();
  await profile.post('Profiler.enable');
  await profile.post('Profiler.setSamplingInterval', { interval: 100 });
  await profile.post('Profiler.start');
}
const started = performance.now();
const result = await syncing.syncTracking();
const wallMs = performance.now() - started;
if (profile) {
  const { profile: cpu } = await profile.post('Profiler.stop');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.DROPSHIP_BENCH_PROFILE as string, JSON.stringify(cpu));
}

const perDistributor = totalPurchaseOrders / distributors.length;
let minimumCalls = 0;
let minimumMs = 0;
for (const { capabilities } of distributors) {
  const calls =
    capabilities.batchTracking === 'date-range'
      ? 1
      : capabilities.batchTracking === 'po-list'
        ? Math.ceil(perDistributor / (capabilities.maxTrackingBatch ?? 1))
        : perDistributor;
  minimumCalls += calls;
  // Distributors run in parallel; each runs `concurrency` calls at a time.
  minimumMs = Math.max(minimumMs, Math.ceil(calls / concurrency) * latencyMs);
}
const ratio = wallMs / minimumMs;
console.log(
  `open POs: ${result.purchaseOrders}, shipments recorded: ${result.shipmentsRecorded}, completed: ${result.completed}, errors: ${result.errors.length}`,
);
console.log(
  `wall time: ${wallMs.toFixed(1)} ms; theoretical minimum: ${minimumMs} ms; ratio: ${ratio.toFixed(2)}× (target ≤ 1.25×) ${ratio <= 1.25 ? 'PASS' : 'FAIL'}`,
);
console.log(
  `distributor calls: ${result.distributorCalls}; minimum with each API's batching: ${minimumCalls} ${result.distributorCalls === minimumCalls ? 'PASS' : 'FAIL'}`,
);
