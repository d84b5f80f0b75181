import type { Offer } from '../model/offer.js';
import type { ProductIdentity } from '../model/product-key.js';

/**
 * Symbol under which a catalog exposes {@link OfferSlotAccess}: routing's allocation-light path
 * into a catalog that keeps offers in numbered slots (the in-memory catalog does).
 *
 * @internal
 */
export const offerSlotAccessKey: unique symbol = Symbol.for('@dropship/core/offer-slot-access') as never;

/** Bits of {@link OfferSlotAccess.meta}: distributor index in bits 0-15, currency index in 16-23. @internal */
export const SLOT_DROP_SHIP_ELIGIBLE = 1 << 25;
/** The offer is discontinued. @internal */
export const SLOT_DISCONTINUED = 1 << 26;
/** The offer is hazardous. @internal */
export const SLOT_HAZARDOUS = 1 << 27;
/** The offer ships by truck only. @internal */
export const SLOT_TRUCK_ONLY = 1 << 28;

/**
 * Read access to offers by slot number, for routing's hot path: the fields routing needs, read
 * in place, no offer objects. Slots are valid until the catalog changes (the planner runs
 * synchronously, so they are valid for a whole plan).
 *
 * @internal
 */
export interface OfferSlotAccess {
  /** Writes the slots of every offer for the SKU / product into `slots[0..count)` and returns the count (entries past it are stale). */
  findSlots(sku: string, product: ProductIdentity | undefined, slots: number[]): number;
  /** Distributor index (bits 0-15), currency index (bits 16-23) and the `SLOT_*` flags. */
  meta(slot: number): number;
  /** `expiresAt` in epoch milliseconds, `Infinity` when the offer has none. */
  expiresAtMs(slot: number): number;
  /** The distributor's SKU. */
  sku(slot: number): string;
  /** The offer's brand. */
  brand(slot: number): string | undefined;
  /** Dealer cost of one unit. */
  cost(slot: number): number;
  /** Drop-ship fee per PO. */
  dropShipFee(slot: number): number;
  /** Estimated shipping per unit. */
  estimatedShipping(slot: number): number;
  /** The distributor id behind a distributor index. */
  distributorName(index: number): string;
  /** The index of a distributor id, or -1 when the catalog has none of its offers. */
  distributorIndexOf(distributor: string): number;
  /** The index of a currency code, or -1 when no offer uses it. */
  currencyIndexOf(currency: string): number;
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
  /** Changes whenever a slot may start holding another offer (an offer was removed or slots renumbered). */
  layoutVersion(): number;
  /** One more than the highest slot number in use. */
  slotLimit(): number;
}

/** Something that may expose {@link OfferSlotAccess}. @internal */
export interface MaybeSlotAccessible {
  readonly [offerSlotAccessKey]?: OfferSlotAccess;
}
