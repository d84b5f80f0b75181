import { DropshipError, markerCheck } from './dropship-error.js';

/** A per-line problem reported by a distributor. */
export interface LineError {
  /** Distributor SKU of the line, when the distributor says which. */
  sku?: string;
  /** The distributor's message. */
  message: string;
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

  /**
   * @param service - the distributor.
   * @param poNumber - the refused PO number.
   * @param message - the distributor's reason.
   * @param lineErrors - per-line problems.
   */
  constructor(service: string, poNumber: string, message: string, lineErrors: readonly LineError[] = []) {
    const lines = lineErrors.map((line) => `${line.sku ?? '?'}: ${line.message}`).join('; ');
    super('order-rejected', `${service} rejected PO ${poNumber}: ${message}${lines ? ` (${lines})` : ''}`);
    check.mark(this);
    this.service = service;
    this.poNumber = poNumber;
    this.lineErrors = lineErrors;
  }

  /** True when `error` is an {@link OrderRejectedError}. */
  static override isInstance(error: unknown): error is OrderRejectedError {
    return check.is(error);
  }
}
