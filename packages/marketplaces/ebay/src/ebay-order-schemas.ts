import { z } from 'zod';

/**
 * The most orders one `getOrders` page holds: "If a requested limit is more than 200, the call
 * fails" (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders).
 */
export const EBAY_ORDER_PAGE_MAXIMUM = 200;

/** The `orderfulfillmentstatus` filter values eBay accepts: only these two combinations (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders). */
export const ebayOrderFulfillmentStatusFilters = ['NOT_STARTED|IN_PROGRESS', 'FULFILLED|IN_PROGRESS'] as const;

/** One of the `orderfulfillmentstatus` combinations eBay accepts. */
export type EbayOrderFulfillmentStatusFilter = (typeof ebayOrderFulfillmentStatusFilters)[number];

/** An ISO 8601 date-time as eBay writes them (`2026-11-01T10:00:00.000Z`). */
const dateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** eBay's `Amount` (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:Amount): a decimal string and its currency. */
export const ebayAmountSchema = z.object({ value: z.string(), currency: z.string() });

/** eBay's `Amount`. */
export type EbayAmount = z.infer<typeof ebayAmountSchema>;

/** eBay's `ExtendedContact` (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:ExtendedContact); every field optional, as eBay withholds PII of old orders. */
export const ebayContactSchema = z.object({
  fullName: z.string().optional(),
  companyName: z.string().optional(),
  email: z.string().optional(),
  primaryPhone: z.object({ phoneNumber: z.string().optional() }).optional(),
  contactAddress: z
    .object({
      addressLine1: z.string().optional(),
      addressLine2: z.string().optional(),
      city: z.string().optional(),
      stateOrProvince: z.string().optional(),
      postalCode: z.string().optional(),
      countryCode: z.string().optional(),
      county: z.string().optional(),
    })
    .optional(),
});

/** eBay's `ExtendedContact`. */
export type EbayContact = z.infer<typeof ebayContactSchema>;

/** One line item of an eBay order (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:LineItem), what intake reads of it. */
export const ebayLineItemSchema = z.object({
  lineItemId: z.string(),
  sku: z.string().optional(),
  title: z.string().optional(),
  quantity: z.number(),
  /** Unit price × quantity, before discounts (eBay has no unit-price field). */
  lineItemCost: ebayAmountSchema,
  lineItemFulfillmentInstructions: z.object({ shipByDate: dateTime.optional() }).optional(),
});

/** One line item of an eBay order. */
export type EbayLineItem = z.infer<typeof ebayLineItemSchema>;

/**
 * An order as `getOrders` lists it (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:Order):
 * what intake reads, lenient (unknown fields and enum values are kept as text). An order of
 * another shape is held with the field named, not dropped.
 */
export const ebayOrderSchema = z.object({
  orderId: z.string(),
  creationDate: dateTime,
  lastModifiedDate: dateTime,
  orderFulfillmentStatus: z.string(),
  orderPaymentStatus: z.string(),
  cancelStatus: z.object({ cancelState: z.string() }),
  buyer: z
    .object({ username: z.string().optional(), buyerRegistrationAddress: ebayContactSchema.optional() })
    .optional(),
  pricingSummary: z
    .object({ deliveryCost: ebayAmountSchema.optional(), deliveryDiscount: ebayAmountSchema.optional() })
    .optional(),
  totalMarketplaceFee: ebayAmountSchema.optional(),
  fulfillmentStartInstructions: z
    .array(
      z.object({
        ebaySupportedFulfillment: z.boolean().optional(),
        shippingStep: z
          .object({
            shippingCarrierCode: z.string().optional(),
            shippingServiceCode: z.string().optional(),
            shipTo: ebayContactSchema.optional(),
          })
          .optional(),
      }),
    )
    .default([]),
  lineItems: z.array(ebayLineItemSchema),
});

/** An order as `getOrders` lists it. */
export type EbayOrder = z.infer<typeof ebayOrderSchema>;

/**
 * The `OrderSearchPagedCollection` of `getOrders` (https://developer.ebay.com/api-docs/sell/fulfillment/resources/order/methods/getOrders),
 * checked only as far as the adapter reads it: `orders`, the `next` URI while more pages follow,
 * and each order's `orderId` and `lastModifiedDate` (a page whose orders cannot even be named is
 * the wrong shape: `ResponseParseError`). Each order's other fields are read when it is mapped.
 * `orders` may be left out only when `total` says 0 ("If no orders are found, this field is
 * returned with a value of 0"); a body with neither is not a page.
 */
export const ebayOrderPageSchema = z
  .object({
    href: z.string().optional(),
    total: z.number().int().nonnegative().optional(),
    offset: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().optional(),
    next: z.string().optional(),
    orders: z.array(z.looseObject({ orderId: z.string().min(1), lastModifiedDate: dateTime })).optional(),
    warnings: z.array(z.looseObject({ errorId: z.number().optional(), message: z.string().optional() })).optional(),
  })
  .refine((page) => page.orders !== undefined || page.total === 0, {
    message: 'orders is missing while total is not 0',
    path: ['orders'],
  });

/** One page of `getOrders`. */
export type EbayOrderPage = z.infer<typeof ebayOrderPageSchema>;
