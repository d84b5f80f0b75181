import { z } from 'zod';

/*
 * Shapes of Tucker Rocky's TRWS web service (`GET /bin/trws?...&output=JSON&type=<TYPE>`).
 * No official documentation: everything comes from third-party client code. The answer's top-level key is the call type (`INV`, `ORD`, `SHP`).
 * Schemas are lenient: unknown fields pass through, numbers may arrive as strings, and a list
 * with one element may arrive as a bare object (a common PHP JSON encoding quirk).
 */

/** A number that may arrive as a JSON number or a numeric string. */
const numberLike = z.union([z.number(), z.string()]);

/**
 * A list that may arrive as an array, as the element itself when it has one element, or as
 * `""` / `null` when it is empty.
 */
function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (value === '' || value === null ? [] : value),
    z.union([z.array(item), item.transform((value) => [value])]),
  );
}

/** Fields every TRWS answer block may carry: `status` (`SUCCESSFUL` on success) and `errormsg`. */
const blockFields = {
  status: z.string().optional(),
  errormsg: z.string().optional(),
};

/** One distribution center row of a stock answer (no public documentation). DC codes and names: NOT FOUND. */
export const tuckerRockyDistributionCenterSchema = z.looseObject({
  dcname: z.string().optional(),
  dcinv: numberLike.optional(),
});

/**
 * One item of a stock answer (no public documentation: `item[] { inventory, dc[] { dcname, dcinv } }`).
 * The item-number key is not shown in any public source; `item`, `itemnum`, `partnumber` and
 * `partnum` are accepted, and items are matched by position when none is present.
 */
export const tuckerRockyStockItemSchema = z.looseObject({
  item: z.union([z.string(), z.number()]).optional(),
  itemnum: z.union([z.string(), z.number()]).optional(),
  partnumber: z.union([z.string(), z.number()]).optional(),
  partnum: z.union([z.string(), z.number()]).optional(),
  inventory: numberLike.optional(),
  dc: listOf(tuckerRockyDistributionCenterSchema).optional(),
  errormsg: z.string().optional(),
  /** The dealer price, decimal dollars: in the PRC answer (`item[0].price`, no public documentation); MODELLED in the INP answer. */
  price: numberLike.optional(),
});

/** One item of a stock answer (lenient). */
export type TuckerRockyStockItem = z.infer<typeof tuckerRockyStockItemSchema>;

/** The block of a stock answer: `{ status, item: [...] }` (under `INV`, or `INP` with prices). */
export const tuckerRockyStockBlockSchema = z.looseObject({
  ...blockFields,
  item: listOf(tuckerRockyStockItemSchema).optional(),
});

/** `type=INV` answer (no public documentation): `{ INV: { status, item: [...] } }`. */
export const tuckerRockyInventoryResponseSchema = z.looseObject({ INV: tuckerRockyStockBlockSchema });

/** `type=INP` ("stock and price") answer: MODELLED as the INV answer under `INP`, with `price` per item. */
export const tuckerRockyStockAndPriceResponseSchema = z.looseObject({ INP: tuckerRockyStockBlockSchema });

/** `type=INV` answer (lenient). */
export type TuckerRockyInventoryResponse = z.infer<typeof tuckerRockyInventoryResponseSchema>;

/** One order line of an order answer: `itemnum` and its `errormsg` (no public documentation). */
export const tuckerRockyOrderLineSchema = z.looseObject({
  itemnum: z.union([z.string(), z.number()]).optional(),
  item: z.union([z.string(), z.number()]).optional(),
  errormsg: z.string().optional(),
  /** MODELLED (in no public source): the quantity and unit price a line was (or would be) ordered at. */
  quantity: numberLike.optional(),
  price: numberLike.optional(),
});

/** One order line of an order answer (lenient). */
export type TuckerRockyOrderLine = z.infer<typeof tuckerRockyOrderLineSchema>;

/**
 * `type=ORD` answer (no public documentation):
 * success `ORD.status == "SUCCESSFUL"` with `ORD.orderoutput { ordernum, orderline[] { itemnum, errormsg } }`;
 * failure `ORD.errormsg` with `ORD.orderinput.orderline[].errormsg`.
 */
export const tuckerRockyOrderResponseSchema = z.looseObject({
  ORD: z.looseObject({
    ...blockFields,
    orderoutput: z
      .looseObject({ ordernum: numberLike.optional(), orderline: listOf(tuckerRockyOrderLineSchema).optional() })
      .optional(),
    orderinput: z.looseObject({ orderline: listOf(tuckerRockyOrderLineSchema).optional() }).optional(),
  }),
});

/** `type=ORD` answer (lenient). */
export type TuckerRockyOrderResponse = z.infer<typeof tuckerRockyOrderResponseSchema>;

/** One tracking number of a shipment line (no public documentation: `trackingnumbers[] { carrier, trackingnum }`). */
export const tuckerRockyTrackingNumberSchema = z.looseObject({
  carrier: z.string().optional(),
  trackingnum: z.union([z.string(), z.number()]).optional(),
});

/**
 * One shipment line (no public documentation: `shipmentline[] { trackingnumbers[] }`). The item, quantity
 * and ship-date keys are MODELLED (in no public source): `itemnum`, `shipqty`/`qty`,
 * `shipdate`/`ship_date`, read when present.
 */
export const tuckerRockyShipmentLineSchema = z.looseObject({
  itemnum: z.union([z.string(), z.number()]).optional(),
  shipqty: numberLike.optional(),
  qty: numberLike.optional(),
  shipdate: z.string().optional(),
  ship_date: z.string().optional(),
  dcname: z.string().optional(),
  trackingnumbers: listOf(tuckerRockyTrackingNumberSchema).optional(),
});

/** One shipment line (lenient). */
export type TuckerRockyShipmentLine = z.infer<typeof tuckerRockyShipmentLineSchema>;

/**
 * One shipment entry (no public documentation: `shipment[] { ordernum, shipmentline[] }`). `po` is
 * MODELLED: it is what the modelled lookup by PO reads, when present.
 */
export const tuckerRockyShipmentSchema = z.looseObject({
  ordernum: numberLike.optional(),
  po: z.union([z.string(), z.number()]).optional(),
  shipmentline: listOf(tuckerRockyShipmentLineSchema).optional(),
  /** MODELLED (TRWS order status is NOT FOUND): the order's status text, e.g. `CANCELLED`, and why. */
  orderstatus: z.string().optional(),
  statusreason: z.string().optional(),
  /** MODELLED: units Tucker Rocky cancelled on its side, totals per item, with why. */
  cancelline: listOf(
    z.looseObject({
      itemnum: z.union([z.string(), z.number()]).optional(),
      cancelqty: numberLike.optional(),
      reason: z.string().optional(),
    }),
  ).optional(),
});

/** One shipment entry (lenient). */
export type TuckerRockyShipment = z.infer<typeof tuckerRockyShipmentSchema>;

/** The `SHP` block of a shipment answer: `{ status, errormsg, shipment: [...] }`. */
export const tuckerRockyShipmentBlockSchema = z.looseObject({
  ...blockFields,
  shipment: listOf(tuckerRockyShipmentSchema).optional(),
});

/** `type=SHP` answer (no public documentation): `{ SHP: { shipment: [...] } }`. */
export const tuckerRockyShipmentResponseSchema = z.looseObject({ SHP: tuckerRockyShipmentBlockSchema });

/** `type=SHP` answer (lenient). */
export type TuckerRockyShipmentResponse = z.infer<typeof tuckerRockyShipmentResponseSchema>;

/** The answer block of any call type, as far as the error mapping needs it. */
export const tuckerRockyAnyBlockSchema = z.looseObject(blockFields);
