import { OrderRejectedError } from '../../errors/order-rejected-error.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { PurchaseOrderRejection } from '../../model/purchase-order-rejection.js';
import type { DistributorOrder } from '../../spec/v1/distributor-client.js';

/**
 * The classified refusal of a submission (`OrderRejectedError`: its `reason`, and the lines it
 * names with theirs), or undefined for any other error.
 *
 * @param error - what `submitOrder` threw.
 */
export function rejectionOfError(error: unknown): PurchaseOrderRejection | undefined {
  if (!OrderRejectedError.isInstance(error)) return undefined;
  const named = error.lineErrors.filter((line) => line.sku !== undefined && line.sku.length > 0);
  return {
    reason: error.reason,
    ...(named.length === 0
      ? {}
      : {
          lines: named.map((line) => ({ sku: line.sku as string, reason: line.reason ?? error.reason })),
        }),
    source: 'submission',
  };
}

/**
 * What a distributor's answer says it refused on its side: the whole order (`status` cancelled
 * or rejected, with `statusReason`), or some units (`cancelledLines`, totals). Undefined when
 * neither.
 *
 * @param remote - the distributor's answer for a PO.
 */
export function rejectionOfRemote(remote: DistributorOrder): PurchaseOrderRejection | undefined {
  if (remote.status === 'cancelled' || remote.status === 'rejected')
    return { reason: remote.statusReason ?? 'other', source: 'distributor' };
  const cancelled = (remote.cancelledLines ?? []).filter((line) => line.quantity > 0);
  if (cancelled.length === 0) return undefined;
  return {
    reason: cancelled[0]?.reason ?? 'other',
    lines: cancelled.map((line) => ({ sku: line.sku, quantity: line.quantity, reason: line.reason })),
    source: 'distributor',
  };
}

/**
 * The PO with its rejection recorded (a copy, checked by the store when saved; the transition
 * that moved it is already on it).
 *
 * @param purchaseOrder - the PO as transitioned.
 * @param rejection - why the distributor refused it.
 */
export function withRejection(purchaseOrder: PurchaseOrder, rejection: PurchaseOrderRejection): PurchaseOrder {
  return { ...purchaseOrder, rejection };
}

/**
 * True when the answer's cancelled units differ from what the PO records (a new partial cancel).
 *
 * @param purchaseOrder - the PO as stored.
 * @param rejection - the answer's rejection.
 */
export function isNewRejection(purchaseOrder: PurchaseOrder, rejection: PurchaseOrderRejection): boolean {
  return JSON.stringify(purchaseOrder.rejection ?? null) !== JSON.stringify(rejection);
}
