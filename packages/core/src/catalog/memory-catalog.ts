import { ValidationError } from '../errors/validation-error.js';
import type { Offer, OfferInput, WarehouseStock } from '../model/offer.js';
import type { ProductIdentity } from '../model/product-key.js';
import { productKeys } from '../model/product-key.js';
import type { SyncOfferSource } from '../routing/create-planner.js';
import {
  type OfferSlotAccess,
  offerSlotAccessKey,
  SLOT_DISCONTINUED,
  SLOT_DROP_SHIP_ELIGIBLE,
  SLOT_HAZARDOUS,
  SLOT_TRUCK_ONLY,
} from '../routing/offer-slot-access.js';
import type { Catalog, CatalogUpdateResult, OfferQuery } from '../spec/v1/catalog.js';
import { toOfferInput } from './offer-fast-check.js';

/**
 * The in-memory {@link Catalog}, plus synchronous methods for routing's hot path.
 *
 * Offers are kept in typed arrays (one slot per offer, strings interned), not as objects, so a
 * million offers fit in about 300 MB; every read returns a fresh {@link Offer} object that the
 * caller may keep or change without affecting the catalog.
 */
export interface MemoryCatalog extends Catalog, SyncOfferSource {
  /** Number of offers held. */
  readonly size: number;
  /**
   * Every offer of the product behind `query`: offers with the SKU asked for (any distributor),
   * and offers sharing a brand + MPN or a UPC with those or with `query.product`.
   *
   * @throws {@link ValidationError} when the query is malformed.
   */
  findOffersSync(query: OfferQuery): Offer[];
  /** One distributor's offer for its SKU. */
  getOfferSync(distributor: string, sku: string): Offer | undefined;
  /**
   * Inserts or replaces offers (keyed by distributor + SKU). The whole batch is validated before
   * anything is written: an invalid offer throws a `ValidationError` (paths prefixed with its
   * index) and the catalog is unchanged. (The asynchronous `upsertOffers` over an async iterable
   * streams instead: each offer is validated before it is written, a bad one stops the run, and
   * the offers before it stay updated.)
   */
  upsertOffersSync(offers: Iterable<OfferInput>): CatalogUpdateResult;
  /**
   * Replaces one distributor's whole offer set. The whole set is validated before anything is
   * written; offers of the distributor not in `offers` are then retired. A broken set changes
   * nothing and never wipes a distributor.
   */
  replaceOffersSync(distributor: string, offers: Iterable<OfferInput>): CatalogUpdateResult;
  /** Removes one offer; returns false when it was not there. */
  removeOffer(distributor: string, sku: string): boolean;
  /** Every offer held (fresh copies), in slot order. */
  offers(): IterableIterator<Offer>;
}

// Int32 record per slot.
const META = 0; // distributor index (bits 0-15) | currency index (bits 16-23) | flags (bits 24-29)
const STOCK_OFFSET = 1; // first stock row in the pool
const STOCK_SIZE = 2; // row count (bits 0-15) | row capacity (bits 16-31)
const BM_KEY = 3; // product key id of brand + MPN, -1 when none
const UPC_KEY = 4; // product key id of the UPC, -1 when none
const NEXT_SKU = 5; // next slot with the same SKU (other distributor), -1 at the end
const NEXT_BM = 6; // next slot with the same brand + MPN key
const NEXT_UPC = 7; // next slot with the same UPC key
const BRAND = 8; // interned string ids, -1 when absent
const MPN = 9;
const UPC = 10;
const EXPIRES_AT = 11;
const UPDATED_AT = 12;
const GROUP_START = 13; // first slot of the product group (valid while the group ranges are fresh)
const GROUP_END = 14; // one past its last slot
const INT_STRIDE = 15;

// Float64 record per slot (money is integer minor units, safe up to 2^53).
const COST = 0;
const DROP_SHIP_FEE = 1;
const ESTIMATED_SHIPPING = 2;
const MAP_PRICE = 3; // -1 when absent
const EXPIRES_MS = 4; // expiresAt in epoch ms, Infinity when absent
const MONEY_STRIDE = 5;

// Float64 stock rows: warehouse index × 2 + isFloor, quantity, lead time days.
const ROW_WAREHOUSE = 0;
const ROW_QUANTITY = 1;
const ROW_LEAD_TIME = 2;
const ROW_STRIDE = 3;

const ALIVE = 1 << 24;
const DROP_SHIP_ELIGIBLE = SLOT_DROP_SHIP_ELIGIBLE;
const DISCONTINUED = SLOT_DISCONTINUED;
const HAZARDOUS = SLOT_HAZARDOUS;
const TRUCK_ONLY = SLOT_TRUCK_ONLY;

const MAX_DISTRIBUTORS = 0xffff;
/** A bulk write of at least this many offers (or a quarter of the catalog) re-clusters products. */
const CLUSTER_AFTER_CHANGES = 10_000;
const MAX_CURRENCIES = 0xff;
const MAX_ROWS = 0xffff;

/** True when `ids[0..count)` holds `id`. */
function hasKey(ids: readonly number[], count: number, id: number): boolean {
  for (let index = 0; index < count; index++) if (ids[index] === id) return true;
  return false;
}

/** A table of distinct strings with dense ids. */
class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];

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

function growInt32(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

function growFloat64(array: Float64Array, length: number): Float64Array {
  const grown = new Float64Array(length);
  grown.set(array);
  return grown;
}

/** The columnar store behind the memory catalog. */
class OfferTable {
  private capacity: number;
  private highWater = 0;
  private readonly freeSlots: number[] = [];
  liveCount = 0;

  private ints: Int32Array;
  private money: Float64Array;
  private skus: (string | undefined)[];
  private titles: (string | undefined)[] | undefined;
  private seen: Uint32Array;
  private stamp = 0;
  private touched: Uint32Array | undefined;
  private generation = 0;

  private pool: Float64Array;
  private poolEnd = 0;
  private poolWaste = 0;

  private readonly strings = new Interner();
  private readonly distributors = new Interner();
  private readonly currencies = new Interner();
  private readonly warehouses = new Interner();

  private readonly skuHead = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private keyHead: Int32Array = new Int32Array(1024).fill(-1);
  private keyCount = 0;
  /**
   * After `cluster()`, each product group (offers linked by a shared brand + MPN or UPC key) is
   * the slot range [GROUP_START, GROUP_END) stored with each of its slots, so a look-up reads one
   * range instead of walking key chains. Any write that adds, removes or re-keys a slot makes the
   * ranges stale until the next `cluster()`; look-ups then walk the chains.
   */
  private groupsFresh = false;

  constructor(initialCapacity: number) {
    this.capacity = Math.max(1024, initialCapacity);
    this.ints = new Int32Array(this.capacity * INT_STRIDE);
    this.money = new Float64Array(this.capacity * MONEY_STRIDE);
    this.skus = new Array(this.capacity);
    this.seen = new Uint32Array(this.capacity);
    this.pool = new Float64Array(this.capacity * 2 * ROW_STRIDE);
  }

  // --- slots ---------------------------------------------------------------------------------

  private ensureCapacity(slots: number): void {
    if (slots <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < slots) capacity *= 2;
    this.ints = growInt32(this.ints, capacity * INT_STRIDE);
    this.money = growFloat64(this.money, capacity * MONEY_STRIDE);
    this.skus.length = capacity;
    if (this.titles !== undefined) this.titles.length = capacity;
    const seen = new Uint32Array(capacity);
    seen.set(this.seen);
    this.seen = seen;
    if (this.touched !== undefined) {
      const touched = new Uint32Array(capacity);
      touched.set(this.touched);
      this.touched = touched;
    }
    this.capacity = capacity;
  }

  private allocateSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    this.ensureCapacity(this.highWater + 1);
    return this.highWater++;
  }

  private isAlive(slot: number): boolean {
    return ((this.ints[slot * INT_STRIDE + META] as number) & ALIVE) !== 0;
  }

  private distributorIndexOf(slot: number): number {
    return (this.ints[slot * INT_STRIDE + META] as number) & 0xffff;
  }

  /** The slot of (distributor index, SKU), or -1. */
  findSlot(distributorIndex: number, sku: string): number {
    let slot = this.skuHead.get(sku) ?? -1;
    while (slot >= 0) {
      if (this.distributorIndexOf(slot) === distributorIndex) return slot;
      slot = this.ints[slot * INT_STRIDE + NEXT_SKU] as number;
    }
    return -1;
  }

  distributorIndex(distributor: string): number | undefined {
    return this.distributors.ids.get(distributor);
  }

  // --- product-key chains ----------------------------------------------------------------------

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keyCount++;
      if (id >= this.keyHead.length) {
        const grown = new Int32Array(this.keyHead.length * 2).fill(-1);
        grown.set(this.keyHead);
        this.keyHead = grown;
      }
      this.keyIds.set(key, id);
    }
    return id;
  }

  /** The chain field that continues key `key` at `slot`. */
  private nextField(slot: number, key: number): number {
    return (this.ints[slot * INT_STRIDE + BM_KEY] as number) === key ? NEXT_BM : NEXT_UPC;
  }

  private linkKey(slot: number, key: number, field: number): void {
    this.ints[slot * INT_STRIDE + field] = this.keyHead[key] as number;
    this.keyHead[key] = slot;
  }

  private unlinkKey(slot: number, key: number): void {
    const ints = this.ints;
    const ownNext = ints[slot * INT_STRIDE + this.nextField(slot, key)] as number;
    let current = this.keyHead[key] as number;
    if (current === slot) {
      this.keyHead[key] = ownNext;
      return;
    }
    while (current >= 0) {
      const field = current * INT_STRIDE + this.nextField(current, key);
      const next = ints[field] as number;
      if (next === slot) {
        ints[field] = ownNext;
        return;
      }
      current = next;
    }
  }

  private unlinkSku(slot: number, sku: string): void {
    const ints = this.ints;
    const ownNext = ints[slot * INT_STRIDE + NEXT_SKU] as number;
    let current = this.skuHead.get(sku) ?? -1;
    if (current === slot) {
      if (ownNext < 0) this.skuHead.delete(sku);
      else this.skuHead.set(sku, ownNext);
      return;
    }
    while (current >= 0) {
      const next = ints[current * INT_STRIDE + NEXT_SKU] as number;
      if (next === slot) {
        ints[current * INT_STRIDE + NEXT_SKU] = ownNext;
        return;
      }
      current = next;
    }
  }

  // --- stock pool --------------------------------------------------------------------------------

  private reserveRows(count: number): number {
    if ((this.poolEnd + count) * ROW_STRIDE > this.pool.length) {
      if (this.poolWaste > this.poolEnd / 2) this.compactPool();
      let length = this.pool.length;
      while ((this.poolEnd + count) * ROW_STRIDE > length) length *= 2;
      if (length !== this.pool.length) this.pool = growFloat64(this.pool, length);
    }
    const offset = this.poolEnd;
    this.poolEnd += count;
    return offset;
  }

  /**
   * After a bulk write: compacts the stock pool when much of it is garbage, and gives back
   * unused capacity (the pool grows by doubling, so up to half of it can be spare).
   */
  trimPool(): void {
    if (this.poolWaste > this.poolEnd / 4) this.compactPool();
    const needed = Math.max(1024, Math.ceil(this.poolEnd * 1.125)) * ROW_STRIDE;
    if (this.pool.length > needed * 1.25) this.pool = this.pool.slice(0, needed);
  }

  private compactPool(): void {
    const pool = new Float64Array(this.pool.length);
    let end = 0;
    for (let slot = 0; slot < this.highWater; slot++) {
      if (!this.isAlive(slot)) continue;
      const base = slot * INT_STRIDE;
      const offset = this.ints[base + STOCK_OFFSET] as number;
      const size = this.ints[base + STOCK_SIZE] as number;
      const capacity = size >>> 16;
      pool.set(this.pool.subarray(offset * ROW_STRIDE, (offset + capacity) * ROW_STRIDE), end * ROW_STRIDE);
      this.ints[base + STOCK_OFFSET] = end;
      end += capacity;
    }
    this.pool = pool;
    this.poolEnd = end;
    this.poolWaste = 0;
  }

  // --- writes ------------------------------------------------------------------------------------

  /** Stores a validated offer; returns its slot. */
  upsert(offer: OfferInput): number {
    const distributorIndex = this.distributors.intern(offer.distributor);
    if (distributorIndex > MAX_DISTRIBUTORS)
      throw new ValidationError('offers', [
        { path: 'distributor', message: `a catalog holds at most ${MAX_DISTRIBUTORS} distributors` },
      ]);
    const currencyIndex = this.currencies.intern(offer.currency);
    if (currencyIndex > MAX_CURRENCIES)
      throw new ValidationError('offers', [
        { path: 'currency', message: `a catalog holds at most ${MAX_CURRENCIES} currencies` },
      ]);
    const stock = offer.stock ?? [];
    if (stock.length > MAX_ROWS)
      throw new ValidationError('offers', [
        { path: 'stock', message: `an offer holds at most ${MAX_ROWS} warehouses` },
      ]);

    let slot = this.findSlot(distributorIndex, offer.sku);
    let previousBm = -1;
    let previousUpc = -1;
    if (slot < 0) {
      slot = this.allocateSlot();
      const fresh = this.ints;
      const freshBase = slot * INT_STRIDE;
      fresh[freshBase + NEXT_SKU] = this.skuHead.get(offer.sku) ?? -1;
      fresh[freshBase + STOCK_SIZE] = 0;
      fresh[freshBase + STOCK_OFFSET] = 0;
      fresh[freshBase + BM_KEY] = -1;
      fresh[freshBase + UPC_KEY] = -1;
      this.skuHead.set(offer.sku, slot);
      this.skus[slot] = offer.sku;
      this.liveCount++;
      this.groupsFresh = false;
    } else {
      previousBm = this.ints[slot * INT_STRIDE + BM_KEY] as number;
      previousUpc = this.ints[slot * INT_STRIDE + UPC_KEY] as number;
      this.unlinkKeys(slot);
    }
    const base = slot * INT_STRIDE;
    let flags = ALIVE;
    if (offer.dropShipEligible ?? true) flags |= DROP_SHIP_ELIGIBLE;
    if (offer.discontinued === true) flags |= DISCONTINUED;
    if (offer.hazardous === true) flags |= HAZARDOUS;
    if (offer.truckOnly === true) flags |= TRUCK_ONLY;
    const table = this.ints;
    table[base + META] = distributorIndex | (currencyIndex << 16) | flags;
    table[base + BRAND] = offer.brand === undefined ? -1 : this.strings.intern(offer.brand);
    table[base + MPN] = offer.mpn === undefined ? -1 : this.strings.intern(offer.mpn);
    table[base + UPC] = offer.upc === undefined ? -1 : this.strings.intern(offer.upc);
    table[base + EXPIRES_AT] = offer.expiresAt === undefined ? -1 : this.strings.intern(offer.expiresAt);
    table[base + UPDATED_AT] = offer.updatedAt === undefined ? -1 : this.strings.intern(offer.updatedAt);
    if (offer.title !== undefined || (this.titles !== undefined && this.titles[slot] !== undefined)) {
      if (this.titles === undefined) this.titles = new Array(this.capacity);
      this.titles[slot] = offer.title;
    }
    const moneyBase = slot * MONEY_STRIDE;
    this.money[moneyBase + COST] = offer.cost;
    this.money[moneyBase + DROP_SHIP_FEE] = offer.dropShipFee ?? 0;
    this.money[moneyBase + ESTIMATED_SHIPPING] = offer.estimatedShipping ?? 0;
    this.money[moneyBase + MAP_PRICE] = offer.mapPrice ?? -1;
    // Same value the expired check computes (Date.parse of the validated ISO string).
    this.money[moneyBase + EXPIRES_MS] =
      offer.expiresAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(offer.expiresAt);

    // Stock rows: reuse the slot's region when it is big enough.
    const size = table[base + STOCK_SIZE] as number;
    let rowCapacity = size >>> 16;
    let offset = table[base + STOCK_OFFSET] as number;
    if (stock.length > rowCapacity) {
      this.poolWaste += rowCapacity;
      offset = this.reserveRows(stock.length);
      rowCapacity = stock.length;
    }
    const pool = this.pool;
    for (let index = 0; index < stock.length; index++) {
      const row = stock[index] as (typeof stock)[number];
      const rowBase = (offset + index) * ROW_STRIDE;
      pool[rowBase + ROW_WAREHOUSE] = this.warehouses.intern(row.warehouse) * 2 + (row.isFloor === true ? 1 : 0);
      pool[rowBase + ROW_QUANTITY] = row.quantity;
      pool[rowBase + ROW_LEAD_TIME] = row.leadTimeDays ?? 0;
    }
    const current = this.ints;
    current[base + STOCK_OFFSET] = offset;
    current[base + STOCK_SIZE] = stock.length | (rowCapacity << 16);

    // Product keys.
    for (const key of productKeys(offer)) {
      const id = this.keyId(key);
      if (key.charCodeAt(0) === 98 /* b: brand + MPN */) {
        current[base + BM_KEY] = id;
        this.linkKey(slot, id, NEXT_BM);
      } else {
        current[base + UPC_KEY] = id;
        this.linkKey(slot, id, NEXT_UPC);
      }
    }
    if (current[base + BM_KEY] !== previousBm || current[base + UPC_KEY] !== previousUpc) this.groupsFresh = false;
    return slot;
  }

  private unlinkKeys(slot: number): void {
    const base = slot * INT_STRIDE;
    const bm = this.ints[base + BM_KEY] as number;
    const upc = this.ints[base + UPC_KEY] as number;
    if (bm >= 0) this.unlinkKey(slot, bm);
    if (upc >= 0) this.unlinkKey(slot, upc);
    this.ints[base + BM_KEY] = -1;
    this.ints[base + UPC_KEY] = -1;
  }

  /** One more than the highest slot ever used. */
  slotLimit(): number {
    return this.highWater;
  }

  /** Bumped when a slot is freed (and may later hold another offer). */
  layoutVersion = 0;

  retire(slot: number): void {
    this.layoutVersion++;
    this.groupsFresh = false;
    const base = slot * INT_STRIDE;
    const sku = this.skus[slot] as string;
    this.unlinkKeys(slot);
    this.unlinkSku(slot, sku);
    this.ints[base + META] = 0;
    this.poolWaste += (this.ints[base + STOCK_SIZE] as number) >>> 16;
    this.ints[base + STOCK_SIZE] = 0;
    this.skus[slot] = undefined;
    if (this.titles !== undefined) this.titles[slot] = undefined;
    this.freeSlots.push(slot);
    this.liveCount--;
  }

  /** Starts a replace pass: returns the generation to mark touched slots with. */
  beginGeneration(): number {
    if (this.touched === undefined) this.touched = new Uint32Array(this.capacity);
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.touched.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  touch(slot: number, generation: number): void {
    (this.touched as Uint32Array)[slot] = generation;
  }

  /** Retires every offer of the distributor not touched in `generation`; returns how many. */
  retireUntouched(distributorIndex: number, generation: number): number {
    const touched = this.touched as Uint32Array;
    let retired = 0;
    for (let slot = 0; slot < this.highWater; slot++) {
      if (this.isAlive(slot) && this.distributorIndexOf(slot) === distributorIndex && touched[slot] !== generation) {
        this.retire(slot);
        retired++;
      }
    }
    return retired;
  }

  // --- reads -------------------------------------------------------------------------------------

  /** A fresh offer object for a slot. */
  materialize(slot: number): Offer {
    const ints = this.ints;
    const base = slot * INT_STRIDE;
    const meta = ints[base + META] as number;
    const moneyBase = slot * MONEY_STRIDE;
    const money = this.money;
    const strings = this.strings.values;
    const rowCount = (ints[base + STOCK_SIZE] as number) & 0xffff;
    const offset = ints[base + STOCK_OFFSET] as number;
    const stock: WarehouseStock[] = new Array(rowCount);
    const pool = this.pool;
    const warehouses = this.warehouses.values;
    for (let index = 0; index < rowCount; index++) {
      const rowBase = (offset + index) * ROW_STRIDE;
      const packed = pool[rowBase + ROW_WAREHOUSE] as number;
      stock[index] = {
        warehouse: warehouses[packed >>> 1] as string,
        quantity: pool[rowBase + ROW_QUANTITY] as number,
        leadTimeDays: pool[rowBase + ROW_LEAD_TIME] as number,
        isFloor: (packed & 1) === 1,
      };
    }
    const brand = ints[base + BRAND] as number;
    const mpn = ints[base + MPN] as number;
    const upc = ints[base + UPC] as number;
    const expiresAt = ints[base + EXPIRES_AT] as number;
    const updatedAt = ints[base + UPDATED_AT] as number;
    const mapPrice = money[moneyBase + MAP_PRICE] as number;
    return {
      distributor: this.distributors.values[meta & 0xffff] as string,
      sku: this.skus[slot] as string,
      brand: brand < 0 ? undefined : strings[brand],
      mpn: mpn < 0 ? undefined : strings[mpn],
      upc: upc < 0 ? undefined : strings[upc],
      title: this.titles === undefined ? undefined : this.titles[slot],
      currency: this.currencies.values[(meta >>> 16) & 0xff] as string,
      cost: money[moneyBase + COST] as number,
      dropShipFee: money[moneyBase + DROP_SHIP_FEE] as number,
      estimatedShipping: money[moneyBase + ESTIMATED_SHIPPING] as number,
      mapPrice: mapPrice < 0 ? undefined : mapPrice,
      stock,
      dropShipEligible: (meta & DROP_SHIP_ELIGIBLE) !== 0,
      discontinued: (meta & DISCONTINUED) !== 0,
      hazardous: (meta & HAZARDOUS) !== 0,
      truckOnly: (meta & TRUCK_ONLY) !== 0,
      expiresAt: expiresAt < 0 ? undefined : strings[expiresAt],
      updatedAt: updatedAt < 0 ? undefined : strings[updatedAt],
    };
  }

  /**
   * Appends to `out` the slots of the offers with this SKU (any distributor) and of every offer
   * sharing a product key with them or with `keys`, each once; returns how many.
   */
  findSlots(sku: string | undefined, keys: readonly string[] | undefined, out: number[]): number {
    if (this.groupsFresh && keys === undefined && sku !== undefined) {
      const found = this.findGroupSlots(sku, out);
      if (found >= 0) return found;
    }
    // `out` is a reused buffer: entries past the returned count are stale. Writing by index keeps
    // its backing store (setting length to 0 would drop it).
    let count = 0;
    let stamp = (this.stamp + 1) >>> 0;
    if (stamp === 0) {
      this.seen.fill(0);
      stamp = 1;
    }
    this.stamp = stamp;
    const seen = this.seen;
    const ints = this.ints;
    // Key ids to walk: usually one brand + MPN key and one UPC key.
    const keyIds = this.keyScratch;
    let keyCount = 0;
    if (sku !== undefined) {
      let slot = this.skuHead.get(sku) ?? -1;
      while (slot >= 0) {
        seen[slot] = stamp;
        out[count++] = slot;
        const base = slot * INT_STRIDE;
        const bm = ints[base + BM_KEY] as number;
        const upc = ints[base + UPC_KEY] as number;
        if (bm >= 0 && !hasKey(keyIds, keyCount, bm)) keyIds[keyCount++] = bm;
        if (upc >= 0 && !hasKey(keyIds, keyCount, upc)) keyIds[keyCount++] = upc;
        slot = ints[base + NEXT_SKU] as number;
      }
    }
    if (keys !== undefined) {
      for (const key of keys) {
        const id = this.keyIds.get(key);
        if (id !== undefined && !hasKey(keyIds, keyCount, id)) keyIds[keyCount++] = id;
      }
    }
    for (let index = 0; index < keyCount; index++) {
      const key = keyIds[index] as number;
      let slot = this.keyHead[key] as number;
      while (slot >= 0) {
        if (seen[slot] !== stamp) {
          seen[slot] = stamp;
          out[count++] = slot;
        }
        slot = ints[slot * INT_STRIDE + this.nextField(slot, key)] as number;
      }
    }
    return count;
  }

  private readonly keyScratch: number[] = [];

  /**
   * The fast path of `findSlots` for a SKU alone, while the product-group ranges are fresh: one
   * offer with that SKU whose group shares one key throughout is the group's range. Returns -1
   * when the general walk is needed.
   */
  private findGroupSlots(sku: string, out: number[]): number {
    const ints = this.ints;
    const slot = this.skuHead.get(sku) ?? -1;
    if (slot < 0) return 0;
    const base = slot * INT_STRIDE;
    const start = ints[base + GROUP_START] as number;
    if (start < 0 || (ints[base + NEXT_SKU] as number) >= 0) return -1;
    const end = ints[base + GROUP_END] as number;
    let count = 0;
    for (let member = start; member < end; member++) out[count++] = member;
    return count;
  }

  meta(slot: number): number {
    return this.ints[slot * INT_STRIDE + META] as number;
  }

  expiresAtMs(slot: number): number {
    return this.money[slot * MONEY_STRIDE + EXPIRES_MS] as number;
  }

  sku(slot: number): string {
    return this.skus[slot] as string;
  }

  brand(slot: number): string | undefined {
    const brand = this.ints[slot * INT_STRIDE + BRAND] as number;
    return brand < 0 ? undefined : this.strings.values[brand];
  }

  cost(slot: number): number {
    return this.money[slot * MONEY_STRIDE + COST] as number;
  }

  dropShipFee(slot: number): number {
    return this.money[slot * MONEY_STRIDE + DROP_SHIP_FEE] as number;
  }

  estimatedShipping(slot: number): number {
    return this.money[slot * MONEY_STRIDE + ESTIMATED_SHIPPING] as number;
  }

  distributorName(index: number): string {
    return this.distributors.values[index] as string;
  }

  currencyIndexOf(currency: string): number {
    return this.currencies.ids.get(currency) ?? -1;
  }

  rowCount(slot: number): number {
    return (this.ints[slot * INT_STRIDE + STOCK_SIZE] as number) & 0xffff;
  }

  private rowBase(slot: number, row: number): number {
    return ((this.ints[slot * INT_STRIDE + STOCK_OFFSET] as number) + row) * ROW_STRIDE;
  }

  rowWarehouse(slot: number, row: number): string {
    return this.warehouses.values[(this.pool[this.rowBase(slot, row) + ROW_WAREHOUSE] as number) >>> 1] as string;
  }

  rowQuantity(slot: number, row: number): number {
    return this.pool[this.rowBase(slot, row) + ROW_QUANTITY] as number;
  }

  rowLeadTimeDays(slot: number, row: number): number {
    return this.pool[this.rowBase(slot, row) + ROW_LEAD_TIME] as number;
  }

  rowIsFloor(slot: number, row: number): boolean {
    return ((this.pool[this.rowBase(slot, row) + ROW_WAREHOUSE] as number) & 1) === 1;
  }

  /** Fresh offers for a SKU and/or product keys, each once. */
  find(sku: string | undefined, keys: readonly string[] | undefined): Offer[] {
    const slots: number[] = [];
    const count = this.findSlots(sku, keys, slots);
    slots.length = count;
    const result: Offer[] = new Array(count);
    for (let index = 0; index < count; index++) result[index] = this.materialize(slots[index] as number);
    return result;
  }

  /**
   * Renumbers the slots so that the offers of one product (those sharing a brand + MPN or a UPC
   * key) sit next to each other, and packs out freed slots. Feeds arrive distributor by
   * distributor, which scatters a product's offers across the arrays; routing reads every offer
   * of a product at once, so clustering them turns many scattered memory reads into a few
   * adjacent ones. Bumps the layout version (slot numbers change).
   */
  cluster(): void {
    const highWater = this.highWater;
    const ints = this.ints;
    const newSlotOf = new Int32Array(highWater).fill(-1);
    const order = new Int32Array(this.liveCount);
    let next = 0;
    const queue: number[] = [];
    // Group g occupies new slots [groupStart[g], groupStart[g + 1]).
    const groupStarts: number[] = [];
    for (let start = 0; start < highWater; start++) {
      if (!this.isAlive(start) || (newSlotOf[start] as number) >= 0) continue;
      queue.length = 0;
      queue.push(start);
      groupStarts.push(next);
      newSlotOf[start] = next;
      order[next++] = start;
      for (let head = 0; head < queue.length; head++) {
        const member = queue[head] as number;
        for (const field of [BM_KEY, UPC_KEY]) {
          const key = ints[member * INT_STRIDE + field] as number;
          if (key < 0) continue;
          let slot = this.keyHead[key] as number;
          while (slot >= 0) {
            if ((newSlotOf[slot] as number) < 0) {
              newSlotOf[slot] = next;
              order[next++] = slot;
              queue.push(slot);
            }
            slot = ints[slot * INT_STRIDE + this.nextField(slot, key)] as number;
          }
        }
      }
    }
    const remap = (slot: number): number => (slot < 0 ? slot : (newSlotOf[slot] as number));
    const newInts = new Int32Array(this.capacity * INT_STRIDE);
    const newMoney = new Float64Array(this.capacity * MONEY_STRIDE);
    const newSkus: (string | undefined)[] = new Array(this.capacity);
    const newTitles: (string | undefined)[] | undefined =
      this.titles === undefined ? undefined : new Array(this.capacity);
    let rows = 0;
    for (let slot = 0; slot < next; slot++)
      rows += (ints[(order[slot] as number) * INT_STRIDE + STOCK_SIZE] as number) & 0xffff;
    const newPool = new Float64Array(Math.max(1024, Math.ceil(rows * 1.125)) * ROW_STRIDE);
    let poolEnd = 0;
    for (let slot = 0; slot < next; slot++) {
      const old = order[slot] as number;
      const from = old * INT_STRIDE;
      const to = slot * INT_STRIDE;
      newInts.set(ints.subarray(from, from + INT_STRIDE), to);
      newInts[to + NEXT_SKU] = remap(ints[from + NEXT_SKU] as number);
      newInts[to + NEXT_BM] = remap(ints[from + NEXT_BM] as number);
      newInts[to + NEXT_UPC] = remap(ints[from + NEXT_UPC] as number);
      const count = (ints[from + STOCK_SIZE] as number) & 0xffff;
      const offset = ints[from + STOCK_OFFSET] as number;
      newPool.set(this.pool.subarray(offset * ROW_STRIDE, (offset + count) * ROW_STRIDE), poolEnd * ROW_STRIDE);
      newInts[to + STOCK_OFFSET] = poolEnd;
      newInts[to + STOCK_SIZE] = count | (count << 16);
      poolEnd += count;
      newMoney.set(this.money.subarray(old * MONEY_STRIDE, (old + 1) * MONEY_STRIDE), slot * MONEY_STRIDE);
      newSkus[slot] = this.skus[old];
      if (newTitles !== undefined && this.titles !== undefined) newTitles[slot] = this.titles[old];
    }
    for (let key = 0; key < this.keyCount; key++) this.keyHead[key] = remap(this.keyHead[key] as number);
    for (const [sku, head] of this.skuHead) this.skuHead.set(sku, remap(head));
    this.ints = newInts;
    this.money = newMoney;
    this.skus = newSkus;
    this.titles = newTitles;
    this.pool = newPool;
    this.poolEnd = poolEnd;
    this.poolWaste = 0;
    this.highWater = next;
    this.freeSlots.length = 0;
    this.seen.fill(0);
    this.stamp = 0;
    if (this.touched !== undefined) this.touched.fill(0);
    // A group serves as a range only when one key links every member to every other (the
    // usual case: every distributor reports the same brand + MPN, or the same UPC); a look-up by
    // SKU then finds exactly the group. Other groups keep -1 and are walked key by key.
    for (let group = 0; group < groupStarts.length; group++) {
      const start = groupStarts[group] as number;
      const end = group + 1 < groupStarts.length ? (groupStarts[group + 1] as number) : next;
      const firstBm = newInts[start * INT_STRIDE + BM_KEY] as number;
      const firstUpc = newInts[start * INT_STRIDE + UPC_KEY] as number;
      let sameBm = firstBm >= 0;
      let sameUpc = firstUpc >= 0;
      for (let slot = start + 1; slot < end && (sameBm || sameUpc); slot++) {
        if (newInts[slot * INT_STRIDE + BM_KEY] !== firstBm) sameBm = false;
        if (newInts[slot * INT_STRIDE + UPC_KEY] !== firstUpc) sameUpc = false;
      }
      const range = sameBm || sameUpc || end - start === 1;
      for (let slot = start; slot < end; slot++) {
        newInts[slot * INT_STRIDE + GROUP_START] = range ? start : -1;
        newInts[slot * INT_STRIDE + GROUP_END] = range ? end : -1;
      }
    }
    this.groupsFresh = true;
    this.layoutVersion++;
  }

  *slots(): IterableIterator<number> {
    for (let slot = 0; slot < this.highWater; slot++) {
      if (this.isAlive(slot)) yield slot;
    }
  }
}

function assertText(value: unknown, path: string, subject: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ValidationError(subject, [{ path, message: 'must be a non-empty string' }]);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

function assertOfferIterable(value: unknown, allowAsync: boolean): void {
  if (isIterable(value) || (allowAsync && isAsyncIterable(value))) return;
  throw new ValidationError('offers', [
    {
      path: '',
      message: allowAsync ? 'must be an iterable or async iterable of offers' : 'must be an iterable of offers',
    },
  ]);
}

/** Validates a query; returns the product keys to look up (undefined when none). */
function queryKeys(query: OfferQuery): readonly string[] | undefined {
  if (typeof query !== 'object' || query === null)
    throw new ValidationError('offer query', [{ path: '', message: 'must be an object' }]);
  if (query.sku !== undefined && typeof query.sku !== 'string')
    throw new ValidationError('offer query', [{ path: 'sku', message: 'must be a string' }]);
  const product = query.product;
  if (product === undefined) return undefined;
  if (typeof product !== 'object' || product === null)
    throw new ValidationError('offer query', [
      { path: 'product', message: 'must be an object with brand + mpn and/or upc' },
    ]);
  for (const field of ['brand', 'mpn', 'upc'] as const) {
    if (product[field] !== undefined && typeof product[field] !== 'string') {
      throw new ValidationError('offer query', [{ path: `product.${field}`, message: 'must be a string' }]);
    }
  }
  return productKeys(product);
}

/**
 * Creates an in-memory catalog, optionally filled with `offers` (each validated; a malformed
 * one throws a `ValidationError` whose paths start with its index, like `3.cost`).
 *
 * Memory-lean: offers live in typed arrays with interned strings (about 300 bytes per offer with
 * a few warehouses), indexed by distributor SKU and by product key (brand + MPN, UPC). Every
 * read returns fresh objects.
 *
 * @param offers - initial offers.
 */
export function createMemoryCatalog(offers?: Iterable<OfferInput>): MemoryCatalog {
  const initial = offers === undefined ? [] : offers;
  assertOfferIterable(initial, false);
  const sizeHint = Array.isArray(initial) ? initial.length : 0;
  const table = new OfferTable(sizeHint);

  /** Validates and stores one offer; returns its slot. */
  /** Validates one offer of a batch (paths prefixed with its index); writes nothing. */
  function validateOne(
    value: unknown,
    index: number,
    distributor: string | undefined,
  ): ReturnType<typeof toOfferInput> {
    const offer = toOfferInput(value, String(index));
    if (distributor !== undefined && offer.distributor !== distributor) {
      throw new ValidationError('offers', [
        {
          path: `${index}.distributor`,
          message: `must be "${distributor}" (replaceOffers replaces one distributor's offers)`,
        },
      ]);
    }
    return offer;
  }

  function upsertOne(value: unknown, index: number, distributor: string | undefined): number {
    return table.upsert(validateOne(value, index, distributor));
  }

  /** Validates a whole in-memory batch before writing any of it: a bad offer writes nothing. */
  function validateAll(input: Iterable<unknown>, distributor: string | undefined): ReturnType<typeof toOfferInput>[] {
    const offers: ReturnType<typeof toOfferInput>[] = [];
    let index = 0;
    for (const value of input) offers.push(validateOne(value, index++, distributor));
    return offers;
  }

  /** After a bulk write: tidy the stock pool, and cluster products when enough changed. */
  function afterBulkWrite(changed: number): void {
    if (changed >= CLUSTER_AFTER_CHANGES || (changed > 0 && changed * 4 >= table.liveCount)) table.cluster();
    else table.trimPool();
  }

  function upsertAll(input: Iterable<unknown>): CatalogUpdateResult {
    const offers = validateAll(input, undefined);
    try {
      for (const offer of offers) table.upsert(offer);
    } finally {
      afterBulkWrite(offers.length);
    }
    return { upserted: offers.length, retired: 0 };
  }

  async function upsertAllAsync(input: Iterable<unknown> | AsyncIterable<unknown>): Promise<CatalogUpdateResult> {
    if (isIterable(input)) return upsertAll(input);
    let index = 0;
    try {
      for await (const value of input) upsertOne(value, index++, undefined);
    } finally {
      afterBulkWrite(index);
    }
    return { upserted: index, retired: 0 };
  }

  // Replacing streams the new set, marking every slot it touches; only when the whole set was
  // valid are the distributor's untouched offers retired.
  function finishReplace(distributor: string, generation: number, upserted: number): CatalogUpdateResult {
    const distributorIndex = table.distributorIndex(distributor);
    const retired = distributorIndex === undefined ? 0 : table.retireUntouched(distributorIndex, generation);
    afterBulkWrite(upserted + retired);
    return { upserted, retired };
  }

  function replaceAll(distributor: string, input: Iterable<unknown>): CatalogUpdateResult {
    assertText(distributor, 'distributor', 'offers');
    const offers = validateAll(input, distributor);
    const generation = table.beginGeneration();
    for (const offer of offers) table.touch(table.upsert(offer), generation);
    return finishReplace(distributor, generation, offers.length);
  }

  async function replaceAllAsync(
    distributor: string,
    input: Iterable<unknown> | AsyncIterable<unknown>,
  ): Promise<CatalogUpdateResult> {
    if (isIterable(input)) return replaceAll(distributor, input);
    assertText(distributor, 'distributor', 'offers');
    const generation = table.beginGeneration();
    let index = 0;
    for await (const value of input) table.touch(upsertOne(value, index++, distributor), generation);
    return finishReplace(distributor, generation, index);
  }

  upsertAll(initial);

  // Routing's allocation-light path (see OfferSlotAccess): slots, heads and rows read in place.
  const slotAccess: OfferSlotAccess = {
    findSlots: (sku: string, product: ProductIdentity | undefined, slots: number[]) =>
      table.findSlots(sku, product === undefined ? undefined : productKeys(product), slots),
    meta: (slot) => table.meta(slot),
    expiresAtMs: (slot) => table.expiresAtMs(slot),
    sku: (slot) => table.sku(slot),
    brand: (slot) => table.brand(slot),
    cost: (slot) => table.cost(slot),
    dropShipFee: (slot) => table.dropShipFee(slot),
    estimatedShipping: (slot) => table.estimatedShipping(slot),
    distributorName: (index) => table.distributorName(index),
    distributorIndexOf: (distributor) => table.distributorIndex(distributor) ?? -1,
    currencyIndexOf: (currency) => table.currencyIndexOf(currency),
    rowCount: (slot) => table.rowCount(slot),
    rowWarehouse: (slot, row) => table.rowWarehouse(slot, row),
    rowQuantity: (slot, row) => table.rowQuantity(slot, row),
    rowLeadTimeDays: (slot, row) => table.rowLeadTimeDays(slot, row),
    rowIsFloor: (slot, row) => table.rowIsFloor(slot, row),
    materialize: (slot) => table.materialize(slot),
    layoutVersion: () => table.layoutVersion,
    slotLimit: () => table.slotLimit(),
  };

  const catalog: MemoryCatalog & { readonly [offerSlotAccessKey]: OfferSlotAccess } = {
    [offerSlotAccessKey]: slotAccess,
    specificationVersion: 'v1',
    get size() {
      return table.liveCount;
    },
    findOffersSync(query) {
      const keys = queryKeys(query);
      return table.find(query.sku, keys);
    },
    getOfferSync(distributor, sku) {
      if (typeof distributor !== 'string' || typeof sku !== 'string') return undefined;
      const distributorIndex = table.distributorIndex(distributor);
      if (distributorIndex === undefined) return undefined;
      const slot = table.findSlot(distributorIndex, sku);
      return slot < 0 ? undefined : table.materialize(slot);
    },
    upsertOffersSync(input) {
      assertOfferIterable(input, false);
      return upsertAll(input);
    },
    replaceOffersSync(distributor, input) {
      assertOfferIterable(input, false);
      return replaceAll(distributor, input);
    },
    removeOffer(distributor, sku) {
      if (typeof distributor !== 'string' || typeof sku !== 'string') return false;
      const distributorIndex = table.distributorIndex(distributor);
      if (distributorIndex === undefined) return false;
      const slot = table.findSlot(distributorIndex, sku);
      if (slot < 0) return false;
      table.retire(slot);
      return true;
    },
    *offers() {
      for (const slot of table.slots()) yield table.materialize(slot);
    },
    async findOffers(query) {
      return catalog.findOffersSync(query);
    },
    async getOffer(distributor, sku) {
      return catalog.getOfferSync(distributor, sku);
    },
    async upsertOffers(input) {
      assertOfferIterable(input, true);
      return upsertAllAsync(input);
    },
    async replaceOffers(distributor, input) {
      assertOfferIterable(input, true);
      return replaceAllAsync(distributor, input);
    },
  };
  return catalog;
}
