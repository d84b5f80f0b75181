// `pnpm demo`: a day of drop-shipping, offline. 30 marketplace orders (eBay, Amazon, Walmart,
// Shopify) are planned and placed with four simulated distributors, packages ship over simulated
// time, tracking goes back to the marketplaces and buyers get emails in a local SMTP sink. Ends
// with a summary. Run it twice: the second run resumes from the durable store and places nothing.
//
// Run: pnpm demo            (durable store in .dropship-data/demo; a second run resumes)
//      pnpm demo --reset    (start the day over)
//      pnpm demo --memory   (in-memory store: nothing outlives the process)
import {
  createDropshipper,
  type DropshipStore,
  purchaseOrderStateGroups,
  type SyncTrackingResult,
} from '@dropship/core';
import { runAsScript, type Sandbox, startSandbox } from '../sandbox/index.js';
import { createDemoStore, type DemoStore, type DemoStoreKind } from './create-demo-store.js';
import { demoChecks } from './demo-checks.js';
import { demoDay, demoDayStart, demoMinimumProfit } from './demo-day.js';
import { categorise, isLive, linesOf } from './demo-outcomes.js';
import { clockTime, countBy, describeOrder, describeSync, displayPath, dollars, renderSummary } from './demo-report.js';
import type { DemoOrderOutcome, DemoResult } from './demo-types.js';
import { nextPackages, type PlannedPackage } from './ship-packages.js';

export { demoMinimumProfit } from './demo-day.js';
export type { DemoLine, DemoOrderCategory, DemoOrderOutcome, DemoResult } from './demo-types.js';

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
  const sandbox = options.sandbox ?? (await startSandbox({ start: demoDayStart }));
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
    rules: sandbox.rules,
    approval: { mode: 'auto', minimumProfit: demoMinimumProfit },
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

  // 1. Orders arrive through the day.
  const day = demoDay();
  log('');
  log(
    `── ${clockTime(day[0]?.order.orderedAt ?? demoDayStart)}–${clockTime(day.at(-1)?.order.orderedAt ?? demoDayStart)}  ${day.length} marketplace orders arrive ──`,
  );
  const outcomes: DemoOrderOutcome[] = [];
  for (const demo of day) {
    sandbox.clock.set(demo.order.orderedAt);
    sandbox.receiveOrder(demo.order);
    const id = `${demo.order.marketplace}:${demo.order.marketplaceOrderId}`;
    const before = await dropshipper.purchaseOrders(id);
    const placedBefore = before.some((purchaseOrder) => purchaseOrder.state !== 'failed');
    // The scenario's faults hit the first attempt to place the order (and every retry of a failed one).
    if (demo.fault !== undefined && !placedBefore) {
      sandbox
        .distributorSimulator(demo.fault.distributor)
        .injectFault({ kind: demo.fault.kind, operations: ['submit'] });
    }
    notes.length = 0;
    const result = await dropshipper.dropship(demo.order);
    const after = await dropshipper.purchaseOrders(id);
    const placedNow = result.purchaseOrders.filter((outcome) => outcome.outcome === 'submitted').length;
    const category = categorise(result, after);
    const live = after.filter(isLive);
    const outcome: DemoOrderOutcome = {
      salesOrderId: id,
      marketplace: demo.order.marketplace,
      story: demo.story,
      category,
      alreadyHandled: before.length > 0,
      status: result.status,
      holdReasons: result.holdReasons,
      placedNow,
      ...(placedNow > 0 ? { estimatedProfit: result.plan.profit.profit } : {}),
      ...(live.length > 0 ? { actualProfit: (await dropshipper.profit(id)).profit } : {}),
      lines: linesOf(demo, after, result),
    };
    outcomes.push(outcome);
    log(describeOrder(demo, outcome, result, after));
    for (const note of notes) log(`                                         ${note}`);
  }

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
  const checks = demoChecks({ orders: outcomes, ordersAtDistributors, trackingAtMarketplaces, emails, syncs });
  const result: DemoResult = {
    ok: Object.values(checks).every(Boolean),
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
    durationMs: Date.now() - started,
  };
  for (const line of renderSummary(result, sandbox)) log(line);
  return result;
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
