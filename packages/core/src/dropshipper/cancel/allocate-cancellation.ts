import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';

/** Units of one sales line to cancel now, and how many of them the order still has. */
export interface LineToCancel {
  lineId: string;
  /** Units of the line still on the order before this cancel. */
  remaining: number;
  /** Units to cancel now (at most `remaining`). */
  quantity: number;
}

/** Where the cancelled units of one line are: not placed, or on these POs. */
export interface LineCancellation {
  lineId: string;
  /** Units no live PO holds: they are simply not placed. */
  notPlaced: number;
  /** Units taken off each PO, by PO number (a PO is cancelled at the distributor as a whole). */
  fromPurchaseOrders: Map<string, number>;
}

/** PO states that no longer hold their lines (rejected, cancelled). */
const released: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.released);

/**
 * Which POs give up units first: those already being cancelled, then those not placed, then
 * those in flight, then placed ones, and shipped ones last (their units are gone).
 */
const takeOrder: Readonly<Record<PurchaseOrderState, number>> = {
  cancel_requested: 0,
  manual_cancel: 0,
  draft: 1,
  failed: 1,
  submitting: 2,
  submitted: 3,
  acknowledged: 3,
  backordered: 3,
  partially_shipped: 4,
  shipped: 4,
  completed: 4,
  rejected: 5,
  cancelled: 5,
};

/**
 * Pure: where the units of a cancel are. Per line, the units no live PO holds go first (they are
 * not placed: nothing to ask anyone); the rest come off the live POs holding the line, in
 * {@link takeOrder}. What the live POs hold beyond what the order keeps is what must come off
 * them, so a second cancel of units already taken off a PO being cancelled asks nothing new.
 *
 * @param lines - the lines and units to cancel.
 * @param purchaseOrders - the order's POs as stored.
 */
export function allocateCancellation(
  lines: readonly LineToCancel[],
  purchaseOrders: readonly PurchaseOrder[],
): LineCancellation[] {
  const live = purchaseOrders
    .filter((purchaseOrder) => !released.has(purchaseOrder.state))
    .sort((left, right) => takeOrder[left.state] - takeOrder[right.state]);
  return lines.map((line) => {
    const holding = live
      .map((purchaseOrder) => ({
        poNumber: purchaseOrder.poNumber,
        units: purchaseOrder.lines
          .filter((poLine) => poLine.salesLineId === line.lineId)
          .reduce((sum, poLine) => sum + poLine.quantity, 0),
      }))
      .filter((entry) => entry.units > 0);
    const covered = holding.reduce((sum, entry) => sum + entry.units, 0);
    const keep = line.remaining - line.quantity;
    const notPlaced = Math.min(line.quantity, Math.max(0, line.remaining - covered));
    // Capped at the units asked: a PO already being cancelled may hold more than the order keeps.
    let toTake = Math.min(line.quantity - notPlaced, Math.max(0, covered - keep));
    const fromPurchaseOrders = new Map<string, number>();
    for (const entry of holding) {
      if (toTake === 0) break;
      const taken = Math.min(entry.units, toTake);
      fromPurchaseOrders.set(entry.poNumber, taken);
      toTake -= taken;
    }
    return { lineId: line.lineId, notPlaced, fromPurchaseOrders };
  });
}
