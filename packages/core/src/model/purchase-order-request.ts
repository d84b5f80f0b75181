import { z } from 'zod';
import { addressSchema } from './address.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from './money.js';
import { positiveQuantitySchema } from './quantity.js';
import { requiredTextSchema, TEXT_LIMITS, textSchema } from './text.js';

/** Schema of one `PurchaseOrderRequestLine`. Adapters may `.extend` it with their own SKU rules. */
export const purchaseOrderRequestLineSchema = z.object({
  sku: requiredTextSchema(TEXT_LIMITS.code),
  quantity: positiveQuantitySchema,
  unitCost: nonNegativeMinorUnitsSchema.optional(),
});

/**
 * Strict schema of the `PurchaseOrderRequest` a distributor client accepts (spec v1). Every
 * adapter validates requests with it before sending anything, extending `poNumber` (and lines)
 * with its distributor's own rules:
 *
 * ```ts
 * const schema = purchaseOrderRequestSchema.extend({ poNumber: z.string().max(22) });
 * ```
 */
export const purchaseOrderRequestSchema = z.object({
  poNumber: z
    .string()
    .min(1, 'must not be empty')
    .regex(/^[ -~]+$/, 'must be printable ASCII'),
  shipTo: addressSchema,
  lines: z.array(purchaseOrderRequestLineSchema).min(1, 'must have at least one line'),
  currency: currencySchema,
  shipMethod: requiredTextSchema(TEXT_LIMITS.name).optional(),
  allowBackorder: z.boolean().optional(),
  note: textSchema(TEXT_LIMITS.freeText).optional(),
  validateOnly: z.boolean().optional(),
});
