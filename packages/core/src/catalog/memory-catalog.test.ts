import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { offer } from '../model/__fixtures__/model-fixtures.js';
import { type OfferInput, parseOffer } from '../model/offer.js';
import { createMemoryCatalog } from './memory-catalog.js';

const wps = offer({
  distributor: 'wps',
  sku: 'WPS-1',
  brand: 'Pro Taper',
  mpn: 'PT-100',
  upc: '012345678905',
  title: 'Handlebar',
});
const partsUnlimited = offer({
  distributor: 'parts-unlimited',
  sku: 'PU-1',
  brand: 'PRO TAPER',
  mpn: 'pt100',
  cost: 900,
});
const tuckerRocky = offer({ distributor: 'tucker-rocky', sku: 'TR-1', brand: 'Other', mpn: 'X', upc: '12345678905' });
const unrelated = offer({ distributor: 'wps', sku: 'WPS-2', brand: 'Renthal', mpn: 'R-1' });

const skus = (offers: { distributor: string; sku: string }[]): string[] =>
  offers.map((entry) => `${entry.distributor}:${entry.sku}`).sort();

describe('createMemoryCatalog', () => {
  it('finds every offer of a product across distributors: by brand + MPN and by UPC', async () => {
    const catalog = createMemoryCatalog([wps, partsUnlimited, tuckerRocky, unrelated]);
    expect(catalog.specificationVersion).toBe('v1');
    expect(catalog.size).toBe(4);
    // WPS-1 shares brand + MPN (normalised) with PU-1 and the UPC (leading zero dropped) with TR-1.
    expect(skus(await catalog.findOffers({ sku: 'WPS-1' }))).toEqual([
      'parts-unlimited:PU-1',
      'tucker-rocky:TR-1',
      'wps:WPS-1',
    ]);
    expect(skus(catalog.findOffersSync({ product: { upc: '012345678905' } }))).toEqual([
      'tucker-rocky:TR-1',
      'wps:WPS-1',
    ]);
    expect(skus(catalog.findOffersSync({ product: { brand: 'pro-taper', mpn: 'PT 100' } }))).toEqual([
      'parts-unlimited:PU-1',
      'wps:WPS-1',
    ]);
    expect(skus(catalog.findOffersSync({ sku: 'WPS-2' }))).toEqual(['wps:WPS-2']);
    expect(catalog.findOffersSync({ sku: 'NOPE' })).toEqual([]);
  });

  it('a look-up by SKU finds only direct product matches, before and after writes re-key offers', () => {
    // PU-1 and TR-1 are linked to each other only through WPS-1 (brand + MPN one way, UPC the
    // other): a look-up by PU-1 must not return TR-1, clustered or not.
    const catalog = createMemoryCatalog([wps, partsUnlimited, tuckerRocky, unrelated]);
    expect(skus(catalog.findOffersSync({ sku: 'PU-1' }))).toEqual(['parts-unlimited:PU-1', 'wps:WPS-1']);
    expect(skus(catalog.findOffersSync({ sku: 'TR-1' }))).toEqual(['tucker-rocky:TR-1', 'wps:WPS-1']);
    // A group sharing one key throughout is read as a range: every member, each once.
    const same = ['wps', 'parts-unlimited', 'automatic'].map((distributor, index) =>
      offer({ distributor, sku: `S-${index}`, brand: 'Renthal', mpn: 'FAT-1', upc: '036000291452' }),
    );
    catalog.upsertOffersSync(same);
    expect(skus(catalog.findOffersSync({ sku: 'S-1' }))).toEqual(['automatic:S-2', 'parts-unlimited:S-1', 'wps:S-0']);
    // Re-keying one member (a single upsert does not re-cluster) leaves it out of the product.
    catalog.upsertOffersSync([{ ...same[2]!, brand: 'Renthal', mpn: 'FAT-2', upc: undefined }]);
    expect(skus(catalog.findOffersSync({ sku: 'S-1' }))).toEqual(['parts-unlimited:S-1', 'wps:S-0']);
    expect(catalog.removeOffer('wps', 'S-0')).toBe(true);
    expect(skus(catalog.findOffersSync({ sku: 'S-1' }))).toEqual(['parts-unlimited:S-1']);
  });

  it('returns complete offers equal to what was stored, frozen: a caller cannot change the catalog through them', async () => {
    const catalog = createMemoryCatalog([wps]);
    const stored = await catalog.getOffer('wps', 'WPS-1');
    expect(stored).toEqual(parseOffer(wps));
    expect(() => {
      stored!.stock[0]!.quantity = 0;
    }).toThrow(TypeError);
    expect(() => {
      stored!.cost = 1;
    }).toThrow(TypeError);
    expect(catalog.getOfferSync('wps', 'WPS-1')).toEqual(parseOffer(wps));
    expect(catalog.getOfferSync('wps', 'WPS-1')).not.toBe(stored);
    expect(await catalog.getOffer('parts-unlimited', 'WPS-1')).toBeUndefined();
  });

  it('round-trips every field, floors, lead times and timestamps included', () => {
    const full: OfferInput = {
      distributor: 'automatic',
      sku: 'AD-9',
      brand: 'Moose',
      mpn: 'M-9',
      upc: '00012345678905',
      title: 'Boots',
      currency: 'CAD',
      cost: 12_345,
      dropShipFee: 450,
      estimatedShipping: 990,
      mapPrice: 19_999,
      stock: [
        { warehouse: 'ON', quantity: 25, leadTimeDays: 0, isFloor: true },
        { warehouse: 'BC', quantity: 0, leadTimeDays: 4, isFloor: false },
      ],
      dropShipEligible: false,
      discontinued: true,
      hazardous: true,
      truckOnly: true,
      expiresAt: '2026-12-01T00:00:00+01:00',
      updatedAt: '2026-11-22T06:00:00Z',
    };
    const catalog = createMemoryCatalog([full]);
    expect(catalog.getOfferSync('automatic', 'AD-9')).toEqual(parseOffer(full));
  });

  it('upserts by distributor + SKU, re-indexing a changed product identity', () => {
    const catalog = createMemoryCatalog([wps, partsUnlimited]);
    const result = catalog.upsertOffersSync([
      {
        ...wps,
        brand: 'Renthal',
        mpn: 'R-1',
        upc: undefined,
        cost: 1500,
        stock: [
          { warehouse: 'PA', quantity: 1, leadTimeDays: 0 },
          { warehouse: 'TN', quantity: 2, leadTimeDays: 1 },
          { warehouse: 'ID', quantity: 3, leadTimeDays: 1 },
        ],
      },
    ]);
    expect(result).toEqual({ upserted: 1, retired: 0 });
    expect(catalog.size).toBe(2);
    expect(skus(catalog.findOffersSync({ sku: 'PU-1' }))).toEqual(['parts-unlimited:PU-1']);
    expect(catalog.getOfferSync('wps', 'WPS-1')).toMatchObject({
      cost: 1500,
      brand: 'Renthal',
      upc: undefined,
      stock: [{ warehouse: 'PA' }, { warehouse: 'TN' }, { warehouse: 'ID' }],
    });
  });

  it('replaceOffers retires the distributor’s offers that are not in the new set, and only that distributor’s', async () => {
    const catalog = createMemoryCatalog([wps, unrelated, partsUnlimited]);
    async function* feed() {
      yield parseOffer({ ...wps, cost: 777 });
    }
    expect(await catalog.replaceOffers('wps', feed())).toEqual({ upserted: 1, retired: 1 });
    expect(catalog.size).toBe(2);
    expect(catalog.getOfferSync('wps', 'WPS-2')).toBeUndefined();
    expect(catalog.findOffersSync({ sku: 'WPS-2' })).toEqual([]);
    expect(catalog.getOfferSync('wps', 'WPS-1')?.cost).toBe(777);
    expect(catalog.getOfferSync('parts-unlimited', 'PU-1')).toBeDefined();
    // Retired slots are reused.
    catalog.upsertOffersSync([unrelated]);
    expect(skus([...catalog.offers()])).toEqual(['parts-unlimited:PU-1', 'wps:WPS-1', 'wps:WPS-2']);
  });

  it('a broken feed never wipes a distributor: nothing is retired when an offer is invalid', () => {
    const catalog = createMemoryCatalog([wps, unrelated]);
    expect(() =>
      catalog.replaceOffersSync('wps', [
        { ...wps, cost: 1 },
        { ...unrelated, cost: -5 },
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'validation', issues: [{ path: '1.cost', message: expect.any(String) }] }),
    );
    expect(catalog.size).toBe(2);
    // Nothing of the broken set was written: the valid first offer kept its old cost.
    expect(catalog.getOfferSync('wps', 'WPS-1')?.cost).toBe(wps.cost);
    expect(() => catalog.replaceOffersSync('wps', [partsUnlimited])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: '0.distributor' })] }),
    );
    expect(catalog.getOfferSync('wps', 'WPS-2')).toBeDefined();
  });

  it('writes nothing of an upsert batch that holds an invalid offer', () => {
    const catalog = createMemoryCatalog([wps]);
    expect(() =>
      catalog.upsertOffersSync([
        { ...wps, cost: 1 },
        { ...wps, sku: 'NEW', cost: -5 },
      ]),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: '1.cost' })] }));
    expect(catalog.getOfferSync('wps', 'WPS-1')?.cost).toBe(wps.cost);
    expect(catalog.size).toBe(1);
  });

  it('validates offers and queries with ValidationErrors naming the paths', async () => {
    expect(() =>
      createMemoryCatalog([
        {
          distributor: 'wps',
          sku: 'A',
          currency: 'usd',
          cost: 1.5,
          stock: [{ warehouse: '', quantity: 1 }],
        } as OfferInput,
      ]),
    ).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: '0.currency' }),
          expect.objectContaining({ path: '0.cost' }),
          expect.objectContaining({ path: '0.stock.0.warehouse' }),
        ]),
      }),
    );
    expect(() => createMemoryCatalog(42 as never)).toThrow(ValidationError);
    const catalog = createMemoryCatalog();
    expect(() => catalog.findOffersSync(null as never)).toThrow(ValidationError);
    expect(() => catalog.findOffersSync({ product: 'PT-100' as never })).toThrow(ValidationError);
    await expect(catalog.upsertOffers(null as never)).rejects.toSatisfy(ValidationError.isInstance);
    await expect(catalog.replaceOffers('', [])).rejects.toSatisfy(ValidationError.isInstance);
  });

  it('finds every offer of one product after feeds loaded distributor by distributor', () => {
    const catalog = createMemoryCatalog();
    for (const distributor of ['wps', 'parts-unlimited', 'tucker-rocky']) {
      catalog.replaceOffersSync(
        distributor,
        Array.from({ length: 50 }, (_, product) =>
          offer({ distributor, sku: `${distributor}-${product}`, mpn: `M-${product}` }),
        ),
      );
    }
    for (const product of [0, 17, 49]) {
      expect(skus(catalog.findOffersSync({ sku: `wps-${product}` }))).toEqual([
        `parts-unlimited:parts-unlimited-${product}`,
        `tucker-rocky:tucker-rocky-${product}`,
        `wps:wps-${product}`,
      ]);
    }
  });

  it('removes single offers and keeps the indexes right after many changes', () => {
    const catalog = createMemoryCatalog();
    const offers: OfferInput[] = [];
    for (let index = 0; index < 3000; index++) {
      offers.push(
        offer({
          distributor: ['wps', 'parts-unlimited', 'automatic'][index % 3] as string,
          sku: `S-${index}`,
          mpn: `M-${Math.floor(index / 3)}`,
          stock: Array.from({ length: 1 + (index % 4) }, (_, row) => ({
            warehouse: `W${row}`,
            quantity: row,
            leadTimeDays: 0,
          })),
        }),
      );
    }
    catalog.upsertOffersSync(offers);
    for (let index = 0; index < 3000; index += 2)
      expect(catalog.removeOffer(['wps', 'parts-unlimited', 'automatic'][index % 3] as string, `S-${index}`)).toBe(
        true,
      );
    expect(catalog.removeOffer('wps', 'S-0')).toBe(false);
    // Re-add with more warehouses (forces new stock space and pool compaction).
    catalog.upsertOffersSync(
      offers
        .filter((_, index) => index % 4 === 0)
        .map((entry) => ({
          ...entry,
          stock: Array.from({ length: 6 }, (_, row) => ({ warehouse: `W${row}`, quantity: 10 + row, leadTimeDays: 0 })),
        })),
    );
    expect(catalog.size).toBe(1500 + 750);
    for (let index = 0; index < 3000; index++) {
      const distributor = ['wps', 'parts-unlimited', 'automatic'][index % 3] as string;
      const expected =
        index % 2 === 1
          ? offers[index]
          : index % 4 === 0
            ? {
                ...offers[index],
                stock: Array.from({ length: 6 }, (_, row) => ({
                  warehouse: `W${row}`,
                  quantity: 10 + row,
                  leadTimeDays: 0,
                })),
              }
            : undefined;
      expect(catalog.getOfferSync(distributor, `S-${index}`)).toEqual(
        expected === undefined ? undefined : parseOffer(expected),
      );
    }
    const siblings = catalog.findOffersSync({ product: { brand: 'Pro Taper', mpn: 'M-10' } });
    expect(skus(siblings)).toEqual(['automatic:S-32', 'parts-unlimited:S-31']);
  });
});
