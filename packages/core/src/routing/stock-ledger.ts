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

/** A reservation kept by catalog slot (the slot identifies distributor + SKU). @internal */
export interface SlotReservation {
  readonly distributor: string;
  readonly sku: string;
  readonly warehouse: string;
  quantity: number;
}

/** Reservations of one catalog, indexed by slot, valid for one slot layout. */
interface SlotStore {
  readonly access: OfferSlotAccess;
  readonly layoutVersion: number;
  readonly cells: (SlotReservation[] | undefined)[];
}

/**
 * Remembers the stock that plans have already taken, so that one plan, and consecutive plans
 * sharing the ledger, never assign more units than the stock they saw.
 *
 * Pass the same ledger to every `plan` call of a batch: each plan reserves what it allocates,
 * and the next plan sees `quantity - reserved`. Call {@link StockLedger.releasePlan} when a plan
 * is not placed, and {@link StockLedger.clear} when fresh stock arrives (a new feed, a real-time
 * check) that already reflects the orders placed.
 *
 * Reservations that routing makes from an in-memory catalog are kept by catalog slot, so that
 * checking an offer costs no hashing; the public methods see both kinds alike.
 */
export class StockLedger {
  /** Reservations by SKU: SKUs are unique enough that each list holds one or two cells. */
  readonly #bySku = new Map<string, LedgerCell[]>();
  #mapCells = 0;
  /** Reservations by catalog slot (see {@link StockLedger.reserveAtSlot}); moved to the map when the layout changes. */
  #slotStore: SlotStore | undefined;
  #slotCells = 0;

  /** Number of (distributor, SKU, warehouse) cells holding a reservation. */
  get size(): number {
    return this.#mapCells + this.#slotCells;
  }

  /**
   * Units reserved at one warehouse.
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   * @param warehouse - warehouse code.
   */
  reserved(distributor: string, sku: string, warehouse: string): number {
    return this.reservedInMap(distributor, sku, warehouse) + this.#reservedInSlots(distributor, sku, warehouse);
  }

  /**
   * True when nothing is reserved for this SKU at any distributor.
   *
   * @param sku - a distributor SKU.
   */
  isUntouched(sku: string): boolean {
    if (!this.isUntouchedInMap(sku)) return false;
    const store = this.#currentSlotStore();
    if (store === undefined || this.#slotCells === 0) return true;
    for (const cells of this.#slotCellsWithSku(store, sku)) if (cells.length > 0) return false;
    return true;
  }

  /**
   * Units reserved at one warehouse among reservations made without a catalog slot.
   *
   * @internal
   */
  reservedInMap(distributor: string, sku: string, warehouse: string): number {
    if (this.#mapCells === 0) return 0;
    const cells = this.#bySku.get(sku);
    if (cells === undefined) return 0;
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index] as LedgerCell;
      if (cell.distributor === distributor && cell.warehouse === warehouse) return cell.quantity;
    }
    return 0;
  }

  /**
   * True when some reservation was made without a catalog slot.
   *
   * @internal
   */
  hasMapReservations(): boolean {
    return this.#mapCells > 0;
  }

  /**
   * True when no reservation made without a catalog slot concerns `sku`.
   *
   * @internal
   */
  isUntouchedInMap(sku: string): boolean {
    return this.#mapCells === 0 || !this.#bySku.has(sku);
  }

  /**
   * The slot-indexed reservations for `access`, when they are current (the catalog's slot layout
   * has not changed since); undefined otherwise. Entry `slot` lists that offer's reservations.
   *
   * @internal
   */
  slotReservations(access: OfferSlotAccess): readonly (readonly SlotReservation[] | undefined)[] | undefined {
    const store = this.#currentSlotStore();
    return store !== undefined && store.access === access ? store.cells : undefined;
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
    // Keep one (distributor, SKU, warehouse) in one place: without a slot, everything goes to the map.
    this.#moveSlotsToMap();
    this.#addToMap(distributor, sku, warehouse, quantity);
  }

  /**
   * Reserves units of the offer that routing read from catalog slot `slot` of `access`.
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
    if (quantity <= 0) return;
    let store = this.#currentSlotStore();
    if (store !== undefined && store.access !== access) {
      this.#moveSlotsToMap();
      store = undefined;
    }
    if (store === undefined) {
      // A dense (holey) array: assigning a far index to an empty array would turn it into a
      // dictionary, and every look-up into hashing again.
      store = { access, layoutVersion: access.layoutVersion(), cells: new Array(Math.max(1024, access.slotLimit())) };
      this.#slotStore = store;
    }
    if (this.#mapCells > 0 && this.#bySku.has(sku)) {
      this.#addToMap(distributor, sku, warehouse, quantity);
      return;
    }
    if (slot >= store.cells.length) store.cells.length = Math.max(slot + 1, store.cells.length * 2);
    let cells = store.cells[slot];
    if (cells === undefined) {
      cells = [];
      store.cells[slot] = cells;
    }
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index] as SlotReservation;
      if (cell.warehouse === warehouse) {
        cell.quantity += quantity;
        return;
      }
    }
    cells.push({ distributor, sku, warehouse, quantity });
    this.#slotCells++;
  }

  /** The slot store, after moving it to the map if the catalog's layout changed. */
  #currentSlotStore(): SlotStore | undefined {
    const store = this.#slotStore;
    if (store !== undefined && store.layoutVersion !== store.access.layoutVersion()) {
      this.#moveSlotsToMap();
      return undefined;
    }
    return store;
  }

  /** Moves every slot-indexed reservation into the map. */
  #moveSlotsToMap(): void {
    const store = this.#slotStore;
    if (store === undefined) return;
    this.#slotStore = undefined;
    this.#slotCells = 0;
    for (const cells of store.cells) {
      if (cells === undefined) continue;
      for (const cell of cells) this.#addToMap(cell.distributor, cell.sku, cell.warehouse, cell.quantity);
    }
  }

  /** Slot cell lists of the offers whose SKU is `sku` (any distributor). */
  *#slotCellsWithSku(store: SlotStore, sku: string): Generator<SlotReservation[]> {
    const slots: number[] = [];
    slots.length = store.access.findSlots(sku, undefined, slots);
    for (const slot of slots) {
      const cells = store.cells[slot];
      if (cells !== undefined && store.access.sku(slot) === sku) yield cells;
    }
  }

  #reservedInSlots(distributor: string, sku: string, warehouse: string): number {
    const store = this.#currentSlotStore();
    if (store === undefined || this.#slotCells === 0) return 0;
    for (const cells of this.#slotCellsWithSku(store, sku)) {
      for (const cell of cells)
        if (cell.distributor === distributor && cell.warehouse === warehouse) return cell.quantity;
    }
    return 0;
  }

  #addToMap(distributor: string, sku: string, warehouse: string, quantity: number): void {
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
    this.#mapCells++;
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
    this.#moveSlotsToMap();
    const cells = this.#bySku.get(sku);
    if (cells === undefined) return;
    const index = cells.findIndex((cell) => cell.distributor === distributor && cell.warehouse === warehouse);
    if (index < 0) return;
    const cell = cells[index] as LedgerCell;
    cell.quantity -= quantity;
    if (cell.quantity <= 0) {
      cells.splice(index, 1);
      this.#mapCells--;
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
    const store = this.#currentSlotStore();
    if (store !== undefined) {
      for (const cells of store.cells) {
        if (cells === undefined) continue;
        for (const cell of cells)
          result.push({
            distributor: cell.distributor,
            sku: cell.sku,
            warehouse: cell.warehouse,
            quantity: cell.quantity,
          });
      }
    }
    return result;
  }

  /** Forgets every reservation. */
  clear(): void {
    this.#bySku.clear();
    this.#mapCells = 0;
    this.#slotStore = undefined;
    this.#slotCells = 0;
  }
}

/** Creates an empty {@link StockLedger}. */
export function createStockLedger(): StockLedger {
  return new StockLedger();
}
