import { z } from 'zod';

/**
 * One fulfillment of an order, as `GET /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment`
 * returns it (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). Lenient: unknown fields are ignored; only
 * what the adapter reads is required.
 */
export const ebayFulfillmentSchema = z.object({
  fulfillmentId: z.string(),
  shipmentTrackingNumber: z.string().optional(),
  shippingCarrierCode: z.string().optional(),
  shippedDate: z.string().optional(),
  lineItems: z.array(z.object({ lineItemId: z.string(), quantity: z.number().int().optional() })).default([]),
});

/** One fulfillment of an order as eBay returns it. */
export type EbayFulfillment = z.infer<typeof ebayFulfillmentSchema>;

/** The `ShippingFulfillmentPagedCollection` body of the fulfillment list (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const ebayFulfillmentListSchema = z.object({
  fulfillments: z.array(ebayFulfillmentSchema).default([]),
  total: z.number().int().optional(),
});

/** The fulfillment list of an order as eBay returns it. */
export type EbayFulfillmentList = z.infer<typeof ebayFulfillmentListSchema>;

/** One entry of eBay's standard REST error body (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const ebayErrorSchema = z.object({
  errorId: z.number().int(),
  domain: z.string().optional(),
  subdomain: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  longMessage: z.string().optional(),
  parameters: z.array(z.object({ name: z.string().optional(), value: z.string().optional() })).optional(),
});

/** One eBay REST error. */
export type EbayError = z.infer<typeof ebayErrorSchema>;

/** eBay's error body `{ errors: [...] }` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export const ebayErrorBodySchema = z.object({ errors: z.array(ebayErrorSchema).min(1) });

/** The `ShippingFulfillmentDetails` body of `createShippingFulfillment` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/shipping_fulfillment/methods/createShippingFulfillment). */
export interface EbayShippingFulfillmentDetails {
  lineItems: { lineItemId: string; quantity: number }[];
  /** ISO 8601 `YYYY-MM-DDTHH:MM:SS.SSSZ`. */
  shippedDate: string;
  /** eBay carrier code (`UPS`, `FedEx`, `ONTRACK`, `Other`, ...). */
  shippingCarrierCode: string;
  /** Alphanumeric only. */
  trackingNumber: string;
}
