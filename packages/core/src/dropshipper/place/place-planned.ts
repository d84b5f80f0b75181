import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import type { PurchaseOrder, PurchaseOrderReroute } from '../../model/purchase-order.js';
import type { ParsedSalesOrder } from '../../model/sales-order.js';
import type { PlannedPurchaseOrder } from '../../routing/plan-types.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { heldQuantities } from '../reroute/refused-lines.js';
import { findEarlierRival, releasedStates, yieldToRival } from './rival-check.js';
import { submitSavedPurchaseOrder } from './submit-purchase-order.js';

/**
 * Quantities per sales line already covered by live POs of the order (less the units their
 * distributor cancelled on its side).
 *
 * @param existing - the order's POs.
 */
export function coveredQuantities(existing: readonly PurchaseOrder[]): Map<string, number> {
  // One home: units a distributor cancelled on its side are not covered (reroute/refused-lines.ts).
  return heldQuantities(existing);
}

/**
 * Places the lines of a planned PO that no live PO of the order covers yet. PO numbers are
 * deterministic per (order, distributor, attempt), so the planned number may already be taken:
 * - by a rejected or cancelled PO: its lines are free again, the next attempt's number is tried;
 * - by a live PO that holds lines of this plan: they were placed by an earlier call or by
 *   another worker right now (`already-placed`; a failed one is retried with the order's other
 *   failed POs);
 * - by a live PO made from an earlier plan with other lines (a line that could not be placed
 *   then, or went to another distributor): a submitted PO cannot take more lines, so the lines
 *   it does not hold get a PO of their own under the next attempt's number.
 * After `limits.maxAttempts` numbers it gives up (`failed`, nothing saved). The new PO is saved
 * as `submitting`, checked against earlier rivals, then sent.
 *
 * @param context - the dropshipper's context.
 * @param order - the sales order (parsed).
 * @param plannedInput - the planned PO.
 * @param covered - quantities per sales line already covered by live POs.
 * @param reroute - set on the new PO when it places lines another PO's distributor refused.
 */
export async function placePlannedPurchaseOrder(
  context: DropshipContext,
  order: ParsedSalesOrder,
  plannedInput: PlannedPurchaseOrder,
  covered: ReadonlyMap<string, number>,
  reroute?: PurchaseOrderReroute,
): Promise<PurchaseOrderOutcome[]> {
  const { store, now, limits } = context;
  let planned = plannedInput;
  const client = context.distributors.get(planned.distributor);
  // Only the units no live PO covers (a distributor may have cancelled some units of a line).
  let lines = planned.lines
    .filter((line) => (covered.get(line.salesLineId) ?? 0) < line.quantity)
    .map((line) => {
      const missing = line.quantity - (covered.get(line.salesLineId) ?? 0);
      return missing === line.quantity ? line : { ...line, quantity: missing };
    });
  if (lines.length === 0) return [];
  if (client === undefined) {
    return [
      {
        poNumber: planned.poNumber,
        distributor: planned.distributor,
        outcome: 'failed',
        state: 'draft',
        error: `no client configured for distributor "${planned.distributor}"`,
      },
    ];
  }
  const outcomes: PurchaseOrderOutcome[] = [];
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      if (attempt > limits.maxAttempts) {
        outcomes.push({
          poNumber: planned.poNumber,
          distributor: planned.distributor,
          outcome: 'failed',
          state: 'draft',
          error: `gave up after ${limits.maxAttempts} PO numbers taken by rejected, cancelled or other POs of this order`,
        });
        return outcomes;
      }
      planned = {
        ...planned,
        poNumber: context.numbering.numberFor(planned.salesOrderId, planned.distributor, attempt),
      };
    }
    const existing = await store.getPurchaseOrder(planned.poNumber);
    if (existing === null) break;
    if (releasedStates.has(existing.state)) continue;
    const held = new Set(existing.lines.map((line) => line.salesLineId));
    if (!lines.some((line) => held.has(line.salesLineId))) continue;
    // A re-route places units no live PO holds, counted from the store just before planning: a live
    // PO at this number holds other units of the line, so the next number is tried. (Two workers
    // re-routing at once reach the same next number: the store's unique number lets one create
    // it; the rival check stops any other.)
    if (reroute !== undefined) continue;
    if (existing.state !== 'failed') {
      outcomes.push({
        poNumber: existing.poNumber,
        distributor: existing.distributor,
        outcome: existing.state === 'submitting' ? 'unknown' : 'already-placed',
        state: existing.state,
      });
    }
    lines = lines.filter((line) => !held.has(line.salesLineId));
    if (lines.length === 0) return outcomes;
  }
  const created = lifecycle.createDraft(order, { ...planned, lines }, now());
  const draft = reroute === undefined ? created : { ...created, reroute };
  const submitting = lifecycle.markSubmitting(draft, now());
  let stored: PurchaseOrder;
  try {
    stored = await store.createPurchaseOrder(submitting);
  } catch (error) {
    if (ConcurrencyConflictError.isInstance(error)) {
      // Another worker created it first: it owns the submission.
      const other = await store.getPurchaseOrder(planned.poNumber);
      outcomes.push({
        poNumber: planned.poNumber,
        distributor: planned.distributor,
        outcome: 'already-placed',
        state: other?.state ?? 'submitting',
      });
      return outcomes;
    }
    throw error;
  }
  context.emit('purchase-order-created', {
    poNumber: stored.poNumber,
    distributor: stored.distributor,
    salesOrderId: stored.salesOrderId,
  });
  const rival = await findEarlierRival(context, stored, order);
  if (rival !== undefined) {
    outcomes.push(await yieldToRival(context, stored, rival));
    return outcomes;
  }
  outcomes.push(await submitSavedPurchaseOrder(context, stored, client));
  return outcomes;
}
