import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for WPS Data Depot v4 `GET /items` with cursor pagination, following the
 * documented shapes (https://www.wps-inc.com/data-depot/v4/api/services/items): items (fields), `include=inventory` nesting the inventory object under
 * `inventory.data` with `*_warehouse` counts (https://www.wps-inc.com/data-depot/v4/api/services/inventory), `page[size]` / `page[cursor]` and
 * `meta.cursor { current, prev, next, count }` until `next` is null (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination), Bearer auth (https://www.wps-inc.com/data-depot/v4/api/order-processing/overview).
 */
export interface WpsItemsServer {
  /** Base URL (`http://127.0.0.1:<port>`). */
  baseURL: string;
  /** Query strings of the requests received. */
  requests: URLSearchParams[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the server over `items`; `token` is the only Bearer token accepted. */
export async function startWpsItemsServer(
  items: readonly Record<string, unknown>[],
  token: string,
): Promise<WpsItemsServer> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.searchParams);
    response.setHeader('content-type', 'application/json');
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401);
      return void response.end(JSON.stringify({ message: 'Unauthenticated.' }));
    }
    if (url.pathname !== '/items') {
      response.writeHead(404);
      return void response.end('{}');
    }
    const size = Number(url.searchParams.get('page[size]') ?? '10');
    const offset = Number(Buffer.from(url.searchParams.get('page[cursor]') ?? 'MA', 'base64url').toString() || '0');
    const withInventory = (url.searchParams.get('include') ?? '').split(',').includes('inventory');
    const page = items.slice(offset, offset + size).map((item) => {
      if (withInventory) return item;
      const { inventory: _inventory, ...rest } = item;
      return rest;
    });
    const nextOffset = offset + size;
    const cursor = (value: number) => Buffer.from(String(value)).toString('base64url');
    response.writeHead(200);
    response.end(
      JSON.stringify({
        data: page,
        meta: {
          cursor: {
            current: cursor(offset),
            prev: offset > 0 ? cursor(Math.max(0, offset - size)) : null,
            next: nextOffset < items.length ? cursor(nextOffset) : null,
            count: page.length,
          },
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A WPS item as the Data Depot docs show it (item fields, inventory), with overrides. */
export function wpsItem(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const sku = `72-${String(7000 + index)}`;
  return {
    id: 26000 + index,
    brand_id: 135,
    sku,
    name: `Brake lever ${index}`,
    supplier_product_id: `BL-${index}`,
    upc: '012345678905',
    list_price: '49.95',
    standard_dealer_price: '29.97',
    mapp_price: '44.95',
    has_map_policy: index % 2 === 0,
    drop_ship_fee: '2.50',
    drop_ship_eligible: true,
    status: 'STK',
    inventory: {
      data: {
        id: 88000 + index,
        item_id: 26000 + index,
        sku,
        ca_warehouse: 9,
        ga_warehouse: 3,
        id_warehouse: 0,
        in_warehouse: 12,
        pa_warehouse: 1,
        pa2_warehouse: 0,
        tx_warehouse: '2',
        total: 27,
      },
    },
    ...overrides,
  };
}
