import { z } from 'zod';

/**
 * Response schemas of the reference distributor's API (a fictional, documented-here API used
 * to show how an adapter is written; not a real distributor). Lenient: unknown fields pass.
 */

/** One SKU's stock: `GET /v1/stock?sku=...`. */
export const referenceStockItemSchema = z.object({
  sku: z.string(),
  warehouses: z.array(z.object({ code: z.string(), available: z.number().int().nonnegative() })),
  /** The dealer cost of one unit, a decimal string in USD, when the distributor prices it. */
  price: z.union([z.string(), z.number()]).optional(),
});

/** Body of `GET /v1/stock`. Unknown SKUs are left out of `items`. */
export const referenceStockResponseSchema = z.object({ items: z.array(referenceStockItemSchema) });

/** A line of an order or a package. */
export const referenceLineSchema = z.object({ sku: z.string(), quantity: z.number().int().positive() });

/** A package of an order. */
export const referencePackageSchema = z.object({
  tracking_number: z.string().min(1),
  carrier: z.string(),
  shipped_at: z.string(),
  lines: z.array(referenceLineSchema),
});

/** An order as the reference distributor returns it. */
export const referenceOrderSchema = z.object({
  order_number: z.string(),
  po_number: z.string(),
  status: z.string(),
  /** Why the distributor cancelled the order on its side (`out_of_stock`, `discontinued`, ...). */
  cancel_reason: z.string().optional(),
  /** Units the distributor cancelled on its side, totals per SKU. */
  cancelled_lines: z
    .array(
      z.object({
        sku: z.string(),
        quantity: z.number().int().positive(),
        reason: z.string(),
        message: z.string().optional(),
      }),
    )
    .optional(),
  lines: z.array(referenceLineSchema),
  packages: z.array(referencePackageSchema),
});

/** An order as the reference distributor returns it. */
export type ReferenceOrder = z.infer<typeof referenceOrderSchema>;

/** Body of `GET /v1/orders?po_number=...`. */
export const referenceOrderListSchema = z.object({ orders: z.array(referenceOrderSchema) });

/** Body of `POST /v1/orders` and `POST /v1/orders/{po}/cancel`. */
export const referenceOrderResponseSchema = z.object({ order: referenceOrderSchema });

/** Body of a 422 to `POST /v1/orders`: the order refused (`order_rejected`, with the reason and the lines) or invalid. */
export const referenceRejectionSchema = z.object({
  error: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lines: z.array(z.object({ sku: z.string(), reason: z.string().optional(), message: z.string() })).optional(),
});
