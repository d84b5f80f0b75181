import type { Offer } from '../model/offer.js';
import type { ProductIdentity } from '../model/product-key.js';

/**
 * Symbol under which a catalog exposes {@link OfferSlotAccess}: routing's allocation-light path
 * into a catalog that keeps offers in slots (the in-memory catalog does).
 *
 * @internal
 */
export const offerSlotAccessKey: unique symbol = Symbol.for('@dropship/core/offer-slot-access') as never;

/**
 * The fields of an offer that the built-in checks and routing read, written into a reused object
 * so that checking an offer allocates nothing. Other fields (MPN, UPC, title, MAP price,
 * `updatedAt`) are not kept current, and `stock` is always empty: stock rows are read through
 * {@link OfferSlotAccess}. Only built-in checks ever see a head.
 *
 * @internal
 */
export type OfferHead = Offer;

/**
 * Read access to offers by slot number, for routing's hot path. Slots are valid until the
 * catalog changes.
 *
 * @internal
 */
export interface OfferSlotAccess {
  /** Writes the slots of every offer for the SKU / product into `slots[0..count)` and returns the count (entries past it are stale). */
  findSlots(sku: string, product: ProductIdentity | undefined, slots: number[]): number;
  /** Writes the routing fields of `slot` into `head` (see {@link OfferHead}). */
  readHead(slot: number, head: OfferHead): void;
  /** Number of stock rows of `slot`. */
  rowCount(slot: number): number;
  /** Warehouse code of row `row` of `slot`. */
  rowWarehouse(slot: number, row: number): string;
  /** Quantity of row `row` of `slot`. */
  rowQuantity(slot: number, row: number): number;
  /** Lead time in days of row `row` of `slot`. */
  rowLeadTimeDays(slot: number, row: number): number;
  /** Whether the quantity of row `row` of `slot` is a floor. */
  rowIsFloor(slot: number, row: number): boolean;
  /** A fresh, complete offer object for `slot`. */
  materialize(slot: number): Offer;
  /** Changes whenever a slot may start holding another offer (an offer was removed). */
  layoutVersion(): number;
}

/** Something that may expose {@link OfferSlotAccess}. @internal */
export interface MaybeSlotAccessible {
  readonly [offerSlotAccessKey]?: OfferSlotAccess;
}

/** A fresh head object with every field present (one hidden class for all heads). @internal */
export function createOfferHead(): OfferHead {
  return {
    distributor: '',
    sku: '',
    brand: undefined,
    mpn: undefined,
    upc: undefined,
    title: undefined,
    currency: '',
    cost: 0,
    dropShipFee: 0,
    estimatedShipping: 0,
    mapPrice: undefined,
    stock: Object.freeze([]) as unknown as Offer['stock'],
    dropShipEligible: true,
    discontinued: false,
    hazardous: false,
    truckOnly: false,
    expiresAt: undefined,
    updatedAt: undefined,
  };
}
