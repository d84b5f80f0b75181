import {
  type DistributorOrder,
  decimalToMinorUnits,
  type PurchaseOrderRequest,
  type SubmitOrderResult,
} from '@dropship/core';
import { mapTuckerRockyOrderStatus } from './map-tucker-rocky-order-status.js';
import type { TuckerRockyOrderShipments } from './parse-tucker-rocky-shipments.js';
import type { TuckerRockyOrderRecord } from './tucker-rocky-order-store.js';
import type { TuckerRockyOrderResponse } from './tucker-rocky-schemas.js';

type CancelledLine = NonNullable<DistributorOrder['cancelledLines']>[number];

/**
 * The SDK's order for a PO from what the client knows of it: the order record (order numbers,
 * lines placed, lines TRWS refused inside the order) and the `type=SHP` entries of its order
 * numbers (packages, and the MODELLED `orderstatus` / `cancelline` of a cancel on Tucker Rocky's
 * side).
 *
 * - every order number ended (cancelled or refused on Tucker Rocky's side) → that status, with
 *   the `statusReason` its reason text gives;
 * - otherwise the status from the packages against the lines still to ship (placed lines minus
 *   cancelled units), and `cancelledLines`: the lines refused at submission plus the units
 *   cancelled since, totals per SKU.
 *
 * @param poNumber - the PO number.
 * @param record - what the order store keeps for it.
 * @param entries - the shipment entries of its order numbers.
 */
export function toTuckerRockyOrder(
  poNumber: string,
  record: TuckerRockyOrderRecord,
  entries: readonly TuckerRockyOrderShipments[],
): DistributorOrder {
  const shipments = entries.flatMap((entry) => entry.shipments);
  const statusTexts = [...new Set(entries.flatMap((entry) => (entry.statusText ? [entry.statusText] : [])))];
  const order: DistributorOrder = {
    poNumber,
    distributorOrderRefs: record.orderNumbers,
    status: 'open',
    shipments,
  };
  if (statusTexts.length > 0) order.statusText = statusTexts.join('; ');
  const ended = entries.map((entry) => entry.ended);
  if (entries.length > 0 && ended.every((end) => end !== undefined)) {
    order.status = ended.some((end) => end?.status === 'cancelled') ? 'cancelled' : 'rejected';
    const reasons = [...new Set(ended.flatMap((end) => (end?.reason ? [end.reason] : [])))];
    if (reasons.length === 1 && reasons[0]) order.statusReason = reasons[0];
    return order;
  }
  const cancelled = new Map<string, CancelledLine>();
  const add = (line: CancelledLine) => {
    const known = cancelled.get(line.sku);
    if (known) known.quantity += line.quantity;
    else cancelled.set(line.sku, { ...line });
  };
  for (const line of record.refusedLines ?? []) add(line);
  for (const entry of entries) for (const line of entry.cancelledLines) add(line);
  const toShip = record.lines?.flatMap((line) => {
    // Units cancelled since the order was placed will not ship.
    const since = entries
      .flatMap((entry) => entry.cancelledLines)
      .filter((cancelledLine) => cancelledLine.sku === line.sku)
      .reduce((sum, cancelledLine) => sum + cancelledLine.quantity, 0);
    return line.quantity - since > 0 ? [{ sku: line.sku, quantity: line.quantity - since }] : [];
  });
  order.status = mapTuckerRockyOrderStatus(shipments, toShip);
  if (cancelled.size > 0) order.cancelledLines = [...cancelled.values()];
  return order;
}

/**
 * The lines of a validate-only (`submit=NO`) answer with the unit price TRWS quoted, where every
 * output line carries one (MODELLED: `orderoutput.orderline[].price`, decimal dollars, is in no
 * public source; `submit=NO` itself is UNCONFIRMED). Undefined when any line has no readable price:
 * the price guard then has nothing to compare, rather than a partial answer.
 *
 * @param answer - the parsed `type=ORD` answer.
 * @param request - the order as sent.
 * @param toItem - the part number as sent for a SKU.
 */
export function pricedLines(
  answer: TuckerRockyOrderResponse,
  request: PurchaseOrderRequest,
  toItem: (sku: string) => string,
): SubmitOrderResult['lines'] {
  const output = answer.ORD.orderoutput?.orderline ?? [];
  const lines: NonNullable<SubmitOrderResult['lines']> = [];
  for (const line of request.lines) {
    const item = toItem(line.sku).toUpperCase();
    const quoted = output.find((entry) => {
      const number = String(entry.itemnum ?? entry.item ?? '')
        .trim()
        .toUpperCase();
      return number === item || number === line.sku.toUpperCase();
    });
    const unitCost = quoted?.price === undefined ? undefined : decimalToMinorUnits(quoted.price, request.currency);
    if (unitCost === undefined || unitCost < 0) return undefined;
    lines.push({ sku: line.sku, quantity: line.quantity, unitCost });
  }
  return lines;
}
