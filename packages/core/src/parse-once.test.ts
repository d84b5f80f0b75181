import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryCatalog } from './catalog/memory-catalog.js';
import { createDropshipper } from './dropshipper/create-dropshipper.js';
import { ValidationError } from './errors/validation-error.js';
import { type Offer, offerSchema, parseOffer, parseOfferList } from './model/offer.js';
import { parseSalesOrder, salesOrderSchema } from './model/sales-order.js';
import { NOW, offer, order } from './routing/__fixtures__/routing-fixtures.js';
import { createPlanner } from './routing/create-planner.js';
import { createMockDistributorClient } from './test/mock-distributor-client.js';

// Parse once: what the model parsed is frozen and known, so the next public entry it reaches
// takes it as is. The suites count the schema's parses, not only the results.

afterEach(() => {
  vi.restoreAllMocks();
});

const wpsOffer = offer({ distributor: 'wps', sku: 'WPS-1' }) as Offer;

describe('a sales order is parsed once', () => {
  it('parseSalesOrder parses new input, and hands a parsed order back as it is', () => {
    const parses = vi.spyOn(salesOrderSchema, 'safeParse');
    const parsed = parseSalesOrder(order());
    expect(parses).toHaveBeenCalledTimes(1);
    expect(parseSalesOrder(parsed)).toBe(parsed);
    expect(parses).toHaveBeenCalledTimes(1);
    // A copy is input like any other: parsed again.
    expect(parseSalesOrder({ ...parsed })).toEqual(parsed);
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('a parsed order is frozen all the way down: it cannot be made invalid after its parse', () => {
    const parsed = parseSalesOrder(order());
    expect(() => {
      (parsed.lines[0] as { quantity: number }).quantity = -1;
    }).toThrow(TypeError);
    expect(() => {
      (parsed.buyer as { name: string }).name = '';
    }).toThrow(TypeError);
    expect(() => {
      (parsed.lines as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('a changed copy of a parsed order is refused like any bad input', () => {
    const parsed = parseSalesOrder(order());
    expect(() => parseSalesOrder({ ...parsed, lines: [{ ...parsed.lines[0], quantity: 0 }] })).toThrow(ValidationError);
  });

  it('the planner does not parse an order the caller parsed, and parses raw input once', () => {
    const parses = vi.spyOn(salesOrderSchema, 'safeParse');
    const planner = createPlanner();
    const offers = { L1: [wpsOffer] };
    planner.plan(parseSalesOrder(order()), { offers, now: NOW });
    expect(parses).toHaveBeenCalledTimes(1);
    planner.plan(order(), { offers, now: NOW });
    expect(parses).toHaveBeenCalledTimes(2);
  });

  it('dropshipper.plan parses the order once, at its entry', async () => {
    const catalog = createMemoryCatalog([wpsOffer]);
    const dropshipper = createDropshipper({
      distributors: [createMockDistributorClient({ distributor: 'wps', stock: { 'WPS-1': { PA: 5 } } })],
      catalog,
      now: () => new Date(NOW),
    });
    const parses = vi.spyOn(salesOrderSchema, 'safeParse');
    const plan = await dropshipper.plan(order());
    expect(plan.purchaseOrders).toHaveLength(1);
    expect(parses).toHaveBeenCalledTimes(1);
  });
});

describe('an offer is parsed once', () => {
  it('the memory catalog hands out offers the planner does not parse again', async () => {
    const catalog = createMemoryCatalog([wpsOffer]);
    const parses = vi.spyOn(offerSchema, 'safeParse');
    const offers = await catalog.findOffers({ sku: 'WPS-1' });
    const plan = createPlanner().plan(order(), { offers: { L1: offers }, now: NOW });
    expect(plan.purchaseOrders).toHaveLength(1);
    expect(parses).not.toHaveBeenCalled();
  });

  it('offers from anywhere else are parsed, once each, and errors name the line and the offer', () => {
    const parses = vi.spyOn(offerSchema, 'safeParse');
    const planner = createPlanner();
    planner.plan(order(), {
      offers: { L1: [wpsOffer, offer({ distributor: 'parts-unlimited', sku: 'PU-1' }) as Offer] },
      now: NOW,
    });
    expect(parses).toHaveBeenCalledTimes(2);
    try {
      planner.plan(order(), { offers: { L1: [wpsOffer, { ...wpsOffer, cost: -1 }] }, now: NOW });
      expect.unreachable('a negative cost must be refused');
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['offers.L1.1.cost']);
    }
  });

  it('parseOffer and parseOfferList hand parsed offers back as they are, frozen', () => {
    const parsed = parseOffer(wpsOffer);
    expect(Object.isFrozen(parsed.stock[0])).toBe(true);
    const parses = vi.spyOn(offerSchema, 'safeParse');
    expect(parseOffer(parsed)).toBe(parsed);
    expect(parseOfferList([parsed], 'offers')[0]).toBe(parsed);
    expect(parses).not.toHaveBeenCalled();
    expect(() => parseOfferList({ 0: parsed }, 'offers')).toThrow(ValidationError);
  });
});
