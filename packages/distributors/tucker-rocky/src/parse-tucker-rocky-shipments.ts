import { type CarrierCode, type DistributorShipment, trackingUrl } from '@dropship/core';
import { readDistributorShipment } from '@dropship/http';
import { mapTuckerRockyCarrier } from './map-tucker-rocky-carrier.js';
import type { TuckerRockyShipmentLine, TuckerRockyShipmentResponse } from './tucker-rocky-schemas.js';

/** The packages of one Tucker Rocky order, read from a `type=SHP` answer. */
export interface TuckerRockyOrderShipments {
  orderNumber: string;
  /** The PO number, when the answer carries one (MODELLED field `po`). */
  poNumber: string | undefined;
  shipments: DistributorShipment[];
}

/** What `parseTuckerRockyShipments` needs besides the answer. */
export interface TuckerRockyShipmentContext {
  carrierCodes: Readonly<Record<string, CarrierCode>>;
  /** Used as the ship date when the answer has none (no public source shows a ship-date field). */
  now: () => Date;
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
    const order = byOrder.get(orderNumber) ?? {
      orderNumber,
      poNumber: entry.po === undefined ? undefined : String(entry.po).trim(),
      shipments: [],
    };
    byOrder.set(orderNumber, order);
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
