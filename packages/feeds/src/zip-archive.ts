import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, parseWith, ValidationError } from '@dropship/core';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { z } from 'zod';
import type { FeedOpenOptions, FeedSource } from './feed-types.js';

/** A ZIP archive whose entries are read as feed sources. */
export interface ZipArchive {
  /** What the archive is (the underlying source's description). */
  readonly description: string;
  /**
   * The entry whose name matches, as a source. A string matches the full name or the base name
   * ignoring case, with `*` and `?` wildcards; a RegExp is tested against the full name. The first
   * matching file entry is read.
   */
  entry(name: string | RegExp): FeedSource<Uint8Array>;
  /** Names of the file entries (downloads the archive first when it is remote). */
  entryNames(): Promise<string[]>;
  /** Removes the temporary copy of a remote archive. Safe to call more than once. */
  close(): Promise<void>;
}

/** Options of {@link createZipArchive}. */
export interface ZipArchiveOptions {
  /** Directory for the temporary copy of a remote archive. Default the OS temporary directory. */
  temporaryDirectory?: string;
  /**
   * Largest decompressed size of an entry, in bytes. An entry that declares more is refused
   * before it is inflated; one that inflates to more than it declares (a header that lies) is
   * stopped there (`yauzl`'s `validateEntrySizes`).
   * Default 2 GiB (a Parts Unlimited base price file is about 26 MB).
   */
  maxEntrySize?: number;
  /**
   * Largest ratio of an entry's decompressed size to its compressed size (a ZIP bomb expands a
   * 1 MB archive to 1 GiB: about 1,000 to 1), checked on the declared sizes before inflating;
   * entries of up to 1 MiB are exempt (tiny files compress well). CSV price files compress about
   * 5 to 15 to 1. Default 100.
   */
  maxCompressionRatio?: number;
}

/** Default {@link ZipArchiveOptions.maxEntrySize}: 2 GiB. */
export const DEFAULT_MAX_ZIP_ENTRY_SIZE = 2 * 1024 ** 3;

/** Default {@link ZipArchiveOptions.maxCompressionRatio}. */
export const DEFAULT_MAX_COMPRESSION_RATIO = 100;

/** Entries up to this decompressed size skip the ratio check. */
const RATIO_EXEMPT_BYTES = 1024 ** 2;

const optionsSchema = z.strictObject({
  temporaryDirectory: z.string().trim().min(1).optional(),
  maxEntrySize: z.number().int().positive().optional(),
  maxCompressionRatio: z.number().min(1).optional(),
});

/** The entry-size and compression-ratio limits in force. */
interface ExpansionLimits {
  maxEntrySize: number;
  maxCompressionRatio: number;
}

/** Why an entry of `compressedSize` bytes that declares `size` bytes breaks a limit, or `undefined`. */
function expansionProblem(size: number, compressedSize: number, limits: ExpansionLimits): string | undefined {
  if (size > limits.maxEntrySize) return `more than maxEntrySize (${limits.maxEntrySize} bytes)`;
  if (size <= RATIO_EXEMPT_BYTES) return undefined;
  if (compressedSize <= 0 || size / compressedSize > limits.maxCompressionRatio) {
    const ratio = compressedSize <= 0 ? 'unbounded' : `${Math.round(size / compressedSize)} to 1`;
    return `a compression ratio of ${ratio}, more than maxCompressionRatio (${limits.maxCompressionRatio} to 1)`;
  }
  return undefined;
}

function expansionRefused(description: string, entry: Entry, why: string): ValidationError {
  return new ValidationError('ZIP archive', [
    {
      path: `${description} → ${entry.fileName}`,
      message: `declares ${entry.uncompressedSize} bytes from ${entry.compressedSize} compressed, ${why}; refused as a possible ZIP bomb before inflating it`,
    },
  ]);
}

function isFeedSource(value: unknown): value is FeedSource<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as FeedSource).open === 'function';
}

function toMatcher(name: string | RegExp): (entryName: string) => boolean {
  if (name instanceof RegExp) return (entryName) => name.test(entryName);
  const pattern = new RegExp(
    `^${name
      .split('')
      .map((character) =>
        character === '*' ? '[^/]*' : character === '?' ? '[^/]' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
    'i',
  );
  return (entryName) => pattern.test(entryName) || pattern.test(basename(entryName));
}

function invalidArchive(description: string, error: unknown): ValidationError {
  const message = error instanceof Error ? error.message : String(error);
  return new ValidationError(
    'ZIP archive',
    [{ path: description, message: `is not a readable ZIP archive (${message})` }],
    { cause: error },
  );
}

function openZip(path: string, description: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zipfile) => {
      if (error || !zipfile) reject(invalidArchive(description, error));
      else resolve(zipfile);
    });
  });
}

/** Walks the entries lazily until `accept` returns true; resolves with that entry or undefined, and every file name seen. */
function findEntry(
  zipfile: ZipFile,
  accept: (entry: Entry) => boolean,
  description: string,
): Promise<{ entry: Entry | undefined; names: string[] }> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    const cleanup = () => {
      zipfile.off('entry', onEntry);
      zipfile.off('end', onEnd);
      zipfile.off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      if (entry.fileName.endsWith('/')) return zipfile.readEntry();
      names.push(entry.fileName);
      if (accept(entry)) {
        cleanup();
        resolve({ entry, names });
      } else {
        zipfile.readEntry();
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ entry: undefined, names });
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(invalidArchive(description, error));
    };
    zipfile.on('entry', onEntry);
    zipfile.on('end', onEnd);
    zipfile.on('error', onError);
    zipfile.readEntry();
  });
}

/**
 * Opens a ZIP archive (Parts Unlimited delivers its price files as one) so that its entries can be
 * read as feed sources, streamed with `yauzl` (`lazyEntries`: the central directory is walked one
 * entry at a time, and only the chosen entry is inflated, chunk by chunk).
 *
 * A ZIP can only be read from a file (its directory is at the end), so a remote archive (HTTP,
 * FTP, any non-file source) is first streamed to a temporary file, once, whichever entries are
 * then read; `close()` removes it (and it is removed at process exit in any case). A local path
 * or a `createFileSource` is read in place.
 *
 * Entries are bounded (a ZIP bomb is refused): an entry declaring more than `maxEntrySize`
 * bytes or a compression ratio above `maxCompressionRatio` is refused before it is inflated, and
 * inflating stops as soon as an entry yields more bytes than it declared (`yauzl` counts them as
 * they stream), so neither memory nor disk ever holds the expansion.
 *
 * @param archive - a local path, or a source of the archive's bytes.
 * @param options - where to keep the temporary copy, and the entry limits.
 * @throws `ValidationError` for a bad argument. Reading an entry rejects with
 * `ValidationError` for a corrupt archive or an entry over the limits, and `NotFoundError`
 * (listing the entries) when no entry matches.
 * @example
 * ```ts
 * const zip = createZipArchive(createHttpSource(priceFileUrl, { username, password }));
 * try {
 *   const names = await zip.entryNames(); // ['BasePriceFile.csv', '12345_PriceFile.csv']
 *   const base = zip.entry('BasePriceFile.csv');
 *   const dealer = zip.entry('*_PriceFile.csv');
 * } finally {
 *   await zip.close();
 * }
 * ```
 */
export function createZipArchive(
  archive: string | FeedSource<Uint8Array>,
  options: ZipArchiveOptions = {},
): ZipArchive {
  const settings = parseWith(optionsSchema, options, 'ZIP archive options');
  const limits: ExpansionLimits = {
    maxEntrySize: settings.maxEntrySize ?? DEFAULT_MAX_ZIP_ENTRY_SIZE,
    maxCompressionRatio: settings.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
  };
  if (typeof archive !== 'string' && !isFeedSource(archive)) {
    throw new ValidationError('ZIP archive', [{ path: 'archive', message: 'must be a file path or a feed source' }]);
  }
  if (typeof archive === 'string' && archive.trim().length === 0) {
    throw new ValidationError('ZIP archive', [{ path: 'archive', message: 'must be a non-empty file path' }]);
  }
  const localPath = typeof archive === 'string' ? archive : (archive as { path?: unknown }).path;
  const description = typeof archive === 'string' ? archive : archive.description;
  let download: Promise<string> | undefined;
  let temporaryDirectory: string | undefined;
  let closed = false;
  const removeAtExit = () => {
    if (temporaryDirectory) rmSync(temporaryDirectory, { recursive: true, force: true });
  };

  async function downloadOnce(source: FeedSource<Uint8Array>, signal: AbortSignal | undefined): Promise<string> {
    const directory = await mkdtemp(join(settings.temporaryDirectory ?? tmpdir(), 'dropship-feed-'));
    temporaryDirectory = directory;
    process.once('exit', removeAtExit);
    const file = join(directory, 'archive.zip');
    try {
      const chunks = await source.open(signal ? { signal } : {});
      await pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(file));
      return file;
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      temporaryDirectory = undefined;
      process.off('exit', removeAtExit);
      throw error;
    }
  }

  async function archivePath(signal: AbortSignal | undefined): Promise<string> {
    if (closed) throw new ValidationError('ZIP archive', [{ path: description, message: 'is closed' }]);
    if (typeof localPath === 'string') return localPath;
    if (download === undefined) {
      download = downloadOnce(archive as FeedSource<Uint8Array>, signal);
      download.catch(() => {
        download = undefined;
      });
    }
    return download;
  }

  async function openEntry(name: string | RegExp, openOptions: FeedOpenOptions): Promise<AsyncIterable<Uint8Array>> {
    openOptions.signal?.throwIfAborted();
    const path = await archivePath(openOptions.signal);
    const zipfile = await openZip(path, description);
    const matches = toMatcher(name);
    let stream: Readable;
    try {
      const { entry, names } = await findEntry(zipfile, (candidate) => matches(candidate.fileName), description);
      if (entry === undefined) {
        const listed =
          names.length === 0
            ? 'no file entries'
            : `entries: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`;
        throw new NotFoundError(`zip: no entry matching ${String(name)} in ${description} (${listed})`, {
          service: 'zip',
          url: description,
        });
      }
      const problem = expansionProblem(entry.uncompressedSize, entry.compressedSize, limits);
      if (problem !== undefined) throw expansionRefused(description, entry, problem);
      try {
        stream = await zipfile.openReadStreamPromise(entry);
      } catch (error) {
        throw invalidArchive(description, error);
      }
    } catch (error) {
      zipfile.close();
      throw error;
    }
    const signal = openOptions.signal;
    const abort = () => stream.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', abort, { once: true });
    return (async function* chunks() {
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw invalidArchive(description, error);
      } finally {
        signal?.removeEventListener('abort', abort);
        stream.destroy();
        zipfile.close();
      }
    })();
  }

  return {
    description,
    entry(name) {
      if (!(name instanceof RegExp) && (typeof name !== 'string' || name.trim().length === 0)) {
        throw new ValidationError('ZIP entry name', [
          { path: 'name', message: 'must be a non-empty name, wildcard pattern or RegExp' },
        ]);
      }
      return {
        description: `${description} → ${String(name)}`,
        open: (openOptions = {}) => openEntry(name, openOptions),
      };
    },
    async entryNames() {
      const path = await archivePath(undefined);
      const zipfile = await openZip(path, description);
      try {
        return (await findEntry(zipfile, () => false, description)).names;
      } finally {
        zipfile.close();
      }
    },
    async close() {
      closed = true;
      const pending = download;
      download = undefined;
      if (pending) await pending.catch(() => undefined);
      if (temporaryDirectory) {
        await rm(temporaryDirectory, { recursive: true, force: true });
        temporaryDirectory = undefined;
        process.off('exit', removeAtExit);
      }
    },
  };
}
