/**
 * Listing push benchmark (issue 21): after a feed update that changes 1 % of the offers, the time
 * the dropshipper takes from the catalog's new offers to the last push, and the calls it makes.
 *
 * - Product: what a user runs after a feed ingest: `catalog.upsertOffers(changed)` is the ingest
 *   (not timed); `dropshipper.offersChanged(changed)` is timed: it finds the listings of the
 *   changed products in the store, computes them from the catalog and the reservations with the
 *   listings module (routing's eligibility, price rules, fees), compares them with the push
 *   records, records `sending`, pushes in each marketplace's batch size and records the outcomes.
 *   The marketplaces are core's in-memory mock marketplaces (no network), with the batch sizes of
 *   the four adapters' defaults: eBay 1 (one SKU per bulkUpdatePriceQuantity call, the safe reading
 *   of eBay's contradictory documentation), Amazon 1 (one patchListingsItem per SKU), Walmart 1,000
 *   (one inventory feed), Shopify 250 (one inventorySetQuantities call).
 * - Baseline: a bare Map-based loop that recomputes every listing's quantity on the same data
 *   (offers by product key; per listing, the sum of each offer's stock within the lead time, the
 *   minimum over a bundle's parts), with no eligibility, reservations, price, comparison or push.
 *
 * Data: the routing benchmark's deterministic catalog (bench/support/routing-data.ts), 1,000,000
 * offers at four distributors in the memory catalog; 100,000 listings over the four marketplaces
 * (90 % one product, 10 % bundles of two) in the memory store. A first full pass publishes every
 * listing; then three distinct 1 % updates; medians compared. Targets: product ≤ 1× the baseline;
 * calls equal to the minimum the batch sizes allow. Also printed: peak memory, and the time from
 * the feed's last row to the last push under the marketplaces' documented rate limits (computed
 * from the calls made; the mocks do not wait), beside the 8–12 hours of the hosted tools.
 *
 * Run: pnpm bench listing-push (BENCH_OFFERS and BENCH_LISTINGS override the sizes).
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type ListingInput,
  type ListingPushRun,
  type Offer,
  parseOfferList,
} from '@dropship/core';
import { createMockMarketplaceAdapter } from '@dropship/core/test';
import { benchListings, benchOffers, createBareBaseline, feedUpdate } from './support/listing-data.js';
import { NOW, productCount } from './support/routing-data.js';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 1_000_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const CHANGED_SHARE = 0.01;
const ROUNDS = 3;
const PRODUCTS = productCount(OFFERS);

/**
 * Each marketplace's default batch size in its adapter, and its documented pace for the push call
 * (calls per second; undefined where the marketplace publishes none).
 */
const MARKETPLACES = [
  {
    id: 'ebay',
    batchSize: 1,
    callsPerSecond: 5,
    source: "the adapter's default 5 calls/s: eBay publishes no Inventory API pace",
  },
  { id: 'amazon', batchSize: 1, callsPerSecond: 5, source: 'patchListingsItem 5 requests/s' },
  { id: 'walmart', batchSize: 1_000, callsPerSecond: 10 / 3_600, source: 'inventory feeds 10/hour (modelled)' },
  {
    id: 'shopify',
    batchSize: 250,
    callsPerSecond: 100 / 10,
    source: '100 cost points/s, mutation ~10 points (unconfirmed)',
  },
] as const;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
let peakRss = 0;
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// --- data ------------------------------------------------------------------------------------------
const started = performance.now();
const offers: Offer[] = parseOfferList(benchOffers(OFFERS, PRODUCTS), 'offers');
const listingInputs: ListingInput[] = benchListings(
  LISTINGS,
  PRODUCTS,
  MARKETPLACES.map((marketplace) => marketplace.id),
);

const catalog = createMemoryCatalog(offers);
const adapters = MARKETPLACES.map((marketplace) =>
  createMockMarketplaceAdapter({
    marketplace: marketplace.id,
    listings: { mode: 'synchronous', batchSize: marketplace.batchSize },
  }),
);
for (const [index, listing] of listingInputs.entries())
  adapters[index % MARKETPLACES.length]?.server.listings.putListing(listing.sku);
/** Push calls served by the four mock marketplaces. */
const pushCalls = (): number => adapters.reduce((total, adapter) => total + adapter.server.listings.pushCallCount(), 0);
const dropshipper = createDropshipper({
  distributors: [],
  marketplaces: adapters,
  store: createMemoryStore(),
  catalog,
  rules: { maxLeadTimeDays: 1, marketplaceFeeBasisPoints: { ebay: 1325, amazon: 1500, walmart: 1500, shopify: 290 } },
  listingPush: { defaults: { feePerLine: { ebay: 30, shopify: 30 }, safetyBuffer: { units: 1 } } },
  now: () => new Date(NOW),
});
await dropshipper.putListings(listingInputs);
sampleMemory();
console.log(
  `data: ${offers.length.toLocaleString('en-US')} offers in the memory catalog, ${LISTINGS.toLocaleString('en-US')} listings in the memory store, built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const firstStarted = performance.now();
const first = await dropshipper.pushListings();
const firstSeconds = (performance.now() - firstStarted) / 1000;
sampleMemory();
const sum = (runs: readonly ListingPushRun[], field: 'sent' | 'calls' | 'failed'): number =>
  runs.reduce((total, run) => total + (run[field] as number), 0);
console.log(
  `first pass (every listing published): ${sum(first, 'sent').toLocaleString('en-US')} updates in ${sum(first, 'calls').toLocaleString('en-US')} calls, ${firstSeconds.toFixed(1)} s`,
);

// --- baseline data: a bare Map from product key to offers -------------------------------------------
const baseline = createBareBaseline(offers, listingInputs);
const changedCount = Math.round(offers.length * CHANGED_SHARE);

const productTimes: number[] = [];
const baselineTimes: number[] = [];
const lastRuns: ListingPushRun[][] = [];
let callsAtMinimum = true;
for (let round = 1; round <= ROUNDS; round++) {
  const update = feedUpdate(offers, round, changedCount);
  await catalog.upsertOffers(update);
  const callsBefore = pushCalls();
  const productStarted = performance.now();
  const runs = await dropshipper.offersChanged(update);
  productTimes.push(performance.now() - productStarted);
  sampleMemory();
  lastRuns.push(runs);
  // The fewest calls the batch sizes allow for what was sent.
  const minimum = runs.reduce((total, run) => {
    const batchSize = MARKETPLACES.find((marketplace) => marketplace.id === run.marketplace)?.batchSize ?? 1;
    return total + Math.ceil(run.sent / batchSize);
  }, 0);
  const calls = pushCalls() - callsBefore;
  if (calls !== minimum || sum(runs, 'calls') !== minimum) callsAtMinimum = false;
  baseline.replace(update);
  const baselineStarted = performance.now();
  baseline.recompute();
  baselineTimes.push(performance.now() - baselineStarted);
  console.log(
    `  round ${round}: ${runs
      .map((run) => `${run.marketplace} ${run.sent} sent/${run.calls} calls`)
      .join(', ')}; calls ${calls}, minimum ${minimum}`,
  );
}

// A second pass with nothing changed sends nothing.
const idleCallsBefore = pushCalls();
const idle = await dropshipper.pushListings();
const idleCalls = pushCalls() - idleCallsBefore;

const productMs = median(productTimes);
const baselineMs = median(baselineTimes);
const ratio = productMs / baselineMs;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
console.log(`feed update: ${changedCount.toLocaleString('en-US')} offers changed (1 %), ${ROUNDS} rounds`);
console.log(
  `  product  (dropshipper.offersChanged → pushed): median ${productMs.toFixed(0)} ms  [${productTimes.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(
  `  baseline (bare Map loop, every listing's qty):  median ${baselineMs.toFixed(0)} ms  [${baselineTimes.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(`  ratio ${ratio.toFixed(2)}x (target ≤ 1x): ${verdict(ratio <= 1)}`);
console.log(`  calls equal to the minimum the batch sizes allow: ${verdict(callsAtMinimum)}`);
console.log(
  `  a pass with nothing changed: ${sum(idle, 'sent')} sent, ${idleCalls} calls: ${verdict(idleCalls === 0)}`,
);

// Time from the feed's last row to the last push under the documented limits: the measured compute
// plus, per marketplace, its calls at its documented pace (the marketplaces run in parallel).
const last = lastRuns[lastRuns.length - 1] ?? [];
console.log('feed to last push under the documented limits (last round):');
let slowest = 0;
for (const marketplace of MARKETPLACES) {
  const run = last.find((entry) => entry.marketplace === marketplace.id);
  const calls = run?.calls ?? 0;
  // The first call goes at once; each further call waits for the pace.
  const seconds = calls === 0 ? 0 : (calls - 1) / marketplace.callsPerSecond;
  slowest = Math.max(slowest, seconds);
  console.log(
    `  ${marketplace.id.padEnd(8)} ${String(run?.sent ?? 0).padStart(5)} updates, ${String(calls).padStart(5)} calls: ${seconds.toFixed(1).padStart(7)} s  (${marketplace.source})`,
  );
}
const total = productTimes[productTimes.length - 1] as number;
console.log(
  `  total ≈ ${((total / 1000 + slowest) / 60).toFixed(1)} min after the feed's last row (compute ${(total / 1000).toFixed(1)} s), against 8–12 hours for the hosted tools' daily files; Amazon and Walmart then process asynchronously (Amazon: minutes, up to hours under load; Walmart feeds: about 15–30 min)`,
);
console.log(`peak memory (RSS): ${megabytes(peakRss)}`);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
