import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NotFoundError, parseWith, ValidationError } from '@dropship/core';
import { z } from 'zod';
import type { FeedSource } from './feed-types.js';

/** Options of {@link createFileSource}. */
export interface FileSourceOptions {
  /** Bytes per chunk read. Default 65,536 (64 KiB): small batches die young, which keeps the heap flat. */
  chunkSize?: number;
}

/** A {@link FeedSource} reading a local file; `path` is its absolute path. */
export interface FileSource extends FeedSource<Uint8Array> {
  /** Absolute path of the file. */
  readonly path: string;
}

const optionsSchema = z.strictObject({
  chunkSize: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional(),
});

/**
 * A feed read from a local file, streamed in chunks (`fs.createReadStream`).
 *
 * @param path - the file (relative paths are resolved against the working directory).
 * @param options - chunk size.
 * @throws `ValidationError` for an empty path or a bad option. `open()` rejects with
 * `NotFoundError` when the file does not exist and `ValidationError` when it is a directory.
 * @example
 * ```ts
 * const source = createFileSource('downloads/BasePriceFile.csv');
 * ```
 */
export function createFileSource(path: string, options: FileSourceOptions = {}): FileSource {
  parseWith(z.string().trim().min(1, 'must be a non-empty path'), path, 'file path');
  const settings = parseWith(optionsSchema, options, 'file source options');
  const absolute = resolve(path);
  return {
    description: absolute,
    path: absolute,
    async open(openOptions = {}) {
      openOptions.signal?.throwIfAborted();
      let info: Awaited<ReturnType<typeof stat>>;
      try {
        info = await stat(absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new NotFoundError(
          code === 'ENOENT'
            ? `file: ${absolute} does not exist`
            : `file: ${absolute} cannot be read (${code ?? 'error'})`,
          { service: 'file', url: absolute, cause: error },
        );
      }
      if (!info.isFile())
        throw new ValidationError('feed file', [{ path: absolute, message: 'is not a regular file' }]);
      return createReadStream(absolute, {
        highWaterMark: settings.chunkSize ?? 64 * 1024,
        ...(openOptions.signal ? { signal: openOptions.signal } : {}),
      });
    },
  };
}
