import { decimalToMinorUnits, type StockLevel, type WarehouseQuantity } from '@dropship/core';
import { wpsWarehouseCodes, wpsWarehouseFields, wpsWarehouseIds } from './wps-constants.js';
import type { WpsInventory, WpsItem, WpsQuantity } from './wps-schemas.js';

/**
 * Per-warehouse quantities of one inventory object. WPS caps each count (https://www.wps-inc.com/data-depot/v4/api/services/inventory: 9 per
 * the inventory page, 25 per a 2026 client), so a count at or above `inventoryCap` is a floor.
 *
 * @param inventory - the inventory object, or undefined when WPS sent none.
 * @param inventoryCap - the count at which WPS stops counting.
 */
export function mapWpsWarehouseQuantities(
  inventory: WpsInventory | null | undefined,
  inventoryCap: number,
): WarehouseQuantity[] {
  if (!inventory) return [];
  return wpsWarehouseCodes.flatMap((warehouse) => {
    const quantity = inventory[wpsWarehouseFields[warehouse]];
    if (quantity === undefined || quantity === null) return [];
    return [{ warehouse, quantity, isFloor: quantity >= inventoryCap }];
  });
}

/**
 * Per-warehouse quantities of the `quantities` include: each `warehouse_id` named by its code
 * (`wpsWarehouseIds`, modelled; an unknown id keeps its number as the code), a count at or above
 * `inventoryCap` reported as a floor.
 *
 * @param quantities - the entries of `quantities.data`.
 * @param inventoryCap - the count at which WPS stops counting.
 */
export function mapWpsQuantities(quantities: readonly WpsQuantity[], inventoryCap: number): WarehouseQuantity[] {
  return quantities.map((entry) => ({
    warehouse: wpsWarehouseIds[entry.warehouse_id] ?? String(entry.warehouse_id),
    quantity: entry.obtainable,
    isFloor: entry.obtainable >= inventoryCap,
  }));
}

/** The per-warehouse quantities of an item, from whichever include WPS answered with. */
function itemQuantities(item: WpsItem, inventoryCap: number): WarehouseQuantity[] {
  if (item.inventory?.data) return mapWpsWarehouseQuantities(item.inventory.data, inventoryCap);
  return mapWpsQuantities(item.quantities?.data ?? [], inventoryCap);
}

/**
 * Stock levels for the SKUs asked, in the order asked, from the items WPS returned. A SKU WPS
 * did not return is `found: false`; SKUs match exactly, then ignoring case. An item's
 * `standard_dealer_price` (decimal US dollars) is its `unitCost` in cents; a price that is not a
 * plain non-negative decimal is left out.
 *
 * @param skus - the SKUs asked for.
 * @param items - the items WPS returned, with `include=inventory` or `include=quantities`.
 * @param inventoryCap - the count at which WPS stops counting.
 */
export function mapWpsStockLevels(
  skus: readonly string[],
  items: readonly WpsItem[],
  inventoryCap: number,
): StockLevel[] {
  const exact = new Map(items.map((item) => [item.sku, item]));
  const folded = new Map(items.map((item) => [item.sku.toUpperCase(), item]));
  return skus.map((sku) => {
    const item = exact.get(sku) ?? folded.get(sku.toUpperCase());
    if (!item) return { sku, found: false, warehouses: [] };
    const level: StockLevel = { sku, found: true, warehouses: itemQuantities(item, inventoryCap) };
    // The item call answers the dealer's price too: the real-time cost, at no extra call.
    const price = item.standard_dealer_price;
    const unitCost = price === null || price === undefined ? undefined : decimalToMinorUnits(price, 'USD');
    if (unitCost !== undefined && unitCost >= 0) level.unitCost = unitCost;
    return level;
  });
}
