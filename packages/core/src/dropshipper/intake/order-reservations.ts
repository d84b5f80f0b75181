import { isDeepStrictEqual } from 'node:util';
import { type Offer, SHELF_DISTRIBUTOR } from '../../model/offer.js';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { OrderPlan } from '../../routing/plan-types.js';
import type { RealTimeStock } from '../../routing/real-time-stock.js';
import { StockLedger } from '../../routing/stock-ledger.js';
import type { OrderReservation } from '../../spec/v1/store.js';
import type { DropshipContext } from '../context/dropship-context.js';

/**
 * THE one home of the reservation rules (stock held for imported orders, `OrderReservation` in
 * the store's "intake" capability):
 *
 * 1. **Made at import.** An imported order's plan reserves each allocation (distributor, SKU,
 *    warehouse, quantity) as `open` ({@link reservationsFromPlan}).
 * 2. **Seen by every plan.** Planning any order deducts the other orders' `open` reservations from
 *    the stock it reads, and their `consumed` ones when that stock was read before the reservation
 *    was consumed: an offer's catalog stock read at `offer.updatedAt` (an offer without it: its read
 *    time is unknown, consumed reservations are not deducted), real-time stock read now
 *    ({@link reservedStockLedger}). An order's own reservations never count against it.
 * 3. **Consumed at placement, released at cancel.** After a placement or a cancel the order's
 *    reservations follow its POs ({@link settleReservations}): a line a PO holds (any state but
 *    `draft`, `failed`, `rejected`, `cancelled`) is `consumed` at that PO's distributor, SKU and
 *    warehouse; a consumed line no PO holds any more (its PO was cancelled or rejected) is
 *    `released`; a line no PO holds keeps its `open` reservation (the order is held for review, or
 *    its POs failed and are retried).
 */

/** PO states that do not hold the distributor's stock. */
const notHolding: ReadonlySet<PurchaseOrderState> = new Set(['draft', 'failed', 'rejected', 'cancelled']);

/**
 * Units per sales line that POs holding the distributor's stock cover (any state but `draft`,
 * `failed`, `rejected`, `cancelled`): what is placed, or may be (a `submitting` PO recovery settles).
 *
 * @param purchaseOrders - the order's POs.
 */
export function heldQuantities(purchaseOrders: readonly PurchaseOrder[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const purchaseOrder of purchaseOrders) {
    if (notHolding.has(purchaseOrder.state)) continue;
    for (const line of purchaseOrder.lines)
      held.set(line.salesLineId, (held.get(line.salesLineId) ?? 0) + line.quantity);
  }
  return held;
}

/**
 * The `open` reservations of a plan's allocations (PO lines and shelf stock).
 *
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @param plan - the order's plan.
 * @param now - when they are made (ISO 8601).
 */
export function reservationsFromPlan(salesOrderId: string, plan: OrderPlan, now: string): OrderReservation[] {
  const reservations: OrderReservation[] = [];
  for (const purchaseOrder of plan.purchaseOrders) {
    for (const line of purchaseOrder.lines) {
      reservations.push({
        salesOrderId,
        lineId: line.salesLineId,
        distributor: purchaseOrder.distributor,
        sku: line.sku,
        warehouse: line.warehouse,
        quantity: line.quantity,
        status: 'open',
        createdAt: now,
      });
    }
  }
  for (const allocation of plan.shelfAllocations) {
    reservations.push({
      salesOrderId,
      lineId: allocation.salesLineId,
      distributor: SHELF_DISTRIBUTOR,
      sku: allocation.sku,
      warehouse: allocation.warehouse,
      quantity: allocation.quantity,
      status: 'open',
      createdAt: now,
    });
  }
  return reservations;
}

/**
 * When an offer's catalog stock was read (rule 2): its `updatedAt` in epoch ms, NaN when unknown
 * (then no consumed reservation is deducted from it).
 *
 * @param offer - a catalog offer.
 */
export function catalogStockReadAt(offer: Pick<Offer, 'updatedAt'>): number {
  return offer.updatedAt === undefined ? Number.NaN : Date.parse(offer.updatedAt);
}

/**
 * Whether a reservation still takes units from stock read at `stockReadAt` (rule 2, pure; the
 * caller leaves out the order's own reservations): an `open` one always; a `consumed` one only
 * when the stock was read before it was consumed (`stockReadAt < closedAt`; NaN never is); a
 * `released` one, or one without a warehouse, never.
 *
 * @param reservation - the reservation.
 * @param stockReadAt - when the stock was read, epoch ms (NaN when unknown).
 * @param closedAt - the reservation's `closedAt` in epoch ms (undefined when it has none).
 */
export function reservationHoldsStock(
  reservation: Pick<OrderReservation, 'status' | 'warehouse'>,
  stockReadAt: number,
  closedAt: number | undefined,
): boolean {
  if (reservation.warehouse === undefined) return false;
  if (reservation.status === 'open') return true;
  return reservation.status === 'consumed' && closedAt !== undefined && stockReadAt < closedAt;
}

/**
 * The planner's ledger holding what other orders' reservations take from the stock the plan of
 * `salesOrderId` reads (rule 2 above); undefined when the store has no intake capability.
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - the order being planned (its own reservations do not count).
 * @param offers - the offers the plan reads, per line.
 * @param realTime - the real-time stock read for the plan (read now).
 * @param now - the planning instant.
 */
export async function reservedStockLedger(
  context: DropshipContext,
  salesOrderId: string,
  offers: ReadonlyMap<string, readonly Offer[]>,
  realTime: RealTimeStock,
  now: Date,
): Promise<StockLedger | undefined> {
  const { store } = context;
  if (store.findReservations === undefined) return undefined;
  /** When each SKU's stock was read at each distributor, ms; NaN when unknown. */
  const readAt = new Map<string, Map<string, number>>();
  for (const lineOffers of offers.values()) {
    for (const offer of lineOffers) {
      const read = realTime.get(offer.distributor, offer.sku) !== undefined ? now.getTime() : catalogStockReadAt(offer);
      let byDistributor = readAt.get(offer.sku);
      if (byDistributor === undefined) {
        byDistributor = new Map();
        readAt.set(offer.sku, byDistributor);
      }
      // Two offers of one SKU at one distributor (a catalog copy and a feed): the older reading decides.
      const known = byDistributor.get(offer.distributor);
      byDistributor.set(offer.distributor, known === undefined || read < known ? read : known);
    }
  }
  const skus = [...readAt.keys()];
  // Only what can still count (rule 2): open reservations, and consumed ones closed after the
  // oldest stock reading of the SKU; none consumed when no reading time is known. Old consumed
  // reservations are never read again, however many pile up.
  const found = await Promise.all(
    skus.map((sku) => {
      const oldest = Math.min(...[...(readAt.get(sku)?.values() ?? [])].filter(Number.isFinite));
      return (
        store.findReservations?.(
          Number.isFinite(oldest)
            ? { sku, status: ['open', 'consumed'], closedAfter: new Date(oldest).toISOString() }
            : { sku, status: 'open' },
        ) ?? []
      );
    }),
  );
  const ledger = new StockLedger();
  /** A consumed reservation's `closedAt` in ms, parsed once per distinct instant. */
  const closedMs = new Map<string, number>();
  for (const [index, list] of found.entries()) {
    const byDistributor = readAt.get(skus[index] as string) as Map<string, number>;
    // Summed per (distributor, warehouse) first: one ledger entry per cell, however many orders.
    const cells = new Map<string, Map<string, number>>();
    for (const reservation of list) {
      const { distributor, warehouse } = reservation;
      if (reservation.salesOrderId === salesOrderId) continue;
      const read = byDistributor.get(distributor);
      if (read === undefined) continue;
      const closedAt = reservation.status === 'open' ? undefined : reservation.closedAt;
      let closed: number | undefined;
      if (closedAt !== undefined) {
        closed = closedMs.get(closedAt);
        if (closed === undefined) {
          closed = Date.parse(closedAt);
          closedMs.set(closedAt, closed);
        }
      }
      if (!reservationHoldsStock(reservation, read, closed) || warehouse === undefined) continue;
      let ofDistributor = cells.get(distributor);
      if (ofDistributor === undefined) {
        ofDistributor = new Map();
        cells.set(distributor, ofDistributor);
      }
      ofDistributor.set(warehouse, (ofDistributor.get(warehouse) ?? 0) + reservation.quantity);
    }
    for (const [distributor, warehouses] of cells)
      for (const [warehouse, quantity] of warehouses)
        ledger.reserve(distributor, skus[index] as string, warehouse, quantity);
  }
  return ledger;
}

/**
 * Brings an order's reservations in line with its POs (rule 3 above); writes only when something
 * changes, and nothing for an order without reservations (one not imported).
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @param purchaseOrders - the order's POs as stored now.
 * @returns how many reservations were consumed and released by this call.
 */
export async function settleReservations(
  context: DropshipContext,
  salesOrderId: string,
  purchaseOrders: readonly PurchaseOrder[],
): Promise<{ consumed: number; released: number }> {
  const { store } = context;
  const counts = { consumed: 0, released: 0 };
  if (store.findReservations === undefined || store.replaceReservations === undefined) return counts;
  const current = await store.findReservations({ salesOrderId });
  if (current.length === 0) return counts;
  const now = context.now().toISOString();
  const held = new Map<string, { distributor: string; sku: string; warehouse?: string; quantity: number }[]>();
  for (const purchaseOrder of purchaseOrders) {
    if (notHolding.has(purchaseOrder.state)) continue;
    for (const line of purchaseOrder.lines) {
      let list = held.get(line.salesLineId);
      if (list === undefined) {
        list = [];
        held.set(line.salesLineId, list);
      }
      list.push({
        distributor: purchaseOrder.distributor,
        sku: line.sku,
        ...(line.warehouse === undefined ? {} : { warehouse: line.warehouse }),
        quantity: line.quantity,
      });
    }
  }
  const next: OrderReservation[] = [];
  for (const lineId of new Set(current.map((reservation) => reservation.lineId))) {
    const ofLine = current.filter((reservation) => reservation.lineId === lineId);
    const placed = held.get(lineId);
    next.push(...ofLine.filter((reservation) => reservation.status === 'released'));
    if (placed === undefined) {
      for (const reservation of ofLine) {
        if (reservation.status === 'open') next.push(reservation);
        else if (reservation.status === 'consumed') {
          next.push({ ...reservation, status: 'released', closedAt: now });
          counts.released++;
        }
      }
      continue;
    }
    const createdAt = ofLine[0]?.createdAt ?? now;
    for (const allocation of placed) {
      const same = ofLine.find(
        (reservation) =>
          reservation.status === 'consumed' &&
          reservation.distributor === allocation.distributor &&
          reservation.sku === allocation.sku &&
          reservation.warehouse === allocation.warehouse &&
          reservation.quantity === allocation.quantity,
      );
      if (same !== undefined) next.push(same);
      else {
        next.push({ salesOrderId, lineId, ...allocation, status: 'consumed', createdAt, closedAt: now });
        counts.consumed++;
      }
    }
  }
  if (isDeepStrictEqual(sortedForComparison(next), sortedForComparison(current))) return counts;
  await store.replaceReservations(salesOrderId, next);
  return counts;
}

/** The reservations as comparable text, whatever the order of their keys or of the list. */
function sortedForComparison(list: readonly OrderReservation[]): string[] {
  return list
    .map((reservation) =>
      JSON.stringify([
        reservation.lineId,
        reservation.distributor,
        reservation.sku,
        reservation.warehouse ?? null,
        reservation.quantity,
        reservation.status,
        reservation.createdAt,
        reservation.closedAt ?? null,
      ]),
    )
    .sort();
}

/**
 * Gives back an order's `open` reservations (status `released`): the order will not be placed by
 * intake (it was cancelled at the marketplace). Consumed ones are left to the POs' own cancel.
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @returns how many were released.
 */
export async function releaseOpenReservations(context: DropshipContext, salesOrderId: string): Promise<number> {
  const { store } = context;
  if (store.findReservations === undefined || store.replaceReservations === undefined) return 0;
  const current = await store.findReservations({ salesOrderId });
  const open = current.filter((reservation) => reservation.status === 'open').length;
  if (open === 0) return 0;
  const closedAt = context.now().toISOString();
  await store.replaceReservations(
    salesOrderId,
    current.map((reservation) =>
      reservation.status === 'open' ? { ...reservation, status: 'released' as const, closedAt } : reservation,
    ),
  );
  return open;
}

/**
 * Gives back the `open` reservations of units the order no longer has (rule 3: a cancelled line
 * is released): per line, open reservations beyond what the order keeps (`remaining`, less what
 * is consumed) are released, a reservation split when only part of it goes. A line absent from
 * `remaining` keeps nothing open.
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @param remaining - units per sales line the order keeps after a cancel.
 * @returns how many units were released.
 */
export async function releaseCancelledReservations(
  context: DropshipContext,
  salesOrderId: string,
  remaining: ReadonlyMap<string, number>,
): Promise<number> {
  const { store } = context;
  if (store.findReservations === undefined || store.replaceReservations === undefined) return 0;
  const current = await store.findReservations({ salesOrderId });
  const closedAt = context.now().toISOString();
  const consumed = new Map<string, number>();
  for (const reservation of current)
    if (reservation.status === 'consumed')
      consumed.set(reservation.lineId, (consumed.get(reservation.lineId) ?? 0) + reservation.quantity);
  const allowed = new Map<string, number>();
  let releasedUnits = 0;
  const next: OrderReservation[] = [];
  for (const reservation of current) {
    if (reservation.status !== 'open') {
      next.push(reservation);
      continue;
    }
    const left =
      allowed.get(reservation.lineId) ??
      Math.max(0, (remaining.get(reservation.lineId) ?? 0) - (consumed.get(reservation.lineId) ?? 0));
    const kept = Math.min(left, reservation.quantity);
    allowed.set(reservation.lineId, left - kept);
    if (kept > 0) next.push({ ...reservation, quantity: kept });
    if (kept < reservation.quantity) {
      next.push({ ...reservation, quantity: reservation.quantity - kept, status: 'released', closedAt });
      releasedUnits += reservation.quantity - kept;
    }
  }
  if (releasedUnits > 0) await store.replaceReservations(salesOrderId, next);
  return releasedUnits;
}
