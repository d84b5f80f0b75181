import { ValidationError } from '../errors/validation-error.js';

/** An instant: a `Date`, an ISO 8601 string or epoch milliseconds. */
export type InstantInput = Date | string | number;

/**
 * Epoch milliseconds of an instant; the current time when `now` is undefined.
 *
 * @param now - a `Date`, an ISO 8601 string or epoch milliseconds.
 * @param path - where the value came from, for the error.
 * @throws {@link ValidationError} when `now` is not a valid instant.
 */
export function resolveNow(now: InstantInput | undefined, path = 'now'): number {
  if (now === undefined) return Date.now();
  let value = Number.NaN;
  if (now instanceof Date) value = now.getTime();
  else if (typeof now === 'number') value = now;
  else if (typeof now === 'string') value = Date.parse(now);
  if (!Number.isFinite(value)) {
    throw new ValidationError('options', [
      { path, message: 'must be a Date, an ISO 8601 date-time or epoch milliseconds' },
    ]);
  }
  return value;
}

let cachedMs = Number.NaN;
let cachedIso = '';

/**
 * `new Date(ms).toISOString()`, remembering the last answer: formatting a date costs more than
 * the rest of a state-machine step, and steps taken in one millisecond share their instant.
 *
 * @param ms - epoch milliseconds.
 * @throws RangeError when `ms` is outside the range of `Date`.
 */
export function toIsoInstant(ms: number): string {
  if (ms !== cachedMs) {
    cachedIso = new Date(ms).toISOString();
    cachedMs = ms;
  }
  return cachedIso;
}
