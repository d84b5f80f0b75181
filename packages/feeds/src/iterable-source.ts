import { parseWith } from '@dropship/core';
import { z } from 'zod';
import type { FeedOpenOptions, FeedSource } from './feed-types.js';

/**
 * A {@link FeedSource} over any async iterable, typically an API read page by page (for example
 * `listWpsItems` from `@dropship/wps`). `open` is called for every read.
 *
 * @param description - what is read, for progress and errors; must not contain credentials.
 * @param open - starts a read and returns its chunks (pages of records, or bytes).
 * @throws `ValidationError` for an empty description or a missing function.
 * @example
 * ```ts
 * const source = createIterableSource('WPS /items', () => listWpsItems({ apiToken }));
 * ```
 */
export function createIterableSource<T>(
  description: string,
  open: (options: FeedOpenOptions) => AsyncIterable<T> | Promise<AsyncIterable<T>>,
): FeedSource<T> {
  parseWith(z.string().trim().min(1, 'must describe the source'), description, 'iterable source description');
  parseWith(
    z.custom<typeof open>((value) => typeof value === 'function', 'must be a function'),
    open,
    'iterable source open',
  );
  return {
    description,
    async open(options = {}) {
      options.signal?.throwIfAborted();
      return open(options);
    },
  };
}
