// Tracking sync benchmark: 10,000 open POs across four simulated distributors, 5 ms simulated
// latency per call, per-distributor concurrency 8. Prints the wall time (the median of five
// syncs after a warm-up, see below), the theoretical minimum for those limits, their ratio, the
// distributor calls against the minimum each API's batching allows, and the CPU time of a sync
// (for information: steadier than wall time on a busy machine). Target: ratio ≤ 1.25×, calls
// equal to the minimum. Not a test.
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

// Warm-up (not timed): separate worlds of the same size and make-up, each synced once, so that
// the timed syncs run code V8 has compiled for this work (and a heap sized for it), as in a
// service that syncs every few minutes. A smaller warm-up leaves the shipped-PO path to be
// compiled during the timed sync. The first warm-up sync, in a fresh process, is printed too.
const warmUpWorlds = 3;
const timedWorlds = 5;

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

for (let world = 0; world < warmUpWorlds; world++) {
  process.stdout.write(
    `warm-up ${world + 1}/${warmUpWorlds}: placing ${totalPurchaseOrders} POs, then one sync (not timed)...`,
  );
  const syncing = await openPurchaseOrders(totalPurchaseOrders, `W${world}`);
  const started = performance.now();
  await syncing.syncTracking();
  process.stdout.write(
    world === 0 ? ` first sync of the process: ${(performance.now() - started).toFixed(1)} ms\n` : ' done\n',
  );
}

const { Session } = await import('node:inspector/promises');
const walls: number[] = [];
/** CPU time of each timed sync (this process, user + system), ms: steadier than wall time on a busy machine. */
const cpus: number[] = [];
let callsAtMinimum = true;
const shippedPerWorld = Math.round(totalPurchaseOrders * shippedShare);
/** Every timed sync recorded, pushed and completed every shipped PO, without an error. */
let allSettled = true;
for (let world = 0; world < timedWorlds; world++) {
  const syncing = await openPurchaseOrders(totalPurchaseOrders, `T${world}`);
  // Profiles the first timed sync when asked (DROPSHIP_BENCH_PROFILE=<file>.cpuprofile).
  const profile = world === 0 && process.env.DROPSHIP_BENCH_PROFILE ? new Session() : undefined;
  if (profile) {
    profile.connect();
    await profile.post('Profiler.enable');
    await profile.post('Profiler.setSamplingInterval', { interval: 100 });
    await profile.post('Profiler.start');
  }
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await syncing.syncTracking();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  cpus.push((cpu.user + cpu.system) / 1_000);
  if (profile) {
    const { profile: cpu } = await profile.post('Profiler.stop');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.DROPSHIP_BENCH_PROFILE as string, JSON.stringify(cpu));
  }
  walls.push(wallMs);
  if (result.distributorCalls !== minimumCalls) callsAtMinimum = false;
  if (result.shipmentsRecorded !== shippedPerWorld || result.completed !== shippedPerWorld || result.errors.length > 0)
    allSettled = false;
  console.log(
    `timed sync ${world + 1}/${timedWorlds}: ${wallMs.toFixed(1)} ms (CPU ${(cpus.at(-1) as number).toFixed(1)} ms); open POs: ${result.purchaseOrders}, shipments recorded: ${result.shipmentsRecorded}, completed: ${result.completed}, errors: ${result.errors.length}, distributor calls: ${result.distributorCalls}`,
  );
}

const sorted = [...walls].sort((left, right) => left - right);
const medianMs = sorted[Math.floor(sorted.length / 2)] as number;
const ratio = medianMs / minimumMs;
console.log(
  `wall time: ${medianMs.toFixed(1)} ms (median of ${timedWorlds} syncs, each of a fresh world; fastest ${(sorted[0] as number).toFixed(1)} ms, slowest ${(sorted[sorted.length - 1] as number).toFixed(1)} ms); theoretical minimum: ${minimumMs} ms; ratio: ${ratio.toFixed(2)}× (target ≤ 1.25×) ${ratio <= 1.25 ? 'PASS' : 'FAIL'}`,
);
const medianCpuMs = [...cpus].sort((left, right) => left - right)[Math.floor(cpus.length / 2)] as number;
console.log(
  `CPU time: ${medianCpuMs.toFixed(1)} ms (median; ${((medianCpuMs * 1_000) / shippedPerWorld).toFixed(1)} µs per shipped PO, simulated distributors and marketplace included; for information: wall time above includes whatever else the machine runs)`,
);
console.log(
  `distributor calls per sync: ${callsAtMinimum ? minimumCalls : 'not always'} ${callsAtMinimum ? '=' : '≠'} the minimum with each API's batching (${minimumCalls}) ${callsAtMinimum ? 'PASS' : 'FAIL'}`,
);
console.log(
  `every timed sync settled its ${shippedPerWorld} shipped POs (recorded, pushed, completed) without an error: ${allSettled ? 'yes PASS' : 'no FAIL'}`,
);
