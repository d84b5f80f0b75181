import { z } from 'zod';
import { SHELF_DISTRIBUTOR } from '../model/offer.js';
import { parseWith } from '../model/parse.js';

/** Units reserved at one (distributor, SKU, warehouse). */
export interface StockReservation {
  distributor: string;
  sku: string;
  warehouse: string;
  quantity: number;
}

/** One warehouse's reserved units for a SKU (internal cell of the ledger). */
interface LedgerCell {
  readonly distributor: string;
  readonly warehouse: string;
  quantity: number;
}

/** The parts of an `OrderPlan` that take stock: PO lines and shelf allocations. */
export interface ReservablePlan {
  /** POs: each line takes `quantity` of `sku` at `warehouse` from `distributor`. */
  readonly purchaseOrders: readonly {
    readonly distributor: string;
    readonly lines: readonly { readonly sku: string; readonly warehouse: string; readonly quantity: number }[];
  }[];
  /** Shelf stock taken (distributor `shelf`). */
  readonly shelfAllocations: readonly { readonly sku: string; readonly warehouse: string; readonly quantity: number }[];
}

const reservationSchema = z.strictObject({
  distributor: z.string().min(1, 'must be a non-empty string'),
  sku: z.string().min(1, 'must be a non-empty string'),
  warehouse: z.string(),
  quantity: z
    .number()
    .int('must be a whole number of units, at least 0')
    .min(0, 'must be a whole number of units, at least 0')
    .max(Number.MAX_SAFE_INTEGER),
});

function checkReservation(distributor: string, sku: string, warehouse: string, quantity: number): void {
  parseWith(reservationSchema, { distributor, sku, warehouse, quantity }, 'stock reservation');
}

/**
 * Remembers the stock that plans have already taken, so that one plan, and consecutive plans
 * sharing the ledger, never assign more units than the stock they saw.
 *
 * Pass the same ledger to every `plan` call of a batch: each plan reserves what it allocates,
 * and the next plan sees `quantity - reserved`. Call {@link StockLedger.releasePlan} when a plan
 * is not placed, and {@link StockLedger.clear} when fresh stock arrives (a new feed, a real-time
 * check) that already reflects the orders placed.
 */
export class StockLedger {
  /** Cells by SKU: a SKU is shared by few (distributor, warehouse) pairs. */
  readonly #bySku = new Map<string, LedgerCell[]>();
  #cellCount = 0;

  /** Number of (distributor, SKU, warehouse) cells holding a reservation. */
  get size(): number {
    return this.#cellCount;
  }

  /**
   * Units reserved at one (distributor, SKU, warehouse).
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   */
  reserved(distributor: string, sku: string, warehouse: string): number {
    const cells = this.#bySku.get(sku);
    if (cells === undefined) return 0;
    for (const cell of cells)
      if (cell.distributor === distributor && cell.warehouse === warehouse) return cell.quantity;
    return 0;
  }

  /**
   * True when nothing at all is reserved for `sku` (any distributor, any warehouse).
   *
   * @param sku - a distributor SKU.
   */
  isUntouched(sku: string): boolean {
    return !this.#bySku.has(sku);
  }

  /**
   * Takes units at one (distributor, SKU, warehouse).
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   * @param quantity - units to take.
   * @throws {@link ValidationError} for a malformed reservation.
   */
  reserve(distributor: string, sku: string, warehouse: string, quantity: number): void {
    checkReservation(distributor, sku, warehouse, quantity);
    if (quantity > 0) this.#add(distributor, sku, warehouse, quantity);
  }

  #add(distributor: string, sku: string, warehouse: string, quantity: number): void {
    let cells = this.#bySku.get(sku);
    if (cells === undefined) {
      cells = [];
      this.#bySku.set(sku, cells);
    }
    for (const cell of cells) {
      if (cell.distributor === distributor && cell.warehouse === warehouse) {
        cell.quantity += quantity;
        return;
      }
    }
    cells.push({ distributor, warehouse, quantity });
    this.#cellCount++;
  }

  /**
   * Gives units back (a plan that was not placed, a cancelled PO). Never goes below zero.
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   * @param quantity - units to release.
   * @throws {@link ValidationError} for a malformed reservation.
   */
  release(distributor: string, sku: string, warehouse: string, quantity: number): void {
    checkReservation(distributor, sku, warehouse, quantity);
    const cells = this.#bySku.get(sku);
    if (cells === undefined) return;
    const index = cells.findIndex((cell) => cell.distributor === distributor && cell.warehouse === warehouse);
    if (index < 0) return;
    const cell = cells[index] as LedgerCell;
    cell.quantity -= quantity;
    if (cell.quantity <= 0) {
      cells.splice(index, 1);
      this.#cellCount--;
      if (cells.length === 0) this.#bySku.delete(sku);
    }
  }

  /**
   * Reserves every allocation of a plan (the planner does this itself when given the ledger).
   *
   * @param plan - an `OrderPlan`.
   */
  reservePlan(plan: ReservablePlan): void {
    for (const purchaseOrder of plan.purchaseOrders) {
      for (const line of purchaseOrder.lines)
        this.reserve(purchaseOrder.distributor, line.sku, line.warehouse, line.quantity);
    }
    for (const allocation of plan.shelfAllocations) {
      this.reserve(SHELF_DISTRIBUTOR, allocation.sku, allocation.warehouse, allocation.quantity);
    }
  }

  /**
   * Releases every allocation of a plan that was reserved before.
   *
   * @param plan - an `OrderPlan`.
   */
  releasePlan(plan: ReservablePlan): void {
    for (const purchaseOrder of plan.purchaseOrders) {
      for (const line of purchaseOrder.lines)
        this.release(purchaseOrder.distributor, line.sku, line.warehouse, line.quantity);
    }
    for (const allocation of plan.shelfAllocations) {
      this.release(SHELF_DISTRIBUTOR, allocation.sku, allocation.warehouse, allocation.quantity);
    }
  }

  /** Every reservation held, as plain objects (copies). */
  entries(): StockReservation[] {
    const result: StockReservation[] = [];
    for (const [sku, cells] of this.#bySku) {
      for (const cell of cells)
        result.push({ distributor: cell.distributor, sku, warehouse: cell.warehouse, quantity: cell.quantity });
    }
    return result;
  }

  /** Forgets every reservation. */
  clear(): void {
    this.#bySku.clear();
    this.#cellCount = 0;
  }
}

/** Creates an empty {@link StockLedger}. */
export function createStockLedger(): StockLedger {
  return new StockLedger();
}
