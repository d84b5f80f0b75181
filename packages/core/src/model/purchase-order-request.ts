import { z } from 'zod';
import { addressSchema } from './address.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from './money.js';

/** Schema of one `PurchaseOrderRequestLine`. Adapters may `.extend` it with their own SKU rules. */
export const purchaseOrderRequestLineSchema = z.object({
  sku: z.string().trim().min(1, 'must not be empty'),
  quantity: z.number().int('must be a whole number').positive('must be at least 1'),
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
  shipMethod: z.string().trim().min(1).optional(),
  allowBackorder: z.boolean().optional(),
  note: z.string().optional(),
  validateOnly: z.boolean().optional(),
});
