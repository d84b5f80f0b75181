// `pnpm demo`: a day of drop-shipping, offline. 30 marketplace orders (eBay, Amazon, Walmart,
// Shopify) are planned and placed with four simulated distributors, packages ship over simulated
// time, tracking goes back to the marketplaces and buyers get emails in a local SMTP sink. Ends
// with a summary. Run it twice: the second run resumes from the durable store and places nothing.
//
// Run: pnpm demo            (durable store in .dropship-data/demo; a second run resumes)
//      pnpm demo --reset    (start the day over)
//      pnpm demo --memory   (in-memory store: nothing outlives the process)
import { isAbsolute, relative } from 'node:path';
import {
  createDropshipper,
  type DropshipResult,
  type DropshipStore,
  type PurchaseOrder,
  type PurchaseOrderState,
  type SyncTrackingResult,
  type UnplacedLine,
} from '@dropship/core';
import { type HeldOrderCount, runAsScript, type Sandbox, startSandbox } from '../sandbox/index.js';
import { createDemoStore, type DemoStore, type DemoStoreKind } from './create-demo-store.js';
import { type DemoOrder, demoDay, demoDayStart } from './demo-day.js';
import { clockTime, countBy, dollars, renderTable } from './demo-report.js';
import { nextPackages, type PlannedPackage } from './ship-packages.js';

/** Orders whose plan places every line with at least this estimated profit (cents) are placed automatically. */
export const demoMinimumProfit = 500;

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

/** What the demo categorises an order as. */
export type DemoOrderCategory = 'placed' | 'partially-placed' | 'held' | 'not-drop-shippable' | 'failed';

/** One marketplace line and where it went. */
export interface DemoLine {
  lineId: string;
  sku: string;
  quantity: number;
  /** The PO covering it, when there is one. */
  poNumber?: string;
  poState?: PurchaseOrderState;
  /** Why it has no PO (a reason code), when it has none. */
  reason?: string;
}

/** What happened to one order in this run. */
export interface DemoOrderOutcome {
  salesOrderId: string;
  marketplace: string;
  story: string;
  category: DemoOrderCategory;
  /** True when the store already had POs for it when this run started. */
  alreadyHandled: boolean;
  status: DropshipResult['status'];
  holdReasons: string[];
  /** POs placed by this run (not found already placed). */
  placedNow: number;
  /** Estimated profit of the plan (cents) when placed by this run. */
  estimatedProfit?: number;
  /** Actual profit from the POs placed (cents), when any is. */
  actualProfit?: number;
  lines: DemoLine[];
}

/** Everything the demo did, for its test and for people. */
export interface DemoResult {
  /** True when every check passed (no duplicate PO, push or email; every line accounted for). */
  ok: boolean;
  /** The checks, by name. */
  checks: Record<string, boolean>;
  storeKind: DemoStoreKind;
  storeLocation: string;
  orders: DemoOrderOutcome[];
  /** POs placed by this run. */
  placedThisRun: number;
  /** Every PO in the store at the end. */
  purchaseOrders: { poNumber: string; distributor: string; salesOrderId: string; state: PurchaseOrderState }[];
  /** Orders each distributor simulator holds per PO number. */
  ordersAtDistributors: HeldOrderCount[];
  /** Every tracking number the marketplace simulators hold. */
  trackingAtMarketplaces: { marketplace: string; marketplaceOrderId: string; trackingNumber: string }[];
  /** Tracking numbers pushed by this run, per marketplace. */
  pushedThisRun: Record<string, number>;
  /** Every email the SMTP sink holds. */
  emails: { to: string[]; subject: string; messageId: string | undefined }[];
  /** Emails sent by this run. */
  emailsThisRun: number;
  /** Lines without a PO, by reason code. */
  unplacedReasons: Record<string, number>;
  /** Totals over orders placed by this run (estimated) and over every order with POs (actual), cents. */
  profit: { estimated: number; actualOfPlacedNow: number; actual: number };
  syncs: SyncTrackingResult[];
  durationMs: number;
}

const openStates: readonly PurchaseOrderState[] = [
  'submitted',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
];

/** A path relative to the working directory when it is inside it. */
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.length > 0 && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

/** A short code for a hold reason of `dropship`. */
function holdCode(reason: string): string {
  if (reason.startsWith('incomplete plan')) return 'held: order not fully drop-shippable';
  if (reason.includes('below the minimum')) return 'held: below minimum profit';
  return 'held: approval';
}

/** The reason code of an unplaced line: the distinct reasons of its candidates, else the line's code. */
function unplacedCode(line: UnplacedLine): string {
  const codes = [
    ...new Set(line.candidates.flatMap((candidate) => candidate.reasons.map((reason) => reason.code))),
  ].sort();
  return codes.length > 0 ? codes.join(' + ') : line.code;
}

function shortError(message: string | undefined): string {
  if (message === undefined) return 'unknown error';
  if (/credentials were refused|401/i.test(message)) return 'HTTP 401: credentials refused';
  return message.length > 70 ? `${message.slice(0, 67)}...` : message;
}

function linesOf(demo: DemoOrder, purchaseOrders: readonly PurchaseOrder[], result: DropshipResult): DemoLine[] {
  const held = result.status === 'held' ? holdCode(result.holdReasons[0] ?? '') : undefined;
  return demo.order.lines.map((line) => {
    const covering = purchaseOrders.find((purchaseOrder) =>
      purchaseOrder.lines.some((poLine) => poLine.salesLineId === line.lineId),
    );
    const base = { lineId: line.lineId, sku: line.sku, quantity: line.quantity };
    if (covering !== undefined) return { ...base, poNumber: covering.poNumber, poState: covering.state };
    const unplaced = result.unplaced.find((candidate) => candidate.salesLineId === line.lineId);
    if (unplaced !== undefined) return { ...base, reason: unplacedCode(unplaced) };
    return { ...base, reason: held ?? 'no PO and no reason' };
  });
}

/** True for a PO that holds (or will hold) an order at its distributor. */
function isLive(purchaseOrder: PurchaseOrder): boolean {
  return purchaseOrder.state !== 'failed' && purchaseOrder.state !== 'rejected' && purchaseOrder.state !== 'cancelled';
}

function categorise(result: DropshipResult, purchaseOrders: readonly PurchaseOrder[]): DemoOrderCategory {
  if (result.status === 'held') return 'held';
  const live = purchaseOrders.filter(isLive);
  const failed = purchaseOrders.some(
    (purchaseOrder) => purchaseOrder.state === 'failed' || purchaseOrder.state === 'rejected',
  );
  if (purchaseOrders.length === 0) return 'not-drop-shippable';
  if (live.length === 0) return 'failed';
  return failed ? 'partially-placed' : 'placed';
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
    log(
      `${clockTime(at)}  sync ${label.padEnd(22)} ${result.purchaseOrders} open POs, ${result.distributorCalls} distributor calls, ${result.shipmentsRecorded} new packages, ${result.trackingPushed} tracking pushed, ${result.buyersNotified} emails, ${result.completed} POs completed${result.errors.length > 0 ? `, ${result.errors.length} errors (retried next sync)` : ''}`,
    );
    for (const error of result.errors)
      log(`        ${error.step} ${error.poNumber ?? error.distributor ?? ''}: ${shortError(error.message)}`);
  };
  const ship = async (at: string, heading: string, mode: 'first' | 'rest', createdBefore?: string) => {
    sandbox.clock.set(at);
    const open = await store.findPurchaseOrders({ state: openStates });
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
  const trackingKeys = trackingAtMarketplaces.map(
    (entry) => `${entry.marketplace}:${entry.marketplaceOrderId}:${entry.trackingNumber}`,
  );
  const messageIds = emails.map((email) => email.messageId ?? '');
  const checks = {
    'no PO held twice by a distributor': ordersAtDistributors.every((entry) => entry.count === 1),
    'every line has a PO or a reason': outcomes.every((outcome) =>
      outcome.lines.every(
        (line) => line.poNumber !== undefined || (line.reason !== undefined && line.reason !== 'no PO and no reason'),
      ),
    ),
    'no tracking number pushed twice': new Set(trackingKeys).size === trackingKeys.length,
    'no email sent twice':
      new Set(messageIds).size === messageIds.length && messageIds.every((messageId) => messageId.length > 0),
    'no sync error left': syncs.at(-1)?.errors.length === 0,
  };
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

function describeOrder(
  demo: DemoOrder,
  outcome: DemoOrderOutcome,
  result: DropshipResult,
  purchaseOrders: readonly PurchaseOrder[],
): string {
  const head = `${clockTime(demo.order.orderedAt)}  ${demo.order.marketplace.padEnd(8)}${demo.order.marketplaceOrderId.padEnd(21)}`;
  const retried = result.purchaseOrders.some((item) => item.outcome === 'failed' || item.outcome === 'unknown');
  const label =
    !outcome.alreadyHandled || outcome.placedNow > 0
      ? outcome.category
      : retried
        ? `${outcome.category} (retried)`
        : `${outcome.category} (already)`;
  let detail: string;
  switch (outcome.category) {
    case 'placed':
    case 'partially-placed':
    case 'failed':
      detail = purchaseOrders
        .map((purchaseOrder) => {
          const lines = purchaseOrder.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ');
          const failure =
            purchaseOrder.state === 'failed'
              ? ` FAILED: ${shortError(result.purchaseOrders.find((item) => item.poNumber === purchaseOrder.poNumber)?.error ?? purchaseOrder.lastError)}`
              : '';
          return `${purchaseOrder.distributor} ${purchaseOrder.poNumber} (${lines})${failure}`;
        })
        .join('; ');
      if (outcome.estimatedProfit !== undefined) detail += `  est. profit ${dollars(outcome.estimatedProfit)}`;
      break;
    case 'held':
      detail = result.holdReasons
        .map((reason) => {
          if (reason.includes('below the minimum')) {
            return `est. profit ${dollars(result.plan.profit.profit)} < ${dollars(demoMinimumProfit)}`;
          }
          if (reason.startsWith('incomplete plan')) {
            const blocked = outcome.lines.filter(
              (line) => line.reason !== undefined && !line.reason.startsWith('held'),
            );
            return `${blocked.map((line) => `${line.sku}: ${line.reason}`).join(', ')}; the rest waits for review`;
          }
          return reason;
        })
        .join('; ');
      break;
    case 'not-drop-shippable':
      detail = outcome.lines.map((line) => `${line.sku}: ${line.reason}`).join('; ');
      break;
  }
  return `${head}${label.padEnd(20)}${detail}  [${demo.story}]`;
}

function renderSummary(result: DemoResult, sandbox: Sandbox): string[] {
  const out: string[] = ['', '══ Summary ══', ''];
  const marketplaces = ['ebay', 'amazon', 'walmart', 'shopify'];
  const categories: DemoOrderCategory[] = ['placed', 'partially-placed', 'held', 'not-drop-shippable', 'failed'];
  const orderRows = marketplaces.map((marketplace) => {
    const orders = result.orders.filter((order) => order.marketplace === marketplace);
    return [
      marketplace,
      orders.length,
      ...categories.map((category) => orders.filter((order) => order.category === category).length),
      orders.filter((order) => order.alreadyHandled).length,
    ];
  });
  orderRows.push([
    'total',
    result.orders.length,
    ...categories.map((category) => result.orders.filter((order) => order.category === category).length),
    result.orders.filter((order) => order.alreadyHandled).length,
  ]);
  out.push('Orders');
  out.push(
    ...renderTable(
      [
        { header: 'marketplace' },
        { header: 'orders', right: true },
        ...categories.map((category) => ({ header: category, right: true })),
        { header: 'already handled', right: true },
      ],
      orderRows,
    ),
  );

  const states = [...new Set(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.state))].sort();
  const distributors = [...new Set(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.distributor))].sort();
  out.push('', 'Purchase orders by distributor and state (and how many orders each distributor holds per PO number)');
  out.push(
    ...renderTable(
      [
        { header: 'distributor' },
        { header: 'POs', right: true },
        ...states.map((state) => ({ header: state, right: true })),
        { header: 'placed now', right: true },
        { header: 'orders per PO at distributor', right: true },
      ],
      distributors.map((distributor) => {
        const own = result.purchaseOrders.filter((purchaseOrder) => purchaseOrder.distributor === distributor);
        const held = result.ordersAtDistributors.filter((entry) => entry.distributor === distributor);
        const placedNow = result.orders.reduce(
          (sum, order) =>
            sum +
            (order.placedNow > 0
              ? own.filter((purchaseOrder) => purchaseOrder.salesOrderId === order.salesOrderId).length
              : 0),
          0,
        );
        const maximum = held.reduce((max, entry) => Math.max(max, entry.count), 0);
        return [
          distributor,
          own.length,
          ...states.map((state) => own.filter((purchaseOrder) => purchaseOrder.state === state).length),
          placedNow,
          held.length === 0 ? '-' : `max ${maximum} (${held.length} POs)`,
        ];
      }),
    ),
  );

  out.push('', 'Lines not placed, and why');
  const reasons = Object.entries(result.unplacedReasons);
  out.push(
    ...(reasons.length === 0
      ? ['(none)']
      : renderTable([{ header: 'reason' }, { header: 'lines', right: true }], reasons)),
  );

  out.push('', 'Tracking and buyer emails');
  const notifiesBuyer = new Map(sandbox.marketplaces.map((adapter) => [adapter.marketplace, adapter.notifiesBuyer]));
  out.push(
    ...renderTable(
      [
        { header: 'marketplace' },
        { header: 'pushed now', right: true },
        { header: 'tracking held by marketplace', right: true },
        { header: 'buyer emailed by' },
      ],
      marketplaces.map((marketplace) => [
        marketplace,
        result.pushedThisRun[marketplace] ?? 0,
        result.trackingAtMarketplaces.filter((entry) => entry.marketplace === marketplace).length,
        notifiesBuyer.get(marketplace) ? 'the marketplace' : 'the SDK (SMTP)',
      ]),
    ),
  );
  out.push(`emails delivered to the SMTP sink: ${result.emailsThisRun} now, ${result.emails.length} in all`);

  out.push('', 'Profit');
  out.push(
    ...renderTable(
      [
        { header: 'orders' },
        { header: 'count', right: true },
        { header: 'estimated at planning', right: true },
        { header: 'actual from POs', right: true },
      ],
      [
        [
          'placed by this run',
          result.orders.filter((order) => order.placedNow > 0).length,
          dollars(result.profit.estimated),
          dollars(result.profit.actualOfPlacedNow),
        ],
        [
          'all with POs',
          result.orders.filter((order) => order.actualProfit !== undefined).length,
          '',
          dollars(result.profit.actual),
        ],
      ],
    ),
  );
  out.push('(estimated includes the shipping estimate; actual is sale − cost − drop-ship fees − marketplace fee)');

  out.push('');
  for (const [name, passed] of Object.entries(result.checks)) out.push(`${passed ? '✔' : '✘'} ${name}`);
  const alreadyHandled = result.orders.filter((order) => order.alreadyHandled).length;
  if (alreadyHandled > 0)
    out.push(
      `↻ ${alreadyHandled} orders were already handled by an earlier run; ${result.placedThisRun} new POs placed now`,
    );
  out.push(`${result.ok ? 'done' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`);
  return out;
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
