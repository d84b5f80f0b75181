import { type Catalog, ConfigurationError, createMemoryCatalog, type Offer, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import {
  createCountingCatalog,
  failingSource,
  memorySource,
  partsUnlimitedBaseCsv,
  partsUnlimitedDealerCsv,
} from './__fixtures__/feed-test-helpers.js';
import type { FeedProgress } from './ingest-feed.js';
import { ingestFeed } from './ingest-feed.js';
import { createPartsUnlimitedParser } from './parts-unlimited-price-file-parser.js';

const now = () => new Date('2026-11-22T06:00:00.000Z');

function dayFile(parts: [string, string, string][]): string {
  return partsUnlimitedBaseCsv(
    parts.map(([partNumber, price, wi]) => ({
      'Part Number': partNumber,
      'Base Dealer Price': price,
      'WI Availability': wi,
    })),
  );
}

async function skus(catalog: ReturnType<typeof createMemoryCatalog>): Promise<string[]> {
  return [...catalog.offers()].map((offer) => offer.sku).sort();
}

describe('ingestFeed', () => {
  it("replaces yesterday's prices and stock in place and retires what disappeared, leaving other distributors alone", async () => {
    const catalog = createMemoryCatalog([
      { distributor: 'wps', sku: 'W-1', currency: 'USD', cost: 100, upc: '012345678905' },
    ]);
    const parser = createPartsUnlimitedParser();
    const first = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '10.00', '5'],
          ['B2', '20.00', '1'],
          ['C3', '30.00', '0'],
        ]),
      ),
      parser,
      catalog,
      now,
    });
    expect(first).toMatchObject({ rowsRead: 3, offers: 3, upserted: 3, retired: 0, rejected: {} });
    const second = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '11.50', '0'],
          ['C3', '30.00', '7'],
        ]),
      ),
      parser,
      catalog,
      now,
    });
    expect(second).toMatchObject({ rowsRead: 2, offers: 2, upserted: 2, retired: 1 });
    expect(await skus(catalog)).toEqual(['A1', 'C3', 'W-1']);
    const a1 = await catalog.getOffer('parts-unlimited', 'A1');
    expect(a1?.cost).toBe(1150);
    expect(a1?.stock.find((row) => row.warehouse === 'WI')?.quantity).toBe(0);
    expect(
      (await catalog.getOffer('parts-unlimited', 'C3'))?.stock.find((row) => row.warehouse === 'WI')?.quantity,
    ).toBe(7);
    // The same product from two distributors is found by product key (UPC) for SKU swapping.
    expect(
      (await catalog.findOffers({ sku: 'W-1' })).map((offer) => `${offer.distributor}:${offer.sku}`).sort(),
    ).toEqual(['parts-unlimited:A1', 'parts-unlimited:C3', 'wps:W-1']);
  });

  it('retires nothing when the source fails midway, and lets the error through', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '1.00', '1'],
          ['B2', '2.00', '2'],
        ]),
      ),
      parser,
      catalog,
    });
    const broken = dayFile([
      ['A1', '9.99', '1'],
      ['B2', '2.00', '2'],
      ['C3', '3.00', '3'],
    ]);
    const cut = broken.indexOf('\r\nB2') + 2;
    await expect(
      ingestFeed({
        distributor: 'parts-unlimited',
        source: failingSource(broken, cut, new Error('connection reset')),
        parser,
        catalog,
      }),
    ).rejects.toThrow('connection reset');
    expect(await skus(catalog)).toEqual(['A1', 'B2']);
  });

  it('retires nothing when the file yields no offers or mostly rejected rows (a changed layout), explaining why', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '1.00', '1'],
          ['B2', '2.00', '2'],
        ]),
      ),
      parser,
      catalog,
    });

    const empty = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile([])),
      parser,
      catalog,
    }).catch((error: unknown) => error);
    expect(ValidationError.isInstance(empty)).toBe(true);
    expect(String((empty as Error).message)).toMatch(/nothing was retired[\s\S]*produced 0 offers/);

    const mostlyBad = dayFile([
      ['A1', '1.00', '1'],
      ['B2', 'n/a', '2'],
      ['C3', 'n/a', '3'],
    ]);
    const error = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(mostlyBad),
      parser,
      catalog,
    }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.message).toMatch(/2 of 3 rows were rejected \(invalid-price 2\)/);
    expect(await skus(catalog)).toEqual(['A1', 'B2']);

    // The share can be raised for a feed known to carry many unusable rows.
    const accepted = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(mostlyBad),
      parser,
      catalog,
      maxRejectedShare: 1,
    });
    expect(accepted).toMatchObject({ offers: 1, retired: 1, rejected: { 'invalid-price': 2 } });
  });

  it('summarises rows, offers, rejections by reason with bounded samples, warnings and the catalog result', async () => {
    const rows: [string, string, string][] = [];
    for (let index = 0; index < 30; index++) rows.push([`P${index}`, index % 3 === 0 ? 'bad' : '5.00', '1']);
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile(rows), 64, 'test file'),
      parser: createPartsUnlimitedParser({ dealerFile: memorySource(partsUnlimitedDealerCsv([['P1', '4.00']])) }),
      catalog: createMemoryCatalog(),
      maxRejectedSamples: 3,
      now,
    });
    expect(summary).toMatchObject({
      distributor: 'parts-unlimited',
      source: 'test file',
      format: 'parts-unlimited-price-file',
      mode: 'replace',
      rowsRead: 30,
      offers: 20,
      rejected: { 'invalid-price': 10 },
      warnings: { 'dealer-price-missing': 19 },
      upserted: 20,
      retired: 0,
    });
    expect(summary.rejectedSamples).toEqual([
      {
        line: 2,
        reason: 'invalid-price',
        message: 'Base Dealer Price "bad" is not a non-negative decimal amount',
        sku: 'P0',
      },
      {
        line: 5,
        reason: 'invalid-price',
        message: 'Base Dealer Price "bad" is not a non-negative decimal amount',
        sku: 'P3',
      },
      {
        line: 8,
        reason: 'invalid-price',
        message: 'Base Dealer Price "bad" is not a non-negative decimal amount',
        sku: 'P6',
      },
    ]);
    expect(summary.bytesRead).toBe(Buffer.byteLength(dayFile(rows)));
    expect(summary.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('takes per-warehouse lead times from the inventory rules and stamps updatedAt / expiresAt', async () => {
    const catalog = createMemoryCatalog();
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile([['A1', '1.00', '4']])),
      parser: createPartsUnlimitedParser(),
      catalog,
      rules: { warehouses: { 'parts-unlimited': { WI: { leadTimeDays: 3 } }, wps: { NC: { leadTimeDays: 9 } } } },
      expiresAfterHours: 36,
      now,
    });
    const offer = (await catalog.getOffer('parts-unlimited', 'A1')) as Offer;
    expect(offer.stock.map((row) => [row.warehouse, row.leadTimeDays])).toEqual([
      ['WI', 3],
      ['NY', 0],
      ['NV', 0],
      ['NC', 0],
    ]);
    expect(offer.updatedAt).toBe('2026-11-22T06:00:00.000Z');
    expect(offer.expiresAt).toBe('2026-11-23T18:00:00.000Z');
  });

  it('upsert mode updates without retiring anything', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '1.00', '1'],
          ['B2', '2.00', '2'],
        ]),
      ),
      parser,
      catalog,
    });
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile([['A1', '3.00', '1']])),
      parser,
      catalog,
      mode: 'upsert',
    });
    expect(summary).toMatchObject({ mode: 'upsert', upserted: 1, retired: 0 });
    expect(await skus(catalog)).toEqual(['A1', 'B2']);
    expect((await catalog.getOffer('parts-unlimited', 'A1'))?.cost).toBe(300);
  });

  it('reports progress with rows per second, throttled, and a final report marked done', async () => {
    const rows: [string, string, string][] = Array.from({ length: 50 }, (_, index) => [`P${index}`, '1.00', '1']);
    const reports: FeedProgress[] = [];
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile(rows), 200, 'progress file'),
      parser: createPartsUnlimitedParser(),
      catalog: createCountingCatalog(),
      progressIntervalMs: 0,
      onProgress: (progress) => {
        reports.push(progress);
        throw new Error('a broken progress hook does not break the run');
      },
    });
    expect(reports.length).toBeGreaterThan(2);
    const last = reports.at(-1) as FeedProgress;
    expect(last).toMatchObject({
      done: true,
      rowsRead: 50,
      offers: 50,
      rejected: 0,
      source: 'progress file',
      distributor: 'parts-unlimited',
    });
    expect(last.rowsPerSecond).toBeGreaterThan(0);
    expect(reports.slice(0, -1).every((report) => !report.done)).toBe(true);
    expect(reports.map((report) => report.rowsRead)).toEqual(
      [...reports.map((report) => report.rowsRead)].sort((left, right) => left - right),
    );
  });

  it('does not open the source when the options are invalid, listing every problem', async () => {
    const source = memorySource(dayFile([['A1', '1.00', '1']]));
    const error = await ingestFeed({
      distributor: ' ',
      source,
      parser: createPartsUnlimitedParser(),
      catalog: {} as Catalog,
      maxRejectedShare: 2,
    }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'catalog',
      'distributor',
      'maxRejectedShare',
    ]);
    expect(source.opened).toBe(0);
    await expect(
      ingestFeed({
        distributor: 'x',
        source,
        parser: createPartsUnlimitedParser(),
        catalog: createCountingCatalog(),
        rules: { maxLeadTimeDays: -1 },
      }),
    ).rejects.toThrow(/inventory rules/);
  });

  it('reports a catalog that returns before reading the whole feed (it must not retire on a partial set)', async () => {
    const lazy: Catalog = {
      ...createCountingCatalog(),
      async replaceOffers(_distributor, offers) {
        for await (const _ of offers) break;
        return { upserted: 1, retired: 5 };
      },
    };
    await expect(
      ingestFeed({
        distributor: 'parts-unlimited',
        source: memorySource(
          dayFile([
            ['A1', '1.00', '1'],
            ['B2', '1.00', '1'],
          ]),
        ),
        parser: createPartsUnlimitedParser(),
        catalog: lazy,
      }),
    ).rejects.toThrow(ConfigurationError);
  });

  it('stops on abort without retiring anything', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '1.00', '1'],
          ['B2', '2.00', '2'],
        ]),
      ),
      parser,
      catalog,
    });
    const controller = new AbortController();
    const reason = new Error('operator stopped the run');
    const run = ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(dayFile([['A1', '1.00', '1']]), 4),
      parser,
      catalog,
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: () => controller.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
    expect(await skus(catalog)).toEqual(['A1', 'B2']);
  });
});
