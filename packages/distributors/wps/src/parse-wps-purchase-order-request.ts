import { type PurchaseOrderRequest, parseWith, purchaseOrderRequestSchema } from '@dropship/core';
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
export const wpsPurchaseOrderRequestSchema = purchaseOrderRequestSchema.extend({
  poNumber: poNumberSchema,
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
