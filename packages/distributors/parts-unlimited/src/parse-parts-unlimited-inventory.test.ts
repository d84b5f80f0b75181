import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import flatKeys from './__fixtures__/inventory-flat-keys.json' with { type: 'json' };
import unnamed from './__fixtures__/inventory-unnamed.json' with { type: 'json' };
import warehouses from './__fixtures__/inventory-warehouses.json' with { type: 'json' };
import { parsePartsUnlimitedInventory, parsePartsUnlimitedQuantity } from './parse-parts-unlimited-inventory.js';
import { partsUnlimitedInventoryResponseSchema } from './parts-unlimited-schemas.js';

// Shapes from third-party clients (not documented by the vendor) (availability[].warehouses[].quantity, plus the variants the C#
// client accepts) and from third-party price-file readers for the "+" / "N/A" availability values.
describe('parsePartsUnlimitedQuantity', () => {
  it.each([
    [7, { quantity: 7, isFloor: false }],
    ['7', { quantity: 7, isFloor: false }],
    ['10+', { quantity: 10, isFloor: true }],
    ['+', { quantity: 1, isFloor: true }],
    [-2, { quantity: 0, isFloor: false }],
    ['N/A', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parsePartsUnlimitedQuantity(value)).toEqual(expected);
  });
});

describe('parsePartsUnlimitedInventory', () => {
  it('reads warehouses[] rows, in the order asked, matching punctuated and plain part numbers', () => {
    const response = partsUnlimitedInventoryResponseSchema.parse(warehouses);
    const levels = parsePartsUnlimitedInventory(['02020001', '0101-1234', 'NOPE'], response);
    expect(levels).toEqual([
      { sku: '02020001', found: true, warehouses: [{ warehouse: 'NC', quantity: 4, isFloor: false }] },
      {
        sku: '0101-1234',
        found: true,
        warehouses: [
          { warehouse: 'WI', quantity: 12, isFloor: false },
          { warehouse: 'NY', quantity: 0, isFloor: false },
          { warehouse: 'TX', quantity: 3, isFloor: false },
          { warehouse: 'NV', quantity: 1, isFloor: true },
        ],
      },
      { sku: 'NOPE', found: false, warehouses: [] },
    ]);
  });

  it('reads flat <code>_warehouse keys', () => {
    const response = partsUnlimitedInventoryResponseSchema.parse(flatKeys);
    expect(parsePartsUnlimitedInventory(['0101-1234'], response)).toEqual([
      {
        sku: '0101-1234',
        found: true,
        warehouses: [
          { warehouse: 'WI', quantity: 2, isFloor: false },
          { warehouse: 'NY', quantity: 10, isFloor: true },
          { warehouse: 'TX', quantity: 0, isFloor: false },
        ],
      },
    ]);
  });

  it('matches unnamed entries by position when there is one per part number, honouring found: false', () => {
    const response = partsUnlimitedInventoryResponseSchema.parse(unnamed);
    expect(parsePartsUnlimitedInventory(['A', 'B'], response)).toEqual([
      { sku: 'A', found: true, warehouses: [{ warehouse: 'WI', quantity: 5, isFloor: false }] },
      { sku: 'B', found: false, warehouses: [] },
    ]);
  });

  it('refuses unnamed entries that cannot be matched, naming the field', () => {
    const response = partsUnlimitedInventoryResponseSchema.parse(unnamed);
    const attempt = () => parsePartsUnlimitedInventory(['A', 'B', 'C'], response, { url: 'https://x/inv' });
    expect(attempt).toThrow(ResponseParseError);
    try {
      attempt();
    } catch (error) {
      expect(ResponseParseError.isInstance(error) && error.fields).toEqual(['availability.part_number']);
      expect(ResponseParseError.isInstance(error) && error.service).toBe('parts-unlimited');
    }
  });

  it('reports every SKU as not found for an empty availability list', () => {
    expect(parsePartsUnlimitedInventory(['A'], { availability: [] })).toEqual([
      { sku: 'A', found: false, warehouses: [] },
    ]);
  });
});
