import { z } from 'zod';

// Response schemas of "Trailhead Moto Supply", a made-up distributor whose API this example
// invents (it is not a real company). Lenient, as the SDK's adapters are: unknown fields pass,
// a missing required field is a ResponseParseError naming it.
//
// The API:
// - every call carries `Authorization: Token <api key>`; a wrong key is a 401;
// - GET    /v2/availability?parts=A,B        (40 parts at most) → { results: [{ part, known, branches: { SLC: 3 } }] }
// - PUT    /v2/orders/{po}                    { ship_to, items: [{ part, qty }] } → 201 { order } (200 { order } when the PO exists)
// - GET    /v2/orders/{po}                    → { order } or 404
// - GET    /v2/shipments?since=&until=&page=  (ship dates, inclusive) → { shipments: [...], next_page }
// - DELETE /v2/orders/{po}                    → { order } (status `void`), 409 once something shipped

/** Branch codes of Trailhead's warehouses. */
export const trailheadBranches = ['SLC', 'DEN', 'RNO'] as const;

/** One part's availability. */
export const trailheadAvailabilitySchema = z.object({
  part: z.string(),
  known: z.boolean(),
  branches: z.record(z.string(), z.number().int().nonnegative()).default({}),
});

/** Body of `GET /v2/availability`. */
export const trailheadAvailabilityResponseSchema = z.object({ results: z.array(trailheadAvailabilitySchema) });

/** A line of an order or a package. */
export const trailheadItemSchema = z.object({ part: z.string(), qty: z.number().int().positive() });

/** A package of an order. */
export const trailheadPackageSchema = z.object({
  tracking: z.string().min(1),
  carrier: z.string(),
  shipped_on: z.string(),
  items: z.array(trailheadItemSchema),
});

/** An order. `status`: received, picking, partial, complete or void. */
export const trailheadOrderSchema = z.object({
  order_id: z.string(),
  po: z.string(),
  status: z.string(),
  items: z.array(trailheadItemSchema),
  packages: z.array(trailheadPackageSchema).default([]),
});

/** An order as Trailhead returns it. */
export type TrailheadOrder = z.infer<typeof trailheadOrderSchema>;

/** Body of the order calls. */
export const trailheadOrderResponseSchema = z.object({ order: trailheadOrderSchema });

/** One row of `GET /v2/shipments`: a package with its order's PO, id and status. */
export const trailheadShipmentRowSchema = trailheadPackageSchema.extend({
  po: z.string(),
  order_id: z.string(),
  order_status: z.string(),
});

/** Body of `GET /v2/shipments`. */
export const trailheadShipmentPageSchema = z.object({
  shipments: z.array(trailheadShipmentRowSchema),
  next_page: z.number().int().positive().nullable(),
});
