import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, ConfigurationError, NetworkError, ResponseParseError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.js';
import { httpTuningOptionsShape, rateLimitOptionSchema } from './http-tuning-options.js';
import type { HttpClientOptions, HttpEvent } from './http-types.js';
import { mayHaveActed } from './index.js';

/** What a loopback server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Seen, response: ServerResponse) => void;

/** A loopback server whose handler each test sets, recording every request it gets. */
function loopback() {
  const seen: Seen[] = [];
  let handler: Handler = (_request, response) => response.writeHead(500).end();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, response);
    });
  });
  return {
    seen,
    server,
    get origin() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    handle(next: Handler) {
      seen.length = 0;
      handler = next;
    },
    start: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const api = loopback();
const elsewhere = loopback();
beforeAll(async () => {
  await Promise.all([api.start(), elsewhere.start()]);
});
afterAll(async () => {
  await Promise.all([api.stop(), elsewhere.stop()]);
});

let counter = 0;
function client(overrides: Partial<HttpClientOptions> = {}) {
  counter += 1;
  const events: HttpEvent[] = [];
  const instance = createHttpClient({
    service: 'example',
    baseURL: `${api.origin}/v1`,
    credentials: {
      headers: { 'api-key': `SENTINEL-HEADER-KEY-${counter}`, 'X-Shopify-Access-Token': 'SENTINEL-SHOPIFY-TOKEN' },
      searchParams: { apikey: 'SENTINEL-QUERY-KEY' },
    },
    redact: ['SENTINEL-REFRESH-TOKEN', 'SENTINEL-CLIENT-SECRET'],
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { http: instance, events };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function everythingIn(error: unknown, events: HttpEvent[]): string {
  const record = error as Record<string, unknown>;
  return [String(record.message), String(record.stack), JSON.stringify(error), JSON.stringify(events)].join('\n');
}

const secretForm = {
  grant_type: 'refresh_token',
  refresh_token: 'SENTINEL-REFRESH-TOKEN',
  client_secret: 'SENTINEL-CLIENT-SECRET',
};

describe('redirects', () => {
  it('follows a same-origin redirect of a read, with its credentials', async () => {
    api.handle((request, response) => {
      if (request.url.startsWith('/v1/old')) {
        response.writeHead(302, { location: '/v1/new?page=2' }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
    const { http } = client();
    const response = await http.request({ path: '/old', schema: z.object({ ok: z.boolean() }) });
    expect(response.data).toEqual({ ok: true });
    expect(api.seen.map((request) => request.url.split('?')[0])).toEqual(['/v1/old', '/v1/new']);
    expect(api.seen[1]?.headers['api-key']).toMatch(/^SENTINEL-HEADER-KEY-/);
  });

  it('repeats the method and body on a same-origin 307, and turns a POST into a GET on a 303', async () => {
    api.handle((request, response) => {
      if (request.url.startsWith('/v1/token?')) response.writeHead(307, { location: '/v1/token2' }).end();
      else if (request.url.startsWith('/v1/orders?')) response.writeHead(303, { location: '/v1/orders/7' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    const { http } = client();
    await http.request({ method: 'POST', path: '/token', form: secretForm });
    expect(api.seen.map((request) => [request.method, request.url.split('?')[0], request.body.length > 0])).toEqual([
      ['POST', '/v1/token', true],
      ['POST', '/v1/token2', true],
    ]);
    api.seen.length = 0;
    await http.request({ method: 'POST', path: '/orders', json: { po: 'PO-1' } });
    expect(api.seen.map((request) => [request.method, request.url.split('?')[0], request.body])).toEqual([
      ['POST', '/v1/orders', '{"po":"PO-1"}'],
      ['GET', '/v1/orders/7', ''],
    ]);
  });

  for (const status of [301, 302, 303, 307, 308]) {
    it(`never sends a credential to another origin on a ${status} (headers, query string, body): a typed error names the redacted target`, async () => {
      elsewhere.handle((_request, response) => response.writeHead(200).end('{}'));
      api.handle((_request, response) =>
        response.writeHead(status, { location: `${elsewhere.origin}/steal?apikey=SENTINEL-QUERY-KEY&x=1` }).end(),
      );
      const { http, events } = client();
      const read = await failure(http.request({ path: '/stock', searchParams: { item: 'A' } }));
      const write = await failure(http.request({ method: 'POST', path: '/token', form: secretForm }));
      expect(elsewhere.seen).toHaveLength(0);
      for (const error of [read, write]) {
        expect(ApiError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ code: 'unexpected-status', status, isRetryable: false });
        // The server answered, but not with the documented answer: a write may have been done.
        expect(mayHaveActed(error)).toBe(true);
        expect((error as Error).message).toContain(
          `redirect to another origin (${elsewhere.origin}/steal?apikey=[REDACTED]&x=1)`,
        );
        const exposed = everythingIn(error, events);
        for (const secret of [
          'SENTINEL-HEADER-KEY',
          'SENTINEL-SHOPIFY-TOKEN',
          'SENTINEL-QUERY-KEY',
          'SENTINEL-REFRESH-TOKEN',
          'SENTINEL-CLIENT-SECRET',
        ]) {
          expect(exposed).not.toContain(secret);
        }
      }
      // Not retried: the same answer would come back.
      expect(api.seen).toHaveLength(2);
    });
  }

  it('stops after 5 same-origin redirects in a row', async () => {
    api.handle((request, response) => response.writeHead(302, { location: `${request.url.split('?')[0]}x` }).end());
    const { http } = client({ retry: { retries: 0 } });
    const error = await failure(http.request({ path: '/loop' }));
    expect(error).toMatchObject({ code: 'unexpected-status', status: 302 });
    expect((error as Error).message).toContain('more than 5 redirects');
    expect(api.seen).toHaveLength(6);
  });
});

describe('response size', () => {
  /** Streams `megabytes` MB of JSON-ish bytes without a content-length; records how much it got out. */
  function hugeAnswer(megabytes: number, declareLength: boolean) {
    const sent = { bytes: 0, closed: false, closedEarly: false };
    api.handle((_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const total = megabytes * 1024 * 1024;
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(total) } : {}),
      });
      response.on('close', () => {
        sent.closed = true;
        sent.closedEarly = sent.bytes < total;
      });
      const pump = () => {
        while (sent.bytes < total) {
          sent.bytes += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    return sent;
  }

  it('stops reading a 50 MB answer at the limit: ResponseParseError, memory stays bounded', async () => {
    const sent = hugeAnswer(50, false);
    const { http } = client({ maxResponseBytes: 1024 * 1024, retry: { retries: 0 } });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const error = await failure(http.request({ path: '/catalog' }));
    const growth = process.memoryUsage().rss - before;
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than the 1048576 bytes allowed');
    expect(growth).toBeLessThan(30 * 1024 * 1024);
    // The client drops the connection; wait for the server to see it (no fixed delay: under load it takes longer).
    await vi.waitFor(() => expect(sent.closed).toBe(true), { timeout: 5_000, interval: 10 });
    expect(sent.closedEarly).toBe(true);
    expect(sent.bytes).toBeLessThan(25 * 1024 * 1024);
  });

  it('refuses a declared content-length over the limit before reading, with the default 10 MiB limit', async () => {
    const sent = hugeAnswer(50, true);
    const { http } = client({ retry: { retries: 0 } });
    const error = await failure(http.request({ path: '/catalog' }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than the 10485760 bytes allowed');
    expect((error as Error).message).toContain('content-length 52428800');
    // The client drops the connection; wait for the server to see it (no fixed delay: under load it takes longer).
    await vi.waitFor(() => expect(sent.closed).toBe(true), { timeout: 5_000, interval: 10 });
    expect(sent.closedEarly).toBe(true);
  });

  it('reads an answer just under the limit', async () => {
    const body = JSON.stringify({ text: 'b'.repeat(2_000) });
    api.handle((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const { http } = client({ maxResponseBytes: 2_048 });
    const response = await http.request({ path: '/small', schema: z.object({ text: z.string() }) });
    expect(response.data.text).toHaveLength(2_000);
  });
});

describe('invalid UTF-8', () => {
  it('is a ResponseParseError for a JSON answer, not a silently mangled value', async () => {
    api.handle((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(Buffer.concat([Buffer.from('{"orders":[{"po":"PO-'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')])),
    );
    const { http } = client();
    const error = await failure(http.request({ path: '/orders', schema: z.object({ orders: z.array(z.unknown()) }) }));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('not valid UTF-8');
  });

  it('keeps the status error for a failed answer whose page is not UTF-8', async () => {
    api.handle((_request, response) => response.writeHead(503).end(Buffer.from([0x3c, 0x70, 0xff, 0x3e])));
    const { http } = client({ retry: { retries: 0 } });
    const error = await failure(http.request({ path: '/orders' }));
    expect(error).toMatchObject({ code: 'server', status: 503 });
  });
});

describe('option ranges', () => {
  const tuning = z.strictObject({ ...httpTuningOptionsShape, rateLimit: rateLimitOptionSchema });

  it.each([
    [{ retry: { retries: -1 } }],
    [{ retry: { retries: 1e9 } }],
    [{ retry: { retries: 1.5 } }],
    [{ retry: { maxRetryAfterMs: 1e12 } }],
    [{ retry: { retires: 2 } }],
    [{ timeoutMs: 0 }],
    [{ timeoutMs: 1e12 }],
    [{ concurrency: 1e9 }],
    [{ rateLimit: { requests: 1e9, intervalMs: 1_000 } }],
    [{ rateLimit: { requests: 10, intervalMs: -5 } }],
    [{ maxResponseBytes: 10 }],
    [{ maxResponseBytes: 1e12 }],
  ] as Partial<HttpClientOptions>[][])('refuses %j', (options) => {
    expect(() => client(options)).toThrow(ConfigurationError);
    const { maxResponseBytes: _ignored, ...shared } = options;
    if (Object.keys(shared).length > 0) expect(tuning.safeParse(shared).success).toBe(false);
  });

  it('accepts the edges of every range', () => {
    const edges = {
      timeoutMs: 600_000,
      retry: { retries: 10, minDelayMs: 0, maxDelayMs: 600_000, maxRetryAfterMs: 3_600_000 },
      concurrency: 1_000,
      rateLimit: { requests: 100_000, intervalMs: 86_400_000, burst: 1 },
    };
    expect(tuning.safeParse(edges).success).toBe(true);
    expect(() => client({ ...edges, maxResponseBytes: 1_024 })).not.toThrow();
  });
});

describe('option shape', () => {
  it.each([
    ['an unknown key', { retires: 3 }, /retires/],
    ['an unknown credentials key', { credentials: { header: { 'api-key': 'long-enough-key' } } }, /`credentials`/],
    ['a header value that is not text', { credentials: { headers: { 'api-key': 42 } } }, /api-key/],
    ['a header fetch cannot send (NUL)', { headers: { accept: '\u0000' } }, /`headers\.accept`/],
    ['a redact list that is a string', { redact: 'dealer-1234' }, /`redact`/],
    ['a redact value that is not text', { redact: [null] }, /`redact\.0`|`redact\[0\]`/],
    ['credentials that are a symbol', { credentials: Symbol('creds') }, /`credentials`/],
    ['an onEvent that is not a function', { onEvent: 'log' }, /`onEvent`/],
  ])('refuses %s with a ConfigurationError naming it', (_label, extra, names) => {
    expect(() => client(extra as never)).toThrow(ConfigurationError);
    expect(() => client(extra as never)).toThrow(names);
  });

  it.each([[null], ['wps'], [42], [[]]])('refuses options that are not an object (%j)', (options) => {
    expect(() => createHttpClient(options as never)).toThrow(ConfigurationError);
  });
});

describe('secrets', () => {
  it.each([
    ['a credential header', { credentials: { headers: { 'api-key': 'k3y' } } }],
    ['a bearer token', { credentials: { headers: { Authorization: 'Bearer abc' } } }],
    ['a query-string credential', { credentials: { searchParams: { cust: '1234' } } }],
    ['the password of baseURL', { baseURL: 'http://dealer:kyRo@127.0.0.1:9/v1' }],
  ] as [string, Partial<HttpClientOptions>][])(
    'refuses %s shorter than 6 characters, without printing it',
    (_name, options) => {
      const error = (() => {
        try {
          client(options);
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('expected a ConfigurationError');
      })();
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error.message).toContain('shorter than 6 characters');
      for (const secret of ['k3y', 'abc', '1234', 'kyRo']) expect(error.message).not.toContain(secret);
    },
  );

  it.each([['7'], ['42'], [' 42 ']])(
    'refuses a redact value (an identifier) of fewer than 3 characters: %j',
    (value) => {
      let caught: unknown;
      try {
        client({ redact: [value] });
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toContain('`redact[0]`');
      expect((caught as Error).message).toContain('shorter than 3 characters');
    },
  );

  it('accepts a short account identifier to redact (a 4-character dealer number) and hides it as a whole token only', () => {
    const { http } = client({ redact: ['D100'] });
    expect(http.redact('dealer D100 ordered SKU D1000 at /orders?dealer=D100')).toBe(
      'dealer [REDACTED] ordered SKU D1000 at /orders?dealer=[REDACTED]',
    );
    expect(() => client({ redact: ['abc'] })).not.toThrow();
  });

  it('asks only the identifier minimum of a credential named in `identifiers` (a short customer number), and still redacts it', async () => {
    const events: HttpEvent[] = [];
    const http = createHttpClient({
      service: 'example',
      baseURL: `${api.origin}/v1`,
      credentials: { searchParams: { apikey: 'SENTINEL-QUERY-KEY', cust: '4711' }, identifiers: ['CUST'] },
      retry: { retries: 0 },
      onEvent: (event) => events.push(event),
    });
    await failure(http.request({ path: '/missing4711' }));
    const shown = JSON.stringify(events);
    expect(shown).toContain('cust=[REDACTED]');
    expect(shown).toContain('missing4711');
    expect(shown).not.toMatch(/cust=4711/);
    expect(() => client({ credentials: { searchParams: { cust: '4711' }, identifiers: ['apikey'] } })).toThrow(
      /`cust` query parameter is 4 characters long; secrets shorter than 6/,
    );
    expect(() => client({ credentials: { searchParams: { cust: '47' }, identifiers: ['cust'] } })).toThrow(
      /`cust` credential \(an identifier\) is 2 characters long; identifiers to redact shorter than 3/,
    );
  });

  it('redacts a short secret as a whole token only, so unrelated words stay readable', () => {
    const { http } = client({ redact: ['ckeRoc'] });
    expect(http.redact('tuckeRocky and ckeRoc and ?cust=ckeRoc&x=1')).toBe(
      'tuckeRocky and [REDACTED] and ?cust=[REDACTED]&x=1',
    );
  });

  it('redacts the password of a baseURL from every error and event', async () => {
    const events: HttpEvent[] = [];
    const http = createHttpClient({
      service: 'example',
      baseURL: `http://dealer:SENTINEL-URL-PASSWORD@127.0.0.1:${(api.server.address() as AddressInfo).port}/v1`,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
      onEvent: (event) => events.push(event),
    });
    const error = await failure(http.request({ path: '/stock' }));
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('dealer:[REDACTED]@');
    const exposed = everythingIn(error, events);
    expect(exposed).not.toContain('SENTINEL-URL-PASSWORD');
    expect(events.some((event) => event.type === 'error')).toBe(true);
  });
});
