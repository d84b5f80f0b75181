import { ValidationError } from '@dropship/core';

/** Options of {@link createCsvParser}. */
export interface CsvParserOptions {
  /** Field separator, one character (not a quote, CR or LF). Default `,`; `\t` and `|` are common too. */
  delimiter?: string;
  /**
   * Longest record, in characters, before the parser gives up with a `ValidationError`. A record
   * this long is almost always an unterminated quoted field swallowing the rest of the file; the
   * limit keeps memory bounded. Default 1,048,576.
   */
  maxRecordLength?: number;
}

/**
 * A record the parser could read but that breaks RFC 4180:
 * - `unterminated-quote`: the data ended inside a quoted field;
 * - `text-after-closing-quote`: characters between a closing quote and the next separator
 *   (kept, appended to the field).
 */
export type CsvRecordProblem = 'unterminated-quote' | 'text-after-closing-quote';

/**
 * Receives each record. `fields` may be reused by the parser after the call returns: copy it to
 * keep it. `line` is the 1-based physical line the record starts on (a quoted field with line
 * breaks makes the next record start further down).
 */
export type CsvRecordHandler = (fields: string[], line: number, problem: CsvRecordProblem | undefined) => void;

/** A push parser for CSV text: feed it decoded text in chunks of any size. */
export interface CsvParser {
  /** Parses a chunk of text, calling the handler for each record it completes. */
  write(text: string): void;
  /** Parses what is left (a last record without a final line break). */
  end(): void;
  /** Physical lines consumed so far. */
  readonly linesRead: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Default {@link CsvParserOptions.maxRecordLength}. */
export const DEFAULT_MAX_RECORD_LENGTH = 1_048_576;

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

/**
 * Creates a streaming RFC 4180 CSV parser: quoted fields (with separators, line breaks and
 * doubled quotes inside), CRLF or LF line ends, blank lines skipped. Memory is bounded by the
 * longest record: only the unfinished record is carried from one chunk to the next.
 *
 * Lines without a quote take a fast path (one `split` per line); quoted fields are cut with
 * `indexOf`, never character by character. Malformed quoting does not throw: the record is
 * passed on with a {@link CsvRecordProblem} so that the caller can reject that row alone.
 *
 * @param onRecord - called for every record, in order, header included.
 * @param options - separator and record length limit.
 * @throws `ValidationError` for a bad option, and from `write`/`end` when a record grows
 * beyond `maxRecordLength`.
 * @example
 * ```ts
 * const parser = createCsvParser((fields, line) => console.log(line, fields));
 * parser.write('sku,price\r\n"A,1",1');
 * parser.write('2.50\r\n');
 * parser.end(); // 1 ['sku', 'price'] then 2 ['A,1', '12.50']
 * ```
 */
export function createCsvParser(onRecord: CsvRecordHandler, options: CsvParserOptions = {}): CsvParser {
  const delimiter = options.delimiter ?? ',';
  const maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  const issues = [];
  if (
    typeof delimiter !== 'string' ||
    delimiter.length !== 1 ||
    delimiter === '"' ||
    delimiter === '\r' ||
    delimiter === '\n'
  ) {
    issues.push({ path: 'delimiter', message: 'must be one character other than a quote, CR or LF' });
  }
  if (!Number.isSafeInteger(maxRecordLength) || maxRecordLength < 1) {
    issues.push({ path: 'maxRecordLength', message: 'must be a positive integer' });
  }
  if (issues.length > 0) throw new ValidationError('CSV options', issues);
  const separator = delimiter.charCodeAt(0);

  let carry = '';
  let line = 1;

  /** Parses complete records of `data`; returns how many characters were consumed. */
  function parse(data: string, final: boolean): number {
    const length = data.length;
    let position = 0;
    let nextQuote = -2;
    let nextNewline = -2;
    let nextSeparator = -2;

    records: while (position < length) {
      const recordStart = position;
      if (nextNewline !== -1 && nextNewline < position) nextNewline = data.indexOf('\n', position);
      if (nextNewline === -1 && !final) return recordStart;
      const lineEnd = nextNewline === -1 ? length : nextNewline;
      if (nextQuote !== -1 && nextQuote < position) nextQuote = data.indexOf('"', position);

      if (nextQuote === -1 || nextQuote >= lineEnd) {
        // Fast path: no quote on this line.
        let end = lineEnd;
        if (end > recordStart && data.charCodeAt(end - 1) === CR) end--;
        position = lineEnd + 1;
        if (end > recordStart) onRecord(data.slice(recordStart, end).split(delimiter), line, undefined);
        line++;
        continue;
      }

      // Slow path: field by field.
      const fields: string[] = [];
      let problem: CsvRecordProblem | undefined;
      let lineFeeds = 0;
      for (;;) {
        if (position < length && data.charCodeAt(position) === QUOTE) {
          const opening = position;
          let value = '';
          let segment = position + 1;
          for (;;) {
            const closing = data.indexOf('"', segment);
            if (closing === -1) {
              if (!final) return recordStart;
              value += data.slice(segment);
              lineFeeds += countLineFeeds(data, opening, length);
              fields.push(value);
              onRecord(fields, line, 'unterminated-quote');
              line += 1 + lineFeeds;
              position = length;
              break records;
            }
            if (closing + 1 === length && !final) return recordStart;
            if (data.charCodeAt(closing + 1) === QUOTE) {
              value += data.slice(segment, closing + 1);
              segment = closing + 2;
              continue;
            }
            value += data.slice(segment, closing);
            lineFeeds += countLineFeeds(data, opening, closing);
            position = closing + 1;
            break;
          }
          // After the closing quote: a separator, a line end, the end of the data, or stray text.
          for (;;) {
            if (position >= length) {
              if (!final) return recordStart;
              fields.push(value);
              onRecord(fields, line, problem);
              line += 1 + lineFeeds;
              break records;
            }
            const next = data.charCodeAt(position);
            if (next === separator) {
              fields.push(value);
              position++;
              break;
            }
            if (next === LF || (next === CR && position + 1 < length && data.charCodeAt(position + 1) === LF)) {
              fields.push(value);
              position += next === LF ? 1 : 2;
              onRecord(fields, line, problem);
              line += 1 + lineFeeds;
              continue records;
            }
            if (next === CR && position + 1 === length && !final) return recordStart;
            // Stray text after the closing quote: keep it, up to the next separator or line end.
            problem = 'text-after-closing-quote';
            let stop = position + 1;
            while (stop < length) {
              const code = data.charCodeAt(stop);
              if (code === separator || code === LF || (code === CR && data.charCodeAt(stop + 1) === LF)) break;
              stop++;
            }
            if (stop === length && !final) return recordStart;
            value += data.slice(position, stop);
            position = stop;
          }
          continue;
        }
        // Unquoted field: up to the next separator or the end of the line.
        if (nextNewline !== -1 && nextNewline < position) nextNewline = data.indexOf('\n', position);
        if (nextNewline === -1 && !final) return recordStart;
        const fieldLineEnd = nextNewline === -1 ? length : nextNewline;
        if (nextQuote !== -1 && nextQuote < position) nextQuote = data.indexOf('"', position);
        if (nextQuote === -1 || nextQuote >= fieldLineEnd) {
          // No quote left on this line: the rest splits at once.
          let end = fieldLineEnd;
          if (end > position && data.charCodeAt(end - 1) === CR) end--;
          const rest = data.slice(position, end).split(delimiter);
          for (let index = 0; index < rest.length; index++) fields.push(rest[index] as string);
          position = fieldLineEnd + 1;
          onRecord(fields, line, problem);
          line += 1 + lineFeeds;
          continue records;
        }
        if (nextQuote > position && data.charCodeAt(nextQuote - 1) === separator) {
          // The unquoted fields before the next quoted one split at once.
          const before = data.slice(position, nextQuote - 1).split(delimiter);
          for (let index = 0; index < before.length; index++) fields.push(before[index] as string);
          position = nextQuote;
          continue;
        }
        if (nextSeparator !== -1 && nextSeparator < position) nextSeparator = data.indexOf(delimiter, position);
        if (nextSeparator !== -1 && nextSeparator < fieldLineEnd) {
          fields.push(data.slice(position, nextSeparator));
          position = nextSeparator + 1;
          continue;
        }
        let end = fieldLineEnd;
        if (end > position && data.charCodeAt(end - 1) === CR) end--;
        fields.push(data.slice(position, end));
        position = fieldLineEnd + 1;
        onRecord(fields, line, problem);
        line += 1 + lineFeeds;
        continue records;
      }
    }
    return Math.min(position, length);
  }

  function tooLong(): ValidationError {
    return new ValidationError('CSV data', [
      {
        path: `line ${line}`,
        message: `a record is longer than ${maxRecordLength} characters (most likely a quoted field that is never closed)`,
      },
    ]);
  }

  return {
    get linesRead() {
      return line - 1;
    },
    write(text) {
      if (text.length === 0) return;
      if (carry.length > 0 && text.indexOf('\n') === -1) {
        // No line break: the unfinished record cannot end in this chunk.
        carry += text;
        if (carry.length > maxRecordLength) throw tooLong();
        return;
      }
      const data = carry.length > 0 ? carry + text : text;
      const consumed = parse(data, false);
      carry = consumed < data.length ? data.slice(consumed) : '';
      if (carry.length > maxRecordLength) throw tooLong();
    },
    end() {
      if (carry.length === 0) return;
      const data = carry;
      carry = '';
      parse(data, true);
    },
  };
}
