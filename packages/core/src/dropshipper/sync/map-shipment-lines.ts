import type { PurchaseOrder } from '../../model/purchase-order.js';
import type { Shipment } from '../../model/shipment.js';
import type { ShipmentNoticeLine } from '../../spec/v1/marketplace-adapter.js';
import { allocateShipmentUnits } from '../../state-machine/allocate-shipment-units.js';

/**
 * Translates a recorded package into marketplace order lines (quantities per marketplace line id),
 * using the PO's lines and every package recorded on it: the units the package covers are those
 * `allocateShipmentUnits` gives it (exact `lines`; no lines meaning "the rest of the PO"; a box of
 * a distributor order, `packageOf`, its share of that order once complete, nothing before).
 * Units beyond what the PO ordered are ignored. An empty answer means the package covers no unit.
 *
 * @param purchaseOrder - the PO the shipment belongs to (with its recorded shipments).
 * @param shipment - the shipment to translate.
 */
export function mapShipmentToSalesLines(purchaseOrder: PurchaseOrder, shipment: Shipment): ShipmentNoticeLine[] {
  const shipments = purchaseOrder.shipments.some((recorded) => recorded.id === shipment.id)
    ? purchaseOrder.shipments
    : [...purchaseOrder.shipments, shipment];
  const units = allocateShipmentUnits({ lines: purchaseOrder.lines, shipments }).get(shipment.id) ?? [];
  const byLine = new Map<string, number>();
  units.forEach((quantity, index) => {
    const line = purchaseOrder.lines[index];
    if (line === undefined || quantity <= 0) return;
    byLine.set(line.salesLineId, (byLine.get(line.salesLineId) ?? 0) + quantity);
  });
  return [...byLine].map(([lineId, quantity]) => ({ lineId, quantity }));
}
