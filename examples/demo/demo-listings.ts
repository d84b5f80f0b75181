import type { DropshipperInstance, DropshipStore, ListingPushRun } from '@dropship/core';
import type { SampleMarketplace, Sandbox } from '../sandbox/index.js';

/** What the listing pushes of one phase of the day did at one marketplace. */
export interface DemoListingsRow {
  marketplace: string;
  /** Listings whose quantity or price differed from what the marketplace last confirmed. */
  changed: number;
  /** Updates sent. */
  sent: number;
  /** Bulk push calls the marketplace served. */
  calls: number;
}

/** The listings block of the demo: the pushes after the morning feed, through the day, at the end of the day. */
export interface DemoListings {
  /** Marketplaces whose adapter pushes listings (the others are not shown). */
  marketplaces: string[];
  /** The first push: every listing computed from the morning's catalog. */
  morning: DemoListingsRow[];
  /** Pushed by the dropshipper after each imported order's reservations (`listing-pushed` events). */
  day: DemoListingsRow[];
  /** The scheduled reconcile at the end of the day (`pushListings({ full: true })`). */
  evening: DemoListingsRow[];
}

/** The marketplaces of the sandbox whose adapter pushes listings and whose simulator holds them. */
function pushingMarketplaces(sandbox: Sandbox): SampleMarketplace[] {
  return sandbox.marketplaces
    .filter((adapter) => adapter.capabilities?.listings === 'push' && adapter.listings !== undefined)
    .map((adapter) => adapter.marketplace as SampleMarketplace)
    .filter((marketplace) => sandbox.marketplaceSimulators[marketplace]?.listings !== undefined);
}

/**
 * Creates the dealer's listings at the simulated marketplaces that push listings (as the dealer
 * listed them there before the day: quantity 0, no price), unless they are there already.
 */
function listAtMarketplaces(sandbox: Sandbox): void {
  for (const marketplace of pushingMarketplaces(sandbox)) {
    const simulator = sandbox.marketplaceSimulators[marketplace].listings;
    for (const listing of sandbox.listings)
      if (listing.marketplace === marketplace && simulator?.listing(listing.sku) === undefined)
        simulator?.putListing(listing.sku);
  }
}

/** The simulated marketplaces that queue updates (feeds) process their queues. */
function processQueues(sandbox: Sandbox, marketplaces: readonly SampleMarketplace[]): void {
  for (const marketplace of marketplaces) sandbox.marketplaceSimulators[marketplace].listings?.process();
}

/** Bulk push calls served so far, per marketplace. */
function pushCalls(sandbox: Sandbox): Record<string, number> {
  return Object.fromEntries(
    pushingMarketplaces(sandbox).map((marketplace) => [
      marketplace,
      sandbox.marketplaceSimulators[marketplace].listings?.pushCallCount() ?? 0,
    ]),
  );
}

/** One row per marketplace from the runs of a push. */
function rowsOf(runs: readonly ListingPushRun[], marketplaces: readonly string[]): DemoListingsRow[] {
  return marketplaces.map((marketplace) => {
    const run = runs.find((entry) => entry.marketplace === marketplace);
    return { marketplace, changed: run?.changed ?? 0, sent: run?.sent ?? 0, calls: run?.calls ?? 0 };
  });
}

/**
 * Counts what the dropshipper pushes by itself through the day (after each import): listings
 * pushed per marketplace, from the `listing-pushed` events; the calls from the simulators.
 */
function watchDayPushes(dropshipper: DropshipperInstance, sandbox: Sandbox): () => DemoListingsRow[] {
  const marketplaces = pushingMarketplaces(sandbox);
  const before = pushCalls(sandbox);
  const pushed = new Map<string, Set<string>>();
  const perMarketplace = new Map<string, number>();
  const queued = new Set(
    sandbox.marketplaces
      .filter((adapter) => adapter.listings?.mode === 'asynchronous')
      .map((adapter) => adapter.marketplace),
  );
  dropshipper.events.on('listing-pushed', (event) => {
    // One update per send: its acceptance where the marketplace queues it, else its application.
    if (event.status !== (queued.has(event.marketplace) ? 'pending' : 'applied')) return;
    perMarketplace.set(event.marketplace, (perMarketplace.get(event.marketplace) ?? 0) + 1);
    const skus = pushed.get(event.marketplace) ?? new Set<string>();
    skus.add(event.sku);
    pushed.set(event.marketplace, skus);
  });
  return () => {
    const after = pushCalls(sandbox);
    return marketplaces.map((marketplace) => ({
      marketplace,
      changed: pushed.get(marketplace)?.size ?? 0,
      sent: perMarketplace.get(marketplace) ?? 0,
      calls: (after[marketplace] ?? 0) - (before[marketplace] ?? 0),
    }));
  };
}

/** The lines the demo prints for the listings block. */
export function describeListings(listings: DemoListings): string[] {
  if (listings.marketplaces.length === 0) return [];
  const row = (label: string, rows: readonly DemoListingsRow[]) =>
    `  ${label.padEnd(34)} ${rows
      .map((entry) => `${entry.marketplace} ${entry.sent} sent in ${entry.calls} call${entry.calls === 1 ? '' : 's'}`)
      .join(' · ')}`;
  return [
    '',
    `── listings: stock and price pushed to ${listings.marketplaces.join(', ')} (only what changed) ──`,
    row('after the morning feed', listings.morning),
    row('through the day (after each order)', listings.day),
    row('evening reconcile (read back)', listings.evening),
  ];
}

/**
 * Starts the listings block of the demo day, when the store keeps listings and a simulated
 * marketplace takes pushes: lists the dealer's listings there, pushes them once (after the
 * morning feed: every listing computed from the catalog), then counts what the dropshipper pushes
 * by itself after each imported order. `finish` runs the evening reconcile and returns the block
 * (undefined when there is none).
 *
 * @param dropshipper - the demo's dropshipper.
 * @param sandbox - the simulators.
 * @param store - the demo's store.
 */
export async function startListings(
  dropshipper: DropshipperInstance,
  sandbox: Sandbox,
  store: DropshipStore,
): Promise<{ finish(): Promise<DemoListings | undefined> }> {
  const marketplaces = pushingMarketplaces(sandbox);
  if (marketplaces.length === 0 || typeof store.saveListingPushRecords !== 'function')
    return { finish: async () => undefined };
  listAtMarketplaces(sandbox);
  const morning = rowsOf(await dropshipper.pushListings({ marketplaces }), marketplaces);
  processQueues(sandbox, marketplaces);
  const day = watchDayPushes(dropshipper, sandbox);
  return {
    async finish() {
      // Passes of a marketplace run one at a time: this one waits for those the day's imports
      // scheduled, confirms what the feed-based marketplaces (Walmart) have processed by now and
      // sends what they held back meanwhile (one update per listing in flight); it belongs to the day.
      processQueues(sandbox, marketplaces);
      await dropshipper.pushListings({ marketplaces });
      const dayRows = day();
      processQueues(sandbox, marketplaces);
      const evening = rowsOf(await dropshipper.pushListings({ marketplaces, full: true }), marketplaces);
      return { marketplaces, morning, day: dayRows, evening };
    },
  };
}
