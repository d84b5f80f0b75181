import {
  type DistributorOrder,
  type DistributorOrderStatus,
  type DistributorShipment,
  normalizeCarrier,
  trackingUrl,
} from '@dropship/core';
import { classifyRejection, type RejectionRule, readDistributorShipment } from '@dropship/http';
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
  /** The client's own refusal rules, tried before the defaults when a cancel reason is classified. */
  rejectionRules?: readonly RejectionRule[];
}

type CancelledLine = NonNullable<DistributorOrder['cancelledLines']>[number];

/**
 * What Automatic cancelled on its side (MODELLED: `header.statusReason`, `lines[].cancelledQuantity`
 * and `lines[].cancelReason` are in no public source): for a PO whose orders all ended, the reason
 * of their `statusReason` (classified; absent when none says); while the PO goes on, the
 * cancelled units of the orders still live and every line of the orders that ended, totals per part.
 */
function sideCancellationsOf(
  orders: readonly AutomaticOrder[],
  statuses: readonly DistributorOrderStatus[],
  status: DistributorOrderStatus,
  rules: readonly RejectionRule[],
): Pick<DistributorOrder, 'statusReason' | 'cancelledLines'> {
  const endedAt = (index: number) => statuses[index] === 'cancelled' || statuses[index] === 'rejected';
  if (status === 'cancelled' || status === 'rejected') {
    const said = [...new Set(orders.flatMap((order) => order.header.statusReason ?? []))];
    return said.length === 1 ? { statusReason: classifyRejection(said[0], rules) } : {};
  }
  const totals = new Map<string, CancelledLine>();
  const add = (partNumber: string, quantity: number, message: string | undefined) => {
    const known = totals.get(partNumber);
    if (known) {
      known.quantity += quantity;
      return;
    }
    const line: CancelledLine = { sku: partNumber, quantity, reason: classifyRejection(message, rules) };
    if (message !== undefined) line.message = message;
    totals.set(partNumber, line);
  };
  orders.forEach((order, index) => {
    for (const line of order.lines) {
      if (endedAt(index)) add(line.partNumber, line.quantity, line.cancelReason ?? order.header.statusReason);
      else if (line.cancelledQuantity) add(line.partNumber, line.cancelledQuantity, line.cancelReason);
    }
  });
  return totals.size > 0 ? { cancelledLines: [...totals.values()] } : {};
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
 * texts, one shipment per tracking (or PRO) number, each reported once, and what Automatic
 * cancelled on its side (`statusReason`, `cancelledLines`: see `sideCancellationsOf`).
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
  const statuses = orders.map((order) =>
    mapAutomaticOrderStatus(order.header.status, order.shipments.length > 0, settings.statusMap),
  );
  const status = combineAutomaticOrderStatuses(statuses);
  const result: DistributorOrder = {
    poNumber,
    distributorOrderRefs: [...new Set(references)],
    status,
    shipments: [...shipments.values()],
  };
  if (texts.length > 0) result.statusText = texts.join('; ');
  Object.assign(result, sideCancellationsOf(orders, statuses, status, settings.rejectionRules ?? []));
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
