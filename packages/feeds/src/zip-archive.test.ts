// Parts Unlimited delivers BasePriceFile.csv and {DEALER}_PriceFile.csv in one ZIP (no public documentation).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryCatalog, NotFoundError, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from './__fixtures__/build-zip.js';
import { memorySource, partsUnlimitedBaseCsv, partsUnlimitedDealerCsv } from './__fixtures__/feed-test-helpers.js';
import { createFileSource } from './file-source.js';
import { createHttpSource } from './http-source.js';
import { ingestFeed } from './ingest-feed.js';
import {
  createPartsUnlimitedParser,
  PARTS_UNLIMITED_BASE_FILE_PATTERN,
  PARTS_UNLIMITED_DEALER_FILE_PATTERN,
} from './parts-unlimited-price-file-parser.js';
import { createZipArchive } from './zip-archive.js';

async function readAll(iterable: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('createZipArchive', () => {
  let directory: string;
  let zipPath: string;
  const base = partsUnlimitedBaseCsv([
    { 'Part Number': 'A1' },
    { 'Part Number': 'B2', 'Part Description': 'LEVER, "SHORTY"' },
  ]);
  const dealer = partsUnlimitedDealerCsv([
    ['A1', '21.00'],
    ['B2', '22.00'],
  ]);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'feeds-zip-test-'));
    zipPath = join(directory, 'pricefile.zip');
    await writeFile(
      zipPath,
      buildZip([
        { name: 'readme.txt', data: 'hello', deflate: false },
        { name: 'BasePriceFile.csv', data: base },
        { name: '12345_PriceFile.csv', data: dealer, deflate: false },
      ]),
    );
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('ingests a Parts Unlimited ZIP: both files picked by name pattern, deflated and stored entries alike', async () => {
    const zip = createZipArchive(zipPath);
    expect(await zip.entryNames()).toEqual(['readme.txt', 'BasePriceFile.csv', '12345_PriceFile.csv']);
    const catalog = createMemoryCatalog();
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source: zip.entry(PARTS_UNLIMITED_BASE_FILE_PATTERN),
      parser: createPartsUnlimitedParser({ dealerFile: zip.entry(PARTS_UNLIMITED_DEALER_FILE_PATTERN) }),
      catalog,
    });
    await zip.close();
    expect(summary).toMatchObject({ rowsRead: 2, offers: 2, upserted: 2, rejected: {}, warnings: {} });
    expect(await catalog.getOffer('parts-unlimited', 'B2')).toMatchObject({ cost: 2200, title: 'LEVER, "SHORTY"' });
  });

  it('matches names exactly, by base name, with wildcards (ignoring case) or by RegExp', async () => {
    const zip = createZipArchive(createFileSource(zipPath));
    expect(await readAll(await zip.entry('basepricefile.CSV').open())).toBe(base);
    expect(await readAll(await zip.entry('*_PriceFile.csv').open())).toBe(dealer);
    expect(await readAll(await zip.entry(/readme/).open())).toBe('hello');
    expect(zip.entry('*_PriceFile.csv').description).toBe(`${zipPath} → *_PriceFile.csv`);
  });

  it('names the entries it has when none matches', async () => {
    const error = await createZipArchive(zipPath)
      .entry('Inventory.csv')
      .open()
      .catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('entries: readme.txt, BasePriceFile.csv, 12345_PriceFile.csv');
  });

  it('refuses a corrupt or truncated archive with a ValidationError', async () => {
    const truncated = join(directory, 'truncated.zip');
    const whole = buildZip([{ name: 'BasePriceFile.csv', data: base }]);
    await writeFile(truncated, whole.subarray(0, whole.length - 30));
    await expect(createZipArchive(truncated).entry('BasePriceFile.csv').open()).rejects.toThrow(ValidationError);

    const damaged = Buffer.from(whole);
    damaged.fill(0x41, 50, 70); // inside the deflated data (local header 30 + name 17 bytes)
    const damagedPath = join(directory, 'damaged.zip');
    await writeFile(damagedPath, damaged);
    await expect(readAll(await createZipArchive(damagedPath).entry('BasePriceFile.csv').open())).rejects.toThrow(
      ValidationError,
    );
  });

  it('downloads a remote archive once to a temporary file, reads several entries from it, and removes it on close', async () => {
    const archive = buildZip([
      { name: 'BasePriceFile.csv', data: base },
      { name: '12345_PriceFile.csv', data: dealer },
    ]);
    let downloads = 0;
    const server: Server = createServer((_request, response) => {
      downloads++;
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': archive.length });
      response.end(archive);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const temporaryDirectory = await mkdtemp(join(tmpdir(), 'feeds-zip-download-'));
    try {
      const { port } = server.address() as AddressInfo;
      const zip = createZipArchive(createHttpSource(`http://127.0.0.1:${port}/pricefile.zip`), { temporaryDirectory });
      const catalog = createMemoryCatalog();
      await ingestFeed({
        distributor: 'parts-unlimited',
        source: zip.entry(PARTS_UNLIMITED_BASE_FILE_PATTERN),
        parser: createPartsUnlimitedParser({ dealerFile: zip.entry(PARTS_UNLIMITED_DEALER_FILE_PATTERN) }),
        catalog,
      });
      expect(downloads).toBe(1);
      expect(catalog.size).toBe(2);
      expect(await readdir(temporaryDirectory)).toHaveLength(1);
      await zip.close();
      expect(await readdir(temporaryDirectory)).toHaveLength(0);
      await expect(zip.entry('BasePriceFile.csv').open()).rejects.toThrow(/closed/);
    } finally {
      server.close();
      await rm(temporaryDirectory, { recursive: true, force: true });
    }
  });

  it('leaves no temporary file behind when the download fails, and tries again on the next read', async () => {
    const temporaryDirectory = await mkdtemp(join(tmpdir(), 'feeds-zip-failing-'));
    let attempts = 0;
    const flaky = {
      description: 'flaky archive',
      async open() {
        attempts++;
        if (attempts === 1) {
          return (async function* broken() {
            yield Buffer.from('PK');
            throw new Error('connection reset');
          })();
        }
        return memorySource(buildZip([{ name: 'a.csv', data: 'x\n1\n' }])).open();
      },
    };
    try {
      const zip = createZipArchive(flaky, { temporaryDirectory });
      await expect(zip.entry('a.csv').open()).rejects.toThrow('connection reset');
      expect(await readdir(temporaryDirectory)).toHaveLength(0);
      expect(await readAll(await zip.entry('a.csv').open())).toBe('x\n1\n');
      await zip.close();
      expect(existsSync(join(temporaryDirectory, 'archive.zip'))).toBe(false);
    } finally {
      await rm(temporaryDirectory, { recursive: true, force: true });
    }
  });

  it('validates its arguments', () => {
    expect(() => createZipArchive('')).toThrow(ValidationError);
    expect(() => createZipArchive(42 as never)).toThrow(ValidationError);
    expect(() => createZipArchive(zipPath).entry('')).toThrow(ValidationError);
  });
});

describe('createFileSource', () => {
  it('streams a local file and fails clearly for a missing file or a directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'feeds-file-test-'));
    try {
      const path = join(directory, 'feed.csv');
      await writeFile(path, 'a,b\n1,2\n');
      expect(await readAll(await createFileSource(path).open())).toBe('a,b\n1,2\n');
      const missing = await createFileSource(join(directory, 'nope.csv'))
        .open()
        .catch((caught: unknown) => caught);
      expect(NotFoundError.isInstance(missing)).toBe(true);
      expect((missing as Error).message).toMatch(/nope\.csv does not exist/);
      await expect(createFileSource(directory).open()).rejects.toThrow(/not a regular file/);
      expect(() => createFileSource('  ')).toThrow(ValidationError);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
