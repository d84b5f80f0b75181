import { type DistributorOrder, type DistributorShipment, trackingUrl } from '@dropship/core';
import { mapWpsCarrier } from './map-wps-carrier.js';
import { combineWpsOrderStatuses, mapWpsOrderStatus, type WpsStatusMap } from './map-wps-order-status.js';
import { parseWpsDate } from './parse-wps-date.js';
import type { WpsOrderDetail, WpsPurchaseOrder } from './wps-schemas.js';

/** Settings of {@link mapWpsPurchaseOrder}. */
export interface MapWpsPurchaseOrderSettings {
  /** `order_status` overrides from the client options. */
  statusMap?: WpsStatusMap;
  /** ISO instant used as `shippedAt` when WPS gives no date for a shipped warehouse order. */
  observedAt: string;
}

function shipmentsOf(detail: WpsOrderDetail, observedAt: string): DistributorShipment[] {
  const carrier = mapWpsCarrier(detail.ship_via);
  const shippedAt = parseWpsDate(detail.ship_date) ?? parseWpsDate(detail.invoice_date) ?? observedAt;
  // The items of a warehouse order describe a package only when it has one tracking number.
  const lines = detail.tracking_numbers.length === 1 && detail.items.length > 0 ? detail.items : undefined;
  return detail.tracking_numbers.map((trackingNumber) => {
    const shipment: DistributorShipment = {
      carrier,
      trackingNumber,
      shippedAt,
      distributorOrderRef: detail.order_number,
    };
    if (detail.ship_via) shipment.carrierName = detail.ship_via;
    const url = trackingUrl(carrier, trackingNumber);
    if (url) shipment.trackingUrl = url;
    if (lines) shipment.lines = lines.map((line) => ({ ...line }));
    if (detail.warehouse) shipment.warehouse = detail.warehouse;
    return shipment;
  });
}

/**
 * Turns a WPS PO (research §1.6: `order_details[]`, one warehouse order each, with
 * `tracking_numbers[]` and `ship_via`) into the SDK's order: one shipment per tracking number,
 * the warehouse order numbers as references, a combined status and the raw statuses as
 * `statusText`. The same tracking number listed twice is reported once.
 *
 * @param purchaseOrder - the parsed WPS PO.
 * @param settings - status overrides and the observation time.
 */
export function mapWpsPurchaseOrder(
  purchaseOrder: WpsPurchaseOrder,
  settings: MapWpsPurchaseOrderSettings,
): DistributorOrder {
  const details = purchaseOrder.order_details;
  const shipments = new Map<string, DistributorShipment>();
  for (const detail of details) {
    for (const shipment of shipmentsOf(detail, settings.observedAt)) {
      if (!shipments.has(shipment.trackingNumber)) shipments.set(shipment.trackingNumber, shipment);
    }
  }
  const statuses = details.map((detail) =>
    mapWpsOrderStatus(detail.order_status, detail.tracking_numbers.length > 0, settings.statusMap),
  );
  const statusTexts = details.flatMap((detail) => {
    if (!detail.order_status) return [];
    return [
      details.length > 1 && detail.warehouse ? `${detail.warehouse}: ${detail.order_status}` : detail.order_status,
    ];
  });
  const order: DistributorOrder = {
    poNumber: purchaseOrder.po_number,
    distributorOrderRefs: [...new Set(details.map((detail) => detail.order_number))],
    status: combineWpsOrderStatuses(statuses),
    shipments: [...shipments.values()],
  };
  if (statusTexts.length > 0) order.statusText = [...new Set(statusTexts)].join('; ');
  return order;
}
