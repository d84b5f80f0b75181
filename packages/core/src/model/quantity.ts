import { z } from 'zod';

/**
 * Most units one line may hold (a purchase-order line, a shipment line). A billion units is beyond
 * any real order; the cap keeps every quantity × price of the model far inside
 * `Number.MAX_SAFE_INTEGER`.
 */
export const MAX_QUANTITY = 1_000_000_000;

/**
 * A stock count: a whole number of units, 0 to `Number.MAX_SAFE_INTEGER`. Stock is compared,
 * never multiplied by a price, so it is not capped at {@link MAX_QUANTITY}: distributor clients
 * cap a larger count at `Number.MAX_SAFE_INTEGER` ("at least that many"), and that must still parse.
 */
export const stockQuantitySchema = z
  .number()
  .int('must be a whole number (a safe integer)')
  .nonnegative('must not be negative');

/** A whole number of units, 1 to {@link MAX_QUANTITY}. */
export const positiveQuantitySchema = z
  .number()
  .int('must be a whole number')
  .positive('must be at least 1')
  .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`);
