import type { z } from 'zod';

/**
 * The one home of how an unknown key is reported. zod reports the unknown keys of a strict
 * object as one issue on the object; the SDK reports each key on its own path, with the nearest
 * known key when one is close (`rules.maxLeadTimeDay: is not a known key; did you mean
 * "maxLeadTimeDays"?`), because options and rules often come from JSON, where a typo must not
 * pass silently.
 */

/** Most known keys listed when no known key is close to the unknown one. */
const maxKeysListed = 12;

/**
 * Edit distance between two strings (insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1; optimal string alignment), compared case-insensitively.
 */
function editDistance(left: string, right: string): number {
  const a = left.toLowerCase();
  const b = right.toLowerCase();
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] as number) + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The known key closest to `key`, when it is close enough to be a typo of it (at most a third of
 * the key's characters differ, at least one): `undefined` otherwise.
 *
 * @param key - the unknown key.
 * @param knownKeys - the keys the object accepts.
 */
export function nearestKnownKey(key: string, knownKeys: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let nearest: string | undefined;
  let nearestDistance = Number.POSITIVE_INFINITY;
  for (const known of knownKeys) {
    const distance = editDistance(key, known);
    if (distance <= limit && distance < nearestDistance) {
      nearest = known;
      nearestDistance = distance;
    }
  }
  return nearest;
}

/**
 * The message for one unknown key: the nearest known key when one is close, else the known keys
 * (the first twelve), else only that the key is unknown.
 *
 * @param key - the unknown key.
 * @param knownKeys - the keys the object accepts, when known.
 */
export function unknownKeyMessage(key: string, knownKeys: readonly string[] | undefined): string {
  if (knownKeys === undefined || knownKeys.length === 0) return 'is not a known key';
  const nearest = nearestKnownKey(key, knownKeys);
  if (nearest !== undefined) return `is not a known key; did you mean "${nearest}"?`;
  const listed = knownKeys.slice(0, maxKeysListed).join(', ');
  return `is not a known key (known keys: ${listed}${knownKeys.length > maxKeysListed ? ', ...' : ''})`;
}

/** An unknown-keys issue as zod hands it to an error map, before it is finalised. */
interface RawUnknownKeysIssue {
  code: 'unrecognized_keys';
  inst?: unknown;
  knownKeys?: readonly string[];
}

/**
 * A zod error map (pass it as `schema.safeParse(input, { error: recordKnownKeys })`) that notes,
 * on each unknown-keys issue, the keys its object accepts, so that {@link toKnownKeysIssues} can
 * name the nearest one. It sets no message: zod's own stays the fallback.
 *
 * @param issue - the raw issue zod is finalising.
 */
export function recordKnownKeys(issue: z.core.$ZodRawIssue): undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const shape = (issue as RawUnknownKeysIssue & { inst?: { _zod?: { def?: { shape?: unknown } } } }).inst?._zod?.def
    ?.shape;
  if (typeof shape === 'object' && shape !== null)
    (issue as unknown as RawUnknownKeysIssue).knownKeys = Object.keys(shape);
  return undefined;
}

/** One problem, as the SDK lists it: a dotted path and a message. */
export interface KeyedIssue {
  /** Dotted path (empty for the root). */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * Turns one zod issue into the SDK's issues: an unknown-keys issue becomes one issue per key, on
 * the key's own path, with the nearest known key (when {@link recordKnownKeys} saw the issue);
 * any other issue keeps its path and message.
 *
 * @param issue - a finalised zod issue.
 */
export function toKnownKeysIssues(issue: z.core.$ZodIssue): KeyedIssue[] {
  const path = issue.path.map(String);
  if (issue.code !== 'unrecognized_keys') return [{ path: path.join('.'), message: issue.message }];
  const knownKeys = (issue as unknown as { knownKeys?: readonly string[] }).knownKeys;
  return issue.keys.map((key) => ({
    path: [...path, key].join('.'),
    message: unknownKeyMessage(key, knownKeys),
  }));
}
