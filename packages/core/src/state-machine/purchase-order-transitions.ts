import type { PurchaseOrderState } from '../model/purchase-order.js';
import type { PurchaseOrderEventType } from './purchase-order-event.js';

/** One row of the transition table: an event, the states it is allowed in, where it can lead. */
export interface PurchaseOrderTransitionRule {
  /** The event type. */
  readonly event: PurchaseOrderEventType;
  /** States in which the event is allowed. */
  readonly from: readonly PurchaseOrderState[];
  /** States the PO can be in afterwards (the same state for marks that only record a fact). */
  readonly to: readonly PurchaseOrderState[];
  /** What the move means, for people and diagrams. */
  readonly description: string;
}

/**
 * The purchase-order state machine as data: every allowed move. `transition` enforces it; docs
 * draw the diagram from it. Any (state, event) pair not listed throws `InvalidTransitionError`.
 */
export const purchaseOrderTransitions: readonly PurchaseOrderTransitionRule[] = Object.freeze([
  {
    event: 'submit',
    from: ['draft', 'failed', 'submitting'],
    to: ['submitting'],
    description:
      'about to call the distributor (failed → submitting is the retry; submitting → submitting is recover() claiming a PO whose submission outlived its lease)',
  },
  {
    event: 'submit-succeeded',
    from: ['submitting'],
    to: ['submitted', 'acknowledged', 'backordered'],
    description: 'the distributor holds the order',
  },
  { event: 'submit-failed', from: ['submitting'], to: ['failed'], description: 'the call failed; retry with submit' },
  {
    event: 'reject',
    from: ['submitting', 'submitted', 'acknowledged', 'backordered'],
    to: ['rejected'],
    description: 'the distributor refused the order',
  },
  {
    event: 'acknowledge',
    from: ['submitted', 'backordered'],
    to: ['acknowledged'],
    description: 'the distributor confirmed the order',
  },
  {
    event: 'backorder',
    from: ['submitted', 'acknowledged'],
    to: ['backordered'],
    description: 'the distributor backordered the order',
  },
  {
    event: 'record-shipment',
    from: [
      'submitted',
      'acknowledged',
      'backordered',
      'partially_shipped',
      'shipped',
      'cancel_requested',
      'manual_cancel',
      'cancelled',
      'rejected',
    ],
    to: ['partially_shipped', 'shipped'],
    description:
      'a package shipped: shipped when every unit is covered (a package without lines or packageOf ships the rest; boxes of an incomplete distributor order cover nothing yet); a box seen again with other contents is revised; a package after a cancel (cancel_requested, manual_cancel, cancelled) or a rejection is still recorded and pushed, and the PO flagged shipped-after-cancel or shipped-after-rejection',
  },
  {
    event: 'settle-package-group',
    from: ['partially_shipped', 'shipped'],
    to: ['partially_shipped', 'shipped'],
    description:
      'stop waiting for a distributor order to be reported complete: its boxes seen so far are all of it (packageGroupSettleMs)',
  },
  {
    event: 'mark-tracking-pushed',
    from: ['partially_shipped', 'shipped'],
    to: ['partially_shipped', 'shipped'],
    description: 'the marketplace has the tracking of one shipment',
  },
  {
    event: 'mark-tracking-push-skipped',
    from: ['partially_shipped', 'shipped'],
    to: ['partially_shipped', 'shipped'],
    description: 'a package that covers no unit of the PO is settled without a marketplace call',
  },
  {
    event: 'mark-buyer-notified',
    from: ['partially_shipped', 'shipped', 'completed'],
    to: ['partially_shipped', 'shipped', 'completed'],
    description: 'the buyer was told about one shipment',
  },
  {
    event: 'complete',
    from: ['shipped'],
    to: ['completed'],
    description: 'every shipment is pushed or skipped (and notified, when required)',
  },
  {
    event: 'request-cancel',
    from: ['draft', 'failed', 'submitted', 'acknowledged', 'backordered'],
    to: ['cancelled', 'cancel_requested'],
    description: 'cancel: a draft is cancelled at once; otherwise the distributor is asked',
  },
  {
    event: 'request-manual-cancel',
    from: ['submitted', 'acknowledged', 'backordered', 'cancel_requested'],
    to: ['manual_cancel'],
    description:
      "the distributor's API cannot cancel a placed order: a person must ask the distributor (resolveManualCancel says what they got)",
  },
  {
    event: 'confirm-cancel',
    from: ['cancel_requested', 'manual_cancel'],
    to: ['cancelled'],
    description: 'the distributor cancelled the order (its answer, or a person confirmed it)',
  },
  {
    event: 'decline-cancel',
    from: ['cancel_requested', 'manual_cancel'],
    to: ['failed', 'submitted', 'acknowledged', 'backordered'],
    description: 'the distributor would not cancel: back to the state before the request',
  },
]);

const allowedByState = new Map<PurchaseOrderState, Set<PurchaseOrderEventType>>();
for (const rule of purchaseOrderTransitions) {
  for (const state of rule.from) {
    let events = allowedByState.get(state);
    if (events === undefined) {
      events = new Set();
      allowedByState.set(state, events);
    }
    events.add(rule.event);
  }
}

/**
 * The event types allowed in a state.
 *
 * @param state - a purchase-order state.
 */
export function allowedPurchaseOrderEvents(state: PurchaseOrderState): PurchaseOrderEventType[] {
  return [...(allowedByState.get(state) ?? [])];
}

/**
 * True when the table allows `event` in `state` (the event's own conditions, such as "every
 * shipment pushed" for `complete`, are checked by `transition`).
 *
 * @param state - a purchase-order state.
 * @param event - an event type.
 */
export function isPurchaseOrderEventAllowed(state: PurchaseOrderState, event: PurchaseOrderEventType): boolean {
  return allowedByState.get(state)?.has(event) ?? false;
}
