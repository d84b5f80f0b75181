import { z } from 'zod';

/**
 * Response schemas of the reference distributor's API (a fictional, documented-here API used
 * to show how an adapter is written; not a real distributor). Lenient: unknown fields pass.
 */

/** One SKU's stock: `GET /v1/stock?sku=...`. */
export const referenceStockItemSchema = z.object({
  sku: z.string(),
  warehouses: z.array(z.object({ code: z.string(), available: z.number().int().nonnegative() })),
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
  lines: z.array(referenceLineSchema),
  packages: z.array(referencePackageSchema),
});

/** An order as the reference distributor returns it. */
export type ReferenceOrder = z.infer<typeof referenceOrderSchema>;

/** Body of `GET /v1/orders?po_number=...`. */
export const referenceOrderListSchema = z.object({ orders: z.array(referenceOrderSchema) });

/** Body of `POST /v1/orders` and `POST /v1/orders/{po}/cancel`. */
export const referenceOrderResponseSchema = z.object({ order: referenceOrderSchema });
