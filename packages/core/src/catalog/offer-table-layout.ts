// The record layout of the memory catalog's offer table (field offsets and flag bits) and the
// small helpers it is built from. Internal to the catalog folder.

/** Int32 field: distributor index (bits 0-15) | currency index (bits 16-23) | flags (bits 24-28). */
export const META = 0;
/** Int32 field: first stock row in the pool. */
export const STOCK_OFFSET = 1;
/** Int32 field: row count (bits 0-15) | row capacity (bits 16-31). */
export const STOCK_SIZE = 2;
/** Int32 field: product key id of brand + MPN, -1 when none. */
export const BM_KEY = 3;
/** Int32 field: product key id of the UPC, -1 when none. */
export const UPC_KEY = 4;
/** Int32 field: next slot with the same SKU (other distributor), -1 at the end. */
export const NEXT_SKU = 5;
/** Int32 field: next slot with the same brand + MPN key. */
export const NEXT_BM = 6;
/** Int32 field: next slot with the same UPC key. */
export const NEXT_UPC = 7;
/** Int32 field: interned brand, -1 when absent. */
export const BRAND = 8;
/** Int32 field: interned MPN, -1 when absent. */
export const MPN = 9;
/** Int32 field: interned UPC, -1 when absent. */
export const UPC = 10;
/** Int32 field: interned `expiresAt`, -1 when absent. */
export const EXPIRES_AT = 11;
/** Int32 field: interned `updatedAt`, -1 when absent. */
export const UPDATED_AT = 12;
/** Int32 fields per slot. */
export const INT_STRIDE = 13;

/** Float64 field (money is integer minor units, safe up to 2^53): unit cost. */
export const COST = 0;
/** Float64 field: drop-ship fee. */
export const DROP_SHIP_FEE = 1;
/** Float64 field: estimated shipping per unit. */
export const ESTIMATED_SHIPPING = 2;
/** Float64 field: minimum advertised price, -1 when absent. */
export const MAP_PRICE = 3;
/** Float64 fields per slot. */
export const MONEY_STRIDE = 4;

/** Float64 stock-row field: warehouse index × 2 + isFloor. */
export const ROW_WAREHOUSE = 0;
/** Float64 stock-row field: quantity. */
export const ROW_QUANTITY = 1;
/** Float64 stock-row field: lead time in days. */
export const ROW_LEAD_TIME = 2;
/** Float64 fields per stock row. */
export const ROW_STRIDE = 3;

/** Flag: the slot holds an offer. */
export const ALIVE = 1 << 24;
/** Flag: `dropShipEligible`. */
export const DROP_SHIP_ELIGIBLE = 1 << 25;
/** Flag: `discontinued`. */
export const DISCONTINUED = 1 << 26;
/** Flag: `hazardous`. */
export const HAZARDOUS = 1 << 27;
/** Flag: `truckOnly`. */
export const TRUCK_ONLY = 1 << 28;

/** Distributors one catalog can hold (16 bits of `META`). */
export const MAX_DISTRIBUTORS = 0xffff;
/** Currencies one catalog can hold (8 bits of `META`). */
export const MAX_CURRENCIES = 0xff;
/** Warehouses one offer can hold (16 bits of `STOCK_SIZE`). */
export const MAX_ROWS = 0xffff;

/** True when `ids[0..count)` holds `id`. */
export function hasKey(ids: readonly number[], count: number, id: number): boolean {
  for (let index = 0; index < count; index++) if (ids[index] === id) return true;
  return false;
}

/** A table of distinct strings with dense ids. */
export class Interner {
  /** Id of each string. */
  readonly ids = new Map<string, number>();
  /** String of each id. */
  readonly values: string[] = [];

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** A copy of `array` with room for `length` entries. */
export function growInt32(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

/** A copy of `array` with room for `length` entries. */
export function growFloat64(array: Float64Array, length: number): Float64Array {
  const grown = new Float64Array(length);
  grown.set(array);
  return grown;
}
