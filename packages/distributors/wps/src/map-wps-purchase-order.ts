import {
  type DistributorOrder,
  type DistributorOrderStatus,
  type DistributorShipment,
  type RejectionReason,
  trackingUrl,
} from '@dropship/core';
import { classifyRejection, type RejectionRule, readDistributorShipment } from '@dropship/http';
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
  /** The client's own refusal rules, tried before the defaults when a cancelled warehouse order's status text is classified. */
  rejectionRules?: readonly RejectionRule[];
}

/**
 * What WPS cancelled on its side, from the warehouse orders whose `order_status` maps to
 * `cancelled` or `rejected`: when some warehouse orders of the PO go on, their items are the
 * PO's cancelled lines (totals per SKU); when none goes on, the PO itself is cancelled and its
 * reason is that of the status text. The reason is the status text classified (WPS documents no
 * `order_status` values, https://www.wps-inc.com/data-depot/v4/api/order-processing/orders, so a
 * reason in it, "Cancelled - Discontinued", is MODELLED); a bare "Cancelled" says no reason.
 */
function sideCancellationsOf(
  details: readonly WpsOrderDetail[],
  statuses: readonly DistributorOrderStatus[],
  rules: readonly RejectionRule[],
): Pick<DistributorOrder, 'statusReason' | 'cancelledLines'> {
  const ended = details.filter((_, index) => statuses[index] === 'cancelled' || statuses[index] === 'rejected');
  if (ended.length === 0) return {};
  const reasons = ended.map((detail) => classifyRejection(detail.order_status, rules));
  if (ended.length === details.length) {
    const said = [...new Set(reasons)].filter((reason) => reason !== 'other');
    return said.length === 1 && said[0] ? { statusReason: said[0] } : {};
  }
  const totals = new Map<string, { sku: string; quantity: number; reason: RejectionReason; message?: string }>();
  ended.forEach((detail, index) => {
    for (const item of detail.items) {
      const entry = totals.get(item.sku);
      if (entry) {
        entry.quantity += item.quantity;
        continue;
      }
      const line: { sku: string; quantity: number; reason: RejectionReason; message?: string } = {
        sku: item.sku,
        quantity: item.quantity,
        reason: reasons[index] ?? 'other',
      };
      if (detail.order_status) line.message = detail.order_status;
      totals.set(item.sku, line);
    }
  });
  return totals.size > 0 ? { cancelledLines: [...totals.values()] } : {};
}

/** What is known of the boxes behind a set of tracking numbers (see {@link contentsOf}). */
type WpsPackageContents = Pick<DistributorShipment, 'lines' | 'packageOf'>;

/**
 * Warehouse orders linked by a shared tracking number (one box listed by two warehouse orders),
 * in the order WPS lists them. Each cluster is one distributor order for the SDK.
 */
function clustersOf(details: readonly WpsOrderDetail[]): WpsOrderDetail[][] {
  const clusters: { details: WpsOrderDetail[]; trackingNumbers: Set<string> }[] = [];
  for (const detail of details) {
    const linked = clusters.filter((cluster) =>
      detail.tracking_numbers.some((trackingNumber) => cluster.trackingNumbers.has(trackingNumber)),
    );
    const merged = { details: [detail], trackingNumbers: new Set(detail.tracking_numbers) };
    for (const cluster of linked) {
      merged.details.unshift(...cluster.details);
      for (const trackingNumber of cluster.trackingNumbers) merged.trackingNumbers.add(trackingNumber);
      clusters.splice(clusters.indexOf(cluster), 1);
    }
    clusters.push(merged);
  }
  // Keep WPS's order within each cluster and between clusters (first warehouse order first).
  const position = new Map(details.map((detail, index) => [detail, index]));
  const at = (detail: WpsOrderDetail) => position.get(detail) ?? 0;
  return clusters
    .map((cluster) => [...new Set(cluster.details)].sort((left, right) => at(left) - at(right)))
    .sort((left, right) => at(left[0] as WpsOrderDetail) - at(right[0] as WpsOrderDetail));
}

/**
 * What the packages of a cluster of warehouse orders hold. WPS reports items and tracking numbers
 * per warehouse order, never which box holds which items (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders), so:
 * - one tracking number, and every warehouse order of the cluster mapped as `shipped` (through
 *   {@link mapWpsOrderStatus} and the client's `statusMap`): that one box holds every item → `lines`;
 * - otherwise (several boxes, or a warehouse order still shipping): every box is one box of the
 *   cluster (`packageOf`, ref = the warehouse order number(s)), complete when every warehouse order
 *   is mapped as `shipped`; core spreads the items over the boxes once complete;
 * - a warehouse order that lists no items: nothing is said (core reads the box as the rest of the
 *   PO), as before.
 */
function contentsOf(cluster: readonly WpsOrderDetail[], statusMap: WpsStatusMap | undefined): WpsPackageContents {
  if (cluster.some((detail) => detail.items.length === 0)) return {};
  const items = cluster.flatMap((detail) => detail.items.map((item) => ({ sku: item.sku, quantity: item.quantity })));
  const trackingNumbers = new Set(cluster.flatMap((detail) => detail.tracking_numbers));
  const shipped = cluster.every(
    (detail) => mapWpsOrderStatus(detail.order_status, detail.tracking_numbers.length > 0, statusMap) === 'shipped',
  );
  if (trackingNumbers.size === 1 && shipped) return { lines: items };
  return {
    packageOf: {
      ref: cluster.map((detail) => detail.order_number).join('+'),
      lines: items,
      complete: shipped,
    },
  };
}

function shipmentsOf(detail: WpsOrderDetail, contents: WpsPackageContents, observedAt: string): DistributorShipment[] {
  const carrier = mapWpsCarrier(detail.ship_via);
  const shippedAt = parseWpsDate(detail.ship_date) ?? parseWpsDate(detail.invoice_date) ?? observedAt;
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
    if (contents.lines) shipment.lines = contents.lines.map((line) => ({ ...line }));
    if (contents.packageOf)
      shipment.packageOf = {
        ...contents.packageOf,
        lines: contents.packageOf.lines.map((line) => ({ ...line })),
      };
    if (detail.warehouse) shipment.warehouse = detail.warehouse;
    return shipment;
  });
}

/**
 * Turns a WPS PO (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: `order_details[]`, one warehouse order each, with
 * `tracking_numbers[]`, `items[]` and `ship_via`) into the SDK's order: one shipment per tracking
 * number, the warehouse order numbers as references, a combined status and the raw statuses as
 * `statusText`. The same tracking number listed twice is reported once (the warehouse orders that
 * share it are then treated as one order). WPS does not say which box holds which items: a box is
 * given exact `lines` only when it is the one box of a warehouse order mapped as shipped;
 * otherwise it is reported as one box of its warehouse order (`packageOf`, see `contentsOf`).
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
  const contents = new Map<WpsOrderDetail, WpsPackageContents>();
  for (const cluster of clustersOf(details)) {
    const clusterContents = contentsOf(cluster, settings.statusMap);
    for (const detail of cluster) contents.set(detail, clusterContents);
  }
  for (const detail of details) {
    for (const shipment of shipmentsOf(detail, contents.get(detail) ?? {}, settings.observedAt)) {
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
    shipments: [...shipments.values()].map((shipment) =>
      readDistributorShipment(shipment, { service: 'wps', poNumber: purchaseOrder.po_number }),
    ),
  };
  if (statusTexts.length > 0) order.statusText = [...new Set(statusTexts)].join('; ');
  Object.assign(order, sideCancellationsOf(details, statuses, settings.rejectionRules ?? []));
  return order;
}
