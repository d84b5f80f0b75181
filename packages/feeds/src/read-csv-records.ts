import { ValidationError } from '@dropship/core';
import {
  type CsvParserOptions,
  type CsvRecordHandler,
  type CsvRecordProblem,
  createCsvParser,
} from './feed-csv-parser.js';
import { createFeedTextDecoder, type FeedEncoding } from './feed-text-decoder.js';

/** Options of {@link readCsvRecords}: the text encoding plus the parser's options. */
export interface CsvReadOptions extends CsvParserOptions {
  /** Encoding assumed without a byte-order mark. Default `utf-8`. */
  encoding?: FeedEncoding;
  /** Stops reading: the iteration throws the signal's reason. */
  signal?: AbortSignal;
}

/** One CSV record. */
export interface CsvRecord {
  /** The fields, unquoted. */
  fields: string[];
  /** 1-based physical line the record starts on. */
  line: number;
  /** Set when the record breaks RFC 4180 (see {@link CsvRecordProblem}). */
  problem?: CsvRecordProblem;
}

/**
 * Decodes and parses `input` chunk by chunk, calling `onRecord` for every record of a chunk, then
 * yielding once (so that the caller can hand on what it built from that chunk). The basis of
 * the feed parsers; memory stays at one chunk plus one unfinished record.
 *
 * @param input - byte or string chunks (a Node stream, a `FeedSource`'s iterable).
 * @param onRecord - called synchronously for every record, header included.
 * @param options - encoding, separator, record length limit, abort signal.
 * @returns an async generator that yields after each chunk; the value is the parser's line count.
 */
export async function* parseCsvChunks(
  input: AsyncIterable<Uint8Array | string>,
  onRecord: CsvRecordHandler,
  options: CsvReadOptions = {},
): AsyncGenerator<number, void, undefined> {
  const decoder = createFeedTextDecoder(options.encoding);
  const parser = createCsvParser(onRecord, options);
  const signal = options.signal;
  if (
    input === null ||
    typeof input !== 'object' ||
    typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function'
  ) {
    throw new ValidationError('CSV input', [
      { path: '', message: 'must be an async iterable of byte or string chunks' },
    ]);
  }
  for await (const chunk of input) {
    signal?.throwIfAborted();
    parser.write(decoder.decode(chunk));
    yield parser.linesRead;
  }
  parser.write(decoder.end());
  parser.end();
  yield parser.linesRead;
}

/**
 * Reads CSV records from a stream of bytes or strings, in batches (one per input chunk), with
 * constant memory: RFC 4180 quoting, CRLF or LF, line breaks inside quoted fields, a UTF-8 /
 * UTF-16 byte-order mark removed. The header is the first record like any other.
 *
 * @param input - any async iterable of chunks: `fs.createReadStream(path)`, a fetch body, a
 * `FeedSource`'s iterable.
 * @param options - encoding, separator, record length limit, abort signal.
 * @throws `ValidationError` when a record exceeds `maxRecordLength`.
 * @example
 * ```ts
 * for await (const records of readCsvRecords(createReadStream('BasePriceFile.csv'))) {
 *   for (const { fields, line } of records) console.log(line, fields[0]);
 * }
 * ```
 */
export async function* readCsvRecords(
  input: AsyncIterable<Uint8Array | string>,
  options: CsvReadOptions = {},
): AsyncGenerator<CsvRecord[], void, undefined> {
  let batch: CsvRecord[] = [];
  const collect: CsvRecordHandler = (fields, line, problem) => {
    batch.push(problem === undefined ? { fields: fields.slice(), line } : { fields: fields.slice(), line, problem });
  };
  for await (const _ of parseCsvChunks(input, collect, options)) {
    if (batch.length === 0) continue;
    const ready = batch;
    batch = [];
    yield ready;
  }
}
