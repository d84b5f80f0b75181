import type { PurchaseOrder } from './purchase-order.js';
import { createValidatedMark, deepFreeze } from './validated-mark.js';

export { deepFreeze };

/**
 * Purchase orders the SDK built or validated itself and then froze deeply. Being frozen all the
 * way down, they cannot become invalid after validation, so `transition` and the memory store
 * take them as they are instead of parsing and copying them again. Anything else (a PO built by
 * hand, read from another store, or a spread copy of a trusted one) is still validated. The mark
 * is a `WeakSet` (see `validated-mark.ts`): nothing on the PO itself.
 */
const trusted = createValidatedMark<PurchaseOrder>();

/**
 * Marks a validated purchase order as trusted and freezes it deeply.
 *
 * @param purchaseOrder - a PO that passed `purchaseOrderSchema` (or was built by `transition`
 *   from one).
 * @returns the same PO, now trusted and frozen.
 */
export function trustPurchaseOrder(purchaseOrder: PurchaseOrder): PurchaseOrder {
  if (trusted.has(purchaseOrder)) return purchaseOrder;
  return trusted.mark(purchaseOrder);
}

/**
 * Marks and freezes a PO that `transition` just built from a trusted one: only `fresh` (the parts
 * it made) can hold anything not frozen yet, so only they are walked.
 *
 * @param purchaseOrder - the new PO object (not frozen).
 * @param fresh - the objects and arrays the new PO holds that are not from a trusted PO.
 */
export function trustDerivedPurchaseOrder(purchaseOrder: PurchaseOrder, fresh: readonly unknown[]): PurchaseOrder {
  return trusted.markDerived(purchaseOrder, fresh);
}

/**
 * True when `value` is a purchase order the SDK validated and froze (see {@link trustPurchaseOrder}).
 *
 * @param value - anything.
 */
export function isTrustedPurchaseOrder(value: unknown): value is PurchaseOrder {
  return trusted.has(value);
}
