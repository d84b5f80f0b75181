import {
  addressSchema,
  currencySchema,
  nonNegativeMinorUnitsSchema,
  type PurchaseOrderRequest,
  parseWith,
} from '@dropship/core';
import { z } from 'zod';
import { AUTOMATIC_MAX_PO_NUMBER_LENGTH } from './automatic-constants.js';

/** Research §4.2 (verified): PO numbers are ASCII printable only, at most 22 characters. */
export const automaticPoNumberSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(
    AUTOMATIC_MAX_PO_NUMBER_LENGTH,
    `must be at most ${AUTOMATIC_MAX_PO_NUMBER_LENGTH} characters (Automatic Distributors limit)`,
  )
  .regex(/^[\x20-\x7E]*$/, 'must contain ASCII printable characters only (Automatic Distributors rule)');

/** Strict schema of the `PurchaseOrderRequest` an Automatic client accepts. */
export const automaticPurchaseOrderRequestSchema = z.object({
  poNumber: automaticPoNumberSchema,
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
 * Validates a purchase order request before anything is sent, PO number rules included.
 *
 * @param input - the request as the caller passed it.
 * @throws `ValidationError` listing every problem with its path.
 */
export function parseAutomaticPurchaseOrderRequest(input: unknown): PurchaseOrderRequest {
  return parseWith(automaticPurchaseOrderRequestSchema, input, 'Automatic Distributors purchase order request');
}
