import type { DistributorOrderStatus, DistributorShipment } from '@dropship/core';

/**
 * The status of a Tucker Rocky order. TRWS reports shipments only; an order status is NOT FOUND
 * (no public documentation). So: no package → `open`; packages whose lines cover every ordered line →
 * `shipped`; some → `partially_shipped`; packages without line detail (or without the ordered
 * lines to compare with) → `shipped`.
 *
 * @param shipments - the packages of the order.
 * @param orderedLines - the lines ordered, when known.
 */
export function mapTuckerRockyOrderStatus(
  shipments: readonly DistributorShipment[],
  orderedLines: readonly { sku: string; quantity: number }[] | undefined,
): DistributorOrderStatus {
  if (shipments.length === 0) return 'open';
  if (!orderedLines || orderedLines.length === 0 || shipments.some((shipment) => shipment.lines === undefined))
    return 'shipped';
  const shipped = new Map<string, number>();
  for (const shipment of shipments) {
    for (const line of shipment.lines ?? []) {
      const key = line.sku.replaceAll('-', '').toUpperCase();
      shipped.set(key, (shipped.get(key) ?? 0) + line.quantity);
    }
  }
  const ordered = new Map<string, number>();
  for (const line of orderedLines) {
    const key = line.sku.replaceAll('-', '').toUpperCase();
    ordered.set(key, (ordered.get(key) ?? 0) + line.quantity);
  }
  for (const [sku, quantity] of ordered) {
    if ((shipped.get(sku) ?? 0) < quantity) return 'partially_shipped';
  }
  return 'shipped';
}
