import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { findEarlierRival, releasedStates, yieldToRival } from '../place/rival-check.js';
import { submitSavedPurchaseOrder, thrownOutcome } from '../place/submit-purchase-order.js';
import { recoverPurchaseOrder } from './recover-purchase-orders.js';

/** The outcome of a PO that needs no submit, from its state. */
function settledOutcome(purchaseOrder: PurchaseOrder): PurchaseOrderOutcome {
  const released = releasedStates.has(purchaseOrder.state);
  return {
    poNumber: purchaseOrder.poNumber,
    distributor: purchaseOrder.distributor,
    outcome: released ? 'rejected' : 'already-placed',
    state: purchaseOrder.state,
    ...(released && purchaseOrder.lastError !== undefined ? { error: purchaseOrder.lastError } : {}),
  };
}

/**
 * Submits one stored PO that is not placed yet, as safely as `dropship` and `recover` would:
 * - `submitting` (abandoned for longer than `olderThanMs`): claimed, looked up at the
 *   distributor, and sent only when certainly absent (see `recoverPurchaseOrder`); younger than
 *   that it is left alone (`unknown`: another worker may be sending it);
 * - `draft` or `failed`: claimed (`submitting`), checked against earlier POs of the order that
 *   hold its lines, then sent;
 * - any other state: nothing is sent; the outcome reports the state (`already-placed`, or
 *   `rejected` for a rejected or cancelled PO).
 *
 * @param context - the dropshipper's context.
 * @param poNumber - the PO number.
 * @param olderThanMs - how long a `submitting` PO must have been left; default `submitLeaseMs`.
 * @throws {@link ConfigurationError} when the PO is not in the store.
 */
export async function submitStoredPurchaseOrder(
  context: DropshipContext,
  poNumber: string,
  olderThanMs: number | undefined,
): Promise<PurchaseOrderOutcome> {
  const purchaseOrder = await context.store.getPurchaseOrder(poNumber);
  if (purchaseOrder === null) throw new ConfigurationError(`submitPurchaseOrder: no purchase order ${poNumber}`);
  if (purchaseOrder.state === 'submitting') {
    const cutoff = context.now().getTime() - (olderThanMs ?? context.limits.submitLeaseMs);
    return (await recoverPurchaseOrder(context, purchaseOrder, cutoff)).outcome;
  }
  if (purchaseOrder.state !== 'draft' && purchaseOrder.state !== 'failed') return settledOutcome(purchaseOrder);
  const client = context.distributors.get(purchaseOrder.distributor);
  if (client === undefined)
    return {
      poNumber,
      distributor: purchaseOrder.distributor,
      outcome: 'failed',
      state: purchaseOrder.state,
      error: `no client configured for distributor "${purchaseOrder.distributor}"`,
    };
  let claimed: PurchaseOrder;
  try {
    claimed = await context.save(lifecycle.markSubmitting(purchaseOrder, context.now()), purchaseOrder);
  } catch (error) {
    if (ConcurrencyConflictError.isInstance(error)) return thrownOutcome(poNumber, purchaseOrder.distributor, error);
    throw error;
  }
  const rival = await findEarlierRival(context, claimed);
  if (rival !== undefined) return yieldToRival(context, claimed, rival);
  return submitSavedPurchaseOrder(context, claimed, client).catch((error: unknown) =>
    thrownOutcome(poNumber, purchaseOrder.distributor, error),
  );
}
