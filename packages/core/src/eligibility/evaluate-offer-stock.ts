import type { WarehouseRule } from '../model/inventory-rules.js';
import { type Offer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { CompiledInventoryRules } from './compile-inventory-rules.js';
import type { BlockedWarehouse, StockEvaluation, StockSource, UsableWarehouse } from './eligibility-types.js';
import type { RealTimeStock } from './real-time-stock.js';

/** The lead time of a warehouse the catalog does not describe (a real-time answer's extra warehouse). */
const UNKNOWN_LEAD_TIME = -1;

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
 * plan takes units.
 *
 * @internal
 */
export class StockCandidate {
  /** Units usable now (rewritten by routing). */
  available: number;
  /** The distributor's SKU. */
  readonly sku: string;
  /** The offer's brand. */
  readonly brand: string | undefined;
  /** Cost of one unit, minor units. */
  readonly unitCost: number;
  /** The distributor's drop-ship fee per PO, minor units. */
  readonly dropShipFee: number;
  /** Estimated shipping per unit, minor units. */
  readonly estimatedShipping: number;

  constructor(
    /** The offer this warehouse belongs to. */
    readonly offer: Offer,
    /** The warehouse code. */
    readonly warehouse: string,
    /** Units left after the ledger's reservations (before the current plan takes any). */
    readonly unreserved: number,
    /** Units the source reported. */
    readonly seen: number,
    /** Lead time after warehouse rules. */
    readonly leadTimeDays: number,
    /** The source caps the count it reports. */
    readonly isFloor: boolean,
    /** Where the units came from. */
    readonly stockSource: StockSource,
    /** Shelf stock (no PO). */
    readonly isShelf: boolean,
  ) {
    this.available = unreserved;
    this.sku = offer.sku;
    this.brand = offer.brand;
    this.unitCost = offer.cost;
    this.dropShipFee = offer.dropShipFee;
    this.estimatedShipping = offer.estimatedShipping;
  }

  /** The distributor id. */
  get distributor(): string {
    return this.offer.distributor;
  }

  /** True when this and `other` draw on the same stock: same offer, same warehouse. */
  sameStockAs(other: StockCandidate): boolean {
    return this.warehouse === other.warehouse && this.sku === other.sku && this.distributor === other.distributor;
  }
}

/**
 * Per-offer state while its stock rows are classified; one object reused for every offer.
 *
 * @internal
 */
export class RowScan {
  offer: Offer | undefined = undefined;
  isShelf = false;
  stockSource: StockSource = 'catalog';
  warehouseRules: ReadonlyMap<string, WarehouseRule> | undefined = undefined;
  checkReserved = false;
  usableQuantity = 0;
  notFound = false;

  readonly maxLeadTimeDays: number;

  constructor(
    readonly rules: CompiledInventoryRules,
    /** Reservations to subtract; may be swapped between plans. */
    public reserved: ReservedStockView | undefined,
  ) {
    this.maxLeadTimeDays = rules.rules.maxLeadTimeDays;
  }

  /** Prepares for the rows of one offer. */
  begin(offer: Offer, stockSource: StockSource): void {
    this.offer = offer;
    this.isShelf = offer.distributor === SHELF_DISTRIBUTOR;
    this.stockSource = stockSource;
    this.warehouseRules =
      this.rules.warehouseRules.size === 0 ? undefined : this.rules.warehouseRules.get(offer.distributor);
    this.checkReserved = this.reserved !== undefined && !this.reserved.isUntouched(offer.sku);
    this.usableQuantity = 0;
    this.notFound = false;
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
    const offer = this.offer as Offer;
    const unreserved = this.checkReserved
      ? quantity - (this.reserved as ReservedStockView).reserved(offer.distributor, offer.sku, warehouse)
      : quantity;
    if (unreserved <= 0) return;
    const rule = this.warehouseRules === undefined ? undefined : this.warehouseRules.get(warehouse);
    let leadTimeDays = this.isShelf ? 0 : (rule?.leadTimeDays ?? reportedLeadTimeDays);
    if (rule?.excluded === true) {
      if (blocked !== undefined)
        blocked.push({ warehouse, available: unreserved, leadTimeDays, reason: 'warehouse-excluded' });
      return;
    }
    if (leadTimeDays === UNKNOWN_LEAD_TIME) {
      // A warehouse the catalog does not describe: used only when the rules give it a lead time.
      const assumed = this.rules.rules.unknownWarehouseLeadTimeDays;
      if (assumed === undefined) {
        if (blocked !== undefined) blocked.push({ warehouse, available: unreserved, reason: 'unknown-lead-time' });
        return;
      }
      leadTimeDays = assumed;
    }
    if (leadTimeDays > this.maxLeadTimeDays) {
      if (blocked !== undefined) blocked.push({ warehouse, available: unreserved, leadTimeDays, reason: 'lead-time' });
      return;
    }
    this.usableQuantity += unreserved;
    usable.push(
      new StockCandidate(offer, warehouse, unreserved, quantity, leadTimeDays, isFloor, this.stockSource, this.isShelf),
    );
  }
}

/**
 * Classifies the stock rows of a complete offer object (catalog rows, or its real-time answer
 * when `realTimeStock` has one) into `usable` and `blocked`.
 *
 * @internal
 */
export function scanOfferStock(
  offer: Offer,
  scan: RowScan,
  realTimeStock: RealTimeStock | undefined,
  usable: StockCandidate[],
  blocked: BlockedWarehouse[] | undefined,
): void {
  const realTime = realTimeStock === undefined ? undefined : realTimeStock.get(offer.distributor, offer.sku);
  scan.begin(offer, realTime === undefined ? 'catalog' : 'real-time');
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
    // A real-time answer has no lead time: keep the catalog's for that warehouse; one the catalog
    // does not list is of unknown lead time (`rules.unknownWarehouseLeadTimeDays` or not used).
    let leadTimeDays = UNKNOWN_LEAD_TIME;
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
 * real-time answer, that answer replaces the catalog rows: unreported warehouses count as 0, and
 * a warehouse the catalog does not list is of unknown lead time (blocked, `unknown-lead-time`,
 * unless `rules.unknownWarehouseLeadTimeDays` or a warehouse rule gives it one).
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
