import { EventEmitter } from 'eventemitter3';
import type { InvoiceDifference, ReconciliationStatus } from '../model/distributor-invoice.js';
import type { PurchaseOrderState } from '../model/purchase-order.js';
import type { Warning } from '../spec/v1/warning.js';
import { type CancelEventMap, cancelEventNames } from './cancel-events.js';
import type {
  IntakeCursorRestartedEvent,
  IntakePageReadEvent,
  IntakeWindowCompletedEvent,
  OrderImportDuplicateEvent,
  OrderImportedEvent,
  OrderImportSkippedEvent,
  OrdersAcknowledgedEvent,
  OrderUnmappableEvent,
} from './intake-events.js';
import { type ListingEventMap, listingEventNames } from './listing-events.js';
import { type RerouteEventMap, rerouteEventNames } from './reroute-events.js';

/** A PO was created in the store (state `draft` or `submitting`). */
export interface PurchaseOrderCreatedEvent {
  poNumber: string;
  distributor: string;
  salesOrderId: string;
}

/** The distributor holds the PO. */
export interface PurchaseOrderSubmittedEvent {
  poNumber: string;
  distributor: string;
  salesOrderId: string;
  /** The distributor's order reference(s). */
  distributorOrderRefs: readonly string[];
  /** True when the order already existed (a retry after a lost response): nothing new was placed. */
  alreadyExisted: boolean;
}

/** Submitting the PO failed. */
export interface PurchaseOrderFailedEvent {
  poNumber: string;
  distributor: string;
  /** What went wrong (never a credential). */
  error: string;
  /** True when the failure is recorded in the store (state `failed`); false while still retrying. */
  settled: boolean;
}

/** The distributor refused the PO. */
export interface PurchaseOrderRejectedEvent {
  poNumber: string;
  distributor: string;
  /** The distributor's reason. */
  error: string;
  /**
   * Set when the distributor refused the PO for what it is (a field too long, an invalid request,
   * an account not set up): its lines are planned at another distributor by the next `dropship`.
   */
  refusal?: 'field-length' | 'invalid-request' | 'account-setup';
}

/** A PO moved from one state to another. */
export interface PurchaseOrderStateChangedEvent {
  poNumber: string;
  distributor: string;
  from: PurchaseOrderState;
  to: PurchaseOrderState;
  /** The PO's version after the move. */
  version: number;
}

/** The distributor cancelled the PO. */
export interface PurchaseOrderCancelledEvent {
  poNumber: string;
  distributor: string;
}

/** A distributor reported a package for a PO. */
export interface ShipmentReceivedEvent {
  poNumber: string;
  distributor: string;
  /** `<poNumber>:<trackingNumber>`. */
  shipmentId: string;
  carrier: string;
  trackingNumber: string;
}

/** Tracking was pushed to the marketplace. */
export interface TrackingPushedEvent {
  poNumber: string;
  marketplace: string;
  marketplaceOrderId: string;
  shipmentId: string;
  trackingNumber: string;
  /** True when the marketplace already had it (nothing was written twice). */
  alreadyPushed: boolean;
}

/**
 * A package was settled without a marketplace call because it covers no unit of the PO (more
 * boxes than units in its distributor order, or a box that joined after the order's units were
 * pushed). Its tracking stays on the PO; the buyer is still emailed when the SDK emails.
 */
export interface TrackingPushSkippedEvent {
  poNumber: string;
  salesOrderId: string;
  shipmentId: string;
  trackingNumber: string;
  /** Why: `no-units` (the package covers no unit), or `handled-elsewhere` (the option `trackingHandledElsewhere`). */
  reason: 'no-units' | 'handled-elsewhere';
}

/**
 * The SDK stopped waiting for a distributor order to be reported complete (`packageGroupSettleMs`
 * after its first box was recorded): its boxes seen so far are taken as all of it, and pushed.
 */
export interface PackageGroupSettledEvent {
  poNumber: string;
  distributor: string;
  /** The distributor order (`packageOf.ref`). */
  ref: string;
  /** How many boxes of it were recorded. */
  packages: number;
}

/** The buyer was told about a shipment (or it was skipped / already done). */
export interface BuyerNotifiedEvent {
  poNumber: string;
  salesOrderId: string;
  shipmentId: string;
  status: 'sent' | 'already-sent' | 'skipped';
}

/** An order was planned (a dry run or before placing). */
export interface OrderPlannedEvent {
  salesOrderId: string;
  complete: boolean;
  /** Number of POs in the plan. */
  purchaseOrders: number;
  /** Number of lines that cannot be placed. */
  unplaced: number;
}

/** An order was held for a person instead of being placed. */
export interface OrderHeldEvent {
  salesOrderId: string;
  /** Why (for example `below-minimum-profit`, `incomplete`). */
  reasons: readonly string[];
}

/** A real-time stock check failed; routing used the catalog's numbers or skipped the distributor. */
export interface StockCheckFailedEvent {
  distributor: string;
  salesOrderId: string;
  /** What went wrong (never a credential). */
  message: string;
}

/** A distributor's invoice was recorded (first time only) and its PO reconciled. */
export interface InvoiceRecordedEvent {
  invoiceNumber: string;
  poNumber: string;
  distributor: string;
  /** Where the PO stands against its invoices after this one (`unknown-purchase-order`: held for a person). */
  status: ReconciliationStatus;
}

/**
 * The invoices of a PO differ from it beyond tolerance (unit cost, quantity, fees, total): the
 * PO's reconciliation is `mismatch` until a person looks. Emitted when the PO becomes a mismatch
 * or its differences change, not at every reconciliation.
 */
export interface InvoiceMismatchFlaggedEvent {
  poNumber: string;
  distributor: string;
  invoiceNumbers: readonly string[];
  differences: readonly InvoiceDifference[];
}

/** Something an adapter could not do or chose not to do. */
export interface WarningEvent {
  warning: Warning;
  /** The PO concerned, when there is one. */
  poNumber?: string;
}

/**
 * Every event of the SDK, by name (noun then verb), with its payload. Payloads carry ids and
 * states, never credentials or addresses.
 */
export interface DropshipEventMap extends ListingEventMap, CancelEventMap, RerouteEventMap {
  'purchase-order-created': [event: PurchaseOrderCreatedEvent];
  'purchase-order-submitted': [event: PurchaseOrderSubmittedEvent];
  'purchase-order-failed': [event: PurchaseOrderFailedEvent];
  'purchase-order-rejected': [event: PurchaseOrderRejectedEvent];
  'purchase-order-state-changed': [event: PurchaseOrderStateChangedEvent];
  'purchase-order-cancelled': [event: PurchaseOrderCancelledEvent];
  'shipment-received': [event: ShipmentReceivedEvent];
  'tracking-pushed': [event: TrackingPushedEvent];
  'tracking-push-skipped': [event: TrackingPushSkippedEvent];
  'package-group-settled': [event: PackageGroupSettledEvent];
  'buyer-notified': [event: BuyerNotifiedEvent];
  'order-planned': [event: OrderPlannedEvent];
  'order-held': [event: OrderHeldEvent];
  'stock-check-failed': [event: StockCheckFailedEvent];
  'invoice-recorded': [event: InvoiceRecordedEvent];
  'invoice-mismatch-flagged': [event: InvoiceMismatchFlaggedEvent];
  'order-imported': [event: OrderImportedEvent];
  'order-import-duplicate': [event: OrderImportDuplicateEvent];
  'order-import-skipped': [event: OrderImportSkippedEvent];
  'order-unmappable': [event: OrderUnmappableEvent];
  'orders-acknowledged': [event: OrdersAcknowledgedEvent];
  'intake-page-read': [event: IntakePageReadEvent];
  'intake-window-completed': [event: IntakeWindowCompletedEvent];
  'intake-cursor-restarted': [event: IntakeCursorRestartedEvent];
  warning: [event: WarningEvent];
}

/** An event name. */
export type DropshipEventName = keyof DropshipEventMap;

/** The payload of event `Name`. */
export type DropshipEventPayload<Name extends DropshipEventName> = DropshipEventMap[Name][0];

/** Every event name, in a stable order. */
export const dropshipEventNames: readonly DropshipEventName[] = Object.freeze([
  'purchase-order-created',
  'purchase-order-submitted',
  'purchase-order-failed',
  'purchase-order-rejected',
  'purchase-order-state-changed',
  'purchase-order-cancelled',
  ...cancelEventNames,
  ...rerouteEventNames,
  'shipment-received',
  'tracking-pushed',
  'tracking-push-skipped',
  'package-group-settled',
  'buyer-notified',
  'order-planned',
  'order-held',
  'stock-check-failed',
  'invoice-recorded',
  'invoice-mismatch-flagged',
  'order-imported',
  'order-import-duplicate',
  'order-import-skipped',
  'order-unmappable',
  'orders-acknowledged',
  'intake-page-read',
  'intake-window-completed',
  'intake-cursor-restarted',
  ...listingEventNames,
  'warning',
]);

/** A typed event bus: `bus.on('purchase-order-submitted', (event) => ...)`. */
export type DropshipEventBus = EventEmitter<DropshipEventMap>;

/**
 * Creates a typed event bus (eventemitter3). Listeners run synchronously in the order added; a
 * listener that throws propagates to the emitter, so keep listeners small or catch inside them.
 */
export function createEventBus(): DropshipEventBus {
  return new EventEmitter<DropshipEventMap>();
}
