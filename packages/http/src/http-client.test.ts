import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResponseParseError,
  ServerError,
} from '@dropship/core';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.js';
import type { HttpClientOptions, HttpEvent } from './http-types.js';

const baseURL = 'https://api.example.test/v4';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A fresh credential per test so that the shared per-credential limiters never mix tests. */
let credentialCounter = 0;
function uniqueToken(): string {
  credentialCounter += 1;
  return `token-${credentialCounter}-${Math.random().toString(36).slice(2)}`;
}

function client(overrides: Partial<HttpClientOptions> = {}) {
  const events: HttpEvent[] = [];
  const instance = createHttpClient({
    service: 'example',
    baseURL,
    credentials: { headers: { Authorization: `Bearer ${uniqueToken()}` } },
    retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { http: instance, events };
}

/** Counts calls to a handler. */
function counter() {
  let count = 0;
  return {
    hit: () => ++count,
    /** Wraps a resolver so that every call it answers is counted. */
    counted:
      <T>(resolver: () => T) =>
      () => {
        count += 1;
        return resolver();
      },
    get count() {
      return count;
    },
  };
}

// The inventory shape follows WPS (https://www.wps-inc.com/data-depot/v4/api/services/inventory).
const inventorySchema = z.object({
  data: z.array(z.object({ sku: z.string(), ca_warehouse: z.number(), total: z.number() })),
});
const inventoryBody = {
  data: [{ id: 1, item_id: 387, sku: '015-01001', ca_warehouse: 9, total: 20, created_at: '2024-01-01 00:00:00' }],
};

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('createHttpClient', () => {
  it('sends the request with base URL, query, credentials and parses the body with the schema', async () => {
    let seen: Request | undefined;
    server.use(
      http.get(`${baseURL}/inventory`, ({ request }) => {
        seen = request;
        return HttpResponse.json(inventoryBody);
      }),
    );
    const { http: instance, events } = client({ credentials: { headers: { Authorization: 'Bearer abc-123' } } });
    const response = await instance.request({
      path: '/inventory',
      searchParams: { 'filter[sku]': '015-01001', include: ['item', 'images'], skip: undefined },
      schema: inventorySchema,
    });

    expect(response.status).toBe(200);
    expect(response.data.data[0]).toEqual({ sku: '015-01001', ca_warehouse: 9, total: 20 });
    expect(seen?.headers.get('authorization')).toBe('Bearer abc-123');
    const url = new URL(seen?.url ?? '');
    expect(url.searchParams.get('filter[sku]')).toBe('015-01001');
    expect(url.searchParams.getAll('include')).toEqual(['item', 'images']);
    expect(url.searchParams.has('skip')).toBe(false);
    expect(events.map((event) => event.type)).toEqual(['request', 'response']);
  });

  it('sends JSON and form bodies with their content types', async () => {
    const bodies: { type: string | null; text: string }[] = [];
    server.use(
      http.post(`${baseURL}/carts`, async ({ request }) => {
        bodies.push({ type: request.headers.get('content-type'), text: await request.text() });
        return HttpResponse.json({ ok: true }, { status: 201 });
      }),
    );
    const { http: instance } = client();
    await instance.request({ method: 'POST', path: 'carts', json: { po_number: 'PO1' } });
    await instance.request({ method: 'POST', path: 'carts', form: { grant_type: 'client_credentials' } });
    expect(bodies).toEqual([
      { type: 'application/json', text: '{"po_number":"PO1"}' },
      { type: 'application/x-www-form-urlencoded', text: 'grant_type=client_credentials' },
    ]);
  });

  it('retries a GET once after a 503 and reports the retry', async () => {
    const calls = counter();
    server.use(
      http.get(`${baseURL}/inventory`, () =>
        calls.hit() === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json(inventoryBody),
      ),
    );
    const { http: instance, events } = client();
    const response = await instance.request({ path: '/inventory', schema: inventorySchema });
    expect(response.data.data).toHaveLength(1);
    expect(calls.count).toBe(2);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ type: 'retry', attempt: 2, reason: 'HTTP 503' });
  });

  it('does not retry a 404 and throws NotFoundError', async () => {
    const calls = counter();
    server.use(
      http.get(
        `${baseURL}/items/9`,
        calls.counted(() => HttpResponse.json({ message: 'Not found' }, { status: 404 })),
      ),
    );
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: '/items/9' }));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      isRetryable: false,
      service: 'example',
      method: 'GET',
      url: `${baseURL}/items/9`,
    });
    expect((error as ApiError).responseBody).toContain('Not found');
    expect(calls.count).toBe(1);
  });

  it('returns accepted statuses instead of throwing', async () => {
    server.use(http.get(`${baseURL}/orders/PO1`, () => HttpResponse.json({ message: 'none' }, { status: 404 })));
    const { http: instance } = client();
    const response = await instance.request({
      path: '/orders/PO1',
      acceptStatus: [404],
      schema: z.object({ id: z.string() }),
    });
    expect(response.status).toBe(404);
    expect(response.data).toBeUndefined();
    expect(response.text).toContain('none');
  });

  it.each([
    [400, InvalidRequestError],
    [422, InvalidRequestError],
    [401, AuthenticationError],
    [403, AuthenticationError],
    [500, ServerError],
  ] as const)('maps HTTP %i to its typed error', async (status, errorClass) => {
    server.use(http.post(`${baseURL}/orders`, () => HttpResponse.json({ error: 'no' }, { status })));
    const { http: instance } = client();
    const error = await catchError(instance.request({ method: 'POST', path: '/orders', json: {} }));
    expect(errorClass.isInstance(error)).toBe(true);
    expect((error as ApiError).status).toBe(status);
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${baseURL}/inventory`, () => {
        arrivals.push(Date.now());
        return arrivals.length === 1
          ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '1' } })
          : HttpResponse.json(inventoryBody);
      }),
    );
    const { http: instance, events } = client();
    await instance.request({ path: '/inventory', schema: inventorySchema });
    expect(arrivals).toHaveLength(2);
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({ delayMs: 1000, reason: 'HTTP 429' });
  });

  it('fails with RateLimitError carrying retryAfterMs when Retry-After exceeds the cap', async () => {
    const calls = counter();
    server.use(
      http.get(
        `${baseURL}/inventory`,
        calls.counted(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } })),
      ),
    );
    const { http: instance } = client({ retry: { maxRetryAfterMs: 30_000, minDelayMs: 5 } });
    const error = await catchError(instance.request({ path: '/inventory' }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).message).toContain('120 s');
    expect(calls.count).toBe(1);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const calls = counter();
    server.use(
      http.get(`${baseURL}/inventory`, () =>
        calls.hit() === 1
          ? new HttpResponse(null, {
              status: 429,
              headers: { 'Retry-After': new Date(Date.now() + 3_600_000).toUTCString() },
            })
          : HttpResponse.json(inventoryBody),
      ),
    );
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: '/inventory' }));
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(3_500_000);
  });

  it('does not retry a POST on 503', async () => {
    const calls = counter();
    server.use(
      http.post(
        `${baseURL}/orders`,
        calls.counted(() => new HttpResponse('unavailable', { status: 503 })),
      ),
    );
    const { http: instance, events } = client();
    const error = await catchError(instance.request({ method: 'POST', path: '/orders', json: { po: 'PO1' } }));
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).isRetryable).toBe(true);
    expect(calls.count).toBe(1);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'server' });
  });

  it('retries a POST on 429, since the service refused it without acting', async () => {
    const calls = counter();
    server.use(
      http.post(`${baseURL}/fulfillments`, () =>
        calls.hit() === 1
          ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } })
          : HttpResponse.json({ id: 'F1' }),
      ),
    );
    const { http: instance } = client();
    const response = await instance.request({ method: 'POST', path: '/fulfillments', json: {} });
    expect(response.data).toEqual({ id: 'F1' });
    expect(calls.count).toBe(2);
  });

  it('sends the client, call and credential headers on every attempt, also through a fetch wrapper that copies them', async () => {
    // Walmart's adapter wraps fetch to add a fresh correlation id per attempt (new Headers(init.headers)).
    const arrivals: Record<string, string | null>[] = [];
    server.use(
      http.post(`${baseURL}/shipments`, ({ request }) => {
        const names = [
          'accept',
          'content-type',
          'x-service-name',
          'x-call',
          'authorization',
          'x-access-token',
          'x-correlation',
        ];
        arrivals.push(Object.fromEntries(names.map((name) => [name, request.headers.get(name)])));
        return arrivals.length === 1
          ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } })
          : HttpResponse.json({ ok: true });
      }),
    );
    let attempt = 0;
    const { http: instance } = client({
      headers: { 'X-Service-Name': 'Example Marketplace' },
      getCredentials: () => ({ headers: { 'X-Access-Token': 'dynamic-access-token' } }),
      fetch: (input, init) => {
        attempt += 1;
        const headers = new Headers(init?.headers);
        headers.set('X-Correlation', `attempt-${attempt}`);
        return globalThis.fetch(input, { ...init, headers });
      },
    });
    await instance.request({ method: 'POST', path: '/shipments', json: { id: 1 }, headers: { 'X-Call': 'one' } });
    expect(arrivals).toHaveLength(2);
    arrivals.forEach((headers, index) => {
      expect(headers).toMatchObject({
        accept: 'application/json',
        'content-type': 'application/json',
        'x-service-name': 'Example Marketplace',
        'x-call': 'one',
        'x-access-token': 'dynamic-access-token',
        'x-correlation': `attempt-${index + 1}`,
      });
      expect(headers.authorization).toMatch(/^Bearer token-/);
    });
  });

  it('does not retry a POST on 429 when retryOnRateLimit is false', async () => {
    const calls = counter();
    server.use(
      http.post(
        `${baseURL}/orders`,
        calls.counted(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } })),
      ),
    );
    const { http: instance } = client();
    const error = await catchError(
      instance.request({ method: 'POST', path: '/orders', json: {}, retryOnRateLimit: false }),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(calls.count).toBe(1);
  });

  it('throws NetworkError after retries when the connection drops', async () => {
    const calls = counter();
    server.use(
      http.get(
        `${baseURL}/inventory`,
        calls.counted(() => HttpResponse.error()),
      ),
    );
    const { http: instance, events } = client();
    const error = await catchError(instance.request({ path: '/inventory' }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).isRetryable).toBe(true);
    expect((error as NetworkError).status).toBeUndefined();
    expect(calls.count).toBe(3);
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(2);
  });

  it('times out an attempt that gets no answer and throws NetworkError', async () => {
    const calls = counter();
    server.use(
      http.get(`${baseURL}/inventory`, async () => {
        calls.hit();
        await delay(2_000);
        return HttpResponse.json(inventoryBody);
      }),
    );
    const { http: instance } = client({ timeoutMs: 50, retry: { retries: 1, minDelayMs: 5 } });
    const started = Date.now();
    const error = await catchError(instance.request({ path: '/inventory' }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as NetworkError).message).toContain('timed out after 50 ms');
    expect(calls.count).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops at once when the caller aborts', async () => {
    server.use(
      http.get(`${baseURL}/inventory`, async () => {
        await delay(2_000);
        return HttpResponse.json(inventoryBody);
      }),
    );
    const { http: instance } = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    const error = await catchError(instance.request({ path: '/inventory', signal: controller.signal }));
    expect((error as Error).message).toBe('caller gave up');
  });

  it('waits the retryAfterMs of a RateLimitError from mapError when there is no Retry-After header', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${baseURL}/graphql`, () => {
        arrivals.push(performance.now());
        return arrivals.length === 1
          ? HttpResponse.json({ errors: [{ extensions: { code: 'THROTTLED' } }] })
          : HttpResponse.json({ data: {} });
      }),
    );
    const { http: instance } = client({
      mapError: ({ body, service }) =>
        (body as { errors?: unknown[] } | undefined)?.errors
          ? new RateLimitError('throttled', { service, retryAfterMs: 60 })
          : undefined,
    });
    await instance.request({ path: '/graphql' });
    expect(arrivals).toHaveLength(2);
    expect((arrivals[1] as number) - (arrivals[0] as number)).toBeGreaterThanOrEqual(57);
  });

  it('throws ResponseParseError naming the service and the field path for a body of the wrong shape', async () => {
    server.use(
      http.get(`${baseURL}/inventory`, () =>
        HttpResponse.json({ data: [{ sku: '015-01001', ca_warehouse: 'nine', total: 20 }] }),
      ),
    );
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: '/inventory', schema: inventorySchema }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).fields).toEqual(['data.0.ca_warehouse']);
    expect((error as ResponseParseError).message).toMatch(
      /^example: unexpected response from GET .*data\.0\.ca_warehouse/,
    );
    expect((error as ResponseParseError).responseBody).toContain('nine');
  });

  it('throws ResponseParseError for a body that is not JSON where JSON is expected', async () => {
    server.use(http.get(`${baseURL}/inventory`, () => HttpResponse.text('<html>Gateway</html>', { status: 200 })));
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: '/inventory', schema: inventorySchema }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as ResponseParseError).message).toContain('is not JSON');
  });

  it('lets mapError raise a body-level failure from a 200', async () => {
    // Parts Unlimited reports failures as a status code inside a 200 body (no public documentation).
    server.use(http.post(`${baseURL}/orders`, () => HttpResponse.json({ status_code: 'E42', message: 'PO too long' })));
    const { http: instance } = client({
      mapError: (context) => {
        const body = context.body as { status_code?: string; message?: string } | undefined;
        return body?.status_code && body.status_code !== '00'
          ? new InvalidRequestError(`example: ${body.message}`, {
              service: context.service,
              url: context.url,
              status: context.status,
            })
          : undefined;
      },
    });
    const error = await catchError(instance.request({ method: 'POST', path: '/orders', json: {} }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('example: PO too long');
  });

  it('injects query-string credentials and dynamic credentials', async () => {
    const seen: URL[] = [];
    server.use(
      http.get(`${baseURL}/stock`, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json({ ok: true });
      }),
    );
    let token = 'access-1';
    const { http: instance } = client({
      credentials: { searchParams: { apikey: 'key value', cust: '123456' } },
      getCredentials: () => ({ headers: { Authorization: `Bearer ${token}` } }),
    });
    await instance.request({ path: '/stock', searchParams: { item: 'A' } });
    token = 'access-2';
    await instance.request({ path: '/stock' });
    expect(seen[0]?.searchParams.get('apikey')).toBe('key value');
    expect(seen[0]?.searchParams.get('cust')).toBe('123456');
    expect(seen[0]?.searchParams.get('item')).toBe('A');
    expect(instance.redact('tokens access-1 and access-2 and key value')).toBe(
      'tokens [REDACTED] and [REDACTED] and [REDACTED]',
    );
  });

  it('refuses to send credentials to another origin', async () => {
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: 'https://evil.example.test/steal' }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
  });

  it('rejects invalid options with ConfigurationError', () => {
    expect(() => createHttpClient({ service: '', baseURL })).toThrow(ConfigurationError);
    expect(() => createHttpClient({ service: 'x', baseURL: 'not a url' })).toThrow(ConfigurationError);
    expect(() => createHttpClient({ service: 'x', baseURL, concurrency: 0 })).toThrow(ConfigurationError);
  });

  it('maps 408 to a retryable error and retries it', async () => {
    const calls = counter();
    server.use(
      http.get(
        `${baseURL}/inventory`,
        calls.counted(() => new HttpResponse(null, { status: 408 })),
      ),
    );
    const { http: instance } = client();
    const error = await catchError(instance.request({ path: '/inventory' }));
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'request-timeout', isRetryable: true });
    expect(calls.count).toBe(3);
  });
});

describe('redaction', () => {
  const headerSecret = 'SENTINEL-HEADER-7f3a9c';
  const querySecret = 'SENTINEL+QUERY/key=1';
  const customer = 'SENTINEL-CUSTOMER-99';

  /** Everything an error exposes: own properties, message, stack and the whole cause chain. */
  function exposed(error: unknown, depth = 0): string {
    if (depth > 6 || error === undefined || error === null) return '';
    if (typeof error !== 'object') return String(error);
    const record = error as Record<string, unknown>;
    const parts = [String(record.message), String(record.stack), JSON.stringify(error), String(error)];
    for (const key of Object.getOwnPropertyNames(error)) {
      const value = record[key];
      parts.push(typeof value === 'string' ? value : key === 'cause' ? exposed(value, depth + 1) : '');
    }
    parts.push(exposed(record.cause, depth + 1));
    return parts.join('\n');
  }

  it('keeps sentinel credentials out of every error and event', async () => {
    const echo = ({ request }: { request: Request }) =>
      `you sent ${request.url} with ${request.headers.get('authorization')} ${request.headers.get('x-api-key')}`;
    const scenarios: [string, Parameters<typeof http.get>[1]][] = [
      ['unauthorized', ({ request }) => HttpResponse.json({ error: echo({ request }) }, { status: 401 })],
      ['server', ({ request }) => new HttpResponse(echo({ request }), { status: 500 })],
      ['not-found', ({ request }) => new HttpResponse(echo({ request }), { status: 404 })],
      [
        'rate-limited',
        ({ request }) => new HttpResponse(echo({ request }), { status: 429, headers: { 'Retry-After': '999' } }),
      ],
      ['dropped', () => HttpResponse.error()],
      [
        'timeout',
        async () => {
          await delay(1_000);
          return HttpResponse.json({});
        },
      ],
      ['not-json', ({ request }) => HttpResponse.text(`<html>${echo({ request })}</html>`)],
      ['wrong-shape', ({ request }) => HttpResponse.json({ data: echo({ request }) })],
    ];
    const collected: string[] = [];
    const events: HttpEvent[] = [];
    for (const [name, resolver] of scenarios) {
      server.use(http.get(`${baseURL}/stock/${name}`, resolver));
      const instance = createHttpClient({
        service: 'example',
        baseURL,
        timeoutMs: 50,
        retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
        credentials: {
          headers: { 'X-Api-Key': headerSecret, Authorization: `Bearer ${headerSecret}` },
          searchParams: { apikey: querySecret, cust: customer },
        },
        onEvent: (event) => events.push(event),
      });
      const error = await catchError(
        instance.request({
          path: `/stock/${name}`,
          searchParams: { item: 'A' },
          schema: z.object({ data: z.array(z.string()) }),
        }),
      );
      expect(ApiError.isInstance(error), name).toBe(true);
      collected.push(exposed(error));
    }
    const everything = `${collected.join('\n')}\n${JSON.stringify(events)}`;
    for (const secret of [
      headerSecret,
      querySecret,
      encodeURIComponent(querySecret),
      new URLSearchParams({ q: querySecret }).toString().slice(2),
      customer,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toContain('[REDACTED]');
    expect(events.some((event) => event.type === 'error')).toBe(true);
    expect(events.filter((event) => 'url' in event).every((event) => event.url.includes('apikey=[REDACTED]'))).toBe(
      true,
    );
  });
});

describe('shared limits', () => {
  /**
   * The k-th request (0-based, by arrival) must not arrive before the bucket had a token for it:
   * `start + (k - burst + 1) × interval`. Late timers (a loaded machine) only delay requests, so
   * this lower bound holds however busy the machine is; 3 ms of slack covers clock rounding.
   */
  function expectPaced(arrivals: number[], start: number, intervalMs: number, burst: number): void {
    const sorted = [...arrivals].sort((left, right) => left - right);
    sorted.forEach((time, index) => {
      expect(time - start, `request ${index + 1}`).toBeGreaterThanOrEqual(
        Math.max(0, index - burst + 1) * intervalMs - 3,
      );
    });
  }

  it('spaces requests out to the rate limit under concurrency', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${baseURL}/inventory`, () => {
        arrivals.push(performance.now());
        return HttpResponse.json({});
      }),
    );
    const { http: instance } = client({ rateLimit: { requests: 1, intervalMs: 25, burst: 1 }, concurrency: 10 });
    const start = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => instance.request({ path: '/inventory' })));
    expect(arrivals).toHaveLength(8);
    expectPaced(arrivals, start, 25, 1);
  });

  it('lets a burst through, then holds to the rate', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${baseURL}/inventory`, () => {
        arrivals.push(performance.now());
        return HttpResponse.json({});
      }),
    );
    const { http: instance } = client({ rateLimit: { requests: 1, intervalMs: 50, burst: 3 }, concurrency: 10 });
    const start = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => instance.request({ path: '/inventory' })));
    expectPaced(arrivals, start, 50, 3);
  });

  /** A handler that records the most requests in flight at once. */
  function inFlightRecorder() {
    let inFlight = 0;
    let most = 0;
    const handler = http.get(`${baseURL}/slow`, async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await delay(20);
      inFlight -= 1;
      return HttpResponse.json({});
    });
    return {
      handler,
      get most() {
        return most;
      },
    };
  }

  it('keeps at most `concurrency` requests in flight', async () => {
    const recorder = inFlightRecorder();
    server.use(recorder.handler);
    const { http: instance } = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => instance.request({ path: '/slow' })));
    expect(recorder.most).toBe(2);
  });

  it('shares the limits between two clients with the same credential, not with another credential', async () => {
    const shared = createHttpClient({
      service: 'example',
      baseURL,
      credentials: { headers: { Authorization: 'Bearer shared-limit' } },
      concurrency: 1,
    });
    const twin = createHttpClient({
      service: 'example',
      baseURL,
      credentials: { headers: { Authorization: 'Bearer shared-limit' } },
      concurrency: 1,
    });
    const sameCredential = inFlightRecorder();
    server.use(sameCredential.handler);
    await Promise.all(
      Array.from({ length: 3 }, () => [shared.request({ path: '/slow' }), twin.request({ path: '/slow' })]).flat(),
    );
    expect(sameCredential.most).toBe(1);

    const other = createHttpClient({
      service: 'example',
      baseURL,
      credentials: { headers: { Authorization: 'Bearer other-limit' } },
      concurrency: 1,
    });
    const differentCredential = inFlightRecorder();
    server.resetHandlers(differentCredential.handler);
    await Promise.all(
      Array.from({ length: 3 }, () => [shared.request({ path: '/slow' }), other.request({ path: '/slow' })]).flat(),
    );
    expect(differentCredential.most).toBe(2);
  });

  it('gives a limiterScope a limiter of its own within the credential, shared by clients of that scope', async () => {
    const make = (limiterScope?: string) =>
      createHttpClient({
        service: 'example',
        baseURL,
        credentials: { headers: { Authorization: 'Bearer scoped-limit' } },
        concurrency: 1,
        ...(limiterScope === undefined ? {} : { limiterScope }),
      });
    const unscoped = make();
    const listing = make('getOrders');
    const sameScope = inFlightRecorder();
    server.use(sameScope.handler);
    const listingTwin = make('getOrders');
    await Promise.all(
      Array.from({ length: 3 }, () => [
        listing.request({ path: '/slow' }),
        listingTwin.request({ path: '/slow' }),
      ]).flat(),
    );
    expect(sameScope.most).toBe(1);

    const otherScope = inFlightRecorder();
    server.resetHandlers(otherScope.handler);
    await Promise.all(
      Array.from({ length: 3 }, () => [listing.request({ path: '/slow' }), unscoped.request({ path: '/slow' })]).flat(),
    );
    expect(otherScope.most).toBe(2);
    expect(() => make('')).toThrow(/limiterScope/);
  });

  it('holds every request of the credential after one is throttled, even without a rate limit', async () => {
    const arrivals: { at: number; throttled: boolean }[] = [];
    let throttleNext = true;
    server.use(
      http.get(`${baseURL}/throttled`, async () => {
        const throttled = throttleNext;
        throttleNext = false;
        arrivals.push({ at: performance.now(), throttled });
        if (throttled) return HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '0.15' } });
        await delay(5);
        return HttpResponse.json({});
      }),
    );
    const { http: instance } = client({ concurrency: 1 });
    const first = instance.request({ path: '/throttled' });
    await delay(20);
    const throttledAt = arrivals[0]?.at ?? 0;
    await Promise.all([first, instance.request({ path: '/throttled' }), instance.request({ path: '/throttled' })]);
    expect(arrivals[0]?.throttled).toBe(true);
    for (const arrival of arrivals.slice(1)) expect(arrival.at - throttledAt).toBeGreaterThanOrEqual(140);
  });

  /**
   * A service that accepts one request per `windowMs` per credential: a request arriving sooner
   * after the last accepted one is answered 429 with a Retry-After naming the rest of the window
   * (rounded up, plus 2 ms for timer and clock rounding). Every answer takes 5 ms, so requests
   * sent together overlap at the server.
   */
  function windowedService(windowMs: number) {
    const lastAccepted = new Map<string, number>();
    const log: { at: number; credential: string; throttled: boolean }[] = [];
    let throttleAnswered = false;
    let inFlightAfterThrottle = 0;
    let mostInFlightAfterThrottle = 0;
    const handler = http.get(`${baseURL}/windowed`, async ({ request }) => {
      const credential = request.headers.get('authorization') ?? '';
      const at = performance.now();
      const rest = (lastAccepted.get(credential) ?? Number.NEGATIVE_INFINITY) + windowMs - at;
      const throttled = rest > 0;
      if (!throttled) lastAccepted.set(credential, at);
      log.push({ at, credential, throttled });
      // Counts the requests sent after the client heard of a throttle.
      const late = throttleAnswered;
      if (late) {
        inFlightAfterThrottle += 1;
        mostInFlightAfterThrottle = Math.max(mostInFlightAfterThrottle, inFlightAfterThrottle);
      }
      await delay(5);
      if (late) inFlightAfterThrottle -= 1;
      if (throttled) throttleAnswered = true;
      return throttled
        ? HttpResponse.json(
            { error: 'too many requests' },
            { status: 429, headers: { 'Retry-After': String((Math.ceil(rest) + 2) / 1000) } },
          )
        : HttpResponse.json({ ok: true });
    });
    return {
      handler,
      log,
      get mostInFlightAfterThrottle() {
        return mostInFlightAfterThrottle;
      },
    };
  }

  it('lets requests paused by a throttle resume one at a time, so that all of them succeed', async () => {
    const service = windowedService(30);
    server.use(service.handler);
    const { http: instance } = client();
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => instance.request({ path: '/windowed' })));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const accepted = service.log.filter((entry) => !entry.throttled).map((entry) => entry.at);
    expect(accepted).toHaveLength(8);
    // Once the client heard of a throttle, the requests went one at a time: never two at the
    // server at once, and far fewer throttles than when all of them resumed together (8 × 7 / 2 = 28).
    expect(service.mostInFlightAfterThrottle).toBe(1);
    expect(service.log.filter((entry) => entry.throttled).length).toBeLessThanOrEqual(2 * 7);
    accepted.slice(1).forEach((at, index) => {
      expect(at - (accepted[index] as number)).toBeGreaterThanOrEqual(30);
    });
  });

  it('does not pause another credential while one credential is throttled', async () => {
    const service = windowedService(300);
    server.use(service.handler);
    const throttledClient = client({ retry: { retries: 1, minDelayMs: 5, maxDelayMs: 20 } }).http;
    const otherClient = client().http;
    await throttledClient.request({ path: '/windowed' });
    const start = performance.now();
    // The second request of the first credential is throttled (about 300 ms) and pauses it.
    const paused = throttledClient.request({ path: '/windowed' });
    await delay(20);
    const otherStart = performance.now();
    await otherClient.request({ path: '/windowed' });
    const otherTook = performance.now() - otherStart;
    await paused;
    expect(otherTook).toBeLessThan(150);
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('releases a request that is aborted while it waits behind a throttle', async () => {
    const service = windowedService(400);
    server.use(service.handler);
    const { http: instance } = client();
    await instance.request({ path: '/windowed' });
    const throttled = instance.request({ path: '/windowed' });
    await delay(20);
    const controller = new AbortController();
    const waiting = instance.request({ path: '/windowed', signal: controller.signal });
    const start = performance.now();
    setTimeout(() => controller.abort(new Error('caller gave up')), 10);
    const error = await catchError(waiting);
    expect((error as Error).message).toBe('caller gave up');
    expect(performance.now() - start).toBeLessThan(200);
    // The throttled request still gets through after the pause; the aborted one never reached
    // the server.
    await throttled;
    expect(service.log.map((entry) => entry.throttled)).toEqual([false, true, false]);
  });

  it('fetches a token through the same credential while throttled, without waiting on itself', async () => {
    // Walmart's shape: the token endpoint shares the API's host and Basic credential, so the
    // token client and the API client share one limiter. A token fetched while the API client
    // holds the throttle turn or the only concurrency slot must not wait for either.
    let throttleNext = true;
    let tokens = 0;
    server.use(
      http.post(`${baseURL}/token`, () => {
        tokens += 1;
        return HttpResponse.json({ token: `access-${tokens}` });
      }),
      http.get(`${baseURL}/orders`, ({ request }) => {
        if (request.headers.get('x-access-token') === null) return HttpResponse.json({}, { status: 401 });
        if (throttleNext) {
          throttleNext = false;
          return HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '0.05' } });
        }
        return HttpResponse.json({ ok: true });
      }),
    );
    const shared = {
      service: 'example',
      baseURL,
      credentials: { headers: { Authorization: `Basic ${uniqueToken()}` } },
      concurrency: 1,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
    };
    const tokenClient = createHttpClient(shared);
    // Every attempt asks for a fresh token (no cache), the worst case.
    const api = createHttpClient({
      ...shared,
      getCredentials: async () => {
        const response = await tokenClient.request({
          method: 'POST',
          path: '/token',
          retry: true,
          schema: z.object({ token: z.string() }),
        });
        return { headers: { 'x-access-token': response.data.token } };
      },
    });
    const answers = await Promise.race([
      Promise.all([api.request({ path: '/orders' }), api.request({ path: '/orders' })]),
      new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 3_000)),
    ]);
    expect(answers).not.toBe('stuck');
    expect((answers as { status: number }[]).map((answer) => answer.status)).toEqual([200, 200]);
    expect(tokens).toBeGreaterThanOrEqual(3);
  });

  it('does not share limits between two API hosts that use the same credential', async () => {
    // An OAuth token endpoint and the API it serves have their own limits (Amazon LWA vs SP-API).
    const otherHost = 'https://auth.example.test';
    let inFlight = 0;
    let most = 0;
    const slow = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await delay(20);
      inFlight -= 1;
      return HttpResponse.json({});
    };
    server.use(http.get(`${baseURL}/slow`, slow), http.get(`${otherHost}/slow`, slow));
    const credentials = { headers: { Authorization: 'Bearer one-credential-two-hosts' } };
    const api = createHttpClient({ service: 'example', baseURL, credentials, concurrency: 1 });
    const auth = createHttpClient({ service: 'example', baseURL: otherHost, credentials, concurrency: 1 });
    await Promise.all(
      Array.from({ length: 3 }, () => [api.request({ path: '/slow' }), auth.request({ path: '/slow' })]).flat(),
    );
    expect(most).toBe(2);
  });

  it('shares the rate limit between two clients with the same credential', async () => {
    const arrivals: number[] = [];
    server.use(
      http.get(`${baseURL}/inventory`, () => {
        arrivals.push(performance.now());
        return HttpResponse.json({});
      }),
    );
    const options = {
      service: 'example',
      baseURL,
      credentials: { searchParams: { apikey: 'shared-rate' } },
      rateLimit: { requests: 1, intervalMs: 25, burst: 1 },
    };
    const first = createHttpClient(options);
    const second = createHttpClient(options);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 3 }, () => [
        first.request({ path: '/inventory' }),
        second.request({ path: '/inventory' }),
      ]).flat(),
    );
    expect(arrivals).toHaveLength(6);
    expectPaced(arrivals, start, 25, 1);
  });
});
