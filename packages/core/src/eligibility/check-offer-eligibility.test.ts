import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { NOW, offer } from '../model/__fixtures__/model-fixtures.js';
import type { InventoryRulesInput } from '../model/inventory-rules.js';
import { type OfferInput, SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { OrderLine } from '../model/sales-order.js';
import { checkOfferEligibility } from './check-offer-eligibility.js';
import { defaultEligibilityChecks } from './eligibility-checks.js';
import type { EligibilityCheck } from './eligibility-types.js';
import { createRealTimeStock } from './real-time-stock.js';

const line: OrderLine = { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 2500 };

interface Case {
  name: string;
  offer: OfferInput;
  rules?: InventoryRulesInput;
  line?: Partial<OrderLine>;
  currency?: string;
  codes: string[];
  usable?: number;
}

const wps = (overrides: Partial<OfferInput> = {}): OfferInput =>
  offer({ distributor: 'wps', sku: 'WPS-1', ...overrides });

const cases: Case[] = [
  { name: 'in stock within lead time', offer: wps(), codes: [], usable: 5 },
  {
    name: 'lead time over the default maximum of 1 day',
    offer: wps({ stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 2 }] }),
    // The units are there, only too slow: the lead time says why, "insufficient stock" would be noise.
    codes: ['lead-time'],
    usable: 0,
  },
  {
    name: 'lead time of exactly 1 day is drop-shippable',
    offer: wps({ stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 1 }] }),
    codes: [],
    usable: 5,
  },
  {
    name: 'a per-warehouse rule overrides the offer lead time (longer)',
    offer: wps(),
    rules: { warehouses: { wps: { PA: { leadTimeDays: 3 } } } },
    codes: ['lead-time'],
  },
  {
    name: 'a per-warehouse rule overrides the offer lead time (shorter)',
    offer: wps({ stock: [{ warehouse: 'TX', quantity: 4, leadTimeDays: 5 }] }),
    rules: { warehouses: { wps: { TX: { leadTimeDays: 1 } } } },
    codes: [],
    usable: 4,
  },
  {
    name: 'a larger maxLeadTimeDays accepts longer lead times',
    offer: wps({ stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 3 }] }),
    rules: { maxLeadTimeDays: 3 },
    codes: [],
  },
  {
    name: 'stock in a fast warehouse covers the line even when another is slow',
    offer: wps({
      stock: [
        { warehouse: 'PA', quantity: 2, leadTimeDays: 0 },
        { warehouse: 'TX', quantity: 9, leadTimeDays: 4 },
      ],
    }),
    codes: [],
    usable: 2,
  },
  {
    name: 'unit price below the drop-ship cutoff',
    offer: wps(),
    rules: { dropShipCutoffPrice: 3000 },
    codes: ['cutoff-price'],
  },
  { name: 'unit price at the cutoff passes', offer: wps(), rules: { dropShipCutoffPrice: 2500 }, codes: [] },
  {
    name: 'excluded warehouse',
    offer: wps(),
    rules: { warehouses: { wps: { PA: { excluded: true } } } },
    codes: ['warehouse-excluded'],
    usable: 0,
  },
  {
    name: 'excluded distributor',
    offer: wps(),
    rules: { excludedDistributors: ['wps'] },
    codes: ['distributor-excluded'],
  },
  { name: 'not drop-ship eligible', offer: wps({ dropShipEligible: false }), codes: ['not-drop-ship-eligible'] },
  { name: 'discontinued', offer: wps({ discontinued: true }), codes: ['discontinued'] },
  {
    name: 'discontinued allowed by the rules',
    offer: wps({ discontinued: true }),
    rules: { excludeDiscontinued: false },
    codes: [],
  },
  { name: 'truck only', offer: wps({ truckOnly: true }), codes: ['truck-only'] },
  { name: 'hazardous', offer: wps({ hazardous: true }), codes: ['hazardous'] },
  {
    name: 'hazardous allowed by the rules',
    offer: wps({ hazardous: true }),
    rules: { excludeHazardous: false },
    codes: [],
  },
  { name: 'expired', offer: wps({ expiresAt: '2026-11-22T11:59:59Z' }), codes: ['expired'] },
  { name: 'expiring at exactly now is expired', offer: wps({ expiresAt: NOW }), codes: ['expired'] },
  { name: 'not yet expired', offer: wps({ expiresAt: '2026-11-23T00:00:00Z' }), codes: [] },
  {
    name: 'insufficient stock',
    offer: wps({ stock: [{ warehouse: 'PA', quantity: 1, leadTimeDays: 0 }] }),
    codes: ['insufficient-stock'],
    usable: 1,
  },
  { name: 'no stock rows at all', offer: wps({ stock: [] }), codes: ['insufficient-stock'], usable: 0 },
  { name: 'currency mismatch', offer: wps({ currency: 'CAD' }), currency: 'USD', codes: ['currency-mismatch'] },
  {
    name: 'every failing reason is listed, in check order',
    offer: wps({
      discontinued: true,
      hazardous: true,
      truckOnly: true,
      dropShipEligible: false,
      expiresAt: '2026-01-01T00:00:00Z',
      currency: 'CAD',
      stock: [{ warehouse: 'TX', quantity: 9, leadTimeDays: 5 }],
    }),
    rules: { excludedDistributors: ['wps'], dropShipCutoffPrice: 9999 },
    currency: 'USD',
    codes: [
      'distributor-excluded',
      'currency-mismatch',
      'not-drop-ship-eligible',
      'discontinued',
      'truck-only',
      'hazardous',
      'expired',
      'cutoff-price',
      'lead-time',
    ],
  },
  {
    name: 'shelf stock is not used by default',
    offer: offer({ distributor: SHELF_DISTRIBUTOR, sku: 'SHELF-1' }),
    codes: ['shelf-stock-disabled'],
  },
  {
    name: 'shelf stock has lead time 0 and ignores drop-ship flags and the cutoff',
    offer: offer({
      distributor: SHELF_DISTRIBUTOR,
      sku: 'SHELF-1',
      dropShipEligible: false,
      stock: [{ warehouse: 'BIN-4', quantity: 3, leadTimeDays: 9 }],
    }),
    rules: { shelfStock: 'prefer', dropShipCutoffPrice: 9999 },
    codes: [],
    usable: 3,
  },
];

describe('checkOfferEligibility', () => {
  it.each(cases)('$name', (testCase) => {
    const result = checkOfferEligibility(testCase.offer, {
      line: { ...line, ...testCase.line },
      rules: testCase.rules ?? {},
      now: NOW,
      ...(testCase.currency === undefined ? {} : { currency: testCase.currency }),
    });
    expect(result.reasons.map((reason) => reason.code)).toEqual(testCase.codes);
    expect(result.eligible).toBe(testCase.codes.length === 0);
    for (const reason of result.reasons) expect(reason.message.length).toBeGreaterThan(10);
    if (testCase.usable !== undefined) {
      expect(result.warehouses.reduce((sum, warehouse) => sum + warehouse.available, 0)).toBe(testCase.usable);
    }
  });

  it('names the warehouse and its lead time in the lead-time message', () => {
    const result = checkOfferEligibility(wps({ stock: [{ warehouse: 'TX', quantity: 5, leadTimeDays: 3 }] }), {
      line,
      now: NOW,
    });
    expect(result.reasons[0]).toMatchObject({ code: 'lead-time', warehouses: ['TX'] });
    expect(result.reasons[0]?.message).toContain('TX (3 days)');
  });

  it('lets real-time stock override catalog stock, marked as real-time', () => {
    const realTimeStock = createRealTimeStock([
      {
        distributor: 'wps',
        levels: [
          {
            sku: 'WPS-1',
            found: true,
            warehouses: [
              { warehouse: 'PA', quantity: 0, isFloor: false },
              { warehouse: 'TN', quantity: 4, isFloor: true },
            ],
          },
        ],
      },
    ]);
    const catalogStock = [
      { warehouse: 'PA', quantity: 50, leadTimeDays: 0 },
      { warehouse: 'TN', quantity: 0, leadTimeDays: 0 },
    ];
    const result = checkOfferEligibility(wps({ stock: catalogStock }), {
      line,
      now: NOW,
      realTimeStock,
    });
    expect(result.eligible).toBe(true);
    expect(result.warehouses).toEqual([
      {
        distributor: 'wps',
        sku: 'WPS-1',
        warehouse: 'TN',
        available: 4,
        seen: 4,
        leadTimeDays: 0,
        isFloor: true,
        stockSource: 'real-time',
      },
    ]);
  });

  it('treats a real-time "not found" as no stock at all', () => {
    const realTimeStock = createRealTimeStock([
      { distributor: 'wps', levels: [{ sku: 'WPS-1', found: false, warehouses: [] }] },
    ]);
    const result = checkOfferEligibility(wps(), { line, now: NOW, realTimeStock });
    expect(result.reasons).toEqual([{ code: 'insufficient-stock', message: 'wps does not know WPS-1 (real-time)' }]);
  });

  it('runs custom checks plugged into the list', () => {
    const noBrandX: EligibilityCheck = {
      name: 'brand-blocked',
      kind: 'offer',
      check: (candidate) =>
        candidate.brand === 'Brand X' ? { code: 'brand-blocked', message: 'Brand X is not sold' } : undefined,
    };
    const checks = [...defaultEligibilityChecks, noBrandX];
    expect(checkOfferEligibility(wps({ brand: 'Brand X' }), { line, now: NOW, checks }).reasons).toEqual([
      { code: 'brand-blocked', message: 'Brand X is not sold' },
    ]);
    expect(checkOfferEligibility(wps(), { line, now: NOW, checks }).eligible).toBe(true);
  });

  it('rejects a malformed offer with a ValidationError naming each path', () => {
    const error = captureError(() =>
      checkOfferEligibility({ distributor: 'wps', sku: '', currency: 'usd', cost: -1 } as OfferInput, {
        line,
        now: NOW,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['cost', 'currency', 'sku']);
  });

  it('rejects a malformed line and malformed rules with ValidationErrors, never a TypeError', () => {
    const lineError = captureError(() => checkOfferEligibility(wps(), { line: { ...line, quantity: 0 }, now: NOW }));
    expect((lineError as ValidationError).issues).toEqual([{ path: 'line.quantity', message: expect.any(String) }]);
    const rulesError = captureError(() =>
      checkOfferEligibility(wps(), {
        line,
        now: NOW,
        rules: { maxLeadTimeDays: 'one' } as unknown as InventoryRulesInput,
      }),
    );
    expect((rulesError as ValidationError).issues.map((issue) => issue.path)).toEqual(['maxLeadTimeDays']);
    const nowError = captureError(() => checkOfferEligibility(wps(), { line, now: 'yesterday' }));
    expect(ValidationError.isInstance(nowError)).toBe(true);
    const missing = captureError(() => checkOfferEligibility(wps(), undefined as never));
    expect(ValidationError.isInstance(missing)).toBe(true);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
