import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import type { StockLevel } from '../model/stock-level.js';
import { createRealTimeStock } from './real-time-stock.js';

const good: StockLevel = { sku: 'W-1', found: true, warehouses: [{ warehouse: 'CA', quantity: 4, isFloor: false }] };
const other: StockLevel = { sku: 'W-2', found: false, warehouses: [] };

describe('RealTimeStock.setAll: one distributor answer, parsed as a whole', () => {
  it('takes every level of a well-formed answer', () => {
    const stock = createRealTimeStock().setAll('wps', [good, other]);
    expect(stock.get('wps', 'W-1')).toEqual(good);
    expect(stock.get('wps', 'W-2')).toEqual(other);
    expect(stock.size).toBe(2);
  });

  it('takes none of an answer with a malformed level, and names the level', () => {
    const stock = createRealTimeStock();
    const broken = { sku: 'W-3', found: true, warehouses: [{ warehouse: 'CA', quantity: -1, isFloor: false }] };
    let caught: unknown;
    try {
      stock.setAll('wps', [good, broken as StockLevel, other]);
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path)).toEqual(['levels.1.warehouses.0.quantity']);
    expect(stock.size).toBe(0);
    expect(stock.get('wps', 'W-1')).toBeUndefined();
  });
});
