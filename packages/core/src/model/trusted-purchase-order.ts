import type { PurchaseOrder } from './purchase-order.js';

/**
 * Purchase orders the SDK built or validated itself and then froze deeply. Being frozen all the
 * way down, they cannot become invalid after validation, so `transition` and the memory store
 * take them as they are instead of parsing and copying them again. Anything else (a PO built by
 * hand, read from another store, or a spread copy of a trusted one) is still validated.
 */
const trusted = new WeakSet<object>();

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
 * Freezes a validated purchase order deeply and remembers it as trusted.
 *
 * @param purchaseOrder - a PO that passed `purchaseOrderSchema` (or was built by `transition` from one).
 * @returns the same PO, now frozen.
 */
export function trustPurchaseOrder(purchaseOrder: PurchaseOrder): PurchaseOrder {
  trusted.add(deepFreeze(purchaseOrder));
  return purchaseOrder;
}

/**
 * True when `value` is a purchase order the SDK validated and froze (see {@link trustPurchaseOrder}).
 *
 * @param value - anything.
 */
export function isTrustedPurchaseOrder(value: unknown): value is PurchaseOrder {
  return typeof value === 'object' && value !== null && trusted.has(value);
}
