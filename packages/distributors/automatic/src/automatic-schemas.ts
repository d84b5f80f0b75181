import { TEXT_LIMITS, textSchema } from '@dropship/core';
import { stockCountSchema } from '@dropship/http';
import { z } from 'zod';

/*
 * Lenient schemas of the Automatic Distributors v2 API responses. MODELLED: the only verified
 * names (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source) are `header.ponumber` (lower case), `header.invoiceDate` (MM/DD/YY),
 * `header.orderGenerationNumber` (2 digits), separate `trackingNumber` and `proNumber` fields
 * (combined in range endpoints) and `shipToAddress.phone` / `shipToAddress.classification`.
 * Everything else here is a reasonable JSON shape, configurable only by replacing the client.
 */

const text = z
  .string()
  .nullish()
  .transform((value) => (value?.trim() ? value.trim() : undefined))
  .optional();
const reference = z.union([z.string().min(1), z.number()]).transform(String);
/** A count as a number or numeric string (shared reader: whole, ≥ 0, safe). */
const count = stockCountSchema;

/** Order header. `ponumber` is required: it is what makes submission idempotent. */
export const automaticOrderHeaderSchema = z.object({
  ponumber: reference,
  orderNumber: reference.nullish(),
  orderGenerationNumber: reference.nullish(),
  status: text,
  /** MODELLED: why the order was revoked, cancelled or refused on Automatic's side, when it says. */
  statusReason: text,
  orderDate: text,
  invoiceDate: text,
});

/** Order header. */
export type AutomaticOrderHeader = z.infer<typeof automaticOrderHeaderSchema>;

/** A line of an order or package. */
export const automaticLineSchema = z.object({
  partNumber: z.string().min(1),
  quantity: count,
});

/**
 * A line of an order: a package line, plus (MODELLED) the units Automatic cancelled on its side
 * (`cancelledQuantity`, a total) and why (`cancelReason`).
 */
export const automaticOrderLineSchema = automaticLineSchema.extend({
  cancelledQuantity: count.nullish(),
  cancelReason: text,
});

/** A package: tracking and PRO (freight) numbers are separate fields (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source). */
export const automaticShipmentSchema = z.object({
  carrier: text,
  trackingNumber: text,
  proNumber: text,
  shipDate: text,
  lines: z
    .array(automaticLineSchema)
    .nullish()
    .transform((lines) => lines ?? undefined)
    .optional(),
});

/** A package. */
export type AutomaticShipment = z.infer<typeof automaticShipmentSchema>;

/** An order as the lookup and range endpoints return it. */
export const automaticOrderSchema = z.object({
  header: automaticOrderHeaderSchema,
  lines: z
    .array(automaticOrderLineSchema)
    .nullish()
    .transform((lines) => lines ?? []),
  shipments: z
    .array(automaticShipmentSchema)
    .nullish()
    .transform((shipments) => shipments ?? []),
});

/** An order. */
export type AutomaticOrder = z.infer<typeof automaticOrderSchema>;

/** Response of the order create endpoint (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source: `header.ponumber`). */
export const automaticCreateOrderResponseSchema = z.object({ header: automaticOrderHeaderSchema });

/** Response of the order create endpoint. */
export type AutomaticCreateOrderResponse = z.infer<typeof automaticCreateOrderResponseSchema>;

/** Response of the lookup and range endpoints: a list of orders. */
export const automaticOrderListSchema = z.object({
  orders: z
    .array(automaticOrderSchema)
    .nullish()
    .transform((orders) => orders ?? []),
});

/**
 * Response of the lookup by PO number when it is evidence (MODELLED shape): `orders` must be a list.
 * An answer without it (another JSON object, an empty body) says nothing about whether the PO exists.
 */
export const automaticOrderLookupSchema = z.object({ orders: z.array(automaticOrderSchema) });

/** A list of orders. */
export type AutomaticOrderList = z.infer<typeof automaticOrderListSchema>;

/** Stock of a part at one warehouse. Warehouse codes are NOT FOUND (no public documentation). */
export const automaticWarehouseStockSchema = z.object({
  /** Becomes `StockLevel.warehouses[].warehouse`: storable text of at most 100 characters, as core's model takes it. */
  code: z.union([textSchema(TEXT_LIMITS.code).min(1), z.number()]).transform(String),
  quantity: count,
});

/** Stock of one part. */
export const automaticInventoryItemSchema = z.object({
  partNumber: z.string().min(1),
  /**
   * The dealer price of one unit, decimal dollars (MODELLED name: the v2 API serves "real-time
   * inventory and pricing", https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source,
   * but its fields are NOT FOUND). Read when present.
   */
  dealerPrice: z.union([z.string(), z.number()]).nullish(),
  warehouses: z
    .array(automaticWarehouseStockSchema)
    .nullish()
    .transform((warehouses) => warehouses ?? []),
});

/** Stock of one part. */
export type AutomaticInventoryItem = z.infer<typeof automaticInventoryItemSchema>;

/** Response of the inventory endpoint. */
export const automaticInventoryResponseSchema = z.object({
  items: z.array(automaticInventoryItemSchema),
});
