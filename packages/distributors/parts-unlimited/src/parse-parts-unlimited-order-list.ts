import {
  type CarrierCode,
  type DistributorOrder,
  type DistributorShipment,
  ResponseParseError,
  trackingUrl,
} from '@dropship/core';
import { classifyRejection, type RejectionRule, readDistributorShipment } from '@dropship/http';
import { mapPartsUnlimitedCarrier } from './map-parts-unlimited-carrier.js';
import { mapPartsUnlimitedOrderStatus } from './map-parts-unlimited-order-status.js';
import type { PartsUnlimitedOrderListFields } from './parts-unlimited-schemas.js';

/** One page of the order list, read. */
export interface PartsUnlimitedOrderListPage {
  orders: DistributorOrder[];
  /** Total pages, when the answer says. */
  totalPages: number | undefined;
  /** Raw order entries on the page (to tell an empty page from a page of unreadable orders). */
  entryCount: number;
}

/** What `parsePartsUnlimitedOrderList` needs besides the body. */
export interface PartsUnlimitedOrderListContext {
  fields: PartsUnlimitedOrderListFields;
  /** Carrier texts mapped before `normalizeCarrier` (upper-cased keys). */
  carrierCodes: Readonly<Record<string, CarrierCode>>;
  /** Used as the ship date of a package whose date is missing or unreadable. */
  now: () => Date;
  /** Redacted URL and method, for the errors. */
  method: string;
  url: string;
  /** The client's own refusal rules, tried before the defaults when a cancel reason is classified. */
  rejectionRules?: readonly RejectionRule[];
}

type Entry = Record<string, unknown>;

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(entry: Entry, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (entry[key] !== undefined && entry[key] !== null) return entry[key];
  }
  return undefined;
}

function pickText(entry: Entry, keys: readonly string[]): string | undefined {
  const value = pick(entry, keys);
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function pickArray(entry: Entry, keys: readonly string[]): unknown[] {
  const value = pick(entry, keys);
  return Array.isArray(value) ? value : [];
}

/** Reads a date or date-time; a bare date is taken as midnight UTC. */
export function toIsoDateTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function addQuantity(totals: Map<string, number>, lines: unknown[], fields: PartsUnlimitedOrderListFields): void {
  for (const line of lines) {
    if (!isEntry(line)) continue;
    const partNumber = pickText(line, fields.partNumber);
    const quantity = Number(pick(line, fields.quantity));
    if (partNumber && Number.isInteger(quantity) && quantity > 0) {
      totals.set(partNumber, (totals.get(partNumber) ?? 0) + quantity);
    }
  }
}

type CancelledLine = NonNullable<DistributorOrder['cancelledLines']>[number];

/**
 * The units Parts Unlimited cancelled per line (MODELLED keys `cancelledQuantity` and `lineReason`:
 * the order list's shape is NOT FOUND), totals per part number, each reason classified from the
 * line's reason text, else the order's.
 */
function readCancelledLines(
  lines: unknown[],
  orderReason: string | undefined,
  context: PartsUnlimitedOrderListContext,
): CancelledLine[] {
  const { fields } = context;
  const totals = new Map<string, CancelledLine>();
  for (const line of lines) {
    if (!isEntry(line)) continue;
    const partNumber = pickText(line, fields.partNumber);
    const quantity = Number(pick(line, fields.cancelledQuantity));
    if (!partNumber || !Number.isInteger(quantity) || quantity <= 0) continue;
    const known = totals.get(partNumber);
    if (known) {
      known.quantity += quantity;
      continue;
    }
    const message = pickText(line, fields.lineReason) ?? orderReason;
    const entry: CancelledLine = {
      sku: partNumber,
      quantity,
      reason: classifyRejection(message, context.rejectionRules),
    };
    if (message !== undefined) entry.message = message;
    totals.set(partNumber, entry);
  }
  return [...totals.values()];
}

function readShipments(
  order: Entry,
  reference: string | undefined,
  context: PartsUnlimitedOrderListContext,
  shipped: Map<string, number>,
): DistributorShipment[] {
  const { fields } = context;
  const shipments: DistributorShipment[] = [];
  for (const raw of pickArray(order, fields.shipments)) {
    if (!isEntry(raw)) continue;
    const trackingValue = pick(raw, fields.trackingNumber);
    const trackingNumbers = (Array.isArray(trackingValue) ? trackingValue : [trackingValue])
      .filter((value): value is string | number => typeof value === 'string' || typeof value === 'number')
      .map((value) => String(value).trim())
      .filter((value) => value !== '');
    if (trackingNumbers.length === 0) continue;
    const carrierName = pickText(raw, fields.carrier);
    const carrier = mapPartsUnlimitedCarrier(carrierName, context.carrierCodes);
    const shippedAt = toIsoDateTime(pickText(raw, fields.shipDate)) ?? context.now().toISOString();
    const warehouse = pickText(raw, fields.warehouse);
    const rawLines = pickArray(raw, fields.lines);
    const lineTotals = new Map<string, number>();
    addQuantity(lineTotals, rawLines, fields);
    // Lines are attributed to the first package of a multi-number shipment only.
    trackingNumbers.forEach((trackingNumber, index) => {
      const url = trackingUrl(carrier, trackingNumber);
      shipments.push({
        carrier,
        ...(carrierName === undefined ? {} : { carrierName }),
        trackingNumber,
        ...(url === undefined ? {} : { trackingUrl: url }),
        shippedAt,
        ...(index === 0 && lineTotals.size > 0
          ? { lines: [...lineTotals].map(([sku, quantity]) => ({ sku, quantity })) }
          : {}),
        ...(reference === undefined ? {} : { distributorOrderRef: reference }),
        ...(warehouse === undefined ? {} : { warehouse }),
      });
    });
    for (const [partNumber, quantity] of lineTotals) shipped.set(partNumber, (shipped.get(partNumber) ?? 0) + quantity);
  }
  return shipments;
}

/**
 * Reads one page of `GET /v2/orders/dropship` into orders with their packages.
 *
 * MODELLED: the answer's shape is NOT FOUND in any public source. Keys are looked up from the
 * candidate lists in `context.fields` (configurable). A cancelled or refused order carries its
 * `statusReason` (the order's reason text classified); an order that goes on with some units
 * cancelled (a line's cancelled quantity) carries them as `cancelledLines`. An order without a PO number is an error
 * naming the keys tried, so that a different real shape is reported, not silently ignored.
 *
 * @param body - the parsed JSON answer.
 * @param context - key names, carrier codes, clock and the call.
 * @throws `ResponseParseError` naming the field when the orders or a PO number cannot be found.
 */
export function parsePartsUnlimitedOrderList(
  body: unknown,
  context: PartsUnlimitedOrderListContext,
): PartsUnlimitedOrderListPage {
  const { fields } = context;
  const details = { service: 'parts-unlimited', method: context.method, url: context.url };
  let entries: unknown[];
  let totalPages: number | undefined;
  if (Array.isArray(body)) {
    entries = body;
  } else if (isEntry(body)) {
    const list = pick(body, fields.orders);
    if (!Array.isArray(list)) {
      throw new ResponseParseError(
        `parts-unlimited: order list answer has no order array (tried ${fields.orders.join(', ')}); set the orderListFields option to the real shape`,
        { ...details, fields: [...fields.orders] },
      );
    }
    entries = list;
    const pages = Number(pick(body, fields.totalPages));
    totalPages = Number.isInteger(pages) && pages > 0 ? pages : undefined;
  } else {
    throw new ResponseParseError('parts-unlimited: order list answer is not a JSON object or array', {
      ...details,
      fields: [],
    });
  }
  const orders = entries.map((entry, index): DistributorOrder => {
    const order = isEntry(entry) ? entry : {};
    const poNumber = pickText(order, fields.poNumber);
    if (poNumber === undefined) {
      throw new ResponseParseError(
        `parts-unlimited: order list entry ${index} has no PO number (tried ${fields.poNumber.join(', ')}); set the orderListFields option to the real shape`,
        { ...details, fields: fields.poNumber.map((key) => `orders.${index}.${key}`) },
      );
    }
    const reference = pickText(order, fields.reference);
    const statusText = pickText(order, fields.status);
    const reasonText = pickText(order, fields.statusReason);
    const rawLines = pickArray(order, fields.lines);
    const cancelledLines = readCancelledLines(rawLines, reasonText, context);
    const ordered = new Map<string, number>();
    addQuantity(ordered, rawLines, fields);
    // Cancelled units will not ship: what is left to ship decides shipped or partially shipped.
    for (const line of cancelledLines) {
      const left = (ordered.get(line.sku) ?? 0) - line.quantity;
      if (left > 0) ordered.set(line.sku, left);
      else ordered.delete(line.sku);
    }
    const shipped = new Map<string, number>();
    const shipments = readShipments(order, reference, context, shipped).map((shipment) =>
      readDistributorShipment(shipment, { service: 'parts-unlimited', poNumber }),
    );
    const status = mapPartsUnlimitedOrderStatus(statusText, { ordered, shipped, packageCount: shipments.length });
    const result: DistributorOrder = {
      poNumber,
      distributorOrderRefs: reference === undefined ? [] : [reference],
      status,
      ...(statusText === undefined ? {} : { statusText }),
      shipments,
    };
    if (status === 'cancelled' || status === 'rejected') {
      // The whole order ended: its reason, when the answer gives one (a reason text, else the status text's words).
      const reason =
        reasonText === undefined
          ? classifyRejection(statusText, context.rejectionRules)
          : classifyRejection(reasonText, context.rejectionRules);
      if (reasonText !== undefined || reason !== 'other') result.statusReason = reason;
    } else if (cancelledLines.length > 0) {
      result.cancelledLines = cancelledLines;
    }
    return result;
  });
  return { orders, totalPages, entryCount: entries.length };
}
