/**
 * Formats a date for the order list filters. The expected format is NOT FOUND (no public documentation);
 * the default is the ISO calendar date `YYYY-MM-DD` (UTC). Replace it with the client's
 * `formatDate` option.
 *
 * @param date - the date.
 */
export function formatPartsUnlimitedDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Query string of `GET /v2/orders/dropship` for one page of orders placed in a date range
 * (no public documentation: `order_date_start`, `order_date_end`, `page_num`; page numbers start at 1).
 *
 * @param range - first and last day (inclusive) and the page.
 * @param formatDate - date formatter.
 */
export function buildPartsUnlimitedOrderListQuery(
  range: { from: Date; to: Date; page: number },
  formatDate: (date: Date) => string = formatPartsUnlimitedDate,
): Record<string, string> {
  return {
    order_date_start: formatDate(range.from),
    order_date_end: formatDate(range.to),
    page_num: String(range.page),
  };
}

/**
 * The window searched when looking an order up by PO number: from `windowDays` days ago to
 * tomorrow (the day after `now`, so that a time-zone difference never hides today's orders).
 *
 * @param now - the current time.
 * @param windowDays - how many days back to look.
 */
export function partsUnlimitedLookupWindow(now: Date, windowDays: number): { from: Date; to: Date } {
  const day = 24 * 60 * 60 * 1000;
  return { from: new Date(now.getTime() - windowDays * day), to: new Date(now.getTime() + day) };
}
