import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationError,
  createMemoryCatalog,
  NetworkError,
  NotFoundError,
  ServerError,
  ValidationError,
} from '@dropship/core';
import { afterEach, describe, expect, it } from 'vitest';
import { partsUnlimitedBaseCsv } from './__fixtures__/feed-test-helpers.js';
import { createHttpSource } from './http-source.js';
import type { FeedProgress } from './ingest-feed.js';
import { ingestFeed } from './ingest-feed.js';
import { createPartsUnlimitedParser } from './parts-unlimited-price-file-parser.js';
import { createPartsUnlimitedPriceFileSource } from './parts-unlimited-price-file-source.js';

const PASSWORD = 'sentinel-pa55word-93f1';
const USER = 'sentinel-user-7c2e';
const TOKEN = 'sentinel-token-4d8a';

let server: Server | undefined;

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

function expectNoSecrets(value: unknown): void {
  const seen = new Set<unknown>();
  const texts: string[] = [];
  const walk = (item: unknown, depth: number) => {
    if (item === null || item === undefined || depth > 6 || seen.has(item)) return;
    if (typeof item === 'string') return void texts.push(item);
    if (typeof item !== 'object') return void texts.push(String(item));
    seen.add(item);
    if (item instanceof Error) texts.push(item.message, item.stack ?? '');
    for (const key of Object.getOwnPropertyNames(item)) walk((item as Record<string, unknown>)[key], depth + 1);
  };
  walk(value, 0);
  const joined = texts.join('\n');
  for (const secret of [PASSWORD, USER, TOKEN, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')]) {
    expect(joined).not.toContain(secret);
  }
}

describe('createHttpSource', () => {
  const file = partsUnlimitedBaseCsv(Array.from({ length: 40 }, (_, index) => ({ 'Part Number': `P${index}` })));

  it('streams the body chunk by chunk into the catalog, with Basic credentials taken from the URL', async () => {
    let authorization: string | undefined;
    const base = await serve((request, response) => {
      authorization = request.headers.authorization;
      response.writeHead(200, { 'content-type': 'text/csv' });
      // Several writes: the parser sees the body as it arrives, cut anywhere.
      const bytes = Buffer.from(file);
      let position = 0;
      const next = () => {
        if (position >= bytes.length) return void response.end();
        response.write(bytes.subarray(position, position + 333), next);
        position += 333;
      };
      next();
    });
    const url = `${base.replace('http://', `http://${USER}:${encodeURIComponent(PASSWORD)}@`)}/feeds/BasePriceFile.csv?token=${TOKEN}`;
    const source = createHttpSource(url);
    expect(source.description).toBe(`${base}/feeds/BasePriceFile.csv?…`);
    const reports: FeedProgress[] = [];
    const catalog = createMemoryCatalog();
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source,
      parser: createPartsUnlimitedParser(),
      catalog,
      progressIntervalMs: 0,
      onProgress: (progress) => reports.push(progress),
    });
    expect(authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
    expect(summary).toMatchObject({ rowsRead: 40, offers: 40, bytesRead: Buffer.byteLength(file) });
    expect(catalog.size).toBe(40);
    expectNoSecrets([summary, reports, source]);
  });

  it('maps a refused login to AuthenticationError without leaking the password, the user or a token', async () => {
    const base = await serve((request, response) => {
      response.writeHead(401, { 'content-type': 'text/plain' });
      response.end(`bad credentials for ${USER} (${request.headers.authorization})`);
    });
    const error = await createHttpSource(`${base}/file.csv?apikey=${TOKEN}`, {
      username: USER,
      password: PASSWORD,
      headers: { 'X-Api-Key': TOKEN },
    })
      .open()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain('[REDACTED]');
    expectNoSecrets(error);
  });

  it('maps 404 and 5xx to NotFoundError and ServerError', async () => {
    const base = await serve((request, response) => {
      response.writeHead(request.url === '/missing.csv' ? 404 : 503);
      response.end('no');
    });
    await expect(createHttpSource(`${base}/missing.csv`).open()).rejects.toSatisfy((error) =>
      NotFoundError.isInstance(error),
    );
    await expect(createHttpSource(`${base}/busy.csv`).open()).rejects.toSatisfy((error) =>
      ServerError.isInstance(error),
    );
  });

  it('fails with NetworkError when the connection drops mid-body, and the catalog keeps yesterday’s offers', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    const complete = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': Buffer.byteLength(file) });
      response.end(file);
    });
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: createHttpSource(`${complete}/f.csv`),
      parser,
      catalog,
    });
    const first = server;
    server = undefined;
    first?.closeAllConnections();
    await new Promise((resolve) => first?.close(resolve));

    const cut = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': Buffer.byteLength(file) });
      response.write(file.slice(0, 1500), () => response.socket?.destroy());
    });
    const error = await ingestFeed({
      distributor: 'parts-unlimited',
      source: createHttpSource(`${cut}/f.csv`, { password: PASSWORD }),
      parser,
      catalog,
    }).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/while downloading/);
    expectNoSecrets(error);
    expect(catalog.size).toBe(40);
  });

  it('gives up with NetworkError when no data arrives for idleTimeoutMs', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(200);
      response.write('Part Number,Base Dealer Price\n');
      // then silence
    });
    const chunks = await createHttpSource(`${base}/slow.csv`, { idleTimeoutMs: 150 }).open();
    const error = await (async () => {
      for await (const _ of chunks) {
        // read until it fails
      }
    })().catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no data for 150 ms/);
  });

  it('reports an unreachable host as NetworkError', async () => {
    const base = await serve(() => undefined);
    const closing = server;
    server = undefined;
    await new Promise((resolve) => closing?.close(resolve));
    await expect(createHttpSource(`${base}/x.csv`, { bearerToken: TOKEN }).open()).rejects.toSatisfy(
      (error) => NetworkError.isInstance(error) && !String((error as Error).message).includes(TOKEN),
    );
  });

  it('refuses URLs that are not http(s) and unknown options', () => {
    expect(() => createHttpSource('ftp://example.com/a.csv')).toThrow(ValidationError);
    expect(() => createHttpSource('not a url')).toThrow(ValidationError);
    expect(() => createHttpSource('https://example.com/a.csv', { pasword: 'x' } as never)).toThrow(ValidationError);
  });
});

describe('createPartsUnlimitedPriceFileSource', () => {
  it('POSTs the price-file request with the portal credentials as Basic "{dealer}/{user}:{password}" (no public documentation)', async () => {
    let seen: { method?: string; authorization?: string; body?: unknown } = {};
    const base = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        seen = { method: request.method, authorization: request.headers.authorization, body: JSON.parse(body) };
        response.writeHead(200, { 'content-type': 'application/zip' });
        response.end('PK');
      });
    });
    const source = createPartsUnlimitedPriceFileSource({
      dealerNumber: 'D4242',
      username: USER,
      password: PASSWORD,
      url: `${base}/api/quotes/v2/pricefile`,
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of await source.open()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('PK');
    expect(seen).toEqual({
      method: 'POST',
      authorization: `Basic ${Buffer.from(`D4242/${USER}:${PASSWORD}`).toString('base64')}`,
      body: {
        dealerCodes: ['D4242'],
        headersPrepended: true,
        auxillaryColumns: ['BRAND_NAME', 'UPC_CODE'],
        attachingCatalogs: [],
      },
    });
  });

  it('hides the dealer number and credentials when the portal refuses them', async () => {
    const base = await serve((_request, response) => {
      response.writeHead(403);
      response.end('dealer D4242 is not allowed');
    });
    const error = await createPartsUnlimitedPriceFileSource({
      dealerNumber: 'D4242',
      username: USER,
      password: PASSWORD,
      url: `${base}/pricefile`,
    })
      .open()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(
      JSON.stringify({ message: (error as Error).message, body: (error as AuthenticationError).responseBody }),
    ).not.toContain('D4242');
    expectNoSecrets(error);
  });

  it('names the missing portal credential', () => {
    expect(() => createPartsUnlimitedPriceFileSource({ dealerNumber: 'D1', username: 'u' })).toThrow(/password/);
  });
});
