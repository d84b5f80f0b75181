import type { PurchaseOrder } from '../model/purchase-order.js';
import type { Shipment } from '../model/shipment.js';
import type { ShipmentNoticeLine } from '../spec/v1/marketplace-adapter.js';

/**
 * Units of each PO line covered by the shipments recorded before `until` (all of them when
 * `until` is not recorded), keyed by the PO line's index.
 */
function shippedByLine(purchaseOrder: PurchaseOrder, until: string): number[] {
  const shipped = purchaseOrder.lines.map(() => 0);
  for (const shipment of purchaseOrder.shipments) {
    if (shipment.id === until) break;
    for (const allocation of allocate(purchaseOrder, shipment, shipped)) {
      shipped[allocation.index] = (shipped[allocation.index] ?? 0) + allocation.quantity;
    }
  }
  return shipped;
}

/** Spreads a shipment's SKU quantities over the PO lines with that SKU, in line order. */
function allocate(
  purchaseOrder: PurchaseOrder,
  shipment: Shipment,
  alreadyShipped: readonly number[],
): { index: number; quantity: number }[] {
  const allocations: { index: number; quantity: number }[] = [];
  const remaining = purchaseOrder.lines.map((line, index) => line.quantity - (alreadyShipped[index] ?? 0));
  if (shipment.lines === undefined) {
    remaining.forEach((quantity, index) => {
      if (quantity > 0) allocations.push({ index, quantity });
    });
    return allocations;
  }
  for (const shipped of shipment.lines) {
    let left = shipped.quantity;
    purchaseOrder.lines.forEach((line, index) => {
      const open = remaining[index] ?? 0;
      if (left <= 0 || line.sku !== shipped.sku || open <= 0) return;
      const quantity = Math.min(open, left);
      allocations.push({ index, quantity });
      remaining[index] = open - quantity;
      left -= quantity;
    });
  }
  return allocations;
}

/**
 * Translates a distributor shipment (quantities per distributor SKU, or no lines meaning "the
 * rest of the PO") into marketplace order lines (quantities per marketplace line id), using the
 * PO's lines. Units beyond what the PO ordered are ignored.
 *
 * @param purchaseOrder - the PO the shipment belongs to (with its recorded shipments).
 * @param shipment - the shipment to translate.
 */
export function mapShipmentToSalesLines(purchaseOrder: PurchaseOrder, shipment: Shipment): ShipmentNoticeLine[] {
  const byLine = new Map<string, number>();
  for (const { index, quantity } of allocate(purchaseOrder, shipment, shippedByLine(purchaseOrder, shipment.id))) {
    const line = purchaseOrder.lines[index];
    if (line === undefined) continue;
    byLine.set(line.salesLineId, (byLine.get(line.salesLineId) ?? 0) + quantity);
  }
  return [...byLine].map(([lineId, quantity]) => ({ lineId, quantity }));
}
