import type { PurchaseOrderState } from '../model/purchase-order.js';

/**
 * Named groups of states, for store queries as a dealer searches POs
 * (`store.findPurchaseOrders({ state: purchaseOrderStateGroups.notYetShipped })`).
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
  ] as const satisfies readonly PurchaseOrderState[]),
  /** Needs a person or a retry. */
  needsAttention: Object.freeze([
    'failed',
    'rejected',
    'cancel_requested',
  ] as const satisfies readonly PurchaseOrderState[]),
  /** Nothing more will happen. */
  finished: Object.freeze(['completed', 'rejected', 'cancelled'] as const satisfies readonly PurchaseOrderState[]),
});
