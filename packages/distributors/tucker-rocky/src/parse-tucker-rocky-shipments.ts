import { type CarrierCode, type DistributorOrder, type DistributorShipment, trackingUrl } from '@dropship/core';
import { classifyRejection, type RejectionRule, readDistributorShipment } from '@dropship/http';
import { mapTuckerRockyCarrier } from './map-tucker-rocky-carrier.js';
import type {
  TuckerRockyShipment,
  TuckerRockyShipmentLine,
  TuckerRockyShipmentResponse,
} from './tucker-rocky-schemas.js';

/** The packages of one Tucker Rocky order, read from a `type=SHP` answer. */
export interface TuckerRockyOrderShipments {
  orderNumber: string;
  /** The PO number, when the answer carries one (MODELLED field `po`). */
  poNumber: string | undefined;
  shipments: DistributorShipment[];
  /** MODELLED `orderstatus`: the order's status text, when the answer gives one. */
  statusText?: string;
  /** Set when `orderstatus` says the order was cancelled (or refused) on Tucker Rocky's side. */
  ended?: { status: 'cancelled' | 'rejected'; reason?: DistributorOrder['statusReason'] };
  /** MODELLED `cancelline[]`: units cancelled on Tucker Rocky's side, totals per item. */
  cancelledLines: NonNullable<DistributorOrder['cancelledLines']>;
}

/** What `parseTuckerRockyShipments` needs besides the answer. */
export interface TuckerRockyShipmentContext {
  carrierCodes: Readonly<Record<string, CarrierCode>>;
  /** Used as the ship date when the answer has none (no public source shows a ship-date field). */
  now: () => Date;
  /** The client's own refusal rules, tried before the defaults when a cancel reason is classified. */
  rejectionRules?: readonly RejectionRule[];
}

function toIsoDateTime(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const normalized = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? `${text}T00:00:00Z`
      : text;
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * Reads what Tucker Rocky cancelled on its side (MODELLED: TRWS documents no order status or
 * cancel; `orderstatus`, `statusreason` and `cancelline[] { itemnum, cancelqty, reason }` are read
 * when present): an `orderstatus` saying cancelled or refused ends the order, with the reason text
 * classified; `cancelline` entries are the units cancelled while the rest goes on.
 */
function readSideCancellation(
  entry: TuckerRockyShipment,
  order: TuckerRockyOrderShipments,
  rules: readonly RejectionRule[],
): void {
  const statusText = entry.orderstatus?.trim();
  if (statusText) {
    order.statusText = statusText;
    const ended = /CANCEL|VOID/i.test(statusText)
      ? 'cancelled'
      : /REJECT|REFUSE|DECLIN/i.test(statusText)
        ? 'rejected'
        : undefined;
    if (ended) {
      const reasonText = entry.statusreason?.trim() || undefined;
      const reason = classifyRejection(reasonText ?? statusText, rules);
      order.ended = reasonText !== undefined || reason !== 'other' ? { status: ended, reason } : { status: ended };
    }
  }
  for (const line of entry.cancelline ?? []) {
    const sku = line.itemnum === undefined ? '' : String(line.itemnum).trim();
    const quantity = Number(line.cancelqty);
    if (sku === '' || !Number.isInteger(quantity) || quantity <= 0) continue;
    const message = line.reason?.trim() || undefined;
    const known = order.cancelledLines.find((cancelled) => cancelled.sku === sku);
    if (known) known.quantity += quantity;
    else
      order.cancelledLines.push({
        sku,
        quantity,
        reason: classifyRejection(message, rules),
        ...(message === undefined ? {} : { message }),
      });
  }
}

function quantityOf(line: TuckerRockyShipmentLine): number | undefined {
  const quantity = Number(line.shipqty ?? line.qty);
  return Number.isInteger(quantity) && quantity > 0 ? quantity : undefined;
}

/**
 * Reads a `type=SHP` answer (no public documentation: `SHP.shipment[] { ordernum, shipmentline[] {
 * trackingnumbers[] { carrier, trackingnum } } }`) into packages per order number. One package
 * per tracking number; shipment lines sharing a tracking number are one package with several
 * lines. Item (`itemnum`), quantity (`shipqty`/`qty`) and date (`shipdate`/`ship_date`) keys are
 * MODELLED and read when present; without a date the package gets the time it was observed.
 *
 * @param response - the parsed answer.
 * @param context - carrier codes and clock.
 */
export function parseTuckerRockyShipments(
  response: TuckerRockyShipmentResponse,
  context: TuckerRockyShipmentContext,
): TuckerRockyOrderShipments[] {
  const byOrder = new Map<string, TuckerRockyOrderShipments>();
  for (const entry of response.SHP.shipment ?? []) {
    if (entry.ordernum === undefined || String(entry.ordernum).trim() === '') continue;
    const orderNumber = String(entry.ordernum).trim();
    const order: TuckerRockyOrderShipments = byOrder.get(orderNumber) ?? {
      orderNumber,
      poNumber: entry.po === undefined ? undefined : String(entry.po).trim(),
      shipments: [],
      cancelledLines: [],
    };
    byOrder.set(orderNumber, order);
    readSideCancellation(entry, order, context.rejectionRules ?? []);
    for (const line of entry.shipmentline ?? []) {
      const quantity = quantityOf(line);
      const sku = line.itemnum === undefined ? undefined : String(line.itemnum).trim();
      for (const tracking of line.trackingnumbers ?? []) {
        const trackingNumber = tracking.trackingnum === undefined ? '' : String(tracking.trackingnum).trim();
        if (trackingNumber === '') continue;
        let shipment = order.shipments.find((known) => known.trackingNumber === trackingNumber);
        if (!shipment) {
          const carrierName = tracking.carrier?.trim() || undefined;
          const carrier = mapTuckerRockyCarrier(carrierName, context.carrierCodes);
          const url = trackingUrl(carrier, trackingNumber);
          const warehouse = line.dcname?.trim() || undefined;
          shipment = {
            carrier,
            ...(carrierName === undefined ? {} : { carrierName }),
            trackingNumber,
            ...(url === undefined ? {} : { trackingUrl: url }),
            shippedAt: toIsoDateTime(line.shipdate ?? line.ship_date) ?? context.now().toISOString(),
            distributorOrderRef: orderNumber,
            ...(warehouse === undefined ? {} : { warehouse }),
          };
          order.shipments.push(shipment);
        }
        if (sku !== undefined && sku !== '' && quantity !== undefined) {
          const lines = shipment.lines ?? [];
          const known = lines.find((item) => item.sku === sku);
          if (known) known.quantity += quantity;
          else lines.push({ sku, quantity });
          shipment.lines = lines;
        }
      }
    }
  }
  return [...byOrder.values()].map((order) => ({
    ...order,
    shipments: order.shipments.map((shipment) =>
      readDistributorShipment(shipment, { service: 'tucker-rocky', poNumber: order.poNumber ?? order.orderNumber }),
    ),
  }));
}
