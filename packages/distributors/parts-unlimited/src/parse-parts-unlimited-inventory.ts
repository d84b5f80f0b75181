import { ResponseParseError, type StockLevel, type WarehouseQuantity } from '@dropship/core';
import { readStockCount } from '@dropship/http';
import type {
  PartsUnlimitedAvailability,
  PartsUnlimitedInventoryResponse,
  PartsUnlimitedWarehouseRow,
} from './parts-unlimited-schemas.js';

/** Where an inventory answer came from, for the error raised when it cannot be read. */
export interface InventoryCallDetails {
  method?: string;
  /** Redacted URL. */
  url?: string;
}

/**
 * Reads one availability value. Seen in third-party clients (no public documentation): integers, numeric strings, `"+"` (more than
 * shown, from the price file) and `"N/A"`. Returns undefined for a value that says nothing
 * (`N/A`, empty), so that the warehouse is left out.
 *
 * - `7` / `"7"` → 7, exact;
 * - `"10+"` → 10, a floor;
 * - `"+"` → 1, a floor ("at least one");
 * - negatives are read as 0.
 */
export function parsePartsUnlimitedQuantity(value: unknown): Omit<WarehouseQuantity, 'warehouse'> | undefined {
  const exact = readStockCount(value);
  if (exact !== undefined) return { quantity: exact, isFloor: false };
  if (typeof value !== 'string') return undefined;
  const plus = /^(\d+)?\s*\+$/.exec(value.trim());
  if (plus) return { quantity: plus[1] === undefined ? 1 : (readStockCount(plus[1]) ?? 0), isFloor: true };
  return undefined;
}

function warehouseCode(row: PartsUnlimitedWarehouseRow): string | undefined {
  const code = row.warehouse_code ?? row.warehouse ?? row.code;
  return code?.trim() ? code.trim().toUpperCase() : undefined;
}

function rowQuantity(row: PartsUnlimitedWarehouseRow): unknown {
  return row.quantity ?? row.qty ?? row.available;
}

/** Warehouse quantities of one availability entry, from `warehouses[]` or flat `<code>_warehouse` keys. */
function warehousesOf(entry: PartsUnlimitedAvailability): WarehouseQuantity[] {
  const quantities = new Map<string, WarehouseQuantity>();
  for (const row of entry.warehouses ?? []) {
    const code = warehouseCode(row);
    const parsed = parsePartsUnlimitedQuantity(rowQuantity(row));
    if (code && parsed) quantities.set(code, { warehouse: code, ...parsed });
  }
  for (const [key, value] of Object.entries(entry)) {
    const flat = /^([a-z]{2,})_warehouse$/i.exec(key);
    if (!flat?.[1]) continue;
    const code = flat[1].toUpperCase();
    const parsed = parsePartsUnlimitedQuantity(value);
    if (parsed && !quantities.has(code)) quantities.set(code, { warehouse: code, ...parsed });
  }
  return [...quantities.values()];
}

function partNumberOf(entry: PartsUnlimitedAvailability): string | undefined {
  return entry.part_number ?? entry.partNumber ?? entry.part ?? entry.sku;
}

/** Part numbers compared without punctuation or case (`0101-1234` equals `01011234`). */
export function normalizePartsUnlimitedPartNumber(partNumber: string): string {
  return partNumber.replace(/[^0-9a-z]/gi, '').toUpperCase();
}

/**
 * Turns one inventory answer into stock levels for the SKUs asked, in the order asked.
 *
 * Entries are matched to SKUs by their part number (exact, then without punctuation). When no
 * entry names its part, they are matched by position if there is exactly one per SKU asked.
 * A SKU with no entry, or with `found: false`, comes back `found: false`.
 *
 * @param skus - the SKUs of this batch, in the order asked.
 * @param response - the parsed answer.
 * @param details - the call, for the error message.
 * @throws `ResponseParseError` when entries cannot be matched to SKUs.
 */
export function parsePartsUnlimitedInventory(
  skus: readonly string[],
  response: PartsUnlimitedInventoryResponse,
  details: InventoryCallDetails = {},
): StockLevel[] {
  const entries = response.availability;
  const named = entries.some((entry) => partNumberOf(entry) !== undefined);
  if (!named) {
    if (entries.length !== skus.length && entries.length > 0) {
      throw new ResponseParseError(
        `parts-unlimited: inventory answer has ${entries.length} unnamed availability entries for ${skus.length} part numbers; cannot tell which is which`,
        { service: 'parts-unlimited', ...details, fields: ['availability.part_number'] },
      );
    }
    return skus.map((sku, index) => toStockLevel(sku, entries[index]));
  }
  const exact = new Map<string, PartsUnlimitedAvailability>();
  const loose = new Map<string, PartsUnlimitedAvailability>();
  for (const entry of entries) {
    const partNumber = partNumberOf(entry);
    if (partNumber === undefined) continue;
    exact.set(partNumber, entry);
    loose.set(normalizePartsUnlimitedPartNumber(partNumber), entry);
  }
  return skus.map((sku) => toStockLevel(sku, exact.get(sku) ?? loose.get(normalizePartsUnlimitedPartNumber(sku))));
}

function toStockLevel(sku: string, entry: PartsUnlimitedAvailability | undefined): StockLevel {
  if (!entry || entry.found === false) return { sku, found: false, warehouses: [] };
  return { sku, found: true, warehouses: warehousesOf(entry) };
}
