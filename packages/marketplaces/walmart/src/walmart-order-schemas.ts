import { z } from 'zod';
import { walmartListOf } from './walmart-schemas.js';

// Shapes of `GET /v3/orders/released` (operation getAllReleasedOrders) as the Orders API spec
// describes them (spec copy: api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml;
// paging: https://developer.walmart.com/ca-marketplace/reference/getallorders).
// Lenient: unknown fields are ignored; a one-element list may come as the lone object.

/** The most orders one `GET /v3/orders/released` page returns: `limit` "cannot be larger than 200" (spec). */
export const WALMART_RELEASED_ORDERS_MAX_LIMIT = 200;

/**
 * The envelope of a `GET /v3/orders/released` page: `list.meta` (`totalCount`, `limit`,
 * `nextCursor`: a query string for the next page) and `list.elements.order[]`. Each order is
 * kept as it came (`unknown`) and mapped on its own, so that one order Walmart sent in a shape the
 * SDK cannot map is held with its reason instead of failing the page.
 */
export const walmartReleasedOrdersPageSchema = z.object({
  list: z.object({
    meta: z.object({
      totalCount: z.coerce.number().int().nonnegative().optional(),
      limit: z.coerce.number().int().nonnegative().optional(),
      nextCursor: z.string().nullish(),
    }),
    elements: z.object({ order: walmartListOf(z.unknown()).optional() }),
  }),
});

/** A parsed `GET /v3/orders/released` page (orders not yet mapped). */
export type WalmartReleasedOrdersPage = z.infer<typeof walmartReleasedOrdersPageSchema>;

/** Walmart's times: int64 epoch milliseconds (spec type); ISO 8601 text is accepted too (some descriptions say so). */
const walmartTimeSchema = z.union([z.number(), z.string()]);

/** A Walmart amount with its currency (`chargeAmount`, `taxAmount`): the amount is a JSON number in the spec. */
const walmartAmountSchema = z.object({
  currency: z.string(),
  amount: z.union([z.number(), z.string()]),
});

/** One `charges.charge[]` entry: `PRODUCT` (the item) or `SHIPPING`, with its amount and tax. */
export const walmartChargeSchema = z.object({
  chargeType: z.string(),
  chargeName: z.string().nullish(),
  chargeAmount: walmartAmountSchema,
  tax: z.object({ taxName: z.string().nullish(), taxAmount: walmartAmountSchema.nullish() }).nullish(),
});

/** A Walmart quantity: `unitOfMeasurement` (`EACH`, `EA`) and `amount`, a string in the spec. */
const walmartQuantitySchema = z.object({
  unitOfMeasurement: z.string().nullish(),
  amount: z.union([z.string(), z.number()]),
});

/** One `orderLineStatuses.orderLineStatus[]` entry of a listed order line. */
export const walmartListedLineStatusSchema = z.object({
  status: z.string(),
  statusQuantity: walmartQuantitySchema.nullish(),
  cancellationReason: z.string().nullish(),
});

/** One `orderLines.orderLine[]` entry of a listed order. */
export const walmartListedOrderLineSchema = z.object({
  lineNumber: z.union([z.string().min(1), z.number()]).transform(String),
  item: z.object({ productName: z.string().nullish(), sku: z.string() }),
  charges: z.object({ charge: walmartListOf(walmartChargeSchema) }),
  orderLineQuantity: walmartQuantitySchema,
  statusDate: walmartTimeSchema.nullish(),
  orderLineStatuses: z.object({ orderLineStatus: walmartListOf(walmartListedLineStatusSchema) }),
  /** The buyer asked to cancel (its values are not documented: any value but an explicit "no" counts). */
  intentToCancel: z.unknown().optional(),
});

/** A listed order line as Walmart returns it. */
export type WalmartListedOrderLine = z.infer<typeof walmartListedOrderLineSchema>;

/** `shippingInfo.postalAddress`: the ship-to. */
export const walmartPostalAddressSchema = z.object({
  name: z.string(),
  address1: z.string(),
  address2: z.string().nullish(),
  city: z.string(),
  state: z.string(),
  postalCode: z.union([z.string(), z.number()]).transform(String),
  /** `USA` in the spec's examples. */
  country: z.string(),
  addressType: z.string().nullish(),
});

/**
 * One order of `list.elements.order[]` (the spec's required fields: `purchaseOrderId`,
 * `customerOrderId`, `customerEmailId`, `orderDate`, `shippingInfo`, `orderLines`; the SDK
 * does not need `customerOrderId`, and maps an order without `customerEmailId`).
 */
export const walmartListedOrderSchema = z.object({
  purchaseOrderId: z.union([z.string().min(1), z.number()]).transform(String),
  customerOrderId: z.union([z.string(), z.number()]).nullish(),
  customerEmailId: z.string().nullish(),
  orderDate: walmartTimeSchema,
  shippingInfo: z.object({
    phone: z.string().nullish(),
    estimatedShipDate: walmartTimeSchema.nullish(),
    estimatedDeliveryDate: walmartTimeSchema.nullish(),
    methodCode: z.string().nullish(),
    postalAddress: walmartPostalAddressSchema,
  }),
  orderLines: z.object({ orderLine: walmartListOf(walmartListedOrderLineSchema) }),
});

/** A listed order as Walmart returns it. */
export type WalmartListedOrder = z.infer<typeof walmartListedOrderSchema>;

/**
 * Only what the status of a listed order needs (`orderLines.orderLine[].orderLineStatuses` and
 * `intentToCancel`), read leniently so that an order whose other fields cannot be mapped still
 * gets its status.
 */
export const walmartListedOrderStatusSchema = z.object({
  orderLines: z.object({
    orderLine: walmartListOf(
      z.object({
        lineNumber: z
          .union([z.string().min(1), z.number()])
          .transform(String)
          .optional(),
        orderLineStatuses: z.object({ orderLineStatus: walmartListOf(walmartListedLineStatusSchema) }),
        intentToCancel: z.unknown().optional(),
        statusDate: walmartTimeSchema.nullish(),
      }),
    ),
  }),
});
