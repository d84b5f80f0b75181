// Example 09: unattended intake → place → sync. The loop an integrator schedules (a cron job, a
// queue's repeatable job): every 15 minutes `importOrders()` reads the new orders from the
// marketplaces' listings (eBay, Walmart and Shopify here), takes each in once (saved, stock
// reserved, Walmart's acknowledged), and the approval policy (`auto`) places it or holds it for a
// person; then `syncTracking()` pushes the tracking of what the distributors shipped. Nobody calls
// `dropship(order)`. The events are what to log: ids, counts and reasons, never a buyer's name,
// email or address. A second stretch of the loop over the same store takes nothing in again.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/09-unattended-intake/main.ts
import {
  createDropshipper,
  createMemoryStore,
  type Dropshipper,
  type DropshipperInstance,
  type DropshipStore,
  type ImportMarketplaceOrdersResult,
  purchaseOrderStateGroups,
  type SyncTrackingResult,
} from '@dropship/core';
import {
  type HeldOrderCount,
  runAsScript,
  type SampleLine,
  type SampleMarketplace,
  type Sandbox,
  sampleOrder,
  startSandbox,
} from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** One run of the loop: what intake and the sync did. */
export interface IntakeTick {
  /** Simulated time of the tick (ISO 8601). */
  at: string;
  imports: ImportMarketplaceOrdersResult[];
  sync: SyncTrackingResult;
}

/** What the example did, for its test and for readers. */
export interface UnattendedIntakeResult {
  /** Every tick of the first stretch (the working morning). */
  ticks: IntakeTick[];
  /** Every tick of the second stretch (the afternoon: nothing new is listed). */
  laterTicks: IntakeTick[];
  /** The orders listed in the marketplaces (`<marketplace>:<id>`). */
  listed: string[];
  /** The imported-order records at the end, by order. */
  records: { salesOrderId: string; status: string; reasons: string[] }[];
  /** Every PO in the store at the end. */
  purchaseOrders: { poNumber: string; distributor: string; salesOrderId: string; state: string }[];
  /** Orders the distributor simulators hold per PO number (1 each unless one was placed twice). */
  ordersAtDistributors: HeldOrderCount[];
  /** Tracking numbers the marketplace simulators recorded. */
  tracking: { marketplace: string; marketplaceOrderId: string; trackingNumber: string }[];
  /** The event lines logged, in order. */
  eventLines: string[];
}

/** An order the morning brings: when, where, what. */
interface MorningOrder {
  time: string;
  marketplace: SampleMarketplace;
  lines: SampleLine[];
}

const day = '2026-11-20';

/** Six orders on three marketplaces; the Moose spring's margin is too thin to place unattended. */
const morning: readonly MorningOrder[] = [
  { time: '08:03', marketplace: 'ebay', lines: [{ listingSku: 'EBC-FA181HH', quantity: 1 }] },
  { time: '08:21', marketplace: 'shopify', lines: [{ listingSku: 'HIFLO-HF204', quantity: 2 }] },
  { time: '08:22', marketplace: 'walmart', lines: [{ listingSku: 'KN-KA-1408', quantity: 1 }] },
  { time: '09:10', marketplace: 'shopify', lines: [{ listingSku: 'MOOSE-KICK-SPRING', quantity: 1 }] },
  { time: '09:40', marketplace: 'ebay', lines: [{ listingSku: 'DID-520VX3-120', quantity: 1 }] },
  { time: '10:05', marketplace: 'walmart', lines: [{ listingSku: 'TUSK-IRON-SET', quantity: 1 }] },
];

/** How often the loop runs, in minutes. */
export const intakeIntervalMinutes = 15;

/**
 * One run of the unattended loop: take in the new orders (and place or hold each by the approval
 * policy), then sync tracking. Safe to run as often as wanted, by one worker at a time per store
 * (several workers are safe too: one that finds another scanning a marketplace stops its own scan
 * of it for this run).
 *
 * @param dropshipper - the dropshipper, with a store that has the intake capability.
 */
export async function runIntakeTick(
  dropshipper: Pick<Dropshipper, 'importOrders' | 'syncTracking'>,
): Promise<{ imports: ImportMarketplaceOrdersResult[]; sync: SyncTrackingResult }> {
  const imports = await dropshipper.importOrders();
  const sync = await dropshipper.syncTracking();
  return { imports, sync };
}

/**
 * Logs what an operator wants to see from the events: one line each, ids and reasons only.
 *
 * @param dropshipper - the dropshipper whose events to log.
 * @param log - where the lines go.
 */
export function logIntakeEvents(dropshipper: Pick<DropshipperInstance, 'events'>, log: (line: string) => void): void {
  const { events } = dropshipper;
  events.on('order-imported', (event) => log(`order-imported ${event.salesOrderId} (${event.reservations} reserved)`));
  events.on('order-unmappable', (event) =>
    log(`order-unmappable ${event.salesOrderId}: ${event.field}: ${event.reason}`),
  );
  events.on('order-held', (event) => log(`order-held ${event.salesOrderId}: ${event.reasons.join('; ')}`));
  events.on('orders-acknowledged', (event) =>
    log(
      `orders-acknowledged ${event.marketplace}: ${event.acknowledged.join(', ')}${event.failed.length > 0 ? ` (${event.failed.length} failed: retried next run)` : ''}`,
    ),
  );
  events.on('purchase-order-submitted', (event) =>
    log(`purchase-order-submitted ${event.poNumber} ${event.distributor} for ${event.salesOrderId}`),
  );
  events.on('purchase-order-failed', (event) => log(`purchase-order-failed ${event.poNumber}: ${event.error}`));
  events.on('tracking-pushed', (event) => {
    if (!event.alreadyPushed) log(`tracking-pushed ${event.marketplace} ${event.trackingNumber} for ${event.poNumber}`);
  });
  events.on('warning', (event) => log(`warning ${event.warning.message}`));
}

/** The distributors ship every placed PO that is still open, one package each. */
function shipOpenPurchaseOrders(sandbox: Sandbox, store: DropshipStore): Promise<string[]> {
  return store
    .findPurchaseOrders({ state: purchaseOrderStateGroups.placedOpen })
    .then((open) => open.map((purchaseOrder) => sandbox.ship(purchaseOrder.distributor, purchaseOrder.poNumber)));
}

/** A short line about one tick. */
function describeTick(tick: IntakeTick): string {
  const sum = (pick: (result: ImportMarketplaceOrdersResult) => number) =>
    tick.imports.reduce((total, result) => total + pick(result), 0);
  const failed = tick.imports.filter((result) => result.error !== undefined).map((result) => result.marketplace);
  return `${tick.at.slice(11, 16)} tick: ${sum((result) => result.pages)} pages, ${sum((result) => result.imported)} imported, ${sum((result) => result.duplicates)} duplicates, ${sum((result) => result.placed)} placed, ${sum((result) => result.held)} held; sync: ${tick.sync.shipmentsRecorded} packages, ${tick.sync.trackingPushed} tracking pushed${failed.length > 0 ? `; intake failed for ${failed.join(', ')} (the next tick resumes)` : ''}`;
}

/** Runs the example against a fresh sandbox and memory store, and closes them. */
export async function run(options: RunOptions = {}): Promise<UnattendedIntakeResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox({ start: `${day}T08:00:00.000Z` });
  try {
    const store = createMemoryStore();
    const dropshipper = createDropshipper({
      distributors: sandbox.distributors,
      marketplaces: sandbox.marketplaces,
      notifier: sandbox.createNotifier(store),
      store,
      // Orders from a listing carry the listing's SKU only: the listing catalog finds its product.
      catalog: sandbox.catalog,
      listings: sandbox.listings,
      rules: sandbox.rules,
      approval: { mode: 'auto', minimumProfit: 500 },
      // The first scan looks back 24 hours; each later one 15 minutes before the last (overlap).
      intake: { overlapMs: 15 * 60_000, settleMs: 2 * 60_000 },
      now: sandbox.clock.now,
    });
    const eventLines: string[] = [];
    logIntakeEvents(dropshipper, (line) => {
      eventLines.push(line);
      log(`        ${line}`);
    });

    const orders = morning.map((entry, index) =>
      sampleOrder({
        marketplace: entry.marketplace,
        sequence: 900 + index,
        orderedAt: `${day}T${entry.time}:00.000Z`,
        lines: entry.lines,
      }),
    );
    const tick = async (): Promise<IntakeTick> => {
      const at = sandbox.clock.advanceMinutes(intakeIntervalMinutes).toISOString();
      // The marketplaces list what the buyers have ordered by now.
      for (const order of orders) if (order.orderedAt <= at) sandbox.listOrder(order);
      const done = { at, ...(await runIntakeTick(dropshipper)) };
      log(describeTick(done));
      return done;
    };

    // The morning: 08:15 to 11:00, a tick every 15 minutes; at 10:30 the distributors ship.
    const ticks: IntakeTick[] = [];
    while (sandbox.clock.iso() < `${day}T11:00:00.000Z`) {
      ticks.push(await tick());
      if (ticks.at(-1)?.at === `${day}T10:30:00.000Z`) {
        const shipped = await shipOpenPurchaseOrders(sandbox, store);
        log(`10:30 the distributors ship ${shipped.length} packages (the next tick pushes their tracking)`);
      }
    }
    // The afternoon: the same loop, nothing new listed.
    const laterTicks: IntakeTick[] = [];
    for (let index = 0; index < 4; index++) laterTicks.push(await tick());

    return {
      ticks,
      laterTicks,
      listed: orders.map((order) => `${order.marketplace}:${order.marketplaceOrderId}`),
      records: (await dropshipper.importedOrders()).map(({ salesOrderId, status, reasons }) => ({
        salesOrderId,
        status,
        reasons,
      })),
      purchaseOrders: (await store.findPurchaseOrders({})).map(({ poNumber, distributor, salesOrderId, state }) => ({
        poNumber,
        distributor,
        salesOrderId,
        state,
      })),
      ordersAtDistributors: sandbox.heldOrders(),
      tracking: sandbox.fulfillments().map(({ marketplace, marketplaceOrderId, trackingNumber }) => ({
        marketplace,
        marketplaceOrderId,
        trackingNumber,
      })),
      eventLines,
    };
  } finally {
    await sandbox.close();
  }
}

runAsScript(import.meta.url, async () => {
  await run();
});
