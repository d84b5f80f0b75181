import type { WarehouseRule } from '../model/inventory-rules.js';
import { type Offer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { OfferSlotAccess } from '../routing/offer-slot-access.js';
import type { RealTimeStock } from '../routing/real-time-stock.js';
import type { RoutingCandidate } from '../routing/routing-strategies.js';
import type { SlotReservation, StockLedger } from '../routing/stock-ledger.js';
import type { CompiledInventoryRules } from './compile-inventory-rules.js';
import type { BlockedWarehouse, StockEvaluation, StockSource, UsableWarehouse } from './eligibility-types.js';

/** Reservations to subtract from reported stock (a `StockLedger`, or a plan's own view of it). */
export interface ReservedStockView {
  /** Units already taken at one (distributor, SKU, warehouse). */
  reserved(distributor: string, sku: string, warehouse: string): number;
  /** True when nothing at all is reserved for `sku` (lets the hot path skip the look-up). */
  isUntouched(sku: string): boolean;
}

/** What the stock evaluation needs besides the offer. */
export interface StockEnvironment {
  /** Compiled inventory rules (lead times, exclusions). */
  readonly rules: CompiledInventoryRules;
  /** Real-time stock that overrides the catalog's numbers. */
  readonly realTimeStock?: RealTimeStock | undefined;
  /** Units already taken by earlier plans. */
  readonly reserved?: ReservedStockView | undefined;
}

/**
 * A usable warehouse of an offer as routing sees it. `available` is rewritten by routing as the
 * plan takes units. The offer is materialised only when someone reads `offer` (routing's hot
 * path never does).
 *
 * @internal
 */
export class StockCandidate implements RoutingCandidate {
  /** Units usable now (rewritten by routing). */
  available: number;
  #offer: Offer | undefined;
  #sku: string | undefined;
  #brand: string | undefined;
  #brandLoaded: boolean;
  /** The catalog slot the offer was read from (-1 when it came as an object). */
  readonly source: OfferSlotAccess | undefined;
  readonly slot: number;

  constructor(
    readonly distributor: string,
    /** The SKU, or undefined to read it from the catalog slot when first asked. */
    sku: string | undefined,
    readonly warehouse: string,
    /** Units left after the ledger's reservations (before the current plan takes any). */
    readonly unreserved: number,
    readonly seen: number,
    readonly leadTimeDays: number,
    readonly isFloor: boolean,
    readonly stockSource: StockSource,
    readonly isShelf: boolean,
    /** The brand; read from the catalog slot when first asked if `brandLoaded` is false. */
    brand: string | undefined,
    brandLoaded: boolean,
    readonly unitCost: number,
    readonly dropShipFee: number,
    readonly estimatedShipping: number,
    offer: Offer | undefined,
    source: OfferSlotAccess | undefined,
    slot: number,
  ) {
    this.available = unreserved;
    this.#offer = offer;
    this.#sku = sku;
    this.#brand = brand;
    this.#brandLoaded = brandLoaded;
    this.source = source;
    this.slot = slot;
  }

  /** The distributor's SKU (read from the catalog on first use: routing rarely needs it). */
  get sku(): string {
    if (this.#sku === undefined) this.#sku = (this.source as OfferSlotAccess).sku(this.slot);
    return this.#sku;
  }

  /** The offer's brand (read from the catalog on first use). */
  get brand(): string | undefined {
    if (!this.#brandLoaded) {
      this.#brand = (this.source as OfferSlotAccess).brand(this.slot);
      this.#brandLoaded = true;
    }
    return this.#brand;
  }

  /** The offer this warehouse belongs to. */
  get offer(): Offer {
    if (this.#offer === undefined) this.#offer = (this.source as OfferSlotAccess).materialize(this.slot);
    return this.#offer;
  }

  /** True when this and `other` draw on the same stock: same offer, same warehouse. */
  sameStockAs(other: StockCandidate): boolean {
    if (this.warehouse !== other.warehouse) return false;
    if (this.slot >= 0 && other.slot >= 0 && this.source === other.source) return this.slot === other.slot;
    return this.distributor === other.distributor && this.sku === other.sku;
  }
}

/**
 * Per-offer state while its stock rows are classified; one object reused for every offer.
 *
 * @internal
 */
export class RowScan {
  distributor = '';
  /** Undefined when it is to be read from the catalog slot only if needed. */
  sku: string | undefined = '';
  isShelf = false;
  stockSource: StockSource = 'catalog';
  brand: string | undefined = undefined;
  brandLoaded = true;
  unitCost = 0;
  dropShipFee = 0;
  estimatedShipping = 0;
  offer: Offer | undefined = undefined;
  source: OfferSlotAccess | undefined = undefined;
  slot = -1;
  warehouseRules: ReadonlyMap<string, WarehouseRule> | undefined = undefined;
  checkReserved = false;
  usableQuantity = 0;
  notFound = false;

  readonly maxLeadTimeDays: number;

  /**
   * For offers read from catalog slots of `slotSource`: the ledger whose slot-indexed
   * reservations are `slotReservations` (set per plan). Such offers cost no hashing.
   */
  slotLedger: StockLedger | undefined = undefined;
  slotSource: OfferSlotAccess | undefined = undefined;
  slotReservations: readonly (readonly SlotReservation[] | undefined)[] | undefined = undefined;
  /** This offer's slot-indexed reservations, and whether only the ledger's map part is left to check. */
  private slotCells: readonly SlotReservation[] | undefined = undefined;
  private mapPartOnly = false;

  constructor(
    readonly rules: CompiledInventoryRules,
    /** Reservations to subtract; may be swapped between plans. */
    public reserved: ReservedStockView | undefined,
  ) {
    this.maxLeadTimeDays = rules.rules.maxLeadTimeDays;
  }

  /** Prepares for the rows of one offer. */
  begin(
    distributor: string,
    sku: string | undefined,
    brand: string | undefined,
    brandLoaded: boolean,
    unitCost: number,
    dropShipFee: number,
    estimatedShipping: number,
    stockSource: StockSource,
    offer: Offer | undefined,
    source: OfferSlotAccess | undefined,
    slot: number,
  ): void {
    this.distributor = distributor;
    this.sku = sku;
    this.isShelf = distributor === SHELF_DISTRIBUTOR;
    this.brand = brand;
    this.brandLoaded = brandLoaded;
    this.unitCost = unitCost;
    this.dropShipFee = dropShipFee;
    this.estimatedShipping = estimatedShipping;
    this.stockSource = stockSource;
    this.offer = offer;
    this.source = source;
    this.slot = slot;
    this.warehouseRules = this.rules.warehouseRules.size === 0 ? undefined : this.rules.warehouseRules.get(distributor);
    const reserved = this.reserved;
    this.slotCells = undefined;
    this.mapPartOnly = false;
    if (reserved === undefined) {
      this.checkReserved = false;
    } else if (
      this.slotReservations !== undefined &&
      slot >= 0 &&
      source === this.slotSource &&
      this.slotLedger !== undefined
    ) {
      this.slotCells = this.slotReservations[slot];
      this.mapPartOnly = true;
      this.checkReserved =
        this.slotLedger.hasMapReservations() && !this.slotLedger.isUntouchedInMap(this.resolvedSku());
    } else {
      this.checkReserved = !reserved.isUntouched(this.resolvedSku());
    }
    this.usableQuantity = 0;
    this.notFound = false;
  }

  /** The SKU of the offer being scanned, read from its slot if it was left lazy. */
  resolvedSku(): string {
    if (this.sku === undefined) this.sku = (this.source as OfferSlotAccess).sku(this.slot);
    return this.sku;
  }

  /**
   * Classifies one stock row: usable rows become candidates in `usable`; rows the rules block
   * go to `blocked` when given; rows without units are skipped.
   */
  row(
    warehouse: string,
    quantity: number,
    isFloor: boolean,
    reportedLeadTimeDays: number,
    usable: StockCandidate[],
    blocked: BlockedWarehouse[] | undefined,
  ): void {
    let unreserved = quantity;
    const slotCells = this.slotCells;
    if (slotCells !== undefined) {
      for (let index = 0; index < slotCells.length; index++) {
        const cell = slotCells[index] as SlotReservation;
        if (cell.warehouse === warehouse) unreserved -= cell.quantity;
      }
    }
    if (this.checkReserved) {
      unreserved -= this.mapPartOnly
        ? (this.slotLedger as StockLedger).reservedInMap(this.distributor, this.resolvedSku(), warehouse)
        : (this.reserved as ReservedStockView).reserved(this.distributor, this.resolvedSku(), warehouse);
    }

    if (unreserved <= 0) return;
    const rule = this.warehouseRules === undefined ? undefined : this.warehouseRules.get(warehouse);
    const leadTimeDays = this.isShelf ? 0 : (rule?.leadTimeDays ?? reportedLeadTimeDays);
    if (rule?.excluded === true) {
      if (blocked !== undefined)
        blocked.push({ warehouse, available: unreserved, leadTimeDays, reason: 'warehouse-excluded' });
      return;
    }
    if (leadTimeDays > this.maxLeadTimeDays) {
      if (blocked !== undefined) blocked.push({ warehouse, available: unreserved, leadTimeDays, reason: 'lead-time' });
      return;
    }
    this.usableQuantity += unreserved;
    usable.push(
      new StockCandidate(
        this.distributor,
        this.sku,
        warehouse,
        unreserved,
        quantity,
        leadTimeDays,
        isFloor,
        this.stockSource,
        this.isShelf,
        this.brand,
        this.brandLoaded,
        this.unitCost,
        this.dropShipFee,
        this.estimatedShipping,
        this.offer,
        this.source,
        this.slot,
      ),
    );
  }
}

/**
 * Classifies the stock rows of a complete offer object (catalog rows, or its real-time answer
 * when `realTimeStock` has one) into `usable` and `blocked`. `source` and `slot` say where the
 * offer was read from, when it came from catalog slots.
 *
 * @internal
 */
export function scanOfferStock(
  offer: Offer,
  scan: RowScan,
  realTimeStock: RealTimeStock | undefined,
  usable: StockCandidate[],
  blocked: BlockedWarehouse[] | undefined,
  source: OfferSlotAccess | undefined = undefined,
  slot = -1,
): void {
  const realTime = realTimeStock === undefined ? undefined : realTimeStock.get(offer.distributor, offer.sku);
  scan.begin(
    offer.distributor,
    offer.sku,
    offer.brand,
    true,
    offer.cost,
    offer.dropShipFee,
    offer.estimatedShipping,
    realTime === undefined ? 'catalog' : 'real-time',
    offer,
    source,
    slot,
  );
  const catalogRows = offer.stock;
  if (realTime === undefined) {
    for (let index = 0; index < catalogRows.length; index++) {
      const row = catalogRows[index] as Offer['stock'][number];
      scan.row(row.warehouse, row.quantity, row.isFloor, row.leadTimeDays, usable, blocked);
    }
    return;
  }
  if (!realTime.found) {
    scan.notFound = true;
    return;
  }
  for (const row of realTime.warehouses) {
    // A real-time answer has no lead time: keep the catalog's for that warehouse, 0 when the
    // catalog does not list it (the offer schema's own default).
    let leadTimeDays = 0;
    for (const catalogRow of catalogRows) {
      if (catalogRow.warehouse === row.warehouse) {
        leadTimeDays = catalogRow.leadTimeDays;
        break;
      }
    }
    scan.row(row.warehouse, row.quantity, row.isFloor, leadTimeDays, usable, blocked);
  }
}

/**
 * The stock picture of an offer after rules, real-time stock and reservations: which warehouses
 * can ship now (within the maximum lead time, not excluded, with units left) and which hold
 * units the rules block. Shelf stock always has lead time 0. For a (distributor, SKU) with a
 * real-time answer, that answer replaces the catalog rows: unreported warehouses count as 0.
 *
 * @param offer - a validated offer.
 * @param environment - rules, optional real-time stock and reservations.
 */
export function evaluateOfferStock(offer: Offer, environment: StockEnvironment): StockEvaluation {
  const usable: StockCandidate[] = [];
  const blocked: BlockedWarehouse[] = [];
  const scan = new RowScan(environment.rules, environment.reserved);
  scanOfferStock(offer, scan, environment.realTimeStock, usable, blocked);
  return {
    usable: usable.map(toUsableWarehouse),
    usableQuantity: scan.usableQuantity,
    blocked,
    stockSource: scan.stockSource,
    notFound: scan.notFound,
  };
}

/**
 * The public view of a candidate (no offer reference).
 *
 * @internal
 */
export function toUsableWarehouse(candidate: StockCandidate): UsableWarehouse {
  return {
    distributor: candidate.distributor,
    sku: candidate.sku,
    warehouse: candidate.warehouse,
    available: candidate.available,
    seen: candidate.seen,
    leadTimeDays: candidate.leadTimeDays,
    isFloor: candidate.isFloor,
    stockSource: candidate.stockSource,
  };
}
