/**
 * Parse once: a value the model validated is frozen all the way down and remembered in a
 * `WeakSet` of its kind, so that the next public entry it reaches (the planner after the
 * dropshipper, a store after `dropship`) knows it in O(1) instead of parsing it again. Frozen, it
 * cannot become invalid after validation; anything else (a copy, a spread, an object built by
 * hand) is not in the set and is parsed as usual.
 */

/**
 * Freezes `value` and every object or array it holds. Objects found already frozen are taken as
 * frozen all the way down, so only hand this values built from fresh objects (zod output, objects
 * the SDK just built) or from parts that came out of this function.
 *
 * @param value - the value to freeze in place.
 * @returns the same value, frozen.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // Children are checked here rather than in a call each: most are strings, numbers or parts
  // already frozen.
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const child: unknown = value[index];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
    }
  } else {
    for (const key in value) {
      const child: unknown = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
    }
  }
  return value;
}

/** The values of one kind that the model validated and froze. */
export interface ValidatedMark<T extends object> {
  /**
   * Freezes a freshly validated value deeply and remembers it.
   *
   * @param value - a value that just passed its schema (a fresh object, not shared with a caller).
   * @returns the same value, frozen.
   */
  mark(value: T): T;
  /**
   * Marks a value whose parts not listed in `fresh` come from marked (frozen) values: only
   * `fresh` is walked, then the value itself is frozen and remembered.
   *
   * @param value - the new value (not frozen yet).
   * @param fresh - the objects and arrays it holds that are not frozen yet.
   */
  markDerived(value: T, fresh: readonly unknown[]): T;
  /**
   * True when `value` was marked: validated and frozen, so it can be used without parsing.
   *
   * @param value - anything.
   */
  has(value: unknown): value is T;
}

/** Creates the mark of one kind of value (sales orders, offers, purchase orders). */
export function createValidatedMark<T extends object>(): ValidatedMark<T> {
  const validated = new WeakSet<object>();
  return {
    mark(value) {
      deepFreeze(value);
      validated.add(value);
      return value;
    },
    markDerived(value, fresh) {
      for (const part of fresh) deepFreeze(part);
      Object.freeze(value);
      validated.add(value);
      return value;
    },
    has(value): value is T {
      return typeof value === 'object' && value !== null && validated.has(value);
    },
  };
}
