import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  faultResponse,
  type InjectorCall,
  observeFaultInjectors,
  truncatedJsonBody,
  withdrawFaults,
} from './create-fault-injector.js';
import { createTestServer } from './create-test-server.js';

describe('createFaultInjector', () => {
  it('applies a fault to the next `times` matching calls, then stops', () => {
    const faults = createFaultInjector();
    faults.inject({ kind: 'server-error', times: 2, operations: ['stock'] });
    expect(faults.take('submit')).toBeUndefined();
    expect(faults.take('stock')?.kind).toBe('server-error');
    expect(faults.take('stock')?.kind).toBe('server-error');
    expect(faults.take('stock')).toBeUndefined();
    expect(faults.counts()['server-error']).toBe(2);
  });

  it('matches any operation when the fault names none, and an alias when given', () => {
    const faults = createFaultInjector();
    faults.inject({ kind: 'rate-limit' });
    faults.inject({ kind: 'lost-response', operations: ['submit'] });
    expect(faults.take('find-order')?.kind).toBe('rate-limit');
    expect(faults.take('find-order')).toBeUndefined();
    expect(faults.take('cart-submit', 'submit')?.kind).toBe('lost-response');
    expect(faults.pending()).toEqual([]);
  });

  it('applies faults in the order injected and reports what is pending', () => {
    const faults = createFaultInjector();
    faults.inject({ kind: 'unauthorized' });
    faults.inject({ kind: 'malformed-body', times: 3 });
    expect(faults.take('x')?.kind).toBe('unauthorized');
    expect(faults.take('x')?.kind).toBe('malformed-body');
    expect(faults.pending()).toEqual([{ kind: 'malformed-body', times: 2 }]);
    faults.reset();
    expect(faults.pending()).toEqual([]);
    expect(faults.counts().unauthorized).toBe(0);
  });

  it('reports every call to observers at the moment it is served, with the injected fault object that fired', () => {
    const faults = createFaultInjector();
    const seen: InjectorCall[] = [];
    const stop = observeFaultInjectors((call) => seen.push(call));
    const lost = { kind: 'lost-response', operations: ['submit'] } as const;
    faults.inject(lost);
    faults.take('stock');
    faults.take('cart-submit', 'submit');
    stop();
    faults.take('submit');
    expect(seen).toEqual([
      { operation: 'stock', aliases: [], fault: undefined },
      { operation: 'cart-submit', aliases: ['submit'], fault: lost },
    ]);
    // The same object, not a copy: an observer tells its own faults apart by identity.
    expect(seen[1]?.fault).toBe(lost);
  });

  it('never fires a withdrawn fault, and no longer reports it pending', () => {
    const faults = createFaultInjector();
    const kept = { kind: 'server-error', operations: ['stock'] } as const;
    const dropped = { kind: 'lost-response', times: 2, operations: ['submit'] } as const;
    faults.inject(dropped);
    faults.inject(kept);
    withdrawFaults([dropped]);
    expect(faults.pending()).toEqual([{ kind: 'server-error', operations: ['stock'], times: 1 }]);
    expect(faults.take('submit')).toBeUndefined();
    expect(faults.take('stock')?.kind).toBe('server-error');
    expect(faults.counts()['lost-response']).toBe(0);
  });

  it('refuses an unknown kind or a bad count', () => {
    const faults = createFaultInjector();
    expect(() => faults.inject({ kind: 'meteor' as never })).toThrow(/unknown fault kind/);
    expect(() => faults.inject({ kind: 'timeout', times: 0 })).toThrow(/positive integer/);
  });
});

describe('faultResponse', () => {
  it('answers 503, 429 with Retry-After, 401 and a malformed JSON body', async () => {
    expect((await faultResponse({ kind: 'server-error' })).status).toBe(503);
    const limited = await faultResponse({ kind: 'rate-limit', retryAfterSeconds: 7 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await faultResponse({ kind: 'rate-limit' })).headers.get('retry-after')).toBe('1');
    expect((await faultResponse({ kind: 'unauthorized' })).status).toBe(401);
    const malformed = await faultResponse({ kind: 'malformed-body' });
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toBe('application/json');
    expect(await malformed.text()).toBe(truncatedJsonBody);
    expect(await (await faultResponse({ kind: 'malformed-body', body: '<html>' })).text()).toBe('<html>');
  });

  it('answers a network error for a dropped connection and a lost response', async () => {
    expect((await faultResponse({ kind: 'drop-connection' })).type).toBe('error');
    expect((await faultResponse({ kind: 'lost-response' })).type).toBe('error');
  });

  it('holds a timeout for the configured delay, then drops the connection', async () => {
    const started = Date.now();
    const response = await faultResponse({ kind: 'timeout' }, { timeoutDelayMs: 40 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(response.type).toBe('error');
    const quicker = Date.now();
    await faultResponse({ kind: 'timeout', delayMs: 1 }, { timeoutDelayMs: 10_000 });
    expect(Date.now() - quicker).toBeLessThan(1_000);
  });
});

describe('hostile answers', () => {
  it('serves each variant as a broken vendor or proxy would, without acting', async () => {
    const html = await faultResponse({ kind: 'hostile-answer' });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await html.text()).toMatch(/maintenance/);
    const empty = await faultResponse({ kind: 'hostile-answer', hostile: 'empty-200' });
    expect([empty.status, await empty.text()]).toEqual([200, '']);
    const shape = await faultResponse({ kind: 'hostile-answer', hostile: 'unexpected-json' });
    expect(await shape.json()).toEqual({ status: 'ok', maintenance: true, message: 'Service temporarily degraded' });
    const moved = await faultResponse(
      { kind: 'hostile-answer', hostile: 'redirect-elsewhere' },
      { redirectTo: 'http://127.0.0.1:9' },
    );
    expect([moved.status, moved.headers.get('location')]).toEqual([302, 'http://127.0.0.1:9/moved']);
    const perFault = await faultResponse({
      kind: 'hostile-answer',
      hostile: 'redirect-elsewhere',
      redirectTo: 'https://elsewhere.test',
    });
    expect(perFault.headers.get('location')).toBe('https://elsewhere.test/moved');
    const bytes = new Uint8Array(
      await (await faultResponse({ kind: 'hostile-answer', hostile: 'invalid-utf8' })).arrayBuffer(),
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(TypeError);
    const large = await faultResponse({ kind: 'hostile-answer', hostile: 'large-body' }, { largeBodyBytes: 100_000 });
    expect((await large.arrayBuffer()).byteLength).toBe(100_000);
    expect((await (await faultResponse({ kind: 'hostile-answer', hostile: 'large-body' })).text()).length).toBe(
      4 * 1024 * 1024,
    );
  });
});

describe('FaultInjector.serve over HTTP', () => {
  const stored: string[] = [];
  const faults = createFaultInjector({ timeoutDelayMs: 50 });
  const server = createTestServer(
    http.post('https://simulator.test/orders', async ({ request }) =>
      faults.serve('submit', async () => {
        stored.push(((await request.json()) as { po: string }).po);
        return HttpResponse.json({ ok: true }, { status: 201 });
      }),
    ),
  );
  beforeAll(() => server.listen());
  afterEach(() => {
    faults.reset();
    stored.length = 0;
  });
  afterAll(() => server.close());

  const submit = (po: string) =>
    fetch('https://simulator.test/orders', { method: 'POST', body: JSON.stringify({ po }) });

  it('acts and then drops the connection for lost-response', async () => {
    faults.inject({ kind: 'lost-response', operations: ['submit'] });
    await expect(submit('PO1')).rejects.toThrow(TypeError);
    expect(stored).toEqual(['PO1']);
    expect((await submit('PO2')).status).toBe(201);
    expect(stored).toEqual(['PO1', 'PO2']);
  });

  it('does not act for the other faults', async () => {
    faults.inject({ kind: 'server-error' });
    faults.inject({ kind: 'drop-connection' });
    expect((await submit('PO1')).status).toBe(503);
    await expect(submit('PO2')).rejects.toThrow(TypeError);
    expect(stored).toEqual([]);
    expect(faults.counts()).toMatchObject({ 'server-error': 1, 'drop-connection': 1 });
  });

  it('does not act for a hostile answer', async () => {
    faults.inject({ kind: 'hostile-answer', hostile: 'unexpected-json' });
    const response = await submit('PO1');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ maintenance: true });
    expect(stored).toEqual([]);
    expect(faults.counts()['hostile-answer']).toBe(1);
  });
});
