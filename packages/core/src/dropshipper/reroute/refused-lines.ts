import type { RejectionReason } from '../../errors/order-rejected-error.js';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { PurchaseOrderRejection } from '../../model/purchase-order-rejection.js';
import type { SalesOrder } from '../../model/sales-order.js';
import type { PlanExclusion } from '../../routing/plan-types.js';
import { purchaseOrderStateGroups } from '../../state-machine/purchase-order-state-groups.js';

/** States whose PO does not hold its lines any more. */
const released: ReadonlySet<PurchaseOrderState> = new Set(purchaseOrderStateGroups.released);

/** Units of one sales line a distributor refused (or released with a refusal of other lines). */
export interface RefusedLine {
  /** The sales line. */
  readonly salesLineId: string;
  /** The refusing PO. */
  readonly poNumber: string;
  /** Its distributor. */
  readonly distributor: string;
  /** The distributor SKU of the PO line. */
  readonly sku: string;
  /** The warehouse the plan expected, when known. */
  readonly warehouse: string | undefined;
  /** Units no longer held by the PO. */
  readonly quantity: number;
  /** Planned cost of one unit on the refusing PO, minor units. */
  readonly unitCost: number;
  /** Why. */
  readonly reason: RejectionReason;
  /** True when the distributor refused this line itself (false: released because another line of the PO was refused). */
  readonly refused: boolean;
  /** How many re-routes the refusing PO already was (0 for a first placement). */
  readonly rerouteAttempt: number;
}

/** The refused units of a live PO's lines (a partial cancel on the distributor's side), spread over lines of one SKU in order. */
function partiallyCancelled(purchaseOrder: PurchaseOrder, rejection: PurchaseOrderRejection): RefusedLine[] {
  const result: RefusedLine[] = [];
  for (const cancelled of rejection.lines ?? []) {
    let left = cancelled.quantity ?? Number.MAX_SAFE_INTEGER;
    for (const line of purchaseOrder.lines) {
      if (line.sku !== cancelled.sku || left <= 0) continue;
      const quantity = Math.min(left, line.quantity);
      left -= quantity;
      result.push(refusedLine(purchaseOrder, line, quantity, cancelled.reason, true));
    }
  }
  return result;
}

function refusedLine(
  purchaseOrder: PurchaseOrder,
  line: PurchaseOrder['lines'][number],
  quantity: number,
  reason: RejectionReason,
  refused: boolean,
): RefusedLine {
  return {
    salesLineId: line.salesLineId,
    poNumber: purchaseOrder.poNumber,
    distributor: purchaseOrder.distributor,
    sku: line.sku,
    warehouse: line.warehouse,
    quantity,
    unitCost: line.unitCost,
    reason,
    refused,
    rerouteAttempt: purchaseOrder.reroute?.attempt ?? 0,
  };
}

/**
 * Every unit of an order's POs that a distributor refused or cancelled (POs with a `rejection`):
 * all lines of a rejected or cancelled PO (those it named as `refused`, the others released with
 * them), and the cancelled units of a PO that goes on. A pure function of the stored POs: a
 * re-route that died half-way finds the same lines again.
 *
 * @param purchaseOrders - the POs of one sales order.
 */
export function refusedLinesOf(purchaseOrders: readonly PurchaseOrder[]): RefusedLine[] {
  const result: RefusedLine[] = [];
  for (const purchaseOrder of purchaseOrders) {
    const rejection = purchaseOrder.rejection;
    if (rejection === undefined) continue;
    if (!released.has(purchaseOrder.state)) {
      result.push(...partiallyCancelled(purchaseOrder, rejection));
      continue;
    }
    for (const line of purchaseOrder.lines) {
      if (rejection.lines === undefined) {
        result.push(refusedLine(purchaseOrder, line, line.quantity, rejection.reason, true));
        continue;
      }
      const named = rejection.lines.find((entry) => entry.sku === line.sku);
      result.push(
        refusedLine(purchaseOrder, line, line.quantity, named?.reason ?? rejection.reason, named !== undefined),
      );
    }
  }
  return result;
}

/**
 * What a plan of an order must not use: for each line refused for one of `reasons`, its
 * distributor (only the warehouse, for `out-of-stock` where the plan knew the warehouse), for
 * that sales line. A line refused for another reason (`other` by default) may go back to the same
 * distributor when a person places the order again.
 *
 * @param refused - refused lines of one order ({@link refusedLinesOf}).
 * @param reasons - the reasons that exclude the distributor (the re-route policy's).
 */
export function rerouteExclusions(
  refused: readonly RefusedLine[],
  reasons: ReadonlySet<RejectionReason>,
): PlanExclusion[] {
  const exclusions: PlanExclusion[] = [];
  const seen = new Set<string>();
  for (const line of refused) {
    if (!line.refused || !reasons.has(line.reason)) continue;
    const warehouse = line.reason === 'out-of-stock' ? line.warehouse : undefined;
    const key = JSON.stringify([line.salesLineId, line.distributor, warehouse ?? null]);
    if (seen.has(key)) continue;
    seen.add(key);
    exclusions.push({
      distributor: line.distributor,
      ...(warehouse === undefined ? {} : { warehouse }),
      lineIds: [line.salesLineId],
    });
  }
  return exclusions;
}

/**
 * Units per sales line held by live POs: every line of a PO not released, less the units its
 * distributor cancelled on its side (`rejection.lines` of a PO that goes on).
 *
 * @param purchaseOrders - the POs of one sales order.
 */
export function heldQuantities(purchaseOrders: readonly PurchaseOrder[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const purchaseOrder of purchaseOrders) {
    if (released.has(purchaseOrder.state)) continue;
    for (const line of purchaseOrder.lines)
      held.set(line.salesLineId, (held.get(line.salesLineId) ?? 0) + line.quantity);
    if (purchaseOrder.rejection !== undefined) {
      for (const cancelled of partiallyCancelled(purchaseOrder, purchaseOrder.rejection))
        held.set(cancelled.salesLineId, (held.get(cancelled.salesLineId) ?? 0) - cancelled.quantity);
    }
  }
  return held;
}

/**
 * The units of each refused sales line that no live PO holds now: what a re-route must place.
 *
 * @param order - the sales order.
 * @param purchaseOrders - its POs.
 * @param refused - its refused lines ({@link refusedLinesOf}).
 * @param cancelledByBuyer - units per sales line the buyer cancelled (never placed again).
 */
export function unitsToReplace(
  order: SalesOrder,
  purchaseOrders: readonly PurchaseOrder[],
  refused: readonly RefusedLine[],
  cancelledByBuyer: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const held = heldQuantities(purchaseOrders);
  const needed = new Map<string, number>();
  const refusedLineIds = new Set(refused.map((line) => line.salesLineId));
  for (const line of order.lines) {
    if (!refusedLineIds.has(line.lineId)) continue;
    const missing = line.quantity - (held.get(line.lineId) ?? 0) - (cancelledByBuyer.get(line.lineId) ?? 0);
    if (missing > 0) needed.set(line.lineId, missing);
  }
  return needed;
}
