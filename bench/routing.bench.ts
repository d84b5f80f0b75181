/**
 * Routing benchmark: the product's own plan step against a bare baseline, in the same run.
 *
 * - Product: `createDropshipper({ distributors, catalog, rules }).plan(order)`, exactly as a user
 *   calls it: the order parsed, every line's offers read from a 1,000,000-offer memory catalog
 *   through the `Catalog` port, real-time stock asked of each distributor once per order (plain
 *   in-memory `DistributorClient`s answering from the same data), eligibility and routing, the
 *   plan with PO numbers and profit.
 * - Baseline: a Map look-up per line and the cheapest eligible, in-stock offer, on the same data.
 *
 * Prints lines/s of both, the ratio (target ≤ 3×) and the catalog's memory (target ≤ 400 MB).
 * There is no absolute lines/s target.
 *
 * Run: pnpm bench routing (BENCH_OFFERS and BENCH_ORDERS override the sizes).
 */
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createDropshipper, createMemoryCatalog, type Offer, type SalesOrder } from '@dropship/core';
import {
  DISTRIBUTORS,
  type DistributorCallCounts,
  feed,
  inMemoryDistributor,
  NOW,
  productCount,
  salesOrders,
} from './support/routing-data.js';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 20_000);
const LINES_PER_ORDER = 3;
const ROUNDS = 3;
const PRODUCTS = productCount(OFFERS);
const RULES = {
  maxLeadTimeDays: 1,
  distributorPriority: ['wps', 'parts-unlimited'],
  marketplaceFeeBasisPoints: { ebay: 1325 },
};
const targets = { ratio: 3, catalogMegabytes: 400 };

function collectGarbage(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = collectGarbage();

function memoryNow(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

// --- catalog -------------------------------------------------------------------------------------
const memoryBefore = memoryNow();
const loadStarted = performance.now();
const catalog = createMemoryCatalog();
for (let distributor = 0; distributor < DISTRIBUTORS.length; distributor++) {
  catalog.replaceOffersSync(DISTRIBUTORS[distributor] as string, feed(distributor, PRODUCTS));
}
const loadSeconds = (performance.now() - loadStarted) / 1000;
const catalogMegabytes = (memoryNow() - memoryBefore) / 1024 / 1024;

const orders = salesOrders(ORDERS, LINES_PER_ORDER, PRODUCTS);
const lineCount = ORDERS * LINES_PER_ORDER;

// --- baseline: a Map look-up and the cheapest eligible, in-stock offer ---------------------------
// SKU → every offer of its product (brand + MPN), built from the catalog's offers once.
let baselineIndex = new Map<string, Offer[]>();
for (let distributor = 0; distributor < DISTRIBUTORS.length; distributor++) {
  for (const input of feed(distributor, PRODUCTS)) {
    const offer = catalog.getOfferSync(input.distributor, input.sku) as Offer;
    const key = `${offer.brand}|${offer.mpn}`;
    let siblings = baselineIndex.get(key);
    if (siblings === undefined) {
      siblings = [];
      baselineIndex.set(key, siblings);
    }
    siblings.push(offer);
    baselineIndex.set(offer.sku, siblings);
  }
}

function runBaseline(): number {
  let checksum = 0;
  for (let orderIndex = 0; orderIndex < orders.length; orderIndex++) {
    const lines = (orders[orderIndex] as SalesOrder).lines;
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
      const line = lines[lineIndex] as SalesOrder['lines'][number];
      const offers = baselineIndex.get(line.sku);
      if (offers === undefined) continue;
      let best = -1;
      for (let index = 0; index < offers.length; index++) {
        const offer = offers[index] as Offer;
        if (!offer.dropShipEligible || offer.discontinued || offer.hazardous || offer.truckOnly) continue;
        // The benchmark's instants share one ISO format, so comparing the strings is exact (and cheaper
        // than Date.parse: the baseline stays as bare as it can be).
        if (offer.expiresAt !== undefined && offer.expiresAt <= NOW) continue;
        let quantity = 0;
        for (const row of offer.stock) if (row.leadTimeDays <= RULES.maxLeadTimeDays) quantity += row.quantity;
        const landed = offer.cost + offer.dropShipFee + offer.estimatedShipping;
        if (quantity >= line.quantity && (best < 0 || landed < best)) best = landed;
      }
      if (best >= 0) checksum += best;
    }
  }
  return checksum;
}

// --- product: the dropshipper's plan step ---------------------------------------------------------
const counts: DistributorCallCounts = { checkStock: 0, skus: 0 };
const dropshipper = createDropshipper({
  distributors: DISTRIBUTORS.map((_, index) => inMemoryDistributor(index, counts)),
  catalog,
  rules: RULES,
  now: () => new Date(NOW),
});

interface PlanTotals {
  lines: number;
  placedLines: number;
  purchaseOrders: number;
  profit: number;
}

async function runProduct(count: number): Promise<PlanTotals> {
  const totals: PlanTotals = { lines: 0, placedLines: 0, purchaseOrders: 0, profit: 0 };
  for (let index = 0; index < count; index++) {
    const order = orders[index] as SalesOrder;
    const plan = await dropshipper.plan(order);
    totals.lines += order.lines.length;
    totals.placedLines += order.lines.length - plan.unplaced.length;
    totals.purchaseOrders += plan.purchaseOrders.length;
    totals.profit += plan.profit.profit;
  }
  return totals;
}

/** Wall-clock seconds (the ratio's figure) and CPU seconds of this process (less sensitive to a busy machine). */
async function time<T>(run: () => T | Promise<T>): Promise<{ seconds: number; cpuSeconds: number; result: T }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStarted);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

// Warm up (JIT), then measure each ROUNDS times and keep the best. The baseline's index is
// dropped before the product runs, so that neither pays for the other's garbage collection.
runBaseline();
let baselineSeconds = Number.POSITIVE_INFINITY;
let baselineCpuSeconds = Number.POSITIVE_INFINITY;
let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  gc();
  const measured = await time(runBaseline);
  baselineSeconds = Math.min(baselineSeconds, measured.seconds);
  baselineCpuSeconds = Math.min(baselineCpuSeconds, measured.cpuSeconds);
  checksum = measured.result;
}
baselineIndex = new Map();

await runProduct(Math.min(ORDERS, 5_000));
let productSeconds = Number.POSITIVE_INFINITY;
let productCpuSeconds = Number.POSITIVE_INFINITY;
let totals: PlanTotals | undefined;
const callsBefore = counts.checkStock;
for (let round = 0; round < ROUNDS; round++) {
  gc();
  const measured = await time(() => runProduct(ORDERS));
  productSeconds = Math.min(productSeconds, measured.seconds);
  productCpuSeconds = Math.min(productCpuSeconds, measured.cpuSeconds);
  totals = measured.result;
}
const stockChecksPerOrder = (counts.checkStock - callsBefore) / (ROUNDS * ORDERS);

const productLinesPerSecond = lineCount / productSeconds;
const baselineLinesPerSecond = lineCount / baselineSeconds;
const ratio = productSeconds / baselineSeconds;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
const format = (value: number): string => Math.round(value).toLocaleString('en-US');

console.log(
  `routing benchmark: ${format(ORDERS)} orders × ${LINES_PER_ORDER} lines against ${format(catalog.size)} offers (${format(PRODUCTS)} products, ${DISTRIBUTORS.length} distributors), best of ${ROUNDS}`,
);
console.log(`  catalog load          ${loadSeconds.toFixed(2)} s`);
console.log(
  `  plans                 ${format(totals?.placedLines ?? 0)} of ${format(totals?.lines ?? 0)} lines placed, ${format(totals?.purchaseOrders ?? 0)} POs, profit checksum ${format(totals?.profit ?? 0)}; ${stockChecksPerOrder.toFixed(2)} stock checks per order`,
);
console.log(`  baseline              ${format(baselineLinesPerSecond)} lines/s (checksum ${format(checksum)})`);
console.log(`  dropshipper.plan      ${format(productLinesPerSecond)} lines/s`);
console.log(
  `  ratio to baseline     ${ratio.toFixed(1)}×   target ≤ ${targets.ratio}×   ${verdict(ratio <= targets.ratio)}`,
);
console.log(
  `  (CPU time: dropshipper.plan ${format(lineCount / productCpuSeconds)} lines per CPU-second, baseline ${format(lineCount / baselineCpuSeconds)}; load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores)`,
);
console.log(
  `  catalog memory        ${catalogMegabytes.toFixed(1)} MB (heap + array buffers, after GC)   target ≤ ${targets.catalogMegabytes} MB   ${verdict(catalogMegabytes <= targets.catalogMegabytes)}`,
);
