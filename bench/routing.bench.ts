/**
 * Routing benchmark (issue 2): plan 100,000 orders of 3 lines against a 1,000,000-offer catalog
 * spread over 4 distributors, and compare with a bare baseline measured in the same run.
 *
 * Run: node --conditions=@dropship/source --import tsx bench/routing.bench.ts
 * (`--expose-gc` is optional: the script enables GC itself to measure memory.)
 *
 * Targets: ≥ 1,000,000 lines/s; planner ≤ 3× the baseline's time per line; catalog ≤ 400 MB.
 */
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createMemoryCatalog,
  createPlanner,
  createStockLedger,
  type Offer,
  type OfferInput,
  type SalesOrder,
} from '@dropship/core';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const LINES_PER_ORDER = 3;
const DISTRIBUTORS = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'] as const;
const SKU_PREFIX = ['87-', 'PU', 'TR', 'AD'] as const;
const WAREHOUSES = [
  ['ID', 'TN', 'PA', 'NV'],
  ['NV', 'WI', 'PA', 'TX'],
  ['TX', 'NV', 'IN'],
  ['CA', 'NJ'],
] as const;
const PRESENCE = 0.8; // chance that a distributor carries a product
const PRODUCTS = Math.ceil(OFFERS / (DISTRIBUTORS.length * PRESENCE));
const NOW = Date.parse('2026-11-22T12:00:00Z');
const UPDATED_AT = '2026-11-22T06:00:00Z';
const EXPIRES_AT = '2026-11-23T06:00:00Z';
const EXPIRED_AT = '2026-11-21T06:00:00Z';
const BRANDS = Array.from({ length: 200 }, (_, index) => `Brand ${index}`);

const targets = { linesPerSecond: 1_000_000, ratio: 3, catalogMegabytes: 400 };

function collectGarbage(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing !== undefined) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const gc = collectGarbage();

/** Deterministic 32-bit hash of two integers (no Math.random: the same catalog every run). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function carries(product: number, distributor: number): boolean {
  return mix(product, distributor) / 0x1_0000_0000 < PRESENCE;
}

function skuOf(product: number, distributor: number): string {
  return `${SKU_PREFIX[distributor]}${(product * 7 + distributor).toString().padStart(7, '0')}`;
}

/** One distributor's feed: every product it carries, generated lazily (no second copy in memory). */
function* feed(distributor: number): Generator<OfferInput> {
  const warehouses = WAREHOUSES[distributor] as readonly string[];
  const fee = [0, 300, 250, 400][distributor] as number;
  for (let product = 0; product < PRODUCTS; product++) {
    if (!carries(product, distributor)) continue;
    const h = mix(product, distributor + 17);
    const base = 500 + (mix(product, 99) % 40_000);
    const stock = [];
    const rows = 2 + (h % (warehouses.length - 1));
    for (let row = 0; row < rows; row++) {
      const q = mix(product * 8 + row, distributor);
      stock.push({
        warehouse: warehouses[row] as string,
        quantity: q % 10 < 3 ? 0 : q % 13,
        leadTimeDays: q % 17 === 0 ? 3 : row === 0 ? 0 : 1,
        isFloor: distributor === 0 && q % 13 === 12,
      });
    }
    const flags = h % 100;
    yield {
      distributor: DISTRIBUTORS[distributor] as string,
      sku: skuOf(product, distributor),
      brand: BRANDS[product % BRANDS.length] as string,
      mpn: `MP-${product.toString(36).toUpperCase()}`,
      upc: (100_000_000_000 + product).toString(),
      currency: 'USD',
      cost: base + (h % 900),
      dropShipFee: fee,
      estimatedShipping: 400 + (h % 800),
      stock,
      dropShipEligible: flags !== 0,
      discontinued: flags === 1 || flags === 2,
      hazardous: flags === 3,
      truckOnly: flags === 4,
      updatedAt: UPDATED_AT,
      expiresAt: flags === 5 ? EXPIRED_AT : EXPIRES_AT,
    };
  }
}

function megabytes(bytes: number): number {
  return bytes / 1024 / 1024;
}

function memoryNow(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

// --- catalog ---------------------------------------------------------------------------------
const memoryBefore = memoryNow();
const loadStarted = performance.now();
const catalog = createMemoryCatalog();
for (let distributor = 0; distributor < DISTRIBUTORS.length; distributor++) {
  catalog.replaceOffersSync(DISTRIBUTORS[distributor] as string, feed(distributor));
}
const loadSeconds = (performance.now() - loadStarted) / 1000;
const catalogMegabytes = megabytes(memoryNow() - memoryBefore);

// --- orders ------------------------------------------------------------------------------------
function pickOffer(seed: number): { product: number; distributor: number } {
  for (let attempt = 0; ; attempt++) {
    const product = mix(seed, attempt) % PRODUCTS;
    const distributor = mix(seed, attempt + 1000) % DISTRIBUTORS.length;
    if (carries(product, distributor)) return { product, distributor };
  }
}

const orders: SalesOrder[] = new Array(ORDERS);
for (let index = 0; index < ORDERS; index++) {
  const lines = [];
  for (let lineIndex = 0; lineIndex < LINES_PER_ORDER; lineIndex++) {
    const { product, distributor } = pickOffer(index * LINES_PER_ORDER + lineIndex);
    const q = mix(index, lineIndex);
    lines.push({
      lineId: `L${lineIndex + 1}`,
      sku: skuOf(product, distributor),
      quantity: q % 10 < 7 ? 1 : 1 + (q % 3),
      unitPrice: Math.round((500 + (mix(product, 99) % 40_000) + 900) * 1.35),
    });
  }
  orders[index] = {
    marketplace: 'ebay',
    marketplaceOrderId: `24-${(10_000_000 + index).toString()}-1`,
    orderedAt: '2026-11-22T10:00:00Z',
    currency: 'USD',
    buyer: { name: 'Buyer', email: 'buyer@example.com' },
    shipTo: { name: 'Buyer', address1: '1 Main St', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US' },
    lines,
    shippingPaid: 995,
  };
}

// --- baseline: a plain loop doing a Map lookup and picking the cheapest in-stock offer -------------
// The same offers as the plain objects the model defines, indexed the naive way as the feeds
// arrive (distributor by distributor): SKU → every offer of its product. It is measured first
// and dropped before the planner runs, so that neither pays for the other's garbage collection.
let baselineIndex = new Map<string, Offer[]>();
{
  const byProduct = new Map<string, Offer[]>();
  for (let distributor = 0; distributor < DISTRIBUTORS.length; distributor++) {
    for (let product = 0; product < PRODUCTS; product++) {
      if (!carries(product, distributor)) continue;
      const offer = catalog.getOfferSync(DISTRIBUTORS[distributor] as string, skuOf(product, distributor));
      if (offer === undefined) continue;
      const key = `${offer.brand}|${offer.mpn}`;
      let siblings = byProduct.get(key);
      if (siblings === undefined) {
        siblings = [];
        byProduct.set(key, siblings);
      }
      siblings.push(offer);
      baselineIndex.set(offer.sku, siblings);
    }
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
        let quantity = 0;
        for (let row = 0; row < offer.stock.length; row++)
          quantity += (offer.stock[row] as Offer['stock'][number]).quantity;
        if (quantity >= line.quantity && (best < 0 || offer.cost < best)) best = offer.cost;
      }
      if (best >= 0) checksum += best;
    }
  }
  return checksum;
}

// --- planner ---------------------------------------------------------------------------------------
const planner = createPlanner({
  catalog,
  rules: {
    maxLeadTimeDays: 1,
    distributorPriority: ['wps', 'parts-unlimited'],
    warehouses: { 'tucker-rocky': { IN: { excluded: true } }, automatic: { NJ: { leadTimeDays: 2 } } },
    marketplaceFeeBasisPoints: { ebay: 1325 },
  },
});

interface PlanTotals {
  lines: number;
  placedLines: number;
  purchaseOrders: number;
  profit: number;
}

function runPlanner(count: number): PlanTotals {
  const ledger = createStockLedger();
  const totals: PlanTotals = { lines: 0, placedLines: 0, purchaseOrders: 0, profit: 0 };
  for (let index = 0; index < count; index++) {
    const order = orders[index] as SalesOrder;
    const plan = planner.plan(order, { ledger, now: NOW });
    totals.lines += order.lines.length;
    totals.placedLines += order.lines.length - plan.unplaced.length;
    totals.purchaseOrders += plan.purchaseOrders.length;
    totals.profit += plan.profit.profit;
  }
  return totals;
}

/** Wall-clock seconds (the figure the targets use) and CPU seconds of this process (less sensitive to a busy machine). */
function time<T>(run: () => T): { seconds: number; cpuSeconds: number; result: T } {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = run();
  const cpu = process.cpuUsage(cpuStarted);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

// Warm up (JIT), then measure each three times and keep the best: the baseline first, then,
// once its index is dropped, the planner (each round with a fresh ledger).
const lineCount = ORDERS * LINES_PER_ORDER;
const ROUNDS = 3;
runBaseline();
let baselineSeconds = Number.POSITIVE_INFINITY;
let baselineCpuSeconds = Number.POSITIVE_INFINITY;
let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  gc();
  const baseline = time(runBaseline);
  baselineSeconds = Math.min(baselineSeconds, baseline.seconds);
  baselineCpuSeconds = Math.min(baselineCpuSeconds, baseline.cpuSeconds);
  checksum = baseline.result;
}
baselineIndex = new Map();

runPlanner(Math.min(ORDERS, 20_000));
let plannerSeconds = Number.POSITIVE_INFINITY;
let plannerCpuSeconds = Number.POSITIVE_INFINITY;
let totals: PlanTotals | undefined;
for (let round = 0; round < ROUNDS; round++) {
  gc();
  const planned = time(() => runPlanner(ORDERS));
  plannerSeconds = Math.min(plannerSeconds, planned.seconds);
  plannerCpuSeconds = Math.min(plannerCpuSeconds, planned.cpuSeconds);
  totals = planned.result;
}

const linesPerSecond = lineCount / plannerSeconds;
const baselineLinesPerSecond = lineCount / baselineSeconds;
const ratio = plannerSeconds / baselineSeconds;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
const format = (value: number): string => Math.round(value).toLocaleString('en-US');

console.log(
  `routing benchmark: ${format(ORDERS)} orders × ${LINES_PER_ORDER} lines against ${format(catalog.size)} offers (${format(PRODUCTS)} products, ${DISTRIBUTORS.length} distributors)`,
);
console.log(`  catalog load          ${loadSeconds.toFixed(2)} s`);
console.log(
  `  plans                 ${format(totals?.placedLines ?? 0)} of ${format(totals?.lines ?? 0)} lines placed, ${format(totals?.purchaseOrders ?? 0)} POs, profit checksum ${format(totals?.profit ?? 0)}`,
);
console.log(`  baseline              ${format(baselineLinesPerSecond)} lines/s (checksum ${format(checksum)})`);
console.log(
  `  planner               ${format(linesPerSecond)} lines/s   target ≥ ${format(targets.linesPerSecond)}   ${verdict(linesPerSecond >= targets.linesPerSecond)}`,
);
console.log(
  `  ratio to baseline     ${ratio.toFixed(2)}×   target ≤ ${targets.ratio}×   ${verdict(ratio <= targets.ratio)}`,
);
console.log(
  `  (CPU time: planner ${format(lineCount / plannerCpuSeconds)} lines per CPU-second, baseline ${format(lineCount / baselineCpuSeconds)}; load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores)`,
);
console.log(
  `  catalog memory        ${catalogMegabytes.toFixed(1)} MB (heap + array buffers, after GC)   target ≤ ${targets.catalogMegabytes} MB   ${verdict(catalogMegabytes <= targets.catalogMegabytes)}`,
);
