import { decimalToMinorUnits, type StockLevel } from '@dropship/core';
import { normalizePartsUnlimitedPartNumber } from './parse-parts-unlimited-inventory.js';
import type { PartsUnlimitedPrice } from './parts-unlimited-schemas.js';

function partNumberOf(price: PartsUnlimitedPrice): string | undefined {
  return price.partNumber ?? price.part_number;
}

/**
 * Adds the dealer price of the pricing answer (`pricing[].dealerPrice`, decimal US dollars; no
 * public documentation) to the stock levels found, as `unitCost` in cents. A part matches by its
 * part number (exact, then without punctuation); a part the pricing answer does not name, marks
 * `found: false`, or prices with something other than a plain non-negative decimal keeps no
 * `unitCost`: no price is guessed.
 *
 * @param levels - the stock levels of one batch.
 * @param prices - the pricing answer's entries for that batch.
 */
export function withPartsUnlimitedPrices(
  levels: readonly StockLevel[],
  prices: readonly PartsUnlimitedPrice[],
): StockLevel[] {
  const exact = new Map<string, PartsUnlimitedPrice>();
  const loose = new Map<string, PartsUnlimitedPrice>();
  for (const price of prices) {
    const partNumber = partNumberOf(price);
    if (partNumber === undefined || price.found === false) continue;
    exact.set(partNumber, price);
    loose.set(normalizePartsUnlimitedPartNumber(partNumber), price);
  }
  return levels.map((level) => {
    if (!level.found) return level;
    const price = exact.get(level.sku) ?? loose.get(normalizePartsUnlimitedPartNumber(level.sku));
    const amount = price?.dealerPrice ?? price?.dealer_price;
    const unitCost = amount === undefined || amount === null ? undefined : decimalToMinorUnits(amount, 'USD');
    return unitCost === undefined || unitCost < 0 ? level : { ...level, unitCost };
  });
}
