import {
  addressSchema,
  currencySchema,
  nonNegativeMinorUnitsSchema,
  type PurchaseOrderRequest,
  parseWith,
} from '@dropship/core';
import { z } from 'zod';

/**
 * PO numbers travel in URL paths (`/carts/{po}`, `/orders/{po}`): printable ASCII without
 * spaces or the characters that change a path (`/ \ ? # %`).
 */
const poNumberSchema = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[!-~]+$/, 'must be printable ASCII without spaces')
  .regex(/^[^/\\?#%]+$/, 'must not contain / \\ ? # or %');

/** Strict schema of the `PurchaseOrderRequest` a WPS client accepts. */
export const wpsPurchaseOrderRequestSchema = z.object({
  poNumber: poNumberSchema,
  shipTo: addressSchema,
  lines: z
    .array(
      z.object({
        sku: z.string().trim().min(1, 'must not be empty'),
        quantity: z.number().int('must be a whole number').positive('must be at least 1'),
        unitCost: nonNegativeMinorUnitsSchema.optional(),
      }),
    )
    .min(1, 'must have at least one line'),
  currency: currencySchema,
  shipMethod: z.string().trim().min(1).optional(),
  allowBackorder: z.boolean().optional(),
  note: z.string().optional(),
  validateOnly: z.boolean().optional(),
});

/**
 * Validates a purchase order request before anything is sent.
 *
 * @param input - the request as the caller passed it.
 * @throws `ValidationError` listing every problem with its path.
 */
export function parseWpsPurchaseOrderRequest(input: unknown): PurchaseOrderRequest {
  return parseWith(wpsPurchaseOrderRequestSchema, input, 'WPS purchase order request');
}
