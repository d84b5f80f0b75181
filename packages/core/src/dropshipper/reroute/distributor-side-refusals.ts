import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import { parseSalesOrder } from '../../model/sales-order.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';
import { isCancelledForSalesOrder, placeCancelRemainder } from '../cancel/cancel-remainder.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { refusedLinesOf, unitsToReplace } from './refused-lines.js';
import { isNewRejection, rejectionOfRemote, withRejection } from './rejection-of.js';
import { defaultLateShipmentWatchMs } from './reroute-options.js';
import { refusingPurchaseOrders, rerouteHeldKey, rerouteOrder } from './reroute-order.js';

/** States a distributor's cancel or rejection of the whole order moves out of (nothing shipped yet). */
const wholeRefusable: ReadonlySet<PurchaseOrderState> = new Set(['submitted', 'acknowledged', 'backordered']);

/** States whose PO may carry units its distributor cancelled while the rest goes on. */
const placedOpen: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.placedOpen);

/**
 * Records what a distributor's answer says it refused on its side, once (reading the same answer
 * again changes nothing): the whole order cancelled or rejected (a PO with nothing shipped moves to
 * `cancelled` or `rejected`, its lines released) or some units cancelled (`cancelledLines`: the
 * PO goes on, those units no longer covered). The classified reason is kept in `rejection` for
 * re-routing. Returns the PO as stored when something was recorded.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO as read.
 * @param remote - the distributor's answer for it.
 */
export async function recordDistributorRefusal(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  remote: DistributorOrder,
): Promise<PurchaseOrder | undefined> {
  const rejection = rejectionOfRemote(remote);
  if (rejection === undefined || !isNewRejection(purchaseOrder, rejection)) return undefined;
  const now = context.now();
  const message = `${purchaseOrder.distributor} ${remote.status === 'rejected' ? 'rejected' : 'cancelled'} ${
    rejection.lines === undefined
      ? 'the order'
      : rejection.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')
  } on its side (${rejection.reason}${remote.statusText === undefined ? '' : `: ${remote.statusText}`})`;
  let next: PurchaseOrder;
  if (rejection.lines === undefined) {
    if (!wholeRefusable.has(purchaseOrder.state)) return undefined;
    const moved =
      remote.status === 'rejected'
        ? lifecycle.markRejected(purchaseOrder, message, now)
        : lifecycle.markCancelled(purchaseOrder, 'cancelled', now);
    next = withRejection(moved, rejection);
  } else {
    if (!placedOpen.has(purchaseOrder.state)) return undefined;
    // No state changes: the rest of the order goes on. The version moves so stores see the write.
    next = {
      ...withRejection(purchaseOrder, rejection),
      version: purchaseOrder.version + 1,
      updatedAt: now.toISOString(),
    };
  }
  const stored =
    next.state === purchaseOrder.state
      ? await context.store.updatePurchaseOrder(next, purchaseOrder.version)
      : await context.save(next, purchaseOrder);
  context.emit('purchase-order-rejected', {
    poNumber: stored.poNumber,
    distributor: stored.distributor,
    error: message,
  });
  return stored;
}

/**
 * Re-routes the orders whose POs a sync found refused on the distributor's side (one order at a
 * time; a failure is reported, never thrown: the next sync finds the refusal again).
 *
 * @param context - the dropshipper's context.
 * @param salesOrderIds - the orders.
 * @param errors - where failures go (the sync's errors).
 */
export async function rerouteOrders(
  context: DropshipContext,
  salesOrderIds: Iterable<string>,
  errors: SyncTrackingResult['errors'],
): Promise<void> {
  const policy = context.reroute;
  if (policy === undefined) return;
  for (const salesOrderId of salesOrderIds) {
    try {
      const stored = await context.store.getSalesOrder(salesOrderId);
      if (stored === null) continue;
      await rerouteOrder(context, parseSalesOrder(stored), policy);
    } catch (error) {
      errors.push({ step: 'reroute', message: `${salesOrderId}: ${describeError(error)}` });
    }
  }
}

/**
 * POs still watched for a late shipment: rejected or cancelled by their distributor (a
 * `rejection`) within `lateShipmentWatchMs`, and known to the distributor (an order reference,
 * or refused on its side). A package on one is recorded, pushed and the PO flagged
 * `shipped-after-rejection` (a re-route may have placed its lines elsewhere: detected, not hidden).
 *
 * @param context - the dropshipper's context.
 * @param distributor - the distributor id.
 */
export async function watchedRefusedPurchaseOrders(
  context: DropshipContext,
  distributor: string,
): Promise<PurchaseOrder[]> {
  const policy = context.reroute;
  if (policy === undefined) return [];
  const createdFrom = new Date(context.now().getTime() - policy.lateShipmentWatchMs).toISOString();
  const refused = await context.store.findPurchaseOrders({
    distributor,
    state: purchaseOrderStateGroups.released,
    createdFrom,
  });
  return refused.filter(
    (purchaseOrder) =>
      purchaseOrder.rejection !== undefined &&
      (purchaseOrder.rejection.source === 'distributor' || purchaseOrder.distributorOrderRefs.length > 0),
  );
}

/**
 * Finishes re-routes a crash (or a failed call) left undone: every order with a PO refused (or
 * some of its units cancelled) within
 * `lateShipmentWatchMs` whose refused units no live PO holds, and which was not held for a person
 * already, is re-routed (placement finds what an earlier attempt placed; nothing is placed twice).
 *
 * @param context - the dropshipper's context.
 * @param errors - where failures go (the sync's errors).
 * @param partlyCancelled - live POs the sync read that carry a `rejection` (units cancelled on the
 *   distributor's side), so that the sweep reads no open PO again.
 * Also places again the units a buyer kept of a PO cancelled for a partial cancel, when a crash
 * came between the confirmed cancel and their placement (`cancel/cancel-remainder.ts`).
 *
 * @returns the orders re-routed.
 */
export async function resumeReroutes(
  context: DropshipContext,
  errors: SyncTrackingResult['errors'],
  partlyCancelled: readonly PurchaseOrder[] = [],
): Promise<string[]> {
  const policy = context.reroute;
  const watchMs = policy?.lateShipmentWatchMs ?? defaultLateShipmentWatchMs;
  const createdFrom = new Date(context.now().getTime() - watchMs).toISOString();
  // Released POs of the window (a bounded set: refusals and cancels), and the live ones the sync
  // read already whose distributor cancelled some units.
  const refused = [
    ...(await context.store.findPurchaseOrders({ state: purchaseOrderStateGroups.released, createdFrom })),
    ...partlyCancelled,
  ];
  // Without a reroute policy nothing is re-routed here (only the buyer's kept units, below).
  const salesOrderIds =
    policy === undefined
      ? []
      : [...new Set(refused.filter((po) => po.rejection !== undefined).map((po) => po.salesOrderId))];
  const due: string[] = [];
  for (const salesOrderId of salesOrderIds) {
    const [stored, purchaseOrders] = await Promise.all([
      context.store.getSalesOrder(salesOrderId),
      context.store.findPurchaseOrders({ salesOrderId }),
    ]);
    if (stored === null) continue;
    const lines = refusedLinesOf(purchaseOrders);
    const needed = unitsToReplace(stored, purchaseOrders, lines);
    if (needed.size === 0) continue;
    // Due when a line still missing units was not held for a person since its last refusal.
    for (const lineId of needed.keys()) {
      const key = rerouteHeldKey(salesOrderId, lineId, refusingPurchaseOrders(lines, lineId));
      if ((await context.store.getIdempotencyRecord(key)) !== null) continue;
      due.push(salesOrderId);
      break;
    }
  }
  await rerouteOrders(context, due, errors);
  // The same for a buyer's partial cancel: a crash between the confirmed cancel of a PO and the
  // placing of the units the buyer kept would lose them (placeCancelRemainder reads the store and
  // places only what is still missing).
  const cancelledForBuyer = new Set(refused.filter(isCancelledForSalesOrder).map((po) => po.salesOrderId));
  for (const salesOrderId of cancelledForBuyer) {
    try {
      await placeCancelRemainder(context, salesOrderId);
    } catch (error) {
      errors.push({ step: 'reroute', message: `${salesOrderId}: ${describeError(error)}` });
    }
  }
  return due;
}
