import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer } from './create-test-server.js';
import { respondInSequence } from './response-sequence.js';

describe('createTestServer', () => {
  const server = createTestServer(
    { redact: ['DEALER-998877'] },
    http.get('https://api.test/stock', () => HttpResponse.json({ ok: true })),
    http.post('https://api.test/orders', () => HttpResponse.json({ ok: true }, { status: 201 })),
  );
  beforeAll(() => server.listen());
  afterAll(() => server.close());

  it('records method, redacted URL and redacted body, and remembers the secrets seen on the wire', async () => {
    server.clearCalls();
    await fetch('https://api.test/stock?apikey=SENTINEL-QUERY-KEY&cust=SENTINEL-CUST&item=A1');
    await fetch('https://api.test/orders', {
      method: 'POST',
      headers: { Authorization: 'Bearer SENTINEL-BEARER-TOKEN', 'content-type': 'application/json' },
      body: JSON.stringify({ dealer: 'DEALER-998877', token: 'SENTINEL-BEARER-TOKEN', po: 'PO1' }),
    });
    const calls = server.calls();
    expect(calls.map((call) => [call.method, call.path])).toEqual([
      ['GET', '/stock'],
      ['POST', '/orders'],
    ]);
    expect(calls[0]?.url).toBe('https://api.test/stock?apikey=[REDACTED]&cust=[REDACTED]&item=A1');
    expect(calls[1]?.body).toBe('{"dealer":"[REDACTED]","token":"[REDACTED]","po":"PO1"}');
    expect(server.calls({ method: 'post', path: /orders/ })).toHaveLength(1);
    expect(server.observedSecrets()).toEqual(
      expect.arrayContaining(['SENTINEL-QUERY-KEY', 'SENTINEL-CUST', 'SENTINEL-BEARER-TOKEN']),
    );
  });

  it('learns and redacts credentials sent only in a body (JSON fields or a form)', async () => {
    server.clearCalls();
    await fetch('https://api.test/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        dealer_number: 'BODY-DEALER-4242',
        order: { client_secret: 'BODY-SECRET-777' },
        po: 'PO2',
      }),
    });
    await fetch('https://api.test/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=BODY-REFRESH-999',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const bodies = server.calls().map((call) => call.body ?? '');
    expect(bodies.join()).not.toMatch(/BODY-DEALER-4242|BODY-SECRET-777|BODY-REFRESH-999/);
    expect(bodies[0]).toContain('"po":"PO2"');
    expect(server.observedSecrets()).toEqual(
      expect.arrayContaining(['BODY-DEALER-4242', 'BODY-SECRET-777', 'BODY-REFRESH-999']),
    );
  });

  it('fails a request no handler answers', async () => {
    await expect(fetch('https://api.test/unknown')).rejects.toThrow();
  });

  it('replaces handlers for one test with use, and clears them with resetHandlers', async () => {
    server.use(
      http.get(
        'https://api.test/stock',
        respondInSequence(new HttpResponse(null, { status: 503 }), HttpResponse.json({ second: true })),
      ),
    );
    expect((await fetch('https://api.test/stock')).status).toBe(503);
    expect(await (await fetch('https://api.test/stock')).json()).toEqual({ second: true });
    expect(await (await fetch('https://api.test/stock')).json()).toEqual({ second: true });
    server.resetHandlers();
    expect(await (await fetch('https://api.test/stock')).json()).toEqual({ ok: true });
    expect(server.calls()).toHaveLength(1);
  });
});
