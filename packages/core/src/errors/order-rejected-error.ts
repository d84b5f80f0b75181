import { DropshipError, markerCheck } from './dropship-error.js';

/**
 * Why a distributor refused an order or a line, in the SDK's terms (each client maps its
 * distributor's codes and messages; what it cannot classify is `other`):
 * - `out-of-stock`: no units to ship now (the feed was older than the warehouse);
 * - `discontinued`: the part is no longer sold;
 * - `not-drop-shippable`: the part cannot be drop-shipped (oversize, hazmat, a dealer-only item);
 * - `address-refused`: the distributor will not ship to the address (PO box, region, invalid);
 * - `price-changed`: the distributor's price is not the price sent;
 * - `other`: anything else (a person reads `message`).
 *
 * The first four let the dropshipper re-route the lines to another distributor; `other` is held
 * for a person unless the dropshipper's re-route policy says otherwise.
 */
export type RejectionReason =
  | 'out-of-stock'
  | 'discontinued'
  | 'not-drop-shippable'
  | 'address-refused'
  | 'price-changed'
  | 'other';

/** A per-line problem reported by a distributor. */
export interface LineError {
  /** Distributor SKU of the line, when the distributor says which. */
  sku?: string;
  /** The distributor's message. */
  message: string;
  /** Why, classified; absent means `other`. */
  reason?: RejectionReason;
}

const check = markerCheck<OrderRejectedError>('order-rejected');

/**
 * The distributor refused the purchase order (a business rejection, not a transport
 * failure): unknown part, bad address, duplicate PO refused, line errors. Not retryable as is.
 */
export class OrderRejectedError extends DropshipError {
  /** The distributor. */
  readonly service: string;
  /** The PO number that was refused. */
  readonly poNumber: string;
  /** Per-line problems, when the distributor listed them. */
  readonly lineErrors: readonly LineError[];
  /** Why the order as a whole was refused (`other` when the client could not classify it). */
  readonly reason: RejectionReason;

  /**
   * @param service - the distributor.
   * @param poNumber - the refused PO number.
   * @param message - the distributor's reason.
   * @param lineErrors - per-line problems.
   * @param reason - why, classified (default `other`; a client that can tell passes it).
   */
  constructor(
    service: string,
    poNumber: string,
    message: string,
    lineErrors: readonly LineError[] = [],
    reason: RejectionReason = 'other',
  ) {
    const lines = lineErrors.map((line) => `${line.sku ?? '?'}: ${line.message}`).join('; ');
    super('order-rejected', `${service} rejected PO ${poNumber}: ${message}${lines ? ` (${lines})` : ''}`);
    check.mark(this);
    this.service = service;
    this.poNumber = poNumber;
    this.lineErrors = lineErrors;
    this.reason = reason;
  }

  /** True when `error` is an {@link OrderRejectedError}. */
  static override isInstance(error: unknown): error is OrderRejectedError {
    return check.is(error);
  }
}
