import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createReferenceDistributorSimulator } from './reference/reference-distributor-simulator.js';
import { type ServedHandlers, serveHandlers } from './serve-handlers.js';

const opened: ServedHandlers[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((served) => served.close()));
});

async function serve(...args: Parameters<typeof serveHandlers>): Promise<ServedHandlers> {
  const served = await serveHandlers(...args);
  opened.push(served);
  return served;
}

describe('serveHandlers', () => {
  it('serves a simulator over real HTTP at its base URL path, with its state in this process', async () => {
    const simulator = createReferenceDistributorSimulator({ baseURL: 'https://api.reference-distributor.test/api' });
    simulator.addProduct({ sku: 'RD-1', stock: { east: 4 } });
    const served = await serve(simulator.handlers, { baseURL: simulator.baseURL });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);

    const created = await fetch(`${served.url}/v1/orders`, {
      method: 'POST',
      headers: { 'x-api-key': simulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ po_number: 'PO-1', lines: [{ sku: 'RD-1', quantity: 1 }] }),
    });
    expect(created.status).toBe(201);
    expect(simulator.orderCount('PO-1')).toBe(1);

    const stock = await fetch(`${served.url}/v1/stock?sku=RD-1`, { headers: { 'x-api-key': simulator.apiKey } });
    expect(await stock.json()).toEqual({ items: [{ sku: 'RD-1', warehouses: [{ code: 'east', available: 4 }] }] });

    const refused = await fetch(`${served.url}/v1/stock?sku=RD-1`, { headers: { 'x-api-key': 'wrong' } });
    expect(refused.status).toBe(401);
  });

  it('answers 501 naming the request when no handler matches', async () => {
    const served = await serve([http.get('https://example.test/known', () => HttpResponse.json({ ok: true }))], {
      baseURL: 'https://example.test',
    });
    const response = await fetch(`${served.url}/unknown?x=1`);
    expect(response.status).toBe(501);
    expect(await response.text()).toContain('GET https://example.test/unknown?x=1');
  });

  it('drops the connection for HttpResponse.error(), as the simulators mean a network failure', async () => {
    const served = await serve([http.get('https://example.test/drop', () => HttpResponse.error())], {
      baseURL: 'https://example.test',
    });
    await expect(fetch(`${served.url}/drop`)).rejects.toThrow();
  });

  it('lets a middleware act after the handlers and stall the caller; close drops the stalled call', async () => {
    const simulator = createReferenceDistributorSimulator();
    simulator.addProduct({ sku: 'RD-1', stock: { east: 4 } });
    let acted: () => void = () => {};
    const actedOnce = new Promise<void>((resolve) => {
      acted = resolve;
    });
    const served = await serve(simulator.handlers, {
      baseURL: simulator.baseURL,
      middleware: async (request, next) => {
        if (request.method !== 'POST') return next(request);
        await next(request); // the simulator places the order...
        acted();
        return new Promise<Response>(() => {}); // ...and the answer never comes
      },
    });
    const pending = fetch(`${served.url}/v1/orders`, {
      method: 'POST',
      headers: { 'x-api-key': simulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ po_number: 'PO-2', lines: [{ sku: 'RD-1', quantity: 1 }] }),
    });
    await actedOnce;
    expect(simulator.orderCount('PO-2')).toBe(1);
    await served.close();
    await expect(pending).rejects.toThrow();
  });

  it('passes requests on unchanged without a base URL, headers and body included', async () => {
    const served = await serve([
      http.post('*/echo', async ({ request }) =>
        HttpResponse.json(
          { header: request.headers.get('x-test'), body: await request.text() },
          { headers: { 'set-cookie': 'a=1' } },
        ),
      ),
    ]);
    const response = await fetch(`${served.url}/echo`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(await response.json()).toEqual({ header: 'yes', body: 'hello' });
    expect(response.headers.get('set-cookie')).toBe('a=1');
  });
});
