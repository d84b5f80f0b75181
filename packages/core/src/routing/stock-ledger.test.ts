import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import { offer } from './__fixtures__/routing-fixtures.js';
import { type OfferSlotAccess, offerSlotAccessKey } from './offer-slot-access.js';
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

  it('sees reservations made by catalog slot through every public method, and keeps them when the catalog changes', () => {
    const catalog = createMemoryCatalog([
      offer({ distributor: 'wps', sku: 'WPS-1' }),
      offer({ distributor: 'wps', sku: 'WPS-2', mpn: 'OTHER' }),
    ]);
    const access = (catalog as unknown as Record<symbol, OfferSlotAccess>)[offerSlotAccessKey] as OfferSlotAccess;
    const slots: number[] = [];
    slots.length = access.findSlots('WPS-1', undefined, slots);
    const ledger = createStockLedger();
    ledger.reserveAtSlot(access, slots[0] as number, 'wps', 'WPS-1', 'PA', 2);
    ledger.reserveAtSlot(access, slots[0] as number, 'wps', 'WPS-1', 'PA', 1);
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(3);
    expect(ledger.isUntouched('WPS-1')).toBe(false);
    expect(ledger.isUntouched('WPS-2')).toBe(true);
    expect(ledger.slotReservations(access)?.[slots[0] as number]).toEqual([
      { distributor: 'wps', sku: 'WPS-1', warehouse: 'PA', quantity: 3 },
    ]);
    // Removing an offer changes the slot layout: the reservation moves to the map, still counted.
    catalog.removeOffer('wps', 'WPS-2');
    expect(ledger.slotReservations(access)).toBeUndefined();
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(3);
    ledger.reserve('wps', 'WPS-1', 'PA', 1);
    ledger.release('wps', 'WPS-1', 'PA', 2);
    expect(ledger.entries()).toEqual([{ distributor: 'wps', sku: 'WPS-1', warehouse: 'PA', quantity: 2 }]);
    expect(ledger.size).toBe(1);
  });

  it('rejects malformed reservations with a ValidationError', () => {
    const ledger = createStockLedger();
    expect(() => ledger.reserve('wps', 'WPS-1', 'PA', -1)).toThrow(ValidationError);
    expect(() => ledger.reserve('', 'WPS-1', 'PA', 1)).toThrow(ValidationError);
    expect(() => ledger.reserve('wps', 'WPS-1', 'PA', 1.5)).toThrow(ValidationError);
  });
});
