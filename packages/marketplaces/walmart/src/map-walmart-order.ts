import {
  decimalToMinorUnits,
  type ListedOrderEntry,
  type MarketplaceOrderStatus,
  type OrderCancellation,
  OrderMappingError,
  toListedOrder,
} from '@dropship/core';
import { z } from 'zod';
import {
  type WalmartListedOrder,
  type WalmartListedOrderLine,
  walmartListedOrderSchema,
  walmartListedOrderStatusSchema,
} from './walmart-order-schemas.js';

/**
 * What a `PRODUCT` charge's `chargeAmount` of an order line is. Walmart does not document it
 * (the spec's examples all have quantity 1 and name the charge `ItemPrice`), so it is a setting:
 * - `unit-price` (default, the examples' reading): the price of one unit;
 * - `line-total`: the price of the line's ordered quantity (divided by it; a total that does not
 *   divide exactly holds the order with the reason).
 */
export type WalmartProductChargeReading = 'unit-price' | 'line-total';

/** Settings of {@link mapWalmartOrder}. */
export interface WalmartOrderMappingSettings {
  /** What a `PRODUCT` charge amount is. */
  productCharge: WalmartProductChargeReading;
}

const MARKETPLACE = 'walmart';

/** Statuses of an order line with quantity still to ship. */
const openStatuses = new Set(['Created', 'Acknowledged']);
/** Statuses of an order line that left the seller. */
const doneStatuses = new Set(['Shipped', 'Delivered', 'Refund']);

/** `intentToCancel` values read as "no" (its values are not documented: any other value means the buyer asked). */
const notIntending = new Set(['', 'false', 'n', 'no', '0', 'none', 'null']);

/** Alpha-3 country codes Walmart US may send, as ISO 3166-1 alpha-2 (the spec's examples write `USA`). */
const alpha2ByAlpha3: Readonly<Record<string, string>> = {
  USA: 'US',
  PRI: 'PR',
  GUM: 'GU',
  VIR: 'VI',
  ASM: 'AS',
  MNP: 'MP',
  UMI: 'UM',
  CAN: 'CA',
  MEX: 'MX',
};

const emailSchema = z.email().max(254);

/**
 * Whether a line's `intentToCancel` says the buyer asked to cancel. Pure.
 *
 * @param value - the field as Walmart sent it (absent, a boolean, a string).
 */
export function isWalmartIntentToCancel(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return !notIntending.has(value.trim().toLowerCase());
  return true;
}

/** A line's statuses and cancel intent, as far as {@link readWalmartOrderStatus} needs them. */
export interface WalmartLineStatusInput {
  orderLineStatuses: { orderLineStatus: { status: string; statusQuantity?: { amount: string | number } | null }[] };
  intentToCancel?: unknown;
}

/** The quantity of a status entry (absent: counts as some quantity). */
function statusQuantity(entry: { statusQuantity?: { amount: string | number } | null }): number {
  const amount = entry.statusQuantity?.amount;
  if (amount === undefined) return 1;
  const value = Number(amount);
  return Number.isFinite(value) ? value : 1;
}

/**
 * Where a Walmart order stands, from its lines' `orderLineStatuses` and `intentToCancel`. Pure.
 *
 * - a line with `intentToCancel` set (and not all cancelled): `cancel-requested`;
 * - every status `Cancelled`: `cancelled`;
 * - every status `Created`/`Acknowledged` (or `Cancelled`): `ready`;
 * - every status `Shipped`/`Delivered`/`Refund` (or `Cancelled`): `shipped`;
 * - anything else (open and shipped lines mixed, a status Walmart did not document, no status at
 *   all): `not-ready`, so that nothing is placed for an order that is partly gone or unknown.
 *
 * @param lines - the order's lines.
 */
export function readWalmartOrderStatus(lines: readonly WalmartLineStatusInput[]): MarketplaceOrderStatus {
  const statuses = lines.flatMap((line) =>
    line.orderLineStatuses.orderLineStatus.filter((entry) => statusQuantity(entry) > 0).map((entry) => entry.status),
  );
  if (statuses.length === 0) return 'not-ready';
  const allCancelled = statuses.every((status) => status === 'Cancelled');
  if (allCancelled) return 'cancelled';
  if (lines.some((line) => isWalmartIntentToCancel(line.intentToCancel))) return 'cancel-requested';
  const live = statuses.filter((status) => status !== 'Cancelled');
  if (live.every((status) => openStatuses.has(status))) return 'ready';
  if (live.every((status) => doneStatuses.has(status))) return 'shipped';
  return 'not-ready';
}

/** A line as {@link readWalmartCancellation} reads it: its number, statuses (with reasons) and cancel intent. */
export interface WalmartCancellationLineInput extends WalmartLineStatusInput {
  /** Absent on a line Walmart sent without one (the order is then held as unmappable anyway). */
  lineNumber?: string | number | undefined;
  orderLineStatuses: {
    orderLineStatus: {
      status: string;
      statusQuantity?: { amount: string | number } | null;
      cancellationReason?: string | null;
    }[];
  };
}

/** Who asked, from a Walmart `cancellationReason` (`CUSTOMER_…` the buyer, `SELLER_…` the seller). */
function requesterOf(reason: string | undefined): OrderCancellation['requestedBy'] | undefined {
  if (reason === undefined) return undefined;
  if (reason.startsWith('CUSTOMER')) return 'buyer';
  if (reason.startsWith('SELLER')) return 'seller';
  return undefined;
}

/**
 * The cancellation a Walmart order shows, from its lines, or undefined when none. Pure.
 * (https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines,
 * https://developer.walmart.com/us-marketplace/docs/order-intent-to-cancel-event-copy)
 *
 * - a line with `intentToCancel` set and units still open (`Created`/`Acknowledged`): the buyer
 *   asked, the seller answers: `state: 'requested'`, `requestedBy: 'buyer'`, `lines` those lines
 *   with their open units (absent when that is every unit of every line);
 * - otherwise, units in `Cancelled` status (`statusQuantity`): `state: 'done'`, with the reason
 *   Walmart gives (`cancellationReason`), `lines` the lines and cancelled units (absent when every
 *   unit of the order is cancelled).
 *
 * @param lines - the order's lines, as Walmart sent them.
 */
export function readWalmartCancellation(lines: readonly WalmartCancellationLineInput[]): OrderCancellation | undefined {
  const requested: { lineId: string; quantity: number }[] = [];
  const cancelled: { lineId: string; quantity: number }[] = [];
  let reason: string | undefined;
  let everyUnitRequested = true;
  let everyUnitCancelled = true;
  for (const [index, line] of lines.entries()) {
    const lineId = String(line.lineNumber ?? index + 1);
    let open = 0;
    let gone = 0;
    let total = 0;
    for (const entry of line.orderLineStatuses.orderLineStatus) {
      const units = statusQuantity(entry);
      if (units <= 0) continue;
      total += units;
      if (entry.status === 'Cancelled') {
        gone += units;
        reason ??= entry.cancellationReason ?? undefined;
      } else if (openStatuses.has(entry.status)) open += units;
    }
    if (gone > 0) cancelled.push({ lineId, quantity: gone });
    if (gone < total) everyUnitCancelled = false;
    if (isWalmartIntentToCancel(line.intentToCancel) && open > 0) {
      requested.push({ lineId, quantity: open });
      if (open < total) everyUnitRequested = false;
    } else {
      everyUnitRequested = false;
    }
  }
  if (requested.length > 0) {
    return { state: 'requested', requestedBy: 'buyer', ...(everyUnitRequested ? {} : { lines: requested }) };
  }
  if (cancelled.length === 0) return undefined;
  const requestedBy = requesterOf(reason);
  return {
    state: 'done',
    ...(requestedBy ? { requestedBy } : {}),
    ...(reason ? { reason } : {}),
    ...(everyUnitCancelled ? {} : { lines: cancelled }),
  };
}

/**
 * A Walmart time as ISO 8601: int64 epoch milliseconds (the spec's type; a JSON number or a
 * string of digits) or ISO 8601 text with a date and a time (tolerated). Pure.
 *
 * @param value - the field as Walmart sent it.
 * @returns the ISO text, or undefined when it is not a time.
 */
export function readWalmartTime(value: unknown): string | undefined {
  let milliseconds: number | undefined;
  if (typeof value === 'number') milliseconds = value;
  else if (typeof value === 'string' && /^\d{10,16}$/.test(value.trim())) milliseconds = Number(value.trim());
  else if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())
  ) {
    milliseconds = Date.parse(value.trim());
  }
  if (milliseconds === undefined || !Number.isSafeInteger(milliseconds)) return undefined;
  // Between 2000 and 2200: a value outside is not a Walmart order time (seconds, say).
  if (milliseconds < 946_684_800_000 || milliseconds > 7_258_118_400_000) return undefined;
  return new Date(milliseconds).toISOString();
}

/**
 * An ISO 3166-1 alpha-2 country code for Walmart's `country` (`USA` → `US`; a two-letter code
 * as it is). Pure.
 *
 * @param country - the field as Walmart sent it.
 * @returns the code, or undefined when it is not one the SDK knows.
 */
export function toWalmartCountryCode(country: string): string | undefined {
  const code = country.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code)) return code;
  return alpha2ByAlpha3[code];
}

/** The latest of the order's `orderDate` and its lines' `statusDate`: the order's last change as Walmart shows it. */
function lastChange(raw: unknown): string | undefined {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const status = walmartListedOrderStatusSchema.safeParse(raw);
  const times = [
    record.orderDate,
    ...(status.success ? status.data.orderLines.orderLine.map((line) => line.statusDate) : []),
  ]
    .map(readWalmartTime)
    .filter((time): time is string => time !== undefined)
    .sort();
  return times.at(-1);
}

/**
 * A failed parse's issue as a Walmart field path (`orderLines.orderLine[0].item.sku`) and its
 * message, down into a union (a Walmart list may be an array or a lone object): the branch that
 * got deepest is the one Walmart meant.
 */
function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  const path = issue.path ?? [];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path, message: issue.message };
  const branches = issue.errors
    .map((branch) => branch[0])
    .filter((first): first is z.core.$ZodIssue => first !== undefined)
    .map(describeIssue);
  const deepest = branches.reduce((best, branch) => (branch.path.length > best.path.length ? branch : best), {
    path: [] as PropertyKey[],
    message: issue.message,
  });
  return { path: [...path, ...deepest.path], message: deepest.message };
}

/** The Walmart field path of a path (`orderLines.orderLine[0].item.sku`). */
function fieldOf(path: readonly PropertyKey[]): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field.length === 0 ? String(part) : `.${String(part)}`;
  }
  return field || '(order)';
}

/** Whole units of a Walmart quantity (`"2"`), or undefined. */
function wholeUnits(quantity: {
  unitOfMeasurement?: string | null | undefined;
  amount: string | number;
}): number | undefined {
  const unit = quantity.unitOfMeasurement?.toUpperCase();
  if (unit !== undefined && unit !== 'EACH' && unit !== 'EA') return undefined;
  const text = String(quantity.amount).trim();
  if (!/^\d{1,6}$/.test(text)) return undefined;
  return Number(text);
}

/** Maps one line; undefined when nothing of it is left to ship (every unit cancelled). */
function mapLine(
  order: WalmartListedOrder,
  line: WalmartListedOrderLine,
  index: number,
  currency: string,
  keepCancelled: boolean,
  settings: WalmartOrderMappingSettings,
) {
  const at = `orderLines.orderLine[${index}]`;
  const fail = (field: string, reason: string): never => {
    throw new OrderMappingError(MARKETPLACE, order.purchaseOrderId, `${at}.${field}`, reason);
  };
  const ordered = wholeUnits(line.orderLineQuantity);
  if (ordered === undefined || ordered < 1) {
    return fail(
      'orderLineQuantity.amount',
      `"${String(line.orderLineQuantity.amount)}" is not a whole number of units (EACH) of at least 1`,
    );
  }
  let cancelled = 0;
  for (const entry of line.orderLineStatuses.orderLineStatus) {
    if (entry.status !== 'Cancelled') continue;
    const units = entry.statusQuantity ? wholeUnits(entry.statusQuantity) : ordered;
    if (units === undefined)
      return fail('orderLineStatuses.orderLineStatus.statusQuantity.amount', 'is not a whole number of units');
    cancelled += units;
  }
  const quantity = keepCancelled ? ordered : ordered - cancelled;
  if (quantity <= 0) return undefined;
  let total = 0;
  let products = 0;
  line.charges.charge.forEach((charge, chargeIndex) => {
    if (charge.chargeType !== 'PRODUCT') return;
    products += 1;
    const field = `charges.charge[${chargeIndex}].chargeAmount`;
    if (charge.chargeAmount.currency !== currency) {
      fail(`${field}.currency`, `is ${charge.chargeAmount.currency}, the order's other charges are ${currency}`);
    }
    const amount = decimalToMinorUnits(charge.chargeAmount.amount, currency);
    if (amount === undefined)
      fail(`${field}.amount`, `"${String(charge.chargeAmount.amount)}" is not an amount of ${currency}`);
    total += amount ?? 0;
  });
  if (products === 0) return fail('charges.charge', 'has no PRODUCT charge (the item price)');
  let unitPrice = total;
  if (settings.productCharge === 'line-total') {
    if (total % ordered !== 0) {
      return fail(
        'charges.charge',
        `the PRODUCT total ${total} (minor units) does not divide into ${ordered} equal unit prices`,
      );
    }
    unitPrice = total / ordered;
  }
  const title = line.item.productName?.trim();
  return {
    lineId: line.lineNumber,
    sku: line.item.sku,
    ...(title ? { title } : {}),
    quantity,
    unitPrice,
  };
}

/** The `SalesOrder` input of a parsed Walmart order (validated by `toListedOrder`). */
function toSalesOrderInput(
  order: WalmartListedOrder,
  status: MarketplaceOrderStatus,
  settings: WalmartOrderMappingSettings,
) {
  const fail = (field: string, reason: string): never => {
    throw new OrderMappingError(MARKETPLACE, order.purchaseOrderId, field, reason);
  };
  const orderedAt =
    readWalmartTime(order.orderDate) ??
    fail('orderDate', `"${String(order.orderDate)}" is not epoch milliseconds or an ISO 8601 time`);
  const shipping = order.shippingInfo;
  const address = shipping.postalAddress;
  const country =
    toWalmartCountryCode(address.country) ??
    fail('shippingInfo.postalAddress.country', `"${address.country}" is not a country code the SDK knows`);
  const charges = order.orderLines.orderLine.flatMap((line) => line.charges.charge);
  const currency = charges.find((charge) => charge.chargeType === 'PRODUCT')?.chargeAmount.currency ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency))
    fail('orderLines.orderLine[0].charges.charge.chargeAmount.currency', `"${currency}" is not an ISO 4217 code`);
  const keepCancelled = status === 'cancelled';
  const lines = order.orderLines.orderLine
    .map((line, index) => mapLine(order, line, index, currency, keepCancelled, settings))
    .filter((line) => line !== undefined);
  let shippingPaid = 0;
  order.orderLines.orderLine.forEach((line, index) => {
    line.charges.charge.forEach((charge, chargeIndex) => {
      if (charge.chargeType !== 'SHIPPING') return;
      const field = `orderLines.orderLine[${index}].charges.charge[${chargeIndex}].chargeAmount`;
      if (charge.chargeAmount.currency !== currency)
        fail(`${field}.currency`, `is ${charge.chargeAmount.currency}, the order's other charges are ${currency}`);
      const amount =
        decimalToMinorUnits(charge.chargeAmount.amount, currency) ??
        fail(`${field}.amount`, `"${String(charge.chargeAmount.amount)}" is not an amount of ${currency}`);
      shippingPaid += amount;
    });
  });
  const shipBy = shipping.estimatedShipDate == null ? undefined : readWalmartTime(shipping.estimatedShipDate);
  if (shipping.estimatedShipDate != null && shipBy === undefined) {
    fail(
      'shippingInfo.estimatedShipDate',
      `"${String(shipping.estimatedShipDate)}" is not epoch milliseconds or an ISO 8601 time`,
    );
  }
  const email = order.customerEmailId?.trim();
  const phone = shipping.phone?.trim();
  const address2 = address.address2?.trim();
  const serviceLevel = shipping.methodCode?.trim();
  return {
    marketplace: MARKETPLACE,
    marketplaceOrderId: order.purchaseOrderId,
    orderedAt,
    currency,
    buyer: {
      name: address.name,
      // A relay address (`…@relay.walmart.com`); one that is not an email address is left out.
      ...(email && emailSchema.safeParse(email).success ? { email } : {}),
      ...(phone ? { phone } : {}),
    },
    shipTo: {
      name: address.name,
      address1: address.address1,
      ...(address2 ? { address2 } : {}),
      city: address.city,
      region: address.state,
      postalCode: address.postalCode,
      country,
      ...(phone ? { phone } : {}),
    },
    lines,
    shippingPaid,
    ...(serviceLevel ? { serviceLevel } : {}),
    ...(shipBy ? { shipBy } : {}),
  };
}

/**
 * Maps one order of a `GET /v3/orders/released` page (`list.elements.order[i]`, as Walmart sent
 * it) to a listing entry through core's `toListedOrder`: a `ListedOrder`, or an `UnmappableOrder`
 * naming Walmart's field and the reason (a ship-to without a name, a price that is not money, a
 * country the SDK does not know). Pure.
 *
 * - `marketplaceOrderId` is `purchaseOrderId` (unique; `customerOrderId` is not), line ids are
 *   `lineNumber`s, SKU `item.sku`, quantity `orderLineQuantity.amount` less the cancelled units
 *   (fully cancelled lines are left out, unless the whole order is cancelled);
 * - unit price from the `PRODUCT` charges (see {@link WalmartProductChargeReading}), shipping
 *   paid from the `SHIPPING` charges, with `decimalToMinorUnits`;
 * - ship-to from `shippingInfo.postalAddress` (`USA` → `US`), buyer name from it too (Walmart
 *   gives no other), buyer email `customerEmailId`, phone `shippingInfo.phone`;
 * - `serviceLevel` = `shippingInfo.methodCode`, `shipBy` = `shippingInfo.estimatedShipDate`,
 *   `orderedAt` = `orderDate`; `updatedAt` = the latest of `orderDate` and the lines' `statusDate`;
 * - the status from {@link readWalmartOrderStatus}; `cancellation` from {@link readWalmartCancellation}.
 *
 * @param purchaseOrderId - the order's `purchaseOrderId`, read by the caller.
 * @param raw - the order as Walmart sent it.
 * @param settings - how to read the `PRODUCT` charge.
 */
export function mapWalmartOrder(
  purchaseOrderId: string,
  raw: unknown,
  settings: WalmartOrderMappingSettings,
): ListedOrderEntry {
  const statusInput = walmartListedOrderStatusSchema.safeParse(raw);
  // A released order has Created lines: `ready` when its lines cannot even be read (it is then held, not placed).
  const status = statusInput.success ? readWalmartOrderStatus(statusInput.data.orderLines.orderLine) : 'ready';
  const updatedAt = lastChange(raw);
  const entry = toListedOrder({
    marketplaceOrderId: purchaseOrderId,
    updatedAt: updatedAt ?? '',
    status,
    map: () => {
      const parsed = walmartListedOrderSchema.safeParse(raw);
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        const described = issue ? describeIssue(issue) : { path: [], message: 'is not in the documented shape' };
        throw new OrderMappingError(MARKETPLACE, purchaseOrderId, fieldOf(described.path), described.message);
      }
      return toSalesOrderInput(parsed.data, status, settings);
    },
  });
  if (entry.kind === 'order' && statusInput.success) {
    const cancellation = readWalmartCancellation(statusInput.data.orderLines.orderLine);
    if (cancellation) return { ...entry, cancellation };
  }
  if (updatedAt === undefined && entry.kind === 'unmappable') {
    // No time could be read: the entry says so by leaving `updatedAt` out.
    const { updatedAt: _unknown, ...rest } = entry;
    return rest;
  }
  return entry;
}
