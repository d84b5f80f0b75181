import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { checkOfferEligibility } from '../eligibility/check-offer-eligibility.js';
import { ValidationError } from '../errors/validation-error.js';
import { NOW, offer, order } from './__fixtures__/routing-fixtures.js';
import { createPlanner } from './create-planner.js';
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

  it('keeps the reservations of plans read from a catalog when the catalog changes between plans', () => {
    const catalog = createMemoryCatalog([
      offer({ distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 3 }] }),
      offer({ distributor: 'wps', sku: 'WPS-2', mpn: 'OTHER' }),
    ]);
    const planner = createPlanner({ catalog, rules: { singleShipment: 'none' } });
    const ledger = createStockLedger();
    const first = planner.plan(order({ lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 }] }), {
      ledger,
      now: NOW,
    });
    expect(first.complete).toBe(true);
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(2);
    catalog.removeOffer('wps', 'WPS-2');
    catalog.upsertOffersSync([offer({ distributor: 'wps', sku: 'WPS-3', mpn: 'THIRD' })]);
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(2);
    expect(ledger.isUntouched('WPS-1')).toBe(false);
    expect(ledger.isUntouched('WPS-2')).toBe(true);
    // Only 1 of the 3 units is left: a second order for 2 cannot be placed.
    const second = planner.plan(
      order({ marketplaceOrderId: 'second', lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 }] }),
      { ledger, now: NOW },
    );
    expect(second.complete).toBe(false);
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

describe('a StockLedger as the reservations of checkOfferEligibility', () => {
  it('subtracts units already reserved in a ledger', () => {
    const ledger = createStockLedger();
    ledger.reserve('wps', 'WPS-1', 'PA', 4);
    const line = { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 2500 };
    const result = checkOfferEligibility(offer({ distributor: 'wps', sku: 'WPS-1' }), {
      line,
      now: NOW,
      reserved: ledger,
    });
    expect(result.reasons.map((reason) => reason.code)).toEqual(['insufficient-stock']);
    expect(result.warehouses[0]).toMatchObject({ warehouse: 'PA', available: 1, seen: 5 });
  });
});
