import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { InventoryRulesInput } from '../model/inventory-rules.js';
import { type OfferInput, parseOffer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { OrderLine, SalesOrder } from '../model/sales-order.js';
import { NOW, offer, order } from './__fixtures__/routing-fixtures.js';
import { createPlanner, planOrder } from './create-planner.js';
import type { OrderPlan } from './plan-types.js';
import { createRealTimeStock } from './real-time-stock.js';
import { defaultRoutingStrategies, type RoutingStrategy } from './routing-strategies.js';
import { createStockLedger } from './stock-ledger.js';

/** The same product (brand + MPN) at several distributors. */
function product(mpn: string, offers: (Partial<OfferInput> & Pick<OfferInput, 'distributor' | 'sku'>)[]): OfferInput[] {
  return offers.map((entry) => offer({ mpn, ...entry }));
}

function plan(
  offers: OfferInput[],
  lines: OrderLine[],
  rules: InventoryRulesInput = {},
  salesOrder: Partial<SalesOrder> = {},
): OrderPlan {
  return planOrder(order({ lines, ...salesOrder }), { catalog: createMemoryCatalog(offers), rules, now: NOW });
}

/** `distributor:sku@warehouse×quantity` for every PO line, for compact assertions. */
function placements(result: OrderPlan): string[] {
  return result.purchaseOrders.flatMap((purchaseOrder) =>
    purchaseOrder.lines.map((line) => `${purchaseOrder.distributor}:${line.sku}@${line.warehouse}×${line.quantity}`),
  );
}

const oneLine = (sku: string, quantity = 1, unitPrice = 5000): OrderLine[] => [
  { lineId: 'L1', sku, quantity, unitPrice },
];

interface RoutingCase {
  name: string;
  offers: OfferInput[];
  lines: OrderLine[];
  rules?: InventoryRulesInput;
  placed: string[];
  shelf?: string[];
  unplaced?: string[];
}

const routingCases: RoutingCase[] = [
  {
    name: 'swaps to the cheapest distributor SKU of the same product',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      { distributor: 'parts-unlimited', sku: 'PU-1', cost: 1100 },
      { distributor: 'tucker-rocky', sku: 'TR-1', cost: 1300 },
    ]),
    lines: oneLine('WPS-1'),
    placed: ['parts-unlimited:PU-1@PA×1'],
  },
  {
    name: 'never chooses the cheapest distributor when it has no stock',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 900,
        stock: [{ warehouse: 'NV', quantity: 0, leadTimeDays: 0 }],
      },
    ]),
    lines: oneLine('PU-1'),
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'never chooses the cheapest distributor when it has fewer units than the line needs',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 900,
        stock: [{ warehouse: 'NV', quantity: 2, leadTimeDays: 0 }],
      },
    ]),
    lines: oneLine('PU-1', 3),
    placed: ['wps:WPS-1@PA×3'],
  },
  {
    name: 'never chooses an expired offer, however cheap',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      { distributor: 'parts-unlimited', sku: 'PU-1', cost: 100, expiresAt: '2026-11-01T00:00:00Z' },
    ]),
    lines: oneLine('PU-1'),
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'never chooses a discontinued offer, however cheap',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      { distributor: 'parts-unlimited', sku: 'PU-1', cost: 100, discontinued: true },
    ]),
    lines: oneLine('PU-1'),
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'never ships from a warehouse over the maximum lead time',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200 },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 100,
        stock: [{ warehouse: 'NV', quantity: 9, leadTimeDays: 2 }],
      },
    ]),
    lines: oneLine('PU-1'),
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'prefers the fastest lead time over a lower cost',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1200, stock: [{ warehouse: 'PA', quantity: 5, leadTimeDays: 0 }] },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 1000,
        stock: [{ warehouse: 'NV', quantity: 5, leadTimeDays: 1 }],
      },
    ]),
    lines: oneLine('PU-1'),
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'compares landed cost: cost × quantity + drop-ship fee + estimated shipping',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1000, dropShipFee: 500, estimatedShipping: 100 },
      { distributor: 'parts-unlimited', sku: 'PU-1', cost: 1200, dropShipFee: 0, estimatedShipping: 150 },
    ]),
    lines: oneLine('WPS-1', 2),
    // wps: 2000 + 500 + 200 = 2700; pu: 2400 + 0 + 300 = 2700 → tie → alphabetical: parts-unlimited
    placed: ['parts-unlimited:PU-1@PA×2'],
  },
  {
    name: 'prefers the preferred brand over a cheaper one (same UPC)',
    offers: [
      offer({ distributor: 'wps', sku: 'WPS-1', brand: 'Renthal', mpn: 'R-1', upc: '012345678905', cost: 1500 }),
      offer({
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        brand: 'Generic',
        mpn: 'G-1',
        upc: '012345678905',
        cost: 900,
      }),
    ],
    lines: oneLine('PU-1'),
    rules: { brandPreferences: ['renthal'] },
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'breaks a tie by distributorPriority',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1' },
      { distributor: 'automatic', sku: 'AD-1' },
      { distributor: 'tucker-rocky', sku: 'TR-1' },
    ]),
    lines: oneLine('WPS-1'),
    rules: { distributorPriority: ['tucker-rocky', 'wps'] },
    placed: ['tucker-rocky:TR-1@PA×1'],
  },
  {
    name: 'breaks a tie alphabetically when no priority is set',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1' },
      { distributor: 'tucker-rocky', sku: 'TR-1' },
      { distributor: 'automatic', sku: 'AD-1' },
    ]),
    lines: oneLine('WPS-1'),
    placed: ['automatic:AD-1@PA×1'],
  },
  {
    name: 'skips excluded warehouses and uses another of the same distributor',
    offers: [
      offer({
        distributor: 'wps',
        sku: 'WPS-1',
        stock: [
          { warehouse: 'PA', quantity: 5, leadTimeDays: 0 },
          { warehouse: 'TN', quantity: 5, leadTimeDays: 1 },
        ],
      }),
    ],
    lines: oneLine('WPS-1'),
    rules: { warehouses: { wps: { PA: { excluded: true } } } },
    placed: ['wps:WPS-1@TN×1'],
  },
  {
    name: 'single shipment preferred: moves every line to one distributor that can ship them all',
    offers: [
      ...product('A', [
        { distributor: 'wps', sku: 'WPS-A', cost: 1000 },
        { distributor: 'parts-unlimited', sku: 'PU-A', cost: 1100 },
      ]),
      ...product('B', [{ distributor: 'parts-unlimited', sku: 'PU-B', cost: 2000 }]),
    ],
    lines: [
      { lineId: 'L1', sku: 'WPS-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'PU-B', quantity: 1, unitPrice: 5000 },
    ],
    placed: ['parts-unlimited:PU-A@PA×1', 'parts-unlimited:PU-B@PA×1'],
  },
  {
    name: 'single shipment none: each line goes to its own best distributor',
    offers: [
      ...product('A', [
        { distributor: 'wps', sku: 'WPS-A', cost: 1000 },
        { distributor: 'parts-unlimited', sku: 'PU-A', cost: 1100 },
      ]),
      ...product('B', [{ distributor: 'parts-unlimited', sku: 'PU-B', cost: 2000 }]),
    ],
    lines: [
      { lineId: 'L1', sku: 'WPS-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'PU-B', quantity: 1, unitPrice: 5000 },
    ],
    rules: { singleShipment: 'none' },
    placed: ['wps:WPS-A@PA×1', 'parts-unlimited:PU-B@PA×1'],
  },
  {
    name: 'single shipment preferred: splits when no single distributor can ship everything',
    offers: [
      ...product('A', [{ distributor: 'wps', sku: 'WPS-A' }]),
      ...product('B', [{ distributor: 'parts-unlimited', sku: 'PU-B' }]),
    ],
    lines: [
      { lineId: 'L1', sku: 'WPS-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'PU-B', quantity: 1, unitPrice: 5000 },
    ],
    placed: ['wps:WPS-A@PA×1', 'parts-unlimited:PU-B@PA×1'],
  },
  {
    name: 'single shipment required: places nothing when no single distributor can ship everything',
    offers: [
      ...product('A', [{ distributor: 'wps', sku: 'WPS-A' }]),
      ...product('B', [{ distributor: 'parts-unlimited', sku: 'PU-B' }]),
    ],
    lines: [
      { lineId: 'L1', sku: 'WPS-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'PU-B', quantity: 1, unitPrice: 5000 },
    ],
    rules: { singleShipment: 'required' },
    placed: [],
    unplaced: ['L1:single-shipment-unavailable', 'L2:single-shipment-unavailable'],
  },
  {
    name: 'single shipment required: places nothing when one line cannot be placed at all',
    offers: product('A', [{ distributor: 'wps', sku: 'WPS-A' }]),
    lines: [
      { lineId: 'L1', sku: 'WPS-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'NOPE', quantity: 1, unitPrice: 5000 },
    ],
    rules: { singleShipment: 'required' },
    placed: [],
    unplaced: ['L1:single-shipment-unavailable', 'L2:no-offers'],
  },
  {
    name: 'line split off: a line no distributor can cover alone is not placed',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 2, leadTimeDays: 0 }] },
      { distributor: 'parts-unlimited', sku: 'PU-1', stock: [{ warehouse: 'NV', quantity: 2, leadTimeDays: 0 }] },
    ]),
    lines: oneLine('WPS-1', 3),
    placed: [],
    unplaced: ['L1:no-eligible-distributor'],
  },
  {
    name: 'line split on: one line is split across distributors when none has enough',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1000, stock: [{ warehouse: 'PA', quantity: 2, leadTimeDays: 0 }] },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 1100,
        stock: [{ warehouse: 'NV', quantity: 2, leadTimeDays: 0 }],
      },
    ]),
    lines: oneLine('WPS-1', 3),
    rules: { allowLineSplit: true },
    placed: ['wps:WPS-1@PA×2', 'parts-unlimited:PU-1@NV×1'],
  },
  {
    name: 'line split on: still whole or nothing when all distributors together are short',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 1, leadTimeDays: 0 }] },
      { distributor: 'parts-unlimited', sku: 'PU-1', stock: [{ warehouse: 'NV', quantity: 1, leadTimeDays: 0 }] },
    ]),
    lines: oneLine('WPS-1', 3),
    rules: { allowLineSplit: true },
    placed: [],
    unplaced: ['L1:no-eligible-distributor'],
  },
  {
    name: 'shelf stock prefer: the dealer ships from the shelf, no PO',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 500 },
      {
        distributor: SHELF_DISTRIBUTOR,
        sku: 'SH-1',
        cost: 800,
        stock: [{ warehouse: 'BIN-1', quantity: 1, leadTimeDays: 3 }],
      },
    ]),
    lines: oneLine('WPS-1'),
    rules: { shelfStock: 'prefer' },
    placed: [],
    shelf: ['SH-1@BIN-1×1'],
  },
  {
    name: 'shelf stock fallback: a distributor first',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 900 },
      {
        distributor: SHELF_DISTRIBUTOR,
        sku: 'SH-1',
        cost: 800,
        stock: [{ warehouse: 'BIN-1', quantity: 1, leadTimeDays: 0 }],
      },
    ]),
    lines: oneLine('WPS-1'),
    rules: { shelfStock: 'fallback' },
    placed: ['wps:WPS-1@PA×1'],
  },
  {
    name: 'shelf stock fallback: the shelf when no distributor can',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', stock: [] },
      { distributor: SHELF_DISTRIBUTOR, sku: 'SH-1', stock: [{ warehouse: 'BIN-1', quantity: 1, leadTimeDays: 0 }] },
    ]),
    lines: oneLine('WPS-1'),
    rules: { shelfStock: 'fallback' },
    placed: [],
    shelf: ['SH-1@BIN-1×1'],
  },
  {
    name: 'shelf stock never: not used even when it is the only stock',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', stock: [] },
      { distributor: SHELF_DISTRIBUTOR, sku: 'SH-1', stock: [{ warehouse: 'BIN-1', quantity: 1, leadTimeDays: 0 }] },
    ]),
    lines: oneLine('WPS-1'),
    placed: [],
    unplaced: ['L1:no-eligible-distributor'],
  },
  {
    name: 'shelf allocation deducts what it uses: the second line goes to a distributor',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1' },
      { distributor: SHELF_DISTRIBUTOR, sku: 'SH-1', stock: [{ warehouse: 'BIN-1', quantity: 3, leadTimeDays: 0 }] },
    ]),
    lines: [
      { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
      { lineId: 'L2', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
    ],
    rules: { shelfStock: 'prefer' },
    placed: ['wps:WPS-1@PA×2'],
    shelf: ['SH-1@BIN-1×2'],
  },
  {
    name: 'single shipment required: a line shipped from the shelf does not block one distributor for the rest',
    offers: [
      ...product('A', [
        { distributor: SHELF_DISTRIBUTOR, sku: 'SH-A', stock: [{ warehouse: 'BIN', quantity: 1, leadTimeDays: 0 }] },
      ]),
      ...product('B', [
        { distributor: 'wps', sku: 'WPS-B', cost: 1000 },
        { distributor: 'parts-unlimited', sku: 'PU-B', cost: 900 },
      ]),
      ...product('C', [
        { distributor: 'wps', sku: 'WPS-C', cost: 1000 },
        { distributor: 'parts-unlimited', sku: 'PU-C', cost: 1200 },
      ]),
    ],
    lines: [
      { lineId: 'L1', sku: 'SH-A', quantity: 1, unitPrice: 5000 },
      { lineId: 'L2', sku: 'WPS-B', quantity: 1, unitPrice: 5000 },
      { lineId: 'L3', sku: 'WPS-C', quantity: 1, unitPrice: 5000 },
    ],
    rules: { singleShipment: 'required', shelfStock: 'prefer' },
    placed: ['wps:WPS-B@PA×1', 'wps:WPS-C@PA×1'],
    shelf: ['SH-A@BIN×1'],
  },
  {
    name: 'two lines of one SKU share its stock within a plan',
    offers: product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 900, stock: [{ warehouse: 'PA', quantity: 3, leadTimeDays: 0 }] },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 1000,
        stock: [{ warehouse: 'NV', quantity: 3, leadTimeDays: 0 }],
      },
    ]),
    lines: [
      { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
      { lineId: 'L2', sku: 'WPS-1', quantity: 2, unitPrice: 5000 },
    ],
    rules: { singleShipment: 'none' },
    placed: ['wps:WPS-1@PA×2', 'parts-unlimited:PU-1@NV×2'],
  },
  {
    name: 'an unknown SKU is reported, not silently dropped',
    offers: product('PT-100', [{ distributor: 'wps', sku: 'WPS-1' }]),
    lines: oneLine('NOT-IN-CATALOG'),
    placed: [],
    unplaced: ['L1:no-offers'],
  },
];

describe('routing (table)', () => {
  it.each(routingCases)('$name', (testCase) => {
    const result = plan(testCase.offers, testCase.lines, testCase.rules);
    expect(placements(result)).toEqual(testCase.placed);
    expect(
      result.shelfAllocations.map((allocation) => `${allocation.sku}@${allocation.warehouse}×${allocation.quantity}`),
    ).toEqual(testCase.shelf ?? []);
    expect(result.unplaced.map((line) => `${line.salesLineId}:${line.code}`)).toEqual(testCase.unplaced ?? []);
    expect(result.complete).toBe((testCase.unplaced ?? []).length === 0);
  });
});

describe('createPlanner', () => {
  const catalog = createMemoryCatalog(
    product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 1000, dropShipFee: 300, estimatedShipping: 450 },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 1100,
        stock: [{ warehouse: 'NV', quantity: 0, leadTimeDays: 0 }],
      },
      { distributor: 'tucker-rocky', sku: 'TR-1', cost: 900, discontinued: true },
    ]),
  );

  it('explains "no eligible distributor" with every candidate and its reasons (sorted by distributor)', () => {
    const only = createMemoryCatalog(
      product('PT-100', [
        { distributor: 'parts-unlimited', sku: 'PU-1', stock: [{ warehouse: 'NV', quantity: 0, leadTimeDays: 0 }] },
        { distributor: 'tucker-rocky', sku: 'TR-1', discontinued: true, expiresAt: '2026-01-01T00:00:00Z' },
      ]),
    );
    const result = createPlanner({ catalog: only }).plan(order({ lines: oneLine('PU-1') }), { now: NOW });
    expect(result.complete).toBe(false);
    expect(result.purchaseOrders).toEqual([]);
    const [unplaced] = result.unplaced;
    expect(unplaced).toMatchObject({ salesLineId: 'L1', code: 'no-eligible-distributor', quantity: 1 });
    expect(
      unplaced?.candidates.map((candidate) => [
        candidate.distributor,
        candidate.eligible,
        candidate.reasons.map((reason) => reason.code),
      ]),
    ).toEqual([
      ['parts-unlimited', false, ['insufficient-stock']],
      ['tucker-rocky', false, ['discontinued', 'expired']],
    ]);
    expect(unplaced?.message).toContain('parts-unlimited PU-1 (insufficient-stock)');
    expect(unplaced?.message).toContain('tucker-rocky TR-1 (discontinued, expired)');
  });

  it('builds POs with a deterministic PO number, lines, fee, shipping and the estimated profit', () => {
    const planner = createPlanner({ catalog, rules: { marketplaceFeeBasisPoints: { ebay: 1000 } } });
    const result = planner.plan(order({ lines: oneLine('PU-1', 2, 3000), shippingPaid: 995 }), { now: NOW });
    expect(result.purchaseOrders).toHaveLength(1);
    const [purchaseOrder] = result.purchaseOrders;
    expect(purchaseOrder).toEqual({
      distributor: 'wps',
      poNumber: expect.stringMatching(/^DS-[A-Z0-9]{14}$/),
      salesOrderId: 'ebay:12-34567-89012',
      lines: [
        {
          salesLineId: 'L1',
          sku: 'WPS-1',
          quantity: 2,
          unitCost: 1000,
          warehouse: 'PA',
          leadTimeDays: 0,
          stockSource: 'catalog',
        },
      ],
      subtotal: 2000,
      dropShipFee: 300,
      estimatedShipping: 900,
      leadTimeDays: 0,
    });
    // revenue 2 × 3000 + 995 = 6995; fee 10 % = 699.5 → 700 (rounded)
    expect(result.profit).toEqual({
      currency: 'USD',
      revenue: 6995,
      cost: 2000,
      dropShipFees: 300,
      estimatedShipping: 900,
      marketplaceFee: 700,
      profit: 6995 - 2000 - 300 - 900 - 700,
    });
    expect(planner.plan(order({ lines: oneLine('PU-1', 2, 3000), shippingPaid: 995 }), { now: NOW })).toEqual(result);
  });

  it('uses the order’s known marketplace fees instead of the basis points', () => {
    const result = createPlanner({ catalog, rules: { marketplaceFeeBasisPoints: { ebay: 1000 } } }).plan(
      order({ lines: oneLine('WPS-1', 1, 3000), fees: 123 }),
      { now: NOW },
    );
    expect(result.profit.marketplaceFee).toBe(123);
  });

  it('holds an order whose profit is below rules.minimumProfit', () => {
    const result = createPlanner({ catalog, rules: { minimumProfit: 5000 } }).plan(
      order({ lines: oneLine('WPS-1', 1, 3000) }),
      { now: NOW },
    );
    expect(result.complete).toBe(true);
    expect(result.holds).toEqual([
      { code: 'below-minimum-profit', message: expect.stringContaining('below the minimum') },
    ]);
  });

  it('never puts two customers’ orders on one PO', () => {
    const planner = createPlanner({ catalog });
    const first = planner.plan(
      order({ marketplaceOrderId: 'A-1', customerId: 'customer-1', lines: oneLine('WPS-1') }),
      { now: NOW },
    );
    const second = planner.plan(
      order({ marketplaceOrderId: 'B-2', customerId: 'customer-2', lines: oneLine('WPS-1') }),
      { now: NOW },
    );
    const [firstPo] = first.purchaseOrders;
    const [secondPo] = second.purchaseOrders;
    expect(firstPo?.distributor).toBe(secondPo?.distributor);
    expect(firstPo?.poNumber).not.toBe(secondPo?.poNumber);
    expect(firstPo?.salesOrderId).toBe('ebay:A-1');
    expect(secondPo?.salesOrderId).toBe('ebay:B-2');
    expect(firstPo?.lines.every((line) => line.salesLineId === 'L1')).toBe(true);
  });

  it('breaks ties the same way every time, whatever order the offers come in', () => {
    const offers = product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1' },
      { distributor: 'parts-unlimited', sku: 'PU-1' },
      { distributor: 'tucker-rocky', sku: 'TR-1' },
      { distributor: 'automatic', sku: 'AD-1' },
    ]).map(parseOffer);
    const winners = new Set<string>();
    for (let rotation = 0; rotation < offers.length; rotation++) {
      const rotated = [...offers.slice(rotation), ...offers.slice(0, rotation)];
      for (const list of [rotated, [...rotated].reverse()]) {
        const result = planOrder(order({ lines: oneLine('WPS-1') }), {
          offers: { L1: list },
          rules: { distributorPriority: ['tucker-rocky'] },
          now: NOW,
        });
        winners.add(placements(result).join());
      }
    }
    expect([...winners]).toEqual(['tucker-rocky:TR-1@PA×1']);
  });

  it('never assigns more than the stock it saw across consecutive plans sharing a ledger', () => {
    const small = createMemoryCatalog(
      product('PT-100', [
        { distributor: 'wps', sku: 'WPS-1', stock: [{ warehouse: 'PA', quantity: 3, leadTimeDays: 0 }] },
      ]),
    );
    const planner = createPlanner({ catalog: small });
    const ledger = createStockLedger();
    const first = planner.plan(order({ marketplaceOrderId: 'A', lines: oneLine('WPS-1', 2) }), { ledger, now: NOW });
    const second = planner.plan(order({ marketplaceOrderId: 'B', lines: oneLine('WPS-1', 2) }), { ledger, now: NOW });
    expect(placements(first)).toEqual(['wps:WPS-1@PA×2']);
    expect(second.complete).toBe(false);
    expect(second.unplaced[0]?.candidates[0]?.reasons[0]?.message).toContain('1 usable unit of 2 needed');
    expect(ledger.reserved('wps', 'WPS-1', 'PA')).toBe(2);
    ledger.releasePlan(first);
    expect(
      planner.plan(order({ marketplaceOrderId: 'B', lines: oneLine('WPS-1', 2) }), { ledger, now: NOW }).complete,
    ).toBe(true);
  });

  it('does not reserve when asked not to (a dry run)', () => {
    const ledger = createStockLedger();
    createPlanner({ catalog }).plan(order({ lines: oneLine('WPS-1', 2) }), { ledger, reserve: false, now: NOW });
    expect(ledger.size).toBe(0);
  });

  it('lets real-time stock override the catalog, and marks the PO line as such', () => {
    const both = createMemoryCatalog(
      product('PT-100', [
        { distributor: 'wps', sku: 'WPS-1', cost: 900 },
        {
          distributor: 'parts-unlimited',
          sku: 'PU-1',
          cost: 1000,
          stock: [{ warehouse: 'NV', quantity: 0, leadTimeDays: 1 }],
        },
      ]),
    );
    const realTimeStock = createRealTimeStock([
      {
        distributor: 'wps',
        levels: [{ sku: 'WPS-1', found: true, warehouses: [{ warehouse: 'PA', quantity: 0, isFloor: false }] }],
      },
      {
        distributor: 'parts-unlimited',
        levels: [{ sku: 'PU-1', found: true, warehouses: [{ warehouse: 'NV', quantity: 7, isFloor: false }] }],
      },
    ]);
    const result = createPlanner({ catalog: both }).plan(order({ lines: oneLine('WPS-1') }), {
      realTimeStock,
      now: NOW,
    });
    expect(result.purchaseOrders[0]?.lines[0]).toMatchObject({
      sku: 'PU-1',
      warehouse: 'NV',
      leadTimeDays: 1,
      stockSource: 'real-time',
    });
  });

  it('plans from offers passed per line (an asynchronous catalog) exactly as from the memory catalog', () => {
    const offers = product('PT-100', [
      {
        distributor: 'wps',
        sku: 'WPS-1',
        cost: 1000,
        stock: [
          { warehouse: 'PA', quantity: 1, leadTimeDays: 0 },
          { warehouse: 'TN', quantity: 4, leadTimeDays: 1 },
        ],
      },
      {
        distributor: 'parts-unlimited',
        sku: 'PU-1',
        cost: 950,
        stock: [{ warehouse: 'NV', quantity: 2, leadTimeDays: 2 }],
      },
      { distributor: 'tucker-rocky', sku: 'TR-1', cost: 990, hazardous: true },
    ]);
    const salesOrder = order({ lines: oneLine('WPS-1', 3) });
    const fromCatalog = planOrder(salesOrder, { catalog: createMemoryCatalog(offers), now: NOW });
    const fromOffers = planOrder(salesOrder, { offers: new Map([['L1', offers.map(parseOffer)]]), now: NOW });
    expect(fromOffers).toEqual(fromCatalog);
    expect(placements(fromCatalog)).toEqual(['wps:WPS-1@TN×3']);
  });

  it('runs custom strategies in the chain', () => {
    const preferTuckerRocky: RoutingStrategy = {
      name: 'prefer-tucker-rocky',
      narrow: (candidates) => {
        const preferred = candidates.filter((candidate) => candidate.distributor === 'tucker-rocky');
        return preferred.length > 0 ? preferred : candidates;
      },
    };
    const offers = product('PT-100', [
      { distributor: 'wps', sku: 'WPS-1', cost: 900 },
      { distributor: 'tucker-rocky', sku: 'TR-1', cost: 1500 },
    ]);
    const strategies = [
      defaultRoutingStrategies[0] as RoutingStrategy,
      preferTuckerRocky,
      ...defaultRoutingStrategies.slice(1),
    ];
    const result = planOrder(order({ lines: oneLine('WPS-1') }), {
      catalog: createMemoryCatalog(offers),
      strategies,
      now: NOW,
    });
    expect(placements(result)).toEqual(['tucker-rocky:TR-1@PA×1']);
  });

  it('reports a custom strategy that keeps nothing, and refuses one that invents candidates', () => {
    const offers = product('PT-100', [{ distributor: 'wps', sku: 'WPS-1' }]);
    const keepNothing: RoutingStrategy = { name: 'keep-nothing', narrow: () => [] };
    const kept = planOrder(order({ lines: oneLine('WPS-1') }), {
      catalog: createMemoryCatalog(offers),
      strategies: [keepNothing],
      now: NOW,
    });
    expect(kept.unplaced[0]).toMatchObject({
      code: 'no-candidate-selected',
      message: expect.stringContaining('keep-nothing'),
    });
    expect(kept.unplaced[0]?.candidates[0]?.eligible).toBe(true);
    const invent: RoutingStrategy = {
      name: 'invent',
      narrow: (candidates) => candidates.map((candidate) => ({ ...candidate })),
    };
    expect(() =>
      planOrder(order({ lines: oneLine('WPS-1') }), {
        catalog: createMemoryCatalog(offers),
        strategies: [invent],
        now: NOW,
      }),
    ).toThrow(ConfigurationError);
  });

  it('matches offers by the line’s product identity when its SKU is the dealer’s own', () => {
    const offers = product('PT-100', [{ distributor: 'wps', sku: 'WPS-1' }]);
    const result = planOrder(
      order({
        lines: [
          {
            lineId: 'L1',
            sku: 'MY-LISTING-7',
            product: { brand: 'PRO-TAPER', mpn: 'pt 100' },
            quantity: 1,
            unitPrice: 5000,
          },
        ],
      }),
      { catalog: createMemoryCatalog(offers), now: NOW },
    );
    expect(placements(result)).toEqual(['wps:WPS-1@PA×1']);
  });
});

describe('bad input', () => {
  const catalog = createMemoryCatalog(product('PT-100', [{ distributor: 'wps', sku: 'WPS-1' }]));
  const planner = createPlanner({ catalog });

  it.each([
    ['null', null, ['']],
    ['an empty object', {}, ['marketplace', 'marketplaceOrderId', 'orderedAt', 'currency', 'buyer', 'shipTo', 'lines']],
    [
      'a zero quantity and a float price',
      order({ lines: [{ lineId: 'L1', sku: 'WPS-1', quantity: 0, unitPrice: 12.5 }] }),
      ['lines.0.quantity', 'lines.0.unitPrice'],
    ],
    ['lines that are not an array', { ...order(), lines: 'WPS-1' }, ['lines']],
    [
      'duplicate line ids',
      order({
        lines: [
          { lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 1 },
          { lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 1 },
        ],
      }),
      ['lines.1.lineId'],
    ],
    [
      'a missing address field',
      { ...order(), shipTo: { name: 'A' } },
      ['shipTo.address1', 'shipTo.city', 'shipTo.region', 'shipTo.postalCode', 'shipTo.country'],
    ],
  ])('a malformed order (%s) gives a ValidationError with paths', (_name, input, paths) => {
    let caught: unknown;
    try {
      planner.plan(input as SalesOrder, { now: NOW });
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    expect((caught as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([...paths].sort());
  });

  it('malformed rules give a ValidationError with paths', () => {
    expect(() =>
      createPlanner({ rules: { maxLeadTimeDays: -1, singleShipment: 'sometimes' } as unknown as InventoryRulesInput }),
    ).toThrow(
      expect.objectContaining({
        code: 'validation',
        issues: [
          expect.objectContaining({ path: 'maxLeadTimeDays' }),
          expect.objectContaining({ path: 'singleShipment' }),
        ],
      }),
    );
  });

  it('malformed offers passed per line give a ValidationError with paths', () => {
    const bad = [
      { distributor: 'wps', sku: 'WPS-1', currency: 'USD', cost: 'cheap', stock: [{ warehouse: 'PA', quantity: -2 }] },
    ];
    expect(() => planOrder(order(), { offers: { L1: bad as never }, now: NOW })).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: 'offers.L1.0.cost' }),
          expect.objectContaining({ path: 'offers.L1.0.stock.0.quantity' }),
        ],
      }),
    );
  });

  it('malformed planner and plan options give ValidationErrors, never TypeErrors', () => {
    expect(() => createPlanner({ catalog: {} as never })).toThrow(ValidationError);
    expect(() => createPlanner({ strategies: [{}] as never })).toThrow(ValidationError);
    expect(() => createPlanner({ checks: 'all' as never })).toThrow(ValidationError);
    expect(() => createPlanner({ poNumberPrefix: 'ds' })).toThrow(ValidationError);
    expect(() => planner.plan(order(), { ledger: {} as never })).toThrow(ValidationError);
    expect(() => planner.plan(order(), { now: 'soon' })).toThrow(ValidationError);
    expect(() => planner.plan(order(), { attempt: -1 })).toThrow(ValidationError);
    expect(() => planner.plan(order(), null as never)).toThrow(ValidationError);
  });
});
