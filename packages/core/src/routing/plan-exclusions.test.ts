import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from '../catalog/memory-catalog.js';
import { ValidationError } from '../errors/validation-error.js';
import type { OfferInput } from '../model/offer.js';
import { NOW, offer, order } from './__fixtures__/routing-fixtures.js';
import { planOrder } from './create-planner.js';
import type { OrderPlan, PlanExclusion } from './plan-types.js';

/** One product at two distributors; WPS is cheaper and has two warehouses (EAST first by the tie-break). */
const offers: OfferInput[] = [
  offer({
    distributor: 'wps',
    sku: 'WPS-1',
    cost: 900,
    stock: [
      { warehouse: 'EAST', quantity: 5, leadTimeDays: 0 },
      { warehouse: 'WEST', quantity: 5, leadTimeDays: 0 },
    ],
  }),
  offer({ distributor: 'parts-unlimited', sku: 'PU-1', cost: 1000 }),
];

const twoLines = order({
  lines: [
    { lineId: 'L1', sku: 'WPS-1', quantity: 1, unitPrice: 2500 },
    { lineId: 'L2', sku: 'WPS-1', quantity: 1, unitPrice: 2500 },
  ],
});

function placements(plan: OrderPlan): string[] {
  return plan.purchaseOrders.flatMap((purchaseOrder) =>
    purchaseOrder.lines.map((line) => `${line.salesLineId}:${purchaseOrder.distributor}@${line.warehouse}`),
  );
}

function planWith(exclude: readonly PlanExclusion[]): OrderPlan {
  return planOrder(twoLines, {
    catalog: createMemoryCatalog(offers),
    now: NOW,
    rules: { singleShipment: 'none' },
    exclude,
  });
}

describe('plan option exclude (re-routing away from a distributor or warehouse)', () => {
  it('routes to the cheapest distributor without exclusions', () => {
    expect(placements(planWith([]))).toEqual(['L1:wps@EAST', 'L2:wps@EAST']);
  });

  it('leaves an excluded distributor out for the named lines only', () => {
    expect(placements(planWith([{ distributor: 'wps', lineIds: ['L1'] }]))).toEqual([
      'L1:parts-unlimited@PA',
      'L2:wps@EAST',
    ]);
  });

  it('leaves an excluded distributor out for every line when no line is named', () => {
    const plan = planWith([{ distributor: 'wps' }]);
    expect(placements(plan)).toEqual(['L1:parts-unlimited@PA', 'L2:parts-unlimited@PA']);
  });

  it('excludes one warehouse: the same distributor ships from its other warehouse', () => {
    expect(placements(planWith([{ distributor: 'wps', warehouse: 'EAST', lineIds: ['L1'] }]))).toEqual([
      'L1:wps@WEST',
      'L2:wps@EAST',
    ]);
  });

  it('leaves the line unplaced, with a reason, when every offer is excluded', () => {
    const plan = planWith([{ distributor: 'wps' }, { distributor: 'parts-unlimited', lineIds: ['L2'] }]);
    expect(placements(plan)).toEqual(['L1:parts-unlimited@PA']);
    expect(plan.unplaced.map((line) => [line.salesLineId, line.code])).toEqual([['L2', 'no-offers']]);
  });

  it('refuses a malformed or unknown exclusion key', () => {
    expect(() =>
      planOrder(twoLines, {
        catalog: createMemoryCatalog(offers),
        now: NOW,
        exclude: [{ distributor: 'wps', store: 'x' } as unknown as PlanExclusion],
      }),
    ).toThrow(ValidationError);
    expect(() =>
      planOrder(twoLines, {
        catalog: createMemoryCatalog(offers),
        now: NOW,
        exclude: [{ distributor: '' }],
      }),
    ).toThrow(ValidationError);
  });
});
