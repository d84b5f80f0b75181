import { ValidationError } from '../errors/validation-error.js';
import { markStoredOffer, type Offer, type OfferInput, type WarehouseStock } from '../model/offer.js';
import { productKeys } from '../model/product-key.js';
import {
  ALIVE,
  BM_KEY,
  BRAND,
  COST,
  DISCONTINUED,
  DROP_SHIP_ELIGIBLE,
  DROP_SHIP_FEE,
  ESTIMATED_SHIPPING,
  EXPIRES_AT,
  growFloat64,
  growInt32,
  HAZARDOUS,
  hasKey,
  INT_STRIDE,
  Interner,
  MAP_PRICE,
  MAX_CURRENCIES,
  MAX_DISTRIBUTORS,
  MAX_ROWS,
  META,
  MONEY_STRIDE,
  MPN,
  NEXT_BM,
  NEXT_SKU,
  NEXT_UPC,
  ROW_LEAD_TIME,
  ROW_QUANTITY,
  ROW_STRIDE,
  ROW_WAREHOUSE,
  STOCK_OFFSET,
  STOCK_SIZE,
  TRUCK_ONLY,
  UPC,
  UPC_KEY,
  UPDATED_AT,
} from './offer-table-layout.js';

/**
 * The columnar store behind the memory catalog: one slot per offer in typed arrays, strings
 * interned, indexed by distributor SKU and by product key (brand + MPN, UPC). Every read hands
 * out a fresh {@link Offer}; nothing outside this file sees a slot.
 *
 * @internal
 */
export class OfferTable {
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
    } else {
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

  retire(slot: number): void {
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

  /** A fresh offer for a slot, frozen and marked as parsed (its fields were validated when written). */
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
      // Frozen as built, so that marking the offer does not walk its rows again.
      stock[index] = Object.freeze({
        warehouse: warehouses[packed >>> 1] as string,
        quantity: pool[rowBase + ROW_QUANTITY] as number,
        leadTimeDays: pool[rowBase + ROW_LEAD_TIME] as number,
        isFloor: (packed & 1) === 1,
      });
    }
    Object.freeze(stock);
    const brand = ints[base + BRAND] as number;
    const mpn = ints[base + MPN] as number;
    const upc = ints[base + UPC] as number;
    const expiresAt = ints[base + EXPIRES_AT] as number;
    const updatedAt = ints[base + UPDATED_AT] as number;
    const mapPrice = money[moneyBase + MAP_PRICE] as number;
    return markStoredOffer({
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
    });
  }

  /**
   * Fresh offers with this SKU (any distributor) and every offer sharing a product key with them
   * or with `keys`, each once.
   */
  find(sku: string | undefined, keys: readonly string[] | undefined): Offer[] {
    const found: Offer[] = [];
    let stamp = (this.stamp + 1) >>> 0;
    if (stamp === 0) {
      this.seen.fill(0);
      stamp = 1;
    }
    this.stamp = stamp;
    const seen = this.seen;
    const ints = this.ints;
    // Key ids to walk: usually one brand + MPN key and one UPC key.
    const keyIds: number[] = [];
    if (sku !== undefined) {
      let slot = this.skuHead.get(sku) ?? -1;
      while (slot >= 0) {
        seen[slot] = stamp;
        found.push(this.materialize(slot));
        const base = slot * INT_STRIDE;
        const bm = ints[base + BM_KEY] as number;
        const upc = ints[base + UPC_KEY] as number;
        if (bm >= 0 && !hasKey(keyIds, keyIds.length, bm)) keyIds.push(bm);
        if (upc >= 0 && !hasKey(keyIds, keyIds.length, upc)) keyIds.push(upc);
        slot = ints[base + NEXT_SKU] as number;
      }
    }
    for (const key of keys ?? []) {
      const id = this.keyIds.get(key);
      if (id !== undefined && !hasKey(keyIds, keyIds.length, id)) keyIds.push(id);
    }
    for (const key of keyIds) {
      let slot = this.keyHead[key] as number;
      while (slot >= 0) {
        if (seen[slot] !== stamp) {
          seen[slot] = stamp;
          found.push(this.materialize(slot));
        }
        slot = ints[slot * INT_STRIDE + this.nextField(slot, key)] as number;
      }
    }
    return found;
  }

  /** Every live slot, in slot order. */
  *slots(): IterableIterator<number> {
    for (let slot = 0; slot < this.highWater; slot++) {
      if (this.isAlive(slot)) yield slot;
    }
  }
}
