// ingestFeed against @dropship/postgres's catalog (embedded PGlite, in memory): the same
// guarantees as with the in-memory catalog, through a real SQL bulk load.
import { createPostgresCatalog, type PostgresCatalog } from '@dropship/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingSource, memorySource, partsUnlimitedBaseCsv } from './__fixtures__/feed-test-helpers.js';
import { ingestFeed } from './ingest-feed.js';
import { createPartsUnlimitedParser } from './parts-unlimited-price-file-parser.js';

function dayFile(parts: [string, string, string][]): string {
  return partsUnlimitedBaseCsv(
    parts.map(([partNumber, price, upc]) => ({
      'Part Number': partNumber,
      'Base Dealer Price': price,
      'UPC Code': upc,
    })),
  );
}

describe('ingestFeed into the PostgreSQL catalog', () => {
  let catalog: PostgresCatalog;
  beforeAll(async () => {
    catalog = await createPostgresCatalog();
  }, 60_000);
  afterAll(async () => {
    await catalog?.close();
  });

  it('bulk-loads a day, retires what disappeared the next day, and retires nothing when a run breaks', async () => {
    const parser = createPartsUnlimitedParser();
    const first = await ingestFeed({
      distributor: 'parts-unlimited',
      source: memorySource(
        dayFile([
          ['A1', '1.00', '012345678905'],
          ['B2', '2.00', '036000291452'],
          ['C3', '3.00', ''],
        ]),
      ),
      parser,
      catalog,
    });
    expect(first).toMatchObject({ offers: 3, upserted: 3, retired: 0 });

    const broken = dayFile([
      ['A1', '9.99', '012345678905'],
      ['C3', '3.00', ''],
    ]);
    await expect(
      ingestFeed({
        distributor: 'parts-unlimited',
        source: failingSource(broken, broken.indexOf('\r\nC3') + 2, new Error('link down')),
        parser,
        catalog,
      }),
    ).rejects.toThrow('link down');
    expect((await catalog.getOffer('parts-unlimited', 'A1'))?.cost).toBe(100);
    expect(await catalog.getOffer('parts-unlimited', 'B2')).toBeDefined();

    const second = await ingestFeed({ distributor: 'parts-unlimited', source: memorySource(broken), parser, catalog });
    expect(second).toMatchObject({ offers: 2, upserted: 2, retired: 1 });
    expect((await catalog.getOffer('parts-unlimited', 'A1'))?.cost).toBe(999);
    expect(await catalog.getOffer('parts-unlimited', 'B2')).toBeUndefined();
    expect((await catalog.findOffers({ product: { upc: '012345678905' } })).map((offer) => offer.sku)).toEqual(['A1']);
  }, 60_000);

  it('refuses a run that would retire more than maxRetiredShare of the distributor, reading the SKUs held first', async () => {
    const parser = createPartsUnlimitedParser();
    const ten = Array.from({ length: 10 }, (_, index): [string, string, string] => [`G${index}`, '1.00', '']);
    await ingestFeed({ distributor: 'guarded', source: memorySource(dayFile(ten)), parser, catalog });
    const skus: string[] = [];
    for await (const sku of catalog.listSkus('guarded')) skus.push(sku);
    expect(skus.sort()).toEqual(ten.map(([sku]) => sku).sort());

    const three = dayFile(ten.slice(0, 3));
    await expect(ingestFeed({ distributor: 'guarded', source: memorySource(three), parser, catalog })).rejects.toThrow(
      /retire 7 of the 10 guarded offers in the catalog \(70 %\), more than maxRetiredShare \(50 %\)/,
    );
    expect(await catalog.getOffer('guarded', 'G9')).toBeDefined();

    const told = await ingestFeed({
      distributor: 'guarded',
      source: memorySource(three),
      parser,
      catalog,
      maxRetiredShare: 0.7,
    });
    expect(told).toMatchObject({ offers: 3, retired: 7 });
    expect(await catalog.getOffer('guarded', 'G9')).toBeUndefined();
  }, 60_000);
});
