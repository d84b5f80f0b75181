import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { InvalidRequestError } from '../../errors/invalid-request-error.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { parseSalesOrder } from '../../model/sales-order.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { ListedOrderEntry, MarketplaceOrders, OrderListPage } from '../../spec/v1/order-intake.js';
import type { IntakeCursor } from '../../spec/v1/store.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ImportedOrderResult, ImportMarketplaceOrdersResult } from '../context/dropshipper-types.js';
import {
  acknowledgeImportedOrders,
  requiresAcknowledgement,
  unacknowledgedOrderIds,
} from './acknowledge-imported-orders.js';
import { decideImportedOrder } from './decide-imported-order.js';
import { importListedOrder, type PendingDecision, parseListedEntries } from './import-listed-order.js';
import { type IntakeStore, requireIntakeStore } from './intake-store.js';

/** A fresh result with every count at zero. */
function emptyResult(marketplace: string): ImportMarketplaceOrdersResult {
  return {
    marketplace,
    pages: 0,
    listed: 0,
    imported: 0,
    duplicates: 0,
    skipped: 0,
    held: 0,
    unmappable: 0,
    placed: 0,
    acknowledged: 0,
    orders: [],
  };
}

/** Adds one order's outcome to the result's counts and list. */
function count(result: ImportMarketplaceOrdersResult, order: ImportedOrderResult, taken: boolean): void {
  result.orders.push(order);
  if (taken) result.imported++;
  if (order.outcome === 'duplicate') result.duplicates++;
  else if (order.outcome === 'skipped') result.skipped++;
  else if (order.outcome === 'unmappable') result.unmappable++;
  else if (order.outcome === 'held') result.held++;
  else if (order.outcome === 'placed') result.placed++;
}

/** The marketplace's order id of an entry (`unknown` for an order that does not even have one: it is held as unmappable). */
function entryOrderId(entry: ListedOrderEntry): string {
  if (entry.kind === 'unmappable') return entry.marketplaceOrderId;
  const id = (entry.order as { marketplaceOrderId?: unknown } | null | undefined)?.marketplaceOrderId;
  return typeof id === 'string' && id.length > 0 ? id : 'unknown';
}

/** The adapter of a marketplace that lists orders. */
export function orderListingOf(
  context: DropshipContext,
  marketplace: string,
  operation: string,
): MarketplaceAdapter & { orders: MarketplaceOrders } {
  const adapter = context.marketplaces.get(marketplace);
  if (adapter === undefined) throw new ConfigurationError(`${operation}: no adapter for marketplace "${marketplace}"`);
  if (adapter.capabilities?.orders === undefined || typeof adapter.orders?.list !== 'function') {
    throw new ConfigurationError(
      `${operation}: the ${marketplace} adapter does not list orders (capabilities.orders is not declared)`,
    );
  }
  return adapter as MarketplaceAdapter & { orders: MarketplaceOrders };
}

/**
 * Takes in one page's (or one webhook's) entries: each entry's steps up to its record, in order
 * (the next plan sees the reservations of the one before); then one acknowledgement for the
 * orders taken in, where the marketplace requires it; then the approval step of each.
 */
async function importEntries(
  context: DropshipContext,
  store: IntakeStore,
  adapter: MarketplaceAdapter,
  entries: readonly ListedOrderEntry[],
  result: ImportMarketplaceOrdersResult,
  seen: Set<string>,
): Promise<void> {
  const { marketplace } = adapter;
  const pending: PendingDecision[] = [];
  const steps: { order: ImportedOrderResult; taken: boolean; pending?: PendingDecision }[] = [];
  for (const entry of entries) {
    result.listed++;
    const key = entryOrderId(entry);
    if (seen.has(key)) {
      // Listed twice in this run: nothing to look up.
      const salesOrderId = `${marketplace}:${key}`;
      context.emit('order-import-duplicate', { marketplace, salesOrderId, marketplaceOrderId: key });
      steps.push({
        order: { salesOrderId, marketplaceOrderId: key, outcome: 'duplicate', status: entry.status, reasons: [] },
        taken: false,
      });
      continue;
    }
    const step = await importListedOrder(context, store, marketplace, entry);
    if (step.result.outcome !== 'skipped') seen.add(key);
    if (step.pending !== undefined) pending.push(step.pending);
    steps.push({
      order: step.result,
      taken: step.pending?.plan !== undefined,
      ...(step.pending === undefined ? {} : { pending: step.pending }),
    });
  }
  if (requiresAcknowledgement(adapter)) {
    const ids = pending.filter((decision) => decision.record.acknowledgedAt === undefined);
    result.acknowledged += await acknowledgeImportedOrders(
      context,
      store,
      adapter,
      ids.map((decision) => decision.record.marketplaceOrderId),
    );
  }
  for (const step of steps) {
    const decided =
      step.pending === undefined
        ? step.order
        : {
            ...(await decideImportedOrder(context, store, step.pending.record, step.pending.order, step.pending.plan)),
            ...(step.order.status === undefined ? {} : { status: step.order.status }),
          };
    count(result, decided, step.taken);
  }
}

/** Acknowledgements an earlier run sent that the marketplace did not confirm: sent again first. */
async function acknowledgeEarlierOrders(
  context: DropshipContext,
  store: IntakeStore,
  adapter: MarketplaceAdapter,
  result: ImportMarketplaceOrdersResult,
): Promise<void> {
  if (!requiresAcknowledgement(adapter)) return;
  const ids = await unacknowledgedOrderIds(store, adapter.marketplace);
  result.acknowledged += await acknowledgeImportedOrders(context, store, adapter, ids);
}

/**
 * Finishes orders taken in whose approval step did not run (a crash between the record and the
 * decision, a placement that failed), after the scan: an order this run listed was decided on its
 * listing (which also says whether it is still to ship), so it is not decided again here.
 *
 * @param seen - marketplace order ids this run listed.
 */
async function finishUndecidedOrders(
  context: DropshipContext,
  store: IntakeStore,
  marketplace: string,
  result: ImportMarketplaceOrdersResult,
  seen: ReadonlySet<string>,
): Promise<void> {
  for (const record of await store.findImportedOrders({ marketplace, status: 'imported' })) {
    if (seen.has(record.marketplaceOrderId)) continue;
    const saved = await store.getSalesOrder(record.salesOrderId);
    if (saved === null) continue;
    count(result, await decideImportedOrder(context, store, record, parseSalesOrder(saved), undefined), false);
  }
}

/** True when the marketplace refused a page cursor it issued (it expired): the window is read again. */
function isRefusedCursor(error: unknown): boolean {
  return InvalidRequestError.isInstance(error) || NotFoundError.isInstance(error);
}

/** Reads one page, checking its shape at the edge. */
async function readPage(
  orders: MarketplaceOrders,
  request: { since: string; until: string; cursor?: string },
): Promise<OrderListPage> {
  const page = await orders.list({ ...request, limit: orders.pageSize });
  const entries = parseListedEntries(page?.orders, 'order listing page');
  const nextCursor = page.nextCursor;
  if (nextCursor !== undefined && (typeof nextCursor !== 'string' || nextCursor.length === 0)) {
    throw new ConfigurationError('order listing page: nextCursor must be a non-empty string or absent');
  }
  if (nextCursor !== undefined && nextCursor === request.cursor) {
    // An adapter (or a marketplace) that answers a page with its own cursor would be read forever.
    throw new ConfigurationError(
      'order listing page: nextCursor repeats the cursor of the page it answers (the scan would never end); the scan stops here and resumes from its saved cursor at the next run',
    );
  }
  return { orders: entries, ...(nextCursor === undefined ? {} : { nextCursor }) };
}

/**
 * One intake run of a marketplace (see `Dropshipper.importMarketplaceOrders`): acknowledgements
 * left by earlier runs, the scan from the store's cursor, then earlier runs' undecided orders.
 * The cursor is saved after each page is fully taken in (its page cursor), and the watermark
 * moves to the window's `until` only after the last page. A page cursor the marketplace refuses restarts the window from its `since` (once per run,
 * event `intake-cursor-restarted`): orders seen again are duplicates.
 *
 * @param context - the dropshipper's context.
 * @param marketplace - the marketplace id.
 */
export async function importMarketplaceOrders(
  context: DropshipContext,
  marketplace: string,
): Promise<ImportMarketplaceOrdersResult> {
  const operation = 'importMarketplaceOrders';
  const store = requireIntakeStore(context.store, operation);
  const adapter = orderListingOf(context, marketplace, operation);
  const result = emptyResult(marketplace);
  await acknowledgeEarlierOrders(context, store, adapter, result);
  const seen = new Set<string>();
  await scanWindow(context, store, adapter, result, seen);
  await finishUndecidedOrders(context, store, marketplace, result, seen);
  return result;
}

/**
 * Reads the window from the store's cursor, page by page (see {@link importMarketplaceOrders}),
 * taking in each page's entries; `result.watermark` is the cursor's watermark after it.
 */
async function scanWindow(
  context: DropshipContext,
  store: IntakeStore,
  adapter: MarketplaceAdapter & { orders: MarketplaceOrders },
  result: ImportMarketplaceOrdersResult,
  seen: Set<string>,
): Promise<void> {
  const { marketplace } = adapter;
  let cursor = await store.getIntakeCursor(marketplace);
  const nowMs = context.now().getTime();
  const { overlapMs, settleMs, firstImportLookbackMs, maxPagesPerRun } = context.intake;
  let since: string;
  let until: string;
  let pageCursor: string | undefined;
  if (cursor?.scan !== undefined) {
    ({ since, until } = cursor.scan);
    pageCursor = cursor.scan.cursor;
  } else {
    since = new Date(
      cursor === null ? nowMs - firstImportLookbackMs : Date.parse(cursor.watermark) - overlapMs,
    ).toISOString();
    until = new Date(nowMs - settleMs).toISOString();
    if (Date.parse(until) <= Date.parse(since)) {
      if (cursor !== null) result.watermark = cursor.watermark;
      return;
    }
  }
  let restarted = false;
  for (;;) {
    if (result.pages >= maxPagesPerRun) {
      result.stopped = 'page-limit';
      break;
    }
    let page: OrderListPage;
    try {
      page = await readPage(adapter.orders, {
        since,
        until,
        ...(pageCursor === undefined ? {} : { cursor: pageCursor }),
      });
    } catch (error) {
      if (pageCursor === undefined || restarted || !isRefusedCursor(error)) throw error;
      restarted = true;
      pageCursor = undefined;
      context.emit('intake-cursor-restarted', { marketplace, since, until, error: describeError(error) });
      continue;
    }
    result.pages++;
    await importEntries(context, store, adapter, page.orders, result, seen);
    const done = page.nextCursor === undefined;
    // The version the store will hold after this save (it checks the one before).
    const version = (cursor?.version ?? 0) + 1;
    const next: IntakeCursor = done
      ? { marketplace, watermark: until, version }
      : {
          marketplace,
          watermark: cursor?.watermark ?? since,
          scan: { since, until, cursor: page.nextCursor as string },
          version,
        };
    try {
      cursor = await store.saveIntakeCursor(next, cursor?.version ?? null);
    } catch (error) {
      if (!ConcurrencyConflictError.isInstance(error)) throw error;
      // Another worker scans this marketplace: its cursor stands; what this run took in is recorded.
      result.stopped = 'cursor-conflict';
      cursor = await store.getIntakeCursor(marketplace);
      break;
    }
    context.emit('intake-page-read', { marketplace, since, until, orders: page.orders.length, more: !done });
    if (done) {
      context.emit('intake-window-completed', { marketplace, since, until, pages: result.pages });
      break;
    }
    pageCursor = page.nextCursor;
  }
  if (cursor !== null) result.watermark = cursor.watermark;
}

/**
 * Takes in entries a webhook delivered (see `Dropshipper.importListedOrders`): the same steps
 * as a page of a scan; no cursor moves (what earlier runs left is finished by the next scan).
 *
 * @param context - the dropshipper's context.
 * @param marketplace - the marketplace id.
 * @param entries - the entries as given (checked here).
 */
export async function importListedOrders(
  context: DropshipContext,
  marketplace: string,
  entries: unknown,
): Promise<ImportMarketplaceOrdersResult> {
  const operation = 'importListedOrders';
  const store = requireIntakeStore(context.store, operation);
  const adapter = context.marketplaces.get(marketplace);
  if (adapter === undefined) throw new ConfigurationError(`${operation}: no adapter for marketplace "${marketplace}"`);
  const parsed = parseListedEntries(entries, `${operation} entries`);
  const result = emptyResult(marketplace);
  await importEntries(context, store, adapter, parsed, result, new Set());
  return result;
}

/**
 * Intake from several marketplaces at once (see `Dropshipper.importOrders`): one failing does
 * not stop the others; its error is in its result.
 *
 * @param context - the dropshipper's context.
 * @param marketplaces - the marketplaces to import from; default every one whose adapter lists orders.
 * @param runOne - the single-marketplace run (serialised per marketplace by the caller).
 */
export async function importOrders(
  context: DropshipContext,
  marketplaces: readonly string[] | undefined,
  runOne: (marketplace: string) => Promise<ImportMarketplaceOrdersResult>,
): Promise<ImportMarketplaceOrdersResult[]> {
  requireIntakeStore(context.store, 'importOrders');
  const chosen =
    marketplaces ??
    [...context.marketplaces.values()]
      .filter((adapter) => adapter.capabilities?.orders !== undefined && adapter.orders !== undefined)
      .map((adapter) => adapter.marketplace);
  for (const marketplace of chosen) orderListingOf(context, marketplace, 'importOrders');
  return Promise.all(
    chosen.map((marketplace) =>
      runOne(marketplace).catch((error: unknown) => ({ ...emptyResult(marketplace), error: describeError(error) })),
    ),
  );
}
