/**
 * Reads a WPS date into an ISO 8601 instant (UTC). The response date format is not documented
 * (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders lists `order_date`, `ship_date`, `invoice_date` without a format), so every
 * common shape is accepted: `YYYY-MM-DD`, `YYYYMMDD` (the format of the `from_date` query),
 * `MM/DD/YYYY`, `MM/DD/YY`, `YYYY-MM-DD HH:MM:SS` and ISO date-times. Times without an offset
 * are read as UTC. Returns undefined for anything else.
 *
 * @param text - the date as WPS sent it.
 */
export function parseWpsDate(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  let match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value,
  );
  if (match) {
    const [, year, month, day, hour = '00', minute = '00', second = '00', offset] = match;
    return toIso(
      `${year}-${month}-${day}T${hour}:${minute}:${second}${normalizeOffset(offset)}`,
      Number(year),
      Number(month),
      Number(day),
    );
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(value);
  if (match) {
    const [, month = '', day = '', yearText = ''] = match;
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    return toIso(
      `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T00:00:00Z`,
      year,
      Number(month),
      Number(day),
    );
  }
  return undefined;
}

function normalizeOffset(offset: string | undefined): string {
  if (!offset || offset === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

function toIso(text: string, year: number, month: number, day: number): string | undefined {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject rolled-over dates such as 2025-02-31 (Date would read them as March 3rd).
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return date.toISOString();
}

/**
 * Formats an ISO date (or date-time) as the `YYYYMMDD` that `GET /orders?from_date=&to_date=`
 * takes (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders [DOC orders]).
 *
 * @param isoDate - `YYYY-MM-DD` or an ISO date-time (its date part is used as written).
 */
export function formatWpsQueryDate(isoDate: string): string {
  return isoDate.slice(0, 10).replaceAll('-', '');
}
