// ZIP bombs: entries have decompressed-size and compression-ratio limits, checked on the declared
// sizes before inflating and on the inflated bytes as they stream.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZeroBomb, buildZip } from './__fixtures__/build-zip.js';
import { memorySource } from './__fixtures__/feed-test-helpers.js';
import { createZipArchive } from './zip-archive.js';

const MiB = 1024 ** 2;

async function readCounting(iterable: AsyncIterable<Uint8Array>): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of iterable) bytes += chunk.byteLength;
  } catch (error) {
    return { bytes, error };
  }
  return { bytes, error: undefined };
}

describe('createZipArchive limits (ZIP bombs)', () => {
  let directory: string;
  let bombPath: string;
  let bombBytes: number;
  let liarPath: string;
  let zerosPath: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'feeds-zip-bomb-test-'));
    const bomb = buildZeroBomb('BasePriceFile.csv', 1024); // 1 GiB of zeros
    bombBytes = bomb.length;
    bombPath = join(directory, 'bomb.zip');
    await writeFile(bombPath, bomb);
    // The same kind of data, but the header claims 1 MiB: only inflating tells the truth.
    liarPath = join(directory, 'liar.zip');
    await writeFile(liarPath, buildZeroBomb('BasePriceFile.csv', 64, MiB, MiB));
    zerosPath = join(directory, 'zeros.zip');
    await writeFile(zerosPath, buildZeroBomb('zeros.bin', 4)); // 4 MiB of zeros, about 1,000 to 1
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses a 1 GiB entry in a ~1 MB archive before inflating it, naming the ratio', async () => {
    expect(bombBytes).toBeGreaterThan(0.9 * MiB);
    expect(bombBytes).toBeLessThan(2 * MiB);
    const started = performance.now();
    const zip = createZipArchive(bombPath);
    const error = await zip
      .entry('BasePriceFile.csv')
      .open()
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /declares 1073741824 bytes from \d+ compressed, a compression ratio of 10\d\d to 1, more than maxCompressionRatio \(100 to 1\).*before inflating/,
    );
    // Refused from the directory alone: far less time than inflating 1 GiB would take.
    expect(performance.now() - started).toBeLessThan(2_000);
    await zip.close();
  });

  it('stops an entry whose header lies about its size once the inflated bytes break a limit', async () => {
    const zip = createZipArchive(liarPath);
    const { bytes, error } = await readCounting(await zip.entry('BasePriceFile.csv').open());
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not a readable ZIP archive \(too many bytes in the stream/);
    expect(bytes).toBeLessThanOrEqual(MiB);
    // With a lower size limit the declared size alone is refused.
    const strict = createZipArchive(liarPath, { maxEntrySize: 512 * 1024 });
    const stopped = await strict
      .entry('BasePriceFile.csv')
      .open()
      .catch((caught: unknown) => caught);
    expect((stopped as Error).message).toMatch(/declares 1048576 bytes .*more than maxEntrySize \(524288 bytes\)/);
    await zip.close();
  });

  it('refuses an entry over maxEntrySize, and reads it when the limit allows', async () => {
    const text = `sku,price\n${'A-1,1.00\n'.repeat(200_000)}`; // 1.8 MB, stored uncompressed
    const archive = buildZip([{ name: 'feed.csv', data: text, deflate: false }]);
    const small = createZipArchive(memorySource(archive, 65_536), { maxEntrySize: MiB });
    await expect(small.entry('feed.csv').open()).rejects.toThrow(/more than maxEntrySize \(1048576 bytes\)/);
    await small.close();
    const roomy = createZipArchive(memorySource(archive, 65_536), { maxEntrySize: 4 * MiB });
    const { bytes, error } = await readCounting(await roomy.entry('feed.csv').open());
    expect(error).toBeUndefined();
    expect(bytes).toBe(Buffer.byteLength(text));
    await roomy.close();
  });

  it('reads a highly compressible entry when maxCompressionRatio allows it', async () => {
    const zip = createZipArchive(zerosPath);
    const refused = await zip
      .entry('zeros.bin')
      .open()
      .catch((caught: unknown) => caught);
    expect((refused as Error).message).toMatch(/maxCompressionRatio/);
    const allowed = createZipArchive(zerosPath, { maxCompressionRatio: 2_000 });
    const { bytes, error } = await readCounting(await allowed.entry('zeros.bin').open());
    expect(error).toBeUndefined();
    expect(bytes).toBe(4 * MiB);
    await zip.close();
    await allowed.close();
  });

  it('validates the limits', () => {
    expect(() => createZipArchive(bombPath, { maxEntrySize: 0 })).toThrow(/maxEntrySize/);
    expect(() => createZipArchive(bombPath, { maxCompressionRatio: 0.5 })).toThrow(/maxCompressionRatio/);
    expect(() => createZipArchive(bombPath, { maxEntrySize: 1.5 })).toThrow(ValidationError);
  });
});
