import { decimalToMinorUnits, type StockLevel } from '@dropship/core';
import type { AutomaticInventoryItem } from './automatic-schemas.js';

/**
 * Stock levels for the SKUs asked, in the order asked. A part the response does not list is
 * `found: false`. Whether Automatic caps counts is NOT FOUND (no public documentation): counts are floors
 * only when an `inventoryCap` is configured and reached. A part's `dealerPrice` (MODELLED, decimal
 * dollars) is its `unitCost` in cents; a price that is not a plain non-negative decimal is left out.
 *
 * @param skus - the SKUs asked for.
 * @param items - the parts the inventory endpoint returned.
 * @param inventoryCap - the count at which the API stops counting, if it has one.
 */
export function mapAutomaticStockLevels(
  skus: readonly string[],
  items: readonly AutomaticInventoryItem[],
  inventoryCap?: number,
): StockLevel[] {
  const byPart = new Map(items.map((item) => [item.partNumber.toUpperCase(), item]));
  return skus.map((sku) => {
    const item = byPart.get(sku.toUpperCase());
    if (!item) return { sku, found: false, warehouses: [] };
    const level: StockLevel = {
      sku,
      found: true,
      warehouses: item.warehouses.map((warehouse) => ({
        warehouse: warehouse.code,
        quantity: warehouse.quantity,
        isFloor: inventoryCap !== undefined && warehouse.quantity >= inventoryCap,
      })),
    };
    const price = item.dealerPrice;
    const unitCost = price === null || price === undefined ? undefined : decimalToMinorUnits(price, 'USD');
    if (unitCost !== undefined && unitCost >= 0) level.unitCost = unitCost;
    return level;
  });
}
