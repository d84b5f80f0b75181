import { z } from 'zod';
import type { RejectionReason } from '../errors/order-rejected-error.js';
import { positiveQuantitySchema } from './quantity.js';
import { TEXT_LIMITS, textSchema } from './text.js';

/** Every {@link RejectionReason}, for schemas. */
export const rejectionReasons = [
  'out-of-stock',
  'discontinued',
  'not-drop-shippable',
  'address-refused',
  'price-changed',
  'other',
] as const satisfies readonly RejectionReason[];

/** Fails to compile when `RejectionReason` gains a value the list above lacks. */
const everyReasonListed: Exclude<RejectionReason, (typeof rejectionReasons)[number]> extends never ? true : never =
  true;
void everyReasonListed;

/**
 * Why a distributor refused a PO, or some units of it, classified: set when a submission is
 * refused (`OrderRejectedError.reason` and `lineErrors[].reason`), when the distributor reports
 * the order cancelled or rejected on its side (`statusReason`), or when it cancels some lines
 * (`cancelledLines`) of an order that goes on. The dropshipper's re-routing reads it: the lines
 * named (all of them when `lines` is absent) are planned again without that distributor (or that
 * warehouse, for `out-of-stock` at a known warehouse).
 */
export const purchaseOrderRejectionSchema = z.object({
  /** Why, for the PO as a whole. */
  reason: z.enum(rejectionReasons),
  /**
   * The lines refused, by distributor SKU: every unit (no `quantity`) or the units cancelled so
   * far (`quantity`, a total repeated on each read). Absent: every line.
   */
  lines: z
    .array(
      z.object({
        sku: textSchema(TEXT_LIMITS.code).min(1),
        quantity: positiveQuantitySchema.optional(),
        reason: z.enum(rejectionReasons),
      }),
    )
    .optional(),
  /** `submission`: refused when sent (nothing placed); `distributor`: cancelled or refused later, on its side. */
  source: z.enum(['submission', 'distributor']),
});

/** Why a distributor refused a PO or some units of it (see {@link purchaseOrderRejectionSchema}). */
export type PurchaseOrderRejection = z.infer<typeof purchaseOrderRejectionSchema>;
