// WPS shapes from https://www.wps-inc.com/data-depot/v4/api/services/items (item fields), https://www.wps-inc.com/data-depot/v4/api/services/inventory (inventory and
// its cap), https://www.wps-inc.com/data-depot/v4/api/helpers/pagination (cursor pagination); served by a loopback server in __fixtures__.
import { AuthenticationError, createMemoryCatalog, parseOffer, ValidationError } from '@dropship/core';
import { listWpsItems } from '@dropship/wps';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAll, testContext } from './__fixtures__/feed-test-helpers.js';
import { startWpsItemsServer, type WpsItemsServer, wpsItem } from './__fixtures__/wps-items-server.js';
import { ingestFeed } from './ingest-feed.js';
import { createIterableSource } from './iterable-source.js';
import { createWpsItemParser, type WpsItemRecord } from './wps-item-parser.js';

const TOKEN = 'wps-sentinel-token-51c0';

let server: WpsItemsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function pages(...items: WpsItemRecord[][]) {
  return createIterableSource('test pages', async function* () {
    yield* items;
  });
}

describe('createWpsItemParser', () => {
  it('maps an item with its inventory to an offer: exact cents, floors at the cap, warehouse codes, rules lead times', async () => {
    const item = wpsItem(0) as unknown as WpsItemRecord;
    const parser = createWpsItemParser({ brandNames: { 135: 'ALL BALLS' } });
    const { offers, rejected } = await parseAll(parser, pages([item]), testContext('wps', { PA2: 3 }));
    expect(rejected).toEqual([]);
    expect(offers).toEqual([
      {
        distributor: 'wps',
        sku: '72-7000',
        brand: 'ALL BALLS',
        mpn: 'BL-0',
        upc: '012345678905',
        title: 'Brake lever 0',
        currency: 'USD',
        cost: 2997,
        dropShipFee: 250,
        estimatedShipping: 0,
        mapPrice: 4495,
        stock: [
          { warehouse: 'CA', quantity: 9, leadTimeDays: 0, isFloor: true },
          { warehouse: 'GA', quantity: 3, leadTimeDays: 0, isFloor: false },
          { warehouse: 'ID', quantity: 0, leadTimeDays: 0, isFloor: false },
          { warehouse: 'IN', quantity: 12, leadTimeDays: 0, isFloor: true },
          { warehouse: 'PA', quantity: 1, leadTimeDays: 0, isFloor: false },
          { warehouse: 'PA2', quantity: 0, leadTimeDays: 3, isFloor: false },
          { warehouse: 'TX', quantity: 2, leadTimeDays: 0, isFloor: false },
        ],
        dropShipEligible: true,
        discontinued: false,
        hazardous: false,
        truckOnly: false,
        expiresAt: undefined,
        updatedAt: '2026-11-22T06:00:00.000Z',
      },
    ]);
    expect(parseOffer(offers[0])).toEqual(JSON.parse(JSON.stringify(offers[0])));
  });

  it('rejects items without a usable dealer price, numbering them by position in the listing', async () => {
    const good = wpsItem(1) as unknown as WpsItemRecord;
    const { offers, rejected } = await parseAll(
      createWpsItemParser({ inventoryCap: 25, discontinuedStatuses: ['NLA'] }),
      pages(
        [good, { ...good, sku: 'NO-PRICE', standard_dealer_price: undefined }],
        [
          { ...good, sku: 'BAD-PRICE', standard_dealer_price: 'TBD' },
          { ...good, sku: 'OLD', status: 'NLA', has_map_policy: false },
          { ...good, sku: 'BAD-QTY', inventory: { data: { ca_warehouse: -1 } } },
        ],
      ),
      testContext('wps'),
    );
    expect(
      offers.map((offer) => [offer.sku, offer.discontinued, offer.mapPrice, offer.stock.some((row) => row.isFloor)]),
    ).toEqual([
      ['72-7001', false, undefined, false],
      ['OLD', true, undefined, false],
    ]);
    expect(rejected).toEqual([
      { line: 2, reason: 'missing-price', message: 'standard_dealer_price is missing', sku: 'NO-PRICE' },
      {
        line: 3,
        reason: 'invalid-price',
        message: 'standard_dealer_price "TBD" is not a non-negative decimal amount',
        sku: 'BAD-PRICE',
      },
      { line: 5, reason: 'invalid-quantity', message: 'ca_warehouse -1 is not a quantity', sku: 'BAD-QTY' },
    ]);
  });

  it('rejects an item whose fields have the wrong type (never a TypeError), and reads null as absent', async () => {
    const good = wpsItem(1) as unknown as WpsItemRecord;
    const wrong = (fields: Record<string, unknown>) => ({ ...good, ...fields }) as unknown as WpsItemRecord;
    const { offers, rejected } = await parseAll(
      createWpsItemParser({ discontinuedStatuses: ['NLA'] }),
      pages([
        wrong({ sku: 'NUMERIC-NAME', name: 0 }),
        wrong({ sku: 'OBJECT-PRICE', standard_dealer_price: { amount: 21 } }),
        wrong({ sku: 'NUMERIC-STATUS', status: 7 }),
        wrong({ sku: 'NULLS', name: null, upc: null, status: null, mapp_price: null, has_map_policy: null }),
      ]),
      testContext('wps'),
    );
    expect(offers.map((offer) => [offer.sku, offer.title, offer.upc, offer.discontinued])).toEqual([
      ['NULLS', undefined, undefined, false],
    ]);
    expect(rejected).toEqual([
      { line: 1, reason: 'invalid-item', message: 'item fields of the wrong type: name', sku: 'NUMERIC-NAME' },
      {
        line: 2,
        reason: 'invalid-item',
        message: 'item fields of the wrong type: standard_dealer_price',
        sku: 'OBJECT-PRICE',
      },
      { line: 3, reason: 'invalid-item', message: 'item fields of the wrong type: status', sku: 'NUMERIC-STATUS' },
    ]);
  });

  it('refuses unknown options', () => {
    expect(() => createWpsItemParser({ inventoryCap: 0 })).toThrow(ValidationError);
    expect(() => createWpsItemParser({ cap: 9 } as never)).toThrow(ValidationError);
  });
});

describe('WPS through the paginated API (listWpsItems + createWpsItemParser)', () => {
  it('follows meta.cursor.next page by page into the catalog and retires items WPS no longer lists', async () => {
    const items = Array.from({ length: 23 }, (_, index) => wpsItem(index));
    server = await startWpsItemsServer(items, TOKEN);
    const catalog = createMemoryCatalog();
    const baseURL = server.baseURL;
    const run = () =>
      ingestFeed({
        distributor: 'wps',
        source: createIterableSource('WPS /items', () => listWpsItems({ apiToken: TOKEN, baseURL, pageSize: 5 })),
        parser: createWpsItemParser(),
        catalog,
      });
    const first = await run();
    expect(first).toMatchObject({ rowsRead: 23, offers: 23, upserted: 23, retired: 0, format: 'wps-items' });
    expect(server.requests.map((query) => query.get('page[size]'))).toEqual(['5', '5', '5', '5', '5']);
    expect(server.requests.every((query) => query.get('include') === 'inventory')).toBe(true);
    expect(server.requests[0]?.has('page[cursor]')).toBe(false);
    expect(server.requests[1]?.get('page[cursor]')).toBe(Buffer.from('5').toString('base64url'));

    items.splice(20, 3);
    const second = await run();
    expect(second).toMatchObject({ rowsRead: 20, upserted: 20, retired: 3 });
    expect(catalog.size).toBe(20);
  });

  it('fails without retiring anything when WPS refuses the token, and never shows it', async () => {
    server = await startWpsItemsServer([wpsItem(0)], TOKEN);
    const catalog = createMemoryCatalog([{ distributor: 'wps', sku: 'KEEP', currency: 'USD', cost: 1 }]);
    const error = await ingestFeed({
      distributor: 'wps',
      source: createIterableSource('WPS /items', () =>
        listWpsItems({ apiToken: `${TOKEN}-old`, baseURL: server?.baseURL, retry: { retries: 0 } }),
      ),
      parser: createWpsItemParser(),
      catalog,
    }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain(TOKEN);
    expect(catalog.size).toBe(1);
  });
});
