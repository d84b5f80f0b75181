import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { checkOfferEligibility } from '../eligibility/check-offer-eligibility.js';
import { defaultEligibilityChecks } from '../eligibility/eligibility-checks.js';
import type { EligibilityCheck } from '../eligibility/eligibility-types.js';
import type { InventoryRulesInput } from '../model/inventory-rules.js';
import { type Offer, type OfferInput, parseOffer, SHELF_DISTRIBUTOR } from '../model/offer.js';
import type { OrderLine, SalesOrder } from '../model/sales-order.js';
import type { Catalog } from '../spec/v1/catalog.js';
import { NOW, order } from './__fixtures__/routing-fixtures.js';
import { createPlanner } from './create-planner.js';
import type { OrderPlan } from './plan-types.js';
import { createStockLedger } from './stock-ledger.js';

const DISTRIBUTORS = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic', SHELF_DISTRIBUTOR] as const;
const WAREHOUSES = ['PA', 'NV', 'TX'] as const;
const PRODUCTS = 4;

const stockRow = fc.record({
  warehouse: fc.constantFrom(...WAREHOUSES),
  quantity: fc.integer({ min: 0, max: 6 }),
  leadTimeDays: fc.integer({ min: 0, max: 3 }),
  isFloor: fc.boolean(),
});

/** One offer per (product, distributor) at most; random stock, cost, flags, expiry. */
const offerArbitrary = fc
  .record({
    product: fc.integer({ min: 0, max: PRODUCTS - 1 }),
    distributor: fc.constantFrom(...DISTRIBUTORS),
    cost: fc.integer({ min: 100, max: 3000 }),
    dropShipFee: fc.constantFrom(0, 250, 500),
    estimatedShipping: fc.integer({ min: 0, max: 900 }),
    stock: fc.uniqueArray(stockRow, { maxLength: 3, selector: (row) => row.warehouse }),
    dropShipEligible: fc.integer({ min: 0, max: 9 }).map((value) => value !== 0),
    discontinued: fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
    hazardous: fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
    truckOnly: fc.integer({ min: 0, max: 9 }).map((value) => value === 0),
    expired: fc.integer({ min: 0, max: 7 }).map((value) => value === 0),
    brand: fc.constantFrom('Pro Taper', 'Renthal'),
    currency: fc.constantFrom('USD', 'USD', 'USD', 'CAD'),
  })
  .map(
    (value): OfferInput => ({
      distributor: value.distributor,
      sku: `${value.distributor.slice(0, 2).toUpperCase()}-${value.product}`,
      brand: value.brand,
      mpn: `P-${value.product}`,
      upc: `00000000000${value.product}`.slice(-12),
      currency: value.currency,
      cost: value.cost,
      dropShipFee: value.dropShipFee,
      estimatedShipping: value.estimatedShipping,
      stock: value.stock,
      dropShipEligible: value.dropShipEligible,
      discontinued: value.discontinued,
      hazardous: value.hazardous,
      truckOnly: value.truckOnly,
      expiresAt: value.expired ? '2026-11-01T00:00:00Z' : '2026-12-01T00:00:00Z',
    }),
  );

const catalogArbitrary = fc.uniqueArray(offerArbitrary, {
  maxLength: 14,
  selector: (offer) => `${offer.distributor}|${offer.sku}`,
});

const rulesArbitrary = fc.record({
  maxLeadTimeDays: fc.integer({ min: 0, max: 2 }),
  singleShipment: fc.constantFrom('required', 'preferred', 'none'),
  allowLineSplit: fc.boolean(),
  shelfStock: fc.constantFrom('prefer', 'fallback', 'never'),
  brandPreferences: fc.constantFrom([], ['Renthal']),
  distributorPriority: fc.constantFrom([], ['automatic', 'wps']),
  excludedDistributors: fc.constantFrom([], ['tucker-rocky']),
  dropShipCutoffPrice: fc.constantFrom(undefined, 1500),
  warehouses: fc.constantFrom<NonNullable<InventoryRulesInput['warehouses']>>(
    {},
    { wps: { PA: { excluded: true } } },
    { 'parts-unlimited': { NV: { leadTimeDays: 3 } }, automatic: { TX: { leadTimeDays: 0 } } },
  ),
}) as fc.Arbitrary<InventoryRulesInput>;

const linesArbitrary = fc
  .array(
    fc.record({
      product: fc.integer({ min: 0, max: PRODUCTS }), // PRODUCTS is a product nobody sells
      distributor: fc.constantFrom(...DISTRIBUTORS),
      quantity: fc.integer({ min: 1, max: 5 }),
      unitPrice: fc.integer({ min: 500, max: 6000 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((lines): OrderLine[] =>
    lines.map((line, index) => ({
      lineId: `L${index + 1}`,
      sku: `${line.distributor.slice(0, 2).toUpperCase()}-${line.product}`,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
  );

const ordersArbitrary = fc
  .array(linesArbitrary, { minLength: 1, maxLength: 4 })
  .map((all): SalesOrder[] => all.map((lines, index) => order({ marketplaceOrderId: `ORDER-${index}`, lines })));

function planAll(
  offers: OfferInput[],
  rules: InventoryRulesInput,
  orders: SalesOrder[],
  viaOffersOption: boolean,
  checks: readonly EligibilityCheck[] = defaultEligibilityChecks,
): OrderPlan[] {
  const catalog = createMemoryCatalog(offers);
  const planner = createPlanner(viaOffersOption ? { rules, checks } : { catalog, rules, checks });
  const ledger = createStockLedger();
  return orders.map((salesOrder) => {
    const offersByLine = viaOffersOption
      ? new Map(salesOrder.lines.map((line) => [line.lineId, catalog.findOffersSync({ sku: line.sku })]))
      : undefined;
    return planner.plan(salesOrder, {
      ledger,
      now: NOW,
      ...(offersByLine === undefined ? {} : { offers: offersByLine }),
    });
  });
}

/** Every allocation of a plan as (distributor, sku, warehouse, quantity, line). */
function allocations(
  plan: OrderPlan,
): { distributor: string; sku: string; warehouse: string; quantity: number; salesLineId: string }[] {
  return [
    ...plan.purchaseOrders.flatMap((purchaseOrder) =>
      purchaseOrder.lines.map((line) => ({ distributor: purchaseOrder.distributor, ...line })),
    ),
    ...plan.shelfAllocations.map((allocation) => ({ distributor: SHELF_DISTRIBUTOR, ...allocation })),
  ];
}

describe('routing properties', () => {
  it('never assigns more than the stock it saw, across consecutive plans', () => {
    fc.assert(
      fc.property(catalogArbitrary, rulesArbitrary, ordersArbitrary, (offers, rules, orders) => {
        const plans = planAll(offers, rules, orders, false);
        const used = new Map<string, number>();
        for (const plan of plans) {
          for (const allocation of allocations(plan)) {
            const key = `${allocation.distributor}|${allocation.sku}|${allocation.warehouse}`;
            used.set(key, (used.get(key) ?? 0) + allocation.quantity);
          }
        }
        for (const [key, quantity] of used) {
          const [distributor, sku, warehouse] = key.split('|');
          const offer = offers.find((candidate) => candidate.distributor === distributor && candidate.sku === sku);
          const seen = offer?.stock?.find((row) => row.warehouse === warehouse)?.quantity ?? 0;
          expect(quantity).toBeLessThanOrEqual(seen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never uses an ineligible offer or a blocked warehouse, and places lines whole', () => {
    fc.assert(
      fc.property(catalogArbitrary, rulesArbitrary, ordersArbitrary, (offers, rules, orders) => {
        const plans = planAll(offers, rules, orders, false);
        plans.forEach((plan, index) => {
          const salesOrder = orders[index] as SalesOrder;
          for (const allocation of allocations(plan)) {
            const line = salesOrder.lines.find((candidate) => candidate.lineId === allocation.salesLineId) as OrderLine;
            const offer = parseOffer(
              offers.find(
                (candidate) => candidate.distributor === allocation.distributor && candidate.sku === allocation.sku,
              ),
            );
            const verdict = checkOfferEligibility(offer, {
              line: { ...line, quantity: 1 },
              rules,
              now: NOW,
              currency: salesOrder.currency,
            });
            expect(verdict.reasons).toEqual([]);
            expect(verdict.warehouses.map((warehouse) => warehouse.warehouse)).toContain(allocation.warehouse);
          }
          for (const line of salesOrder.lines) {
            const placed = allocations(plan)
              .filter((allocation) => allocation.salesLineId === line.lineId)
              .reduce((sum, allocation) => sum + allocation.quantity, 0);
            const unplaced = plan.unplaced.some((entry) => entry.salesLineId === line.lineId);
            expect(unplaced ? 0 : line.quantity).toBe(placed);
          }
          expect(plan.complete).toBe(plan.unplaced.length === 0);
          for (const purchaseOrder of plan.purchaseOrders)
            expect(purchaseOrder.salesOrderId).toBe(`ebay:${salesOrder.marketplaceOrderId}`);
          if (rules.singleShipment === 'required') expect(plan.purchaseOrders.length).toBeLessThanOrEqual(1);
        });
        const poNumbers = plans.flatMap((plan) => plan.purchaseOrders.map((purchaseOrder) => purchaseOrder.poNumber));
        expect(new Set(poNumbers).size).toBe(poNumbers.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input gives the same plans, from the catalog or from offers passed per line', () => {
    fc.assert(
      fc.property(catalogArbitrary, rulesArbitrary, ordersArbitrary, (offers, rules, orders) => {
        const first = planAll(offers, rules, orders, false);
        expect(planAll(offers, rules, orders, false)).toEqual(first);
        expect(planAll([...offers].reverse(), rules, orders, false)).toEqual(first);
        expect(planAll(offers, rules, orders, true)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('reads an asynchronous Catalog exactly as a synchronous one, for any subset of the built-in checks', async () => {
    await fc.assert(
      fc.asyncProperty(
        catalogArbitrary,
        rulesArbitrary,
        ordersArbitrary,
        fc.subarray([...defaultEligibilityChecks]),
        async (offers, rules, orders, checks) => {
          const memory = createMemoryCatalog(offers);
          let lookUps = 0;
          // A Catalog without findOffersSync: the planner must go through the async port.
          const asyncCatalog: Catalog = {
            specificationVersion: 'v1',
            findOffers: async (query) => {
              lookUps++;
              return memory.findOffersSync(query);
            },
            getOffer: async (distributor, sku) => memory.getOfferSync(distributor, sku),
            upsertOffers: (input) => memory.upsertOffers(input),
            replaceOffers: (distributor, input) => memory.replaceOffers(distributor, input),
          };
          const planner = createPlanner({ catalog: asyncCatalog, rules, checks });
          const ledger = createStockLedger();
          const plans: OrderPlan[] = [];
          for (const salesOrder of orders) plans.push(await planner.planAsync(salesOrder, { ledger, now: NOW }));
          expect(plans).toEqual(planAll(offers, rules, orders, false, checks));
          expect(lookUps).toBe(orders.reduce((sum, salesOrder) => sum + salesOrder.lines.length, 0));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shares one ledger between the catalog path and the offers path without losing a reservation', () => {
    fc.assert(
      fc.property(catalogArbitrary, rulesArbitrary, ordersArbitrary, (offers, rules, orders) => {
        const catalog = createMemoryCatalog(offers);
        const fromCatalog = createPlanner({ catalog, rules });
        const fromOffers = createPlanner({ rules });
        const offersFor = (salesOrder: SalesOrder) =>
          new Map(salesOrder.lines.map((line) => [line.lineId, catalog.findOffersSync({ sku: line.sku })]));
        const shared = createStockLedger();
        const mixed = orders.map((salesOrder, index) =>
          index % 2 === 0
            ? fromCatalog.plan(salesOrder, { ledger: shared, now: NOW })
            : fromOffers.plan(salesOrder, { ledger: shared, now: NOW, offers: offersFor(salesOrder) }),
        );
        expect(mixed).toEqual(planAll(offers, rules, orders, true));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws anything but a ValidationError for arbitrary input', () => {
    const planner = createPlanner({ catalog: createMemoryCatalog([]) });
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          planner.plan(input as SalesOrder, { now: NOW });
        } catch (error) {
          expect((error as { code?: string }).code).toBe('validation');
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Keeps the Offer import used for readers of the arbitrary's shape.
export type { Offer };
