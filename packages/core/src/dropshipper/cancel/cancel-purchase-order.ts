import { ConfigurationError } from '../../errors/configuration-error.js';
import { type PurchaseOrderState, terminalPurchaseOrderStates } from '../../model/purchase-order.js';
import type { CancelResult } from '../../spec/v1/distributor-client.js';
import type { DropshipContext } from '../context/dropship-context.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { settleReservations } from '../intake/order-reservations.js';

/**
 * Cancels a PO where the distributor can; `unsupported` with a warning where it cannot, or when
 * the PO is finished already.
 *
 * @param context - the dropshipper's context.
 * @param poNumber - the PO number.
 * @throws {@link ConfigurationError} when the PO is unknown or its distributor has no client.
 */
export async function cancelPurchaseOrder(
  context: DropshipContext,
  poNumber: string,
): Promise<CancelResult & { poNumber: string; state: PurchaseOrderState }> {
  const purchaseOrder = await context.store.getPurchaseOrder(poNumber);
  if (purchaseOrder === null) throw new ConfigurationError(`cancel: no purchase order ${poNumber}`);
  const client = context.distributors.get(purchaseOrder.distributor);
  if (client === undefined)
    throw new ConfigurationError(`cancel: no client configured for distributor "${purchaseOrder.distributor}"`);
  if (terminalPurchaseOrderStates.includes(purchaseOrder.state)) {
    return {
      poNumber,
      state: purchaseOrder.state,
      status: purchaseOrder.state === 'cancelled' ? ('cancelled' as const) : ('unsupported' as const),
      ...(purchaseOrder.state === 'cancelled'
        ? {}
        : {
            warning: {
              type: 'unsupported' as const,
              feature: 'cancel-order',
              message: `PO ${poNumber} is ${purchaseOrder.state}; nothing to cancel`,
            },
          }),
    };
  }
  if (client.capabilities.cancel === 'unsupported') {
    const warning = {
      type: 'unsupported' as const,
      feature: 'cancel-order',
      message: `${purchaseOrder.distributor} has no cancel in its API: ask your rep to cancel PO ${poNumber}`,
    };
    context.emit('warning', { warning, poNumber });
    return { poNumber, state: purchaseOrder.state, status: 'unsupported' as const, warning };
  }
  const result = await client.cancelOrder(poNumber);
  let current = purchaseOrder;
  if (result.status === 'cancelled' || result.status === 'requested') {
    current = await context.save(lifecycle.markCancelled(purchaseOrder, result.status, context.now()), purchaseOrder);
    if (result.status === 'cancelled') {
      context.emit('purchase-order-cancelled', { poNumber, distributor: purchaseOrder.distributor });
      // The stock an imported order's reservation consumed is given back: intake/order-reservations.ts.
      await settleReservations(
        context,
        purchaseOrder.salesOrderId,
        await context.store.findPurchaseOrders({ salesOrderId: purchaseOrder.salesOrderId }),
      );
    }
  } else if (result.warning) {
    context.emit('warning', { warning: result.warning, poNumber });
  }
  return { ...result, poNumber, state: current.state };
}
