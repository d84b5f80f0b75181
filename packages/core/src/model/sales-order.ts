import { z } from 'zod';
import { addressSchema } from './address.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from './money.js';
import { parseWith } from './parse.js';
import { productIdentitySchema } from './product-key.js';
import { requiredTextSchema, TEXT_LIMITS, textSchema, trimmedTextSchema } from './text.js';
import { createValidatedMark } from './validated-mark.js';

const identifier = requiredTextSchema(TEXT_LIMITS.identifier);

/** One line of a marketplace order. */
export const orderLineSchema = z.object({
  /** The marketplace's id of this line (eBay lineItemId, Amazon orderItemId, ...). */
  lineId: identifier,
  /** The dealer's listing SKU, or a distributor SKU the listing maps to. */
  sku: identifier,
  /** Brand + MPN and/or UPC, when known; lets routing swap to another distributor's SKU. */
  product: productIdentitySchema.optional(),
  title: textSchema(TEXT_LIMITS.freeText).optional(),
  quantity: z.number().int('must be a whole number').positive('must be at least 1').max(100_000),
  /** Sale price of one unit, integer minor units. */
  unitPrice: nonNegativeMinorUnitsSchema,
});

/** One line of a marketplace order. */
export type OrderLine = z.infer<typeof orderLineSchema>;

/** The buyer of a marketplace order. */
export const buyerSchema = z.object({
  name: requiredTextSchema(TEXT_LIMITS.name),
  email: z.email('must be an email address').max(TEXT_LIMITS.email).optional(),
  phone: trimmedTextSchema(TEXT_LIMITS.phone).optional(),
});

/** The buyer of a marketplace order. */
export type Buyer = z.infer<typeof buyerSchema>;

/** A marketplace order as the dealer received it. */
export const salesOrderSchema = z
  .object({
    /** Marketplace id, for example `ebay`, `amazon`, `walmart`, `shopify`. */
    marketplace: z
      .string()
      .max(TEXT_LIMITS.code)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case id such as ebay'),
    /** The marketplace's order id. */
    marketplaceOrderId: identifier,
    /** The dealer's customer id, when the platform has one (orders of different customers never share a PO). */
    customerId: textSchema(TEXT_LIMITS.identifier).optional(),
    /** When the buyer ordered (ISO 8601). */
    orderedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    currency: currencySchema,
    buyer: buyerSchema,
    shipTo: addressSchema,
    lines: z.array(orderLineSchema).min(1, 'an order needs at least one line').max(500),
    /** What the buyer paid for shipping, integer minor units. */
    shippingPaid: nonNegativeMinorUnitsSchema.default(0),
    /** Marketplace fees already known for the order, integer minor units. */
    fees: nonNegativeMinorUnitsSchema.optional(),
    /** The shipping service the buyer chose, as the marketplace names it (`Standard`, `Expedited`, `OneDay`). */
    serviceLevel: textSchema(TEXT_LIMITS.name).min(1).optional(),
    /** The latest date the marketplace expects the order to ship (ISO 8601), when it gives one. */
    shipBy: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  })
  .superRefine((order, context) => {
    const seen = new Set<string>();
    let total = order.shippingPaid;
    order.lines.forEach((line, index) => {
      if (seen.has(line.lineId)) {
        context.addIssue({
          code: 'custom',
          path: ['lines', index, 'lineId'],
          message: `duplicate line id "${line.lineId}"`,
        });
      }
      seen.add(line.lineId);
      const lineTotal = line.quantity * line.unitPrice;
      if (!Number.isSafeInteger(lineTotal)) {
        context.addIssue({
          code: 'custom',
          path: ['lines', index, 'unitPrice'],
          message: `quantity × unitPrice must be at most ${Number.MAX_SAFE_INTEGER} minor units`,
        });
      }
      total += lineTotal;
    });
    if (!Number.isSafeInteger(total)) {
      context.addIssue({
        code: 'custom',
        path: ['lines'],
        message: `the order total (every quantity × unitPrice, plus shippingPaid) must be at most ${Number.MAX_SAFE_INTEGER} minor units`,
      });
    }
  });

/** A marketplace order as the dealer received it. */
export type SalesOrder = z.infer<typeof salesOrderSchema>;

/**
 * The SDK's id of a sales order: `<marketplace>:<marketplaceOrderId>`.
 *
 * @param order - the order (or its two identifying fields).
 */
export function salesOrderId(order: Pick<SalesOrder, 'marketplace' | 'marketplaceOrderId'>): string {
  return `${order.marketplace}:${order.marketplaceOrderId}`;
}

/**
 * A sales order that {@link parseSalesOrder} returned: validated, defaults applied, frozen. Inner
 * functions take this type, so that only a parsed order reaches them (a brand: the type cannot be
 * built by hand without a cast).
 */
export type ParsedSalesOrder = Readonly<SalesOrder> & z.$brand<'ParsedSalesOrder'>;

/** Sales orders this module parsed (frozen): the next entry they reach does not parse them again. */
const parsedSalesOrders = createValidatedMark<ParsedSalesOrder>();

/**
 * Validates a marketplace order, once: the result is frozen (deeply) and remembered, and handing
 * it to `parseSalesOrder` again (the dropshipper, then its planner and store) returns it as is.
 * Anything else, a copy of a parsed order included, is parsed.
 *
 * @param input - untrusted input.
 * @returns the parsed order, defaults applied, frozen.
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function parseSalesOrder(input: unknown): ParsedSalesOrder {
  if (parsedSalesOrders.has(input)) return input;
  return parsedSalesOrders.mark(parseWith(salesOrderSchema, input, 'sales order') as ParsedSalesOrder);
}
