import { currencyMinorDigits, formatMinorUnits } from '@dropship/core';

/**
 * An amount in integer minor units as an X12 decimal (type R: the point is written, trailing
 * zeros and a bare point dropped): 1999 USD is `19.99`, 40000 is `400`, 5 is `0.05`.
 *
 * @param minorUnits - an integer amount (may be negative).
 * @param currency - its ISO currency.
 */
export function formatX12Decimal(minorUnits: number, currency: string): string {
  const decimal = formatMinorUnits(minorUnits, currency);
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

/**
 * An X12 decimal (type R, `19.99`, `400`, `-3.5`) as integer minor units, or undefined when it
 * is not a decimal or has more digits after the point than the currency has (never rounded).
 *
 * @param text - the element.
 * @param currency - the ISO currency.
 */
export function parseX12Decimal(text: string, currency: string): number | undefined {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const digits = currencyMinorDigits(currency);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return undefined;
  const value = Number(`${match[2] || '0'}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(value)) return undefined;
  return match[1] === '-' ? -value : value;
}

/**
 * An X12 N2 amount (implied two decimals, as TDS01 and SAC05: `14400` is 144.00) as minor units
 * of a two-decimal currency, or undefined when it is not a whole number.
 *
 * @param text - the element.
 */
export function parseX12ImpliedDecimal(text: string): number | undefined {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
