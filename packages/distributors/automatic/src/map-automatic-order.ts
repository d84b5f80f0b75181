import {
  type DistributorOrder,
  type DistributorOrderStatus,
  type DistributorShipment,
  normalizeCarrier,
  trackingUrl,
} from '@dropship/core';
import { readDistributorShipment } from '@dropship/http';
import type { AutomaticOrder, AutomaticOrderHeader } from './automatic-schemas.js';
import { parseAutomaticDate } from './parse-automatic-date.js';

/** Exact status texts (compared trimmed and case-insensitively) mapped to SDK statuses. */
export type AutomaticStatusMap = Readonly<Record<string, DistributorOrderStatus>>;

/**
 * Default status texts. MODELLED: the status values are NOT FOUND (no public documentation); these are the
 * texts the package's simulator uses. Override with the `statusMap` option once known.
 */
export const automaticDefaultStatusMap: AutomaticStatusMap = Object.freeze({
  PENDING: 'pending',
  OPEN: 'open',
  PROCESSING: 'open',
  BACKORDERED: 'backordered',
  'PARTIALLY SHIPPED': 'partially_shipped',
  SHIPPED: 'shipped',
  INVOICED: 'shipped',
  REVOKED: 'cancelled',
  CANCELLED: 'cancelled',
  REJECTED: 'rejected',
});

/**
 * The SDK status of one order: the overrides, then the default texts; `unknown` otherwise. An
 * order with packages has shipped at least in part.
 *
 * @param status - the order's status text.
 * @param hasShipments - whether the order lists packages.
 * @param overrides - texts from the client options.
 */
export function mapAutomaticOrderStatus(
  status: string | undefined,
  hasShipments: boolean,
  overrides: AutomaticStatusMap = {},
): DistributorOrderStatus {
  const key = (status ?? '').trim().toUpperCase();
  const find = (map: AutomaticStatusMap) =>
    Object.entries(map).find(([text]) => text.trim().toUpperCase() === key)?.[1];
  const mapped = (key && (find(overrides) ?? find(automaticDefaultStatusMap))) || 'unknown';
  const notShippedYet: readonly DistributorOrderStatus[] = ['unknown', 'pending', 'open', 'backordered'];
  return hasShipments && notShippedYet.includes(mapped) ? 'partially_shipped' : mapped;
}

/** Precedence when the orders of one PO disagree, most telling first. */
const precedence: readonly DistributorOrderStatus[] = [
  'partially_shipped',
  'unknown',
  'backordered',
  'open',
  'pending',
];

/**
 * The status of a PO from the statuses of its orders (one PO can have several, https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source:
 * "revoke all orders associated with a PO number").
 *
 * @param statuses - each order's status.
 */
export function combineAutomaticOrderStatuses(statuses: readonly DistributorOrderStatus[]): DistributorOrderStatus {
  const live = statuses.filter((status) => status !== 'cancelled' && status !== 'rejected');
  if (live.length === 0)
    return statuses.length > 0 && statuses.every((status) => status === 'rejected')
      ? 'rejected'
      : statuses.length > 0
        ? 'cancelled'
        : 'pending';
  if (live.every((status) => status === 'shipped')) return 'shipped';
  if (live.includes('shipped')) return 'partially_shipped';
  return precedence.find((status) => (live as readonly DistributorOrderStatus[]).includes(status)) ?? 'unknown';
}

/**
 * The reference of an order: `orderNumber`, with `-orderGenerationNumber` (2 digits,
 * https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source) when present.
 *
 * @param header - the order header.
 */
export function automaticOrderReference(header: AutomaticOrderHeader): string | undefined {
  if (!header.orderNumber) return undefined;
  return header.orderGenerationNumber
    ? `${header.orderNumber}-${header.orderGenerationNumber.padStart(2, '0')}`
    : header.orderNumber;
}

/** Settings of {@link mapAutomaticOrders}. */
export interface MapAutomaticOrdersSettings {
  statusMap?: AutomaticStatusMap;
  /** ISO instant used as `shippedAt` when no date is given. */
  observedAt: string;
}

function shipmentsOf(order: AutomaticOrder, observedAt: string): DistributorShipment[] {
  const reference = automaticOrderReference(order.header);
  return order.shipments.flatMap((shipment) => {
    // A freight package has a PRO number instead of a parcel tracking number (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source).
    const trackingNumber = shipment.trackingNumber ?? shipment.proNumber;
    if (!trackingNumber) return [];
    const isPro = !shipment.trackingNumber;
    const carrier = normalizeCarrier(shipment.carrier);
    const result: DistributorShipment = {
      carrier,
      trackingNumber,
      shippedAt: parseAutomaticDate(shipment.shipDate) ?? parseAutomaticDate(order.header.invoiceDate) ?? observedAt,
    };
    const carrierName = isPro ? `${shipment.carrier ?? 'freight'} (PRO number)` : shipment.carrier;
    if (carrierName) result.carrierName = carrierName;
    const url = isPro ? undefined : trackingUrl(carrier, trackingNumber);
    if (url) result.trackingUrl = url;
    if (shipment.lines?.length)
      result.lines = shipment.lines.map((line) => ({ sku: line.partNumber, quantity: line.quantity }));
    if (reference) result.distributorOrderRef = reference;
    return [readDistributorShipment(result, { service: 'automatic', poNumber: order.header.ponumber })];
  });
}

/**
 * Turns every order of one PO into the SDK's order: references, combined status, raw status
 * texts and one shipment per tracking (or PRO) number, each reported once.
 *
 * @param poNumber - the PO number.
 * @param orders - the orders of that PO (at least one).
 * @param settings - status overrides and the observation time.
 */
export function mapAutomaticOrders(
  poNumber: string,
  orders: readonly AutomaticOrder[],
  settings: MapAutomaticOrdersSettings,
): DistributorOrder {
  const shipments = new Map<string, DistributorShipment>();
  for (const order of orders) {
    for (const shipment of shipmentsOf(order, settings.observedAt)) {
      if (!shipments.has(shipment.trackingNumber)) shipments.set(shipment.trackingNumber, shipment);
    }
  }
  const references = orders.flatMap((order) => automaticOrderReference(order.header) ?? []);
  const texts = [...new Set(orders.flatMap((order) => order.header.status ?? []))];
  const result: DistributorOrder = {
    poNumber,
    distributorOrderRefs: [...new Set(references)],
    status: combineAutomaticOrderStatuses(
      orders.map((order) =>
        mapAutomaticOrderStatus(order.header.status, order.shipments.length > 0, settings.statusMap),
      ),
    ),
    shipments: [...shipments.values()],
  };
  if (texts.length > 0) result.statusText = texts.join('; ');
  return result;
}

/**
 * Groups orders by PO number (`header.ponumber`) and maps each group.
 *
 * @param orders - orders of any POs, as a range endpoint returns them.
 * @param settings - status overrides and the observation time.
 */
export function groupAutomaticOrdersByPoNumber(
  orders: readonly AutomaticOrder[],
  settings: MapAutomaticOrdersSettings,
): DistributorOrder[] {
  const groups = new Map<string, AutomaticOrder[]>();
  for (const order of orders) {
    const group = groups.get(order.header.ponumber) ?? [];
    group.push(order);
    groups.set(order.header.ponumber, group);
  }
  return [...groups].map(([poNumber, group]) => mapAutomaticOrders(poNumber, group, settings));
}
