import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { OfferSlotAccess } from './offer-slot-access.js';

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

function checkReservation(distributor: unknown, sku: unknown, warehouse: unknown, quantity: unknown): void {
  const issues: ValidationIssue[] = [];
  if (typeof distributor !== 'string' || distributor.length === 0)
    issues.push({ path: 'distributor', message: 'must be a non-empty string' });
  if (typeof sku !== 'string' || sku.length === 0) issues.push({ path: 'sku', message: 'must be a non-empty string' });
  if (typeof warehouse !== 'string') issues.push({ path: 'warehouse', message: 'must be a string' });
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0) {
    issues.push({ path: 'quantity', message: 'must be a whole number of units, at least 0' });
  }
  if (issues.length > 0) throw new ValidationError('stock reservation', issues);
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
  /** Cells per SKU: SKUs are unique enough that each list holds one or two cells. */
  readonly #bySku = new Map<string, LedgerCell[]>();
  #size = 0;
  /**
   * Which slots of one catalog may hold a reservation: a "maybe" filter that lets routing skip
   * the map look-up for untouched offers. Valid only while every reservation went through
   * {@link StockLedger.reserveAtSlot} for that catalog and its slot layout has not changed.
   */
  #slotHints: { access: OfferSlotAccess; layoutVersion: number; flags: Uint8Array } | undefined;
  #slotHintsUsable = true;

  /** Number of (distributor, SKU, warehouse) cells holding a reservation. */
  get size(): number {
    return this.#size;
  }

  /**
   * Units reserved at one warehouse.
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   */
  reserved(distributor: string, sku: string, warehouse: string): number {
    const cells = this.#bySku.get(sku);
    if (cells === undefined) return 0;
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index] as LedgerCell;
      if (cell.distributor === distributor && cell.warehouse === warehouse) return cell.quantity;
    }
    return 0;
  }

  /**
   * True when nothing is reserved for this SKU at any distributor (a fast check for the hot path).
   *
   * @param sku - a distributor SKU.
   */
  isUntouched(sku: string): boolean {
    return this.#size === 0 || !this.#bySku.has(sku);
  }

  /**
   * Reserves units at one warehouse.
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   * @param quantity - units to add to the reservation.
   * @throws {@link ValidationError} for a malformed reservation.
   */
  reserve(distributor: string, sku: string, warehouse: string, quantity: number): void {
    checkReservation(distributor, sku, warehouse, quantity);
    if (quantity === 0) return;
    // A reservation the slot filter cannot see: routing must look every SKU up from now on.
    this.#slotHintsUsable = false;
    this.#slotHints = undefined;
    this.#add(distributor, sku, warehouse, quantity);
  }

  /**
   * Reserves units of an offer that routing read from catalog slot `slot`, keeping the slot
   * filter usable.
   *
   * @internal
   */
  reserveAtSlot(
    access: OfferSlotAccess,
    slot: number,
    distributor: string,
    sku: string,
    warehouse: string,
    quantity: number,
  ): void {
    checkReservation(distributor, sku, warehouse, quantity);
    if (quantity === 0) return;
    if (this.#slotHintsUsable) {
      let hints = this.#slotHints;
      if (hints === undefined && this.#size === 0) {
        hints = { access, layoutVersion: access.layoutVersion(), flags: new Uint8Array(Math.max(1024, slot + 1)) };
        this.#slotHints = hints;
      }
      if (hints === undefined || hints.access !== access || hints.layoutVersion !== access.layoutVersion()) {
        this.#slotHintsUsable = false;
        this.#slotHints = undefined;
      } else {
        if (slot >= hints.flags.length) {
          const grown = new Uint8Array(Math.max(slot + 1, hints.flags.length * 2));
          grown.set(hints.flags);
          hints.flags = grown;
        }
        hints.flags[slot] = 1;
      }
    }
    this.#add(distributor, sku, warehouse, quantity);
  }

  /**
   * The slot filter for `access` (a non-zero entry means the slot may hold a reservation), or
   * undefined when it cannot be trusted and every SKU must be looked up.
   *
   * @internal
   */
  slotFilter(access: OfferSlotAccess): Uint8Array | undefined {
    const hints = this.#slotHints;
    if (
      !this.#slotHintsUsable ||
      hints === undefined ||
      hints.access !== access ||
      hints.layoutVersion !== access.layoutVersion()
    )
      return undefined;
    return hints.flags;
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
    this.#size++;
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
      this.#size--;
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
    for (const allocation of plan.shelfAllocations)
      this.reserve(SHELF_DISTRIBUTOR, allocation.sku, allocation.warehouse, allocation.quantity);
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
    for (const allocation of plan.shelfAllocations)
      this.release(SHELF_DISTRIBUTOR, allocation.sku, allocation.warehouse, allocation.quantity);
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
    this.#size = 0;
    this.#slotHints = undefined;
    this.#slotHintsUsable = true;
  }
}

/** Creates an empty {@link StockLedger}. */
export function createStockLedger(): StockLedger {
  return new StockLedger();
}
