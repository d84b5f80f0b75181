// Layouts from third-party clients (not documented by the vendor) (BasePriceFile.csv headers, dealer file
// headers, availability values, status and hazardous code lists) and their warehouse columns.
import { offerSchema, parseOffer, ValidationError } from '@dropship/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  memorySource,
  parseAll,
  partsUnlimitedBaseCsv,
  partsUnlimitedDealerCsv,
  testContext,
} from './__fixtures__/feed-test-helpers.js';
import { partsUnlimitedBaseColumns } from './__fixtures__/generate-parts-unlimited-files.js';
import { createPartsUnlimitedParser } from './parts-unlimited-price-file-parser.js';

describe('createPartsUnlimitedParser', () => {
  it('turns a base row joined with the dealer file into a complete, valid offer', async () => {
    const base = partsUnlimitedBaseCsv([{ 'Ad Policy': 'Y' }]);
    const dealer = partsUnlimitedDealerCsv([['01011234', '26.10']]);
    const parser = createPartsUnlimitedParser({ dealerFile: memorySource(dealer) });
    const { offers, rejected, rowsRead } = await parseAll(
      parser,
      memorySource(base),
      testContext('parts-unlimited', { NC: 2 }),
    );
    expect(rejected).toEqual([]);
    expect(rowsRead).toBe(1);
    expect(offers).toEqual([
      {
        distributor: 'parts-unlimited',
        sku: '01011234',
        brand: 'MOOSE RACING',
        mpn: 'M123-44',
        upc: '012345678905',
        title: 'BRAKE LEVER BLACK',
        currency: 'USD',
        cost: 2610,
        dropShipFee: 0,
        estimatedShipping: 0,
        mapPrice: 4495,
        stock: [
          { warehouse: 'WI', quantity: 3, leadTimeDays: 0, isFloor: false },
          { warehouse: 'NY', quantity: 0, leadTimeDays: 0, isFloor: false },
          { warehouse: 'NV', quantity: 1, leadTimeDays: 0, isFloor: true },
          { warehouse: 'NC', quantity: 12, leadTimeDays: 2, isFloor: false },
        ],
        dropShipEligible: true,
        discontinued: false,
        hazardous: false,
        truckOnly: false,
        expiresAt: undefined,
        updatedAt: '2026-11-22T06:00:00.000Z',
      },
    ]);
    // What the parser builds is exactly what core's schema accepts (nothing to coerce or default).
    expect(parseOffer(offers[0])).toEqual(JSON.parse(JSON.stringify(offers[0])));
  });

  it('reads status codes, hazardous codes, truck-only and MAP flags', async () => {
    const base = partsUnlimitedBaseCsv([
      { 'Part Number': 'D1', 'Part Status': 'D' },
      { 'Part Number': 'W1', 'Part Status': 'W' },
      { 'Part Number': 'C1', 'Part Status': 'C' },
      { 'Part Number': 'NEW1', 'Part Status': 'NEW' },
      { 'Part Number': 'H1', 'Hazardous Code': 'L' },
      { 'Part Number': 'T1', 'Truck Part Only': 'Y' },
      { 'Part Number': 'M1', 'Ad Policy': 'N' },
    ]);
    const { offers } = await parseAll(createPartsUnlimitedParser(), memorySource(base));
    const bySku = Object.fromEntries(offers.map((offer) => [offer.sku, offer]));
    expect(bySku.D1).toMatchObject({ discontinued: true, dropShipEligible: true });
    expect(bySku.W1).toMatchObject({ discontinued: false, dropShipEligible: false });
    expect(bySku.C1).toMatchObject({ discontinued: false, dropShipEligible: true });
    expect(bySku.NEW1).toMatchObject({ discontinued: false, dropShipEligible: true });
    expect(bySku.H1).toMatchObject({ hazardous: true, truckOnly: false });
    expect(bySku.T1).toMatchObject({ hazardous: false, truckOnly: true });
    expect(bySku.M1?.mapPrice).toBeUndefined();
  });

  it('without a dealer file costs at Base Dealer Price; with one, falls back to it (and says so) or rejects, as configured', async () => {
    const base = partsUnlimitedBaseCsv([
      { 'Part Number': 'A1' },
      { 'Part Number': 'B2', 'Base Dealer Price': '10.00' },
    ]);
    const noDealer = await parseAll(createPartsUnlimitedParser(), memorySource(base));
    expect(noDealer.offers.map((offer) => offer.cost)).toEqual([2997, 1000]);
    expect(noDealer.warnings).toEqual({});

    const dealer = memorySource(
      partsUnlimitedDealerCsv([
        ['A1', '25.00'],
        ['B2', '0.00'],
      ]),
    );
    const fallback = await parseAll(createPartsUnlimitedParser({ dealerFile: dealer }), memorySource(base));
    expect(fallback.offers.map((offer) => offer.cost)).toEqual([2500, 1000]);
    expect(fallback.warnings).toEqual({ 'dealer-price-missing': 1 });

    const strict = await parseAll(
      createPartsUnlimitedParser({ dealerFile: dealer, missingDealerPrice: 'reject' }),
      memorySource(base),
    );
    expect(strict.offers.map((offer) => offer.sku)).toEqual(['A1']);
    expect(strict.rejected).toEqual([
      { line: 3, reason: 'missing-dealer-price', message: 'the dealer price file has no price for B2', sku: 'B2' },
    ]);
  });

  it('reports every bad row with its line number and reason, and keeps the good ones', async () => {
    const good = partsUnlimitedBaseCsv([{ 'Part Number': 'OK1' }]).split('\r\n');
    const shortRow = good[1]?.split(',').slice(0, 20).join(',');
    const text = [
      good[0],
      good[1],
      shortRow,
      partsUnlimitedBaseCsv([{ 'Part Number': 'BADPRICE', 'Base Dealer Price': '12.3.4' }]).split('\r\n')[1],
      partsUnlimitedBaseCsv([{ 'Part Number': 'BADQTY', 'WI Availability': 'lots' }]).split('\r\n')[1],
      partsUnlimitedBaseCsv([{ 'Part Number': '  ' }]).split('\r\n')[1],
      partsUnlimitedBaseCsv([{ 'Part Number': 'NOPRICE', 'Base Dealer Price': '' }]).split('\r\n')[1],
      partsUnlimitedBaseCsv([{ 'Part Number': 'OK2' }]).split('\r\n')[1],
      '',
    ].join('\r\n');
    const { offers, rejected, rowsRead } = await parseAll(createPartsUnlimitedParser(), memorySource(text, 5));
    expect(offers.map((offer) => offer.sku)).toEqual(['OK1', 'OK2']);
    expect(rowsRead).toBe(7);
    expect(rejected).toEqual([
      {
        line: 3,
        reason: 'column-count',
        message: `expected ${partsUnlimitedBaseColumns.length} columns as in the header, found 20`,
      },
      {
        line: 4,
        reason: 'invalid-price',
        message: 'Base Dealer Price "12.3.4" is not a non-negative decimal amount',
        sku: 'BADPRICE',
      },
      { line: 5, reason: 'invalid-quantity', message: 'WI Availability "lots" is not a quantity', sku: 'BADQTY' },
      { line: 6, reason: 'missing-sku', message: 'Part Number is empty' },
      { line: 7, reason: 'missing-price', message: 'Base Dealer Price is empty', sku: 'NOPRICE' },
    ]);
  });

  it('reads quoted fields with commas and line breaks, a byte-order mark and LF line ends, keeping line numbers physical', async () => {
    const text = `\uFEFF${partsUnlimitedBaseCsv(
      [
        { 'Part Number': 'Q1', 'Part Description': 'LEVER, "SHORTY"\nBLACK' },
        { 'Part Number': 'Q2', 'Base Dealer Price': 'oops' },
      ],
      { lineEnd: '\n' },
    )}`;
    const { offers, rejected } = await parseAll(
      createPartsUnlimitedParser({ encoding: 'utf-8' }),
      memorySource(text, 3),
    );
    expect(offers.map((offer) => [offer.sku, offer.title])).toEqual([['Q1', 'LEVER, "SHORTY"\nBLACK']]);
    expect(rejected.map((rejection) => [rejection.line, rejection.reason])).toEqual([[4, 'invalid-price']]);
  });

  it('ignores a bad UPC or MAP amount without losing the offer, counting a warning', async () => {
    const base = partsUnlimitedBaseCsv([{ 'UPC Code': '12345', 'Ad Policy': 'Y', 'Current Suggested Retail': 'call' }]);
    const { offers, warnings } = await parseAll(createPartsUnlimitedParser(), memorySource(base));
    expect(offers).toHaveLength(1);
    expect(offers[0]?.upc).toBeUndefined();
    expect(offers[0]?.mapPrice).toBeUndefined();
    expect(warnings).toEqual({ 'invalid-upc-ignored': 1, 'invalid-map-price-ignored': 1 });
  });

  it('works without the auxiliary columns (brand, UPC) the price-file request may leave out', async () => {
    const columns = partsUnlimitedBaseColumns.filter((column) => column !== 'Brand Name' && column !== 'UPC Code');
    const { offers } = await parseAll(
      createPartsUnlimitedParser(),
      memorySource(partsUnlimitedBaseCsv([{}], { columns })),
    );
    expect(offers[0]).toMatchObject({ sku: '01011234', brand: undefined, upc: undefined, cost: 2997 });
  });

  it('reports dealer-file rows it cannot use, with the file named, and still ingests the base file', async () => {
    const dealer = memorySource(
      `${partsUnlimitedDealerCsv([
        ['A1', 'twelve'],
        ['A2', '-1.00'],
      ])}`,
    );
    const base = partsUnlimitedBaseCsv([{ 'Part Number': 'A1' }]);
    const { offers, rejected, rowsRead } = await parseAll(
      createPartsUnlimitedParser({ dealerFile: dealer }),
      memorySource(base),
    );
    expect(offers.map((offer) => offer.cost)).toEqual([2997]);
    expect(rowsRead).toBe(1);
    expect(rejected).toEqual([
      {
        line: 2,
        reason: 'dealer-invalid-price',
        message: 'Your Dealer Price "twelve" is not a decimal amount',
        sku: 'A1',
        file: 'dealer price file',
      },
      {
        line: 3,
        reason: 'dealer-invalid-price',
        message: 'Your Dealer Price "-1.00" is negative',
        sku: 'A2',
        file: 'dealer price file',
      },
    ]);
  });

  it('fails on a file without its required columns, naming each missing one (the file is not a price file)', async () => {
    const wrong = 'Item,Cost\r\nA,1\r\n';
    const error = await parseAll(createPartsUnlimitedParser(), memorySource(wrong)).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
      'header.Part Number',
      'header.Base Dealer Price',
    ]);
    await expect(parseAll(createPartsUnlimitedParser(), memorySource(''))).rejects.toThrow(
      /required column "Part Number" is missing/,
    );
    const dealerWithoutPrice = memorySource('Part Number,Punctuated Part Number\r\nA,A\r\n');
    await expect(
      parseAll(
        createPartsUnlimitedParser({ dealerFile: dealerWithoutPrice }),
        memorySource(partsUnlimitedBaseCsv([{}])),
      ),
    ).rejects.toThrow(/Your Dealer Price/);
  });

  it('accounts for every row (an offer the schema accepts as is, or a rejection with its line), whatever the values', async () => {
    const value = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        'N/A',
        '+',
        '12+',
        '7',
        '0',
        '-3',
        'abc',
        '12.50',
        '$1,234.5',
        '1e3',
        'Y',
        'D',
        'W',
        'L',
        '012345678905',
        'x,y',
        'say "hi"',
        'two\nlines',
      ),
      fc.string({ maxLength: 6 }),
    );
    const columns = [
      'Part Number',
      'Base Dealer Price',
      'WI Availability',
      'NV Availability',
      'Part Status',
      'Hazardous Code',
      'Truck Part Only',
      'Ad Policy',
      'Current Suggested Retail',
      'UPC Code',
      'Brand Name',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(...columns.map(() => value)), { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 40 }),
        async (rows, chunk) => {
          const text = partsUnlimitedBaseCsv(
            rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index] as string]))),
          );
          const { offers, rejected, rowsRead } = await parseAll(
            createPartsUnlimitedParser({ encoding: 'utf-8' }),
            memorySource(text, chunk),
          );
          expect(rowsRead).toBe(rows.length);
          expect(offers.length + rejected.length).toBe(rows.length);
          for (const offer of offers) expect(offerSchema.safeParse(offer).success).toBe(true);
          expect(new Set(rejected.map((rejection) => rejection.line)).size).toBe(rejected.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('validates its options strictly', () => {
    expect(() => createPartsUnlimitedParser({ plusQuantity: -1 })).toThrow(ValidationError);
    expect(() => createPartsUnlimitedParser({ dealerFile: 'file.csv' as never })).toThrow(/feed source/);
    expect(() => createPartsUnlimitedParser({ dealerfile: {} } as never)).toThrow(ValidationError);
  });

  it('honours configured code lists, warehouses and a bare "+" worth', async () => {
    const base = partsUnlimitedBaseCsv([
      { 'Part Status': 'X', 'Hazardous Code': 'N', 'Truck Part Only': 'T', 'NV Availability': '+' },
    ]);
    const parser = createPartsUnlimitedParser({
      discontinuedStatuses: ['X'],
      nonHazardousCodes: ['N'],
      truckOnlyValues: ['Y'],
      warehouses: { NV: 'NV Availability' },
      plusQuantity: 10,
      dropShipFee: 350,
    });
    const { offers } = await parseAll(parser, memorySource(base));
    expect(offers[0]).toMatchObject({
      discontinued: true,
      hazardous: false,
      truckOnly: false,
      dropShipFee: 350,
      stock: [{ warehouse: 'NV', quantity: 10, isFloor: true, leadTimeDays: 0 }],
    });
  });
});
