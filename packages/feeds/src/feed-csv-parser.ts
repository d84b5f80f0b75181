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
  /**
   * Most physical lines one record may span (quoted fields may hold line breaks). A record
   * spanning more is almost always a stray quote that swallowed the rows after it (the file's row
   * count collapsed): the parser throws a `ValidationError` instead of passing it on. Default 20.
   */
  maxRecordLines?: number;
}

/**
 * A record the parser could read but that breaks RFC 4180: `text-after-closing-quote`, characters
 * between a closing quote and the next separator (kept, appended to the field). A quoted field
 * that is never closed is not a record problem but a broken file: the parser throws.
 */
export type CsvRecordProblem = 'text-after-closing-quote';

/**
 * Receives each record. `fields` may be reused by the parser after the call returns: copy it to
 * keep it. `line` is the 1-based physical line the record starts on (a quoted field with line
 * breaks makes the next record start further down); `lineCount` is how many physical lines the
 * record spans (1 unless a quoted field holds line breaks).
 */
export type CsvRecordHandler = (
  fields: string[],
  line: number,
  problem: CsvRecordProblem | undefined,
  lineCount: number,
) => void;

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
/** A CR not followed by LF: a line end in files written with classic Mac line ends. */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/g;

/** Default {@link CsvParserOptions.maxRecordLength}. */
export const DEFAULT_MAX_RECORD_LENGTH = 1_048_576;

/** Default {@link CsvParserOptions.maxRecordLines}. */
export const DEFAULT_MAX_RECORD_LINES = 20;

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
 * doubled quotes inside), CRLF, LF or lone CR line ends (a lone CR is read as LF, also inside a
 * quoted field), blank lines skipped. Memory is bounded by the longest record: only the
 * unfinished record is carried from one chunk to the next.
 *
 * Lines without a quote take a fast path (one `split` per line); quoted fields are cut with
 * `indexOf`, never character by character. Text after a closing quote does not throw: the record
 * is passed on with a {@link CsvRecordProblem} (and its line span) so that the caller can reject
 * that row alone, or refuse the file when the record swallowed line breaks. A quoted field still
 * open at the end of the data throws: the rest of the file was read as one field.
 *
 * @param onRecord - called for every record, in order, header included.
 * @param options - separator and record length limit.
 * @throws `ValidationError` for a bad option, and from `write`/`end` when a record grows
 * beyond `maxRecordLength` or the data ends inside a quoted field.
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
  const maxRecordLines = options.maxRecordLines ?? DEFAULT_MAX_RECORD_LINES;
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
  if (!Number.isSafeInteger(maxRecordLines) || maxRecordLines < 1) {
    issues.push({ path: 'maxRecordLines', message: 'must be a positive integer' });
  }
  if (issues.length > 0) throw new ValidationError('CSV options', issues);
  const separator = delimiter.charCodeAt(0);

  let carry = '';
  let line = 1;
  let pendingCarriageReturn = false;

  /** Hands on a record of the slow path, refusing one that swallowed too many lines. */
  function emit(fields: string[], problem: CsvRecordProblem | undefined, lineFeeds: number): void {
    if (lineFeeds >= maxRecordLines) {
      throw new ValidationError('CSV data', [
        {
          path: `line ${line}`,
          message: `the record on lines ${line}–${line + lineFeeds} spans ${lineFeeds + 1} lines, more than maxRecordLines (${maxRecordLines}): a stray quote most likely swallowed the rows after it`,
        },
      ]);
    }
    onRecord(fields, line, problem, 1 + lineFeeds);
  }

  /** Turns lone CRs into LFs; a CR at the end of a chunk waits for the next one (it may be a CRLF). */
  function normalizeLineEnds(text: string, final: boolean): string {
    let data = text;
    if (pendingCarriageReturn) {
      data = `\r${data}`;
      pendingCarriageReturn = false;
    }
    if (data.indexOf('\r') === -1) return data;
    if (!final && data.charCodeAt(data.length - 1) === CR) {
      pendingCarriageReturn = true;
      data = data.slice(0, -1);
    }
    return data.replace(LONE_CARRIAGE_RETURN, '\n');
  }

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
        if (end > recordStart) onRecord(data.slice(recordStart, end).split(delimiter), line, undefined, 1);
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
              const swallowed = lineFeeds + countLineFeeds(data, opening, length);
              throw new ValidationError('CSV data', [
                {
                  path: `line ${line}`,
                  message: `a quoted field opened on line ${line + lineFeeds} is never closed: the rest of the data (${swallowed + 1} lines) would be read as one field`,
                },
              ]);
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
              emit(fields, problem, lineFeeds);
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
              emit(fields, problem, lineFeeds);
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
          emit(fields, problem, lineFeeds);
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
        emit(fields, problem, lineFeeds);
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
    write(chunk) {
      if (chunk.length === 0) return;
      const text = normalizeLineEnds(chunk, false);
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
      const rest = normalizeLineEnds('', true);
      if (rest.length > 0) carry += rest;
      if (carry.length === 0) return;
      const data = carry;
      carry = '';
      parse(data, true);
    },
  };
}
