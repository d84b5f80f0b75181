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
 * Formats minor units for people, for example `formatMoney(12345, 'USD')` → `$123.45`.
 *
 * @param amount - integer minor units.
 * @param currency - ISO 4217 code.
 */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}
