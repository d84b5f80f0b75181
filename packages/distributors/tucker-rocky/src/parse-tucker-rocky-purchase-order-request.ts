import {
  FieldLengthError,
  type PurchaseOrderRequest,
  parseWith,
  purchaseOrderRequestLineSchema,
  purchaseOrderRequestSchema,
  ValidationError,
} from '@dropship/core';
import { z } from 'zod';

/**
 * Strict schema of the `PurchaseOrderRequest` a Tucker Rocky client accepts. Lines travel as
 * `line=<ITEM>,<QTY>` (no public documentation), so a part number must not contain a comma.
 */
export const tuckerRockyPurchaseOrderRequestSchema = purchaseOrderRequestSchema.extend({
  poNumber: purchaseOrderRequestSchema.shape.poNumber,
  lines: z
    .array(
      purchaseOrderRequestLineSchema.extend({
        sku: purchaseOrderRequestLineSchema.shape.sku.regex(
          /^[^,]+$/,
          'must not contain a comma (lines are sent as ITEM,QTY)',
        ),
      }),
    )
    .min(1, 'must have at least one line'),
});

/** Limits checked before an order is sent. */
export interface TuckerRockyRequestLimits {
  /** Longest PO number (NOT FOUND in any public source; configurable). */
  maxPoNumberLength: number;
  /** Countries the order call can ship to (TRWS has no country field, no public documentation). */
  shipToCountries: readonly string[];
}

/**
 * Validates a purchase order request before anything is sent: shape (zod), ship-to country and
 * PO number length.
 *
 * @param input - the request as the caller passed it.
 * @param limits - PO length and allowed countries.
 * @throws `ValidationError` listing every problem with its path.
 * @throws `FieldLengthError` when the PO number is too long.
 */
export function parseTuckerRockyPurchaseOrderRequest(
  input: unknown,
  limits: TuckerRockyRequestLimits,
): PurchaseOrderRequest {
  const request = parseWith(tuckerRockyPurchaseOrderRequestSchema, input, 'Tucker Rocky purchase order request');
  if (!limits.shipToCountries.includes(request.shipTo.country)) {
    throw new ValidationError('Tucker Rocky purchase order request', [
      {
        path: 'shipTo.country',
        message: `the TRWS order call has no country field; only ${limits.shipToCountries.join(', ')} addresses are sent (option shipToCountries)`,
      },
    ]);
  }
  if (request.poNumber.length > limits.maxPoNumberLength) {
    throw new FieldLengthError('tucker-rocky', [
      { field: 'po', maxLength: limits.maxPoNumberLength, actualLength: request.poNumber.length },
    ]);
  }
  return request;
}
