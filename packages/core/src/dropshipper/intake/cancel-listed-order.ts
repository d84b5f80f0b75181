import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';
import { type ParsedSalesOrder, parseSalesOrder } from '../../model/sales-order.js';
import type { MarketplaceAdapter } from '../../spec/v1/marketplace-adapter.js';
import type { ListedOrder } from '../../spec/v1/order-intake.js';
import type { ImportedOrderRecord } from '../../spec/v1/store.js';
import {
  answerPendingCancellation,
  cancellationRequestKey,
  type PendingCancellationRequest,
} from '../cancel/answer-cancellation.js';
import { CANCEL_MARK, wholeOrderCancelKey } from '../cancel/cancel-remainder.js';
import { cancelSalesOrder } from '../cancel/cancel-sales-order.js';
import type { CancelSalesOrderResult } from '../cancel/cancel-types.js';
import { describeError } from '../context/describe-error.js';
import type { DropshipContext } from '../context/dropship-context.js';
import type { ListedOrderStep } from './import-listed-order.js';
import type { IntakeStore } from './intake-store.js';

/** Record statuses of an order taken in whose cancellation intake acts on. */
const actedOn: ReadonlySet<ImportedOrderRecord['status']> = new Set(['imported', 'placed', 'held', 'cancelled']);

/**
 * True when a listed order of an order already taken in carries a cancellation intake acts on
 * (requested or done, all of it or some lines).
 *
 * @param record - the order's intake record.
 * @param entry - the listed order.
 */
export function carriesCancellation(record: ImportedOrderRecord, entry: ListedOrder): boolean {
  if (!actedOn.has(record.status)) return false;
  return entry.cancellation !== undefined || entry.status === 'cancel-requested' || entry.status === 'cancelled';
}

/**
 * Pure: the units to cancel now per line, from what the marketplace shows cancelled (totals per
 * line, or every unit) against what the stored order still has: a listing seen again asks
 * nothing new. `undefined` for every unit still on the order.
 *
 * @param listed - the order as listed (its original quantities).
 * @param stored - the stored order (what is left of it).
 * @param cancelled - the marketplace's cancelled lines (absent: all of the order).
 */
export function unitsToCancelNow(
  listed: ParsedSalesOrder,
  stored: ParsedSalesOrder,
  cancelled: readonly { lineId: string; quantity: number }[] | undefined,
): { lineId: string; quantity: number }[] | undefined {
  if (cancelled === undefined) return undefined;
  const left = new Map(stored.lines.map((line) => [line.lineId, line.quantity]));
  const result: { lineId: string; quantity: number }[] = [];
  for (const line of cancelled) {
    const original = listed.lines.find((listedLine) => listedLine.lineId === line.lineId)?.quantity;
    const have = left.get(line.lineId) ?? 0;
    if (original === undefined || have === 0) continue;
    const already = Math.max(0, original - have);
    const quantity = Math.min(have, line.quantity - already);
    if (quantity > 0) result.push({ lineId: line.lineId, quantity });
  }
  return result;
}

/**
 * Pure: the order without the units the marketplace shows cancelled (totals per line), for an
 * order intake sees for the first time; a line with none left is dropped; `undefined` when no
 * unit is left.
 *
 * @param order - the order as listed.
 * @param cancelled - the marketplace's cancelled lines.
 */
export function withoutCancelledUnits(
  order: ParsedSalesOrder,
  cancelled: readonly { lineId: string; quantity: number }[],
): ParsedSalesOrder | undefined {
  const gone = new Map<string, number>();
  for (const line of cancelled) gone.set(line.lineId, (gone.get(line.lineId) ?? 0) + line.quantity);
  if (gone.size === 0) return order;
  const lines = order.lines
    .map((line) => ({ ...line, quantity: line.quantity - (gone.get(line.lineId) ?? 0) }))
    .filter((line) => line.quantity > 0);
  if (lines.length === 0) return undefined;
  return parseSalesOrder({ ...order, lines });
}

/** True when the PO's cancel was asked by a sales-order cancel. */
function cancelAsked(purchaseOrder: PurchaseOrder): boolean {
  return purchaseOrder.audit.some((entry) => entry.detail?.startsWith(CANCEL_MARK) === true);
}

/**
 * A marketplace's cancellation of an order intake took in earlier (placed or not): the units it
 * shows cancelled go through `cancelSalesOrder` (only what the stored order still has: a listing
 * seen again cancels nothing twice); an order with no unit left is recorded `cancelled`. Where the
 * marketplace asks the seller to answer (`capabilities.cancellations: 'answer'`) and the request
 * is open, the request is remembered and answered once the distributors answered
 * (`answer-cancellation.ts`); a later run, `resolveManualCancel` or a sync answers it when a
 * cancel was still pending.
 *
 * @param context - the dropshipper's context.
 * @param store - the store, with the intake capability.
 * @param adapter - the marketplace's adapter.
 * @param record - the order's intake record.
 * @param listed - the order as listed (parsed, with the listing products).
 * @param entry - the listed order.
 */
export async function cancelListedOrder(
  context: DropshipContext,
  store: IntakeStore,
  adapter: MarketplaceAdapter | undefined,
  record: ImportedOrderRecord,
  listed: ParsedSalesOrder,
  entry: ListedOrder,
): Promise<ListedOrderStep> {
  const { salesOrderId, marketplaceOrderId, marketplace } = record;
  const { status, cancellation } = entry;
  const base = { salesOrderId, marketplaceOrderId, status };
  const saved = await store.getSalesOrder(salesOrderId);
  const stored = saved === null ? listed : parseSalesOrder(saved);
  const whole = (await store.getIdempotencyRecord(wholeOrderCancelKey(salesOrderId))) !== null;
  const lines = whole ? [] : unitsToCancelNow(listed, stored, cancellation?.lines);
  let cancelled: CancelSalesOrderResult | undefined;
  if (lines === undefined || lines.length > 0) {
    const reason = `marketplace ${cancellation?.state === 'requested' ? 'cancel request' : 'cancel'}${
      cancellation?.reason === undefined ? '' : ` (${cancellation.reason})`
    }`;
    cancelled = await cancelSalesOrder(context, salesOrderId, lines, reason);
  }
  const everything = (await store.getIdempotencyRecord(wholeOrderCancelKey(salesOrderId))) !== null;
  if (everything && record.status !== 'cancelled') {
    try {
      await store.updateImportedOrder(
        { ...record, status: 'cancelled', reasons: [`marketplace status: ${status}`] },
        record.version,
      );
    } catch (error) {
      if (!ConcurrencyConflictError.isInstance(error)) throw error;
      // Another worker moved the record on: the next listing records the cancel again.
    }
  }

  let answered = false;
  const requested =
    cancellation?.state === 'requested' || (cancellation === undefined && status === 'cancel-requested');
  if (requested && adapter?.capabilities?.cancellations === 'answer') {
    const purchaseOrders = await store.findPurchaseOrders({ salesOrderId });
    const request: PendingCancellationRequest = {
      marketplace,
      marketplaceOrderId,
      ...(cancellation?.requestId === undefined ? {} : { requestId: cancellation.requestId }),
      ...(cancellation?.lines === undefined ? {} : { lines: cancellation.lines }),
      poNumbers:
        cancelled === undefined
          ? purchaseOrders.filter(cancelAsked).map((purchaseOrder) => purchaseOrder.poNumber)
          : cancelled.purchaseOrders.map((purchaseOrder) => purchaseOrder.poNumber),
      shipped: cancelled?.lines.some((line) => line.status === 'already-shipped') ?? false,
    };
    await store.putIdempotencyRecord({
      key: cancellationRequestKey(salesOrderId),
      at: context.now().toISOString(),
      result: JSON.stringify(request),
    });
    try {
      answered = (await answerPendingCancellation(context, salesOrderId)) === 'answered';
    } catch (error) {
      // Not confirmed: nothing recorded, answered again at the next listing (the adapter reads first).
      context.emit('warning', {
        warning: {
          type: 'other',
          message: `${salesOrderId}: the cancel request was not answered (${describeError(error)}); answered again at the next run`,
        },
      });
    }
  }
  if (cancelled === undefined && !answered) {
    context.emit('order-import-duplicate', { marketplace, salesOrderId, marketplaceOrderId });
    return { result: { ...base, outcome: 'duplicate', reasons: [] } };
  }
  const reasons = (cancelled?.lines ?? []).map(
    (line) =>
      `${line.lineId}: ${line.quantity} ${line.status}${line.poNumber === undefined ? '' : ` (${line.poNumber})`}`,
  );
  if (!everything && record.status === 'imported' && status === 'ready') {
    // Some lines cancelled before the decision: the rest is decided on what is left.
    const left = await store.getSalesOrder(salesOrderId);
    if (left !== null)
      return {
        result: { ...base, outcome: 'cancelled', reasons },
        pending: { record, order: parseSalesOrder(left) },
      };
  }
  return { result: { ...base, outcome: 'cancelled', reasons } };
}
