import { OrderMappingError } from '../errors/order-mapping-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ListedOrderEntry, MarketplaceOrderStatus } from '../spec/v1/order-intake.js';
import { parseSalesOrder } from './sales-order.js';

/** What {@link toListedOrder} needs to map one order of a listing page. */
export interface ListedOrderSource {
  /** The marketplace's order id (for the held entry when mapping fails). */
  marketplaceOrderId: string;
  /** The marketplace's last modification time (ISO 8601). */
  updatedAt: string;
  /** Where the order stands at the marketplace. */
  status: MarketplaceOrderStatus;
  /**
   * Builds the `SalesOrder` input from the marketplace's order. Throws {@link OrderMappingError}
   * for a field it cannot map (naming the marketplace's field); what it returns is validated here.
   */
  map: () => unknown;
}

/**
 * Maps one order of a listing page, the one home of the rule every adapter follows: an order that
 * maps and validates becomes a `ListedOrder`; one that does not (an `OrderMappingError` from `map`,
 * or a `ValidationError` of the mapped order) becomes an `UnmappableOrder` naming the field and
 * the reason, so that intake holds it instead of dropping it. Any other error is a bug and is thrown.
 *
 * @param source - the order's id, modification time, status and mapper.
 * @returns the listing entry.
 */
export function toListedOrder(source: ListedOrderSource): ListedOrderEntry {
  const { marketplaceOrderId, updatedAt, status } = source;
  try {
    return { kind: 'order', order: parseSalesOrder(source.map()), status, updatedAt };
  } catch (error) {
    if (OrderMappingError.isInstance(error)) {
      return { kind: 'unmappable', marketplaceOrderId, updatedAt, status, field: error.field, reason: error.reason };
    }
    if (ValidationError.isInstance(error)) {
      const [first] = error.issues;
      return {
        kind: 'unmappable',
        marketplaceOrderId,
        updatedAt,
        status,
        field: first?.path || '(order)',
        reason: error.issues.map((issue) => `${issue.path || '(order)'}: ${issue.message}`).join('; '),
      };
    }
    throw error;
  }
}
