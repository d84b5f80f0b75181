import { ConfigurationError } from '../../errors/configuration-error.js';
import { type ParsedSalesOrder, salesOrderId as toSalesOrderId } from '../../model/sales-order.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { DropshipCallOptions, DropshipResult, PurchaseOrderOutcome } from '../context/dropshipper-types.js';
import * as lifecycle from '../context/po-lifecycle.js';
import { settleReservations } from '../intake/order-reservations.js';
import { recordHeldOrderPlaced } from '../intake/record-held-order-placed.js';
import { rerouteOrder } from '../reroute/reroute-order.js';
import { coveredQuantities, placePlannedPurchaseOrder } from './place-planned.js';
import { holdReasonsFor, planOrder } from './plan-order.js';
import { submitSavedPurchaseOrder, thrownOutcome } from './submit-purchase-order.js';

/**
 * Plans (unless the caller gives an approved plan) and places one parsed sales order: saves it,
 * holds the plan when the approval policy says so, places every planned PO whose lines no live
 * PO covers yet, and sends the order's `failed` POs again.
 *
 * @param context - the dropshipper's context.
 * @param order - the sales order, parsed at the public entry.
 * @param callOptions - an approved plan, if any.
 * @throws {@link ConfigurationError} when the given plan is for another order.
 */
export async function placeOrder(
  context: DropshipContext,
  order: ParsedSalesOrder,
  callOptions: DropshipCallOptions,
): Promise<DropshipResult> {
  const { store, distributors, now } = context;
  const id = toSalesOrderId(order);
  if (callOptions.plan !== undefined && callOptions.plan.salesOrderId !== id) {
    throw new ConfigurationError(`dropship: the plan is for ${callOptions.plan.salesOrderId}, not ${id}`);
  }
  // One read of the order's POs serves the plan (lines refused by a distributor go elsewhere),
  // what is covered already and what is retried.
  const existing = await store.findPurchaseOrders({ salesOrderId: id });
  const result = callOptions.plan ?? (await planOrder(context, order, existing));
  await store.saveSalesOrder(order);
  const covered = coveredQuantities(existing);
  // The price guard's holds keep their planned PO from being placed blind (plan-order.ts).
  const priceHolds = result.holds.filter((hold) => hold.code === 'price-changed' && hold.poNumber !== undefined);
  const priceHeld = new Set(priceHolds.map((hold) => hold.poNumber));
  const pending = result.purchaseOrders.filter(
    (planned) =>
      !priceHeld.has(planned.poNumber) &&
      planned.lines.some((line) => (covered.get(line.salesLineId) ?? 0) < line.quantity),
  );
  // Failed POs are retried as they are (placement never submits a PO that exists).
  const retryable = existing.filter((purchaseOrder) => purchaseOrder.state === 'failed');

  if (callOptions.plan === undefined && pending.length > 0) {
    const holdReasons = holdReasonsFor(context, result);
    if (holdReasons.length > 0) {
      context.emit('order-held', { salesOrderId: id, reasons: holdReasons });
      return {
        salesOrderId: id,
        status: 'held',
        plan: result,
        purchaseOrders: [],
        unplaced: result.unplaced,
        holdReasons,
      };
    }
  }

  const outcomes = await Promise.all([
    ...pending.map((planned) =>
      placePlannedPurchaseOrder(context, order, planned, covered).catch((error: unknown) => [
        thrownOutcome(planned.poNumber, planned.distributor, error),
      ]),
    ),
    ...retryable.map(async (purchaseOrder) => {
      const client = distributors.get(purchaseOrder.distributor);
      if (client === undefined) return undefined;
      const retrying = await context.save(lifecycle.markSubmitting(purchaseOrder, now()), purchaseOrder);
      return submitSavedPurchaseOrder(context, retrying, client).catch((error: unknown) =>
        thrownOutcome(purchaseOrder.poNumber, purchaseOrder.distributor, error),
      );
    }),
  ]);
  const purchaseOrders = outcomes.flat().filter((outcome): outcome is PurchaseOrderOutcome => outcome !== undefined);
  // Lines a distributor refused just now go elsewhere when the reroute policy allows (reroute/).
  if (context.reroute !== undefined && purchaseOrders.some((outcome) => outcome.outcome === 'rejected'))
    purchaseOrders.push(...(await rerouteOrder(context, order, context.reroute)).purchaseOrders);
  // An imported order's reservations follow its POs (consumed when placed): order-reservations.ts.
  if (purchaseOrders.length > 0)
    await settleReservations(context, id, await store.findPurchaseOrders({ salesOrderId: id }));
  // Lines the plan could not place that no live PO covers either (an earlier run may have placed them).
  const uncovered = result.unplaced.filter((line) => (covered.get(line.salesLineId) ?? 0) < line.quantity);
  const holdReasons = priceHolds.map((hold) => hold.message);
  if (purchaseOrders.length === 0 && holdReasons.length > 0) {
    context.emit('order-held', { salesOrderId: id, reasons: holdReasons });
    return { salesOrderId: id, status: 'held', plan: result, purchaseOrders, unplaced: result.unplaced, holdReasons };
  }
  const status = resultStatus(purchaseOrders, uncovered.length + priceHeld.size);
  if (status === 'placed' || status === 'partially-placed' || status === 'unknown')
    await recordHeldOrderPlaced(context, id);
  return { salesOrderId: id, status, plan: result, purchaseOrders, unplaced: result.unplaced, holdReasons };
}

/**
 * The status of a `dropship` call from what the distributors answered (see
 * `DropshipResult.status`): complete only when every PO sent is placed and no line is left
 * unplaced; `unknown` when nothing is confirmed placed but a distributor may hold a PO.
 *
 * @param outcomes - the outcome of every PO sent.
 * @param uncoveredLines - lines of the order neither planned nor covered by a live PO.
 */
export function resultStatus(
  outcomes: readonly PurchaseOrderOutcome[],
  uncoveredLines: number,
): DropshipResult['status'] {
  if (outcomes.length === 0) return 'nothing-to-place';
  const placed = outcomes.filter(
    (outcome) => outcome.outcome === 'submitted' || outcome.outcome === 'already-placed',
  ).length;
  if (placed === outcomes.length) return uncoveredLines === 0 ? 'placed' : 'partially-placed';
  if (placed > 0) return 'partially-placed';
  return outcomes.some((outcome) => outcome.outcome === 'unknown') ? 'unknown' : 'failed';
}
