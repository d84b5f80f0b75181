import {
  type InventoryRules,
  type InventoryRulesInput,
  parseInventoryRules,
  type WarehouseRule,
} from '../model/inventory-rules.js';

/**
 * Inventory rules pre-processed for fast look-ups: sets and maps instead of arrays and records.
 * Build it once with {@link compileInventoryRules} and reuse it for every order.
 */
export interface CompiledInventoryRules {
  /** The validated rules, defaults applied. */
  readonly rules: InventoryRules;
  /** Distributors not to use at all. */
  readonly excludedDistributors: ReadonlySet<string>;
  /** Per distributor, per warehouse code: the warehouse rule (lead-time override, exclusion). */
  readonly warehouseRules: ReadonlyMap<string, ReadonlyMap<string, WarehouseRule>>;
  /** Position of each distributor in `distributorPriority` (0 = first). */
  readonly distributorRank: ReadonlyMap<string, number>;
  /** Position of each normalised brand in `brandPreferences` (0 = most preferred). */
  readonly brandRank: ReadonlyMap<string, number>;
  /** Marketplace fee in basis points for a marketplace id (0 when not configured). */
  marketplaceFeeBasisPoints(marketplace: string): number;
  /** Rank of a brand in `brandPreferences`; brands not listed rank after every listed one. */
  rankBrand(brand: string | undefined): number;
}

const compiledMarker = Symbol.for('@dropship/compiled-inventory-rules');

/**
 * Normalises a brand name for comparisons: upper case, letters and digits only
 * (`"Pro Taper"` and `"PRO-TAPER"` are the same brand).
 *
 * @param brand - the brand as written.
 */
export function normaliseBrand(brand: string): string {
  return brand.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * Validates inventory rules (applying defaults) and pre-processes them for routing.
 * Passing an already compiled value returns it unchanged.
 *
 * @param input - rules as the user writes them, parsed rules, or compiled rules.
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function compileInventoryRules(
  input: InventoryRulesInput | InventoryRules | CompiledInventoryRules | undefined = {},
): CompiledInventoryRules {
  if (isCompiledInventoryRules(input)) return input;
  const rules = parseInventoryRules(input);
  const warehouseRules = new Map<string, Map<string, WarehouseRule>>();
  for (const [distributor, byWarehouse] of Object.entries(rules.warehouses)) {
    warehouseRules.set(distributor, new Map(Object.entries(byWarehouse)));
  }
  const distributorRank = new Map<string, number>();
  rules.distributorPriority.forEach((distributor, index) => {
    if (!distributorRank.has(distributor)) distributorRank.set(distributor, index);
  });
  const brandRank = new Map<string, number>();
  rules.brandPreferences.forEach((brand, index) => {
    const key = normaliseBrand(brand);
    if (!brandRank.has(key)) brandRank.set(key, index);
  });
  const unlistedBrandRank = rules.brandPreferences.length;
  // Brand names repeat across millions of offers: remember each raw spelling's rank.
  const brandRankMemo = new Map<string, number>();
  const compiled: CompiledInventoryRules = {
    rules,
    excludedDistributors: new Set(rules.excludedDistributors),
    warehouseRules,
    distributorRank,
    brandRank,
    marketplaceFeeBasisPoints: (marketplace) => rules.marketplaceFeeBasisPoints[marketplace] ?? 0,
    rankBrand: (brand) => {
      if (brand === undefined || unlistedBrandRank === 0) return unlistedBrandRank;
      let rank = brandRankMemo.get(brand);
      if (rank === undefined) {
        rank = brandRank.get(normaliseBrand(brand)) ?? unlistedBrandRank;
        if (brandRankMemo.size < 100_000) brandRankMemo.set(brand, rank);
      }
      return rank;
    },
  };
  Object.defineProperty(compiled, compiledMarker, { value: true, enumerable: false });
  return Object.freeze(compiled);
}

/**
 * True when `value` was produced by {@link compileInventoryRules}.
 *
 * @param value - anything.
 */
export function isCompiledInventoryRules(value: unknown): value is CompiledInventoryRules {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[compiledMarker] === true;
}
