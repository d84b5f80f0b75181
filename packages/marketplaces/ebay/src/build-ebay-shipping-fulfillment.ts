import { type CarrierCode, compactTrackingNumber, type ShipmentNotice, ValidationError } from '@dropship/core';
import { toEbayCarrierCode } from './ebay-carrier-codes.js';
import type { EbayFulfillment, EbayShippingFulfillmentDetails } from './ebay-schemas.js';

/**
 * The tracking number as eBay accepts it: letters and digits only, no spaces or hyphens
 * (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
 *
 * @param trackingNumber - the tracking number as the distributor reported it.
 * @throws `ValidationError` when other characters (`/`, `#`, ...) remain.
 */
export function toEbayTrackingNumber(trackingNumber: string): string {
  const compact = compactTrackingNumber(trackingNumber);
  if (!/^[A-Z0-9]+$/.test(compact)) {
    throw new ValidationError('eBay shipping fulfillment', [
      {
        path: 'shipment.trackingNumber',
        message: 'eBay accepts letters and digits only; spaces and hyphens are removed, other characters are not',
      },
    ]);
  }
  return compact;
}

/**
 * Builds the `createShippingFulfillment` body of one package (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment): its line items and
 * quantities, the ship date as `YYYY-MM-DDTHH:MM:SS.SSSZ`, eBay's carrier code and the cleaned
 * tracking number. Expects a validated shipment.
 *
 * @param shipment - the package (validated).
 * @param carrierCodes - overrides of the default carrier-code table.
 */
export function buildEbayShippingFulfillment(
  shipment: ShipmentNotice,
  carrierCodes?: Partial<Record<CarrierCode, string>>,
): EbayShippingFulfillmentDetails {
  return {
    lineItems: shipment.lines.map((line) => ({ lineItemId: line.lineId, quantity: line.quantity })),
    shippedDate: new Date(shipment.shippedAt).toISOString(),
    shippingCarrierCode: toEbayCarrierCode(shipment.carrier, carrierCodes),
    trackingNumber: toEbayTrackingNumber(shipment.trackingNumber),
  };
}

/**
 * The existing fulfillment that carries `trackingNumber`, compared without spaces, hyphens or
 * case; undefined when none does.
 *
 * @param fulfillments - the order's fulfillments as eBay returns them.
 * @param trackingNumber - the tracking number to look for.
 */
export function findEbayFulfillment(
  fulfillments: readonly EbayFulfillment[],
  trackingNumber: string,
): EbayFulfillment | undefined {
  const wanted = compactTrackingNumber(trackingNumber);
  return fulfillments.find(
    (fulfillment) =>
      fulfillment.shipmentTrackingNumber !== undefined &&
      compactTrackingNumber(fulfillment.shipmentTrackingNumber) === wanted,
  );
}

/**
 * Quantities already fulfilled per line item id, summed over the order's fulfillments. A line
 * item listed without a quantity counts as 1 (eBay's default, https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment).
 *
 * @param fulfillments - the order's fulfillments as eBay returns them.
 */
export function ebayShippedQuantities(fulfillments: readonly EbayFulfillment[]): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const fulfillment of fulfillments) {
    for (const item of fulfillment.lineItems) {
      shipped.set(item.lineItemId, (shipped.get(item.lineItemId) ?? 0) + (item.quantity ?? 1));
    }
  }
  return shipped;
}
