import type { DistributorOrderStatus } from '@dropship/core';

/**
 * Overrides of the `order_status` mapping, keyed by the WPS text (compared trimmed and
 * case-insensitively). The WPS `order_status` value set is NOT FOUND (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders), so
 * the defaults below are patterns; a dealer who learns the real values can pin them here.
 */
export type WpsStatusMap = Readonly<Record<string, DistributorOrderStatus>>;

/**
 * Default patterns, most specific first. Deliberately conservative: only words that can mean one
 * thing are mapped; anything else is `unknown` (and the raw text stays in `statusText`).
 */
const defaultPatterns: ReadonlyArray<readonly [RegExp, DistributorOrderStatus]> = [
  [/CANCEL|\bVOID/, 'cancelled'],
  [/REJECT|DECLINED|DENIED/, 'rejected'],
  [/PARTIAL/, 'partially_shipped'],
  [/BACK\s*-?\s*ORDER/, 'backordered'],
  [/SHIPPED|INVOICED|COMPLETE|CLOSED|DELIVERED/, 'shipped'],
  [/PENDING|\bHOLD\b|ON HOLD/, 'pending'],
  [/\bOPEN\b|PROCESS|RECEIVED|RELEASED|PICK|PACK|SUBMITTED|ENTERED|\bNEW\b/, 'open'],
];

/**
 * Maps the `order_status` of one warehouse order to the SDK status.
 *
 * A warehouse order with tracking numbers has shipped at least in part, so an unrecognised,
 * open or pending status with tracking reads as `partially_shipped`; a mapped `shipped` stays.
 *
 * @param orderStatus - the WPS `order_status` text, as is.
 * @param hasTracking - whether the warehouse order lists tracking numbers.
 * @param overrides - exact-text overrides from the client options.
 */
export function mapWpsOrderStatus(
  orderStatus: string | undefined,
  hasTracking: boolean,
  overrides: WpsStatusMap = {},
): DistributorOrderStatus {
  const text = (orderStatus ?? '').trim().toUpperCase();
  let status: DistributorOrderStatus = 'unknown';
  const override = Object.entries(overrides).find(([key]) => key.trim().toUpperCase() === text);
  if (override) {
    status = override[1];
  } else if (text) {
    status = defaultPatterns.find(([pattern]) => pattern.test(text))?.[1] ?? 'unknown';
  }
  if (hasTracking && (status === 'unknown' || status === 'open' || status === 'pending' || status === 'backordered')) {
    return 'partially_shipped';
  }
  return status;
}

/**
 * Combines the statuses of the warehouse orders a PO split into (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders: one PO can
 * become several orders, one per warehouse) into the PO's status.
 *
 * @param statuses - the status of each warehouse order.
 */
export function combineWpsOrderStatuses(statuses: readonly DistributorOrderStatus[]): DistributorOrderStatus {
  if (statuses.length === 0) return 'pending';
  if (statuses.every((status) => status === 'cancelled')) return 'cancelled';
  if (statuses.every((status) => status === 'rejected')) return 'rejected';
  const live = statuses.filter((status) => status !== 'cancelled' && status !== 'rejected');
  if (live.length === 0) return 'cancelled';
  if (live.every((status) => status === 'shipped')) return 'shipped';
  if (live.some((status) => status === 'shipped' || status === 'partially_shipped')) return 'partially_shipped';
  if (live.some((status) => status === 'unknown')) return 'unknown';
  if (live.some((status) => status === 'backordered')) return 'backordered';
  if (live.some((status) => status === 'open')) return 'open';
  return 'pending';
}
