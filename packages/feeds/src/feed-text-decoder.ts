import { TextDecoder } from 'node:util';
import { ValidationError } from '@dropship/core';

/** Text encodings a feed may be decoded with. A byte-order mark in the data wins over the setting. */
export type FeedEncoding = 'utf-8' | 'latin1' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Encodings accepted by {@link createFeedTextDecoder}. */
export const feedEncodings: readonly FeedEncoding[] = ['utf-8', 'latin1', 'windows-1252', 'utf-16le', 'utf-16be'];

/** Turns the byte (or string) chunks of a feed into text, across chunk boundaries. */
export interface FeedTextDecoder {
  /** Decodes one chunk. A multi-byte character cut by the chunk boundary is completed by the next chunk. */
  decode(chunk: Uint8Array | string): string;
  /** Flushes what is left at the end of the data (a dangling partial character becomes U+FFFD). */
  end(): string;
  /** The encoding in use: the one asked for, or the one the byte-order mark named. */
  readonly encoding: FeedEncoding;
}

/** Reads a byte-order mark: its length and encoding, `undefined` when there is none, `'short'` when more bytes are needed. */
function detectByteOrderMark(bytes: Uint8Array): { length: number; encoding: FeedEncoding } | undefined | 'short' {
  const first = bytes[0];
  if (first === 0xef) {
    if (bytes.length < 3) return bytes.length === 1 || bytes[1] === 0xbb ? 'short' : undefined;
    return bytes[1] === 0xbb && bytes[2] === 0xbf ? { length: 3, encoding: 'utf-8' } : undefined;
  }
  if (first === 0xff || first === 0xfe) {
    if (bytes.length < 2) return 'short';
    if (first === 0xff && bytes[1] === 0xfe) return { length: 2, encoding: 'utf-16le' };
    if (first === 0xfe && bytes[1] === 0xff) return { length: 2, encoding: 'utf-16be' };
  }
  return undefined;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Creates a streaming decoder for feed files. A UTF-8 or UTF-16 byte-order mark at the start is
 * removed and decides the encoding; otherwise `encoding` is used (default UTF-8). Latin-1 is
 * decoded byte for byte (the fastest path); UTF-8 and the others go through `TextDecoder` in
 * streaming mode, so a character split across two chunks is decoded whole. String chunks are
 * passed through (a leading U+FEFF is removed).
 *
 * @param encoding - the encoding to assume without a byte-order mark.
 * @throws `ValidationError` for an unknown encoding.
 */
export function createFeedTextDecoder(encoding: FeedEncoding = 'utf-8'): FeedTextDecoder {
  if (!feedEncodings.includes(encoding)) {
    throw new ValidationError('feed encoding', [
      { path: 'encoding', message: `must be one of ${feedEncodings.join(', ')} (got ${JSON.stringify(encoding)})` },
    ]);
  }
  let active: FeedEncoding = encoding;
  let started = false;
  let pending: Buffer | undefined;
  let textDecoder: TextDecoder | undefined;

  const decodeBytes = (bytes: Buffer, stream: boolean): string => {
    if (active === 'latin1') return bytes.toString('latin1');
    if (textDecoder === undefined) textDecoder = new TextDecoder(active, { ignoreBOM: true });
    return textDecoder.decode(bytes, { stream });
  };

  const decoder: FeedTextDecoder = {
    get encoding() {
      return active;
    },
    decode(chunk) {
      if (typeof chunk === 'string') {
        if (!started) {
          started = true;
          return chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
        }
        return chunk;
      }
      let bytes = asBuffer(chunk);
      if (!started) {
        if (pending !== undefined) {
          bytes = Buffer.concat([pending, bytes]);
          pending = undefined;
        }
        if (bytes.length === 0) return '';
        const mark = detectByteOrderMark(bytes);
        if (mark === 'short') {
          pending = bytes;
          return '';
        }
        started = true;
        if (mark !== undefined) {
          active = mark.encoding;
          bytes = bytes.subarray(mark.length);
        }
      }
      return decodeBytes(bytes, true);
    },
    end() {
      let text = '';
      if (pending !== undefined) {
        started = true;
        text = decodeBytes(pending, true);
        pending = undefined;
      }
      if (textDecoder !== undefined) text += textDecoder.decode();
      return text;
    },
  };
  return decoder;
}
