import { type PurchaseOrderRequest, parseWith, purchaseOrderRequestSchema } from '@dropship/core';
import { z } from 'zod';
import { AUTOMATIC_MAX_PO_NUMBER_LENGTH } from './automatic-constants.js';

/** https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source (verified): PO numbers are ASCII printable only, at most 22 characters. */
export const automaticPoNumberSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(
    AUTOMATIC_MAX_PO_NUMBER_LENGTH,
    `must be at most ${AUTOMATIC_MAX_PO_NUMBER_LENGTH} characters (Automatic Distributors limit)`,
  )
  .regex(/^[\x20-\x7E]*$/, 'must contain ASCII printable characters only (Automatic Distributors rule)');

/** Strict schema of the `PurchaseOrderRequest` an Automatic client accepts. */
export const automaticPurchaseOrderRequestSchema = purchaseOrderRequestSchema.extend({
  poNumber: automaticPoNumberSchema,
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
