import { z } from 'zod';
import { parseWith } from '../model/parse.js';
import { type StockLevel, stockLevelSchema } from '../model/stock-level.js';

/** Real-time stock answers of one distributor, as returned by `DistributorClient.checkStock`. */
export interface RealTimeStockEntry {
  distributor: string;
  levels: readonly StockLevel[];
}

const distributorSchema = z.string().min(1);
const entrySchema = z.object({ distributor: distributorSchema, level: stockLevelSchema });
const answerSchema = z.object({ distributor: distributorSchema, levels: z.array(stockLevelSchema) });
const entriesSchema = z.array(z.object({ distributor: distributorSchema, levels: z.array(stockLevelSchema) }));

/**
 * Real-time stock that overrides the catalog's (feed) stock for the (distributor, SKU) pairs it
 * holds. For such a pair the real-time answer is the whole truth: warehouses it reports take its
 * quantities, catalog warehouses it does not report count as 0, and `found: false` means no
 * stock at all. Candidates built from it are marked `stockSource: 'real-time'`.
 */
export class RealTimeStock {
  readonly #byDistributor = new Map<string, Map<string, StockLevel>>();

  /**
   * Adds (or replaces) one distributor's answer for one SKU.
   *
   * @param distributor - distributor id.
   * @param level - the answer of `checkStock` for one SKU.
   * @throws {@link ValidationError} when `level` is malformed.
   */
  set(distributor: string, level: StockLevel): this {
    const parsed = parseWith(entrySchema, { distributor, level }, 'real-time stock');
    this.#put(parsed.distributor, parsed.level);
    return this;
  }

  /**
   * Adds (or replaces) one distributor's whole `checkStock` answer, parsed once as a whole: either
   * every level is taken or, when one is malformed, none is (the answer is not half-used).
   *
   * @param distributor - distributor id.
   * @param levels - the answer of `checkStock`.
   * @throws {@link ValidationError} listing every malformed level with its path.
   */
  setAll(distributor: string, levels: readonly StockLevel[]): this {
    const parsed = parseWith(answerSchema, { distributor, levels }, 'real-time stock');
    for (const level of parsed.levels) this.#put(parsed.distributor, level);
    return this;
  }

  /** Adds an answer that was parsed already. */
  #put(distributor: string, level: StockLevel): void {
    let bySku = this.#byDistributor.get(distributor);
    if (bySku === undefined) {
      bySku = new Map();
      this.#byDistributor.set(distributor, bySku);
    }
    bySku.set(level.sku, level);
  }

  /**
   * Builds a {@link RealTimeStock} from answers grouped by distributor, parsed once as a whole.
   *
   * @param entries - one entry per distributor with its stock levels.
   * @throws {@link ValidationError} listing every malformed entry with its path.
   */
  static from(entries: readonly RealTimeStockEntry[]): RealTimeStock {
    const parsed = parseWith(entriesSchema, entries, 'real-time stock');
    const stock = new RealTimeStock();
    for (const entry of parsed) {
      for (const level of entry.levels) stock.#put(entry.distributor, level);
    }
    return stock;
  }

  /**
   * The real-time answer for a (distributor, SKU), or undefined when none was given.
   *
   * @param distributor - distributor id.
   * @param sku - the distributor's SKU.
   */
  get(distributor: string, sku: string): StockLevel | undefined {
    return this.#byDistributor.get(distributor)?.get(sku);
  }

  /** Number of (distributor, SKU) answers held. */
  get size(): number {
    let size = 0;
    for (const bySku of this.#byDistributor.values()) size += bySku.size;
    return size;
  }
}

/**
 * Builds a {@link RealTimeStock} from `checkStock` answers grouped by distributor.
 *
 * @param entries - one entry per distributor with its stock levels.
 * @throws {@link ValidationError} listing every malformed entry with its path.
 */
export function createRealTimeStock(entries: readonly RealTimeStockEntry[] = []): RealTimeStock {
  return RealTimeStock.from(entries);
}
