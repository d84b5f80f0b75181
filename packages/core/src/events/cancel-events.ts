/**
 * Payloads of the cancellation events (`cancelSalesOrder`, `resolveManualCancel`, the intake's
 * answer to a marketplace's cancel request, a package after a cancel). They carry ids, states,
 * quantities and reasons: never an address, a buyer's name or email, or a credential.
 */

/** A buyer's (or the dealer's) cancel of a sales order, or of some of its lines, was handled. */
export interface SalesOrderCancelledEvent {
  salesOrderId: string;
  /** Per line: the units this call cancelled and what happened to them. */
  lines: readonly { lineId: string; quantity: number; status: string; poNumber?: string }[];
}

/**
 * A placed PO must be cancelled by a person: the distributor's API cannot cancel it (state
 * `manual_cancel`). Call `resolveManualCancel(poNumber, 'cancelled' | 'not-cancelled')` with
 * what the distributor said.
 */
export interface PurchaseOrderManualCancelEvent {
  poNumber: string;
  distributor: string;
  salesOrderId: string;
  /** Why a person must act. */
  reason: string;
}

/** The SDK answered a marketplace's cancel request (once; `already-answered` when it had an answer). */
export interface CancellationAnsweredEvent {
  marketplace: string;
  salesOrderId: string;
  marketplaceOrderId: string;
  decision: 'accept' | 'refuse';
  status: 'answered' | 'already-answered';
}

/**
 * A package was reported on a PO after a cancel was asked or done (or after a rejection): it is
 * recorded and its tracking pushed (the buyer has a parcel), and the PO flagged.
 */
export interface ShipmentAfterCancelEvent {
  poNumber: string;
  distributor: string;
  salesOrderId: string;
  shipmentId: string;
  /** The flag set on the PO. */
  flag: 'shipped-after-cancel' | 'shipped-after-rejection';
}

/** The cancellation events by name, with their payloads (part of `DropshipEventMap`). */
export interface CancelEventMap {
  'purchase-order-manual-cancel': [event: PurchaseOrderManualCancelEvent];
  'sales-order-cancelled': [event: SalesOrderCancelledEvent];
  'cancellation-answered': [event: CancellationAnsweredEvent];
  'shipment-after-cancel': [event: ShipmentAfterCancelEvent];
}

/** The cancellation event names, in a stable order (part of `dropshipEventNames`). */
export const cancelEventNames: readonly (keyof CancelEventMap)[] = Object.freeze([
  'purchase-order-manual-cancel',
  'sales-order-cancelled',
  'cancellation-answered',
  'shipment-after-cancel',
] as const);
