import { describe, expect, it } from 'vitest';
import { createMemoryCatalog } from './catalog/memory-catalog.js';
import { offer as dropshipOffer, salesOrder } from './dropshipper/__fixtures__/dropshipper-fixtures.js';
import { createDropshipper } from './dropshipper/create-dropshipper.js';
import { checkOfferEligibility } from './eligibility/check-offer-eligibility.js';
import { createRealTimeStock } from './eligibility/real-time-stock.js';
import { NOW, offer, order } from './model/__fixtures__/model-fixtures.js';
import type { InventoryRulesInput } from './model/inventory-rules.js';
import { type OfferInput, parseOffer } from './model/offer.js';
import { createPlanner } from './routing/create-planner.js';
import { createMockDistributorClient, createMockMarketplaceAdapter } from './test.js';

/**
 * Reasons without noise, safe defaults: a dealer reads an unplaced line's reasons to decide what
 * to change, and stock whose lead time nobody knows is not shipped as if it left today.
 */

const line = { lineId: 'L1', sku: 'WPS-1', quantity: 2, unitPrice: 2500 };
const wps = (stock: OfferInput['stock']): OfferInput => offer({ distributor: 'wps', sku: 'WPS-1', stock });
const codes = (
  offerInput: OfferInput,
  rules: InventoryRulesInput = {},
  realTime?: { warehouse: string; quantity: number }[],
) =>
  checkOfferEligibility(offerInput, {
    line,
    now: NOW,
    rules,
    ...(realTime === undefined
      ? {}
      : {
          realTimeStock: createRealTimeStock([
            {
              distributor: 'wps',
              levels: [{ sku: 'WPS-1', found: true, warehouses: realTime.map((row) => ({ ...row, isFloor: false })) }],
            },
          ]),
        }),
  }).reasons.map((reason) => reason.code);

describe('reasons without noise', () => {
  it('stock only at a warehouse over the lead-time limit gets the lead-time reason only', () => {
    expect(codes(wps([{ warehouse: 'TX', quantity: 9, leadTimeDays: 4 }]))).toEqual(['lead-time']);
  });

  it('an excluded warehouse holding enough gets its own reason only', () => {
    expect(
      codes(wps([{ warehouse: 'PA', quantity: 9, leadTimeDays: 0 }]), {
        warehouses: { wps: { PA: { excluded: true } } },
      }),
    ).toEqual(['warehouse-excluded']);
  });

  it('keeps insufficient-stock when even the blocked warehouses could not cover the line', () => {
    expect(codes(wps([{ warehouse: 'TX', quantity: 1, leadTimeDays: 4 }]))).toEqual([
      'lead-time',
      'insufficient-stock',
    ]);
    expect(codes(wps([{ warehouse: 'PA', quantity: 1, leadTimeDays: 0 }]))).toEqual(['insufficient-stock']);
  });
});

describe('stock at a warehouse the catalog does not describe', () => {
  const catalogStock = [{ warehouse: 'PA', quantity: 0, leadTimeDays: 0 }];

  it('is of unknown lead time and not eligible by default, with its own reason', () => {
    const result = checkOfferEligibility(wps(catalogStock), {
      line,
      now: NOW,
      realTimeStock: createRealTimeStock([
        {
          distributor: 'wps',
          levels: [{ sku: 'WPS-1', found: true, warehouses: [{ warehouse: 'NV', quantity: 9, isFloor: false }] }],
        },
      ]),
    });
    expect(result.eligible).toBe(false);
    expect(result.warehouses).toEqual([]);
    expect(result.reasons).toEqual([
      {
        code: 'unknown-lead-time',
        message: expect.stringMatching(
          /^stock at NV is at a warehouse the catalog does not describe: its lead time is unknown/,
        ),
        warehouses: ['NV'],
      },
    ]);
  });

  it('is used when the rules give it a lead time: rules.unknownWarehouseLeadTimeDays or a warehouse rule', () => {
    const nine = [{ warehouse: 'NV', quantity: 9 }];
    expect(codes(wps(catalogStock), { unknownWarehouseLeadTimeDays: 1 }, nine)).toEqual([]);
    expect(codes(wps(catalogStock), { unknownWarehouseLeadTimeDays: 3 }, nine)).toEqual(['lead-time']);
    expect(codes(wps(catalogStock), { warehouses: { wps: { NV: { leadTimeDays: 0 } } } }, nine)).toEqual([]);
    // A warehouse the catalog lists keeps the catalog's lead time.
    expect(codes(wps([{ warehouse: 'NV', quantity: 0, leadTimeDays: 0 }]), {}, nine)).toEqual([]);
  });

  it('the planner leaves the line unplaced with that reason instead of placing it as shipping today', () => {
    const realTimeStock = createRealTimeStock([
      {
        distributor: 'wps',
        levels: [{ sku: 'WPS-1', found: true, warehouses: [{ warehouse: 'NV', quantity: 9, isFloor: false }] }],
      },
    ]);
    const plan = createPlanner().plan(order(), {
      offers: { L1: [parseOffer(wps(catalogStock))] },
      realTimeStock,
      now: NOW,
    });
    expect(plan.purchaseOrders).toEqual([]);
    expect(plan.unplaced[0]?.candidates[0]?.reasons.map((reason) => reason.code)).toEqual(['unknown-lead-time']);
    const allowed = createPlanner({ rules: { unknownWarehouseLeadTimeDays: 1 } }).plan(order(), {
      offers: { L1: [parseOffer(wps(catalogStock))] },
      realTimeStock,
      now: NOW,
    });
    expect(allowed.purchaseOrders[0]?.lines[0]).toMatchObject({
      warehouse: 'NV',
      leadTimeDays: 1,
      stockSource: 'real-time',
    });
  });

  it('the dropshipper does not place an order on it: no PO is sent', async () => {
    const wpsClient = createMockDistributorClient({ distributor: 'wps', stock: { 'W-PAD': { NV: 9 } } });
    const dropshipper = createDropshipper({
      distributors: [wpsClient],
      marketplaces: [createMockMarketplaceAdapter({ marketplace: 'ebay' })],
      catalog: createMemoryCatalog([dropshipOffer('wps', 'W-PAD', 1500, { PA: 0 })]),
      approval: { mode: 'auto', allowIncomplete: true },
    });
    const result = await dropshipper.dropship(
      salesOrder('U-1', [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, unitPrice: 3000 }]),
    );
    expect(result.status).toBe('nothing-to-place');
    expect(result.unplaced[0]?.candidates[0]?.reasons.map((reason) => reason.code)).toEqual(['unknown-lead-time']);
    expect(wpsClient.callCount('submitOrder')).toBe(0);
  });
});
