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

/** States of a PO whose cancel waits for an outcome. */
const pendingStates = ['cancel_requested', 'manual_cancel'] as const;

/**
 * The POs whose cancel is pending (`cancel_requested`, `manual_cancel`; few at any time), read
 * before a tracking sync so that {@link settlePendingCancels} sees what the sync did to them.
 *
 * @param context - the dropshipper's context.
 * @param distributor - only this distributor's POs (`syncDistributor`); default every one.
 * @param poNumbers - only these POs (`syncDistributor`'s `poNumbers`).
 */
export async function pendingCancels(
  context: DropshipContext,
  distributor?: string,
  poNumbers?: readonly string[],
): Promise<PurchaseOrder[]> {
  const found = await context.store.findPurchaseOrders(
    distributor === undefined ? { state: pendingStates } : { distributor, state: pendingStates },
  );
  return found.filter((purchaseOrder) => poNumbers === undefined || poNumbers.includes(purchaseOrder.poNumber));
}

/**
 * After a tracking sync, for each PO whose cancel was pending before it ({@link pendingCancels}):
 * still pending → its distributor is asked, and one that reports the order cancelled is settled
 * with {@link settleDistributorCancel}; moved by the sync (a package arrived: it shipped after
 * all) → the marketplace's cancel request is answered (refused). A failed look-up or answer is
 * counted in `errors` and tried again at the next sync.
 *
 * @param context - the dropshipper's context.
 * @param pending - the POs read before the sync.
 * @param errors - the sync's error list.
 * @returns how many POs were settled cancelled.
 */
export async function settlePendingCancels(
  context: DropshipContext,
  pending: readonly PurchaseOrder[],
  errors: SyncTrackingResult['errors'],
): Promise<number> {
  let settled = 0;
  for (const before of pending) {
    const { poNumber, distributor } = before;
    const client = context.distributors.get(distributor);
    const current = await context.store.getPurchaseOrder(poNumber);
    if (client === undefined || current === null) continue;
    try {
      if (current.state === 'cancel_requested' || current.state === 'manual_cancel') {
        const remote = await client.findOrder(poNumber);
        if (remote !== null && (await settleDistributorCancel(context, current, remote)) !== undefined) settled++;
      } else if (current.version !== before.version) {
        await answerPendingCancellation(context, current.salesOrderId);
      }
    } catch (error) {
      errors.push({ poNumber, distributor, step: 'pull', message: describeError(error) });
    }
  }
  return settled;
}
