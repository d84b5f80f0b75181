import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import { type ParsedSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import type { OrderPlan } from '../../routing/plan-types.js';
import type { ImportedOrderRecord } from '../../spec/v1/store.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ImportedOrderResult } from '../context/dropshipper-types.js';
import { placeOrder } from '../place/place-order.js';
import { holdReasonsFor, planOrder } from '../place/plan-order.js';
import type { IntakeStore } from './intake-store.js';
import { heldQuantities, settleReservations } from './order-reservations.js';

/** The reason of an order held because the approval policy is `manual`. */
export const manualApprovalReason = 'approval: manual';

/**
 * Why the approval policy holds an imported order's plan: `manual` always holds; `auto` holds
 * for the policy's own reasons (`holdReasonsFor`: incomplete, below the minimum profit) and for
 * the plan's holds (an order whose tracking could never be pushed).
 */
function holdReasons(context: DropshipContext, plan: OrderPlan): string[] {
  if (context.approval.mode === 'manual') return [manualApprovalReason];
  return [...plan.holds.map((hold) => `${hold.code}: ${hold.message}`), ...holdReasonsFor(context, plan)];
}

/**
 * The approval step of intake, for an order whose record is `imported`: holds it (record `held`
 * with the reasons, event `order-held`) or places it through the dropship path (record `placed`;
 * placing consumes its reservations). When placing sends nothing that is placed (every PO failed,
 * or the distributors did not answer), the record stays `imported` and the next run tries again
 * (placement never sends a PO twice). A record another worker decided meanwhile is left as it is.
 *
 * @param context - the dropshipper's context.
 * @param store - the store, with the intake capability.
 * @param record - the order's record, status `imported`.
 * @param order - the sales order (parsed).
 * @param plan - the plan made when it was taken in (planned again when absent).
 */
export async function decideImportedOrder(
  context: DropshipContext,
  store: IntakeStore,
  record: ImportedOrderRecord,
  order: ParsedSalesOrder,
  plan: OrderPlan | undefined,
): Promise<ImportedOrderResult> {
  const id = toSalesOrderId(order);
  const base = { salesOrderId: id, marketplaceOrderId: record.marketplaceOrderId };
  const existing = await store.findPurchaseOrders({ salesOrderId: id });
  // Placed before the decision was saved (a crash, another worker): nothing to decide again.
  const covered = heldQuantities(existing);
  if (existing.length > 0 && order.lines.every((line) => (covered.get(line.lineId) ?? 0) >= line.quantity)) {
    await settleReservations(context, id, existing);
    const saved = await saveDecision(store, record, 'placed', []);
    return { ...base, outcome: saved?.status === 'held' ? 'held' : 'placed', reasons: saved?.reasons ?? [] };
  }
  const current = plan ?? (await planOrder(context, order, existing));
  const reasons = holdReasons(context, current);
  if (reasons.length > 0) {
    const saved = await saveDecision(store, record, 'held', reasons);
    if (saved !== undefined && saved.status === 'held')
      context.emit('order-held', { salesOrderId: id, reasons: saved.reasons });
    const placement = {
      salesOrderId: id,
      status: 'held' as const,
      plan: current,
      purchaseOrders: [],
      unplaced: current.unplaced,
      holdReasons: reasons,
    };
    return {
      ...base,
      outcome: saved?.status === 'placed' ? 'placed' : 'held',
      reasons: saved?.reasons ?? reasons,
      placement,
    };
  }
  const result = await placeOrder(context, order, { plan: current });
  if (result.status === 'failed' || result.status === 'nothing-to-place') {
    const why =
      result.status === 'failed'
        ? result.purchaseOrders.map((outcome) => `${outcome.poNumber}: ${outcome.error ?? outcome.outcome}`)
        : [`nothing to place: ${result.unplaced.length} line(s) cannot be placed`];
    if (result.status === 'nothing-to-place' && existing.length === 0) {
      const saved = await saveDecision(store, record, 'held', why);
      if (saved?.status === 'held') context.emit('order-held', { salesOrderId: id, reasons: saved.reasons });
      return { ...base, outcome: 'held', reasons: saved?.reasons ?? why, placement: result };
    }
    if (result.status === 'failed') return { ...base, outcome: 'imported', reasons: why, placement: result };
  }
  const saved = await saveDecision(store, record, 'placed', []);
  return {
    ...base,
    outcome: saved?.status === 'held' ? 'held' : 'placed',
    reasons: saved?.reasons ?? [],
    placement: result,
  };
}

/**
 * Writes the decision on the record; when another worker changed it meanwhile, the record as it
 * now stands (its decision wins). Undefined when the record is gone.
 */
async function saveDecision(
  store: IntakeStore,
  record: ImportedOrderRecord,
  status: 'placed' | 'held',
  reasons: string[],
): Promise<ImportedOrderRecord | undefined> {
  try {
    return await store.updateImportedOrder({ ...record, status, reasons }, record.version);
  } catch (error) {
    if (!ConcurrencyConflictError.isInstance(error)) throw error;
    const now = await store.getImportedOrder(record.salesOrderId);
    if (now === null) return undefined;
    if (now.status !== 'imported') return now;
    // Only the acknowledgement moved on: write the decision on the newer version.
    return store.updateImportedOrder({ ...now, status, reasons }, now.version);
  }
}
