import {
  parseTrackingPush,
  type SalesOrder,
  type ShipmentNotice,
  ValidationError,
  type ValidationIssue,
} from '@dropship/core';

/**
 * Validates what `pushTracking` receives with core's `parseTrackingPush` (order, shipment, known
 * lines, quantities within the order), and checks that the order is a Walmart order.
 *
 * @param input - untrusted input.
 * @throws `ValidationError` listing every problem with its path.
 */
export function validateWalmartPush(input: { order: unknown; shipment: unknown }): {
  order: SalesOrder;
  shipment: ShipmentNotice;
} {
  const marketplace = (input?.order as { marketplace?: unknown } | null | undefined)?.marketplace;
  const issues: ValidationIssue[] =
    marketplace === undefined || marketplace === 'walmart'
      ? []
      : [{ path: 'order.marketplace', message: `must be "walmart" (got "${String(marketplace)}")` }];
  let parsed: { order: SalesOrder; shipment: ShipmentNotice } | undefined;
  try {
    parsed = parseTrackingPush(input);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    throw new ValidationError('tracking push', [...error.issues, ...issues]);
  }
  if (issues.length > 0) throw new ValidationError('tracking push', issues);
  return parsed;
}
