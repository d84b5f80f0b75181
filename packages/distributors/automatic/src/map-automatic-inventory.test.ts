import { describe, expect, it } from 'vitest';
import { mapAutomaticStockLevels } from './map-automatic-inventory.js';

describe('mapAutomaticStockLevels', () => {
  const items = [
    {
      partNumber: 'AD-1001',
      warehouses: [
        { code: 'EAST', quantity: 12 },
        { code: 'WEST', quantity: 0 },
      ],
    },
  ];

  it('reports exact counts unless a cap is configured', () => {
    expect(mapAutomaticStockLevels(['ad-1001', 'NOPE'], items)).toEqual([
      {
        sku: 'ad-1001',
        found: true,
        warehouses: [
          { warehouse: 'EAST', quantity: 12, isFloor: false },
          { warehouse: 'WEST', quantity: 0, isFloor: false },
        ],
      },
      { sku: 'NOPE', found: false, warehouses: [] },
    ]);
    expect(mapAutomaticStockLevels(['AD-1001'], items, 10)[0]?.warehouses[0]?.isFloor).toBe(true);
  });
});
