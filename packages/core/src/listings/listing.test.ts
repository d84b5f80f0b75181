import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { parseListingDefaults, parseListings, parseListingsFile } from './listing.js';
import { lowestPriceKeeping, netAfterFees, priceFromRule } from './listing-price.js';

const valid = {
  marketplace: 'ebay',
  sku: 'L-1',
  product: { brand: 'Pro Taper', mpn: 'PT-1' },
  currency: 'USD',
  handlingTimeDays: 1,
  price: { kind: 'fixed', amount: 5000 },
};

function issuesOf(action: () => unknown): { path: string; message: string }[] {
  try {
    action();
  } catch (error) {
    if (ValidationError.isInstance(error)) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseListings', () => {
  it('validates, applies defaults and freezes', () => {
    const [listing] = parseListings([{ ...valid, price: { kind: 'cost-plus', marginBasisPoints: 2500 } }]);
    expect(listing?.price).toEqual({ kind: 'cost-plus', marginBasisPoints: 2500, marginAmount: 0, floor: 0 });
    expect(Object.isFrozen(listing)).toBe(true);
    expect(Object.isFrozen(listing?.price)).toBe(true);
  });

  it('refuses unknown keys at every level, naming the listing index and field', () => {
    const issues = issuesOf(() =>
      parseListings([
        valid,
        { ...valid, sku: 'L-2', safetyBufer: { units: 1 } },
        { ...valid, sku: 'L-3', price: { kind: 'fixed', amount: 1, margin: 2 } },
        { ...valid, sku: 'L-4', product: { brand: 'A', mpn: 'B', colour: 'red' } },
      ]),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['1.safetyBufer', '2.price.margin', '3.product.colour']);
  });

  it('refuses bad values with the field named: floats of money, negative buffers, both or neither product and bundle', () => {
    const issues = issuesOf(() =>
      parseListings([
        { ...valid, price: { kind: 'fixed', amount: 19.99 } },
        { ...valid, sku: 'L-2', safetyBuffer: { units: -1 } },
        { ...valid, sku: 'L-3', bundle: [{ product: { upc: '12345678905' }, quantity: 1 }] },
        { ...valid, sku: 'L-4', product: undefined },
        { ...valid, sku: 'L-5', product: { brand: 'A' } },
        { ...valid, sku: 'L-6', fees: { basisPoints: 10_000 } },
        {
          ...valid,
          sku: 'L-7',
          product: undefined,
          bundle: [
            { product: { brand: 'A', mpn: '1' }, quantity: 1 },
            { product: { brand: 'a', mpn: '-1' }, quantity: 2 },
          ],
        },
      ]),
    );
    const paths = issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '0.price.amount',
        '1.safetyBuffer.units',
        '2.product',
        '3.product',
        '4.product',
        '5.fees.basisPoints',
        '6.bundle.1.product',
      ]),
    );
  });

  it('refuses a second listing with the same marketplace and listing SKU, and nothing is returned', () => {
    const issues = issuesOf(() => parseListings([valid, { ...valid, sku: 'L-2' }, { ...valid }]));
    expect(issues).toEqual([{ path: '2.sku', message: expect.stringContaining('duplicate listing') }]);
    expect(parseListings([valid, { ...valid, marketplace: 'amazon' }])).toHaveLength(2);
  });

  it('takes listings it returned before as they are, and still refuses them repeated', () => {
    const parsed = parseListings([valid]);
    const again = parseListings([...parsed, { ...valid, sku: 'L-2' }]);
    expect(again[0]).toBe(parsed[0]);
    expect(issuesOf(() => parseListings([...parsed, ...parsed]))[0]?.path).toBe('1.sku');
    // A copy is not a validated listing: it is parsed again.
    expect(issuesOf(() => parseListings([{ ...parsed[0], price: { kind: 'fixed', amount: -1 } }]))[0]?.path).toBe(
      '0.price.amount',
    );
  });

  it('refuses what is not an array', () => {
    expect(issuesOf(() => parseListings({ listings: [] }))).toEqual([{ path: '', message: expect.any(String) }]);
  });
});

describe('parseListingsFile', () => {
  it('reads JSON and reports bad JSON or an unknown format as validation errors', () => {
    expect(parseListingsFile(JSON.stringify([valid]), 'json')).toHaveLength(1);
    expect(issuesOf(() => parseListingsFile('[{', 'json'))[0]?.message).toMatch(/not valid JSON/);
    expect(issuesOf(() => parseListingsFile('[]', 'csv' as 'json'))[0]?.message).toMatch(/unknown format csv/);
    expect(issuesOf(() => parseListingsFile(JSON.stringify([{ ...valid, sku: '' }]), 'json'))[0]?.path).toBe('0.sku');
  });
});

describe('parseListingDefaults', () => {
  it('refuses unknown keys', () => {
    expect(issuesOf(() => parseListingDefaults({ safetyBuffer: { units: 1 }, cap: 3 }))[0]?.path).toBe('cap');
  });
});

describe('listing price arithmetic', () => {
  it('keeps after fees the price minus the share rounded up minus the amount per line', () => {
    expect(netAfterFees(10_000, { basisPoints: 1325, perLine: 30 })).toBe(10_000 - 1325 - 30);
    expect(netAfterFees(101, { basisPoints: 1000, perLine: 0 })).toBe(101 - 11);
  });

  it('finds the lowest price that keeps a net amount, exactly', () => {
    for (const fees of [
      { basisPoints: 0, perLine: 0 },
      { basisPoints: 1325, perLine: 30 },
      { basisPoints: 9_999, perLine: 7 },
    ]) {
      for (const net of [0, 1, 99, 1234, 99_999]) {
        const price = lowestPriceKeeping(net, fees) as number;
        expect(netAfterFees(price, fees)).toBeGreaterThanOrEqual(net);
        if (price > 0) expect(netAfterFees(price - 1, fees)).toBeLessThan(net);
      }
    }
    expect(lowestPriceKeeping(1_000_000_000_000, { basisPoints: 5000, perLine: 0 })).toBeUndefined();
  });

  it('prices by rule: fixed as given, cost-plus with margin and floor, none without a cost', () => {
    const fees = { basisPoints: 0, perLine: 0 };
    expect(priceFromRule({ kind: 'fixed', amount: 1234 }, undefined, fees)).toBe(1234);
    const rule = { kind: 'cost-plus', marginBasisPoints: 2500, marginAmount: 10, floor: 0 } as const;
    expect(priceFromRule(rule, 1000, fees)).toBe(1260);
    expect(priceFromRule(rule, 1001, fees)).toBe(1001 + 251 + 10);
    expect(priceFromRule({ ...rule, floor: 5000 }, 1000, fees)).toBe(5000);
    expect(priceFromRule(rule, undefined, fees)).toBeUndefined();
  });
});
