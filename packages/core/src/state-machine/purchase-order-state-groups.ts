import type { PurchaseOrderState } from '../model/purchase-order.js';

/**
 * Named groups of states, for store queries as a dealer searches POs
 * (`store.findPurchaseOrders({ state: purchaseOrderStateGroups.notYetShipped })`). The one
 * definition of which states are open: the dropshipper, the PostgreSQL queue and the demo all
 * read these groups.
 */
export const purchaseOrderStateGroups = Object.freeze({
  /** Placed with the distributor and nothing shipped yet. */
  notYetShipped: Object.freeze([
    'submitting',
    'submitted',
    'acknowledged',
    'backordered',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** At least one package shipped. */
  shipped: Object.freeze([
    'partially_shipped',
    'shipped',
    'completed',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** Tracking still to sync or push: everything placed and not finished. */
  open: Object.freeze([
    'submitting',
    'submitted',
    'acknowledged',
    'backordered',
    'partially_shipped',
    'shipped',
    'cancel_requested',
    'manual_cancel',
  ] as const satisfies readonly PurchaseOrderState[]),
  /**
   * Placed at the distributor and not finished: what tracking sync looks at (shipments to pull,
   * tracking to push, buyers to tell). `open` without `submitting`, which recovery settles first.
   */
  placedOpen: Object.freeze([
    'submitted',
    'acknowledged',
    'backordered',
    'partially_shipped',
    'shipped',
    'cancel_requested',
    'manual_cancel',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** Placed and still waiting for packages: the distributor is asked about them on every sync. */
  awaitingPackages: Object.freeze([
    'submitted',
    'acknowledged',
    'backordered',
    'partially_shipped',
    'cancel_requested',
    'manual_cancel',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** Needs a person or a retry (`manual_cancel`: a person must cancel at the distributor, then `resolveManualCancel`). */
  needsAttention: Object.freeze([
    'failed',
    'rejected',
    'cancel_requested',
    'manual_cancel',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** No longer holding its lines: they may be planned again (a new PO, perhaps elsewhere). */
  released: Object.freeze(['rejected', 'cancelled'] as const satisfies readonly PurchaseOrderState[]),
  /** Nothing more will happen. */
  finished: Object.freeze(['completed', 'rejected', 'cancelled'] as const satisfies readonly PurchaseOrderState[]),
});
