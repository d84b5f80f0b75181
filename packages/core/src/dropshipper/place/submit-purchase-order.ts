import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { mayHaveActed } from '../../errors/may-have-acted.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { DistributorClient, DistributorOrder, PurchaseOrderRequest } from '../../spec/v1/distributor-client.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { rejectionOfError, withRejection } from '../reroute/rejection-of.js';
import { type DistributorRefusal, refusalOf, refusalReason } from './distributor-refusals.js';

/** What the distributor is sent for a PO. */
function toRequest(purchaseOrder: PurchaseOrder): PurchaseOrderRequest {
  return {
    poNumber: purchaseOrder.poNumber,
    shipTo: purchaseOrder.shipTo,
    currency: purchaseOrder.currency,
    lines: purchaseOrder.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitCost: line.unitCost })),
  };
}

/**
 * Submits a PO already saved as `submitting` and settles it in the store:
 * - accepted → submitted (or acknowledged, backordered);
 * - refused for what it is (`OrderRejectedError`, or a field-length, invalid-request or
 *   account-setup refusal) → rejected, so its lines may be planned again (a refusal's lines go to
 *   another distributor: see `distributor-refusals.ts`); an `OrderRejectedError`'s classified
 *   reason and lines are recorded on the PO (`rejection`) for re-routing (`reroute/`);
 * - failed where the distributor certainly did not act (`!mayHaveActed(error)`) → failed, retried
 *   by the next `dropship`;
 * - failed where it may have acted → looked up: found → submitted; certainly absent → failed;
 *   the look-up failing too → left `submitting` (`unknown`) for recovery, never resent blind.
 *
 * @param context - the dropshipper's context.
 * @param purchaseOrder - the PO, as saved in `submitting`.
 * @param client - the PO's distributor client.
 */
export async function submitSavedPurchaseOrder(
  context: DropshipContext,
  purchaseOrder: PurchaseOrder,
  client: DistributorClient,
): Promise<PurchaseOrderOutcome> {
  const { emit, now } = context;
  const base = { poNumber: purchaseOrder.poNumber, distributor: purchaseOrder.distributor };
  let settled: PurchaseOrder;
  let outcome: PurchaseOrderOutcome['outcome'];
  let errorMessage: string | undefined;
  let refusal: DistributorRefusal | undefined;
  try {
    const result = await client.submitOrder(toRequest(purchaseOrder));
    settled = lifecycle.markSubmitted(purchaseOrder, result, now());
    outcome = result.alreadyExisted ? 'already-placed' : 'submitted';
    for (const warning of result.warnings) emit('warning', { warning, poNumber: purchaseOrder.poNumber });
  } catch (error) {
    errorMessage = describeError(error);
    refusal = refusalOf(error);
    const rejection = rejectionOfError(error);
    if (rejection !== undefined) {
      settled = withRejection(lifecycle.markRejected(purchaseOrder, errorMessage, now()), rejection);
      outcome = 'rejected';
    } else if (refusal !== undefined) {
      errorMessage = refusalReason(refusal, errorMessage);
      settled = lifecycle.markRejected(purchaseOrder, errorMessage, now());
      outcome = 'rejected';
    } else if (!mayHaveActed(error)) {
      settled = lifecycle.markFailed(purchaseOrder, errorMessage, now());
      outcome = 'failed';
    } else {
      // The distributor may have placed it (lost answer, 5xx after acting): look it up.
      let found: DistributorOrder | null | undefined;
      try {
        found = await client.findOrder(purchaseOrder.poNumber);
      } catch {
        found = undefined;
      }
      if (found) {
        settled = lifecycle.markSubmitted(
          purchaseOrder,
          { distributorOrderRefs: found.distributorOrderRefs, status: 'submitted' },
          now(),
        );
        outcome = 'submitted';
        errorMessage = undefined;
      } else if (found === null) {
        settled = lifecycle.markFailed(purchaseOrder, errorMessage, now());
        outcome = 'failed';
      } else {
        emit('purchase-order-failed', {
          poNumber: purchaseOrder.poNumber,
          distributor: purchaseOrder.distributor,
          error: errorMessage,
          settled: false,
        });
        return {
          ...base,
          outcome: 'unknown',
          state: purchaseOrder.state,
          error: errorMessage,
          recovery: unknownOutcomeRecovery(purchaseOrder.poNumber, purchaseOrder.distributor),
        };
      }
    }
  }
  const stored = await context.save(settled, purchaseOrder);
  if (outcome === 'submitted' || outcome === 'already-placed') {
    emit('purchase-order-submitted', {
      poNumber: stored.poNumber,
      distributor: stored.distributor,
      salesOrderId: stored.salesOrderId,
      distributorOrderRefs: stored.distributorOrderRefs,
      alreadyExisted: outcome === 'already-placed',
    });
  } else if (outcome === 'rejected') {
    emit('purchase-order-rejected', {
      poNumber: stored.poNumber,
      distributor: stored.distributor,
      error: errorMessage ?? '',
      ...(refusal === undefined ? {} : { refusal }),
    });
  } else {
    emit('purchase-order-failed', {
      poNumber: stored.poNumber,
      distributor: stored.distributor,
      error: errorMessage ?? '',
      settled: true,
    });
  }
  return { ...base, outcome, state: stored.state, ...(errorMessage === undefined ? {} : { error: errorMessage }) };
}

/**
 * The outcome of a placement step that threw (a store error, a conflict with another worker):
 * the PO may be in any state, so it is reported `unknown` (or `already-placed` on a conflict).
 *
 * @param poNumber - the PO number.
 * @param distributor - the distributor id.
 * @param error - what was thrown.
 */
export function thrownOutcome(poNumber: string, distributor: string, error: unknown): PurchaseOrderOutcome {
  const conflict = ConcurrencyConflictError.isInstance(error);
  return {
    poNumber,
    distributor,
    outcome: conflict ? 'already-placed' : 'unknown',
    state: 'submitting',
    error: describeError(error),
    ...(conflict ? {} : { recovery: unknownOutcomeRecovery(poNumber, distributor) }),
  };
}

/**
 * What happens to a PO whose outcome is unknown, for people: the one wording of what `recover()`
 * does with it (it is never sent again blind).
 *
 * @param poNumber - the PO number.
 * @param distributor - the distributor id.
 */
export function unknownOutcomeRecovery(poNumber: string, distributor: string): string {
  return (
    `${distributor} may hold ${poNumber}: it is not sent again blind. recover() (run by every syncTracking) ` +
    `looks it up at ${distributor} once it has been submitting longer than submitLeaseMs, marks it submitted ` +
    `when found, and sends it only when ${distributor} certainly does not hold it`
  );
}
