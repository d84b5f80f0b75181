import { MissingCredentialError, ResponseParseError, ValidationError } from '@dropship/core';
import { createTestServer } from '@dropship/testing';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listWpsItems } from './list-wps-items.js';
import { WPS_DEFAULT_BASE_URL } from './wps-constants.js';

// Shapes of https://www.wps-inc.com/data-depot/v4/api/services/items (item fields), https://www.wps-inc.com/data-depot/v4/api/services/inventory (inventory under `inventory.data`) and https://www.wps-inc.com/data-depot/v4/api/helpers/pagination
// (`page[size]`, `page[cursor]`, `meta.cursor.next` until null).
const TOKEN = 'SENTINEL-WPS-LIST-TOKEN-2b7e';
const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function item(index: number) {
  return {
    id: 100 + index,
    sku: `87-${index}`,
    name: `Item ${index}`,
    upc: 12345678905,
    standard_dealer_price: 12.3,
    has_map_policy: 1,
    mapp_price: '19.99',
    drop_ship_eligible: 'false',
    unexpected_field: 'ignored',
    inventory: { data: { ca_warehouse: '4', pa2_warehouse: 0 } },
  };
}

async function collect(iterable: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const pages: unknown[][] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe('listWpsItems', () => {
  it('pages through GET /items?include=inventory by cursor, with the Bearer token, reading prices as decimal text', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${WPS_DEFAULT_BASE_URL}/items`, ({ request }) => {
        const url = new URL(request.url);
        queries.push(url.searchParams);
        if (request.headers.get('authorization') !== `Bearer ${TOKEN}`)
          return HttpResponse.json({ message: 'Unauthenticated.' }, { status: 401 });
        const cursor = url.searchParams.get('page[cursor]');
        const next = cursor === null ? 'Mg' : null;
        const data = cursor === null ? [item(0), item(1)] : [item(2)];
        return HttpResponse.json({ data, meta: { cursor: { current: cursor, prev: null, next, count: data.length } } });
      }),
    );
    const pages = await collect(listWpsItems({ apiToken: TOKEN, pageSize: 2, updatedSince: '2026-11-01' }));
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(
      queries.map((query) => [
        query.get('include'),
        query.get('page[size]'),
        query.get('page[cursor]'),
        query.get('filter[updated_at][gt]'),
      ]),
    ).toEqual([
      ['inventory', '2', null, '2026-11-01'],
      ['inventory', '2', 'Mg', '2026-11-01'],
    ]);
    expect(pages[0]?.[0]).toEqual({
      id: 100,
      sku: '87-0',
      name: 'Item 0',
      upc: '12345678905',
      standard_dealer_price: '12.3',
      mapp_price: '19.99',
      has_map_policy: true,
      drop_ship_eligible: false,
      brand_id: undefined,
      product_id: undefined,
      supplier_product_id: undefined,
      list_price: undefined,
      drop_ship_fee: undefined,
      status: undefined,
      status_id: undefined,
      updated_at: undefined,
      inventory: { data: { ca_warehouse: 4, pa2_warehouse: 0 } },
    });
  });

  it('stops with ResponseParseError when a cursor comes back (a listing that ended early would look like items disappeared)', async () => {
    server.use(
      http.get(`${WPS_DEFAULT_BASE_URL}/items`, () =>
        HttpResponse.json({ data: [item(0)], meta: { cursor: { current: 'A', prev: null, next: 'A', count: 1 } } }),
      ),
    );
    await expect(collect(listWpsItems({ apiToken: TOKEN }))).rejects.toSatisfy((error) =>
      ResponseParseError.isInstance(error),
    );
  });

  it('names a missing required field of an item', async () => {
    server.use(http.get(`${WPS_DEFAULT_BASE_URL}/items`, () => HttpResponse.json({ data: [{ id: 1 }], meta: null })));
    const error = await collect(listWpsItems({ apiToken: TOKEN })).catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).fields).toContain('data.0.sku');
  });

  it('needs a token and valid listing options', async () => {
    const saved = process.env.WPS_API_TOKEN;
    delete process.env.WPS_API_TOKEN;
    try {
      await expect(collect(listWpsItems())).rejects.toSatisfy((error) => MissingCredentialError.isInstance(error));
    } finally {
      if (saved !== undefined) process.env.WPS_API_TOKEN = saved;
    }
    await expect(collect(listWpsItems({ apiToken: TOKEN, pageSize: 0 }))).rejects.toThrow(ValidationError);
    await expect(collect(listWpsItems({ apiToken: TOKEN, updatedSince: 'yesterday' }))).rejects.toThrow(
      ValidationError,
    );
  });
});
