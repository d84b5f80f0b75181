// `pnpm demo`: a day of drop-shipping, offline. 30 orders appear in the listings of four simulated
// marketplaces (eBay, Amazon, Walmart, Shopify) through the day; order intake reads them with the
// marketplaces' adapters, takes each in once, and the auto-approval policy places them with four
// simulated distributors. Packages ship over simulated time, tracking goes back to the
// marketplaces and buyers get emails in a local SMTP sink. Ends with a summary. Run it twice: the
// second run resumes from the durable store, imports nothing and places nothing.
//
// Run: pnpm demo            (durable store in .dropship-data/demo; a second run resumes)
//      pnpm demo --reset    (start the day over)
//      pnpm demo --memory   (in-memory store: nothing outlives the process)
import {
  createDropshipper,
  type Dropshipper,
  type DropshipResult,
  type DropshipStore,
  type PurchaseOrder,
  purchaseOrderStateGroups,
  type SyncTrackingResult,
} from '@dropship/core';
import { runAsScript, type SampleMarketplace, type Sandbox, startSandbox } from '../sandbox/index.js';
import { createDemoStore, type DemoStore, type DemoStoreKind } from './create-demo-store.js';
import { demoChecks } from './demo-checks.js';
import {
  type DemoOrder,
  demoDay,
  demoDayStart,
  demoIntakeDelayMinutes,
  demoIntakeOptions,
  demoMinimumProfit,
  demoSandboxOptions,
  demoUnmappableOrder,
} from './demo-day.js';
import {
  addMinutes,
  addToIntakeRow,
  demoMarketplaces,
  emptyIntakeRow,
  listedTwice,
  listingCalls,
  salesOrderIdOf,
} from './demo-intake.js';
import { describeListings, startListings } from './demo-listings.js';
import { categorise, isLive, linesOf, recordedResult, undecidedOutcome } from './demo-outcomes.js';
import {
  clockTime,
  countBy,
  describeOrder,
  describeSync,
  describeUnmappable,
  displayPath,
  dollars,
  renderSummary,
} from './demo-report.js';
import type { DemoIntake, DemoIntakeRow, DemoOrderOutcome, DemoResult } from './demo-types.js';
import { nextPackages, type PlannedPackage } from './ship-packages.js';

export { demoMinimumProfit, demoSandboxOptions } from './demo-day.js';
export type {
  DemoIntake,
  DemoIntakeRow,
  DemoLine,
  DemoOrderCategory,
  DemoOrderOutcome,
  DemoResult,
} from './demo-types.js';

/** Options of {@link run}. */
export interface DemoOptions {
  /** Where progress and the summary go. Default `console.log`. */
  log?: (line: string) => void;
  /** A store to run on (the test runs twice on one). Default {@link createDemoStore}. */
  store?: DropshipStore;
  /** What `store` is, for the header. Default `memory` when a store is given. */
  storeKind?: DemoStoreKind;
  /** Store settings when no `store` is given. */
  dataDir?: string;
  /** Delete the durable store first. */
  reset?: boolean;
  /** A sandbox to run in (the test runs twice in one). Default a fresh one, closed at the end. */
  sandbox?: Sandbox;
}

/**
 * Runs the demo day: orders → plans → POs → packages over simulated time → tracking → emails →
 * summary. Safe to run again on the same store: what is done stays done.
 *
 * @param options - output, store, sandbox.
 */
export async function run(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const log = options.log ?? console.log;
  const sandbox = options.sandbox ?? (await startSandbox(demoSandboxOptions));
  let demoStore: DemoStore | undefined;
  try {
    if (options.store === undefined) {
      demoStore = await createDemoStore({
        ...(options.storeKind === undefined ? {} : { kind: options.storeKind }),
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        ...(options.reset === undefined ? {} : { reset: options.reset }),
      });
    }
    const store = options.store ?? (demoStore as DemoStore).store;
    const storeKind: DemoStoreKind = demoStore?.kind ?? options.storeKind ?? 'memory';
    const storeLocation = demoStore?.location ?? (storeKind === 'memory' ? 'memory (given)' : 'given');
    return await runDay({ sandbox, store, storeKind, storeLocation, log, started });
  } finally {
    await demoStore?.close();
    if (options.sandbox === undefined) await sandbox.close();
  }
}

interface DayContext {
  sandbox: Sandbox;
  store: DropshipStore;
  storeKind: DemoStoreKind;
  storeLocation: string;
  log: (line: string) => void;
  started: number;
}

async function runDay({ sandbox, store, storeKind, storeLocation, log, started }: DayContext): Promise<DemoResult> {
  const dropshipper = createDropshipper({
    distributors: sandbox.distributors,
    marketplaces: sandbox.marketplaces,
    notifier: sandbox.createNotifier(store),
    store,
    catalog: sandbox.catalog,
    listings: sandbox.listings,
    rules: sandbox.rules,
    approval: { mode: 'auto', minimumProfit: demoMinimumProfit },
    intake: demoIntakeOptions,
    now: sandbox.clock.now,
  });
  const emailsBefore = sandbox.mailbox.messages().length;
  const pushedThisRun: Record<string, number> = {};
  const notes: string[] = [];
  const warningsSeen = new Set<string>();
  dropshipper.events.on('warning', (event) => {
    // The same adapter warning (for example a field a distributor cannot take) is shown once.
    const text = `warning: ${event.warning.message.replaceAll(event.poNumber ?? '\u0000', '<PO>')}`;
    if (warningsSeen.has(text)) return;
    warningsSeen.add(text);
    notes.push(`warning: ${event.warning.message}`);
  });
  dropshipper.events.on('stock-check-failed', (event) => notes.push(`stock check failed: ${event.message}`));
  dropshipper.events.on('tracking-pushed', (event) => {
    if (!event.alreadyPushed) pushedThisRun[event.marketplace] = (pushedThisRun[event.marketplace] ?? 0) + 1;
  });

  const storedBefore = await store.findPurchaseOrders({});
  log('@dropship demo: one day of drop-shipping, offline');
  log(`  store     ${storeKind === 'postgres' ? `durable (PGlite) in ${displayPath(storeLocation)}` : storeLocation}`);
  if (storeKind === 'memory') {
    log('            nothing outlives this process: run the demo again and it starts the day over (in real life');
    log('            every order would be placed a second time). The default durable store resumes instead.');
  }
  if (storedBefore.length > 0)
    log(`  resuming  the store already holds ${storedBefore.length} purchase orders from an earlier run`);
  log('  sandbox   simulators of WPS, Parts Unlimited, Tucker Rocky, Automatic, eBay, Amazon, Walmart, Shopify (MSW)');
  log(`            SMTP sink on ${sandbox.mailbox.host}:${sandbox.mailbox.port}`);
  log(
    `  rules     lead time ≤ 1 day, no drop-ship under $15, auto-approve complete plans with profit ≥ ${dollars(demoMinimumProfit)}`,
  );

  // 0. Stock and price to the marketplaces: after the morning feed, then after every order.
  const listingsBlock = await startListings(dropshipper, sandbox, store);

  // 1. Orders arrive through the day, in the marketplaces' listings; the intake job reads them.
  const day = demoDay();
  const unmappableOrder = demoUnmappableOrder();
  const unmappableOrderId = salesOrderIdOf(unmappableOrder);
  const byId = new Map(day.map((demo) => [salesOrderIdOf(demo.order), demo]));
  const recordsBefore = new Map(
    (await dropshipper.importedOrders()).map((record) => [record.salesOrderId, record] as const),
  );
  const takenInThisRun: string[] = [];
  dropshipper.events.on('order-imported', (event) => takenInThisRun.push(event.salesOrderId));
  dropshipper.events.on('order-unmappable', (event) => takenInThisRun.push(event.salesOrderId));
  const intakeRows = new Map<string, DemoIntakeRow>(
    demoMarketplaces.map((marketplace) => [marketplace, emptyIntakeRow(marketplace)]),
  );
  const callsBefore = listingCalls(sandbox);
  let polls = 0;
  let unmappableListed = false;
  const repeatedWithinRun: string[] = [];
  log('');
  log(
    `── ${clockTime(day[0]?.order.orderedAt ?? demoDayStart)}–${clockTime(day.at(-1)?.order.orderedAt ?? demoDayStart)}  ${day.length} orders arrive in the marketplaces' listings; intake reads them ${demoIntakeDelayMinutes} minutes later ──`,
  );
  if (recordsBefore.size > 0)
    log(`  resuming  the store already took in ${recordsBefore.size} orders: intake takes in none of them again`);
  const decided = new Map<string, DemoOrderOutcome>();
  const failedBefore = new Set<string>();
  for (const demo of day) {
    const id = salesOrderIdOf(demo.order);
    sandbox.clock.set(demo.order.orderedAt);
    sandbox.listOrder(demo.order);
    if (!unmappableListed && demo.order.marketplace === unmappableOrder.marketplace) {
      // Half a minute before its marketplace's first order, one the adapter cannot map; and that
      // marketplace's first listing of two pages repeats an order on the second (paging over a
      // list that changes does).
      unmappableListed = true;
      sandbox.listUnmappableOrder(unmappableOrder);
      sandbox.marketplaceSimulators[unmappableOrder.marketplace as SampleMarketplace].intake.repeatOnNextPages(1);
    }
    sandbox.clock.set(addMinutes(demo.order.orderedAt, demoIntakeDelayMinutes));
    // The scenario's faults hit the first attempt to place the order.
    if (demo.fault !== undefined && !recordsBefore.has(id)) {
      sandbox
        .distributorSimulator(demo.fault.distributor)
        .injectFault({ kind: demo.fault.kind, operations: ['submit'] });
    }
    notes.length = 0;
    const results = await dropshipper.importOrders();
    polls++;
    for (const result of results) {
      repeatedWithinRun.push(...listedTwice(result));
      addToIntakeRow(intakeRows.get(result.marketplace) ?? emptyIntakeRow(result.marketplace), result);
      if (result.error !== undefined)
        notes.push(`intake ${result.marketplace}: ${result.error} (the next run resumes)`);
      for (const imported of result.orders) {
        if (imported.outcome === 'unmappable') {
          const at = imported.salesOrderId === unmappableOrderId ? unmappableOrder.orderedAt : sandbox.clock.iso();
          log(describeUnmappable(at, result.marketplace, imported.marketplaceOrderId, imported.reasons));
          continue;
        }
        const demoOrder = byId.get(imported.salesOrderId);
        if (demoOrder === undefined || imported.placement === undefined) continue;
        const after = await dropshipper.purchaseOrders(imported.salesOrderId);
        const outcome = await outcomeOf(dropshipper, demoOrder, imported.placement, after, {
          alreadyHandled: recordsBefore.has(imported.salesOrderId),
          placedOnRetry: failedBefore.has(imported.salesOrderId),
        });
        if (outcome.category === 'failed') failedBefore.add(imported.salesOrderId);
        decided.set(imported.salesOrderId, outcome);
        log(describeOrder(demoOrder, outcome, imported.placement, after));
      }
    }
    // An order an earlier run took in and decided: where it stands, from the store.
    const earlier = recordsBefore.get(id);
    if (earlier !== undefined && !decided.has(id)) {
      const after = await dropshipper.purchaseOrders(id);
      const recorded = recordedResult(earlier, await dropshipper.plan(demo.order), after);
      const outcome = await outcomeOf(dropshipper, demo, recorded, after, {
        alreadyHandled: true,
        placedOnRetry: false,
      });
      decided.set(id, outcome);
      log(describeOrder(demo, outcome, recorded, after));
    }
    for (const note of notes) log(`                                         ${note}`);
  }
  const callsAfter = listingCalls(sandbox);
  for (const row of intakeRows.values())
    row.calls = (callsAfter[row.marketplace] ?? 0) - (callsBefore[row.marketplace] ?? 0);
  const records = (await dropshipper.importedOrders()).map(({ salesOrderId, status, reasons }) => ({
    salesOrderId,
    status,
    reasons,
  }));
  const intake: DemoIntake = {
    polls,
    marketplaces: [...intakeRows.values()],
    listedOrderIds: [...day.map((demo) => salesOrderIdOf(demo.order)), unmappableOrderId],
    unmappableOrderId,
    records,
    recordsBefore: [...recordsBefore.keys()],
    takenInThisRun,
    repeatedWithinRun,
  };
  const orderOutcomes = day.map((demo) => decided.get(salesOrderIdOf(demo.order)) ?? undecidedOutcome(demo));
  const listings = await listingsBlock.finish();
  if (listings !== undefined) for (const line of describeListings(listings)) log(line);

  // 2. Packages ship over the rest of the day and the next morning; each sync pushes and emails.
  const syncs: SyncTrackingResult[] = [];
  const sync = async (at: string, label: string) => {
    sandbox.clock.set(at);
    const result = await dropshipper.syncTracking();
    syncs.push(result);
    for (const line of describeSync(at, label, result)) log(line);
  };
  const ship = async (at: string, heading: string, mode: 'first' | 'rest', createdBefore?: string) => {
    sandbox.clock.set(at);
    // Placed and not finished: what a distributor may still ship.
    const open = await store.findPurchaseOrders({ state: purchaseOrderStateGroups.placedOpen });
    const packages: PlannedPackage[] = open
      .filter((purchaseOrder) => createdBefore === undefined || purchaseOrder.createdAt < createdBefore)
      .flatMap((purchaseOrder) => nextPackages(sandbox, purchaseOrder.distributor, purchaseOrder.poNumber, mode));
    log('');
    log(`── ${heading}: ${packages.length} packages ──`);
    for (const item of packages) {
      const trackingNumber = sandbox.ship(item.distributor, item.poNumber, { lines: item.lines });
      log(
        `${clockTime(at)}  ${item.distributor.padEnd(15)} ${item.poNumber}  ${trackingNumber}  ${item.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}${item.warehouse ? ` from ${item.warehouse}` : ''}${item.partial ? '  (partial: more to come)' : ''}`,
      );
    }
  };
  await ship(
    '2026-11-20T16:30:00.000Z',
    'day 1, 16:30  the morning’s POs ship (in parts where they can)',
    'first',
    '2026-11-20T14:00:00.000Z',
  );
  await sync('2026-11-20T17:00:00.000Z', '(day 1 evening)');
  await ship('2026-11-21T10:00:00.000Z', 'day 2, 10:00  everything left ships', 'rest');
  await sync('2026-11-21T10:30:00.000Z', '(day 2 morning)');
  await sync('2026-11-21T11:00:00.000Z', '(again: nothing new)');

  // 3. The record.
  const purchaseOrders = (await store.findPurchaseOrders({})).map((purchaseOrder) => ({
    poNumber: purchaseOrder.poNumber,
    distributor: purchaseOrder.distributor,
    salesOrderId: purchaseOrder.salesOrderId,
    state: purchaseOrder.state,
  }));
  const ordersAtDistributors = sandbox.heldOrders();
  const trackingAtMarketplaces = sandbox.fulfillments().map((fulfillment) => ({
    marketplace: fulfillment.marketplace,
    marketplaceOrderId: fulfillment.marketplaceOrderId,
    trackingNumber: fulfillment.trackingNumber,
  }));
  const emails = sandbox.mailbox
    .messages()
    .map((message) => ({ to: message.to, subject: message.subject, messageId: message.messageId }));
  const outcomes = orderOutcomes;
  const unplacedLines = outcomes.flatMap((outcome) => outcome.lines.filter((line) => line.poNumber === undefined));
  const unplacedReasons = Object.fromEntries(countBy(unplacedLines, (line) => line.reason ?? 'none'));
  const placedThisRun = outcomes.reduce((sum, outcome) => sum + outcome.placedNow, 0);
  const profit = {
    estimated: outcomes.reduce((sum, outcome) => sum + (outcome.estimatedProfit ?? 0), 0),
    actualOfPlacedNow: outcomes.reduce(
      (sum, outcome) => sum + (outcome.placedNow > 0 ? (outcome.actualProfit ?? 0) : 0),
      0,
    ),
    actual: outcomes.reduce((sum, outcome) => sum + (outcome.actualProfit ?? 0), 0),
  };
  const checks = demoChecks({ orders: outcomes, ordersAtDistributors, trackingAtMarketplaces, emails, syncs, intake });
  const result: DemoResult = {
    ok: Object.values(checks).every(Boolean),
    ...(listings === undefined ? {} : { listings }),
    checks,
    storeKind,
    storeLocation,
    orders: outcomes,
    placedThisRun,
    purchaseOrders,
    ordersAtDistributors,
    trackingAtMarketplaces,
    pushedThisRun,
    emails,
    emailsThisRun: emails.length - emailsBefore,
    unplacedReasons,
    profit,
    syncs,
    intake,
    durationMs: Date.now() - started,
  };
  for (const line of renderSummary(result, sandbox)) log(line);
  return result;
}

/** Where an order stands after intake decided it (now or in an earlier run). */
async function outcomeOf(
  dropshipper: Dropshipper,
  demo: DemoOrder,
  result: DropshipResult,
  purchaseOrders: readonly PurchaseOrder[],
  flags: Pick<DemoOrderOutcome, 'alreadyHandled' | 'placedOnRetry'>,
): Promise<DemoOrderOutcome> {
  const placedNow = result.purchaseOrders.filter((outcome) => outcome.outcome === 'submitted').length;
  const live = purchaseOrders.filter(isLive);
  return {
    salesOrderId: result.salesOrderId,
    marketplace: demo.order.marketplace,
    story: demo.story,
    category: categorise(result, purchaseOrders),
    ...flags,
    status: result.status,
    holdReasons: result.holdReasons,
    placedNow,
    ...(placedNow > 0 ? { estimatedProfit: result.plan.profit.profit } : {}),
    ...(live.length > 0 ? { actualProfit: (await dropshipper.profit(result.salesOrderId)).profit } : {}),
    lines: linesOf(demo, purchaseOrders, result),
  };
}

/** Reads `--memory`, `--reset` and `--data-dir <dir>` from the command line. */
export function parseDemoArguments(argv: readonly string[]): Pick<DemoOptions, 'storeKind' | 'reset' | 'dataDir'> {
  const options: Pick<DemoOptions, 'storeKind' | 'reset' | 'dataDir'> = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--memory') options.storeKind = 'memory';
    else if (argument === '--reset') options.reset = true;
    else if (argument === '--data-dir') options.dataDir = argv[++index];
    else if (argument?.startsWith('--data-dir=')) options.dataDir = argument.slice('--data-dir='.length);
    else throw new Error(`pnpm demo: unknown argument "${argument}" (use --memory, --reset, --data-dir <dir>)`);
  }
  return options;
}

runAsScript(import.meta.url, async () => {
  const result = await run(parseDemoArguments(process.argv.slice(2)));
  process.exitCode = result.ok ? 0 : 1;
});
