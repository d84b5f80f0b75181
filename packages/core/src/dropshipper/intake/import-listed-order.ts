import { z } from 'zod';
import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { type ParsedSalesOrder, parseSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import { instantSchema } from '../../model/shipment.js';
import type { OrderPlan } from '../../routing/plan-types.js';
import type { ListedOrderEntry, MarketplaceOrderStatus, UnmappableOrder } from '../../spec/v1/order-intake.js';
import type { ImportedOrderRecord } from '../../spec/v1/store.js';
import { orderAfterCancellations } from '../cancel/cancel-remainder.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ImportedOrderResult } from '../context/dropshipper-types.js';
import { type ConcurrencyLimiter, limitConcurrency } from '../context/limit-concurrency.js';
import { planOrder } from '../place/plan-order.js';
import { cancelListedOrder, carriesCancellation, withoutCancelledUnits } from './cancel-listed-order.js';
import type { IntakeStore } from './intake-store.js';
import { withListingProducts } from './listing-products.js';
import { releaseOpenReservations, reservationsFromPlan } from './order-reservations.js';

const statusSchema = z.enum(['ready', 'not-ready', 'cancel-requested', 'cancelled', 'shipped']);

/** One listing entry as an adapter or a webhook hands it over (the order itself is parsed by `parseSalesOrder`). */
const listedOrderEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('order'),
    order: z.unknown(),
    status: statusSchema,
    updatedAt: instantSchema,
    cancellation: z
      .strictObject({
        state: z.enum(['requested', 'done']),
        requestId: z.string().min(1).max(500).optional(),
        requestedBy: z.enum(['buyer', 'seller', 'marketplace']).optional(),
        reason: z.string().max(2_000).optional(),
        lines: z
          .array(
            z.strictObject({ lineId: z.string().min(1).max(500), quantity: z.number().int().positive().max(100_000) }),
          )
          .max(500)
          .optional(),
      })
      .optional(),
  }),
  z.object({
    kind: z.literal('unmappable'),
    marketplaceOrderId: z.string().min(1).max(500),
    updatedAt: instantSchema.optional(),
    status: statusSchema,
    field: z.string().max(500),
    reason: z.string().max(2_000),
  }),
]);

/** Most entries one `importListedOrders` call takes. */
export const maxListedEntries = 10_000;

/**
 * Checks listing entries at the edge (a page from an adapter, a webhook's entries): every entry
 * is a `ListedOrder` or an `UnmappableOrder`; the orders are parsed when they are taken in.
 *
 * @param entries - the entries as given.
 * @param subject - what they are, for the error.
 * @throws {@link ValidationError} listing every malformed entry with its path.
 */
export function parseListedEntries(entries: unknown, subject: string): ListedOrderEntry[] {
  const parsed = z.array(listedOrderEntrySchema).max(maxListedEntries).safeParse(entries);
  if (!parsed.success) {
    throw new ValidationError(
      subject,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return entries as ListedOrderEntry[];
}

/** A taken-in order waiting for the approval step of the same run. */
export interface PendingDecision {
  readonly record: ImportedOrderRecord;
  readonly order: ParsedSalesOrder;
  /** The plan made when it was taken in; absent for a record of an earlier run. */
  readonly plan?: OrderPlan;
}

/** What taking in one entry did: its result, and the order waiting for the approval step when there is one. */
export interface ListedOrderStep {
  readonly result: ImportedOrderResult;
  readonly pending?: PendingDecision;
}

/** Statuses of an order that cannot be mapped which intake holds (the others come back when they change). */
const heldWhenUnmappable: ReadonlySet<MarketplaceOrderStatus> = new Set(['ready', 'cancel-requested']);

function duplicate(
  context: DropshipContext,
  marketplace: string,
  salesOrderId: string,
  marketplaceOrderId: string,
  status: MarketplaceOrderStatus,
): ListedOrderStep {
  context.emit('order-import-duplicate', { marketplace, salesOrderId, marketplaceOrderId });
  return { result: { salesOrderId, marketplaceOrderId, outcome: 'duplicate', status, reasons: [] } };
}

function skipped(
  context: DropshipContext,
  marketplace: string,
  salesOrderId: string,
  marketplaceOrderId: string,
  status: MarketplaceOrderStatus,
): ListedOrderStep {
  context.emit('order-import-skipped', { marketplace, salesOrderId, marketplaceOrderId, status });
  return { result: { salesOrderId, marketplaceOrderId, outcome: 'skipped', status, reasons: [] } };
}

/** The plan-and-reserve turn of each dropshipper (one at a time). */
const reservationTurns = new WeakMap<DropshipContext, ConcurrencyLimiter>();

function reservationTurn(context: DropshipContext): ConcurrencyLimiter {
  let turn = reservationTurns.get(context);
  if (turn === undefined) {
    turn = limitConcurrency(1);
    reservationTurns.set(context, turn);
  }
  return turn;
}

/** Marketplace statuses after which intake must not place an order it took in. */
const stopsPlacing: ReadonlySet<MarketplaceOrderStatus> = new Set(['cancelled', 'cancel-requested']);

/**
 * An order taken in but not decided yet that the marketplace now lists as not ready, cancelled or
 * shipped, or a held one the buyer cancelled: held for a person with the marketplace's status as
 * the reason (never placed by intake); a cancelled one gives its open reservations back. A record
 * that already says so is a duplicate.
 */
async function holdForMarketplaceStatus(
  context: DropshipContext,
  store: IntakeStore,
  record: ImportedOrderRecord,
  status: MarketplaceOrderStatus,
): Promise<ListedOrderStep> {
  const { marketplace, salesOrderId, marketplaceOrderId } = record;
  const reason = `marketplace status: ${status}`;
  if (record.status === 'held' && record.reasons.includes(reason))
    return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  const reasons = [...record.reasons.filter((kept) => !kept.startsWith('marketplace status: ')), reason];
  try {
    await store.updateImportedOrder({ ...record, status: 'held', reasons }, record.version);
  } catch (error) {
    if (!ConcurrencyConflictError.isInstance(error)) throw error;
    // Another worker moved it on: its decision stands.
    return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  }
  if (stopsPlacing.has(status)) await releaseOpenReservations(context, salesOrderId);
  context.emit('order-held', { salesOrderId, reasons });
  return { result: { salesOrderId, marketplaceOrderId, outcome: 'held', status, reasons } };
}

/** An entry that cannot be mapped: held with its field and reason (record `unmappable`), never dropped. */
async function holdUnmappable(
  context: DropshipContext,
  store: IntakeStore,
  marketplace: string,
  entry: UnmappableOrder,
): Promise<ListedOrderStep> {
  const { marketplaceOrderId, status } = entry;
  const salesOrderId = `${marketplace}:${marketplaceOrderId}`;
  if ((await store.getImportedOrder(salesOrderId)) !== null)
    return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  if (!heldWhenUnmappable.has(status)) return skipped(context, marketplace, salesOrderId, marketplaceOrderId, status);
  const reason = `${entry.field}: ${entry.reason}`;
  const created = await store.createImportedOrder({
    salesOrderId,
    marketplace,
    marketplaceOrderId,
    status: 'unmappable',
    reasons: [reason],
    ...(entry.updatedAt === undefined ? {} : { updatedAt: entry.updatedAt }),
    importedAt: context.now().toISOString(),
    version: 1,
  });
  if (!created) return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  context.emit('order-unmappable', {
    marketplace,
    salesOrderId,
    marketplaceOrderId,
    field: entry.field,
    reason: entry.reason,
  });
  return { result: { salesOrderId, marketplaceOrderId, outcome: 'unmappable', status, reasons: [reason] } };
}

/**
 * Takes in one listing entry, up to (not including) the approval step, in the order that makes a
 * crash harmless:
 * 1. an order with a record is a duplicate (a record left `imported` by a crash goes on to the
 *    approval step; an `unmappable` one that now maps and is `ready` is taken in);
 * 2. an order that is not `ready` is skipped (it is listed again when it changes);
 * 3. the sales order is saved (idempotent: the same key);
 * 4. it is planned and its stock reserved (`replaceReservations`, all of the order at once; not
 *    when its reservations were consumed already, by a worker that got further);
 * 5. its record is created `imported`; `false` means another worker took it in: a duplicate.
 * A crash before 5 leaves no record: the next run (the overlap, or the saved page cursor) does it
 * all again, and 3 and 4 are idempotent.
 *
 * @param context - the dropshipper's context.
 * @param store - the store, with the intake capability.
 * @param marketplace - the marketplace listed.
 * @param entry - the entry (checked by {@link parseListedEntries}).
 */
export async function importListedOrder(
  context: DropshipContext,
  store: IntakeStore,
  marketplace: string,
  entry: ListedOrderEntry,
): Promise<ListedOrderStep> {
  if (entry.kind === 'unmappable') return holdUnmappable(context, store, marketplace, entry);
  let order: ParsedSalesOrder;
  try {
    order = parseSalesOrder(entry.order);
    if (order.marketplace !== marketplace) throw new Error(`is ${order.marketplace}, listed by ${marketplace}`);
  } catch (error) {
    // An adapter's bug is held like an order it could not map: never dropped.
    const marketplaceOrderId =
      typeof (entry.order as { marketplaceOrderId?: unknown } | null)?.marketplaceOrderId === 'string'
        ? (entry.order as { marketplaceOrderId: string }).marketplaceOrderId
        : 'unknown';
    const issue = ValidationError.isInstance(error) ? error.issues[0] : undefined;
    return holdUnmappable(context, store, marketplace, {
      kind: 'unmappable',
      marketplaceOrderId,
      updatedAt: entry.updatedAt,
      status: entry.status,
      field: issue === undefined ? 'marketplace' : issue.path || '(order)',
      reason: issue === undefined ? (error as Error).message : issue.message,
    });
  }
  // The product behind each listing SKU, from the dealer's listings (the `listings` option).
  const withProducts = withListingProducts(order, context.listings);
  if (withProducts.kind === 'unmappable')
    return holdUnmappable(context, store, marketplace, {
      kind: 'unmappable',
      marketplaceOrderId: order.marketplaceOrderId,
      updatedAt: entry.updatedAt,
      status: entry.status,
      field: withProducts.field,
      reason: withProducts.reason,
    });
  order = withProducts.order;
  const salesOrderId = toSalesOrderId(order);
  const { marketplaceOrderId } = order;
  const { status } = entry;
  const existing = await store.getImportedOrder(salesOrderId);
  // A cancellation of an order taken in earlier: the cancel path, and the marketplace answered once.
  if (existing !== null && carriesCancellation(existing, entry))
    return cancelListedOrder(context, store, context.marketplaces.get(marketplace), existing, order, entry);
  if (existing !== null) {
    if (existing.status === 'imported' && status === 'ready') {
      // Decided on what a cancel left of it (the listing may still show the units cancelled).
      const kept = await orderAfterCancellations(context, order);
      if (kept === undefined) return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
      return {
        result: { salesOrderId, marketplaceOrderId, outcome: 'imported', status, reasons: [] },
        pending: { record: existing, order: kept },
      };
    }
    if (existing.status === 'imported' || (existing.status === 'held' && stopsPlacing.has(status)))
      return holdForMarketplaceStatus(context, store, existing, status);
    if (existing.status !== 'unmappable' || status !== 'ready')
      return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  }
  if (status !== 'ready') return skipped(context, marketplace, salesOrderId, marketplaceOrderId, status);
  // Units the marketplace cancelled before intake first saw the order are never taken in.
  if (entry.cancellation?.state === 'done' && entry.cancellation.lines !== undefined) {
    const kept = withoutCancelledUnits(order, entry.cancellation.lines);
    if (kept === undefined) return skipped(context, marketplace, salesOrderId, marketplaceOrderId, 'cancelled');
    order = kept;
  }

  await store.saveSalesOrder(order);
  const now = context.now().toISOString();
  // One plan-and-reserve at a time in this dropshipper (marketplaces are imported at once): the
  // next plan reads the reservations of the one before.
  const { plan, reservations } = await reservationTurn(context)(async () => {
    const planned = await planOrder(context, order, await store.findPurchaseOrders({ salesOrderId }));
    const made = reservationsFromPlan(salesOrderId, planned, now);
    const held = await store.findReservations({ salesOrderId });
    if (held.every((reservation) => reservation.status === 'open')) await store.replaceReservations(salesOrderId, made);
    return { plan: planned, reservations: made };
  });

  const fields = { status: 'imported' as const, reasons: [], updatedAt: entry.updatedAt };
  let record: ImportedOrderRecord | null;
  if (existing === null) {
    record = { salesOrderId, marketplace, marketplaceOrderId, ...fields, importedAt: now, version: 1 };
    if (!(await store.createImportedOrder(record)))
      return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
  } else {
    // An order held as unmappable that now maps: taken in on its record (unless another worker did).
    try {
      record = await store.updateImportedOrder({ ...existing, ...fields }, existing.version);
    } catch (error) {
      if (!ConcurrencyConflictError.isInstance(error)) throw error;
      return duplicate(context, marketplace, salesOrderId, marketplaceOrderId, status);
    }
  }
  context.emit('order-imported', { marketplace, salesOrderId, marketplaceOrderId, reservations: reservations.length });
  return {
    result: { salesOrderId, marketplaceOrderId, outcome: 'imported', status, reasons: [] },
    pending: { record, order, plan },
  };
}
