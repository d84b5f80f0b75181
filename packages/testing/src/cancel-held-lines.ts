import type { RejectionReason } from '@dropship/core';
import type { OrderBook } from './simulator-utilities.js';
import type { SimulatedOrder } from './testing-types.js';

/** What a distributor cancelled on its side of a simulated order (`cancelOnDistributorSide`). */
export interface SimulatedSideCancellation {
  /** Why (the latest cancel's reason). */
  reason: RejectionReason;
  /** True once nothing is left to ship and nothing shipped: the whole order is cancelled. */
  whole: boolean;
  /** Units cancelled so far per SKU (totals). */
  lines: Map<string, number>;
}

/** A simulated order that can carry a cancel on the distributor's side. */
export type CancellableSimulatedOrder = SimulatedOrder & { cancelled?: SimulatedSideCancellation };

/**
 * The bookkeeping of `cancelOnDistributorSide` every distributor simulator shares: checks that the
 * PO holds the units (all it has left when `lines` is absent), takes them off the order's lines
 * (so `ship` and `remaining` no longer count them), adds them to `order.cancelled` (totals per SKU)
 * and, when nothing is left and nothing shipped, marks the order `cancelled` (`whole`). How the
 * distributor's API then shows it is each simulator's own.
 *
 * @param book - the simulator's order book.
 * @param poNumber - the PO cancelled.
 * @param options - why, and which units (default every unit not shipped).
 * @param name - the simulator's name, for errors.
 * @returns the order and the units cancelled by this call.
 * @throws Error when the PO is unknown or does not hold the units.
 */
export function cancelHeldLines<TOrder extends CancellableSimulatedOrder>(
  book: OrderBook<TOrder>,
  poNumber: string,
  options: { reason: RejectionReason; lines?: readonly { sku: string; quantity: number }[] },
  name: string,
): { order: TOrder; cancelled: { sku: string; quantity: number }[] } {
  const order = book.find(poNumber);
  if (!order) throw new Error(`${name} simulator: no order for PO ${poNumber}`);
  const left = new Map(book.remaining(poNumber).map((line) => [line.sku, line.quantity]));
  const cancel = (options.lines ?? [...left].map(([sku, quantity]) => ({ sku, quantity }))).map((line) => ({
    ...line,
  }));
  for (const line of cancel) {
    if (!(line.quantity > 0) || line.quantity > (left.get(line.sku) ?? 0))
      throw new Error(`${name} simulator: PO ${poNumber} has not ${line.quantity} of ${line.sku} left to cancel`);
  }
  const cancelled = order.cancelled ?? { reason: options.reason, whole: false, lines: new Map<string, number>() };
  cancelled.reason = options.reason;
  for (const line of cancel) {
    cancelled.lines.set(line.sku, (cancelled.lines.get(line.sku) ?? 0) + line.quantity);
    let quantity = line.quantity;
    for (const held of order.lines) {
      if (held.sku !== line.sku || quantity === 0) continue;
      const taken = Math.min(held.quantity, quantity);
      held.quantity -= taken;
      quantity -= taken;
    }
  }
  order.lines = order.lines.filter((line) => line.quantity > 0);
  order.cancelled = cancelled;
  if (book.remaining(poNumber).length === 0 && order.shipments.length === 0) {
    cancelled.whole = true;
    order.status = 'cancelled';
  }
  return { order, cancelled: cancel };
}
