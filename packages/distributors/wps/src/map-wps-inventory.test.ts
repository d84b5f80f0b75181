import { describe, expect, it } from 'vitest';
import itemsWithInventory from './__fixtures__/wps-items-with-inventory.json' with { type: 'json' };
import { mapWpsStockLevels } from './map-wps-inventory.js';
import { wpsItemListSchema } from './wps-schemas.js';

// Fixture shaped after https://www.wps-inc.com/data-depot/v4/api/services/inventory (item.inventory.data with *_warehouse counts).
const items = wpsItemListSchema.parse(itemsWithInventory).data;

describe('mapWpsStockLevels', () => {
  it('reports every warehouse count, flagging counts at the cap as floors', () => {
    const [level] = mapWpsStockLevels(['72-7044L'], items, 9);
    expect(level).toEqual({
      sku: '72-7044L',
      found: true,
      warehouses: [
        { warehouse: 'CA', quantity: 9, isFloor: true },
        { warehouse: 'GA', quantity: 3, isFloor: false },
        { warehouse: 'ID', quantity: 0, isFloor: false },
        { warehouse: 'IN', quantity: 12, isFloor: true },
        { warehouse: 'PA', quantity: 1, isFloor: false },
        { warehouse: 'PA2', quantity: 0, isFloor: false },
        { warehouse: 'TX', quantity: 2, isFloor: false },
      ],
      // standard_dealer_price "29.97", in cents.
      unitCost: 2997,
    });
  });

  it('uses the configured cap (25 per a 2026 client, https://www.wps-inc.com/data-depot/v4/api/services/inventory)', () => {
    const [level] = mapWpsStockLevels(['72-7044L'], items, 25);
    expect(level?.warehouses.filter((warehouse) => warehouse.isFloor)).toEqual([]);
  });

  it('returns SKUs in the order asked, unknown ones as not found, and matches case-insensitively', () => {
    const levels = mapWpsStockLevels(['NOPE-1', '72-7044l'], items, 9);
    expect(levels.map((level) => [level.sku, level.found])).toEqual([
      ['NOPE-1', false],
      ['72-7044l', true],
    ]);
  });

  it('reports a known item without an inventory object as found with no warehouse stock', () => {
    const [level] = mapWpsStockLevels(['X'], [{ id: 1, sku: 'X', name: undefined, inventory: null }], 9);
    expect(level).toEqual({ sku: 'X', found: true, warehouses: [] });
  });

  it('leaves unitCost out when the price is absent, null or not a plain decimal', () => {
    const base = { id: 1, sku: 'A', inventory: { data: null } };
    for (const standard_dealer_price of [undefined, null, 'call', '-1.00']) {
      const parsed = wpsItemListSchema.parse({ data: [{ ...base, standard_dealer_price }], meta: {} }).data;
      expect(mapWpsStockLevels(['A'], parsed, 9)[0]).toEqual({ sku: 'A', found: true, warehouses: [] });
    }
  });
});
