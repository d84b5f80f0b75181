import type { PurchaseOrderLine } from '../model/purchase-order.js';
import type { Shipment } from '../model/shipment.js';

/** What {@link allocateShipmentUnits} reads of a purchase order. */
export interface ShipmentUnitsInput {
  /** The PO's lines (SKU and quantity ordered). */
  readonly lines: readonly Pick<PurchaseOrderLine, 'sku' | 'quantity'>[];
  /** The recorded packages, in the order they were recorded. */
  readonly shipments: readonly Pick<Shipment, 'id' | 'lines' | 'packageOf' | 'trackingPushSkipped'>[];
}

/** A run of units of one PO line (by index). */
interface UnitRun {
  index: number;
  quantity: number;
}

/**
 * Takes up to `quantity` units of `sku` from what is still open on the PO lines with that SKU,
 * in line order. Units of a SKU the PO did not order (a substitute part) are not counted.
 */
function takeOpenUnits(lines: ShipmentUnitsInput['lines'], open: number[], sku: string, quantity: number): UnitRun[] {
  const runs: UnitRun[] = [];
  let left = quantity;
  for (let index = 0; index < lines.length && left > 0; index++) {
    const available = open[index] ?? 0;
    if (lines[index]?.sku !== sku || available <= 0) continue;
    const taken = Math.min(available, left);
    runs.push({ index, quantity: taken });
    open[index] = available - taken;
    left -= taken;
  }
  return runs;
}

/** The units of package `id` in `allocation`, created as zeros for `lineCount` lines on first use. */
function unitsOf(allocation: Map<string, number[]>, id: string, lineCount: number): number[] {
  let units = allocation.get(id);
  if (units === undefined) {
    units = new Array<number>(lineCount).fill(0);
    allocation.set(id, units);
  }
  return units;
}

/**
 * Units of each PO line covered by each recorded package: shipment id → units per PO line (by the
 * line's index in `purchaseOrder.lines`). One pure function behind both "is the PO fully shipped"
 * (`transition`) and "which marketplace lines does this package fulfil" (`mapShipmentToSalesLines`).
 *
 * 1. Packages that say what they hold (`lines`) and packages that hold "the rest of the PO"
 *    (neither `lines` nor `packageOf`) come first, in recorded order: each takes its units from
 *    what is still open (a rest package takes everything still open). Units beyond what the PO
 *    ordered, and SKUs it did not order, count for nothing.
 * 2. Then each group of boxes of one distributor order (`packageOf.ref`, groups in the order of
 *    their first recorded box): while the group is incomplete (`packageOf.complete` false) its
 *    boxes cover nothing. Once complete, its units (`packageOf.lines`, capped by what is still
 *    open on the PO) are spread over its boxes in recorded order, as evenly as possible: every
 *    box gets at least one unit while units remain and the first boxes take the extra ones
 *    (3 units over 2 boxes: 2 + 1; 1 unit over 2 boxes: 1 + 0). Units are handed out in the
 *    order of `packageOf.lines`, so each box gets consecutive units. Boxes settled without a
 *    push (`trackingPushSkipped`) are left out of the spread and cover nothing.
 *
 * The spread is a deterministic estimate, not a fact: the distributor did not say which box holds
 * what. Deterministic matters: every worker, every retry, computes the same split.
 *
 * @param purchaseOrder - the PO's lines and its recorded packages in recorded order.
 * @returns every shipment id of the PO, with an array as long as the PO's lines.
 */
export function allocateShipmentUnits(purchaseOrder: ShipmentUnitsInput): Map<string, number[]> {
  const { lines, shipments } = purchaseOrder;
  const open = lines.map((line) => line.quantity);
  const allocation = new Map<string, number[]>();

  /** Boxes per distributor order (made on the first box: most POs have none). */
  let groups: Map<string, (typeof shipments)[number][]> | undefined;

  for (const shipment of shipments) {
    const units = unitsOf(allocation, shipment.id, lines.length);
    if (shipment.packageOf !== undefined) {
      groups ??= new Map();
      const members = groups.get(shipment.packageOf.ref) ?? [];
      members.push(shipment);
      groups.set(shipment.packageOf.ref, members);
      continue;
    }
    if (shipment.lines === undefined) {
      open.forEach((available, index) => {
        if (available <= 0) return;
        units[index] = (units[index] ?? 0) + available;
        open[index] = 0;
      });
      continue;
    }
    for (const line of shipment.lines) {
      for (const run of takeOpenUnits(lines, open, line.sku, line.quantity))
        units[run.index] = (units[run.index] ?? 0) + run.quantity;
    }
  }

  if (groups === undefined) return allocation;
  for (const members of groups.values()) {
    const definition = members[0]?.packageOf;
    if (definition === undefined || !definition.complete) continue;
    const boxes = members.filter((member) => member.trackingPushSkipped === undefined);
    if (boxes.length === 0) continue;
    const runs = definition.lines.flatMap((line) => takeOpenUnits(lines, open, line.sku, line.quantity));
    const total = runs.reduce((sum, run) => sum + run.quantity, 0);
    const base = Math.floor(total / boxes.length);
    const extra = total % boxes.length;
    let run = 0;
    let usedOfRun = 0;
    boxes.forEach((box, position) => {
      const units = unitsOf(allocation, box.id, lines.length);
      let count = base + (position < extra ? 1 : 0);
      while (count > 0 && run < runs.length) {
        const current = runs[run] as UnitRun;
        const taken = Math.min(count, current.quantity - usedOfRun);
        units[current.index] = (units[current.index] ?? 0) + taken;
        count -= taken;
        usedOfRun += taken;
        if (usedOfRun === current.quantity) {
          run++;
          usedOfRun = 0;
        }
      }
    });
  }
  return allocation;
}

/**
 * True when the recorded packages cover every unit of every PO line (see
 * {@link allocateShipmentUnits}): a rest package, every listed unit, or complete groups of boxes.
 *
 * @param purchaseOrder - the PO's lines and its recorded packages.
 */
export function coversEveryUnit(purchaseOrder: ShipmentUnitsInput): boolean {
  // A rest package (neither lines nor packageOf) takes every unit still open: all are covered.
  for (const shipment of purchaseOrder.shipments)
    if (shipment.lines === undefined && shipment.packageOf === undefined) return true;
  const covered = purchaseOrder.lines.map(() => 0);
  for (const units of allocateShipmentUnits(purchaseOrder).values())
    units.forEach((quantity, index) => {
      covered[index] = (covered[index] ?? 0) + quantity;
    });
  return purchaseOrder.lines.every((line, index) => (covered[index] ?? 0) >= line.quantity);
}
