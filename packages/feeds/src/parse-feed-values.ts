import { MAX_AMOUNT_MINOR_UNITS } from '@dropship/core';

const ZERO = 48;
const NINE = 57;
const SPACE = 32;
const TAB = 9;
const DOT = 46;
const COMMA = 44;
const DOLLAR = 36;
const MINUS = 45;
const PLUS = 43;

const powersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

/**
 * Parses a decimal amount written as text (`12.34`, `$1,234.5`, ` 7 `, `-0.99`) into integer
 * minor units (cents by default), exactly: digits are accumulated as integers, never through a
 * binary float, so `0.29` is 29, not 28.999…. Digits beyond `fractionDigits` are rounded half
 * away from zero (`1.005` → 101). A `$` sign and thousands separators in groups of three are
 * accepted; anything else (`12,50`, `1e3`, `12.3.4`, an empty text) gives `undefined`.
 *
 * @param text - the amount as written in the feed.
 * @param fractionDigits - minor-unit digits of the currency (2 for USD). 0 to 6.
 * @returns the amount in minor units, or `undefined` when `text` is not a decimal amount (or is
 * beyond the model's `MAX_AMOUNT_MINOR_UNITS`, 10^12 minor units, either way).
 * @example
 * ```ts
 * parseDecimalToMinorUnits('29.97'); // 2997
 * parseDecimalToMinorUnits('$1,049.5'); // 104950
 * ```
 */
export function parseDecimalToMinorUnits(text: string, fractionDigits = 2): number | undefined {
  const length = text.length;
  let index = 0;
  while (index < length && isBlank(text.charCodeAt(index))) index++;
  let end = length;
  while (end > index && isBlank(text.charCodeAt(end - 1))) end--;
  if (index === end) return undefined;

  let negative = false;
  let code = text.charCodeAt(index);
  if (code === MINUS || code === PLUS) {
    negative = code === MINUS;
    index++;
    code = text.charCodeAt(index);
  }
  if (code === DOLLAR) index++;

  let whole = 0;
  let wholeDigits = 0;
  let groupDigits = -1; // digits since the last thousands separator, -1 before the first one
  while (index < end) {
    code = text.charCodeAt(index);
    if (isDigit(code)) {
      whole = whole * 10 + (code - ZERO);
      wholeDigits++;
      if (groupDigits >= 0) groupDigits++;
      index++;
    } else if (code === COMMA) {
      // A separator needs 1 to 3 digits before the first one and exactly 3 between the others.
      if (wholeDigits === 0 || (groupDigits === -1 ? wholeDigits > 3 : groupDigits !== 3)) return undefined;
      groupDigits = 0;
      index++;
    } else {
      break;
    }
  }
  if (groupDigits !== -1 && groupDigits !== 3) return undefined;

  let fraction = 0;
  let fractionSeen = 0;
  let roundUp = false;
  if (index < end && text.charCodeAt(index) === DOT) {
    index++;
    while (index < end) {
      code = text.charCodeAt(index);
      if (!isDigit(code)) return undefined;
      if (fractionSeen < fractionDigits) fraction = fraction * 10 + (code - ZERO);
      else if (fractionSeen === fractionDigits) roundUp = code - ZERO >= 5;
      fractionSeen++;
      index++;
    }
  }
  if (index !== end || (wholeDigits === 0 && fractionSeen === 0)) return undefined;
  for (let padding = Math.min(fractionSeen, fractionDigits); padding < fractionDigits; padding++) fraction *= 10;

  const scale = powersOfTen[fractionDigits];
  if (scale === undefined) return undefined;
  const minorUnits = whole * scale + fraction + (roundUp ? 1 : 0);
  if (!Number.isSafeInteger(minorUnits) || minorUnits > MAX_AMOUNT_MINOR_UNITS) return undefined;
  return negative ? -minorUnits : minorUnits;
}

/** Stock at one warehouse as a feed states it. */
export interface StockQuantity {
  /** Units available (at least this many when `isFloor`). */
  quantity: number;
  /** The feed said "more than this" (`12+`, `+`). */
  isFloor: boolean;
}

/** Options of {@link parseStockQuantity}. */
export interface StockQuantityOptions {
  /** Units assumed for a bare `+` ("more than shown", with no number). Default 1: the only count known to be true. */
  plusQuantity?: number;
  /** Texts meaning "this warehouse does not stock the item" (compared ignoring case). Default `['N/A', 'NA']`; an empty text always means it. */
  notStocked?: readonly string[];
}

const defaultNotStocked = ['N/A', 'NA'];

/**
 * Reads a per-warehouse availability value: a whole number (`12`, `12.0`), a floor (`12+`, or a
 * bare `+` read as `plusQuantity`), or a "not stocked here" marker (`N/A`, empty).
 *
 * @param text - the value as written in the feed.
 * @param options - what a bare `+` is worth and which texts mean "not stocked".
 * @returns the quantity, `'not-stocked'`, or `undefined` when the text is not a quantity
 * (`abc`, `-3`, `1.5`).
 * @example
 * ```ts
 * parseStockQuantity('12+'); // { quantity: 12, isFloor: true }
 * parseStockQuantity('N/A'); // 'not-stocked'
 * ```
 */
export function parseStockQuantity(
  text: string,
  options: StockQuantityOptions = {},
): StockQuantity | 'not-stocked' | undefined {
  const length = text.length;
  let index = 0;
  while (index < length && isBlank(text.charCodeAt(index))) index++;
  let end = length;
  while (end > index && isBlank(text.charCodeAt(end - 1))) end--;
  if (index === end) return 'not-stocked';

  let quantity = 0;
  let digits = 0;
  let code = text.charCodeAt(index);
  while (index < end && isDigit(code)) {
    quantity = quantity * 10 + (code - ZERO);
    digits++;
    index++;
    code = text.charCodeAt(index);
  }
  if (digits > 0 && index < end && code === DOT) {
    // `12.0` / `12.00`: a whole number written with a zero fraction.
    index++;
    let zeros = 0;
    while (index < end && text.charCodeAt(index) === ZERO) {
      index++;
      zeros++;
    }
    if (zeros === 0) return undefined;
    code = text.charCodeAt(index);
  }
  let isFloor = false;
  if (index < end && code === PLUS) {
    isFloor = true;
    index++;
  }
  if (index === end) {
    if (digits === 0) return isFloor ? { quantity: options.plusQuantity ?? 1, isFloor: true } : undefined;
    return Number.isSafeInteger(quantity) ? { quantity, isFloor } : undefined;
  }
  if (digits === 0 && !isFloor) {
    const word = text.slice(index, end).toUpperCase();
    for (const marker of options.notStocked ?? defaultNotStocked)
      if (marker.toUpperCase() === word) return 'not-stocked';
  }
  return undefined;
}

/**
 * Reads a UPC / EAN / GTIN: digits only after removing spaces and dashes, 8 to 14 of them (what
 * `Offer.upc` accepts). Spreadsheet damage such as `7.12345E+11` is not repaired.
 *
 * @param text - the code as written in the feed.
 * @returns the digits, `undefined` when empty, or `null` when present but not a valid code.
 */
export function parseUpc(text: string): string | undefined | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  let digits = trimmed;
  for (let index = 0; index < trimmed.length; index++) {
    if (!isDigit(trimmed.charCodeAt(index))) {
      digits = trimmed.replace(/[\s-]/g, '');
      if (!/^\d+$/.test(digits)) return null;
      break;
    }
  }
  return digits.length >= 8 && digits.length <= 14 ? detachString(digits) : null;
}

/**
 * A copy of `text` that does not keep alive the decoded chunk it was cut from. V8 makes a slice of
 * 13 or more characters a view into its parent string, so a title kept in a catalog would pin the
 * whole 256 KB chunk of the feed it came from; a copy holds only its own characters. Shorter
 * strings are already copies and are returned as they are.
 *
 * @param text - a string cut from a larger one.
 */
export function detachString(text: string): string {
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}
