import { z } from 'zod';

/**
 * The fields of a line item the intake reads (https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem):
 * `quantity` counts removed units too, `currentQuantity` does not, `unfulfilledQuantity` is what
 * is left to ship; the unit price before discounts in the shop's currency.
 */
const LINE_ITEM_FIELDS = `id sku name quantity currentQuantity unfulfilledQuantity requiresShipping
        originalUnitPriceSet { shopMoney { amount currencyCode } }`;

/**
 * One page of the orders changed in a window (https://shopify.dev/docs/api/admin-graphql/latest/queries/orders,
 * https://shopify.dev/docs/api/usage/pagination-graphql): sorted by `UPDATED_AT` with the
 * `updated_at` search filter, `first`/`after` cursor paging and `pageInfo`. The line items of an
 * order beyond `$lineItems` are read with {@link ORDER_LINE_ITEMS_QUERY}.
 */
export const ORDERS_QUERY = `query DropshipOrders($first: Int!, $after: String, $query: String!, $lineItems: Int!) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      legacyResourceId
      name
      createdAt
      updatedAt
      cancelledAt
      cancelReason
      email
      phone
      displayFinancialStatus
      displayFulfillmentStatus
      currencyCode
      shippingAddress { name firstName lastName company address1 address2 city province provinceCode zip countryCodeV2 phone }
      shippingLine { title code originalPriceSet { shopMoney { amount currencyCode } } }
      lineItems(first: $lineItems) {
        pageInfo { hasNextPage endCursor }
        nodes { ${LINE_ITEM_FIELDS} }
      }
    }
  }
}`;

/** The line items of one order after a cursor, for an order with more than one page of them. */
export const ORDER_LINE_ITEMS_QUERY = `query DropshipOrderLineItems($id: ID!, $after: String, $first: Int!) {
  order(id: $id) {
    id
    lineItems(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ${LINE_ITEM_FIELDS} }
    }
  }
}`;

/** Most `first` of a connection (https://shopify.dev/docs/api/usage/pagination-graphql). */
export const SHOPIFY_MAX_PAGE_SIZE = 250;

/**
 * Highest requested cost of one query (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * Shopify refuses a query whose requested cost is above it before running it.
 */
export const SHOPIFY_MAX_QUERY_COST = 1_000;

/**
 * The requested cost of {@link ORDERS_QUERY} for `pageSize` orders with `lineItemsPerOrder` line
 * items each, as this package models Shopify's calculation (objects cost 1, scalars and enums 0,
 * a connection 2 plus `first` times its node's cost,
 * https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): per order the order, its
 * address, shipping line and its two money objects, the line-item connection and its `pageInfo`;
 * per line item the item and its two money objects. The exact figure Shopify computes is
 * modelled; the simulator charges the same.
 *
 * @param pageSize - `first` of the orders connection.
 * @param lineItemsPerOrder - `first` of each order's line items.
 */
export function shopifyOrdersQueryCost(pageSize: number, lineItemsPerOrder: number): number {
  return 3 + pageSize * (8 + 3 * lineItemsPerOrder);
}

/**
 * The requested cost of {@link ORDER_LINE_ITEMS_QUERY} for `first` line items (modelled like
 * {@link shopifyOrdersQueryCost}).
 *
 * @param first - `first` of the line items.
 */
export function shopifyOrderLineItemsQueryCost(first: number): number {
  return 4 + 3 * first;
}

const moneySchema = z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() });
const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() });

/** A line item as {@link ORDERS_QUERY} reads it. */
export const shopifyOrderLineItemSchema = z.object({
  id: z.string(),
  sku: z.string().nullish(),
  name: z.string().nullish(),
  quantity: z.number().int(),
  currentQuantity: z.number().int().nullish(),
  unfulfilledQuantity: z.number().int().nullish(),
  requiresShipping: z.boolean().nullish(),
  originalUnitPriceSet: z.object({ shopMoney: moneySchema }).nullish(),
});

/** A line item of a listed order. */
export type ShopifyOrderLineItem = z.infer<typeof shopifyOrderLineItemSchema>;

const lineItemConnectionSchema = z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyOrderLineItemSchema) });

/** A shipping address as Shopify returns it (fields are null when redacted or not given). */
export const shopifyMailingAddressSchema = z.object({
  name: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  company: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  provinceCode: z.string().nullish(),
  zip: z.string().nullish(),
  countryCodeV2: z.string().nullish(),
  phone: z.string().nullish(),
});

/** An order as {@link ORDERS_QUERY} reads it. Lenient: new fields and enum values are tolerated. */
export const shopifyListedOrderSchema = z.object({
  id: z.string(),
  legacyResourceId: z.union([z.string(), z.number()]).nullish(),
  name: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  cancelReason: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  currencyCode: z.string(),
  shippingAddress: shopifyMailingAddressSchema.nullish(),
  shippingLine: z
    .object({
      title: z.string().nullish(),
      code: z.string().nullish(),
      originalPriceSet: z.object({ shopMoney: moneySchema }).nullish(),
    })
    .nullish(),
  lineItems: lineItemConnectionSchema,
});

/** An order of a listing page. */
export type ShopifyListedOrder = z.infer<typeof shopifyListedOrderSchema>;

/** `data` of {@link ORDERS_QUERY}. */
export const shopifyOrdersPageDataSchema = z.object({
  orders: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }),
});

/** `data` of {@link ORDER_LINE_ITEMS_QUERY}; `order` is null when the order no longer exists. */
export const shopifyOrderLineItemsDataSchema = z.object({
  order: z.object({ id: z.string(), lineItems: lineItemConnectionSchema }).nullable(),
});

const restMoneySchema = z.union([z.string(), z.number()]);

/**
 * The REST order resource an `orders/*` webhook delivers (snake_case,
 * https://shopify.dev/docs/api/admin-rest/latest/resources/order): the fields intake reads.
 * Lenient: other fields are tolerated.
 */
export const shopifyRestOrderSchema = z.object({
  id: z.union([z.number().int(), z.string()]),
  admin_graphql_api_id: z.string().nullish(),
  name: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  cancelled_at: z.string().nullish(),
  cancel_reason: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  currency: z.string(),
  shipping_address: z
    .object({
      name: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      company: z.string().nullish(),
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      province: z.string().nullish(),
      province_code: z.string().nullish(),
      zip: z.string().nullish(),
      country_code: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  shipping_lines: z
    .array(z.object({ title: z.string().nullish(), code: z.string().nullish(), price: restMoneySchema.nullish() }))
    .nullish(),
  line_items: z.array(
    z.object({
      id: z.union([z.number().int(), z.string()]),
      admin_graphql_api_id: z.string().nullish(),
      sku: z.string().nullish(),
      name: z.string().nullish(),
      quantity: z.number().int(),
      current_quantity: z.number().int().nullish(),
      fulfillable_quantity: z.number().int().nullish(),
      requires_shipping: z.boolean().nullish(),
      price: restMoneySchema.nullish(),
    }),
  ),
});

/** The REST order of a webhook. */
export type ShopifyRestOrder = z.infer<typeof shopifyRestOrderSchema>;
