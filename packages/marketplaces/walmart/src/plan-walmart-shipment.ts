import { compactTrackingNumber, type ShipmentNotice, type Warning } from '@dropship/core';
import { isWalmartIntentToCancel } from './map-walmart-order.js';
import type { WalmartOrderLine } from './walmart-schemas.js';

/** What Walmart's order says about one of its lines. */
export interface WalmartLineState {
  lineNumber: string;
  /** Units ordered (`orderLineQuantity.amount`). */
  ordered: number;
  /** Units in `Shipped` or `Delivered` statuses. */
  shipped: number;
  /** Units in `Cancelled` or `Refund` statuses. */
  cancelled: number;
  /** Units that can still be shipped. */
  remaining: number;
  /** Tracking numbers already on the line, compacted with core's `compactTrackingNumber`. */
  trackingNumbers: ReadonlySet<string>;
  /** The buyer asked to cancel the line (`intentToCancel`). */
  intentToCancel: boolean;
  /** Units cancelled with reason `CUSTOMER_REQUESTED_SELLER_TO_CANCEL` (the seller's acceptance of a buyer's request). */
  cancelledOnRequest: number;
}

/** The cancellation reason of a seller accepting a buyer's cancel request (https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines). */
export const WALMART_CUSTOMER_CANCEL_REASON = 'CUSTOMER_REQUESTED_SELLER_TO_CANCEL';

const shippedStatuses = new Set(['SHIPPED', 'DELIVERED']);
const cancelledStatuses = new Set(['CANCELLED', 'REFUND']);

/**
 * Reads the quantities and tracking numbers of Walmart's order lines from
 * `orderLineStatuses.orderLineStatus[]` (each entry has a `status` and a `statusQuantity`). Pure.
 *
 * @param lines - `order.orderLines.orderLine` of `GET /v3/orders/{purchaseOrderId}`.
 */
export function readWalmartLineStates(lines: readonly WalmartOrderLine[]): Map<string, WalmartLineState> {
  const states = new Map<string, WalmartLineState>();
  for (const line of lines) {
    let shipped = 0;
    let cancelled = 0;
    let cancelledOnRequest = 0;
    const trackingNumbers = new Set<string>();
    for (const status of line.orderLineStatuses?.orderLineStatus ?? []) {
      const name = status.status.toUpperCase();
      const amount = status.statusQuantity?.amount ?? 0;
      if (shippedStatuses.has(name)) {
        shipped += amount;
        const number = status.trackingInfo?.trackingNumber;
        if (number) trackingNumbers.add(compactTrackingNumber(number));
      } else if (cancelledStatuses.has(name)) {
        cancelled += amount;
        if (status.cancellationReason === WALMART_CUSTOMER_CANCEL_REASON) cancelledOnRequest += amount;
      }
    }
    const ordered = line.orderLineQuantity?.amount ?? shipped + cancelled;
    states.set(line.lineNumber, {
      lineNumber: line.lineNumber,
      ordered,
      shipped,
      cancelled,
      remaining: Math.max(0, ordered - shipped - cancelled),
      trackingNumbers,
      intentToCancel: isWalmartIntentToCancel(line.intentToCancel),
      cancelledOnRequest,
    });
  }
  return states;
}

/** `intentToCancelOverride: true` for a line the buyer asked to cancel: Walmart takes shipping it as the seller's refusal. */
function override(state: WalmartLineState): { intentToCancelOverride?: true } {
  return state.intentToCancel ? { intentToCancelOverride: true } : {};
}

/** What to send for one shipment, decided from what Walmart already has. */
export interface WalmartShipmentPlan {
  /** Lines and quantities to ship now; `intentToCancelOverride` on a line the buyer asked to cancel (shipping it refuses the request). */
  toShip: { lineNumber: string; quantity: number; intentToCancelOverride?: true }[];
  /** Lines of the shipment that already carry this tracking number (nothing to do for them). */
  alreadyShipped: string[];
  /** Lines that cannot be shipped (unknown line, nothing left to ship), each with the reason. */
  problems: string[];
  /** Quantities reduced to what Walmart still has open. */
  warnings: Warning[];
}

/**
 * Decides which lines of `shipment` to ship on Walmart, given the lines' current state: lines
 * already carrying the tracking number are skipped (the push is idempotent), quantities larger
 * than what is left open are reduced with a warning, unknown or fully shipped lines are
 * reported as problems, and a line the buyer asked to cancel ships with `intentToCancelOverride`
 * (the seller's refusal of the request, https://developer.walmart.com/us-marketplace/docs/cancel-one-or-more-order-lines). Pure.
 *
 * @param shipment - the package to push; `lines[].lineId` are Walmart line numbers.
 * @param states - what {@link readWalmartLineStates} returned for the order.
 */
export function planWalmartShipment(
  shipment: Pick<ShipmentNotice, 'trackingNumber' | 'lines'>,
  states: ReadonlyMap<string, WalmartLineState>,
): WalmartShipmentPlan {
  const plan: WalmartShipmentPlan = { toShip: [], alreadyShipped: [], problems: [], warnings: [] };
  const trackingNumber = compactTrackingNumber(shipment.trackingNumber);
  const requested = new Map<string, number>();
  for (const line of shipment.lines) requested.set(line.lineId, (requested.get(line.lineId) ?? 0) + line.quantity);
  for (const [lineNumber, quantity] of requested) {
    const state = states.get(lineNumber);
    if (!state) {
      plan.problems.push(`line ${lineNumber} is not on the Walmart order`);
    } else if (state.trackingNumbers.has(trackingNumber)) {
      plan.alreadyShipped.push(lineNumber);
    } else if (state.remaining === 0) {
      plan.problems.push(
        `line ${lineNumber} has nothing left to ship (${state.shipped} shipped, ${state.cancelled} cancelled of ${state.ordered})`,
      );
    } else if (quantity > state.remaining) {
      plan.toShip.push({ lineNumber, quantity: state.remaining, ...override(state) });
      plan.warnings.push({
        type: 'other',
        message: `walmart: line ${lineNumber}: ${quantity} in the package but only ${state.remaining} left to ship; shipped ${state.remaining}`,
      });
    } else {
      plan.toShip.push({ lineNumber, quantity, ...override(state) });
    }
  }
  return plan;
}
