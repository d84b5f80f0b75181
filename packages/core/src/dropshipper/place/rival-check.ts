import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { SalesOrder } from '../../model/sales-order.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { heldQuantities } from '../reroute/refused-lines.js';

/** States whose PO does not cover its lines any more (`purchaseOrderStateGroups.released`). */
export const releasedStates: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.released);

/**
 * An earlier live PO of the same order (earlier `createdAt`, then the smaller PO number) whose
 * lines, with those of the other earlier live POs, leave no room for `purchaseOrder`'s: two
 * workers placed the order at once and routed it to different distributors (their stock checks
 * saw different stock), so the PO numbers differ and the store's unique number could not stop
 * the second. Every worker checks after saving its PO as `submitting` and before calling the
 * distributor; the earlier POs keep the lines, the later one is never sent. A line split over
 * POs on purpose (`allowLineSplit`) fits within the ordered quantity and is not a conflict.
 * (Instants come from each worker's clock: workers whose clocks disagree by more than the time
 * between two placements can still both send.)
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO about to be sent.
 * @param known - the sales order when the caller holds it already; otherwise it is read from the store.
 */
export async function findEarlierRival(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  known?: SalesOrder,
): Promise<PurchaseOrder | undefined> {
  const siblings = await context.store.findPurchaseOrders({ salesOrderId: purchaseOrder.salesOrderId });
  const earlier = siblings.filter(
    (other) =>
      other.poNumber !== purchaseOrder.poNumber &&
      !releasedStates.has(other.state) &&
      (other.createdAt < purchaseOrder.createdAt ||
        (other.createdAt === purchaseOrder.createdAt && other.poNumber < purchaseOrder.poNumber)),
  );
  if (earlier.length === 0) return undefined;
  const order = known ?? (await context.store.getSalesOrder(purchaseOrder.salesOrderId));
  for (const line of purchaseOrder.lines) {
    const ordered = order?.lines.find((candidate) => candidate.lineId === line.salesLineId)?.quantity ?? 0;
    let taken = 0;
    let holder: PurchaseOrder | undefined;
    for (const other of earlier) {
      // Units its distributor cancelled on its side are not held (reroute/refused-lines.ts).
      const held = heldQuantities([other]).get(line.salesLineId) ?? 0;
      if (held <= 0) continue;
      taken += held;
      holder ??= other;
    }
    if (holder !== undefined && taken + line.quantity > ordered) return holder;
  }
  return undefined;
}

/**
 * Releases a PO that was never sent because `rival` holds its lines (see {@link findEarlierRival}):
 * it is rejected with the reason, and the outcome reports the rival.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO not sent.
 * @param rival - the earlier PO that holds its lines.
 */
export async function yieldToRival(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  rival: PurchaseOrder,
): Promise<PurchaseOrderOutcome> {
  const reason = `not sent: ${rival.poNumber} (${rival.distributor}) of the same order, placed at the same time, holds its lines`;
  await context.save(lifecycle.markRejected(purchaseOrder, reason, context.now()), purchaseOrder);
  return {
    poNumber: rival.poNumber,
    distributor: rival.distributor,
    outcome: rival.state === 'submitting' ? 'unknown' : 'already-placed',
    state: rival.state,
  };
}
