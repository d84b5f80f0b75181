import { z } from 'zod';
import { distributorShipmentSchema, trackingPushSkippedSchema } from '../model/shipment.js';

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
  z.object({ type: z.literal('settle-package-group'), ref: text, reason: z.string().optional() }),
  z.object({ type: z.literal('mark-tracking-pushed'), shipmentId: text }),
  z.object({
    type: z.literal('mark-tracking-push-skipped'),
    shipmentId: text,
    reason: trackingPushSkippedSchema.default('no-units'),
  }),
  z.object({ type: z.literal('mark-buyer-notified'), shipmentId: text }),
  z.object({ type: z.literal('complete'), requireBuyerNotified: z.boolean().default(false) }),
  z.object({ type: z.literal('request-cancel'), reason: z.string().optional() }),
  z.object({ type: z.literal('request-manual-cancel'), reason: text }),
  z.object({ type: z.literal('confirm-cancel'), detail: z.string().optional() }),
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
 *   reported again, a box of a distributor order (`packageOf`) is revised (its group completes,
 *   another box joins) while none of its group was told to the marketplace;
 * - `settle-package-group`: the SDK stops waiting for a distributor order to be reported complete
 *   and takes its boxes seen so far as all of it (→ partially_shipped or shipped);
 * - `mark-tracking-pushed` / `mark-buyer-notified`: the marketplace has the tracking / the buyer was told;
 * - `mark-tracking-push-skipped`: a package that covers no unit of the PO is settled without a
 *   marketplace call (it counts as pushed for `complete`);
 * - `complete`: every shipment is pushed or skipped (→ completed);
 * - `request-cancel`, `confirm-cancel`, `decline-cancel`: cancellation;
 * - `request-manual-cancel`: the distributor's API cannot cancel the placed PO: a person must
 *   (→ manual_cancel, with the reason), then `confirm-cancel` or `decline-cancel` says what they got.
 */
export type PurchaseOrderEvent = z.input<typeof purchaseOrderEventSchema>;

/** A validated event, defaults applied. */
export type ParsedPurchaseOrderEvent = z.output<typeof purchaseOrderEventSchema>;

/** The `type` of a purchase-order event. */
export type PurchaseOrderEventType = ParsedPurchaseOrderEvent['type'];
