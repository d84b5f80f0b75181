import { ValidationError, type ValidationIssue } from '@dropship/core';

const nul = '\u0000';
/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL cannot hold `text`, or undefined when it can. */
function problemOf(text: string): string | undefined {
  if (text.includes(nul)) return 'must not contain U+0000 (PostgreSQL cannot store it)';
  if (loneSurrogate.test(text))
    return 'must not contain a lone surrogate (not valid Unicode; PostgreSQL cannot store it)';
  return undefined;
}

/** Collects the path and problem of every string PostgreSQL cannot hold inside `value` (objects, arrays, keys). */
function unstorablePaths(value: unknown, path: string, found: ValidationIssue[], seen: Set<object>): void {
  if (typeof value === 'string') {
    const message = problemOf(value);
    if (message !== undefined) found.push({ path, message });
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      unstorablePaths(item, path ? `${path}.${index}` : String(index), found, seen);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    const message = problemOf(key);
    if (message !== undefined) found.push({ path: itemPath, message: `key ${message}` });
    unstorablePaths(item, itemPath, found, seen);
  }
}

/**
 * PostgreSQL's `text` and `jsonb` cannot hold U+0000, and `jsonb` refuses a lone surrogate
 * (`\ud83d` without its pair); the driver answers both with an untyped error (`invalid input
 * syntax for type json`), on every retry. Every store operation runs its arguments through this
 * first, so such text in a buyer name, an address line or a key is a `ValidationError` naming the
 * path, and nothing is written. (The core model refuses both when it parses; this is the store's
 * own guard for whatever reaches it.)
 *
 * @param subject - what the argument is, for the error message (`sales order`, ...).
 * @param value - the argument.
 * @throws {@link ValidationError} listing every path holding U+0000 or a lone surrogate.
 */
export function refuseUnstorableText(subject: string, value: unknown): void {
  const found: ValidationIssue[] = [];
  unstorablePaths(value, '', found, new Set());
  if (found.length === 0) return;
  throw new ValidationError(subject, found);
}
