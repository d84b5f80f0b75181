import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { offer, order } from './__fixtures__/model-fixtures.js';
import { parseAddress } from './address.js';
import { parseInventoryRules } from './inventory-rules.js';
import { parseOffer } from './offer.js';
import { parseDistributorShipment } from './parse-distributor-shipment.js';
import { parsePurchaseOrder } from './purchase-order.js';
import { parseSalesOrder } from './sales-order.js';
import { stockLevelSchema } from './stock-level.js';
import { isStorableText } from './text.js';

const LONE_HIGH_SURROGATE = '\uD83D';
const LONE_LOW_SURROGATE = '\uDE00';
const NUL = '\u0000';

/** The paths of the ValidationError `run` throws (fails the test when it throws anything else or nothing). */
function issuePaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

const report = {
  carrier: 'ups',
  trackingNumber: '1Z999AA10123456784',
  shippedAt: '2026-11-22T10:00:00Z',
  lines: [{ sku: 'WPS-1', quantity: 1 }],
};

describe('text a store cannot hold is refused at parse time, naming the path', () => {
  it.each([
    ['a lone high surrogate', `Ada ${LONE_HIGH_SURROGATE} Buyer`],
    ['a lone low surrogate', `Ada ${LONE_LOW_SURROGATE}`],
    ['U+0000', `Ada${NUL}Buyer`],
  ])('%s in a sales order: buyer name, ship-to, line title and SKU', (_name, bad) => {
    const input = order({
      buyer: { name: bad },
      shipTo: { ...order().shipTo, address1: bad, city: bad },
      lines: [{ lineId: 'L1', sku: `WPS-1${bad}`, title: bad, quantity: 1, unitPrice: 2500 }],
    });
    expect(issuePaths(() => parseSalesOrder(input)).sort()).toEqual(
      ['buyer.name', 'lines.0.sku', 'lines.0.title', 'shipTo.address1', 'shipTo.city'].sort(),
    );
  });

  it('in an offer, a product identity, a stock level, a shipment report and a purchase-order line', () => {
    const bad = `X${LONE_HIGH_SURROGATE}`;
    expect(issuePaths(() => parseOffer(offer({ distributor: 'wps', sku: bad, title: `T${NUL}` })))).toEqual([
      'sku',
      'title',
    ]);
    expect(
      issuePaths(() =>
        parseSalesOrder(order({ lines: [{ ...order().lines[0]!, product: { brand: bad, mpn: 'M' } }] })),
      ),
    ).toEqual(['lines.0.product.brand']);
    expect(stockLevelSchema.safeParse({ sku: bad, found: true, warehouses: [] }).success).toBe(false);
    // The fast shipment parser must step aside for what the schema refuses.
    expect(issuePaths(() => parseDistributorShipment({ ...report, trackingNumber: bad }))).toEqual(['trackingNumber']);
    expect(issuePaths(() => parseDistributorShipment({ ...report, carrierName: `UPS${NUL}` }))).toEqual([
      'carrierName',
    ]);
    expect(issuePaths(() => parseDistributorShipment({ ...report, lines: [{ sku: bad, quantity: 1 }] }))).toEqual([
      'lines.0.sku',
    ]);
  });

  it('keeps well-formed non-ASCII text: accents, CJK and emoji (surrogate pairs)', () => {
    const parsed = parseSalesOrder(order({ buyer: { name: 'Zoë 山田 😀' } }));
    expect(parsed.buyer.name).toBe('Zoë 山田 😀');
    expect(parseDistributorShipment({ ...report, carrierName: 'Livraison 🚚' }).carrierName).toBe('Livraison 🚚');
  });
});

describe('text fields have maximum lengths', () => {
  it('refuses a 10 MB buyer name, and names longer than 200 characters', () => {
    expect(issuePaths(() => parseSalesOrder(order({ buyer: { name: 'A'.repeat(10 * 1024 * 1024) } })))).toEqual([
      'buyer.name',
    ]);
    expect(issuePaths(() => parseSalesOrder(order({ buyer: { name: 'A'.repeat(201) } })))).toEqual(['buyer.name']);
    expect(parseSalesOrder(order({ buyer: { name: 'A'.repeat(200) } })).buyer.name).toHaveLength(200);
  });

  it('bounds address lines (200), phone (50), email (254), SKUs and codes (100) and free text (2,000)', () => {
    const shipTo = order().shipTo;
    expect(
      issuePaths(() =>
        parseAddress({
          ...shipTo,
          address2: 'B'.repeat(201),
          phone: '5'.repeat(51),
          email: `${'a'.repeat(250)}@example.com`,
        }),
      ).sort(),
    ).toEqual(['address2', 'email', 'phone']);
    expect(
      issuePaths(() => parseOffer(offer({ distributor: 'wps', sku: 'S'.repeat(101), title: 'T'.repeat(2001) }))),
    ).toEqual(['sku', 'title']);
    expect(parseOffer(offer({ distributor: 'wps', sku: 'S'.repeat(100), title: 'T'.repeat(2000) })).sku).toHaveLength(
      100,
    );
    expect(issuePaths(() => parseDistributorShipment({ ...report, trackingNumber: '1'.repeat(101) }))).toEqual([
      'trackingNumber',
    ]);
  });
});

describe('amounts, quantities and totals stay within safe integers', () => {
  it('refuses a unit price near 2^53', () => {
    const line = { lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 2 ** 53 - 1 };
    expect(issuePaths(() => parseSalesOrder(order({ lines: [line] })))).toContain('lines.0.unitPrice');
    expect(issuePaths(() => parseOffer(offer({ distributor: 'wps', sku: 'WPS-1', cost: 2 ** 52 })))).toEqual(['cost']);
  });

  it('refuses a line whose quantity × unit price passes Number.MAX_SAFE_INTEGER', () => {
    const line = { lineId: 'L1', sku: 'WPS-1', quantity: 100_000, unitPrice: 1_000_000_000_000 };
    expect(issuePaths(() => parseSalesOrder(order({ lines: [line] })))).toEqual(['lines.0.unitPrice', 'lines']);
  });

  it('refuses an order whose total passes Number.MAX_SAFE_INTEGER though every line is safe', () => {
    const line = (lineId: string) => ({ lineId, sku: 'WPS-1', quantity: 5_000, unitPrice: 1_000_000_000_000 });
    expect(5_000 * 1_000_000_000_000).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(issuePaths(() => parseSalesOrder(order({ lines: [line('L1'), line('L2')] })))).toEqual(['lines']);
    expect(parseSalesOrder(order({ lines: [line('L1')] })).lines).toHaveLength(1);
  });

  it('refuses stock counts past Number.MAX_SAFE_INTEGER, and keeps the capped count clients report', () => {
    expect(
      issuePaths(() =>
        parseOffer(offer({ distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 2 ** 53 }] })),
      ),
    ).toEqual(['stock.0.quantity']);
    const level = (quantity: number) => ({
      sku: 'WPS-1',
      found: true,
      warehouses: [{ warehouse: 'PA', quantity, isFloor: true }],
    });
    expect(stockLevelSchema.safeParse(level(2 ** 53)).success).toBe(false);
    // A distributor client caps a larger count at MAX_SAFE_INTEGER ("at least that many").
    expect(stockLevelSchema.safeParse(level(Number.MAX_SAFE_INTEGER)).success).toBe(true);
  });

  it('refuses purchase-order and shipment line quantities over a billion units', () => {
    expect(
      issuePaths(() => parseDistributorShipment({ ...report, lines: [{ sku: 'WPS-1', quantity: 1_000_000_001 }] })),
    ).toEqual(['lines.0.quantity']);
    expect(
      parseDistributorShipment({ ...report, lines: [{ sku: 'WPS-1', quantity: 1_000_000_000 }] }).lines?.[0]?.quantity,
    ).toBe(1_000_000_000);
  });

  it('a purchase order read back from a store is held to the same limits', () => {
    const valid = {
      poNumber: 'DS-1N92TGR0Z09TJ6',
      distributor: 'wps',
      salesOrderId: 'ebay:1',
      marketplace: 'ebay',
      state: 'draft',
      version: 1,
      currency: 'USD',
      shipTo: order().shipTo,
      lines: [{ salesLineId: 'L1', sku: 'WPS-1', quantity: 1, unitCost: 1000 }],
      createdAt: '2026-11-22T10:00:00Z',
      updatedAt: '2026-11-22T10:00:00Z',
    };
    expect(parsePurchaseOrder(valid).lines).toHaveLength(1);
    expect(
      issuePaths(() =>
        parsePurchaseOrder({
          ...valid,
          lines: [{ salesLineId: 'L1', sku: `W${LONE_HIGH_SURROGATE}`, quantity: 1, unitCost: 1000 }],
        }),
      ),
    ).toEqual(['lines.0.sku']);
  });
});

describe("a distributor's free text is recorded storable, never refused", () => {
  const valid = {
    poNumber: 'DS-1N92TGR0Z09TJ6',
    distributor: 'wps',
    salesOrderId: 'ebay:1',
    marketplace: 'ebay',
    state: 'failed',
    version: 2,
    currency: 'USD',
    shipTo: order().shipTo,
    lines: [{ salesLineId: 'L1', sku: 'WPS-1', quantity: 1, unitCost: 1000 }],
    createdAt: '2026-11-22T10:00:00Z',
    updatedAt: '2026-11-22T10:00:00Z',
  };

  it("replaces a lone surrogate and U+0000 in a PO's lastError and audit detail with U+FFFD", () => {
    const parsed = parsePurchaseOrder({
      ...valid,
      lastError: `wps: 400 bad name ${LONE_HIGH_SURROGATE}${NUL} 😀`,
      audit: [
        {
          at: '2026-11-22T10:00:00Z',
          event: 'fail',
          from: 'submitting',
          to: 'failed',
          version: 2,
          detail: `x${LONE_LOW_SURROGATE}`,
        },
      ],
    });
    expect(parsed.lastError).toBe('wps: 400 bad name \uFFFD\uFFFD 😀');
    expect(parsed.audit[0]?.detail).toBe('x\uFFFD');
    // JSON a store writes from it holds no escape PostgreSQL refuses.
    expect(JSON.stringify(parsed)).not.toMatch(/\\u(d[89a-f][0-9a-f]{2}|0000)/i);
  });

  it('cuts a long message at 2,000 characters without leaving half a surrogate pair', () => {
    const message = `${'e'.repeat(1_998)}😀😀 and more`;
    const parsed = parsePurchaseOrder({ ...valid, lastError: message });
    expect(parsed.lastError).toHaveLength(2_000);
    expect(parsed.lastError?.endsWith('…')).toBe(true);
    expect(isStorableText(parsed.lastError ?? '')).toBe(true);
  });
});

describe('inventory rules: unknown keys refused, numbers in range', () => {
  it('refuses a misspelt rule instead of silently ignoring it', () => {
    expect(issuePaths(() => parseInventoryRules({ maxLeadTimeDay: 3 }))).toEqual(['maxLeadTimeDay']);
    expect(issuePaths(() => parseInventoryRules({ warehouses: { wps: { PA: { exclude: true } } } }))).toEqual([
      'warehouses.wps.PA.exclude',
    ]);
  });

  it('bounds lead times (0 to 365 days) in rules and offers, and fee basis points (0 to 10,000)', () => {
    expect(issuePaths(() => parseInventoryRules({ maxLeadTimeDays: 1e12 }))).toEqual(['maxLeadTimeDays']);
    expect(parseInventoryRules({ maxLeadTimeDays: 365 }).maxLeadTimeDays).toBe(365);
    expect(issuePaths(() => parseInventoryRules({ warehouses: { wps: { PA: { leadTimeDays: 366 } } } }))).toEqual([
      'warehouses.wps.PA.leadTimeDays',
    ]);
    expect(
      issuePaths(() =>
        parseOffer(
          offer({ distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 1, leadTimeDays: 400 }] }),
        ),
      ),
    ).toEqual(['stock.0.leadTimeDays']);
    expect(issuePaths(() => parseInventoryRules({ marketplaceFeeBasisPoints: { ebay: 10_001 } }))).toEqual([
      'marketplaceFeeBasisPoints.ebay',
    ]);
  });

  it('holds the ids and brands of rules to the text rules', () => {
    expect(issuePaths(() => parseInventoryRules({ excludedDistributors: [`wps${LONE_HIGH_SURROGATE}`] }))).toEqual([
      'excludedDistributors.0',
    ]);
    expect(issuePaths(() => parseInventoryRules({ brandPreferences: ['B'.repeat(201)] }))).toEqual([
      'brandPreferences.0',
    ]);
  });
});
