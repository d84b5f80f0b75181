import { decimalToMinorUnits, ResponseParseError, type StockLevel, type WarehouseQuantity } from '@dropship/core';
import { readStockCount } from '@dropship/http';
import type { TuckerRockyInventoryResponse, TuckerRockyStockItem } from './tucker-rocky-schemas.js';

/** What `parseTuckerRockyInventory` needs besides the answer. */
export interface TuckerRockyInventoryContext {
  /** Counts at or above this are floors (no public documentation, DX1: "a 9 means 9 or more"). */
  stockFloor: number;
  /** The part number as it was sent for a SKU (dashes stripped or not). */
  toItem: (sku: string) => string;
  /** Redacted URL and method, for the errors. */
  method?: string;
  url?: string;
}

function itemNumberOf(item: TuckerRockyStockItem): string | undefined {
  const value = item.item ?? item.itemnum ?? item.partnumber ?? item.partnum;
  return value === undefined ? undefined : String(value).trim();
}

function warehousesOf(item: TuckerRockyStockItem, floor: number): WarehouseQuantity[] {
  const quantities: WarehouseQuantity[] = [];
  for (const center of item.dc ?? []) {
    const name = center.dcname?.trim();
    const quantity = readStockCount(center.dcinv);
    if (!name || quantity === undefined) continue;
    quantities.push({ warehouse: name, quantity, isFloor: quantity >= floor });
  }
  return quantities;
}

function toStockLevel(sku: string, item: TuckerRockyStockItem | undefined, floor: number): StockLevel {
  if (!item || (item.errormsg !== undefined && item.errormsg.trim() !== ''))
    return { sku, found: false, warehouses: [] };
  const warehouses = warehousesOf(item, floor);
  if (warehouses.length === 0 && readStockCount(item.inventory) === undefined)
    return { sku, found: false, warehouses: [] };
  // The dealer price, where the answer carries one (INP, MODELLED): decimal dollars to cents.
  const unitCost = item.price === undefined ? undefined : decimalToMinorUnits(item.price, 'USD');
  return unitCost === undefined || unitCost < 0
    ? { sku, found: true, warehouses }
    : { sku, found: true, warehouses, unitCost };
}

/**
 * Turns a `type=INV` answer (no public documentation: `INV.item[] { inventory, dc[] { dcname, dcinv } }`)
 * into stock levels for the SKUs asked, in the order asked. Items are matched by their item
 * number when the answer names it, else by position (one item per `item=` asked). An item with an
 * `errormsg`, or without any count, is `found: false`. A DC count at or above `stockFloor` is a
 * floor (`isFloor: true`).
 *
 * @param skus - the SKUs of this batch, in the order sent.
 * @param response - the parsed answer.
 * @param context - floor, item spelling and the call.
 * @throws `ResponseParseError` when unnamed items cannot be matched to SKUs.
 */
export function parseTuckerRockyInventory(
  skus: readonly string[],
  response: TuckerRockyInventoryResponse,
  context: TuckerRockyInventoryContext,
): StockLevel[] {
  const items = response.INV.item ?? [];
  const named = items.some((item) => itemNumberOf(item) !== undefined);
  if (!named) {
    if (items.length !== skus.length && items.length > 0) {
      throw new ResponseParseError(
        `tucker-rocky: stock answer has ${items.length} unnamed items for ${skus.length} part numbers; cannot tell which is which`,
        { service: 'tucker-rocky', method: context.method, url: context.url, fields: ['INV.item'] },
      );
    }
    return skus.map((sku, index) => toStockLevel(sku, items[index], context.stockFloor));
  }
  const byItem = new Map<string, TuckerRockyStockItem>();
  for (const item of items) {
    const number = itemNumberOf(item);
    if (number !== undefined) byItem.set(number.toUpperCase(), item);
  }
  return skus.map((sku) =>
    toStockLevel(
      sku,
      byItem.get(context.toItem(sku).toUpperCase()) ?? byItem.get(sku.toUpperCase()),
      context.stockFloor,
    ),
  );
}
