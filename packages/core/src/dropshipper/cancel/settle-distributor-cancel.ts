import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';
import { transition } from '../../state-machine/transition.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { SyncTrackingResult } from '../context/dropshipper-types.js';
import { settleReservations } from '../intake/order-reservations.js';
import { answerPendingCancellation } from './answer-cancellation.js';
import { placeCancelRemainder } from './cancel-remainder.js';

/**
 * What a distributor's answer (tracking sync) says of a PO whose cancel is pending
 * (`cancel_requested`, or `manual_cancel` that a person settled by phone without telling the
 * SDK): the order reads `cancelled` → the PO is `cancelled` (event `purchase-order-cancelled`), its
 * reservations follow, the units the buyer kept are placed again on a new PO number, and the
 * marketplace's cancel request is answered. Anything else changes nothing here (a package is
 * recorded and flagged by the sync). Undefined when nothing was recorded.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO as read.
 * @param remote - the distributor's answer for it.
 */
export async function settleDistributorCancel(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  remote: DistributorOrder,
): Promise<PurchaseOrder | undefined> {
  if (remote.status !== 'cancelled') return undefined;
  if (purchaseOrder.state !== 'cancel_requested' && purchaseOrder.state !== 'manual_cancel') return undefined;
  if (purchaseOrder.shipments.length > 0) return undefined;
  const { poNumber, distributor, salesOrderId } = purchaseOrder;
  const saved = await context.save(
    transition(
      purchaseOrder,
      { type: 'confirm-cancel', detail: `${distributor} reports the order cancelled` },
      { now: context.now() },
    ),
    purchaseOrder,
  );
  context.emit('purchase-order-cancelled', { poNumber, distributor });
  await settleReservations(context, salesOrderId, await context.store.findPurchaseOrders({ salesOrderId }));
  await placeCancelRemainder(context, salesOrderId);
  try {
    await answerPendingCancellation(context, salesOrderId);
  } catch (error) {
    context.emit('warning', {
      warning: {
        type: 'other',
        message: `${salesOrderId}: the cancel request was not answered (${describeError(error)}); answered again at the next run`,
      },
      poNumber,
    });
  }
  return saved;
}

/**
 * After tracking sync: asks each distributor about the POs whose cancel is pending
 * (`cancel_requested`, `manual_cancel`; few at any time) and settles those it reports cancelled
 * with {@link settleDistributorCancel}. A failed look-up is counted in `errors` and asked again at
 * the next sync.
 *
 * @param context - the dropshipper's context.
 * @param errors - the sync's error list.
 * @param distributor - only this distributor's POs (`syncDistributor`); default every one.
 * @param poNumbers - only these POs (`syncDistributor`'s `poNumbers`).
 * @returns how many POs were settled cancelled.
 */
export async function settlePendingCancels(
  context: DropshipContext,
  errors: SyncTrackingResult['errors'],
  distributor?: string,
  poNumbers?: readonly string[],
): Promise<number> {
  const states = ['cancel_requested', 'manual_cancel'] as const;
  const pending = (
    await context.store.findPurchaseOrders(
      distributor === undefined ? { state: states } : { distributor, state: states },
    )
  ).filter((purchaseOrder) => poNumbers === undefined || poNumbers.includes(purchaseOrder.poNumber));
  let settled = 0;
  for (const purchaseOrder of pending) {
    const client = context.distributors.get(purchaseOrder.distributor);
    if (client === undefined) continue;
    try {
      const remote = await client.findOrder(purchaseOrder.poNumber);
      if (remote !== null && (await settleDistributorCancel(context, purchaseOrder, remote)) !== undefined) settled++;
    } catch (error) {
      errors.push({
        poNumber: purchaseOrder.poNumber,
        distributor: purchaseOrder.distributor,
        step: 'pull',
        message: describeError(error),
      });
    }
  }
  return settled;
}
