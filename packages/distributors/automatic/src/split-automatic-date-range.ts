import { AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS } from './automatic-constants.js';

/** One window of a range lookup: ISO dates, both inclusive. */
export interface AutomaticDateWindow {
  startDate: string;
  endDate: string;
}

const dayMs = 86_400_000;

/**
 * Splits an inclusive ISO date range into consecutive windows of at most 365 days, the longest
 * lookup the API allows (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source, verified).
 *
 * @param from - first day, `YYYY-MM-DD` (a date-time's date part is used).
 * @param to - last day, inclusive.
 * @param maxDays - window length in days. Default 365.
 */
export function splitAutomaticDateRange(
  from: string,
  to: string,
  maxDays = AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS,
): AutomaticDateWindow[] {
  const start = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  const windows: AutomaticDateWindow[] = [];
  for (let windowStart = start; windowStart <= end; windowStart += maxDays * dayMs) {
    const windowEnd = Math.min(end, windowStart + (maxDays - 1) * dayMs);
    windows.push({
      startDate: new Date(windowStart).toISOString().slice(0, 10),
      endDate: new Date(windowEnd).toISOString().slice(0, 10),
    });
  }
  return windows;
}
