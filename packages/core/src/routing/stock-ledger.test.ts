import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { createStockLedger } from './stock-ledger.js';

describe('StockLedger', () => {
  it('adds, reports and releases reservations per (distributor, SKU, warehouse)', () => {
    const ledger = createStockLedger();
    expect(ledger.isUntouched('WPS-1')).toBe(true);
    ledger.reserve('wps', 'WPS-1', 'PA', 2);
    ledger.reserve('wps', 'WPS-1', 'PA', 1);
    ledger.reserve('wps', 'WPS-1', 'TN', 4);
    ledger.reserve('parts-unlimited', 'WPS-1', 'PA', 5);
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(3);
    expect(ledger.reserved('wps', 'WPS-1', 'TN')).toBe(4);
    expect(ledger.reserved('parts-unlimited', 'WPS-1', 'PA')).toBe(5);
    expect(ledger.reserved('wps', 'OTHER', 'PA')).toBe(0);
    expect(ledger.isUntouched('WPS-1')).toBe(false);
    expect(ledger.size).toBe(3);
    ledger.release('wps', 'WPS-1', 'PA', 10);
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(0);
    expect(ledger.entries()).toEqual([
      { distributor: 'wps', sku: 'WPS-1', warehouse: 'TN', quantity: 4 },
      { distributor: 'parts-unlimited', sku: 'WPS-1', warehouse: 'PA', quantity: 5 },
    ]);
    ledger.clear();
    expect(ledger.size).toBe(0);
  });

  it('reserves and releases a whole plan, shelf allocations included', () => {
    const ledger = createStockLedger();
    const plan = {
      purchaseOrders: [{ distributor: 'wps', lines: [{ sku: 'WPS-1', warehouse: 'PA', quantity: 2 }] }],
      shelfAllocations: [{ sku: 'SHELF-1', warehouse: 'BIN', quantity: 1 }],
    };
    ledger.reservePlan(plan);
    expect(ledger.reserved('shelf', 'SHELF-1', 'BIN')).toBe(1);
    ledger.releasePlan(plan);
    expect(ledger.size).toBe(0);
  });

  it('rejects malformed reservations with a ValidationError', () => {
    const ledger = createStockLedger();
    expect(() => ledger.reserve('wps', 'WPS-1', 'PA', -1)).toThrow(ValidationError);
    expect(() => ledger.reserve('', 'WPS-1', 'PA', 1)).toThrow(ValidationError);
    expect(() => ledger.reserve('wps', 'WPS-1', 'PA', 1.5)).toThrow(ValidationError);
  });
});
