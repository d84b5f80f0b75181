import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<OrderMappingError>('order-mapping');

/**
 * A marketplace order could not be mapped to a `SalesOrder`: names the order and the
 * marketplace's field. Order intake holds such an order with this reason; it is never dropped.
 */
export class OrderMappingError extends DropshipError {
  /** The marketplace id (`ebay`, `amazon`, ...). */
  readonly marketplace: string;
  /** The marketplace's order id. */
  readonly marketplaceOrderId: string;
  /** The field that could not be mapped, as the marketplace names it (`shippingAddress.Name`) or as the SDK does (`shipTo.name`). */
  readonly field: string;
  /** Why, for a person. */
  readonly reason: string;

  /**
   * @param marketplace - the marketplace id.
   * @param marketplaceOrderId - the marketplace's order id.
   * @param field - the field that could not be mapped.
   * @param reason - why; must not contain credentials.
   */
  constructor(marketplace: string, marketplaceOrderId: string, field: string, reason: string, options?: ErrorOptions) {
    super('order-mapping', `${marketplace} order ${marketplaceOrderId} cannot be mapped: ${field}: ${reason}`, options);
    check.mark(this);
    this.marketplace = marketplace;
    this.marketplaceOrderId = marketplaceOrderId;
    this.field = field;
    this.reason = reason;
  }

  /** True when `error` is an {@link OrderMappingError}. */
  static override isInstance(error: unknown): error is OrderMappingError {
    return check.is(error);
  }
}
