/**
 * Listings benchmark (issue 21, the compute half): after a feed update that changes 1 % of the
 * offers, the time to find the listings whose quantity or price must change.
 *
 * - Product: `createAvailabilityIndex(listings, offers, [], options).update(changedOffers)`,
 *   exactly as the push step will call it: the changed offers validated, only the listings of
 *   their products computed again with routing's eligibility (lead time, flags, expiry, rules),
 *   the price rules and fees, and compared with what was last published.
 * - Baseline: a bare Map-based loop that recomputes every listing's quantity on the same data
 *   (offers by product key; per listing, the sum of each offer's stock within the lead time,
 *   the minimum over a bundle's parts), with no eligibility, reservations, price or comparison.
 *
 * Data: the routing benchmark's deterministic catalog (bench/support/routing-data.ts), 1,000,000
 * offers at four distributors; 100,000 listings over the four marketplaces (90 % one product,
 * 10 % bundles of two), half fixed price, half cost-plus. Five distinct 1 % updates; the median
 * of each side is compared. Target: product ≤ 1× the baseline. Peak memory (RSS) printed.
 * Checks that the index's answers equal a recompute from scratch after the updates (every listing an
 * update changed, and every tenth listing).
 *
 * Run: pnpm bench listings (BENCH_OFFERS and BENCH_LISTINGS override the sizes).
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  computeAvailability,
  createAvailabilityIndex,
  type ListingInput,
  type Offer,
  type PublishedListingValues,
  parseListings,
  parseOfferList,
} from '@dropship/core';
import { benchListings, benchOffers, createBareBaseline, feedUpdate } from './support/listing-data.js';
import { NOW, productCount } from './support/routing-data.js';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 1_000_000);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const CHANGED_SHARE = 0.01;
const ROUNDS = 5;
const MARKETPLACES = ['ebay', 'amazon', 'walmart', 'shopify'] as const;
const PRODUCTS = productCount(OFFERS);
const options = {
  now: NOW,
  rules: { maxLeadTimeDays: 1, marketplaceFeeBasisPoints: { ebay: 1325, amazon: 1500, walmart: 1500, shopify: 290 } },
  defaults: { feePerLine: { ebay: 30, shopify: 30 }, safetyBuffer: { units: 1 } },
};

const gc = (globalThis as { gc?: () => void }).gc;
/** Heap in use after a full collection (when the run has --expose-gc, as `pnpm bench` gives it). */
function heapNow(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// --- data ------------------------------------------------------------------------------------------
const started = performance.now();
const offers: Offer[] = parseOfferList(benchOffers(OFFERS, PRODUCTS), 'offers');
const listingInputs: ListingInput[] = benchListings(LISTINGS, PRODUCTS, MARKETPLACES);
const listings = parseListings(listingInputs);
sampleMemory();
console.log(
  `data: ${offers.length.toLocaleString('en-US')} offers, ${listings.length.toLocaleString('en-US')} listings, built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// --- index -------------------------------------------------------------------------------------------
const published = new Map<string, PublishedListingValues>();
const heapBeforeIndex = heapNow();
const buildStarted = performance.now();
const index = createAvailabilityIndex(listings, offers, [], { ...options, published });
const buildSeconds = (performance.now() - buildStarted) / 1000;
const indexHeap = heapNow() - heapBeforeIndex;
for (const change of index.changes())
  published.set(change.availability.key, { quantity: change.availability.quantity, price: change.availability.price });
sampleMemory();
console.log(
  `index: built and every listing computed in ${buildSeconds.toFixed(1)} s; ${published.size} listings published; its own memory ${gc === undefined ? 'unknown (run with --expose-gc)' : megabytes(indexHeap)} (heap after GC; the offers it shares with the caller not counted)`,
);

// --- baseline data: a bare Map from product key to offers -----------------------------------------------
const baseline = createBareBaseline(offers, listings);
const changedCount = Math.round(offers.length * CHANGED_SHARE);

const productTimes: number[] = [];
const baselineTimes: number[] = [];
let changedListings = 0;
const changedKeys = new Set<string>();
for (let round = 1; round <= ROUNDS; round++) {
  const update = feedUpdate(offers, round, changedCount);
  const updateStarted = performance.now();
  const changes = index.update(update);
  productTimes.push(performance.now() - updateStarted);
  sampleMemory();
  for (const change of changes)
    published.set(change.availability.key, {
      quantity: change.availability.quantity,
      price: change.availability.price,
    });
  changedListings += changes.length;
  for (const change of changes) changedKeys.add(change.availability.key);
  // The baseline runs on the same data: the changed offers replace the old ones in its Map.
  baseline.replace(update);
  const baselineStarted = performance.now();
  baseline.recompute();
  baselineTimes.push(performance.now() - baselineStarted);
}

// --- correctness at scale: the index equals a recompute from scratch ----------------------------------
// Every listing an update changed, and every tenth listing (a full recompute of all 100,000 takes
// about as long again as building the index: see the build time above).
const checked = listings.filter(
  (listing, position) => position % 10 === 0 || changedKeys.has(`${listing.marketplace}:${listing.sku}`),
);
const fullStarted = performance.now();
const full = computeAvailability(checked, offers, [], options);
const fullSeconds = (performance.now() - fullStarted) / 1000;
let mismatches = 0;
for (const [key, expected] of full) {
  const availability = index.availability(key);
  if (availability === undefined) {
    mismatches++;
    continue;
  }
  if (expected.quantity !== availability.quantity || expected.price !== availability.price) mismatches++;
}
sampleMemory();

const productMs = median(productTimes);
const baselineMs = median(baselineTimes);
const ratio = productMs / baselineMs;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
console.log(`feed update: ${changedCount.toLocaleString('en-US')} offers changed (1 %), ${ROUNDS} rounds`);
console.log(
  `  product  (index.update → changed listings):     median ${productMs.toFixed(1)} ms  [${productTimes.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(
  `  baseline (bare Map loop, every listing's qty):  median ${baselineMs.toFixed(1)} ms  [${baselineTimes.map((ms) => ms.toFixed(0)).join(', ')}]`,
);
console.log(`  ratio ${ratio.toFixed(2)}x (target ≤ 1x): ${verdict(ratio <= 1)}`);
console.log(`  listings changed per update: ${(changedListings / ROUNDS).toFixed(0)} on average`);
console.log(
  `index equals a recompute from scratch (computeAvailability) for ${full.size.toLocaleString('en-US')} listings (every one an update changed, every tenth): ${verdict(mismatches === 0)} (${mismatches} mismatches; ${fullSeconds.toFixed(1)} s)`,
);
console.log(`peak memory (RSS): ${megabytes(peakRss)}; heap now ${megabytes(process.memoryUsage().heapUsed)}`);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
