import { z } from 'zod';
import { distributorShipmentSchema } from '../model/shipment.js';

const text = z.string().min(1);

/** Schema of every event `transition` accepts (a discriminated union on `type`). */
export const purchaseOrderEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('submit') }),
  z.object({
    type: z.literal('submit-succeeded'),
    distributorOrderRefs: z.array(text).default([]),
    status: z.enum(['submitted', 'acknowledged', 'backordered']).default('submitted'),
  }),
  z.object({ type: z.literal('submit-failed'), error: text }),
  z.object({ type: z.literal('reject'), reason: text }),
  z.object({ type: z.literal('acknowledge') }),
  z.object({ type: z.literal('backorder'), detail: z.string().optional() }),
  z.object({ type: z.literal('record-shipment'), shipment: distributorShipmentSchema }),
  z.object({ type: z.literal('mark-tracking-pushed'), shipmentId: text }),
  z.object({ type: z.literal('mark-buyer-notified'), shipmentId: text }),
  z.object({ type: z.literal('complete'), requireBuyerNotified: z.boolean().default(false) }),
  z.object({ type: z.literal('request-cancel'), reason: z.string().optional() }),
  z.object({ type: z.literal('confirm-cancel') }),
  z.object({ type: z.literal('decline-cancel'), reason: z.string().optional() }),
]);

/**
 * Something that happened to a purchase order:
 * - `submit`: the SDK is about to call the distributor (draft or failed → submitting);
 * - `submit-succeeded`: the distributor holds the order (→ submitted / acknowledged / backordered);
 * - `submit-failed`: the call failed and may be retried (→ failed);
 * - `reject`: the distributor refused the order (→ rejected);
 * - `acknowledge` / `backorder`: the distributor confirmed or backordered it;
 * - `record-shipment`: a package shipped (→ partially_shipped or shipped, by comparing quantities);
 * - `mark-tracking-pushed` / `mark-buyer-notified`: the marketplace has the tracking / the buyer was told;
 * - `complete`: every shipment is pushed (→ completed);
 * - `request-cancel`, `confirm-cancel`, `decline-cancel`: cancellation.
 */
export type PurchaseOrderEvent = z.input<typeof purchaseOrderEventSchema>;

/** A validated event, defaults applied. */
export type ParsedPurchaseOrderEvent = z.output<typeof purchaseOrderEventSchema>;

/** The `type` of a purchase-order event. */
export type PurchaseOrderEventType = ParsedPurchaseOrderEvent['type'];
