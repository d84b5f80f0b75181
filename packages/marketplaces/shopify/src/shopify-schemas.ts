import { z } from 'zod';

/** The query that reads what `pushTracking` needs about an order (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate). */
export const FULFILLMENT_ORDERS_QUERY = `query DropshipFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillments(first: 25) {
      id
      status
      trackingInfo(first: 5) { company number url }
      location { id }
      fulfillmentLineItems(first: 50) {
        pageInfo { hasNextPage }
        nodes { quantity lineItem { id } }
      }
    }
    fulfillmentOrders(first: 10) {
      pageInfo { hasNextPage }
      nodes {
        id
        status
        supportedActions { action }
        assignedLocation { location { id } }
        lineItems(first: 50) {
          pageInfo { hasNextPage }
          nodes { id remainingQuantity totalQuantity lineItem { id } }
        }
      }
    }
  }
}`;

/** The mutation that records a package (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate). */
export const FULFILLMENT_CREATE_MUTATION = `mutation DropshipFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo(first: 5) { company number url } }
    userErrors { field message }
  }
}`;

const pageInfoSchema = z.object({ hasNextPage: z.boolean().optional() }).partial().nullish();

/** Tracking of a fulfillment as Shopify returns it. */
export const shopifyTrackingInfoSchema = z.object({
  company: z.string().nullish(),
  number: z.string().nullish(),
  url: z.string().nullish(),
});

/** A fulfillment order line item: the order line and how much of it is left to fulfil. */
export const shopifyFulfillmentOrderLineItemSchema = z.object({
  id: z.string(),
  remainingQuantity: z.number().int(),
  totalQuantity: z.number().int().optional(),
  lineItem: z.object({ id: z.string() }),
});

/** A fulfillment order line item as Shopify returns it. */
export type ShopifyFulfillmentOrderLineItem = z.infer<typeof shopifyFulfillmentOrderLineItemSchema>;

/** A fulfillment order: its status, what can be done with it and its line items. */
export const shopifyFulfillmentOrderSchema = z.object({
  id: z.string(),
  status: z.string(),
  supportedActions: z.array(z.object({ action: z.string() })),
  /** Where the fulfillment order is to be fulfilled; one `fulfillmentCreate` call serves one location. */
  assignedLocation: z.object({ location: z.object({ id: z.string() }).nullish() }).nullish(),
  lineItems: z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyFulfillmentOrderLineItemSchema) }),
});

/** A fulfillment order as Shopify returns it. */
export type ShopifyFulfillmentOrder = z.infer<typeof shopifyFulfillmentOrderSchema>;

/** An existing fulfillment and its tracking. */
export const shopifyFulfillmentSchema = z.object({
  id: z.string(),
  status: z.string().nullish(),
  trackingInfo: z.array(shopifyTrackingInfoSchema).nullish(),
  /** The location it was fulfilled from. */
  location: z.object({ id: z.string() }).nullish(),
  /** What it holds, by order line item; absent or cut off, what it holds is unknown. */
  fulfillmentLineItems: z
    .object({
      pageInfo: pageInfoSchema,
      nodes: z.array(z.object({ quantity: z.number().int().nonnegative(), lineItem: z.object({ id: z.string() }) })),
    })
    .nullish(),
});

/** An existing fulfillment as Shopify returns it. */
export type ShopifyFulfillment = z.infer<typeof shopifyFulfillmentSchema>;

/** `data` of {@link FULFILLMENT_ORDERS_QUERY}; `order` is null when the order does not exist. */
export const fulfillmentOrdersDataSchema = z.object({
  order: z
    .object({
      id: z.string(),
      fulfillments: z.array(shopifyFulfillmentSchema),
      fulfillmentOrders: z.object({ pageInfo: pageInfoSchema, nodes: z.array(shopifyFulfillmentOrderSchema) }),
    })
    .nullable(),
});

/** The order as {@link FULFILLMENT_ORDERS_QUERY} reads it. */
export type ShopifyOrderFulfillmentData = NonNullable<z.infer<typeof fulfillmentOrdersDataSchema>['order']>;

/** One `userErrors` entry: the input path Shopify blames and its message. */
export const shopifyUserErrorEntrySchema = z.object({
  field: z.array(z.string()).nullish(),
  message: z.string(),
});

/** One Shopify user error: the input path it blames and its message. */
export type ShopifyUserErrorEntry = z.infer<typeof shopifyUserErrorEntrySchema>;

/** `data` of {@link FULFILLMENT_CREATE_MUTATION}. */
export const fulfillmentCreateDataSchema = z.object({
  fulfillmentCreate: z.object({
    fulfillment: z
      .object({
        id: z.string(),
        status: z.string().nullish(),
        trackingInfo: z.array(shopifyTrackingInfoSchema).nullish(),
      })
      .nullish(),
    userErrors: z.array(shopifyUserErrorEntrySchema),
  }),
});

/** The envelope of every GraphQL response: `data`, top-level `errors`, cost `extensions`. */
export const graphqlEnvelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.unknown().optional(),
  extensions: z.unknown().optional(),
});

/** `FulfillmentInput` of `fulfillmentCreate` (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate). */
export interface ShopifyFulfillmentInput {
  lineItemsByFulfillmentOrder: Array<{
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems: Array<{ id: string; quantity: number }>;
  }>;
  notifyCustomer: boolean;
  trackingInfo: { company: string; number: string; url?: string };
}
