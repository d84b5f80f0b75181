import {
  parseTrackingPush,
  type SalesOrder,
  type ShipmentNotice,
  ValidationError,
  type ValidationIssue,
} from '@dropship/core';
import { toShopifyGid } from './shopify-ids.js';

/** Problems specific to Shopify: another marketplace's order, ids that are not Shopify ids. */
function shopifyIssues(input: { order: unknown; shipment: unknown }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const order = input?.order as { marketplace?: unknown; marketplaceOrderId?: unknown } | null | undefined;
  if (order?.marketplace !== undefined && order.marketplace !== 'shopify') {
    issues.push({ path: 'order.marketplace', message: `must be "shopify" (got "${String(order.marketplace)}")` });
  }
  if (typeof order?.marketplaceOrderId === 'string' && !toShopifyGid('Order', order.marketplaceOrderId)) {
    issues.push({
      path: 'order.marketplaceOrderId',
      message: 'must be a Shopify order id: numeric or gid://shopify/Order/<id>',
    });
  }
  const lines = (input?.shipment as { lines?: unknown } | null | undefined)?.lines;
  if (Array.isArray(lines)) {
    lines.forEach((line: { lineId?: unknown } | null | undefined, index) => {
      if (typeof line?.lineId === 'string' && line.lineId.trim().length > 0 && !toShopifyGid('LineItem', line.lineId)) {
        issues.push({
          path: `shipment.lines.${index}.lineId`,
          message: 'must be a Shopify line item id: numeric or gid://shopify/LineItem/<id>',
        });
      }
    });
  }
  return issues;
}

/**
 * Validates what `pushTracking` receives with core's `parseTrackingPush` (order, shipment, known
 * lines, quantities within the order), and checks that the order is a Shopify order with
 * Shopify ids (numeric or `gid://shopify/...`).
 *
 * @param input - untrusted input.
 * @throws `ValidationError` listing every problem with its path.
 */
export function validateShopifyPush(input: { order: unknown; shipment: unknown }): {
  order: SalesOrder;
  shipment: ShipmentNotice;
} {
  const issues = shopifyIssues(input);
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
