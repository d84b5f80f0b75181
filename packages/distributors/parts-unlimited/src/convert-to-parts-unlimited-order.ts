import type { PurchaseOrderRequest } from '@dropship/core';
import type { PartsUnlimitedOrderBody } from './parts-unlimited-schemas.js';

/** Values of `cancellation_policy` (no public documentation: `"back_order"` and `"0"` seen; their meaning is NOT FOUND). */
export interface PartsUnlimitedCancellationPolicies {
  /** Sent when the request allows backorders. Default `back_order`. */
  allowBackorder: string;
  /** Sent when it does not. Default `0` (seen in one client; UNCONFIRMED meaning). */
  noBackorder: string;
}

/** What `convertToPartsUnlimitedOrder` needs besides the request. */
export interface PartsUnlimitedOrderOptions {
  dealerNumber: string;
  /** Used when the request has no `shipMethod`. Only `ground` is seen in third-party clients (no public documentation). */
  defaultShippingMethod: string;
  cancellationPolicies: PartsUnlimitedCancellationPolicies;
  /** Sent as `validate_price`. Default false in every client seen. */
  validatePrice: boolean;
}

/**
 * Converts minor units to the decimal currency amount the API takes in `price`
 * (`1999` → `19.99`). The only float in this package, at the wire edge.
 *
 * @param minorUnits - integer minor units.
 */
export function minorUnitsToPartsUnlimitedPrice(minorUnits: number): number {
  return Math.round(minorUnits) / 100;
}

/**
 * Builds the body of `POST /v2/orders/dropship` (no public documentation) from a validated request.
 * `address3` is appended to `address_line_2` (the API has two lines); phone and email are not
 * sent (their fields are NOT FOUND).
 *
 * @param request - a validated purchase order request.
 * @param options - dealer number and the configurable codes.
 */
export function convertToPartsUnlimitedOrder(
  request: PurchaseOrderRequest,
  options: PartsUnlimitedOrderOptions,
): PartsUnlimitedOrderBody {
  const { shipTo } = request;
  return {
    dealer_number: options.dealerNumber,
    order_type: 'DS',
    purchase_order_number: request.poNumber,
    shipping_method: request.shipMethod ?? options.defaultShippingMethod,
    validate_price: options.validatePrice,
    cancellation_policy: request.allowBackorder
      ? options.cancellationPolicies.allowBackorder
      : options.cancellationPolicies.noBackorder,
    ship_to_address: {
      name: shipTo.name,
      company: shipTo.company ?? '',
      address_line_1: shipTo.address1,
      address_line_2: [shipTo.address2, shipTo.address3].filter((line) => line !== undefined && line !== '').join(' '),
      city: shipTo.city,
      state: shipTo.region,
      postal_code: shipTo.postalCode,
      country: shipTo.country,
    },
    line_items: request.lines.map((line, index) => ({
      line_number: index + 1,
      part_number: line.sku,
      quantity: line.quantity,
      price: line.unitCost === undefined ? 0 : minorUnitsToPartsUnlimitedPrice(line.unitCost),
      currency: request.currency,
    })),
  };
}
