/**
 * The routing benchmark's data: a deterministic catalog of powersports offers at four
 * distributors, sales orders against it, and in-memory distributor clients that answer real-time
 * stock from the same data. Nothing is random: the same figures every run.
 */
import type { DistributorClient, OfferInput, SalesOrder, StockLevel } from '@dropship/core';

/** The four distributors of the catalog. */
export const DISTRIBUTORS = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'] as const;
const SKU_PREFIX = ['87-', 'PU', 'TR', 'AD'] as const;
const WAREHOUSES = [
  ['ID', 'TN', 'PA', 'NV'],
  ['NV', 'WI', 'PA', 'TX'],
  ['TX', 'NV', 'IN'],
  ['CA', 'NJ'],
] as const;
const DROP_SHIP_FEES = [0, 300, 250, 400] as const;
/** Chance that a distributor carries a product. */
const PRESENCE = 0.8;
const UPDATED_AT = '2026-11-22T06:00:00Z';
const EXPIRES_AT = '2026-11-23T06:00:00Z';
const EXPIRED_AT = '2026-11-21T06:00:00Z';
const BRANDS = Array.from({ length: 200 }, (_, index) => `Brand ${index}`);

/** The instant the benchmark plans at (offers expiring before it are not eligible). */
export const NOW = '2026-11-22T12:00:00Z';

/** Deterministic 32-bit hash of two integers. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Number of products behind `offerCount` offers. */
export function productCount(offerCount: number): number {
  return Math.ceil(offerCount / (DISTRIBUTORS.length * PRESENCE));
}

/** True when the distributor (index) carries the product. */
export function carries(product: number, distributor: number): boolean {
  return mix(product, distributor) / 0x1_0000_0000 < PRESENCE;
}

/** The distributor's SKU of a product. */
export function skuOf(product: number, distributor: number): string {
  return `${SKU_PREFIX[distributor]}${(product * 7 + distributor).toString().padStart(7, '0')}`;
}

/** The product of a distributor's SKU, or undefined when the SKU is not one of the benchmark's. */
function productOf(sku: string, distributor: number): number | undefined {
  const prefix = SKU_PREFIX[distributor] as string;
  if (!sku.startsWith(prefix)) return undefined;
  const number = Number(sku.slice(prefix.length));
  if (!Number.isInteger(number) || (number - distributor) % 7 !== 0) return undefined;
  return (number - distributor) / 7;
}

/** One stock row of a product at a distributor. */
interface StockRow {
  warehouse: string;
  quantity: number;
  leadTimeDays: number;
  isFloor: boolean;
}

/** The stock of a product at a distributor: the catalog's rows, and the real-time answer. */
function stockRows(product: number, distributor: number): StockRow[] {
  const warehouses = WAREHOUSES[distributor] as readonly string[];
  const h = mix(product, distributor + 17);
  const rows: StockRow[] = [];
  const count = 2 + (h % (warehouses.length - 1));
  for (let row = 0; row < count; row++) {
    const q = mix(product * 8 + row, distributor);
    rows.push({
      warehouse: warehouses[row] as string,
      quantity: q % 10 < 3 ? 0 : q % 13,
      leadTimeDays: q % 17 === 0 ? 3 : row === 0 ? 0 : 1,
      isFloor: distributor === 0 && q % 13 === 12,
    });
  }
  return rows;
}

/**
 * One distributor's feed: every product it carries, generated lazily (no second copy in memory).
 *
 * @param distributor - index into {@link DISTRIBUTORS}.
 * @param products - number of products.
 */
export function* feed(distributor: number, products: number): Generator<OfferInput> {
  for (let product = 0; product < products; product++) {
    if (!carries(product, distributor)) continue;
    const h = mix(product, distributor + 17);
    const flags = h % 100;
    yield {
      distributor: DISTRIBUTORS[distributor] as string,
      sku: skuOf(product, distributor),
      brand: BRANDS[product % BRANDS.length] as string,
      mpn: `MP-${product.toString(36).toUpperCase()}`,
      upc: (100_000_000_000 + product).toString(),
      currency: 'USD',
      cost: 500 + (mix(product, 99) % 40_000) + (h % 900),
      dropShipFee: DROP_SHIP_FEES[distributor] as number,
      estimatedShipping: 400 + (h % 800),
      stock: stockRows(product, distributor),
      dropShipEligible: flags !== 0,
      discontinued: flags === 1 || flags === 2,
      hazardous: flags === 3,
      truckOnly: flags === 4,
      updatedAt: UPDATED_AT,
      expiresAt: flags === 5 ? EXPIRED_AT : EXPIRES_AT,
    };
  }
}

/**
 * Sales orders of `linesPerOrder` lines, each line a SKU some distributor carries.
 *
 * @param count - number of orders.
 * @param linesPerOrder - lines per order.
 * @param products - number of products in the catalog.
 */
export function salesOrders(count: number, linesPerOrder: number, products: number): SalesOrder[] {
  const orders: SalesOrder[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const lines = [];
    for (let lineIndex = 0; lineIndex < linesPerOrder; lineIndex++) {
      const seed = index * linesPerOrder + lineIndex;
      let product = 0;
      let distributor = 0;
      for (let attempt = 0; ; attempt++) {
        product = mix(seed, attempt) % products;
        distributor = mix(seed, attempt + 1000) % DISTRIBUTORS.length;
        if (carries(product, distributor)) break;
      }
      const q = mix(index, lineIndex);
      lines.push({
        lineId: `L${lineIndex + 1}`,
        sku: skuOf(product, distributor),
        quantity: q % 10 < 7 ? 1 : 1 + (q % 3),
        unitPrice: Math.round((500 + (mix(product, 99) % 40_000) + 900) * 1.35),
      });
    }
    orders[index] = {
      marketplace: 'ebay',
      marketplaceOrderId: `24-${(10_000_000 + index).toString()}-1`,
      orderedAt: '2026-11-22T10:00:00Z',
      currency: 'USD',
      buyer: { name: 'Buyer', email: 'buyer@example.com' },
      shipTo: {
        name: 'Buyer',
        address1: '1 Main St',
        city: 'Reno',
        region: 'NV',
        postalCode: '89501',
        country: 'US',
      },
      lines,
      shippingPaid: 995,
    };
  }
  return orders;
}

/** Counts of the calls the in-memory distributors served. */
export interface DistributorCallCounts {
  /** `checkStock` calls. */
  checkStock: number;
  /** SKUs asked for in all. */
  skus: number;
}

/**
 * A plain in-memory `DistributorClient` answering real-time stock from the benchmark's data (the
 * same numbers as the catalog's rows), with no HTTP and no bookkeeping beyond two counters. The
 * plan step only checks stock; the other operations refuse, so a benchmark that placed a PO by
 * mistake would fail loudly.
 *
 * @param distributor - index into {@link DISTRIBUTORS}.
 * @param counts - counters to add this client's calls to.
 */
export function inMemoryDistributor(distributor: number, counts: DistributorCallCounts): DistributorClient {
  const id = DISTRIBUTORS[distributor] as string;
  const refuse = (operation: string): never => {
    throw new Error(`${id}: ${operation} is not part of the plan step the routing benchmark measures`);
  };
  return {
    specificationVersion: 'v1',
    distributor: id,
    capabilities: {
      cancel: 'unsupported',
      batchTracking: 'none',
      maxTrackingBatch: 1,
      maxStockBatch: 100,
      stockIsFloor: distributor === 0,
      maxPoNumberLength: 20,
      validateOnly: false,
    },
    async checkStock(skus) {
      counts.checkStock++;
      counts.skus += skus.length;
      return skus.map((sku): StockLevel => {
        const product = productOf(sku, distributor);
        if (product === undefined || !carries(product, distributor)) return { sku, found: false, warehouses: [] };
        return {
          sku,
          found: true,
          warehouses: stockRows(product, distributor).map(({ warehouse, quantity, isFloor }) => ({
            warehouse,
            quantity,
            isFloor,
          })),
        };
      });
    },
    submitOrder: async () => refuse('submitOrder'),
    findOrder: async () => refuse('findOrder'),
    listShipments: async () => refuse('listShipments'),
    cancelOrder: async () => refuse('cancelOrder'),
  };
}
