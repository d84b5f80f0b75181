import type { MarketplaceOrderStatus } from '../spec/v1/order-intake.js';

/**
 * Payloads of the order-intake events (`importOrders`). They carry ids, statuses, counts and
 * reasons: never an address, a buyer's name or email, or a credential.
 */

/** A marketplace order was taken in: saved, its stock reserved, its record created (status `imported`). */
export interface OrderImportedEvent {
  marketplace: string;
  salesOrderId: string;
  marketplaceOrderId: string;
  /** Reservations made for its lines. */
  reservations: number;
}

/** A marketplace order listed again (on two pages, in the overlap, a repeated webhook): nothing changed. */
export interface OrderImportDuplicateEvent {
  marketplace: string;
  salesOrderId: string;
  marketplaceOrderId: string;
}

/** A marketplace order not ready to ship (or cancelled, or shipped) was not taken in; it comes back when it changes. */
export interface OrderImportSkippedEvent {
  marketplace: string;
  salesOrderId: string;
  marketplaceOrderId: string;
  status: MarketplaceOrderStatus;
}

/** A marketplace order could not be mapped: held with the field and the reason (record status `unmappable`). */
export interface OrderUnmappableEvent {
  marketplace: string;
  salesOrderId: string;
  marketplaceOrderId: string;
  /** The marketplace's field. */
  field: string;
  /** Why, for a person. */
  reason: string;
}

/** The marketplace was told the seller has these orders (where it requires it). */
export interface OrdersAcknowledgedEvent {
  marketplace: string;
  /** Orders the marketplace confirmed. */
  acknowledged: readonly string[];
  /** Orders not confirmed, with why: acknowledged again at the next run. */
  failed: readonly { marketplaceOrderId: string; error: string }[];
}

/** One page of a marketplace's order listing was read and every order on it taken in. */
export interface IntakePageReadEvent {
  marketplace: string;
  /** The scan's window. */
  since: string;
  until: string;
  /** Entries on the page. */
  orders: number;
  /** True when another page follows. */
  more: boolean;
}

/** A scan read its window to the end: the watermark moved to `until`. */
export interface IntakeWindowCompletedEvent {
  marketplace: string;
  since: string;
  until: string;
  /** Pages read for the window, over every run that read it. */
  pages: number;
}

/** The marketplace refused the saved page cursor (expired): the window is read again from `since`. */
export interface IntakeCursorRestartedEvent {
  marketplace: string;
  since: string;
  until: string;
  /** The marketplace's answer (never a credential). */
  error: string;
}
