import type { RateLimitOptions } from '@dropship/http';
import { z } from 'zod';
import { accessTokenPattern, LWA_ACCESS_TOKEN_MAX_LENGTH } from './amazon-schemas.js';

/**
 * The SP-API Orders v0 model, for the order listing (https://developer-docs.amazon.com/sp-api/reference/getorders,
 * https://developer-docs.amazon.com/sp-api/reference/getorderitems) and the Tokens API
 * (https://developer-docs.amazon.com/sp-api/reference/createrestricteddatatoken). The schemas are
 * lenient (unknown fields pass, optional fields optional) except for what the model marks
 * required: a page without them is not Amazon's answer and fails as a whole.
 */

/** `Money` of the Orders v0 model: `{ CurrencyCode, Amount }`, the amount a decimal string. */
export const amazonMoneySchema = z.object({
  CurrencyCode: z.string().optional(),
  Amount: z.string().optional(),
});

/** `Money` of the Orders v0 model. */
export type AmazonMoney = z.infer<typeof amazonMoneySchema>;

/**
 * `Address` of the Orders v0 model. `Name`, `AddressLine1..3`, `Phone` and `AddressType` are
 * restricted data: Amazon returns them only with a Restricted Data Token.
 */
export const amazonAddressSchema = z.object({
  Name: z.string().optional(),
  CompanyName: z.string().optional(),
  AddressLine1: z.string().optional(),
  AddressLine2: z.string().optional(),
  AddressLine3: z.string().optional(),
  City: z.string().optional(),
  County: z.string().optional(),
  District: z.string().optional(),
  StateOrRegion: z.string().optional(),
  Municipality: z.string().optional(),
  PostalCode: z.string().optional(),
  CountryCode: z.string().optional(),
  Phone: z.string().optional(),
  AddressType: z.string().optional(),
});

/** `Address` of the Orders v0 model. */
export type AmazonAddress = z.infer<typeof amazonAddressSchema>;

/** `Order` of the Orders v0 model: `AmazonOrderId`, `PurchaseDate`, `LastUpdateDate` and `OrderStatus` are required. */
export const amazonOrderSchema = z.object({
  AmazonOrderId: z.string().min(1),
  PurchaseDate: z.string(),
  // The listing is by this time: an order without a readable one cannot be placed in a window.
  LastUpdateDate: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  OrderStatus: z.string(),
  FulfillmentChannel: z.string().optional(),
  MarketplaceId: z.string().optional(),
  ShipServiceLevel: z.string().optional(),
  ShipmentServiceLevelCategory: z.string().optional(),
  OrderTotal: amazonMoneySchema.optional(),
  EarliestShipDate: z.string().optional(),
  LatestShipDate: z.string().optional(),
  ShippingAddress: amazonAddressSchema.optional(),
  BuyerInfo: z
    .object({
      BuyerEmail: z.string().optional(),
      BuyerName: z.string().optional(),
    })
    .optional(),
});

/** `Order` of the Orders v0 model (the fields the adapter reads). */
export type AmazonOrder = z.infer<typeof amazonOrderSchema>;

/** The `getOrders` answer: `{ payload: { Orders, NextToken?, LastUpdatedBefore? } }`. */
export const amazonGetOrdersResponseSchema = z.object({
  payload: z.object({
    Orders: z.array(amazonOrderSchema),
    NextToken: z.string().optional(),
    LastUpdatedBefore: z.string().optional(),
  }),
});

/** The `getOrders` answer. */
export type AmazonGetOrdersResponse = z.infer<typeof amazonGetOrdersResponseSchema>;

/** `OrderItem` of the Orders v0 model: `ASIN`, `OrderItemId` and `QuantityOrdered` are required. */
export const amazonOrderItemSchema = z.object({
  ASIN: z.string(),
  OrderItemId: z.string().min(1),
  QuantityOrdered: z.number().int().nonnegative(),
  QuantityShipped: z.number().int().nonnegative().optional(),
  SellerSKU: z.string().optional(),
  Title: z.string().optional(),
  /** The selling price of the item times `QuantityOrdered`, shipping excluded. */
  ItemPrice: amazonMoneySchema.optional(),
  ShippingPrice: amazonMoneySchema.optional(),
  ShippingDiscount: amazonMoneySchema.optional(),
  PromotionDiscount: amazonMoneySchema.optional(),
  BuyerRequestedCancel: z
    .object({
      /** `"true"` or `"false"` (a string). */
      IsBuyerRequestedCancel: z.string().optional(),
      BuyerCancelReason: z.string().optional(),
    })
    .optional(),
});

/** `OrderItem` of the Orders v0 model (the fields the adapter reads). */
export type AmazonOrderItem = z.infer<typeof amazonOrderItemSchema>;

/** The `getOrderItems` answer: `{ payload: { AmazonOrderId, OrderItems, NextToken? } }`. */
export const amazonGetOrderItemsResponseSchema = z.object({
  payload: z.object({
    AmazonOrderId: z.string().optional(),
    OrderItems: z.array(amazonOrderItemSchema),
    NextToken: z.string().optional(),
  }),
});

/** The `getOrderItems` answer. */
export type AmazonGetOrderItemsResponse = z.infer<typeof amazonGetOrderItemsResponseSchema>;

/**
 * The `createRestrictedDataToken` answer: `{ restrictedDataToken, expiresIn }` (seconds). The
 * token is checked like an LWA access token (visible ASCII, bounded) before it is cached.
 */
export const amazonRestrictedDataTokenResponseSchema = z.object({
  restrictedDataToken: z
    .string()
    .min(1)
    .max(LWA_ACCESS_TOKEN_MAX_LENGTH, `must be at most ${LWA_ACCESS_TOKEN_MAX_LENGTH} characters`)
    .regex(accessTokenPattern, 'must hold visible ASCII characters only (no space or control character)'),
  // At most a day: a longer lifetime is not a real token's (Amazon documents "short-lived").
  expiresIn: z.number().int().positive().max(86_400),
});

/** The `createRestrictedDataToken` answer. */
export type AmazonRestrictedDataTokenResponse = z.infer<typeof amazonRestrictedDataTokenResponseSchema>;

/** The most orders one `getOrders` page returns: `MaxResultsPerPage` is 1 to 100 (https://developer-docs.amazon.com/sp-api/reference/getorders). */
export const AMAZON_MAX_ORDERS_PER_PAGE = 100;

/**
 * How long before now `LastUpdatedBefore` must be, in ms: "at least two minutes before current
 * time" (https://developer-docs.amazon.com/sp-api/reference/getorders).
 */
export const AMAZON_LAST_UPDATED_BEFORE_MIN_AGE_MS = 120_000;

/**
 * The default usage plans of the order-listing operations, per operation (Amazon limits each
 * operation separately; the account's applied rate is in the `x-amzn-RateLimit-Limit` header and
 * may be higher). Whole requests per interval, rounded to the slower side:
 * - `getOrders`: 0.0167 requests/s, burst 20 (https://developer-docs.amazon.com/sp-api/reference/getorders): 1 per 60 s;
 * - `getOrderItems`: 0.5 requests/s, burst 30 (https://developer-docs.amazon.com/sp-api/reference/getorderitems): 1 per 2 s;
 * - `createRestrictedDataToken`: 1 request/s, burst 10 (https://developer-docs.amazon.com/sp-api/reference/createrestricteddatatoken).
 */
export const amazonOrderRateLimits = Object.freeze({
  getOrders: Object.freeze({ requests: 1, intervalMs: 60_000, burst: 20 }),
  getOrderItems: Object.freeze({ requests: 1, intervalMs: 2_000, burst: 30 }),
  createRestrictedDataToken: Object.freeze({ requests: 1, intervalMs: 1_000, burst: 10 }),
}) satisfies Readonly<Record<string, Readonly<RateLimitOptions>>>;

/** The restricted resource the adapter asks a Restricted Data Token for: getOrders with the buyer and address data. */
export const amazonOrdersRestrictedResource = Object.freeze({
  method: 'GET',
  path: '/orders/v0/orders',
  dataElements: Object.freeze(['buyerInfo', 'shippingAddress']),
});
