import { describe, expect, it } from 'vitest';
import { checkOfferEligibility } from '../eligibility/check-offer-eligibility.js';
import type { EligibilityCheck } from '../eligibility/eligibility-types.js';
import { order } from '../model/__fixtures__/model-fixtures.js';
import type { InventoryRulesInput } from '../model/inventory-rules.js';
import { type OfferInput, parseOffer } from '../model/offer.js';
import { createPlanner } from '../routing/create-planner.js';
import type { OrderReservation } from '../spec/v1/store.js';
import { computeAvailability, type ListingAvailabilityOptions } from './availability-index.js';
import type { ListingInput } from './listing.js';
import type { ListingAvailability } from './listing-availability.js';
import { netAfterFees } from './listing-price.js';

const NOW = '2026-12-07T12:00:00.000Z';

function offer(overrides: Partial<OfferInput> & { quantity?: number; leadTimeDays?: number; isFloor?: boolean } = {}) {
  const { quantity = 5, leadTimeDays = 0, isFloor = false, ...rest } = overrides;
  return {
    distributor: 'wps',
    sku: 'W-1',
    brand: 'Pro Taper',
    mpn: 'PT-1',
    currency: 'USD',
    cost: 1000,
    stock: [{ warehouse: 'PA', quantity, leadTimeDays, isFloor }],
    updatedAt: '2026-12-07T10:00:00.000Z',
    ...rest,
  } satisfies OfferInput;
}

function listing(overrides: Partial<ListingInput> = {}): ListingInput {
  return {
    marketplace: 'ebay',
    sku: 'L-1',
    product: { brand: 'Pro Taper', mpn: 'PT-1' },
    currency: 'USD',
    handlingTimeDays: 1,
    price: { kind: 'fixed', amount: 5000 },
    ...overrides,
  } as ListingInput;
}

function one(
  input: ListingInput,
  offers: OfferInput[],
  reservations: OrderReservation[] = [],
  options: ListingAvailabilityOptions = {},
): ListingAvailability {
  const result = computeAvailability([input], offers, reservations, { now: NOW, ...options });
  return [...result.values()][0] as ListingAvailability;
}

function reservation(overrides: Partial<OrderReservation>): OrderReservation {
  return {
    salesOrderId: 'ebay:1',
    lineId: '1',
    distributor: 'wps',
    sku: 'W-1',
    warehouse: 'PA',
    quantity: 2,
    status: 'open',
    createdAt: '2026-12-07T09:00:00.000Z',
    ...overrides,
  };
}

/** Mulberry32: a small seeded PRNG, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('listing availability: eligible stock', () => {
  it('shows the usable units of the eligible offers of the product, matched by brand + MPN or UPC', () => {
    const offers = [
      offer({ quantity: 5 }),
      offer({ distributor: 'parts-unlimited', sku: 'P-1', brand: 'PRO-TAPER', mpn: 'pt 1', quantity: 3 }),
      offer({
        distributor: 'tucker-rocky',
        sku: 'T-1',
        brand: undefined,
        mpn: undefined,
        upc: '0012345678905',
        quantity: 2,
      }),
      offer({ distributor: 'automatic', sku: 'A-1', mpn: 'OTHER', quantity: 50 }),
    ];
    const result = one(listing({ product: { brand: 'Pro Taper', mpn: 'PT-1', upc: '12345678905' } }), offers);
    expect(result).toMatchObject({ key: 'ebay:L-1', quantity: 10, atLeast: false, price: 5000 });
  });

  it('counts an offer exactly when routing would accept it for a line at the listing price, and the planner places it (seeded, 400 offers)', () => {
    const random = prng(21);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const rules: InventoryRulesInput = {
      maxLeadTimeDays: 1,
      dropShipCutoffPrice: 3000,
      excludedDistributors: ['automatic'],
      warehouses: { wps: { TX: { excluded: true } } },
      shelfStock: 'fallback',
    };
    const planner = createPlanner({ rules });
    let counted = 0;
    for (let round = 0; round < 400; round++) {
      const input = offer({
        distributor: pick(['wps', 'parts-unlimited', 'automatic', 'shelf']),
        currency: pick(['USD', 'USD', 'USD', 'CAD']),
        dropShipEligible: random() > 0.15,
        discontinued: random() < 0.15,
        hazardous: random() < 0.1,
        truckOnly: random() < 0.1,
        expiresAt: random() < 0.15 ? '2026-12-07T11:00:00.000Z' : undefined,
        stock: [
          { warehouse: pick(['PA', 'TX']), quantity: pick([0, 1, 4]), leadTimeDays: pick([0, 1, 2]), isFloor: false },
        ],
      });
      const price = pick([2000, 5000]);
      const result = one(listing({ price: { kind: 'fixed', amount: price } }), [input], [], { rules });
      const routing = checkOfferEligibility(input, {
        line: { lineId: '1', sku: 'L-1', quantity: 1, unitPrice: price },
        rules,
        now: NOW,
        currency: 'USD',
      });
      expect(result.quantity > 0, JSON.stringify({ input, price, reasons: routing.reasons })).toBe(routing.eligible);
      const plan = planner.plan(order({ lines: [{ lineId: 'L1', sku: 'L-1', quantity: 1, unitPrice: price }] }), {
        offers: { L1: [parseOffer(input)] },
        now: NOW,
      });
      expect(plan.unplaced.length === 0, JSON.stringify({ input, price, unplaced: plan.unplaced })).toBe(
        result.quantity > 0,
      );
      if (routing.eligible) counted++;
    }
    expect(counted).toBeGreaterThan(20);
    expect(counted).toBeLessThan(380);
  });

  it('runs custom checks as the planner does, offer and stock checks alike', () => {
    const noWps: EligibilityCheck = {
      name: 'no-wps',
      kind: 'offer',
      check: (candidate) => (candidate.distributor === 'wps' ? { code: 'no-wps', message: 'no' } : undefined),
    };
    const atLeastThree: EligibilityCheck = {
      name: 'three',
      kind: 'stock',
      check: (_candidate, { stock }) => (stock.usableQuantity < 3 ? { code: 'few', message: 'few' } : undefined),
    };
    const offers = [
      offer({ quantity: 9 }),
      offer({ distributor: 'parts-unlimited', sku: 'P-1', quantity: 2 }),
      offer({ distributor: 'tucker-rocky', sku: 'T-1', quantity: 4 }),
    ];
    expect(one(listing(), offers, [], { checks: [noWps, atLeastThree] }).quantity).toBe(4);
  });

  it("lowers the maximum lead time to the channel's handling time, never raises it", () => {
    const offers = [
      offer({ quantity: 3, leadTimeDays: 0 }),
      offer({ distributor: 'pu', sku: 'P', quantity: 4, leadTimeDays: 1 }),
    ];
    const far = offer({ distributor: 'tr', sku: 'T', quantity: 7, leadTimeDays: 3 });
    expect(one(listing({ handlingTimeDays: 0 }), offers).quantity).toBe(3);
    expect(one(listing({ handlingTimeDays: 1 }), offers).quantity).toBe(7);
    expect(one(listing({ handlingTimeDays: 5 }), [...offers, far]).quantity).toBe(7);
    expect(
      one(listing({ handlingTimeDays: 5 }), [...offers, far], [], { rules: { maxLeadTimeDays: 3 } }).quantity,
    ).toBe(14);
  });

  it('adds shelf stock only when the rules use it', () => {
    const offers = [offer({ quantity: 2 }), offer({ distributor: 'shelf', sku: 'S-1', quantity: 3, leadTimeDays: 5 })];
    expect(one(listing(), offers).quantity).toBe(2);
    expect(one(listing(), offers, [], { rules: { shelfStock: 'fallback' } }).quantity).toBe(5);
  });

  it('says no-eligible-stock when nothing can ship', () => {
    expect(one(listing(), [offer({ discontinued: true })])).toMatchObject({ quantity: 0, reason: 'no-eligible-stock' });
    expect(one(listing(), [])).toMatchObject({ quantity: 0, reason: 'no-eligible-stock', price: 5000 });
  });
});

describe('listing availability: reservations (the intake rule)', () => {
  it('takes off open reservations of any order at that distributor SKU and warehouse', () => {
    const reservations = [
      reservation({ quantity: 2 }),
      reservation({ salesOrderId: 'ebay:2', quantity: 1 }),
      reservation({ salesOrderId: 'ebay:3', warehouse: 'NV', quantity: 4 }),
      reservation({ salesOrderId: 'ebay:4', sku: 'OTHER', quantity: 4 }),
    ];
    expect(one(listing(), [offer({ quantity: 5 })], reservations).quantity).toBe(2);
  });

  it('takes off a consumed reservation only while the stock was read before it was consumed', () => {
    const consumed = (closedAt: string) => reservation({ status: 'consumed', closedAt, quantity: 2 });
    const read = '2026-12-07T10:00:00.000Z';
    expect(one(listing(), [offer({ updatedAt: read })], [consumed('2026-12-07T11:00:00.000Z')]).quantity).toBe(3);
    expect(one(listing(), [offer({ updatedAt: read })], [consumed('2026-12-07T09:00:00.000Z')]).quantity).toBe(5);
    expect(one(listing(), [offer({ updatedAt: undefined })], [consumed('2026-12-07T11:00:00.000Z')]).quantity).toBe(5);
    const released = reservation({ status: 'released', closedAt: '2026-12-07T11:00:00.000Z' });
    expect(one(listing(), [offer({ updatedAt: read })], [released]).quantity).toBe(5);
  });

  it('never goes below 0 when reservations exceed the stock', () => {
    expect(one(listing(), [offer({ quantity: 2 })], [reservation({ quantity: 9 })])).toMatchObject({
      quantity: 0,
      reason: 'no-eligible-stock',
    });
  });
});

describe('listing availability: floors, bundles, buffers, cap', () => {
  it('keeps a floor a floor (atLeast), also after reservations, until a cap decides', () => {
    const floored = offer({ quantity: 25, isFloor: true });
    expect(one(listing(), [floored])).toMatchObject({ quantity: 25, atLeast: true });
    expect(one(listing(), [floored], [reservation({ quantity: 5 })])).toMatchObject({ quantity: 20, atLeast: true });
    expect(one(listing({ maximumQuantity: 10 }), [floored])).toMatchObject({ quantity: 10, atLeast: false });
  });

  it('shows a bundle as the minimum over its parts of floor(units / part quantity)', () => {
    const bundle = listing({
      product: undefined,
      bundle: [
        { product: { brand: 'Pro Taper', mpn: 'PT-1' }, quantity: 2 },
        { product: { upc: '12345678905' }, quantity: 1 },
      ],
    });
    const grips = offer({ quantity: 7 });
    const cable = offer({
      distributor: 'pu',
      sku: 'C',
      brand: undefined,
      mpn: undefined,
      upc: '12345678905',
      quantity: 5,
    });
    expect(one(bundle, [grips, cable]).quantity).toBe(3);
    expect(one(bundle, [grips, { ...cable, stock: [{ warehouse: 'NV', quantity: 2 }] }]).quantity).toBe(2);
    expect(one(bundle, [grips])).toMatchObject({ quantity: 0, reason: 'no-eligible-stock' });
  });

  it('is a floor for a bundle only when every part that decides is a floor', () => {
    const bundle = listing({
      product: undefined,
      bundle: [
        { product: { brand: 'A', mpn: '1' }, quantity: 1 },
        { product: { brand: 'B', mpn: '2' }, quantity: 1 },
      ],
    });
    const a = offer({ brand: 'A', mpn: '1', quantity: 9, isFloor: true });
    const b = (isFloor: boolean, quantity: number) => offer({ sku: 'B', brand: 'B', mpn: '2', quantity, isFloor });
    expect(one(bundle, [a, b(false, 4)])).toMatchObject({ quantity: 4, atLeast: false });
    expect(one(bundle, [a, b(false, 20)])).toMatchObject({ quantity: 9, atLeast: true });
    expect(one(bundle, [a, b(false, 9)])).toMatchObject({ quantity: 9, atLeast: false });
    expect(one(bundle, [a, b(true, 9)])).toMatchObject({ quantity: 9, atLeast: true });
  });

  it('splits a bundle part across offers only when the rules allow line splits', () => {
    const bundle = listing({
      product: undefined,
      bundle: [{ product: { brand: 'Pro Taper', mpn: 'PT-1' }, quantity: 2 }],
    });
    const offers = [offer({ quantity: 3 }), offer({ distributor: 'pu', sku: 'P', quantity: 3 })];
    expect(one(bundle, offers).quantity).toBe(2);
    expect(one(bundle, offers, [], { rules: { allowLineSplit: true } }).quantity).toBe(3);
  });

  it('holds back a safety buffer: units, basis points rounded up, the global default unless the listing has one', () => {
    const offers = [offer({ quantity: 7 })];
    expect(one(listing({ safetyBuffer: { units: 2 } }), offers).quantity).toBe(5);
    expect(one(listing({ safetyBuffer: { units: 9 } }), offers).quantity).toBe(0);
    expect(one(listing({ safetyBuffer: { basisPoints: 1000 } }), offers).quantity).toBe(6);
    expect(one(listing(), offers, [], { defaults: { safetyBuffer: { units: 3 } } }).quantity).toBe(4);
    const both = one(listing({ safetyBuffer: { units: 1 } }), offers, [], { defaults: { safetyBuffer: { units: 3 } } });
    expect(both.quantity).toBe(6);
  });

  it('caps the quantity: the listing cap first, else the default', () => {
    const offers = [offer({ quantity: 70 })];
    expect(one(listing({ maximumQuantity: 10 }), offers).quantity).toBe(10);
    expect(one(listing(), offers, [], { defaults: { maximumQuantity: 20 } }).quantity).toBe(20);
    expect(one(listing({ maximumQuantity: 0 }), offers).quantity).toBe(0);
  });
});

describe('listing availability: price', () => {
  const fees = { basisPoints: 1325, perLine: 30 };

  it('prices cost-plus from the cheapest eligible landed cost: keeps cost + margin after fees, never below the floor', () => {
    const offers = [
      offer({ cost: 1000, dropShipFee: 150, estimatedShipping: 300 }),
      offer({ distributor: 'pu', sku: 'P', cost: 900, dropShipFee: 0, estimatedShipping: 100, discontinued: true }),
      offer({ distributor: 'tr', sku: 'T', cost: 1100, dropShipFee: 0, estimatedShipping: 0 }),
    ];
    const rule = { kind: 'cost-plus', marginBasisPoints: 2000, marginAmount: 50 } as const;
    const result = one(listing({ price: rule, fees }), offers);
    expect(result.landedCost).toBe(1100);
    const target = 1100 + 220 + 50;
    expect(netAfterFees(result.price as number, fees)).toBeGreaterThanOrEqual(target);
    expect(netAfterFees((result.price as number) - 1, fees)).toBeLessThan(target);
    // The wps offer (landed 1450) would lose money at a price that keeps 1370: only tucker-rocky's 5 count.
    expect(result.quantity).toBe(5);
    const floored = one(listing({ price: { ...rule, floor: 9999 }, fees }), offers);
    expect(floored).toMatchObject({ price: 9999, quantity: 10 });
  });

  it("reads the marketplace's fee share from the inventory rules and the fee per line from the defaults", () => {
    const result = one(listing({ price: { kind: 'cost-plus' } }), [offer({ cost: 1000 })], [], {
      rules: { marketplaceFeeBasisPoints: { ebay: 1325 } },
      defaults: { feePerLine: { ebay: 30 } },
    });
    expect(result.price).toBe(one(listing({ price: { kind: 'cost-plus' }, fees }), [offer({ cost: 1000 })]).price);
    expect(netAfterFees(result.price as number, fees)).toBeGreaterThanOrEqual(1000);
    expect(netAfterFees((result.price as number) - 1, fees)).toBeLessThan(1000);
  });

  it('never sells at a loss after fees: an offer that would lose money at the price is not counted', () => {
    const cheap = offer({ cost: 1000, quantity: 2 });
    const dear = offer({ distributor: 'pu', sku: 'P', cost: 4000, quantity: 6 });
    // 5000 - 13.25 % - 30 = 4307 kept: the 4000 offer still pays.
    expect(one(listing({ fees }), [cheap, dear]).quantity).toBe(8);
    // 4500 keeps 3873: the 4000 offer would lose money.
    const lower = one(listing({ price: { kind: 'fixed', amount: 4500 }, fees }), [cheap, dear]);
    expect(lower).toMatchObject({ quantity: 2, price: 4500 });
    expect(lower.reason).toBeUndefined();
    // 1100 keeps 924: even the cheapest loses money.
    expect(one(listing({ price: { kind: 'fixed', amount: 1100 }, fees }), [cheap, dear])).toMatchObject({
      quantity: 0,
      price: 1100,
      reason: 'loss-after-fees',
      landedCost: 1000,
    });
  });

  it('checks the drop-ship cutoff at the price found: a cost-plus price under the cutoff leaves only shelf stock', () => {
    const rules = { dropShipCutoffPrice: 2000, shelfStock: 'fallback' } as const;
    const distributor = offer({ cost: 1000, quantity: 4 });
    const shelf = offer({ distributor: 'shelf', sku: 'S', cost: 1500, quantity: 1 });
    const result = one(listing({ price: { kind: 'cost-plus' } }), [distributor, shelf], [], { rules });
    expect(result).toMatchObject({ quantity: 1, price: 1500, landedCost: 1500 });
    const floored = one(listing({ price: { kind: 'cost-plus', floor: 2500 } }), [distributor, shelf], [], { rules });
    expect(floored).toMatchObject({ quantity: 5, price: 2500, landedCost: 1000 });
  });

  it('prices a bundle from the sum of its parts at their cheapest, each for its quantity', () => {
    const bundle = listing({
      product: undefined,
      price: { kind: 'cost-plus' },
      bundle: [
        { product: { brand: 'A', mpn: '1' }, quantity: 2 },
        { product: { brand: 'B', mpn: '2' }, quantity: 1 },
      ],
    });
    const offers = [
      offer({ brand: 'A', mpn: '1', cost: 100, dropShipFee: 40, quantity: 8 }),
      offer({ sku: 'B', brand: 'B', mpn: '2', cost: 500, quantity: 8 }),
    ];
    expect(one(bundle, offers)).toMatchObject({ landedCost: 2 * 100 + 40 + 500, price: 740, quantity: 4 });
  });
});
