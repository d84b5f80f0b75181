import { stockCountSchema } from '@dropship/http';
import { z } from 'zod';

/*
 * Lenient schemas of the WPS Data Depot API v4 responses (https://www.wps-inc.com/data-depot/v4/api/order-processing/overview). Unknown fields are
 * tolerated (zod objects strip them); a missing required field fails the parse, which
 * `@dropship/http` turns into a `ResponseParseError` naming the field.
 */

/** A count that WPS may send as a number or a numeric string (shared reader: whole, ≥ 0, safe). */
const countSchema = stockCountSchema;

/** An identifier WPS may send as a number or a string; always read as a string. */
const referenceSchema = z.union([z.string().min(1), z.number()]).transform(String);

/** Optional text that may arrive as null. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined)
  .optional();

/** The `meta.cursor` of a paged list (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination [DOC pagination]). */
export const wpsCursorSchema = z.object({
  current: z.string().nullish(),
  prev: z.string().nullish(),
  next: z.string().nullish(),
  count: z.number().nullish(),
});

const metaSchema = z.object({ cursor: wpsCursorSchema.nullish() }).nullish();

/**
 * An inventory object (https://www.wps-inc.com/data-depot/v4/api/services/inventory [CODE]): one count per warehouse in `*_warehouse` fields.
 * Warehouse fields that are absent are not reported.
 */
export const wpsInventorySchema = z.object({
  id: z.number().nullish(),
  item_id: z.number().nullish(),
  sku: optionalText,
  ca_warehouse: countSchema.nullish(),
  ga_warehouse: countSchema.nullish(),
  id_warehouse: countSchema.nullish(),
  in_warehouse: countSchema.nullish(),
  pa_warehouse: countSchema.nullish(),
  pa2_warehouse: countSchema.nullish(),
  tx_warehouse: countSchema.nullish(),
  total: countSchema.nullish(),
});

/** An inventory object. */
export type WpsInventory = z.infer<typeof wpsInventorySchema>;

/**
 * One entry of the `quantities` include (`GET /items?include=quantities`, the items
 * documentation): the count a warehouse can supply. Seen in public client code as
 * `{ warehouse_id, obtainable }`; other fields are dropped.
 */
export const wpsQuantitySchema = z.object({
  warehouse_id: z.number().int().positive(),
  obtainable: countSchema,
});

/** One entry of the `quantities` include. */
export type WpsQuantity = z.infer<typeof wpsQuantitySchema>;

/**
 * An item with its stock included (`GET /items?filter[sku]=…&include=inventory` or
 * `include=quantities`): either answer shape is read.
 */
export const wpsItemSchema = z.object({
  id: z.number(),
  sku: z.string().min(1),
  name: optionalText,
  /** `include=inventory` nests the inventory object under `inventory.data` (https://www.wps-inc.com/data-depot/v4/api/services/inventory). */
  inventory: z.object({ data: wpsInventorySchema.nullish() }).nullish(),
  /** `include=quantities` nests a list of per-warehouse counts under `quantities.data`. */
  quantities: z.object({ data: z.array(wpsQuantitySchema) }).nullish(),
  /** The dealer's price of one unit, decimal dollars (https://www.wps-inc.com/data-depot/v4/api/services/items; text or number, null when WPS has none). */
  standard_dealer_price: z.union([z.string(), z.number()]).nullish(),
});

/** An item with its inventory. */
export type WpsItem = z.infer<typeof wpsItemSchema>;

/** A page of items. */
export const wpsItemListSchema = z.object({
  data: z.array(wpsItemSchema),
  meta: metaSchema,
});

/** A page of items. */
export type WpsItemList = z.infer<typeof wpsItemListSchema>;

/**
 * Accepts `{ data: X }` (the Data Depot envelope) or `X` itself, and parses `X`, so that a
 * missing field is reported by its own name.
 */
function enveloped<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value === 'object' && value !== null && 'data' in value) {
      const data = (value as { data: unknown }).data;
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data;
    }
    return value;
  }, schema);
}

/**
 * Like {@link enveloped}, but an empty envelope (`{ data: null }`, `{ data: [] }`) or an empty body
 * reads as `null`: how WPS answers a lookup of something that does not exist is not documented
 * beyond the 404 clients handle (https://www.wps-inc.com/data-depot/v4/api/helpers/pagination). A one-element list is read as its element.
 */
function lookupOf<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'object' && 'data' in value) {
      const data = (value as { data: unknown }).data;
      if (data === null || data === undefined) return null;
      if (Array.isArray(data)) return data.length === 0 ? null : data[0];
      return data;
    }
    return value;
  }, schema.nullable());
}

/** A cart as created or shown (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts: `cart_number`, `po_number`, `shipment_type`). */
export const wpsCartObjectSchema = z.object({
  po_number: referenceSchema,
  cart_number: referenceSchema.nullish(),
  shipment_type: optionalText,
  /** Items of the cart, when shown; fields beyond the SKU and quantity are not documented. */
  items: z
    .union([z.array(z.unknown()), z.object({ data: z.array(z.unknown()) }).transform((value) => value.data)])
    .nullish(),
});

/** A cart, with or without the `data` envelope. */
export const wpsCartSchema = enveloped(wpsCartObjectSchema);

/** `GET /carts/{po_number}`: the cart, or null. */
export const wpsCartLookupSchema = lookupOf(wpsCartObjectSchema);

/** A cart. */
export type WpsCart = z.infer<typeof wpsCartObjectSchema>;

/**
 * Response of `POST /carts/{po}/items` (MODELLED: WPS documents the request, not the answer): an
 * object, enveloped or not, naming the item it added (`item_sku`, or `sku`). The client counts an
 * item as added only when the answer names the SKU it sent; any other 2xx answer (a maintenance
 * page, an empty body, JSON of another shape) is no evidence.
 */
export const wpsAddedCartItemSchema = enveloped(
  z.looseObject({ item_sku: referenceSchema.nullish(), sku: referenceSchema.nullish() }),
);

/** Response of `POST /orders` (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC orders]: `order_number`). */
export const wpsSubmittedOrderSchema = enveloped(
  z.object({
    order_number: referenceSchema,
    po_number: referenceSchema.nullish(),
  }),
);

/** Response of `POST /orders`. */
export type WpsSubmittedOrder = z.infer<typeof wpsSubmittedOrderSchema>;

/**
 * A line of a warehouse order. `order_details[].items[]` exists (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders) but its fields are
 * NOT FOUND: the SKU is read from `sku` or `item_sku` (the cart's field name) and the quantity
 * from `quantity`; lines without both are ignored.
 */
export const wpsOrderItemSchema = z
  .object({
    sku: optionalText,
    item_sku: optionalText,
    quantity: countSchema.nullish(),
  })
  .transform((item) => ({ sku: item.sku ?? item.item_sku, quantity: item.quantity ?? undefined }));

/** A warehouse order of a PO (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders [DOC orders]: `order_details[]`). */
export const wpsOrderDetailSchema = z.object({
  order_number: referenceSchema,
  order_status: optionalText,
  invoice_number: referenceSchema.nullish(),
  warehouse: optionalText,
  order_date: optionalText,
  ship_date: optionalText,
  invoice_date: optionalText,
  /** Open-ended: only part of the response `ship_via` list is documented (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders). */
  ship_via: optionalText,
  tracking_numbers: z
    .array(z.union([z.string(), z.number()]).nullable())
    .nullish()
    .transform((numbers) =>
      (numbers ?? []).flatMap((number) => {
        const text = number === null ? '' : String(number).trim();
        return text ? [text] : [];
      }),
    ),
  items: z
    .array(z.unknown())
    .nullish()
    .transform((items) =>
      (items ?? []).flatMap((item) => {
        const parsed = wpsOrderItemSchema.safeParse(item);
        return parsed.success && parsed.data.sku && parsed.data.quantity
          ? [{ sku: parsed.data.sku, quantity: parsed.data.quantity }]
          : [];
      }),
    ),
});

/** A warehouse order of a PO. */
export type WpsOrderDetail = z.infer<typeof wpsOrderDetailSchema>;

/** A PO as `GET /orders/{po_number}` returns it (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders [DOC orders]). */
export const wpsPurchaseOrderObjectSchema = z.object({
  po_number: referenceSchema,
  ship_name: optionalText,
  ship_address: optionalText,
  ship_city: optionalText,
  ship_state: optionalText,
  ship_zip: optionalText,
  order_details: z
    .array(wpsOrderDetailSchema)
    .nullish()
    .transform((details) => details ?? []),
});

/** A PO with its warehouse orders, with or without the `data` envelope. */
export const wpsPurchaseOrderSchema = enveloped(wpsPurchaseOrderObjectSchema);

/** `GET /orders/{po_number}`: the PO, or null. */
export const wpsPurchaseOrderLookupSchema = lookupOf(wpsPurchaseOrderObjectSchema);

/** A PO with its warehouse orders. */
export type WpsPurchaseOrder = z.infer<typeof wpsPurchaseOrderObjectSchema>;

/** `GET /orders?from_date=…&to_date=…` (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders): a list of POs, possibly cursor-paged. */
export const wpsPurchaseOrderListSchema = z.object({
  data: z.array(wpsPurchaseOrderObjectSchema),
  meta: metaSchema,
});

/** A page of POs. */
export type WpsPurchaseOrderList = z.infer<typeof wpsPurchaseOrderListSchema>;

/** A decimal amount as WPS sends prices (`"29.97"` or `29.97`), kept as text so that it converts to cents exactly. */
const decimalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return undefined;
    const text = String(value).trim();
    return text.length > 0 ? text : undefined;
  });

/** A flag WPS may send as a boolean, 0/1 or a word; absent reads as undefined. */
const looseBoolean = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    const word = value.trim().toLowerCase();
    if (['1', 'true', 'y', 'yes'].includes(word)) return true;
    if (['0', 'false', 'n', 'no', ''].includes(word)) return false;
    return undefined;
  });

/**
 * An item as a catalog listing reads it (`GET /items?include=inventory`, https://www.wps-inc.com/data-depot/v4/api/services/items fields
 * [CODE: Next.js client], https://www.wps-inc.com/data-depot/v4/api/services/inventory inventory): identity, prices (as decimal text), drop-ship flags and
 * the inventory object. Only `id` and `sku` are required; unknown fields are dropped.
 */
export const wpsCatalogItemSchema = z.object({
  id: z.number(),
  sku: z.string().min(1),
  name: optionalText,
  brand_id: z.number().nullish(),
  product_id: z.number().nullish(),
  supplier_product_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? undefined : String(value).trim() || undefined)),
  upc: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? undefined : String(value).trim() || undefined)),
  list_price: decimalText,
  standard_dealer_price: decimalText,
  mapp_price: decimalText,
  has_map_policy: looseBoolean,
  drop_ship_fee: decimalText,
  drop_ship_eligible: looseBoolean,
  status: optionalText,
  status_id: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? undefined : String(value))),
  updated_at: optionalText,
  inventory: z.object({ data: wpsInventorySchema.nullish() }).nullish(),
});

/** An item as a catalog listing reads it. */
export type WpsCatalogItem = z.infer<typeof wpsCatalogItemSchema>;

/** A page of `GET /items` for a catalog listing. */
export const wpsCatalogItemListSchema = z.object({
  data: z.array(wpsCatalogItemSchema),
  meta: metaSchema,
});
