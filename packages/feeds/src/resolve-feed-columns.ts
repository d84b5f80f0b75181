import { ValidationError } from '@dropship/core';

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
