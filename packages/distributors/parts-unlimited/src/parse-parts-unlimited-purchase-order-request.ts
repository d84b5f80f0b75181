import { FieldLengthError, type PurchaseOrderRequest, parseWith, purchaseOrderRequestSchema } from '@dropship/core';

/** Strict schema of the `PurchaseOrderRequest` a Parts Unlimited client accepts. */
export const partsUnlimitedPurchaseOrderRequestSchema = purchaseOrderRequestSchema.extend({
  poNumber: purchaseOrderRequestSchema.shape.poNumber,
});

/**
 * Validates a purchase order request before anything is sent: shape (zod) and the PO number
 * length limit.
 *
 * @param input - the request as the caller passed it.
 * @param maxPoNumberLength - the longest PO number accepted (no public documentation: "max 20 chars",
 *   UNCONFIRMED).
 * @throws `ValidationError` listing every problem with its path.
 * @throws `FieldLengthError` when the PO number is too long.
 */
export function parsePartsUnlimitedPurchaseOrderRequest(
  input: unknown,
  maxPoNumberLength: number,
): PurchaseOrderRequest {
  const request = parseWith(partsUnlimitedPurchaseOrderRequestSchema, input, 'Parts Unlimited purchase order request');
  if (request.poNumber.length > maxPoNumberLength) {
    throw new FieldLengthError('parts-unlimited', [
      { field: 'purchase_order_number', maxLength: maxPoNumberLength, actualLength: request.poNumber.length },
    ]);
  }
  return request;
}
