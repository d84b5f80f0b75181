import {
  chooseCarrier,
  type DistributorOrder,
  type DistributorShipment,
  type LineError,
  normalizeCarrier,
  OrderRejectedError,
  type RejectionReason,
} from '@dropship/core';
import type { RecordedAnswer } from './email-po-ledger.js';
import type { EmailPurchaseOrderDocument } from './purchase-order-document.js';
import type { SupplierLineAnswer } from './supplier-answer.js';

/** A PO as the supplier's recorded answers describe it. */
export interface EmailOrderSummary {
  /** The order in the spec's shape: status, references, shipments. */
  readonly order: DistributorOrder;
  /** Per line, from the latest acknowledgment. */
  readonly lines: readonly SupplierLineAnswer[];
  /** Lines the supplier rejected (or every line, when it rejected the PO). */
  readonly rejectedLines: readonly LineError[];
  /** When the whole PO was refused (status `rejected`): the typed error, with the rejected lines. */
  readonly rejection?: OrderRejectedError;
  /** True once the supplier answered anything (so it certainly received the PO). */
  readonly answered: boolean;
}

/**
 * What a PO is, from the purchase order sent and the supplier's answers (pure):
 * - no answer yet: `pending`;
 * - a rejection, or an acknowledgment rejecting every line: `rejected`, with an `OrderRejectedError`;
 * - an acknowledgment with a backordered line: `backordered`; otherwise `open`; its rejected
 *   lines are the order's `cancelledLines` (planned again by the dropshipper), with the
 *   `rejectionReason` the answer gave (default `other`);
 * - a cancellation: `cancelled`;
 * - shipments: one package per tracking number (its `lines`, or the rest of the PO when it lists
 *   none), `shipped` once every unit not rejected has shipped, `partially_shipped` before.
 *
 * @param distributor - the distributor id.
 * @param document - the purchase order sent.
 * @param messageId - its `Message-ID`, the first distributor reference.
 * @param answers - the supplier's answers in the order recorded.
 */
export function summarizeEmailOrder(
  distributor: string,
  document: EmailPurchaseOrderDocument,
  messageId: string,
  answers: readonly RecordedAnswer[],
): EmailOrderSummary {
  let lines: SupplierLineAnswer[] = [];
  let wholeRejection: string | undefined;
  let wholeReason: RejectionReason | undefined;
  let cancelled = false;
  let cancelReason: RejectionReason | undefined;
  let acknowledged = false;
  const references = [messageId];
  const shipments: DistributorShipment[] = [];
  for (const { answer } of answers) {
    if (answer.kind === 'acknowledgment') {
      acknowledged = true;
      lines = [...(answer.lines ?? [])];
      if (answer.supplierOrderNumber !== undefined && !references.includes(answer.supplierOrderNumber))
        references.push(answer.supplierOrderNumber);
    } else if (answer.kind === 'rejection') {
      wholeRejection = answer.reason;
      wholeReason = answer.rejectionReason;
    } else if (answer.kind === 'cancellation') {
      cancelled = true;
      cancelReason = answer.rejectionReason;
    } else if (!shipments.some((known) => known.trackingNumber === answer.trackingNumber)) {
      const reported = normalizeCarrier(answer.carrier);
      shipments.push({
        carrier: chooseCarrier(reported, answer.trackingNumber),
        carrierName: answer.carrier,
        trackingNumber: answer.trackingNumber,
        ...(answer.trackingUrl !== undefined ? { trackingUrl: answer.trackingUrl } : {}),
        shippedAt: answer.shippedAt,
        ...(answer.lines !== undefined ? { lines: answer.lines.map((line) => ({ ...line })) } : {}),
      });
    }
  }

  const rejectedLines: LineError[] =
    wholeRejection !== undefined
      ? document.lines.map(({ sku }) => ({
          sku,
          message: `rejected by the supplier: ${wholeRejection}`,
          reason: wholeReason ?? 'other',
        }))
      : lines
          .filter((line) => line.status === 'rejected')
          .map((line) => ({
            sku: line.sku,
            message: `line rejected by the supplier${line.reason ? `: ${line.reason}` : ''}`,
            reason: line.rejectionReason ?? 'other',
          }));
  const rejectedSkus = new Set(rejectedLines.map((line) => line.sku));
  const open = document.lines.filter((line) => !rejectedSkus.has(line.sku));

  let status: DistributorOrder['status'] = 'pending';
  let statusText = 'emailed; no answer from the supplier yet';
  if (wholeRejection !== undefined || (acknowledged && open.length === 0)) {
    status = 'rejected';
    statusText = `rejected by the supplier${wholeRejection ? `: ${wholeRejection}` : ''}`;
  } else if (shipments.length > 0) {
    const shipped = new Map<string, number>();
    let restShipped = false;
    for (const shipment of shipments) {
      if (shipment.lines === undefined) restShipped = true;
      for (const line of shipment.lines ?? []) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    }
    const complete = restShipped || open.every((line) => (shipped.get(line.sku) ?? 0) >= line.quantity);
    status = complete ? 'shipped' : 'partially_shipped';
    statusText = complete ? 'shipped' : 'partly shipped';
  } else if (cancelled) {
    status = 'cancelled';
    statusText = 'cancelled by the supplier';
  } else if (acknowledged) {
    const backordered = lines.some((line) => line.status === 'backordered');
    status = backordered ? 'backordered' : 'open';
    statusText = backordered ? 'accepted, some lines backordered' : 'accepted by the supplier';
  }
  const order: DistributorOrder = {
    poNumber: document.poNumber,
    distributorOrderRefs: references,
    status,
    statusText,
    shipments,
  };
  // The one reason every rejected line shares, else `other`.
  const lineReasons = new Set(rejectedLines.map((line) => line.reason ?? 'other'));
  const reason: RejectionReason = lineReasons.size === 1 ? ([...lineReasons][0] ?? 'other') : 'other';
  if (status === 'rejected' && (wholeReason !== undefined || wholeRejection === undefined)) order.statusReason = reason;
  else if (status === 'cancelled' && cancelReason !== undefined) order.statusReason = cancelReason;
  else if (status !== 'rejected' && rejectedLines.length > 0) {
    // Lines refused while the rest goes on: reported so that they are planned again, not lost.
    order.cancelledLines = rejectedLines.map((line) => ({
      sku: line.sku as string,
      quantity: document.lines
        .filter((documentLine) => documentLine.sku === line.sku)
        .reduce((sum, documentLine) => sum + documentLine.quantity, 0),
      reason: line.reason ?? 'other',
      message: line.message,
    }));
  }
  return {
    order,
    lines,
    rejectedLines,
    answered: answers.length > 0,
    ...(status === 'rejected'
      ? { rejection: new OrderRejectedError(distributor, document.poNumber, statusText, rejectedLines, reason) }
      : {}),
  };
}
