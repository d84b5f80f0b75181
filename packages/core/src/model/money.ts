import { z } from 'zod';

/** An amount of money in integer minor units (cents for USD). Never a float. */
export const minorUnitsSchema = z.number().int('must be an integer number of minor units (cents)').safe();

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
 * Formats minor units for people, for example `formatMoney(12345, 'USD')` → `$123.45`.
 *
 * @param amount - integer minor units.
 * @param currency - ISO 4217 code.
 */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}
