import type { DistributorOrderStatus } from '@dropship/core';

/** What the status mapping may look at besides the status text. */
export interface PartsUnlimitedStatusEvidence {
  /** Ordered quantity per part number, when the answer lists the lines. */
  ordered: ReadonlyMap<string, number>;
  /** Shipped quantity per part number, when the shipments list their lines. */
  shipped: ReadonlyMap<string, number>;
  /** Number of packages with a tracking number. */
  packageCount: number;
}

const textPatterns: ReadonlyArray<readonly [RegExp, DistributorOrderStatus]> = [
  [/CANCEL|VOID/, 'cancelled'],
  [/REJECT|DECLIN|ERROR|FAIL/, 'rejected'],
  [/PARTIAL/, 'partially_shipped'],
  [/BACK\s*-?\s*ORDER/, 'backordered'],
  [/SHIPPED|INVOICED|COMPLETE|CLOSED|DELIVERED/, 'shipped'],
  [/OPEN|PENDING|PROCESS|RELEASED|RECEIVED|ACCEPTED|NEW|PICK|ENTERED/, 'open'],
];

/**
 * Maps the status of an order in the order list answer to a canonical status.
 *
 * MODELLED: the status values of the order list are NOT FOUND (no public documentation), so the text is
 * matched by keywords and checked against the packages: shipped quantities covering every
 * ordered line → `shipped`, some → `partially_shipped`. Without line detail, packages on an
 * order whose text says open → `partially_shipped`; packages and no useful text → `shipped`;
 * no text and no package → `open`.
 *
 * @param statusText - the status text as the API gave it, if any.
 * @param evidence - ordered and shipped quantities.
 */
export function mapPartsUnlimitedOrderStatus(
  statusText: string | undefined,
  evidence: PartsUnlimitedStatusEvidence,
): DistributorOrderStatus {
  const upper = statusText?.trim().toUpperCase() ?? '';
  for (const [pattern, status] of textPatterns) {
    if (!pattern.test(upper)) continue;
    // "SHIPPED" is trusted only when the lines do not contradict it.
    if (status === 'shipped' || status === 'open') return refineByShipments(status, evidence);
    return status;
  }
  return evidence.packageCount === 0 ? (upper === '' ? 'open' : 'unknown') : refineByShipments('shipped', evidence);
}

function refineByShipments(status: 'shipped' | 'open', evidence: PartsUnlimitedStatusEvidence): DistributorOrderStatus {
  if (evidence.packageCount === 0) return status;
  if (evidence.ordered.size === 0 || evidence.shipped.size === 0)
    return status === 'open' ? 'partially_shipped' : 'shipped';
  for (const [partNumber, quantity] of evidence.ordered) {
    if ((evidence.shipped.get(partNumber) ?? 0) < quantity) return 'partially_shipped';
  }
  return 'shipped';
}
