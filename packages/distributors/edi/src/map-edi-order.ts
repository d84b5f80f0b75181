import {
  type CarrierCode,
  chooseCarrier,
  type DistributorOrder,
  type DistributorShipment,
  type LineError,
  normalizeCarrier,
  OrderRejectedError,
  type RejectionReason,
  type ShipmentLine,
} from '@dropship/core';
import type { EdiLedgerEntry, EdiSentPurchaseOrder } from './edi-ledger.js';
import { defaultScacCarriers } from './edi-options.js';
import type {
  EdiInvoice,
  EdiLineStatus,
  EdiPartNumbers,
  EdiPurchaseOrderAcknowledgment,
  EdiShipNotice,
} from './read-edi-documents.js';

/** What the partner said of one line of our PO, with our SKU. */
export interface EdiLineAcknowledgment {
  /** Our SKU, or undefined when the 855 line matches none of our lines. */
  readonly sku?: string;
  readonly status: EdiLineStatus;
  /** ACK01 as sent. */
  readonly code: string;
  readonly quantity?: number;
}

/** A PO as the partner's documents describe it. */
export interface EdiOrderSummary {
  /** The order in the spec's shape: status, references, shipments. */
  readonly order: DistributorOrder;
  /** The 997 status of our group, once one arrived. */
  readonly functionalAcknowledgment?: 'accepted' | 'accepted-with-errors' | 'partially-accepted' | 'rejected';
  /** Per line, from the latest 855. */
  readonly lines: readonly EdiLineAcknowledgment[];
  /** Lines the partner rejected (855 ACK `IR`, `ID`, `R1`–`R8`, or a whole-PO BAK02 `RJ`/`RD`/`RF`). */
  readonly rejectedLines: readonly LineError[];
  /** The invoices (810) recorded against the PO. */
  readonly invoices: readonly EdiInvoice[];
  /** When the whole PO was refused (status `rejected`): the typed error, with the rejected lines. */
  readonly rejection?: OrderRejectedError;
}

/**
 * Why an 855 line was rejected, by its ACK01 code (X12 element 668, https://www.stedi.com/edi/x12-004030/element/668
 * and https://edi.stedi.com/x12-008020/element/668): `R4` "Item Rejected, Contract Item not Available"
 * is out of stock, `R9` "Item Discontinued" is discontinued; `IR`, `ID` and the other `R` codes say
 * nothing more (`other`). A partner's own meanings come first (`partner.rejectionCodes`).
 */
export const defaultEdiRejectionCodes: Readonly<Record<string, RejectionReason>> = Object.freeze({
  R4: 'out-of-stock',
  R9: 'discontinued',
});

/** Qualifiers, in the order tried, of a line's part number when the configured one is absent. */
const fallbackQualifiers = ['VP', 'VC', 'VN', 'SK', 'BP', 'IN', 'MG'];

/**
 * Our SKU for a line the partner sent back: by the partner part qualifier, then by the echoed line
 * number (PO101 = 1, 2, ... as we wrote it), then by any part number equal to one of our SKUs or
 * manufacturer part numbers.
 */
export function skuOf(
  sent: EdiSentPurchaseOrder,
  partnerPartQualifier: string,
  lineNumber: string | undefined,
  partNumbers: EdiPartNumbers,
): string | undefined {
  const direct = partNumbers[partnerPartQualifier];
  if (direct !== undefined && sent.lines.some((line) => line.sku === direct)) return direct;
  const index = lineNumber !== undefined && /^\d+$/.test(lineNumber) ? Number(lineNumber) - 1 : -1;
  if (index >= 0 && index < sent.lines.length) return sent.lines[index]?.sku;
  for (const qualifier of fallbackQualifiers) {
    const value = partNumbers[qualifier];
    const line = sent.lines.find((candidate) => candidate.sku === value || candidate.manufacturerPartNumber === value);
    if (value !== undefined && line !== undefined) return line.sku;
  }
  return undefined;
}

function carrierOf(notice: EdiShipNotice, carriers: Readonly<Record<string, CarrierCode>>): CarrierCode {
  const scac = notice.scac?.toUpperCase();
  if (scac !== undefined && carriers[scac] !== undefined) return carriers[scac] as CarrierCode;
  const fromText = normalizeCarrier(notice.scac ?? notice.routing);
  return fromText === 'other' ? normalizeCarrier(notice.routing) : fromText;
}

/** Merges lines of one SKU. */
function addLine(lines: ShipmentLine[], sku: string, quantity: number): void {
  const existing = lines.find((line) => line.sku === sku);
  if (existing) existing.quantity += quantity;
  else lines.push({ sku, quantity });
}

function shipmentsOf(
  notice: EdiShipNotice,
  sent: EdiSentPurchaseOrder,
  partnerPartQualifier: string,
  carriers: Readonly<Record<string, CarrierCode>>,
): DistributorShipment[] {
  const reported = carrierOf(notice, carriers);
  const carrierName = notice.scac ?? notice.routing;
  const shipments: DistributorShipment[] = [];
  for (const order of notice.orders) {
    if (order.poNumber !== sent.poNumber) continue;
    const toLines = (shipped: readonly { lineNumber?: string; partNumbers: EdiPartNumbers; quantity: number }[]) => {
      const lines: ShipmentLine[] = [];
      for (const line of shipped) {
        const sku = skuOf(sent, partnerPartQualifier, line.lineNumber, line.partNumbers);
        if (sku === undefined || line.quantity < 1) return undefined;
        addLine(lines, sku, line.quantity);
      }
      return lines.length > 0 ? lines : undefined;
    };
    const orderLines = toLines(order.lines);
    const boxes = order.packages.flatMap((box) =>
      box.trackingNumbers.map((trackingNumber) => ({ trackingNumber, box })),
    );
    for (const { trackingNumber, box } of boxes) {
      const exact = box.trackingNumbers.length === 1 && box.lines !== undefined ? toLines(box.lines) : undefined;
      const shipment: DistributorShipment = {
        carrier: chooseCarrier(reported, trackingNumber),
        ...(carrierName !== undefined ? { carrierName } : {}),
        trackingNumber,
        shippedAt: notice.shippedAt,
        distributorOrderRef: notice.shipmentId,
      };
      if (exact !== undefined) shipment.lines = exact;
      else if (orderLines !== undefined)
        shipment.packageOf = { ref: `856:${notice.shipmentId}`, lines: orderLines, complete: true };
      shipments.push(shipment);
    }
  }
  return shipments;
}

/**
 * What a PO is, from its 850 and the documents the partner sent about it (pure):
 * - no answer yet: `pending`;
 * - a 997 rejecting our group: `rejected` (the partner's translator refused the file);
 * - the latest 855: every line rejected (or BAK02 `RJ`/`RD`/`RF`): `rejected`, with the
 *   `statusReason` its lines' ACK01 codes share; a line backordered: `backordered`; otherwise
 *   `open`; the lines it rejected while others go on are `cancelledLines` (their ACK01 reason);
 * - 856s: a package per tracking number (exact `lines` when the notice lists a package's items,
 *   else `packageOf` the notice's items for that PO), `shipped` once every unit not rejected
 *   has shipped, `partially_shipped` before.
 *
 * @param sent - the PO's 850.
 * @param entries - the partner's documents about it, in arrival order.
 * @param settings - the distributor id, the partner part qualifier and SCAC carriers.
 */
export function summarizeEdiOrder(
  sent: EdiSentPurchaseOrder,
  entries: readonly EdiLedgerEntry[],
  settings: {
    distributor: string;
    partnerPartQualifier: string;
    carriers?: Readonly<Record<string, CarrierCode>> | undefined;
    rejectionCodes?: Readonly<Record<string, RejectionReason>> | undefined;
  },
): EdiOrderSummary {
  const reasonOf = (code: string): RejectionReason =>
    settings.rejectionCodes?.[code] ?? defaultEdiRejectionCodes[code] ?? 'other';
  const carriers = { ...defaultScacCarriers, ...settings.carriers };
  let functionalAcknowledgment: EdiOrderSummary['functionalAcknowledgment'];
  let acknowledgment: EdiPurchaseOrderAcknowledgment | undefined;
  const shipments: DistributorShipment[] = [];
  const invoices: EdiInvoice[] = [];
  for (const { document } of entries) {
    if (document.kind === '997') functionalAcknowledgment = document.status;
    else if (document.kind === '855') acknowledgment = document;
    else if (document.kind === '810') invoices.push(document);
    else
      for (const shipment of shipmentsOf(document, sent, settings.partnerPartQualifier, carriers))
        if (!shipments.some((known) => known.trackingNumber === shipment.trackingNumber)) shipments.push(shipment);
  }
  const lines: EdiLineAcknowledgment[] = (acknowledgment?.lines ?? []).map((line) => {
    const sku = skuOf(sent, settings.partnerPartQualifier, line.lineNumber, line.partNumbers);
    return {
      ...(sku !== undefined ? { sku } : {}),
      status: line.status,
      code: line.code,
      ...(line.quantity !== undefined ? { quantity: line.quantity } : {}),
    };
  });
  const wholeRejection = acknowledgment?.rejected === true;
  const rejectedLines: LineError[] =
    wholeRejection && lines.length === 0
      ? sent.lines.map(({ sku }) => ({
          sku,
          message: `855 BAK02 ${acknowledgment?.acknowledgmentType}: purchase order rejected`,
          reason: 'other' as const,
        }))
      : lines
          .filter((line) => line.status === 'rejected' || (wholeRejection && line.status !== 'accepted'))
          .map((line) => ({
            ...(line.sku !== undefined ? { sku: line.sku } : {}),
            message: `855 ACK ${line.code}: line rejected`,
            reason: line.status === 'rejected' ? reasonOf(line.code) : ('other' as const),
          }));
  const rejectedSkus = new Set(rejectedLines.map((line) => line.sku));
  const open = sent.lines.filter((line) => !rejectedSkus.has(line.sku));

  let status: DistributorOrder['status'] = 'pending';
  let statusText: string | undefined;
  if (functionalAcknowledgment === 'rejected' && acknowledgment === undefined) {
    status = 'rejected';
    statusText = '997: the partner rejected the 850 functional group';
  } else if (acknowledgment !== undefined) {
    statusText = `855 ${acknowledgment.acknowledgmentType}`;
    if (open.length === 0) status = 'rejected';
    else if (lines.some((line) => line.status === 'backordered')) status = 'backordered';
    else status = 'open';
  } else if (functionalAcknowledgment !== undefined) statusText = `997 ${functionalAcknowledgment}`;
  if (shipments.length > 0 && status !== 'rejected') {
    const shipped = new Map<string, number>();
    for (const shipment of shipments)
      for (const line of shipment.lines ?? []) shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    const packaged = shipments.filter((shipment) => shipment.packageOf !== undefined);
    for (const ref of new Set(packaged.map((shipment) => shipment.packageOf?.ref)))
      for (const line of packaged.find((shipment) => shipment.packageOf?.ref === ref)?.packageOf?.lines ?? [])
        shipped.set(line.sku, (shipped.get(line.sku) ?? 0) + line.quantity);
    const ordered = new Map<string, number>();
    for (const line of sent.lines) ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
    const complete = [...ordered].every(
      ([sku, quantity]) => rejectedSkus.has(sku) || (shipped.get(sku) ?? 0) >= quantity,
    );
    status = complete ? 'shipped' : 'partially_shipped';
    statusText = `856 ${status === 'shipped' ? 'shipped' : 'partly shipped'}`;
  }
  const refs = [`ISA${sent.controlNumber}`];
  if (acknowledgment?.partnerOrderNumber !== undefined) refs.push(acknowledgment.partnerOrderNumber);
  // The one reason every rejected line shares, else `other` (an 855 has no order-level reason).
  const lineReasons = new Set(rejectedLines.map((line) => line.reason ?? 'other'));
  const reason: RejectionReason = lineReasons.size === 1 ? ([...lineReasons][0] ?? 'other') : 'other';
  const order: DistributorOrder = {
    poNumber: sent.poNumber,
    distributorOrderRefs: refs,
    status,
    ...(statusText !== undefined ? { statusText } : {}),
    shipments,
  };
  // An 855 says why (its ACK01 codes): the whole PO's reason, or the lines it refused while the
  // rest goes on, so that they are planned again rather than lost.
  if (status === 'rejected' && acknowledgment !== undefined) order.statusReason = reason;
  else if (status !== 'rejected' && rejectedLines.length > 0) {
    const cancelled = rejectedLines.flatMap((line) => {
      const quantity = sent.lines
        .filter((sentLine) => sentLine.sku === line.sku)
        .reduce((sum, sentLine) => sum + sentLine.quantity, 0);
      return line.sku !== undefined && quantity > 0
        ? [{ sku: line.sku, quantity, reason: line.reason ?? ('other' as const), message: line.message }]
        : [];
    });
    if (cancelled.length > 0) order.cancelledLines = cancelled;
  }
  return {
    order,
    ...(functionalAcknowledgment !== undefined ? { functionalAcknowledgment } : {}),
    lines,
    rejectedLines,
    invoices,
    ...(status === 'rejected'
      ? {
          rejection: new OrderRejectedError(
            settings.distributor,
            sent.poNumber,
            statusText ?? 'rejected',
            rejectedLines,
            reason,
          ),
        }
      : {}),
  };
}
