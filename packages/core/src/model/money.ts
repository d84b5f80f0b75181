import { z } from 'zod';

/**
 * Largest amount, in minor units, that any money field accepts: 10^12 (ten billion dollars in
 * cents). Far above any real price or fee, and small enough that sums and quantity × price stay
 * within `Number.MAX_SAFE_INTEGER` where the model checks them (a price near 2^53 is refused).
 */
export const MAX_AMOUNT_MINOR_UNITS = 1_000_000_000_000;

/** An amount of money in integer minor units (cents for USD), at most {@link MAX_AMOUNT_MINOR_UNITS} either way. Never a float. */
export const minorUnitsSchema = z
  .number()
  .int('must be an integer number of minor units (cents)')
  .min(-MAX_AMOUNT_MINOR_UNITS, `must be at least -${MAX_AMOUNT_MINOR_UNITS} minor units`)
  .max(MAX_AMOUNT_MINOR_UNITS, `must be at most ${MAX_AMOUNT_MINOR_UNITS} minor units`);

/** A non-negative amount in integer minor units. */
export const nonNegativeMinorUnitsSchema = minorUnitsSchema.nonnegative('must not be negative');

/** An ISO 4217 currency code such as `USD`. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code such as USD');

/** An amount in integer minor units with its ISO currency. */
export const moneySchema = z.object({
  amount: minorUnitsSchema,
  currency: currencySchema,
});

/** An amount in integer minor units with its ISO currency. */
export type Money = z.infer<typeof moneySchema>;

/**
 * Digits after the decimal point in a currency's minor unit, from the runtime's ISO 4217 data
 * (https://www.iso.org/iso-4217-currency-codes.html): 2 for USD (cents), 0 for JPY, 3 for KWD.
 * The one home for this rule: every formatter of minor units uses it.
 *
 * @param currency - ISO 4217 code such as `USD`.
 * @returns the number of minor-unit digits.
 * @throws RangeError when `currency` is not a well-formed currency code.
 */
export function currencyMinorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Integer minor units as an exact plain decimal (string arithmetic, no floating point), with as
 * many digits after the point as the currency has: `formatMinorUnits(1999, 'USD')` is `19.99`,
 * `formatMinorUnits(5, 'USD')` is `0.05`, `formatMinorUnits(500, 'JPY')` is `500`,
 * `formatMinorUnits(1234, 'KWD')` is `1.234`.
 *
 * @param amount - integer minor units (may be negative).
 * @param currency - ISO 4217 code.
 * @returns the decimal text, `-` first when negative.
 * @throws RangeError when `amount` is not a safe integer or `currency` is not a currency code.
 */
export function formatMinorUnits(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`amount must be a safe integer number of minor units, got ${amount}`);
  }
  const digits = currencyMinorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * Formats minor units for people, with the currency's own number of digits:
 * `formatMoney(12345, 'USD')` → `$123.45`, `formatMoney(500, 'JPY')` → `¥500`,
 * `formatMoney(1234, 'KWD')` → `KWD 1.234`.
 *
 * @param amount - integer minor units.
 * @param currency - ISO 4217 code.
 * @returns the amount as `en-US` currency text.
 * @throws RangeError when `amount` is not a safe integer or `currency` is not a currency code.
 */
export function formatMoney(amount: number, currency: string): string {
  const decimal = formatMinorUnits(amount, currency) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(decimal);
}

/** A plain decimal amount: optional minus, digits, optional point and digits (no exponent, no grouping). */
const plainDecimal = /^(-?)(\d{1,15})(?:\.(\d{1,12}))?$/;

/**
 * A marketplace's decimal amount (`"19.99"`, `19.99`, `"1000"`) as exact integer minor units of
 * `currency`, read as text (no floating-point arithmetic): `decimalToMinorUnits('19.99', 'USD')`
 * is `1999`, `decimalToMinorUnits('500', 'JPY')` is `500`. The one home of this rule for API
 * answers (feed files, with currency signs and grouping, have their own parser in `@dropship/feeds`).
 *
 * @param amount - the amount as the API gave it: a decimal string or a JSON number.
 * @param currency - ISO 4217 code.
 * @returns integer minor units, or `undefined` when `amount` is not a plain decimal, has more
 * fraction digits than the currency (non-zero beyond them), or exceeds `MAX_AMOUNT_MINOR_UNITS`.
 */
export function decimalToMinorUnits(amount: string | number, currency: string): number | undefined {
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? numberToPlainText(amount) : '') : amount.trim();
  const match = plainDecimal.exec(text);
  if (!match) return undefined;
  const digits = currencyMinorDigits(currency);
  const fraction = match[3] ?? '';
  if (/[1-9]/.test(fraction.slice(digits))) return undefined;
  const minor = Number(`${match[2]}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT_MINOR_UNITS) return undefined;
  return match[1] === '-' && minor !== 0 ? -minor : minor;
}

/** A JSON number as the shortest decimal text that reads back as it (`0.1` → `"0.1"`, `1e21` → not plain). */
function numberToPlainText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? '' : text;
}
