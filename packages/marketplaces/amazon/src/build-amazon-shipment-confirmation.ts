import { createHash } from 'node:crypto';
import { type CarrierCode, compactTrackingNumber, type ShipmentNotice, ValidationError } from '@dropship/core';
import { toAmazonCarrier } from './amazon-carrier-codes.js';
import type { AmazonConfirmShipmentRequest } from './amazon-schemas.js';

/**
 * A deterministic `packageReferenceId` for a package of an order: a positive decimal number (at
 * most 15 digits, no leading zero) derived from the order id and the tracking number (compared
 * without spaces, hyphens or case). The same package always gets the same id, so a retry edits
 * the package Amazon already has instead of adding a second one
 * (https://developer-docs.amazon.com/sp-api/reference/confirmshipment).
 *
 * @param orderId - Amazon order id (3-7-7).
 * @param trackingNumber - the package's tracking number.
 */
export function amazonPackageReferenceId(orderId: string, trackingNumber: string): string {
  const digest = createHash('sha256')
    .update(`${orderId.trim()}\n${compactTrackingNumber(trackingNumber)}`)
    .digest();
  // 48 bits → at most 15 decimal digits; + 1 keeps it positive.
  return String(digest.readUIntBE(0, 6) + 1);
}

/**
 * Builds the `confirmShipment` body of one package (https://developer-docs.amazon.com/sp-api/reference/confirmshipment): marketplace, a deterministic package
 * reference id, Amazon's carrier code (with `carrierName` when it is `Other`), the tracking
 * number, the ship date as ISO 8601 date-time and the order items with quantities. Expects a
 * validated shipment.
 *
 * @param input - order id, marketplace id, the package (validated) and carrier-code overrides.
 * @throws `ValidationError` when the carrier is `Other` and no carrier name is known.
 */
export function buildAmazonShipmentConfirmation(input: {
  orderId: string;
  marketplaceId: string;
  shipment: ShipmentNotice;
  carrierCodes?: Partial<Record<CarrierCode, string>>;
}): AmazonConfirmShipmentRequest {
  const { shipment } = input;
  const carrier = toAmazonCarrier(shipment.carrier, shipment.carrierName, input.carrierCodes);
  if (carrier.carrierCode === 'Other' && carrier.carrierName === undefined) {
    throw new ValidationError('Amazon shipment confirmation', [
      {
        path: 'shipment.carrierName',
        message: 'Amazon requires a carrier name when the carrier code is "Other"; set shipment.carrierName',
      },
    ]);
  }
  return {
    marketplaceId: input.marketplaceId,
    packageDetail: {
      packageReferenceId: amazonPackageReferenceId(input.orderId, shipment.trackingNumber),
      ...carrier,
      // Spaces removed (they are layout, not part of the number); hyphens kept (LaserShip uses them).
      trackingNumber: shipment.trackingNumber.replace(/\s+/g, ''),
      shipDate: new Date(shipment.shippedAt).toISOString(),
      orderItems: shipment.lines.map((line) => ({ orderItemId: line.lineId, quantity: line.quantity })),
    },
  };
}
