import {
  type DropshipResult,
  type ImportedOrderRecord,
  type OrderPlan,
  type PurchaseOrder,
  type PurchaseOrderState,
  purchaseOrderStateGroups,
  type UnplacedLine,
} from '@dropship/core';
import type { DemoOrder } from './demo-day.js';
import type { DemoLine, DemoOrderCategory, DemoOrderOutcome } from './demo-types.js';

/** A short code for a hold reason of `dropship`. */
function holdCode(reason: string): string {
  if (reason.startsWith('incomplete plan')) return 'held: order not fully drop-shippable';
  if (reason.includes('below the minimum')) return 'held: below minimum profit';
  return 'held: approval';
}

/** The reason code of an unplaced line: the distinct reasons of its candidates, else the line's code. */
function unplacedCode(line: UnplacedLine): string {
  const codes = [
    ...new Set(line.candidates.flatMap((candidate) => candidate.reasons.map((reason) => reason.code))),
  ].sort();
  return codes.length > 0 ? codes.join(' + ') : line.code;
}

/**
 * Where each line of a demo order went: the PO covering it, else why it has none.
 *
 * @param demo - the scenario's order.
 * @param purchaseOrders - the order's POs after `dropship`.
 * @param result - what `dropship` returned.
 */
export function linesOf(demo: DemoOrder, purchaseOrders: readonly PurchaseOrder[], result: DropshipResult): DemoLine[] {
  const held = result.status === 'held' ? holdCode(result.holdReasons[0] ?? '') : undefined;
  return demo.order.lines.map((line) => {
    const covering = purchaseOrders.find((purchaseOrder) =>
      purchaseOrder.lines.some((poLine) => poLine.salesLineId === line.lineId),
    );
    const base = { lineId: line.lineId, sku: line.sku, quantity: line.quantity };
    if (covering !== undefined) return { ...base, poNumber: covering.poNumber, poState: covering.state };
    const unplaced = result.unplaced.find((candidate) => candidate.salesLineId === line.lineId);
    if (unplaced !== undefined) return { ...base, reason: unplacedCode(unplaced) };
    return { ...base, reason: held ?? 'no PO and no reason' };
  });
}

/** True for a PO that holds (or will hold) an order at its distributor. */
export function isLive(purchaseOrder: PurchaseOrder): boolean {
  const released: readonly PurchaseOrderState[] = purchaseOrderStateGroups.released;
  return purchaseOrder.state !== 'failed' && !released.includes(purchaseOrder.state);
}

/**
 * The demo's category of an order, from what `dropship` returned and the order's POs.
 *
 * @param result - what `dropship` returned.
 * @param purchaseOrders - the order's POs after `dropship`.
 */
export function categorise(result: DropshipResult, purchaseOrders: readonly PurchaseOrder[]): DemoOrderCategory {
  // Intake holds an order none of whose lines can be drop-shipped (for a person): not drop-shippable.
  if (result.status === 'held') return result.plan.purchaseOrders.length === 0 ? 'not-drop-shippable' : 'held';
  const live = purchaseOrders.filter(isLive);
  const failed = purchaseOrders.some(
    (purchaseOrder) => purchaseOrder.state === 'failed' || purchaseOrder.state === 'rejected',
  );
  if (purchaseOrders.length === 0) return 'not-drop-shippable';
  if (live.length === 0) return 'failed';
  // A line left unplaced makes the order partial too (the dropshipper says so in its status).
  return failed || result.status === 'partially-placed' ? 'partially-placed' : 'placed';
}

/**
 * What intake decided for an order an earlier run took in, in the shape `dropship` returns (no PO
 * outcomes: nothing was sent now), from its imported-order record, its POs and a fresh plan (a
 * dry run, for the reasons of the lines without a PO).
 *
 * @param record - the order's imported-order record.
 * @param plan - `dropshipper.plan(order)` now.
 * @param purchaseOrders - the order's POs.
 */
export function recordedResult(
  record: Pick<ImportedOrderRecord, 'salesOrderId' | 'status' | 'reasons'>,
  plan: OrderPlan,
  purchaseOrders: readonly PurchaseOrder[],
): DropshipResult {
  const base = { salesOrderId: record.salesOrderId, plan, purchaseOrders: [], unplaced: plan.unplaced };
  if (record.status === 'held') return { ...base, status: 'held', holdReasons: record.reasons };
  const live = purchaseOrders.filter(isLive);
  const status: DropshipResult['status'] =
    live.length === 0 ? 'failed' : live.length < purchaseOrders.length ? 'partially-placed' : 'placed';
  return { ...base, status, holdReasons: [] };
}

/**
 * The outcome of a scenario order the demo saw no decision for (intake never took it in, or gave
 * no placement): no PO and no reason, which the checks flag.
 *
 * @param demo - the scenario's order.
 */
export function undecidedOutcome(demo: DemoOrder): DemoOrderOutcome {
  return {
    salesOrderId: `${demo.order.marketplace}:${demo.order.marketplaceOrderId}`,
    marketplace: demo.order.marketplace,
    story: demo.story,
    category: 'failed',
    alreadyHandled: false,
    placedOnRetry: false,
    status: 'failed',
    holdReasons: [],
    placedNow: 0,
    lines: demo.order.lines.map((line) => ({
      lineId: line.lineId,
      sku: line.sku,
      quantity: line.quantity,
      reason: 'no PO and no reason',
    })),
  };
}
