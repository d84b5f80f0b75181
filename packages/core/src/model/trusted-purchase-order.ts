import type { PurchaseOrder } from './purchase-order.js';

/**
 * Purchase orders the SDK built or validated itself and then froze deeply. Being frozen all the
 * way down, they cannot become invalid after validation, so `transition` and the memory store
 * take them as they are instead of parsing and copying them again. Anything else (a PO built by
 * hand, read from another store, or a spread copy of a trusted one) is still validated.
 *
 * The mark is a private field stamped on the PO before it is frozen (the base class hands the PO
 * back as `this`, so the field lands on it). Code outside this module cannot add it, and spreads,
 * `structuredClone` and JSON copies do not carry it. It costs a fraction of a `WeakSet` entry,
 * which the garbage collector would also have to visit for every PO version.
 */
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the stamp is put on `target` itself.
    return target;
  }
}

class TrustedMark extends Stamp {
  readonly #trusted = true;

  /** True when `value` carries the mark. */
  static has(value: object): boolean {
    return #trusted in value;
  }
}

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
  // already frozen by an earlier version of the PO.
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

/**
 * Marks a validated purchase order as trusted and freezes it deeply.
 *
 * @param purchaseOrder - a PO that passed `purchaseOrderSchema` (or was built by `transition`
 *   from one), not frozen yet: a fresh object.
 * @returns the same PO, now trusted and frozen (a shallow copy of it when it was frozen already).
 */
export function trustPurchaseOrder(purchaseOrder: PurchaseOrder): PurchaseOrder {
  if (TrustedMark.has(purchaseOrder)) return purchaseOrder;
  // A frozen object takes no new field: mark a copy (its parts are frozen or frozen below).
  const target = Object.isExtensible(purchaseOrder) ? purchaseOrder : { ...purchaseOrder };
  new TrustedMark(target);
  return deepFreeze(target);
}

/**
 * Marks and freezes a PO that `transition` just built from a trusted one: only `fresh` (the parts
 * it made) can hold anything not frozen yet, so only they are walked.
 *
 * @param purchaseOrder - the new PO object (not frozen).
 * @param fresh - the objects and arrays the new PO holds that are not from a trusted PO.
 */
export function trustDerivedPurchaseOrder(purchaseOrder: PurchaseOrder, fresh: readonly unknown[]): PurchaseOrder {
  for (const part of fresh) deepFreeze(part);
  new TrustedMark(purchaseOrder);
  return Object.freeze(purchaseOrder);
}

/**
 * True when `value` is a purchase order the SDK validated and froze (see {@link trustPurchaseOrder}).
 *
 * @param value - anything.
 */
export function isTrustedPurchaseOrder(value: unknown): value is PurchaseOrder {
  return typeof value === 'object' && value !== null && TrustedMark.has(value);
}
