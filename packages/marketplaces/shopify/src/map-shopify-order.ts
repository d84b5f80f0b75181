import {
  decimalToMinorUnits,
  type ListedOrderEntry,
  type MarketplaceOrderStatus,
  type OrderCancellation,
  OrderMappingError,
  toListedOrder,
} from '@dropship/core';
import type { ShopifyListedOrder, ShopifyOrderLineItem, ShopifyRestOrder } from './shopify-order-schemas.js';

const MARKETPLACE = 'shopify';

/**
 * Shopify's financial statuses that make an order ready to ship by default: `PAID` and
 * `PARTIALLY_REFUNDED` (https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus).
 * `AUTHORIZED` (payment authorised, not captured) is not among them: a shop that captures on
 * fulfilment adds it with the `orders.readyFinancialStatuses` option.
 */
export const SHOPIFY_DEFAULT_READY_FINANCIAL_STATUSES: readonly string[] = Object.freeze([
  'PAID',
  'PARTIALLY_REFUNDED',
]);

/** Fulfilment statuses of an order with something left to ship and nothing stopping it. */
const OPEN_FULFILLMENT_STATUSES = new Set([
  'UNFULFILLED',
  'PARTIALLY_FULFILLED',
  'OPEN',
  'IN_PROGRESS',
  'PENDING_FULFILLMENT',
]);

/** Financial statuses of an order whose money went back: nothing is to ship. */
const RETURNED_FINANCIAL_STATUSES = new Set(['REFUNDED', 'VOIDED']);

/** What {@link mapShopifyOrderStatus} reads of an order. */
export interface ShopifyOrderStatusFacts {
  /** `cancelledAt`: set when the order is cancelled. */
  cancelledAt: string | null | undefined;
  /** `displayFinancialStatus` (GraphQL enum, upper case). */
  financialStatus: string | null | undefined;
  /** `displayFulfillmentStatus` (GraphQL enum, upper case). */
  fulfillmentStatus: string | null | undefined;
}

/**
 * Where a Shopify order stands, in the SDK's terms. Pure. In this order:
 * - `cancelledAt` set → `cancelled` (https://shopify.dev/docs/api/admin-graphql/latest/objects/Order);
 * - fulfilment `FULFILLED` → `shipped`;
 * - fulfilment `RESTOCKED` (every item restocked) or financial `REFUNDED` / `VOIDED` → `cancelled`
 *   (nothing left to ship; modelled);
 * - a financial status in `readyFinancialStatuses` (default `PAID`, `PARTIALLY_REFUNDED`) and a
 *   fulfilment status with something left to ship (`UNFULFILLED`, `PARTIALLY_FULFILLED`, `OPEN`,
 *   `IN_PROGRESS`, `PENDING_FULFILLMENT`) → `ready`;
 * - anything else (`PENDING`, `AUTHORIZED`, `PARTIALLY_PAID`, `EXPIRED`, `ON_HOLD`, `SCHEDULED`,
 *   `REQUEST_DECLINED`, a value Shopify adds later) → `not-ready`: never placed on a guess.
 *
 * @param facts - the order's cancel time and display statuses.
 * @param readyFinancialStatuses - the financial statuses that allow shipping.
 */
export function mapShopifyOrderStatus(
  facts: ShopifyOrderStatusFacts,
  readyFinancialStatuses: readonly string[] = SHOPIFY_DEFAULT_READY_FINANCIAL_STATUSES,
): MarketplaceOrderStatus {
  const fulfillment = facts.fulfillmentStatus?.toUpperCase() ?? '';
  const financial = facts.financialStatus?.toUpperCase() ?? '';
  if (facts.cancelledAt) return 'cancelled';
  if (fulfillment === 'FULFILLED') return 'shipped';
  if (fulfillment === 'RESTOCKED' || RETURNED_FINANCIAL_STATUSES.has(financial)) return 'cancelled';
  if (readyFinancialStatuses.includes(financial) && OPEN_FULFILLMENT_STATUSES.has(fulfillment)) return 'ready';
  return 'not-ready';
}

/** Shopify's numeric id from a global id (`gid://shopify/LineItem/123` → `123`) or a number. */
export function shopifyNumericId(id: string | number): string | undefined {
  const text = String(id).trim();
  if (/^\d+$/.test(text)) return text;
  return /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(\?.*)?$/.exec(text)?.[1];
}

/** One order in the form both sources (GraphQL listing, REST webhook) are mapped from. */
interface ShopifyOrderFacts {
  /** The source's field names, for `OrderMappingError.field`. */
  fields: FieldNames;
  orderId: string;
  createdAt: string;
  updatedAt: string;
  status: MarketplaceOrderStatus;
  /** `cancelReason` (GraphQL `OrderCancelReason`, or the REST `cancel_reason`). */
  cancelReason?: string | null;
  currency: string;
  email?: string | null;
  phone?: string | null;
  shippingAddress:
    | {
        name?: string | null;
        firstName?: string | null;
        lastName?: string | null;
        company?: string | null;
        address1?: string | null;
        address2?: string | null;
        city?: string | null;
        province?: string | null;
        provinceCode?: string | null;
        zip?: string | null;
        countryCode?: string | null;
        phone?: string | null;
      }
    | null
    | undefined;
  shippingTitle?: string | null;
  shippingPrice: { amount: string | number; currency: string } | null | undefined;
  lineItems: {
    id: string | number;
    sku?: string | null;
    name?: string | null;
    quantity: number;
    currentQuantity?: number | null;
    unfulfilledQuantity?: number | null;
    requiresShipping?: boolean | null;
    unitPrice: { amount: string | number; currency: string } | null | undefined;
  }[];
}

/** The names of the mapped fields in one source. */
interface FieldNames {
  shippingAddress: string;
  name: string;
  address1: string;
  city: string;
  provinceCode: string;
  zip: string;
  countryCode: string;
  shippingPrice: string;
  lineItems: string;
  lineItemId: string;
  sku: string;
  unitPrice: string;
  createdAt: string;
}

const graphqlFields: FieldNames = {
  shippingAddress: 'shippingAddress',
  name: 'shippingAddress.name',
  address1: 'shippingAddress.address1',
  city: 'shippingAddress.city',
  provinceCode: 'shippingAddress.provinceCode',
  zip: 'shippingAddress.zip',
  countryCode: 'shippingAddress.countryCodeV2',
  shippingPrice: 'shippingLine.originalPriceSet.shopMoney.amount',
  lineItems: 'lineItems',
  lineItemId: 'lineItems.id',
  sku: 'lineItems.sku',
  unitPrice: 'lineItems.originalUnitPriceSet.shopMoney.amount',
  createdAt: 'createdAt',
};

const restFields: FieldNames = {
  shippingAddress: 'shipping_address',
  name: 'shipping_address.name',
  address1: 'shipping_address.address1',
  city: 'shipping_address.city',
  provinceCode: 'shipping_address.province_code',
  zip: 'shipping_address.zip',
  countryCode: 'shipping_address.country_code',
  shippingPrice: 'shipping_lines.price',
  lineItems: 'line_items',
  lineItemId: 'line_items.id',
  sku: 'line_items.sku',
  unitPrice: 'line_items.price',
  createdAt: 'created_at',
};

/** Text with content, or undefined (Shopify sends `null` or `""` for a field not given or redacted). */
function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A date-time as ISO 8601 UTC, or undefined when it is not one. */
function isoInstant(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const PROTECTED_DATA = 'https://shopify.dev/docs/apps/launch/protected-customer-data';

/** Units removed from a line (an order edit, a refund): `quantity` − `currentQuantity`. */
function removedUnits(line: { quantity: number; currentQuantity?: number | null | undefined }): number {
  return Math.max(0, line.quantity - (line.currentQuantity ?? line.quantity));
}

/** The quantity of a line still to ship: what the buyer kept (`currentQuantity`) and is not yet fulfilled. */
function quantityToShip(line: ShopifyOrderFacts['lineItems'][number]): number {
  const current = line.currentQuantity ?? line.quantity;
  return Math.max(0, Math.min(current, line.unfulfilledQuantity ?? current));
}

/** Builds the `SalesOrder` input of one order, throwing `OrderMappingError` naming the source's field. */
function buildSalesOrder(facts: ShopifyOrderFacts): unknown {
  const { fields, orderId, currency } = facts;
  const fail = (field: string, reason: string): never => {
    throw new OrderMappingError(MARKETPLACE, orderId, field, reason);
  };
  const orderedAt = isoInstant(facts.createdAt) ?? fail(fields.createdAt, `"${facts.createdAt}" is not a date-time`);
  const address = facts.shippingAddress;
  if (!address) {
    fail(
      fields.shippingAddress,
      `no shipping address (an order without one cannot be drop-shipped; Shopify also withholds it from apps without protected customer data access, ${PROTECTED_DATA})`,
    );
  }
  const name =
    present(address?.name) ??
    present([present(address?.firstName), present(address?.lastName)].filter(Boolean).join(' ')) ??
    fail(
      fields.name,
      `no recipient name (Shopify withholds it from apps without Level 2 protected customer data access, ${PROTECTED_DATA})`,
    );
  const address1 =
    present(address?.address1) ??
    fail(
      fields.address1,
      `no street address (Shopify withholds it from apps without Level 2 protected customer data access, ${PROTECTED_DATA})`,
    );
  const city = present(address?.city) ?? fail(fields.city, 'no city');
  const region = present(address?.provinceCode) ?? fail(fields.provinceCode, 'no province or state code');
  const postalCode = present(address?.zip) ?? fail(fields.zip, 'no postal code');
  const country = present(address?.countryCode)?.toUpperCase() ?? fail(fields.countryCode, 'no country code');

  const money = (price: { amount: string | number; currency: string }, field: string): number => {
    if (price.currency.toUpperCase() !== currency.toUpperCase()) {
      fail(field, `in ${price.currency}, the order is in ${currency}`);
    }
    return (
      decimalToMinorUnits(price.amount, currency) ?? fail(field, `"${price.amount}" is not an amount of ${currency}`)
    );
  };
  // Lines that need no shipping (gift cards, digital goods) are nothing to drop-ship; units
  // already fulfilled are not placed. Units removed or refunded are listed with the line and as
  // the cancellation's lines (`readShopifyCancellation`), which the SDK takes off: the line's
  // total stays the same from one listing to the next, whenever the units were removed. An order
  // that is not to be placed (shipped, cancelled) with nothing left lists what the buyer bought.
  const shippable = facts.lineItems.filter((line) => line.requiresShipping !== false);
  const removedToo = facts.status !== 'cancelled';
  let quantities = shippable.map((line) => ({
    line,
    quantity: quantityToShip(line) + (removedToo ? removedUnits(line) : 0),
  }));
  if (facts.status !== 'ready' && quantities.every(({ quantity }) => quantity === 0)) {
    quantities = shippable.map((line) => ({ line, quantity: line.currentQuantity || line.quantity }));
  }
  const lines = [];
  for (const { line, quantity } of quantities) {
    if (quantity <= 0) continue;
    const lineId = shopifyNumericId(line.id) ?? fail(fields.lineItemId, `"${line.id}" is not a Shopify line item id`);
    const sku =
      present(line.sku) ?? fail(fields.sku, `line item ${lineId} has no SKU: it cannot be routed to a distributor`);
    const price = line.unitPrice ?? fail(fields.unitPrice, `line item ${lineId} has no unit price`);
    lines.push({
      lineId,
      sku,
      quantity,
      unitPrice: money(price, fields.unitPrice),
      ...(present(line.name) ? { title: present(line.name) } : {}),
    });
  }
  if (lines.length === 0) {
    fail(fields.lineItems, 'no line item left to ship (every line is removed, fulfilled or needs no shipping)');
  }
  const email = present(facts.email);
  const phone = present(address?.phone) ?? present(facts.phone);
  const serviceLevel = present(facts.shippingTitle);
  return {
    marketplace: MARKETPLACE,
    marketplaceOrderId: orderId,
    orderedAt,
    currency: currency.toUpperCase(),
    buyer: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
    shipTo: {
      name,
      ...(present(address?.company) ? { company: present(address?.company) } : {}),
      address1,
      ...(present(address?.address2) ? { address2: present(address?.address2) } : {}),
      city,
      region,
      postalCode,
      country,
      ...(phone ? { phone } : {}),
    },
    lines,
    shippingPaid: facts.shippingPrice ? money(facts.shippingPrice, fields.shippingPrice) : 0,
    ...(serviceLevel ? { serviceLevel } : {}),
  };
}

/** Who cancelled, by Shopify's `cancelReason` (`CUSTOMER`: the buyer asked; `STAFF`, `INVENTORY`: the merchant). */
const cancelledBy: Record<string, OrderCancellation['requestedBy']> = {
  CUSTOMER: 'buyer',
  STAFF: 'seller',
  INVENTORY: 'seller',
};

/**
 * The cancellation an order shows (pure): a `cancelled` order → done, all of it (with Shopify's
 * `cancelReason`); otherwise the units removed from each line (`quantity` − `currentQuantity`:
 * an order edit or a refund, https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem)
 * → done, for those lines and units; none removed → undefined. Shopify has no buyer request to
 * answer (the merchant cancels, https://shopify.dev/docs/api/admin-graphql/latest/mutations/orderCancel).
 *
 * @param facts - the order's status, cancel reason and line quantities.
 */
export function readShopifyCancellation(facts: {
  status: MarketplaceOrderStatus;
  cancelReason?: string | null | undefined;
  lineItems: readonly { id: string | number; quantity: number; currentQuantity?: number | null | undefined }[];
}): OrderCancellation | undefined {
  if (facts.status === 'cancelled') {
    const reason = present(facts.cancelReason ?? undefined)?.toUpperCase();
    const requestedBy = reason ? cancelledBy[reason] : undefined;
    return { state: 'done', ...(requestedBy ? { requestedBy } : {}), ...(reason ? { reason } : {}) };
  }
  const lines = facts.lineItems.flatMap((line) => {
    const lineId = shopifyNumericId(line.id);
    const removed = removedUnits(line);
    return lineId && removed > 0 ? [{ lineId, quantity: removed }] : [];
  });
  return lines.length === 0 ? undefined : { state: 'done', lines };
}

function toEntry(facts: ShopifyOrderFacts): ListedOrderEntry {
  const entry = toListedOrder({
    marketplaceOrderId: facts.orderId,
    updatedAt: isoInstant(facts.updatedAt) ?? facts.updatedAt,
    status: facts.status,
    map: () => buildSalesOrder(facts),
  });
  if (entry.kind !== 'order') return entry;
  const cancellation = readShopifyCancellation(facts);
  return cancellation ? { ...entry, cancellation } : entry;
}

/**
 * Maps an order of the `orders` listing ({@link ORDERS_QUERY}) to a listing entry: a `ListedOrder`
 * (order id and line ids in Shopify's numeric form, `legacyResourceId`; ship-to, buyer email and
 * phone, unit prices in minor units, the quantities still to ship with the units removed, which
 * its `cancellation` lists (the SDK takes them off), shipping paid, the shipping line's title as
 * `serviceLevel`), or an `UnmappableOrder` naming the Shopify field (a redacted
 * name or address, a line without SKU). Pure.
 *
 * @param order - the order as listed.
 * @param lineItems - every line item of the order (the listing's page and any further pages).
 * @param readyFinancialStatuses - see {@link mapShopifyOrderStatus}.
 */
export function mapShopifyListedOrder(
  order: ShopifyListedOrder,
  lineItems: readonly ShopifyOrderLineItem[],
  readyFinancialStatuses?: readonly string[],
): ListedOrderEntry {
  const address = order.shippingAddress;
  return toEntry({
    fields: graphqlFields,
    orderId: shopifyNumericId(order.legacyResourceId ?? order.id) ?? order.id,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    status: mapShopifyOrderStatus(
      {
        cancelledAt: order.cancelledAt,
        financialStatus: order.displayFinancialStatus,
        fulfillmentStatus: order.displayFulfillmentStatus,
      },
      readyFinancialStatuses,
    ),
    cancelReason: order.cancelReason,
    currency: order.currencyCode,
    email: order.email,
    phone: order.phone,
    shippingAddress: address ? { ...address, countryCode: address.countryCodeV2 } : address,
    shippingTitle: order.shippingLine?.title ?? order.shippingLine?.code,
    shippingPrice: order.shippingLine?.originalPriceSet?.shopMoney
      ? {
          amount: order.shippingLine.originalPriceSet.shopMoney.amount,
          currency: order.shippingLine.originalPriceSet.shopMoney.currencyCode,
        }
      : undefined,
    lineItems: lineItems.map((line) => ({
      ...line,
      unitPrice: line.originalUnitPriceSet
        ? {
            amount: line.originalUnitPriceSet.shopMoney.amount,
            currency: line.originalUnitPriceSet.shopMoney.currencyCode,
          }
        : undefined,
    })),
  });
}

/** REST `fulfillment_status` (order level) as the GraphQL `displayFulfillmentStatus`. */
function restFulfillmentStatus(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '' || value === 'unfulfilled') return 'UNFULFILLED';
  if (value === 'partial') return 'PARTIALLY_FULFILLED';
  return value.toUpperCase();
}

/**
 * Maps the REST order of an `orders/*` webhook
 * (https://shopify.dev/docs/api/admin-rest/latest/resources/order) exactly as
 * {@link mapShopifyListedOrder} maps the same order listed: the same ids (numeric `id`s), fields,
 * statuses (`financial_status` and `fulfillment_status` read as their GraphQL counterparts:
 * `null` → `UNFULFILLED`, `partial` → `PARTIALLY_FULFILLED`) and rules. Pure.
 *
 * @param order - the webhook's order.
 * @param readyFinancialStatuses - see {@link mapShopifyOrderStatus}.
 */
export function mapShopifyRestOrder(
  order: ShopifyRestOrder,
  readyFinancialStatuses?: readonly string[],
): ListedOrderEntry {
  const address = order.shipping_address;
  const shippingLine = order.shipping_lines?.[0];
  return toEntry({
    fields: restFields,
    orderId: shopifyNumericId(order.id) ?? String(order.id),
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    status: mapShopifyOrderStatus(
      {
        cancelledAt: order.cancelled_at,
        financialStatus: order.financial_status,
        fulfillmentStatus: restFulfillmentStatus(order.fulfillment_status),
      },
      readyFinancialStatuses,
    ),
    cancelReason: order.cancel_reason,
    currency: order.currency,
    email: order.email,
    phone: order.phone,
    shippingAddress: address
      ? {
          name: address.name,
          firstName: address.first_name,
          lastName: address.last_name,
          company: address.company,
          address1: address.address1,
          address2: address.address2,
          city: address.city,
          province: address.province,
          provinceCode: address.province_code,
          zip: address.zip,
          countryCode: address.country_code,
          phone: address.phone,
        }
      : address,
    shippingTitle: shippingLine?.title ?? shippingLine?.code,
    shippingPrice:
      shippingLine?.price === null || shippingLine?.price === undefined
        ? undefined
        : { amount: shippingLine.price, currency: order.currency },
    lineItems: order.line_items.map((line) => ({
      id: line.id,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      currentQuantity: line.current_quantity,
      unfulfilledQuantity: line.fulfillable_quantity,
      requiresShipping: line.requires_shipping,
      unitPrice:
        line.price === null || line.price === undefined ? undefined : { amount: line.price, currency: order.currency },
    })),
  });
}
