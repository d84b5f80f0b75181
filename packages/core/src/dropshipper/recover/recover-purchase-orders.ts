import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome, RecoverResult } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { findEarlierRival, yieldToRival } from '../place/rival-check.js';
import { submitSavedPurchaseOrder, thrownOutcome } from '../place/submit-purchase-order.js';

/** How recovery settled one PO left `submitting` (the counters of {@link RecoverResult}). */
export type RecoveryResult = 'found' | 'resubmitted' | 'unresolved' | 'failed' | 'skipped';

/** What recovery did with one PO: how it counts, and the PO's outcome. */
export interface PurchaseOrderRecovery {
  /** How it counts in {@link RecoverResult}. */
  readonly result: RecoveryResult;
  /** The PO's outcome (`unknown` while it stays `submitting`). */
  readonly outcome: PurchaseOrderOutcome;
}

/**
 * Settles one PO left `submitting` (a crash, a lost answer) whose last write is at or before
 * `cutoff` (ms since the epoch; younger ones may be in flight in another worker and are skipped):
 * 1. claims it (a new submit attempt bumps the version: the optimistic write lets one worker win);
 * 2. looks it up at the distributor: found → submitted; the look-up failing → left for later;
 * 3. absent → the same rival check as a first placement, then sent (idempotently).
 *
 * @param context - the dropshipper's context.
 * @param stale - the PO as read, in `submitting`.
 * @param cutoff - the latest `updatedAt` (ms since the epoch) that counts as abandoned.
 */
export async function recoverPurchaseOrder(
  context: DropshipContext,
  stale: PurchaseOrder,
  cutoff: number,
): Promise<PurchaseOrderRecovery> {
  const { now, emit } = context;
  const outcomeOf = (purchaseOrder: PurchaseOrder, outcome: PurchaseOrderOutcome['outcome'], error?: string) => ({
    poNumber: purchaseOrder.poNumber,
    distributor: purchaseOrder.distributor,
    outcome,
    state: purchaseOrder.state,
    ...(error === undefined ? {} : { error }),
  });
  let purchaseOrder = stale;
  const client = context.distributors.get(purchaseOrder.distributor);
  if (client === undefined)
    return {
      result: 'skipped',
      outcome: outcomeOf(stale, 'unknown', `no client configured for distributor "${stale.distributor}"`),
    };
  // Younger than the lease: another worker may be submitting it right now.
  if (stale.state !== 'submitting' || Date.parse(stale.updatedAt) > cutoff)
    return { result: 'skipped', outcome: outcomeOf(stale, 'unknown', 'in flight: younger than the submit lease') };
  // Claim it: a new submit attempt bumps the version and restarts the lease, and the optimistic
  // write lets exactly one worker win. A claimer that dies leaves a PO whose lease runs out again,
  // so another worker takes it over later.
  try {
    purchaseOrder = await context.save(lifecycle.markSubmitting(purchaseOrder, now()), purchaseOrder);
  } catch (error) {
    if (!ConcurrencyConflictError.isInstance(error)) throw error;
    return { result: 'skipped', outcome: outcomeOf(stale, 'unknown', 'claimed by another worker') };
  }
  try {
    const found = await client.findOrder(purchaseOrder.poNumber);
    if (found) {
      const next = lifecycle.markSubmitted(
        purchaseOrder,
        { distributorOrderRefs: found.distributorOrderRefs, status: 'submitted' },
        now(),
      );
      const stored = await context.save(next, purchaseOrder);
      emit('purchase-order-submitted', {
        poNumber: next.poNumber,
        distributor: next.distributor,
        salesOrderId: next.salesOrderId,
        distributorOrderRefs: next.distributorOrderRefs,
        alreadyExisted: true,
      });
      return { result: 'found', outcome: outcomeOf(stored, 'already-placed') };
    }
  } catch (error) {
    return { result: 'unresolved', outcome: outcomeOf(purchaseOrder, 'unknown', describeError(error)) };
  }
  // The distributor does not have it: before sending it, the same check as a first placement
  // (a worker may have died between saving the PO and that check).
  const rival = await findEarlierRival(context, purchaseOrder);
  if (rival !== undefined) return { result: 'failed', outcome: await yieldToRival(context, purchaseOrder, rival) };
  const outcome = await submitSavedPurchaseOrder(context, purchaseOrder, client).catch((error: unknown) =>
    thrownOutcome(purchaseOrder.poNumber, purchaseOrder.distributor, error),
  );
  const result: RecoveryResult =
    outcome.outcome === 'submitted' || outcome.outcome === 'already-placed'
      ? 'resubmitted'
      : outcome.outcome === 'unknown'
        ? 'unresolved'
        : 'failed';
  return { result, outcome };
}

/**
 * Settles every PO left `submitting` for longer than `olderThanMs` (see
 * {@link recoverPurchaseOrder}), at most `concurrencyPerDistributor` at once per distributor.
 *
 * @param context - the dropshipper's context.
 * @param olderThanMs - how long a PO must have been `submitting`; default `submitLeaseMs`.
 */
export async function recoverPurchaseOrders(context: DropshipContext, olderThanMs?: number): Promise<RecoverResult> {
  const result: RecoverResult = { examined: 0, found: 0, resubmitted: 0, unresolved: 0, failed: 0, skipped: 0 };
  const cutoff = context.now().getTime() - (olderThanMs ?? context.limits.submitLeaseMs);
  const stuck = await context.store.findPurchaseOrders({ state: 'submitting' });
  result.examined = stuck.length;
  await Promise.all(
    stuck.map((stale) =>
      context.limiterFor(stale.distributor)(async () => {
        result[(await recoverPurchaseOrder(context, stale, cutoff)).result]++;
      }),
    ),
  );
  return result;
}
