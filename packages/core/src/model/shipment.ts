import { z } from 'zod';
import { carrierCodeSchema } from './carrier.js';

/** Quantity of one distributor SKU in a shipment. */
export const shipmentLineSchema = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
});

/** Quantity of one distributor SKU in a shipment. */
export type ShipmentLine = z.infer<typeof shipmentLineSchema>;

/**
 * A package a distributor shipped for a PO, as its client reports it. `lines` is absent when the
 * distributor does not say what is in the package; the SDK then treats it as the rest of the PO.
 */
export const distributorShipmentSchema = z.object({
  /** Canonical carrier; `other` with `carrierName` when not one the SDK knows. */
  carrier: carrierCodeSchema,
  /** The carrier or ship-via text the distributor reported, as is. */
  carrierName: z.string().optional(),
  trackingNumber: z.string().min(1),
  trackingUrl: z.url().optional(),
  /** When it shipped (ISO 8601). */
  shippedAt: z.iso.datetime({ offset: true }),
  lines: z.array(shipmentLineSchema).optional(),
  /** The distributor's order (warehouse order, invoice) this package belongs to. */
  distributorOrderRef: z.string().optional(),
  warehouse: z.string().optional(),
});

/** A package a distributor shipped for a PO. */
export type DistributorShipment = z.infer<typeof distributorShipmentSchema>;

/**
 * A shipment as recorded on a purchase order: the distributor's report plus a stable id and
 * the marks that make tracking push and buyer email happen once.
 */
export const shipmentSchema = distributorShipmentSchema.extend({
  /** Stable id: `<poNumber>:<trackingNumber>`. */
  id: z.string().min(1),
  /** When tracking was pushed to the marketplace (ISO 8601). */
  trackingPushedAt: z.iso.datetime({ offset: true }).optional(),
  /** When the buyer was notified, by the SDK or by the marketplace (ISO 8601). */
  buyerNotifiedAt: z.iso.datetime({ offset: true }).optional(),
});

/** A shipment as recorded on a purchase order. */
export type Shipment = z.infer<typeof shipmentSchema>;

/**
 * The stable id of a shipment: `<poNumber>:<trackingNumber>` (tracking number without spaces).
 *
 * @param poNumber - the PO the package belongs to.
 * @param trackingNumber - the carrier's tracking number.
 */
export function shipmentId(poNumber: string, trackingNumber: string): string {
  return `${poNumber}:${trackingNumber.replace(/\s+/g, '')}`;
}
