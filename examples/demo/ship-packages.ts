import type { Sandbox } from '../sandbox/index.js';

/** Units of one SKU in a package. */
export interface PackageLine {
  sku: string;
  quantity: number;
}

/** A package a distributor is about to ship. */
export interface PlannedPackage {
  distributor: string;
  poNumber: string;
  lines: PackageLine[];
  /** True when more of the PO is left after this package. */
  partial: boolean;
  /** The WPS warehouse it ships from, when known. */
  warehouse?: string;
}

/** Units of each SKU of a simulator order not shipped yet. */
function remainingUnits(order: { lines: PackageLine[]; shipments: { lines: PackageLine[] }[] }): Map<string, number> {
  const left = new Map<string, number>();
  for (const line of order.lines) left.set(line.sku, (left.get(line.sku) ?? 0) + line.quantity);
  for (const shipment of order.shipments) {
    for (const line of shipment.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity);
  }
  return left;
}

function toLines(units: Map<string, number>): PackageLine[] {
  return [...units].filter(([, quantity]) => quantity > 0).map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * The packages a distributor ships next for a PO, the way it really would: WPS ships each of its
 * warehouse orders as its own package (its API lists items per warehouse order, not per
 * package); the others can ship any part of a PO.
 *
 * @param sandbox - the sandbox holding the simulators.
 * @param distributor - the PO's distributor.
 * @param poNumber - the PO.
 * @param mode - `first`: one partial package when the PO can ship in parts, else everything;
 *   `rest`: everything left.
 */
export function nextPackages(
  sandbox: Sandbox,
  distributor: string,
  poNumber: string,
  mode: 'first' | 'rest',
): PlannedPackage[] {
  if (distributor === 'wps') {
    const order = sandbox.distributorSimulators.wps.wpsOrders().find((candidate) => candidate.poNumber === poNumber);
    if (order === undefined || order.status === 'cancelled') return [];
    const left = remainingUnits(order);
    const byWarehouse = order.warehouseOrders
      .map((warehouseOrder) => {
        const lines: PackageLine[] = [];
        for (const line of warehouseOrder.lines) {
          const quantity = Math.min(line.quantity, left.get(line.sku) ?? 0);
          if (quantity <= 0) continue;
          lines.push({ sku: line.sku, quantity });
          left.set(line.sku, (left.get(line.sku) ?? 0) - quantity);
        }
        return { warehouse: warehouseOrder.warehouse, lines };
      })
      .filter((group) => group.lines.length > 0);
    const chosen = mode === 'first' ? byWarehouse.slice(0, 1) : byWarehouse;
    return chosen.map((group, index) => ({
      distributor,
      poNumber,
      lines: group.lines,
      partial: index < byWarehouse.length - 1,
      warehouse: group.warehouse,
    }));
  }
  const order = sandbox
    .distributorSimulator(distributor)
    .orders()
    .find((candidate) => candidate.poNumber === poNumber);
  if (order === undefined || order.status === 'cancelled') return [];
  const rest = toLines(remainingUnits(order));
  const units = rest.reduce((sum, line) => sum + line.quantity, 0);
  if (rest.length === 0) return [];
  if (mode === 'rest' || units < 2) return [{ distributor, poNumber, lines: rest, partial: false }];
  // A partial first package: the first line alone, or half of a single line.
  const [first] = rest as [PackageLine, ...PackageLine[]];
  const lines = rest.length > 1 ? [first] : [{ sku: first.sku, quantity: Math.floor(first.quantity / 2) }];
  return [{ distributor, poNumber, lines, partial: true }];
}
