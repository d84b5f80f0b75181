import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, parseSalesOrder } from '../../model/sales-order.js';
import type { OrderPlan } from '../../routing/plan-types.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import { settleReservations } from '../intake/order-reservations.js';
import { placePlannedPurchaseOrder } from '../place/place-planned.js';
import { planOrder } from '../place/plan-order.js';

/** The start of the audit detail of a cancel that `cancelSalesOrder` asked (a buyer's or the dealer's). */
export const CANCEL_MARK = 'sales order cancel';

/**
 * The idempotency key recording that every unit of a sales order was cancelled (the stored
 * order keeps its last lines: an order cannot have none).
 *
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 */
export function wholeOrderCancelKey(salesOrderId: string): string {
  return `sales-order-cancelled:${salesOrderId}`;
}

/**
 * The idempotency key recording that a cancel reduced the stored sales order (fewer units, or
 * fewer lines): from then on the stored order, not one handed in again, says what to place.
 *
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 */
export function partialCancelKey(salesOrderId: string): string {
  return `sales-order-cancel-partial:${salesOrderId}`;
}

/**
 * The order as cancels left it, for a placement: `undefined` when every unit was cancelled; the
 * stored order when a cancel reduced it (an order handed in again still has the cancelled units);
 * otherwise the order given.
 *
 * @param context - the dropshipper's context.
 * @param order - the order handed in (parsed).
 */
export async function orderAfterCancellations(
  context: DropshipContext,
  order: ParsedSalesOrder,
): Promise<ParsedSalesOrder | undefined> {
  const id = `${order.marketplace}:${order.marketplaceOrderId}`;
  const { store } = context;
  if ((await store.getIdempotencyRecord(wholeOrderCancelKey(id))) !== null) return undefined;
  if ((await store.getIdempotencyRecord(partialCancelKey(id))) === null) return order;
  const stored = await store.getSalesOrder(id);
  return stored === null ? order : parseSalesOrder(stored);
}

/**
 * Pure: true when a plan asks for more units of a line than the order has (a plan made before a
 * cancel reduced the order): placing it would place cancelled units.
 *
 * @param plan - a plan (`plan(order)`, or held by `dropship`).
 * @param order - the order as cancels left it.
 */
export function planExceedsOrder(plan: Pick<OrderPlan, 'purchaseOrders'>, order: ParsedSalesOrder): boolean {
  const planned = new Map<string, number>();
  for (const purchaseOrder of plan.purchaseOrders)
    for (const line of purchaseOrder.lines)
      planned.set(line.salesLineId, (planned.get(line.salesLineId) ?? 0) + line.quantity);
  const ordered = new Map(order.lines.map((line) => [line.lineId, line.quantity]));
  for (const [lineId, quantity] of planned) if (quantity > (ordered.get(lineId) ?? 0)) return true;
  return false;
}

/** PO states that no longer hold their lines. */
const released: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.released);

/** PO states whose outcome is not known yet: nothing is placed again beside them. */
const unsettled: ReadonlySet<PurchaseOrderState> = new Set(['submitting', 'cancel_requested', 'manual_cancel']);

/**
 * True when `cancelSalesOrder` asked for this PO's cancel (not a distributor's rejection, not
 * `dropshipper.cancel(poNumber)`, which frees the lines for a new plan).
 *
 * @param purchaseOrder - a PO.
 */
export function isCancelledForSalesOrder(purchaseOrder: PurchaseOrder): boolean {
  return (
    purchaseOrder.state === 'cancelled' &&
    purchaseOrder.audit.some(
      (entry) =>
        (entry.event === 'request-cancel' || entry.event === 'request-manual-cancel') &&
        entry.detail?.startsWith(CANCEL_MARK) === true,
    )
  );
}

/**
 * Pure: the units to place again after a cancel, per sales line: the lines of POs cancelled for
 * the sales order (a PO is cancelled as a whole) that the order still has and no live PO holds.
 * Nothing while a PO of the order is being submitted or waits for a cancel's outcome.
 *
 * @param order - the stored order (the units it still has).
 * @param purchaseOrders - its POs.
 */
export function cancelRemainder(
  order: ParsedSalesOrder,
  purchaseOrders: readonly PurchaseOrder[],
): Map<string, number> {
  const needed = new Map<string, number>();
  if (purchaseOrders.some((purchaseOrder) => unsettled.has(purchaseOrder.state))) return needed;
  const freed = new Set(
    purchaseOrders
      .filter(isCancelledForSalesOrder)
      .flatMap((purchaseOrder) => purchaseOrder.lines.map((line) => line.salesLineId)),
  );
  const held = new Map<string, number>();
  for (const purchaseOrder of purchaseOrders) {
    if (released.has(purchaseOrder.state)) continue;
    for (const line of purchaseOrder.lines)
      held.set(line.salesLineId, (held.get(line.salesLineId) ?? 0) + line.quantity);
  }
  for (const line of order.lines) {
    if (!freed.has(line.lineId)) continue;
    const missing = line.quantity - (held.get(line.lineId) ?? 0);
    if (missing > 0) needed.set(line.lineId, missing);
  }
  return needed;
}

/**
 * Places again, on new PO numbers, the units of POs cancelled for the sales order that the buyer
 * did not cancel ({@link cancelRemainder}): planned with real-time stock like any order (another
 * distributor may take them) and placed through the one placement path (a deterministic PO
 * number per order, distributor and attempt, created `submitting` before the call, checked
 * against earlier rivals). What it places is read from the store each time: run again after a
 * crash, it places only what is still missing. Nothing when the whole order was cancelled.
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 */
export async function placeCancelRemainder(
  context: DropshipContext,
  salesOrderId: string,
): Promise<PurchaseOrderOutcome[]> {
  const { store } = context;
  if ((await store.getIdempotencyRecord(wholeOrderCancelKey(salesOrderId))) !== null) return [];
  const stored = await store.getSalesOrder(salesOrderId);
  if (stored === null) return [];
  const order = parseSalesOrder(stored);
  const existing = await store.findPurchaseOrders({ salesOrderId });
  const needed = cancelRemainder(order, existing);
  if (needed.size === 0) return [];
  // The order with only the units to place again: the plan (and its profit) is theirs alone.
  const partial = parseSalesOrder({
    ...order,
    shippingPaid: 0,
    fees: undefined,
    lines: order.lines
      .filter((line) => needed.has(line.lineId))
      .map((line) => ({ ...line, quantity: needed.get(line.lineId) as number })),
  });
  const plan = await planOrder(context, partial, existing);
  const outcomes = (
    await Promise.all(
      // The plan holds only the units missing now: none of them is covered.
      plan.purchaseOrders.map((planned) => placePlannedPurchaseOrder(context, order, planned, new Map())),
    )
  ).flat();
  if (plan.unplaced.length > 0)
    context.emit('order-held', {
      salesOrderId,
      reasons: plan.unplaced.map(
        (line) => `${line.salesLineId}: the rest of a cancelled PO could not be placed again (${line.message})`,
      ),
    });
  await settleReservations(context, salesOrderId, await store.findPurchaseOrders({ salesOrderId }));
  return outcomes;
}
