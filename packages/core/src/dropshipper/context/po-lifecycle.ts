import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { ParsedSalesOrder } from '../../model/sales-order.js';
import type { DistributorShipment } from '../../model/shipment.js';
import type { PlannedPurchaseOrder } from '../../routing/plan-types.js';
import type { SubmitOrderResult } from '../../spec/v1/distributor-client.js';
import { createPurchaseOrder } from '../../state-machine/create-purchase-order.js';
import { isTrackingSettled } from '../../state-machine/package-groups.js';
import { transition } from '../../state-machine/transition.js';

// The dropshipper's vocabulary over the pure state machine: one function per step it takes.

/** A new draft PO for a planned PO. */
export function createDraft(order: ParsedSalesOrder, planned: PlannedPurchaseOrder, now: Date): PurchaseOrder {
  return createPurchaseOrder({ order, planned, now });
}

/** Draft or failed → submitting (saved before the distributor is called). */
export function markSubmitting(purchaseOrder: PurchaseOrder, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'submit' }, { now });
}

/** Submitting → submitted / acknowledged / backordered. A validate-only answer counts as submitted. */
export function markSubmitted(
  purchaseOrder: PurchaseOrder,
  result: Pick<SubmitOrderResult, 'distributorOrderRefs' | 'status'>,
  now: Date,
): PurchaseOrder {
  const status = result.status === 'validated' ? 'submitted' : result.status;
  return transition(
    purchaseOrder,
    { type: 'submit-succeeded', distributorOrderRefs: result.distributorOrderRefs, status },
    { now },
  );
}

/** Submitting → failed (certainly not placed; safe to retry). */
export function markFailed(purchaseOrder: PurchaseOrder, error: string, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'submit-failed', error: error || 'unknown error' }, { now });
}

/** → rejected (the distributor refused the order). */
export function markRejected(purchaseOrder: PurchaseOrder, reason: string, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'reject', reason: reason || 'rejected' }, { now });
}

/** Records a package a distributor reported (a no-op for one already recorded, unless a box of a distributor order is revised). */
export function recordShipment(purchaseOrder: PurchaseOrder, reported: DistributorShipment, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'record-shipment', shipment: reported }, { now });
}

/** Stops waiting for distributor order `ref` to be reported complete: its boxes seen so far are all of it. */
export function settlePackageGroup(
  purchaseOrder: PurchaseOrder,
  ref: string,
  reason: string,
  now: Date,
): PurchaseOrder {
  return transition(purchaseOrder, { type: 'settle-package-group', ref, reason }, { now });
}

/** Settles a package without a marketplace call: it covers no unit of the PO, or its tracking is handled elsewhere. */
export function markTrackingPushSkipped(
  purchaseOrder: PurchaseOrder,
  shipmentId: string,
  now: Date,
  reason: 'no-units' | 'handled-elsewhere' = 'no-units',
): PurchaseOrder {
  return transition(purchaseOrder, { type: 'mark-tracking-push-skipped', shipmentId, reason }, { now });
}

/** Marks one shipment's tracking as pushed to the marketplace. */
export function markTrackingPushed(purchaseOrder: PurchaseOrder, shipmentId: string, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'mark-tracking-pushed', shipmentId }, { now });
}

/** Marks one shipment as notified to the buyer. */
export function markBuyerNotified(purchaseOrder: PurchaseOrder, shipmentId: string, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'mark-buyer-notified', shipmentId }, { now });
}

/** True when the PO is fully shipped and every shipment is pushed or skipped (and notified when the SDK notifies). */
export function canComplete(purchaseOrder: PurchaseOrder, requireBuyerNotified: boolean): boolean {
  return (
    purchaseOrder.state === 'shipped' &&
    purchaseOrder.shipments.every(
      (shipment) => isTrackingSettled(shipment) && (!requireBuyerNotified || shipment.buyerNotifiedAt !== undefined),
    )
  );
}

/** Shipped → completed. */
export function markCompleted(purchaseOrder: PurchaseOrder, requireBuyerNotified: boolean, now: Date): PurchaseOrder {
  return transition(purchaseOrder, { type: 'complete', requireBuyerNotified }, { now });
}

/** Asks to cancel; `cancelled` confirms at once when the distributor already did. */
export function markCancelled(
  purchaseOrder: PurchaseOrder,
  status: 'cancelled' | 'requested',
  now: Date,
): PurchaseOrder {
  const requested =
    purchaseOrder.state === 'cancel_requested'
      ? purchaseOrder
      : transition(purchaseOrder, { type: 'request-cancel' }, { now });
  if (status === 'requested' || requested.state === 'cancelled') return requested;
  return transition(requested, { type: 'confirm-cancel' }, { now });
}
