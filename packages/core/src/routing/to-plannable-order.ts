import { z } from 'zod';
import { parseSalesOrder, type SalesOrder } from '../model/sales-order.js';

// The same patterns the model's zod schemas use, so the fast check never accepts what the
// schema refuses.
const emailPattern = z.regexes.email;
const dateTimePattern = z.regexes.datetime({ offset: true });
const marketplacePattern = /^[a-z0-9][a-z0-9-]*$/;
const currencyPattern = /^[A-Z]{3}$/;
const countryPattern = /^[A-Z]{2}$/;
const upcPattern = /^\d{8,14}$/;

type Record_ = Record<string, unknown>;

function isObject(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `trim()` would leave `value` unchanged (fast for printable ASCII ends). */
function hasNoOuterSpace(value: string): boolean {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return true;
  return value.trim() === value;
}

/** A non-empty string with nothing for `trim()` to remove. */
function isTrimmedText(value: unknown, maxLength: number): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength && hasNoOuterSpace(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isOptionalTrimmedString(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && (value.length === 0 || hasNoOuterSpace(value)));
}

function isOptionalEmail(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && emailPattern.test(value));
}

function isOptionalMinorUnits(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

function isWellFormedProduct(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const { brand, mpn, upc } = value;
  if (brand !== undefined && !isTrimmedText(brand, Number.MAX_SAFE_INTEGER)) return false;
  if (mpn !== undefined && !isTrimmedText(mpn, Number.MAX_SAFE_INTEGER)) return false;
  if (upc !== undefined && !(typeof upc === 'string' && upcPattern.test(upc))) return false;
  return upc !== undefined || (brand !== undefined && mpn !== undefined);
}

function isWellFormedAddress(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    isTrimmedText(value.name, Number.MAX_SAFE_INTEGER) &&
    isTrimmedText(value.address1, Number.MAX_SAFE_INTEGER) &&
    isTrimmedText(value.city, Number.MAX_SAFE_INTEGER) &&
    isTrimmedText(value.region, Number.MAX_SAFE_INTEGER) &&
    isTrimmedText(value.postalCode, Number.MAX_SAFE_INTEGER) &&
    typeof value.country === 'string' &&
    countryPattern.test(value.country) &&
    isOptionalTrimmedString(value.company) &&
    isOptionalTrimmedString(value.address2) &&
    isOptionalTrimmedString(value.address3) &&
    isOptionalTrimmedString(value.phone) &&
    isOptionalEmail(value.email)
  );
}

function hasUniqueLineIds(lines: readonly Record_[]): boolean {
  if (lines.length <= 8) {
    for (let left = 0; left < lines.length; left++) {
      for (let right = left + 1; right < lines.length; right++) {
        if ((lines[left] as Record_).lineId === (lines[right] as Record_).lineId) return false;
      }
    }
    return true;
  }
  return new Set(lines.map((line) => line.lineId)).size === lines.length;
}

/**
 * True when `value` is a sales order the schema accepts unchanged (no trimming or defaults to
 * apply, except `shippingPaid` which routing reads as 0 when absent). A strict subset of
 * `salesOrderSchema`: anything it refuses goes through the schema for a full error report.
 */
function isWellFormedSalesOrder(value: unknown): value is SalesOrder {
  if (!isObject(value)) return false;
  const { lines, buyer } = value;
  if (
    !(typeof value.marketplace === 'string' && marketplacePattern.test(value.marketplace)) ||
    !isTrimmedText(value.marketplaceOrderId, 200) ||
    !(typeof value.orderedAt === 'string' && dateTimePattern.test(value.orderedAt)) ||
    !(typeof value.currency === 'string' && currencyPattern.test(value.currency)) ||
    !isOptionalString(value.customerId) ||
    !isOptionalMinorUnits(value.shippingPaid) ||
    !isOptionalMinorUnits(value.fees) ||
    !isObject(buyer) ||
    !isTrimmedText(buyer.name, Number.MAX_SAFE_INTEGER) ||
    !isOptionalEmail(buyer.email) ||
    !isOptionalString(buyer.phone) ||
    !isWellFormedAddress(value.shipTo) ||
    !Array.isArray(lines) ||
    lines.length === 0 ||
    lines.length > 500
  ) {
    return false;
  }
  for (let index = 0; index < lines.length; index++) {
    const line: unknown = lines[index];
    if (!isObject(line)) return false;
    const quantity = line.quantity;
    const unitPrice = line.unitPrice;
    if (
      !isTrimmedText(line.lineId, 200) ||
      !isTrimmedText(line.sku, 200) ||
      typeof quantity !== 'number' ||
      !Number.isSafeInteger(quantity) ||
      quantity < 1 ||
      quantity > 100_000 ||
      typeof unitPrice !== 'number' ||
      !Number.isSafeInteger(unitPrice) ||
      unitPrice < 0 ||
      !isOptionalString(line.title) ||
      !isWellFormedProduct(line.product)
    ) {
      return false;
    }
  }
  return hasUniqueLineIds(lines as Record_[]);
}

/**
 * Returns `input` as a sales order ready for routing. Well-formed orders pass through a fast
 * check untouched; anything else goes through `parseSalesOrder`, which either normalises it or
 * throws a `ValidationError` listing every problem with its path.
 *
 * @param input - untrusted order.
 * @throws {@link ValidationError} when the order is malformed.
 */
export function toPlannableOrder(input: unknown): SalesOrder {
  if (isWellFormedSalesOrder(input)) return input;
  return parseSalesOrder(input);
}
