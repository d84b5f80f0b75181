// Tucker Rocky's and Automatic Distributors' feed layouts are NOT FOUND in public sources
// (no public documentation): these tests use made-up headers, as a dealer's own map would.
import { ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { memorySource, parseAll, testContext } from './__fixtures__/feed-test-helpers.js';
import { type ColumnMap, createColumnMapParser } from './column-map-parser.js';

const map: ColumnMap = {
  columns: {
    sku: 'Item Number',
    cost: 'Dealer Price',
    brand: 'Brand',
    mpn: 'Mfg Part',
    upc: 'UPC',
    title: 'Description',
    mapPrice: { column: 'MAP', transform: 'money' },
    discontinued: { column: 'Status', trueValues: ['D', 'X'] },
    dropShipEligible: { column: 'No Drop Ship', transform: 'flag', invert: true },
    truckOnly: 'Oversize',
  },
  stock: [
    { warehouse: 'TX', column: 'TX Qty' },
    { warehouse: 'PA', column: 'PA Qty', plusQuantity: 5 },
  ],
  constants: { dropShipFee: 500 },
};

const header =
  'Item Number\tDealer Price\tBrand\tMfg Part\tUPC\tDescription\tMAP\tStatus\tNo Drop Ship\tOversize\tTX Qty\tPA Qty';

describe('createColumnMapParser', () => {
  it('maps columns to offer fields with their transforms, constants and per-warehouse lead times', async () => {
    const text = [
      header,
      'TR-100\t$12.40\tEBC\tFA123\t0-12345-67890-5\t"Brake pad, sintered"\t19.99\tA\tN\tn\t4\t+',
      '',
    ].join('\r\n');
    const parser = createColumnMapParser({ ...map, delimiter: '\t' });
    const { offers, rejected } = await parseAll(parser, memorySource(text), testContext('tucker-rocky', { PA: 1 }));
    expect(rejected).toEqual([]);
    expect(offers).toEqual([
      {
        distributor: 'tucker-rocky',
        sku: 'TR-100',
        brand: 'EBC',
        mpn: 'FA123',
        upc: '012345678905',
        title: 'Brake pad, sintered',
        currency: 'USD',
        cost: 1240,
        dropShipFee: 500,
        estimatedShipping: 0,
        mapPrice: 1999,
        stock: [
          { warehouse: 'TX', quantity: 4, leadTimeDays: 0, isFloor: false },
          { warehouse: 'PA', quantity: 5, leadTimeDays: 1, isFloor: true },
        ],
        dropShipEligible: true,
        discontinued: false,
        hazardous: false,
        truckOnly: false,
        expiresAt: undefined,
        updatedAt: '2026-11-22T06:00:00.000Z',
      },
    ]);
  });

  it('rejects bad rows with line numbers and reasons, keeping the rest', async () => {
    const text = [
      header,
      'A\t1.00\tB\tM\t\t\t\tD\tY\tY\t1\t2',
      'B\tfree\tB\tM\t\t\t\t\tN\tN\t1\t2',
      '\t1.00\tB\tM\t\t\t\t\tN\tN\t1\t2',
      'C\t1.00\tB\tM\t\t\t\t\tmaybe\tN\t1\t2',
      'D\t1.00\tB\tM\t\t\t\t\tN\tN\tmany\t2',
      'E\t1.00\tB',
      'F\t\tB\tM\t\t\t\t\tN\tN\t1\t2',
      'G\t2.50\tB\tM\tbad-upc\t\t\tX\tN\tN\tN/A\t',
    ].join('\n');
    const { offers, rejected, warnings } = await parseAll(
      createColumnMapParser({ ...map, delimiter: '\t' }),
      memorySource(text),
    );
    expect(
      offers.map((offer) => [
        offer.sku,
        offer.discontinued,
        offer.dropShipEligible,
        offer.truckOnly,
        offer.stock.length,
      ]),
    ).toEqual([
      ['A', true, false, true, 2],
      ['G', true, true, false, 0],
    ]);
    expect(rejected.map(({ line, reason }) => [line, reason])).toEqual([
      [3, 'invalid-price'],
      [4, 'missing-sku'],
      [5, 'invalid-dropShipEligible'],
      [6, 'invalid-quantity'],
      [7, 'column-count'],
      [8, 'missing-price'],
    ]);
    expect(rejected[0]).toMatchObject({
      sku: 'B',
      message: 'Dealer Price "free" is not a non-negative decimal amount',
    });
    expect(warnings).toEqual({ 'invalid-upc-ignored': 1 });
  });

  it('runs custom parse functions and checks what they produce against the offer schema', async () => {
    const parser = createColumnMapParser({
      columns: {
        sku: { column: 'sku', parse: (value) => value.trim().toUpperCase() },
        cost: { column: 'cost_in_mills', parse: (value) => Math.round(Number(value) / 10) },
        title: { column: 'title', parse: (value) => (value === 'ERR' ? 42 : value) },
      },
    });
    const text = 'sku,cost_in_mills,title\nab-1,12345,ok\nab-2,-500,ok\nab-3,100,ERR\n';
    const { offers, rejected } = await parseAll(parser, memorySource(text));
    expect(offers.map((offer) => [offer.sku, offer.cost])).toEqual([['AB-1', 1235]]);
    expect(rejected.map(({ line, reason, sku }) => [line, reason, sku])).toEqual([
      [3, 'invalid-offer', 'AB-2'],
      [4, 'invalid-offer', 'AB-3'],
    ]);
    expect(rejected[0]?.message).toMatch(/^cost: /);
  });

  it('fails before reading rows when a mapped column is not in the file, naming every missing one', async () => {
    const error = await parseAll(createColumnMapParser(map), memorySource('Item Number,Price\nA,1\n')).catch(
      (caught: unknown) => caught,
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain('header.Dealer Price');
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain('header.TX Qty');
  });

  it('refuses a malformed map with every problem listed (what a bad JSON map file gets)', () => {
    const error = (() => {
      try {
        createColumnMapParser({ columns: { sku: '', cost: 'Price', colour: 'x' }, delimiter: '||' } as never);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    const paths = (error as ValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['columns.sku', 'delimiter']));
    expect(() => createColumnMapParser({ columns: { sku: 'a', cost: { column: 'b', transform: 'flag' } } })).toThrow(
      /"flag" does not apply to cost/,
    );
    expect(() => createColumnMapParser({ columns: { sku: 'a', cost: 'b' }, currency: 'usd' })).toThrow(ValidationError);
  });
});
