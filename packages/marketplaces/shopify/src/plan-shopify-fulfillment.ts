import { compactTrackingNumber, type ShipmentNotice, type Warning } from '@dropship/core';
import { toShopifyGid } from './shopify-ids.js';
import type { ShopifyOrderFulfillmentData } from './shopify-schemas.js';

/** The fulfillment-order action that allows `fulfillmentCreate` (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate). */
export const CREATE_FULFILLMENT = 'CREATE_FULFILLMENT';

/** Fulfillment orders and the line item quantities of one `fulfillmentCreate` call. */
export type ShopifyLineItemsByFulfillmentOrder = Array<{
  fulfillmentOrderId: string;
  fulfillmentOrderLineItems: Array<{ id: string; quantity: number }>;
}>;

/**
 * One `fulfillmentCreate` call of a package: fulfillment orders that are all assigned to the same
 * location (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate: the
 * fulfillment orders of one call must share their assigned location).
 */
export interface ShopifyLocationFulfillment {
  /**
   * The assigned location's id; undefined when the read did not say, and then the call holds a
   * single fulfillment order (two of unknown location are never sent together).
   */
  locationId: string | undefined;
  /** What the call fulfils. */
  lineItemsByFulfillmentOrder: ShopifyLineItemsByFulfillmentOrder;
  /** The same quantities by order line item (`gid://shopify/LineItem/...`), to check a read-back. */
  lineItems: Array<{ lineItemId: string; quantity: number }>;
}

/** What to do for one package, decided from the order's fulfillment orders and fulfillments. */
export type ShopifyFulfillmentPlan =
  | { kind: 'already-pushed'; fulfillmentId: string }
  | {
      kind: 'create';
      /** Every fulfillment order and line item quantity to fulfil (all calls together); empty when nothing can be. */
      lineItemsByFulfillmentOrder: ShopifyLineItemsByFulfillmentOrder;
      /** The calls to make: one per assigned location, in the order the fulfillment orders were read. */
      byLocation: ShopifyLocationFulfillment[];
      /**
       * Fulfillments that already carry the tracking number for part of the package (an earlier
       * push that stopped between two locations); what they hold is not planned again.
       */
      earlierFulfillmentIds: string[];
      /** Lines that cannot be fulfilled at all (unknown line, nothing left). */
      problems: string[];
      /** What was skipped or reduced (fulfillment orders without `CREATE_FULFILLMENT`, quantities above what is left). */
      warnings: Warning[];
    };

/** What the order's fulfillments carrying one tracking number hold. */
export interface ShopifyTrackingCoverage {
  /** Ids of the fulfillments (not cancelled) carrying the tracking number, in read order. */
  fulfillmentIds: string[];
  /** Quantity per order line item (`gid://shopify/LineItem/...`) those fulfillments hold. */
  quantities: Map<string, number>;
  /**
   * The first of them whose line items the read does not show in full (not asked, or more than
   * one page): what it holds is unknown, so the package counts as pushed.
   */
  unattributedFulfillmentId: string | undefined;
}

/**
 * What the order's fulfillments carrying `trackingNumber` (whatever its spacing; cancelled
 * fulfillments do not count) hold, by order line item. Pure.
 *
 * @param order - the order as read by the fulfillment-orders query.
 * @param trackingNumber - the package's tracking number.
 */
export function readShopifyTrackingCoverage(
  order: ShopifyOrderFulfillmentData,
  trackingNumber: string,
): ShopifyTrackingCoverage {
  const wanted = compactTrackingNumber(trackingNumber);
  const coverage: ShopifyTrackingCoverage = {
    fulfillmentIds: [],
    quantities: new Map(),
    unattributedFulfillmentId: undefined,
  };
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status?.toUpperCase() === 'CANCELLED') continue;
    const numbers = (fulfillment.trackingInfo ?? []).map((info) =>
      info.number ? compactTrackingNumber(info.number) : '',
    );
    if (!numbers.includes(wanted)) continue;
    coverage.fulfillmentIds.push(fulfillment.id);
    const items = fulfillment.fulfillmentLineItems;
    if (!items || items.pageInfo?.hasNextPage || items.nodes.length === 0) {
      coverage.unattributedFulfillmentId ??= fulfillment.id;
      continue;
    }
    for (const item of items.nodes) {
      coverage.quantities.set(item.lineItem.id, (coverage.quantities.get(item.lineItem.id) ?? 0) + item.quantity);
    }
  }
  return coverage;
}

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
  return readShopifyTrackingCoverage(order, trackingNumber).fulfillmentIds[0];
}

/**
 * Plans the `fulfillmentCreate` calls of one package. Each line of the package (its `lineId` is
 * the Shopify line item id, numeric or `gid://shopify/LineItem/...`) is matched to fulfillment
 * order line items with quantity left, only on fulfillment orders whose `supportedActions`
 * include `CREATE_FULFILLMENT`; the fulfillment orders are then grouped by assigned location, one
 * call per location (Shopify refuses a call mixing locations). What fulfillments already carrying
 * the tracking number hold is not planned again, so a push that stopped between two locations
 * finishes with the locations left; when they hold the whole package (or an amount the read does
 * not show), the package is already pushed. What lies on other fulfillment orders is skipped with
 * a warning; a quantity above what is left is reduced with a warning. Pure.
 *
 * @param order - the order as read by the fulfillment-orders query.
 * @param shipment - the package: tracking number and lines.
 */
export function planShopifyFulfillment(
  order: ShopifyOrderFulfillmentData,
  shipment: Pick<ShipmentNotice, 'trackingNumber' | 'lines'>,
): ShopifyFulfillmentPlan {
  const coverage = readShopifyTrackingCoverage(order, shipment.trackingNumber);
  const firstEarlier = coverage.fulfillmentIds[0];
  if (coverage.unattributedFulfillmentId) {
    return { kind: 'already-pushed', fulfillmentId: coverage.unattributedFulfillmentId };
  }

  const problems: string[] = [];
  const warnings: Warning[] = [];
  const remaining = new Map<string, number>();
  for (const fulfillmentOrder of order.fulfillmentOrders.nodes) {
    for (const item of fulfillmentOrder.lineItems.nodes) remaining.set(item.id, Math.max(0, item.remainingQuantity));
  }
  const allocations = new Map<string, Map<string, { lineItemId: string; quantity: number }>>();
  const requested = new Map<string, number>();
  for (const line of shipment.lines) requested.set(line.lineId, (requested.get(line.lineId) ?? 0) + line.quantity);

  // What fulfillments carrying the tracking number already hold is not asked again.
  const covered = new Map(coverage.quantities);
  let anythingLeft = false;
  for (const [lineId, quantity] of requested) {
    const lineItemId = toShopifyGid('LineItem', lineId);
    if (!lineItemId) {
      problems.push(`line ${lineId} is not a Shopify line item id`);
      continue;
    }
    const held = Math.min(quantity, covered.get(lineItemId) ?? 0);
    covered.set(lineItemId, (covered.get(lineItemId) ?? 0) - held);
    const wanted = quantity - held;
    if (wanted === 0) continue;
    anythingLeft = true;
    let left = wanted;
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
        const byItem =
          allocations.get(fulfillmentOrder.id) ?? new Map<string, { lineItemId: string; quantity: number }>();
        const entry = byItem.get(item.id) ?? { lineItemId, quantity: 0 };
        entry.quantity += take;
        byItem.set(item.id, entry);
        allocations.set(fulfillmentOrder.id, byItem);
      }
    }
    if (!onOrder) {
      problems.push(`line ${lineId} is not on the order's fulfillment orders`);
    } else if (left === wanted && blocked.length === 0) {
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
        message: `shopify: line ${lineId}: ${wanted} in the package but only ${wanted - left} left to fulfil; fulfilled ${wanted - left}`,
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

  // Everything the package holds is already on fulfillments with this tracking number, or what is
  // left of it cannot be fulfilled any more: the package was pushed before.
  if (firstEarlier && (!anythingLeft || allocations.size === 0)) {
    return { kind: 'already-pushed', fulfillmentId: firstEarlier };
  }

  const byLocation = new Map<string, ShopifyLocationFulfillment>();
  for (const fulfillmentOrder of order.fulfillmentOrders.nodes) {
    const items = allocations.get(fulfillmentOrder.id);
    if (!items) continue;
    const locationId = fulfillmentOrder.assignedLocation?.location?.id ?? undefined;
    const key = locationId === undefined ? `fulfillment-order:${fulfillmentOrder.id}` : `location:${locationId}`;
    const call = byLocation.get(key) ?? { locationId, lineItemsByFulfillmentOrder: [], lineItems: [] };
    call.lineItemsByFulfillmentOrder.push({
      fulfillmentOrderId: fulfillmentOrder.id,
      fulfillmentOrderLineItems: [...items].map(([id, entry]) => ({ id, quantity: entry.quantity })),
    });
    for (const entry of items.values()) {
      const same = call.lineItems.find((candidate) => candidate.lineItemId === entry.lineItemId);
      if (same) same.quantity += entry.quantity;
      else call.lineItems.push({ lineItemId: entry.lineItemId, quantity: entry.quantity });
    }
    byLocation.set(key, call);
  }
  const calls = [...byLocation.values()];
  return {
    kind: 'create',
    lineItemsByFulfillmentOrder: calls.flatMap((call) => call.lineItemsByFulfillmentOrder),
    byLocation: calls,
    earlierFulfillmentIds: coverage.fulfillmentIds,
    problems,
    warnings,
  };
}
