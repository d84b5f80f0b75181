import { ValidationError, type ValidationIssue } from '@dropship/core';

const nul = '\u0000';

/** Collects the paths of every string holding U+0000 inside `value` (objects, arrays, keys). */
function nulPaths(value: unknown, path: string, found: string[], seen: Set<object>): void {
  if (typeof value === 'string') {
    if (value.includes(nul)) found.push(path);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      nulPaths(item, path ? `${path}.${index}` : String(index), found, seen);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes(nul)) found.push(itemPath);
    nulPaths(item, itemPath, found, seen);
  }
}

/**
 * PostgreSQL's `text` and `jsonb` cannot hold U+0000, and the driver answers such a value with an
 * untyped error. Every store operation runs its arguments through this first, so a NUL in a buyer
 * name, an address line or a key is a `ValidationError` naming the path, and nothing is written.
 *
 * @param subject - what the argument is, for the error message (`sales order`, ...).
 * @param value - the argument.
 * @throws {@link ValidationError} listing every path holding U+0000.
 */
export function refuseNulCharacters(subject: string, value: unknown): void {
  const found: string[] = [];
  nulPaths(value, '', found, new Set());
  if (found.length === 0) return;
  const issues: ValidationIssue[] = found.map((path) => ({
    path,
    message: 'must not contain U+0000 (PostgreSQL cannot store it)',
  }));
  throw new ValidationError(subject, issues);
}
