import { z } from 'zod';

/**
 * Walmart's shipping method codes (`trackingInfo.methodCode`, https://developer.walmart.com/us-marketplace/reference/shippingupdates).
 */
export const walmartMethodCodes = ['Standard', 'Express', 'OneDay', 'Freight', 'WhiteGlove', 'Value'] as const;

/** A Walmart shipping method code. */
export type WalmartMethodCode = (typeof walmartMethodCodes)[number];

/**
 * Longest access token accepted, in characters. Walmart's tokens are a few hundred characters;
 * the limit is modelled, generous, and keeps an unbounded value out of the cache.
 */
export const WALMART_ACCESS_TOKEN_MAX_LENGTH = 4_096;

/**
 * The characters a Walmart access token may hold: visible ASCII (no space, no control character,
 * nothing outside ASCII), so that it travels in the `WM_SEC.ACCESS_TOKEN` header unchanged.
 */
export const walmartAccessTokenPattern = /^[\x21-\x7E]+$/;

/**
 * `POST /v3/token` response (auth spec, https://developer.walmart.com/us-marketplace/docs/authentication). Unknown fields are tolerated. The token is
 * validated (characters, length) before it is cached: a token with one bad byte would otherwise
 * fail every call until it expired; `expires_in` is at most a day (Walmart's tokens live 900 s).
 */
export const walmartTokenResponseSchema = z.object({
  access_token: z
    .string()
    .min(1)
    .max(WALMART_ACCESS_TOKEN_MAX_LENGTH, `must be at most ${WALMART_ACCESS_TOKEN_MAX_LENGTH} characters`)
    .regex(walmartAccessTokenPattern, 'must hold visible ASCII characters only (no space or control character)'),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().max(86_400),
});

/** A parsed `POST /v3/token` response. */
export type WalmartTokenResponse = z.infer<typeof walmartTokenResponseSchema>;

/**
 * Walmart serialises one-element lists either as an array or as the lone object (a JSON
 * rendering of its XML model); accept both and always hand back an array.
 *
 * @param item - the schema of one element.
 */
export function walmartListOf<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), item.transform((value) => [value])]);
}

const quantitySchema = z.object({
  unitOfMeasurement: z.string().optional(),
  amount: z.coerce.number(),
});

const trackingInfoSchema = z.object({
  shipDateTime: z.unknown().optional(),
  carrierName: z.object({ carrier: z.string().nullish(), otherCarrier: z.string().nullish() }).partial().nullish(),
  methodCode: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  trackingURL: z.string().nullish(),
});

/** One status entry of an order line (`orderLineStatuses.orderLineStatus[]`). */
export const walmartOrderLineStatusSchema = z.object({
  status: z.string(),
  statusQuantity: quantitySchema.optional(),
  /** Why units were cancelled (`CUSTOMER_REQUESTED_SELLER_TO_CANCEL`, `SELLER_CANCEL_OUT_OF_STOCK`, ...). */
  cancellationReason: z.string().nullish(),
  trackingInfo: trackingInfoSchema.nullish(),
});

/** One status entry of an order line as Walmart returns it. */
export type WalmartOrderLineStatus = z.infer<typeof walmartOrderLineStatusSchema>;

/** An order line as `GET /v3/orders/{purchaseOrderId}` returns it (only the fields the adapter reads). */
export const walmartOrderLineSchema = z.object({
  lineNumber: z.coerce.string(),
  item: z.object({ sku: z.string().optional() }).partial().optional(),
  orderLineQuantity: quantitySchema.optional(),
  orderLineStatuses: z.object({ orderLineStatus: walmartListOf(walmartOrderLineStatusSchema).optional() }).nullish(),
  /** The buyer asked to cancel the line (values not documented: any value but an explicit "no" counts). */
  intentToCancel: z.unknown().optional(),
});

/** An order line as Walmart returns it. */
export type WalmartOrderLine = z.infer<typeof walmartOrderLineSchema>;

/**
 * `GET /v3/orders/{purchaseOrderId}` and the `POST .../shipping` success body: `{ order: {...} }`
 * (https://developer.walmart.com/us-marketplace/reference/shippingupdates). `purchaseOrderId` and `orderLines.orderLine` are required;
 * `shippingInfo.methodCode` is read when present (anything else there is ignored); the rest is
 * ignored.
 */
export const walmartOrderResponseSchema = z.object({
  order: z.object({
    purchaseOrderId: z.coerce.string(),
    customerOrderId: z.coerce.string().optional(),
    /** The shipping method the buyer chose; `methodCode` is sent back with each package. */
    shippingInfo: z.object({ methodCode: z.unknown().optional() }).partial().nullish().catch(undefined),
    orderLines: z.object({ orderLine: walmartListOf(walmartOrderLineSchema) }),
  }),
});

/** A parsed Walmart order response. */
export type WalmartOrderResponse = z.infer<typeof walmartOrderResponseSchema>;

/** The body of `POST /v3/orders/{purchaseOrderId}/shipping` (spec shape, https://developer.walmart.com/us-marketplace/reference/shippingupdates). */
export interface WalmartShipOrderLinesRequest {
  orderShipment: {
    orderLines: {
      orderLine: WalmartShipOrderLine[];
    };
  };
}

/** One line of a ship-order-lines request. */
export interface WalmartShipOrderLine {
  lineNumber: string;
  /**
   * True on a line the buyer asked to cancel: "needs to be passed as true during shipping as an
   * acknowledgment for orders which are intent to cancel by the customer" (Orders API spec).
   */
  intentToCancelOverride?: true;
  /** The seller's own order id, at most 30 characters. */
  sellerOrderId: string;
  orderLineStatuses: {
    orderLineStatus: Array<{
      status: 'Shipped';
      statusQuantity: { unitOfMeasurement: 'EACH'; amount: string };
      trackingInfo: {
        /** Epoch milliseconds. */
        shipDateTime: number;
        carrierName: { carrier: string } | { otherCarrier: string };
        /** The order's own `shippingInfo.methodCode`, else the `methodCode` option. */
        methodCode: string;
        trackingNumber: string;
        trackingURL?: string;
      };
    }>;
  };
}
