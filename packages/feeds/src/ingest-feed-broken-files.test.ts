// Feeds fail whole: a broken file (an unterminated quote, a stray quote swallowing rows), lone-CR
// line ends and a feed that would retire most of a distributor's offers. The promise under test:
// a run that fails retires nothing, and a good file is read whole whatever its line ends.
import { type Catalog, ConfigurationError, createMemoryCatalog, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { memorySource, partsUnlimitedBaseCsv } from './__fixtures__/feed-test-helpers.js';
import { DEFAULT_MAX_RETIRED_SHARE, ingestFeed } from './ingest-feed.js';
import { createPartsUnlimitedParser } from './parts-unlimited-price-file-parser.js';

const DISTRIBUTOR = 'parts-unlimited';

/** A base price file of `count` parts P0001…, each at `price` dollars. */
function dayFile(count: number, price = '10.00', lineEnd = '\r\n', first = 1): string {
  return partsUnlimitedBaseCsv(
    Array.from({ length: count }, (_, index) => ({
      'Part Number': `P${String(first + index).padStart(4, '0')}`,
      'Base Dealer Price': price,
      'Part Description': `LEVER ${first + index}`,
    })),
    { lineEnd },
  );
}

/** A memory catalog holding yesterday's 200 offers, all at $10.00. */
async function catalogWith200(): Promise<ReturnType<typeof createMemoryCatalog>> {
  const catalog = createMemoryCatalog();
  const summary = await ingestFeed({
    distributor: DISTRIBUTOR,
    source: memorySource(dayFile(200), 4096),
    parser: createPartsUnlimitedParser(),
    catalog,
  });
  expect(summary).toMatchObject({ offers: 200, retired: 0 });
  return catalog;
}

function liveCount(catalog: ReturnType<typeof createMemoryCatalog>): number {
  return [...catalog.offers()].filter((offer) => offer.distributor === DISTRIBUTOR).length;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to fail');
}

describe('ingestFeed with a broken CSV file', () => {
  it('fails a feed with an unterminated quote in row 5 of 200 and retires nothing (it used to retire 196)', async () => {
    const catalog = await catalogWith200();
    // Row 5's description opens a quote that is never closed: the rest of the file is one field.
    const broken = dayFile(200, '11.00').replace(',LEVER 5,', ',"LEVER 5,');
    const error = await caught(
      ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(broken, 512),
        parser: createPartsUnlimitedParser(),
        catalog,
        maxRetiredShare: 1, // the CSV check alone must stop it
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'line 6' });
    expect((error as Error).message).toMatch(/never closed/);
    expect(liveCount(catalog)).toBe(200);
  });

  it('fails a feed whose stray quote swallows rows 5 to 150 (a row-count collapse) and retires nothing', async () => {
    const catalog = await catalogWith200();
    // A quote opened in row 5 is closed by a stray quote in row 150: 146 rows read as one record.
    const broken = dayFile(200, '11.00').replace(',LEVER 5,', ',"LEVER 5,').replace(',LEVER 150,', ',LEVER 150",');
    const error = await caught(
      ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(broken, 512),
        parser: createPartsUnlimitedParser(),
        catalog,
        maxRetiredShare: 1,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toBe('line 6');
    expect((error as Error).message).toMatch(/spans 146 lines/);
    expect(liveCount(catalog)).toBe(200);
  });

  it('fails a feed whose stray quote swallows rows 5 to 8 (fewer lines than maxRecordLines) and retires nothing', async () => {
    const catalog = await catalogWith200();
    const broken = dayFile(200, '11.00').replace(',LEVER 5,', ',"LEVER 5,').replace(',LEVER 8,', ',LEVER 8",');
    const error = await caught(
      ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(broken, 512),
        parser: createPartsUnlimitedParser(),
        catalog,
        maxRetiredShare: 1,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/lines 6–9 spans 4 lines and holds a line with 31 separators/);
    expect(liveCount(catalog)).toBe(200);
  });

  it('still reads a quoted description with a few line breaks', async () => {
    const catalog = await catalogWith200();
    const summary = await ingestFeed({
      distributor: DISTRIBUTOR,
      source: memorySource(dayFile(200).replace(',LEVER 5,', ',"LEVER 5\r\nBLACK\r\nSHORT",'), 512),
      parser: createPartsUnlimitedParser(),
      catalog,
    });
    expect(summary).toMatchObject({ rowsRead: 200, offers: 200, retired: 0 });
  });

  it('still rejects a malformed row alone when it stays on its own line', async () => {
    const catalog = await catalogWith200();
    const oneBadRow = dayFile(200).replace(',LEVER 7,', ',"LEVER 7"x,');
    const summary = await ingestFeed({
      distributor: DISTRIBUTOR,
      source: memorySource(oneBadRow, 512),
      parser: createPartsUnlimitedParser(),
      catalog,
    });
    expect(summary).toMatchObject({ rowsRead: 200, offers: 199, retired: 1, rejected: { 'malformed-csv': 1 } });
  });

  it.each([
    ['lone CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reads all 200 rows of a file with %s line ends and retires nothing', async (_name, lineEnd) => {
    // Lone CR used to be read as one 200-line record mixed with the next: 132 of 200 retired.
    const catalog = await catalogWith200();
    for (const chunkSize of [7, 4096]) {
      const summary = await ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(dayFile(200, '12.00', lineEnd), chunkSize),
        parser: createPartsUnlimitedParser(),
        catalog,
      });
      expect(summary).toMatchObject({ rowsRead: 200, offers: 200, retired: 0, rejected: {} });
    }
    expect(liveCount(catalog)).toBe(200);
    expect((await catalog.getOffer(DISTRIBUTOR, 'P0200'))?.cost).toBe(1200);
  });
});

describe('ingestFeed refusing to retire most of a distributor (maxRetiredShare)', () => {
  it(`refuses, by default (${DEFAULT_MAX_RETIRED_SHARE}), a run that would retire 110 of 200 offers, naming the share, and retires nothing`, async () => {
    const catalog = await catalogWith200();
    const error = await caught(
      ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(dayFile(90, '13.00'), 4096),
        parser: createPartsUnlimitedParser(),
        catalog,
      }),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'retired',
        message: expect.stringMatching(
          /retire 110 of the 200 parts-unlimited offers .*\(55 %\).*maxRetiredShare \(50 %\)/,
        ),
      }),
    ]);
    expect((error as Error).message).toMatch(/nothing was retired/);
    expect(liveCount(catalog)).toBe(200);
  });

  it('counts the held SKUs the feed lacks: a feed of 200 new SKUs would retire all 200 held', async () => {
    const catalog = await catalogWith200();
    const error = await caught(
      ingestFeed({
        distributor: DISTRIBUTOR,
        source: memorySource(dayFile(200, '10.00', '\r\n', 1001), 4096),
        parser: createPartsUnlimitedParser(),
        catalog,
      }),
    );
    expect((error as Error).message).toMatch(/retire 200 of the 200 .*\(100 %\)/);
    // Yesterday's offers all stay (the new ones were written as read: a memory catalog upserts
    // while it reads; only retiring waits for the whole set).
    for (const sku of ['P0001', 'P0100', 'P0200']) expect(await catalog.getOffer(DISTRIBUTOR, sku)).toBeDefined();
    expect(liveCount(catalog)).toBe(400);
  });

  it('retires them when told to with a higher share, and never counts other distributors', async () => {
    const catalog = await catalogWith200();
    catalog.upsertOffersSync(
      Array.from({ length: 500 }, (_, index) => ({ distributor: 'wps', sku: `W${index}`, currency: 'USD', cost: 1 })),
    );
    const summary = await ingestFeed({
      distributor: DISTRIBUTOR,
      source: memorySource(dayFile(90, '13.00'), 4096),
      parser: createPartsUnlimitedParser(),
      catalog,
      maxRetiredShare: 0.6,
    });
    expect(summary).toMatchObject({ offers: 90, retired: 110 });
    expect(liveCount(catalog)).toBe(90);
    expect(catalog.size).toBe(590);
  });

  it('allows a run that retires exactly the share', async () => {
    const catalog = await catalogWith200();
    const summary = await ingestFeed({
      distributor: DISTRIBUTOR,
      source: memorySource(dayFile(100), 4096),
      parser: createPartsUnlimitedParser(),
      catalog,
    });
    expect(summary).toMatchObject({ offers: 100, retired: 100 });
  });

  it('refuses a share outside 0–1 before opening the source', async () => {
    const source = memorySource(dayFile(3));
    for (const maxRetiredShare of [-0.1, 1.5, Number.NaN]) {
      const error = await caught(
        ingestFeed({
          distributor: DISTRIBUTOR,
          source,
          parser: createPartsUnlimitedParser(),
          catalog: createMemoryCatalog(),
          maxRetiredShare,
        }),
      );
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['maxRetiredShare']);
    }
    expect(source.opened).toBe(0);
  });

  it('refuses a catalog that cannot list its offers, unless the check is turned off with 1', async () => {
    let replaced = 0;
    const opaque: Catalog = {
      specificationVersion: 'v1',
      findOffers: async () => [],
      getOffer: async () => undefined,
      upsertOffers: async () => ({ upserted: 0, retired: 0 }),
      async replaceOffers(_distributor, offers) {
        replaced++;
        let upserted = 0;
        for await (const _ of offers) upserted++;
        return { upserted, retired: 0 };
      },
    };
    const source = memorySource(dayFile(3));
    const error = await caught(
      ingestFeed({ distributor: DISTRIBUTOR, source, parser: createPartsUnlimitedParser(), catalog: opaque }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/listSkus/);
    expect(source.opened).toBe(0);
    expect(replaced).toBe(0);
    const summary = await ingestFeed({
      distributor: DISTRIBUTOR,
      source,
      parser: createPartsUnlimitedParser(),
      catalog: opaque,
      maxRetiredShare: 1,
    });
    expect(summary.offers).toBe(3);
    expect(replaced).toBe(1);
  });
});
