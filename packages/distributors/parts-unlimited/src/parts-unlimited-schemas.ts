import { z } from 'zod';

/*
 * Shapes of the Parts Unlimited (LeMans) API. There is no official documentation: everything
 * here comes from third-party client code (no public documentation). Response
 * schemas are lenient (unknown fields pass through) and accept the variants those clients
 * accept; where no public source shows a shape it is modelled and says so.
 */

/** A number that may arrive as a JSON number or a numeric string. */
const numberLike = z.union([z.number(), z.string()]);

/**
 * One warehouse row of an inventory answer. Seen in third-party clients (no public documentation): `warehouses[].quantity` is what one
 * client reads; another accepts `warehouse_code`/`warehouse`/`code` and `quantity`/`qty`/`available`.
 */
export const partsUnlimitedWarehouseRowSchema = z.looseObject({
  warehouse_code: z.string().optional(),
  warehouse: z.string().optional(),
  code: z.string().optional(),
  quantity: numberLike.optional(),
  qty: numberLike.optional(),
  available: numberLike.optional(),
});

/** One warehouse row of an inventory answer (lenient). */
export type PartsUnlimitedWarehouseRow = z.infer<typeof partsUnlimitedWarehouseRowSchema>;

/**
 * One part of an inventory answer (`availability[]`, no public documentation). The part-number key is not
 * confirmed; `part_number`, `partNumber`, `part` and `sku` are accepted. Flat `<code>_warehouse`
 * keys (one client accepts them) pass through as unknown fields.
 */
export const partsUnlimitedAvailabilitySchema = z.looseObject({
  part_number: z.string().optional(),
  partNumber: z.string().optional(),
  part: z.string().optional(),
  sku: z.string().optional(),
  found: z.boolean().optional(),
  warehouses: z.array(partsUnlimitedWarehouseRowSchema).optional(),
});

/** One part of an inventory answer (lenient). */
export type PartsUnlimitedAvailability = z.infer<typeof partsUnlimitedAvailabilitySchema>;

/** `GET /v1/parts/inventory/{sku1},{sku2},...` answer (no public documentation). `availability` is required. */
export const partsUnlimitedInventoryResponseSchema = z.looseObject({
  availability: z.array(partsUnlimitedAvailabilitySchema),
});

/** Inventory answer (lenient). */
export type PartsUnlimitedInventoryResponse = z.infer<typeof partsUnlimitedInventoryResponseSchema>;

/**
 * One part of a pricing answer (`GET /v1/parts/pricing/{sku}`: `pricing[0]` with `found`,
 * `partNumber`, `retailPrice`, `basePrice`, `dealerPrice`, seen in a third-party client; no public
 * documentation). Prices are decimal dollars, as a number or text.
 */
export const partsUnlimitedPriceSchema = z.looseObject({
  found: z.boolean().optional(),
  partNumber: z.string().optional(),
  part_number: z.string().optional(),
  dealerPrice: numberLike.nullish(),
  dealer_price: numberLike.nullish(),
});

/** One part of a pricing answer (lenient). */
export type PartsUnlimitedPrice = z.infer<typeof partsUnlimitedPriceSchema>;

/** Pricing answer (no public documentation): `pricing` is required. */
export const partsUnlimitedPricingResponseSchema = z.looseObject({
  pricing: z.array(partsUnlimitedPriceSchema),
});

/** Pricing answer (lenient). */
export type PartsUnlimitedPricingResponse = z.infer<typeof partsUnlimitedPricingResponseSchema>;

/** The ship-to block of a drop-ship order body (no public documentation). Phone and email fields: NOT FOUND. */
export interface PartsUnlimitedShipToAddress {
  name: string;
  company: string;
  address_line_1: string;
  address_line_2: string;
  city: string;
  state: string;
  postal_code: string;
  country: string;
}

/** One line of a drop-ship order body (no public documentation). `price` is in currency units, as the API takes it. */
export interface PartsUnlimitedOrderLine {
  line_number: number;
  part_number: string;
  quantity: number;
  price: number;
  currency: string;
}

/** Body of `POST /v2/orders/dropship` (no public documentation, seen in three clients). */
export interface PartsUnlimitedOrderBody {
  dealer_number: string;
  order_type: 'DS';
  purchase_order_number: string;
  shipping_method: string;
  validate_price: boolean;
  cancellation_policy: string;
  ship_to_address: PartsUnlimitedShipToAddress;
  line_items: PartsUnlimitedOrderLine[];
}

/** One `mainframeErrors[]` entry (no public documentation). */
export const partsUnlimitedMainframeErrorSchema = z.looseObject({
  text: z.string().optional(),
});

/**
 * Answer of the order submission (no public documentation): `status_code` in the BODY decides success
 * (clients treat 200–203 as success), `reference_number` is the order reference and
 * `mainframeErrors[].text` lists the refusals. `status_code` is required.
 */
export const partsUnlimitedOrderResponseSchema = z.looseObject({
  status_code: numberLike,
  status_message: z.string().optional(),
  reference_number: numberLike.optional(),
  order_total: numberLike.optional(),
  mainframeErrors: z.array(partsUnlimitedMainframeErrorSchema).optional(),
});

/** Answer of the order submission (lenient). */
export type PartsUnlimitedOrderResponse = z.infer<typeof partsUnlimitedOrderResponseSchema>;

/**
 * Answer of `GET /v2/orders/dropship?order_date_start=&order_date_end=&page_num=`.
 *
 * MODELLED: third-party clients show the endpoint and its parameters but NOT its response
 * shape. The body is accepted as any JSON and read field by field with the candidate key
 * names of `PartsUnlimitedOrderListFields` (configurable).
 */
export const partsUnlimitedOrderListResponseSchema = z.unknown();

/**
 * Candidate key names used to read the order list answer (no public documentation: shape NOT FOUND).
 * Each entry lists keys tried in order; the first present wins. Override any of them with the
 * client's `orderListFields` option once the real shape is known.
 */
export interface PartsUnlimitedOrderListFields {
  /** Key of the order array at the top level (a bare array is also accepted). */
  orders: readonly string[];
  /** PO number of an order. */
  poNumber: readonly string[];
  /** Parts Unlimited's order reference. */
  reference: readonly string[];
  /** Status text of an order. */
  status: readonly string[];
  /** Date the order was placed. */
  orderDate: readonly string[];
  /** Ordered lines of an order. */
  lines: readonly string[];
  /** Part number of a line. */
  partNumber: readonly string[];
  /** Quantity of a line. */
  quantity: readonly string[];
  /** Shipments (packages) of an order. */
  shipments: readonly string[];
  /** Tracking number of a shipment (a string or an array of strings). */
  trackingNumber: readonly string[];
  /** Carrier or ship-via text of a shipment. */
  carrier: readonly string[];
  /** Ship date of a shipment. */
  shipDate: readonly string[];
  /** Warehouse a shipment left from. */
  warehouse: readonly string[];
  /** Total page count at the top level, when the API reports it. */
  totalPages: readonly string[];
  /** Why an order was cancelled or refused, at the order level (issue 20). */
  statusReason: readonly string[];
  /** Units of a line Parts Unlimited cancelled (a backorder it will not fill under `cancellation_policy`), totals. */
  cancelledQuantity: readonly string[];
  /** Why a line's units were cancelled. */
  lineReason: readonly string[];
}

/** The key names tried by default to read the order list answer (MODELLED, no public documentation). */
export const defaultPartsUnlimitedOrderListFields: PartsUnlimitedOrderListFields = {
  orders: ['orders', 'data', 'results', 'items'],
  poNumber: ['purchase_order_number', 'po_number', 'purchaseOrderNumber', 'poNumber'],
  reference: ['reference_number', 'order_number', 'referenceNumber', 'orderNumber'],
  status: ['status', 'order_status', 'status_message', 'orderStatus'],
  orderDate: ['order_date', 'orderDate', 'created_at'],
  lines: ['line_items', 'lines', 'lineItems'],
  partNumber: ['part_number', 'partNumber', 'sku'],
  quantity: ['quantity', 'quantity_shipped', 'qty'],
  shipments: ['shipments', 'packages', 'tracking'],
  trackingNumber: ['tracking_number', 'tracking_numbers', 'trackingNumber', 'tracking'],
  carrier: ['carrier', 'shipping_carrier', 'ship_via', 'shipping_method'],
  shipDate: ['ship_date', 'shipped_at', 'shipDate', 'shipped_date'],
  warehouse: ['warehouse', 'warehouse_code', 'ship_from'],
  totalPages: ['total_pages', 'page_count', 'totalPages', 'last_page'],
  statusReason: ['status_reason', 'cancel_reason', 'cancellation_reason', 'reason'],
  cancelledQuantity: ['cancelled_quantity', 'canceled_quantity', 'quantity_cancelled', 'cancelled_qty'],
  lineReason: ['cancel_reason', 'cancellation_reason', 'status_reason', 'reason'],
};
