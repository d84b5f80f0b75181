import { compactTrackingNumber, type ShipmentNotice, type Warning } from '@dropship/core';
import { toShopifyGid } from './shopify-ids.js';
import type { ShopifyOrderFulfillmentData } from './shopify-schemas.js';

/** The fulfillment-order action that allows `fulfillmentCreate` (research/marketplace-apis.md §4.3). */
export const CREATE_FULFILLMENT = 'CREATE_FULFILLMENT';

/** What to do for one package, decided from the order's fulfillment orders and fulfillments. */
export type ShopifyFulfillmentPlan =
  | { kind: 'already-pushed'; fulfillmentId: string }
  | {
      kind: 'create';
      /** Fulfillment orders and line item quantities to fulfil; empty when nothing can be. */
      lineItemsByFulfillmentOrder: Array<{
        fulfillmentOrderId: string;
        fulfillmentOrderLineItems: Array<{ id: string; quantity: number }>;
      }>;
      /** Lines that cannot be fulfilled at all (unknown line, nothing left). */
      problems: string[];
      /** What was skipped or reduced (fulfillment orders without `CREATE_FULFILLMENT`, quantities above what is left). */
      warnings: Warning[];
    };

/**
 * The fulfillment of the order that already carries `trackingNumber` (cancelled fulfillments do
 * not count), or undefined.
 *
 * @param order - the order as read by the fulfillment-orders query.
 * @param trackingNumber - the package's tracking number.
 */
export function findFulfillmentWithTracking(
  order: ShopifyOrderFulfillmentData,
  trackingNumber: string,
): string | undefined {
  const wanted = compactTrackingNumber(trackingNumber);
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status?.toUpperCase() === 'CANCELLED') continue;
    const numbers = (fulfillment.trackingInfo ?? []).map((info) =>
      info.number ? compactTrackingNumber(info.number) : '',
    );
    if (numbers.includes(wanted)) return fulfillment.id;
  }
  return undefined;
}

/**
 * Plans the `fulfillmentCreate` of one package: if a fulfillment already carries the tracking
 * number, nothing is to be done; otherwise each line of the package (its `lineId` is the Shopify
 * line item id, numeric or `gid://shopify/LineItem/...`) is matched to fulfillment order line
 * items with quantity left, only on fulfillment orders whose `supportedActions` include
 * `CREATE_FULFILLMENT`. What lies on other fulfillment orders is skipped with a warning; a
 * quantity above what is left is reduced with a warning. Pure.
 *
 * @param order - the order as read by the fulfillment-orders query.
 * @param shipment - the package: tracking number and lines.
 */
export function planShopifyFulfillment(
  order: ShopifyOrderFulfillmentData,
  shipment: Pick<ShipmentNotice, 'trackingNumber' | 'lines'>,
): ShopifyFulfillmentPlan {
  const existing = findFulfillmentWithTracking(order, shipment.trackingNumber);
  if (existing) return { kind: 'already-pushed', fulfillmentId: existing };

  const problems: string[] = [];
  const warnings: Warning[] = [];
  const remaining = new Map<string, number>();
  for (const fulfillmentOrder of order.fulfillmentOrders.nodes) {
    for (const item of fulfillmentOrder.lineItems.nodes) remaining.set(item.id, Math.max(0, item.remainingQuantity));
  }
  const allocations = new Map<string, Map<string, number>>();
  const requested = new Map<string, number>();
  for (const line of shipment.lines) requested.set(line.lineId, (requested.get(line.lineId) ?? 0) + line.quantity);

  for (const [lineId, quantity] of requested) {
    const lineItemId = toShopifyGid('LineItem', lineId);
    if (!lineItemId) {
      problems.push(`line ${lineId} is not a Shopify line item id`);
      continue;
    }
    let left = quantity;
    let onOrder = false;
    const blocked: string[] = [];
    for (const fulfillmentOrder of order.fulfillmentOrders.nodes) {
      const canCreate = fulfillmentOrder.supportedActions.some((action) => action.action === CREATE_FULFILLMENT);
      for (const item of fulfillmentOrder.lineItems.nodes) {
        if (item.lineItem.id !== lineItemId) continue;
        onOrder = true;
        const available = remaining.get(item.id) ?? 0;
        if (available === 0 || left === 0) continue;
        if (!canCreate) {
          blocked.push(`${fulfillmentOrder.id} (status ${fulfillmentOrder.status})`);
          continue;
        }
        const take = Math.min(available, left);
        left -= take;
        remaining.set(item.id, available - take);
        const byItem = allocations.get(fulfillmentOrder.id) ?? new Map<string, number>();
        byItem.set(item.id, (byItem.get(item.id) ?? 0) + take);
        allocations.set(fulfillmentOrder.id, byItem);
      }
    }
    if (!onOrder) {
      problems.push(`line ${lineId} is not on the order's fulfillment orders`);
    } else if (left === quantity && blocked.length === 0) {
      problems.push(`line ${lineId} has nothing left to fulfil`);
    } else if (left > 0 && blocked.length > 0) {
      warnings.push({
        type: 'unsupported',
        feature: 'create-fulfillment',
        message: `shopify: ${left} of line ${lineId} skipped: fulfillment order ${blocked.join(', ')} does not allow ${CREATE_FULFILLMENT}`,
      });
    } else if (left > 0) {
      warnings.push({
        type: 'other',
        message: `shopify: line ${lineId}: ${quantity} in the package but only ${quantity - left} left to fulfil; fulfilled ${quantity - left}`,
      });
    }
  }

  if (
    order.fulfillmentOrders.pageInfo?.hasNextPage ||
    order.fulfillmentOrders.nodes.some((node) => node.lineItems.pageInfo?.hasNextPage)
  ) {
    warnings.push({
      type: 'other',
      message:
        'shopify: the order has more fulfillment orders or line items than one read returns; only the first were considered',
    });
  }

  return {
    kind: 'create',
    lineItemsByFulfillmentOrder: [...allocations].map(([fulfillmentOrderId, items]) => ({
      fulfillmentOrderId,
      fulfillmentOrderLineItems: [...items].map(([id, quantity]) => ({ id, quantity })),
    })),
    problems,
    warnings,
  };
}
