import { FieldLengthError, type ShipmentNotice, ValidationError } from '@dropship/core';
import { toWalmartCarrier } from './walmart-carriers.js';
import type { WalmartShipOrderLinesRequest } from './walmart-schemas.js';

/** Longest `sellerOrderId` Walmart accepts (spec: "limit of 30 characters"). */
export const WALMART_SELLER_ORDER_ID_MAX_LENGTH = 30;

/** Input of {@link buildWalmartShipRequest}. */
export interface WalmartShipRequestInput {
  /** The package: carrier, tracking number and URL, ship time. */
  shipment: Pick<ShipmentNotice, 'carrier' | 'carrierName' | 'trackingNumber' | 'trackingUrl' | 'shippedAt'>;
  /** Walmart line numbers and the quantity of each in this package; `intentToCancelOverride` for a line the buyer asked to cancel. */
  lines: readonly { lineNumber: string; quantity: number; intentToCancelOverride?: true }[];
  /** The seller's order id printed on return labels (at most 30 characters). */
  sellerOrderId: string;
  /** `trackingInfo.methodCode`: the order's own method code, else the adapter's option. */
  methodCode: string;
}

/**
 * Builds the body of `POST /v3/orders/{purchaseOrderId}/shipping` in the spec's shape
 * (https://developer.walmart.com/us-marketplace/reference/shippingupdates): one `orderLine` per line with one `Shipped` status, its
 * quantity as a string with unit `EACH`, the ship time in epoch milliseconds, and the carrier
 * as a Walmart enum value or `otherCarrier` plus `trackingURL`. Pure.
 *
 * @param input - the package, the lines and quantities, the seller order id and the method code.
 * @throws `ValidationError` when the ship time is not a date, or the carrier is not one
 * Walmart knows and no tracking URL is available (Walmart requires one with `otherCarrier`).
 * @throws `FieldLengthError` when `sellerOrderId` is longer than 30 characters.
 */
export function buildWalmartShipRequest(input: WalmartShipRequestInput): WalmartShipOrderLinesRequest {
  const { shipment } = input;
  const issues: { path: string; message: string }[] = [];
  const shipDateTime = Date.parse(shipment.shippedAt);
  if (Number.isNaN(shipDateTime)) issues.push({ path: 'shipment.shippedAt', message: 'must be an ISO 8601 date-time' });
  const trackingNumber = shipment.trackingNumber.replace(/\s+/g, '');
  if (trackingNumber.length === 0) issues.push({ path: 'shipment.trackingNumber', message: 'must not be empty' });
  const choice = toWalmartCarrier(shipment);
  if ('otherCarrier' in choice.carrierName && !choice.trackingURL) {
    issues.push({
      path: 'shipment.trackingUrl',
      message: `is required for carrier "${choice.carrierName.otherCarrier}": Walmart needs a tracking URL with otherCarrier`,
    });
  }
  input.lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      issues.push({ path: `lines.${index}.quantity`, message: 'must be a whole number of at least 1' });
    }
  });
  if (input.lines.length === 0) issues.push({ path: 'lines', message: 'must list at least one line' });
  if (issues.length > 0) throw new ValidationError('walmart shipment', issues);
  if (input.sellerOrderId.length > WALMART_SELLER_ORDER_ID_MAX_LENGTH) {
    throw new FieldLengthError('walmart', [
      {
        field: 'sellerOrderId',
        maxLength: WALMART_SELLER_ORDER_ID_MAX_LENGTH,
        actualLength: input.sellerOrderId.length,
      },
    ]);
  }
  return {
    orderShipment: {
      orderLines: {
        orderLine: input.lines.map((line) => ({
          lineNumber: line.lineNumber,
          ...(line.intentToCancelOverride ? { intentToCancelOverride: true as const } : {}),
          sellerOrderId: input.sellerOrderId,
          orderLineStatuses: {
            orderLineStatus: [
              {
                status: 'Shipped' as const,
                statusQuantity: { unitOfMeasurement: 'EACH' as const, amount: String(line.quantity) },
                trackingInfo: {
                  shipDateTime,
                  carrierName: choice.carrierName,
                  methodCode: input.methodCode,
                  trackingNumber,
                  ...(choice.trackingURL ? { trackingURL: choice.trackingURL } : {}),
                },
              },
            ],
          },
        })),
      },
    },
  };
}
