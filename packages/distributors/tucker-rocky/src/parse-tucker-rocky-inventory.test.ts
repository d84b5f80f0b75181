import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import inventory from './__fixtures__/inventory.json' with { type: 'json' };
import { parseTuckerRockyInventory } from './parse-tucker-rocky-inventory.js';
import { tuckerRockyInventoryResponseSchema } from './tucker-rocky-schemas.js';

// Seen in third-party clients (no public documentation): { INV: { status, item: [{ inventory, dc: [{ dcname, dcinv }] }] } }; DX1: 9 means "9 or more".
const context = { stockFloor: 9, toItem: (sku: string) => sku };

describe('parseTuckerRockyInventory', () => {
  it('reads DC counts by position, marks 9 as a floor and an empty item as not found', () => {
    const response = tuckerRockyInventoryResponseSchema.parse(inventory);
    expect(parseTuckerRockyInventory(['A', 'B', 'C'], response, context)).toEqual([
      {
        sku: 'A',
        found: true,
        warehouses: [
          { warehouse: 'TX', quantity: 9, isFloor: true },
          { warehouse: 'PA', quantity: 3, isFloor: false },
        ],
      },
      { sku: 'B', found: true, warehouses: [] },
      { sku: 'C', found: true, warehouses: [{ warehouse: 'TX', quantity: 1, isFloor: false }] },
    ]);
  });

  it('honours a configured floor', () => {
    const response = tuckerRockyInventoryResponseSchema.parse(inventory);
    const [level] = parseTuckerRockyInventory(['A', 'B', 'C'], response, { ...context, stockFloor: 3 });
    expect(level?.warehouses.map((warehouse) => warehouse.isFloor)).toEqual([true, true]);
  });

  it('reads an item with errormsg as not found', () => {
    const response = tuckerRockyInventoryResponseSchema.parse({
      INV: { status: 'SUCCESSFUL', item: [{ errormsg: 'Item not found' }] },
    });
    expect(parseTuckerRockyInventory(['X'], response, context)).toEqual([{ sku: 'X', found: false, warehouses: [] }]);
  });

  it('matches named items by item number, through the sent spelling', () => {
    const response = tuckerRockyInventoryResponseSchema.parse({
      INV: { item: [{ item: '22220001', inventory: 2, dc: [{ dcname: 'TX', dcinv: 2 }] }] },
    });
    const levels = parseTuckerRockyInventory(['1111-0000', '2222-0001'], response, {
      ...context,
      toItem: (sku) => sku.replaceAll('-', ''),
    });
    expect(levels.map((level) => level.found)).toEqual([false, true]);
  });

  it('refuses unnamed items that do not match the count asked, naming the field', () => {
    const response = tuckerRockyInventoryResponseSchema.parse(inventory);
    try {
      parseTuckerRockyInventory(['A', 'B'], response, context);
      expect.unreachable();
    } catch (error) {
      expect(ResponseParseError.isInstance(error) && error.fields).toEqual(['INV.item']);
    }
  });

  it('requires the INV block', () => {
    expect(tuckerRockyInventoryResponseSchema.safeParse({ PRC: {} }).error?.issues[0]?.path).toEqual(['INV']);
  });
});
