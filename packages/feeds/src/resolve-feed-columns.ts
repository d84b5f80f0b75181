import { ValidationError } from '@dropship/core';
import type { CsvRecordProblem } from './feed-csv-parser.js';

/** How a header names its columns: trimmed, and matched ignoring case when no exact match exists. */
export interface FeedHeader {
  /** Header names as written (trimmed). */
  readonly names: readonly string[];
  /** Index of the column named `name`, or -1. */
  indexOf(name: string): number;
}

/**
 * Reads a header record. Names are trimmed; a lookup matches exactly first, then ignoring case.
 *
 * @param fields - the header record's fields.
 */
export function readFeedHeader(fields: readonly string[]): FeedHeader {
  const names = fields.map((name) => name.trim());
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  names.forEach((name, index) => {
    if (!exact.has(name)) exact.set(name, index);
    const key = name.toLowerCase();
    if (!folded.has(key)) folded.set(key, index);
  });
  return {
    names,
    indexOf(name) {
      const trimmed = name.trim();
      return exact.get(trimmed) ?? folded.get(trimmed.toLowerCase()) ?? -1;
    },
  };
}

/**
 * Checks that every required column is in the header, listing all the missing ones at once.
 *
 * @param header - the file's header.
 * @param required - column names that must be present.
 * @param file - what the file is, for the message (`Parts Unlimited base price file`).
 * @throws `ValidationError` naming every missing column and the columns found.
 */
export function assertFeedColumns(header: FeedHeader, required: readonly string[], file: string): void {
  const missing = required.filter((name) => header.indexOf(name) < 0);
  if (missing.length === 0) return;
  const found = header.names.length > 0 ? header.names.map((name) => JSON.stringify(name)).join(', ') : 'none';
  throw new ValidationError(
    file,
    missing.map((name) => ({
      path: `header.${name}`,
      message: `required column "${name}" is missing (columns found: ${found.length > 500 ? `${found.slice(0, 500)}…` : found})`,
    })),
  );
}

/**
 * The rejection message for a row whose field count differs from the header's. Extra fields that
 * are all empty (a trailing separator) are tolerated and give `undefined`.
 *
 * @param fields - the row's fields.
 * @param expected - the header's field count.
 */
export function describeColumnCountProblem(fields: readonly string[], expected: number): string | undefined {
  if (fields.length === expected) return undefined;
  if (fields.length > expected) {
    let extraAreEmpty = true;
    for (let index = expected; index < fields.length; index++) {
      if ((fields[index] as string).trim().length > 0) {
        extraAreEmpty = false;
        break;
      }
    }
    if (extraAreEmpty) return undefined;
  }
  return `expected ${expected} columns as in the header, found ${fields.length}`;
}

/** Why a data row is rejected by {@link checkFeedRecord}: broken quoting or a wrong field count. */
export interface FeedRecordProblem {
  /** `malformed-csv` or `column-count`. */
  reason: 'malformed-csv' | 'column-count';
  /** What was wrong, for people. */
  message: string;
}

/**
 * The one rule for a data row's shape, shared by every CSV feed parser. A row with text after a
 * closing quote or the wrong number of fields is rejected alone. But a row spanning more than one
 * physical line that is malformed, or that holds a whole row's worth of separators on one of its
 * inner lines, is a quote that swallowed the line breaks and with them the rows after it: the
 * file itself is broken (its row count collapsed), so the whole run fails and nothing is retired,
 * instead of retiring the swallowed rows' offers.
 *
 * @param fields - the row's fields.
 * @param expected - the header's field count.
 * @param line - the 1-based physical line the row starts on.
 * @param lineCount - how many physical lines the row spans.
 * @param problem - the CSV parser's quoting problem, if any.
 * @param file - what the file is, for the message (`Parts Unlimited base price file`).
 * @param delimiter - the file's field separator.
 * @returns the rejection, or `undefined` for a well-formed row.
 * @throws `ValidationError` naming the lines when a malformed row spans several lines.
 */
export function checkFeedRecord(
  fields: readonly string[],
  expected: number,
  line: number,
  lineCount: number,
  problem: CsvRecordProblem | undefined,
  file: string,
  delimiter: string,
): FeedRecordProblem | undefined {
  let found: FeedRecordProblem | undefined;
  if (problem !== undefined) {
    found = { reason: 'malformed-csv', message: `malformed quoting (${problem})` };
  } else {
    const countProblem = describeColumnCountProblem(fields, expected);
    if (countProblem !== undefined) found = { reason: 'column-count', message: countProblem };
  }
  if (lineCount <= 1) return found;
  const why = found?.message ?? swallowedRow(fields, expected, delimiter);
  if (why === undefined) return found;
  throw new ValidationError(file, [
    {
      path: `line ${line}`,
      message: `the row on lines ${line}–${line + lineCount - 1} spans ${lineCount} lines and ${found === undefined ? why : `is malformed (${why})`}: a stray quote swallowed the line breaks of the rows after it, so the file's rows cannot be trusted`,
    },
  ]);
}

/** Describes an inner line of a multi-line field that looks like a whole row (as many separators as a row has). */
function swallowedRow(fields: readonly string[], expected: number, delimiter: string): string | undefined {
  if (expected < 2) return undefined;
  for (const field of fields) {
    if (field.indexOf('\n') === -1) continue;
    for (const innerLine of field.split('\n')) {
      if (innerLine.split(delimiter).length >= expected) {
        return `holds a line with ${expected - 1} separators, a whole row, inside a quoted field`;
      }
    }
  }
  return undefined;
}
