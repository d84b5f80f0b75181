import { z } from 'zod';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import type { CancellationAnswer } from '../../spec/v1/order-intake.js';
import type { DropshipContext } from '../context/dropship-context.js';
import { CANCEL_MARK } from './cancel-remainder.js';

/**
 * A marketplace's cancel request the SDK must answer, as remembered (an idempotency record whose
 * `result` is this, as JSON): the request, the POs the cancel touched, and whether units had
 * shipped already.
 */
export interface PendingCancellationRequest {
  marketplace: string;
  marketplaceOrderId: string;
  requestId?: string;
  lines?: { lineId: string; quantity: number }[];
  poNumbers: string[];
  shipped: boolean;
}

const pendingRequestSchema = z.object({
  marketplace: z.string().min(1),
  marketplaceOrderId: z.string().min(1),
  requestId: z.string().optional(),
  lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int().positive() })).optional(),
  poNumbers: z.array(z.string()),
  shipped: z.boolean(),
});

/** The key of the record of an order's cancel request to answer (one request per order). */
export function cancellationRequestKey(salesOrderId: string): string {
  return `cancellation-request:${salesOrderId}`;
}

/** The key of the record that the marketplace has the SDK's answer to a request. */
export function cancellationAnswerKey(salesOrderId: string, requestId: string | undefined): string {
  return `cancellation-answer:${salesOrderId}:${requestId ?? 'order'}`;
}

/** PO states whose cancel has no outcome yet. */
const unsettled: ReadonlySet<PurchaseOrderState> = new Set(['submitting', 'cancel_requested', 'manual_cancel']);

/** True when `cancelSalesOrder` asked the distributor (or a person) to cancel the PO. */
function cancelAsked(purchaseOrder: PurchaseOrder): boolean {
  return purchaseOrder.audit.some(
    (entry) =>
      (entry.event === 'request-cancel' || entry.event === 'request-manual-cancel') &&
      entry.detail?.startsWith(CANCEL_MARK) === true,
  );
}

/**
 * Pure: the answer a cancel request gets from where its POs stand, or `pending` while one has no
 * outcome yet (being submitted, `cancel_requested`, `manual_cancel`, or not yet asked):
 * - `refuse` when units had shipped, or a distributor (or the person) did not cancel;
 * - `accept` when every unit was not placed or is cancelled at the distributor.
 *
 * @param request - the remembered request.
 * @param purchaseOrders - the POs it touched, as stored now.
 */
export function cancellationDecision(
  request: Pick<PendingCancellationRequest, 'shipped'>,
  purchaseOrders: readonly PurchaseOrder[],
): 'accept' | 'refuse' | 'pending' {
  if (request.shipped) return 'refuse';
  const asked = purchaseOrders.filter(cancelAsked);
  // Asked, settled and not cancelled: the distributor (or the person) did not cancel.
  if (asked.some((purchaseOrder) => !unsettled.has(purchaseOrder.state) && purchaseOrder.state !== 'cancelled'))
    return 'refuse';
  if (asked.length < purchaseOrders.length || asked.some((purchaseOrder) => unsettled.has(purchaseOrder.state)))
    return 'pending';
  return 'accept';
}

/**
 * Answers an order's remembered cancel request at its marketplace, once, after the distributors'
 * answers: nothing while the decision is `pending` (`resolveManualCancel` and the next intake run
 * try again); otherwise the adapter's `answerCancellation` is called and the answer recorded, so
 * that it is never sent twice (a crash between the two sends it again, and the adapter, reading
 * before it writes, answers `already-answered`).
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @returns what happened: `none` when there is no request to answer.
 */
export async function answerPendingCancellation(
  context: DropshipContext,
  salesOrderId: string,
): Promise<'none' | 'pending' | 'answered' | 'already-answered'> {
  const { store } = context;
  const record = await store.getIdempotencyRecord(cancellationRequestKey(salesOrderId));
  if (record?.result === undefined) return 'none';
  const request = pendingRequestSchema.parse(JSON.parse(record.result)) as PendingCancellationRequest;
  const answerKey = cancellationAnswerKey(salesOrderId, request.requestId);
  if ((await store.getIdempotencyRecord(answerKey)) !== null) return 'already-answered';
  const orders = context.marketplaces.get(request.marketplace)?.orders;
  if (orders?.answerCancellation === undefined) return 'none';
  const purchaseOrders = (
    await Promise.all(request.poNumbers.map((poNumber) => store.getPurchaseOrder(poNumber)))
  ).filter((purchaseOrder): purchaseOrder is PurchaseOrder => purchaseOrder !== null);
  const decision = cancellationDecision(request, purchaseOrders);
  if (decision === 'pending') return 'pending';
  const shipment = purchaseOrders.flatMap((purchaseOrder) => purchaseOrder.shipments)[0];
  const answer: CancellationAnswer = {
    marketplaceOrderId: request.marketplaceOrderId,
    decision,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
    ...(request.lines === undefined ? {} : { lines: request.lines }),
    ...(decision === 'refuse' && shipment !== undefined
      ? { shipment: { trackingNumber: shipment.trackingNumber, shippedAt: shipment.shippedAt } }
      : {}),
  };
  const answered = await orders.answerCancellation(answer);
  await store.putIdempotencyRecord({ key: answerKey, at: context.now().toISOString(), result: decision });
  for (const warning of answered.warnings ?? []) context.emit('warning', { warning });
  context.emit('cancellation-answered', {
    marketplace: request.marketplace,
    salesOrderId,
    marketplaceOrderId: request.marketplaceOrderId,
    decision,
    status: answered.status,
  });
  return answered.status;
}
