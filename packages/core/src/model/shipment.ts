import { z } from 'zod';
import { carrierCodeSchema } from './carrier.js';
import { positiveQuantitySchema } from './quantity.js';
import { TEXT_LIMITS, textSchema } from './text.js';

const code = textSchema(TEXT_LIMITS.code).min(1);

/** Quantity of one distributor SKU in a shipment. */
export const shipmentLineSchema = z.object({
  sku: code,
  quantity: positiveQuantitySchema,
});

/** Quantity of one distributor SKU in a shipment. */
export type ShipmentLine = z.infer<typeof shipmentLineSchema>;

/**
 * "This package is one box of the distributor order `ref`, which ships `lines` in total; which box
 * holds which units is not reported." For distributors that report tracking numbers and items per
 * order (a WPS warehouse order), not per package.
 */
export const packageOfSchema = z.object({
  /** The distributor order (warehouse order, invoice) the box belongs to; every box of it carries the same `ref`. */
  ref: code,
  /** Everything that distributor order ships, in all its boxes together. */
  lines: z.array(shipmentLineSchema).min(1),
  /** True when the distributor reports that order shipped in full (no more boxes will come). */
  complete: z.boolean(),
});

/** One box of a distributor order whose box contents are not reported. See {@link packageOfSchema}. */
export type PackageOf = z.infer<typeof packageOfSchema>;

/** An ISO 8601 instant with a UTC offset (`Z` or `±hh:mm`). */
export const instantSchema = z.iso.datetime({ offset: true });

const exposedPattern: unknown = (instantSchema as { _zod?: { pattern?: unknown } })._zod?.pattern;
/** The schema's own pattern for instants (undefined if zod stops exposing it: then every value takes the schema). */
const instantPattern = exposedPattern instanceof RegExp ? exposedPattern : undefined;

/**
 * True when `value` is an ISO 8601 instant with an offset by the schema's own pattern; false when
 * it is not, or when the pattern is not available (then ask the schema).
 *
 * @param value - anything.
 */
export function matchesInstantPattern(value: unknown): value is string {
  if (typeof value !== 'string' || instantPattern === undefined) return false;
  instantPattern.lastIndex = 0;
  return instantPattern.test(value);
}

const distributorShipmentShape = {
  /** Canonical carrier; `other` with `carrierName` when not one the SDK knows. */
  carrier: carrierCodeSchema,
  /** The carrier or ship-via text the distributor reported, as is. */
  carrierName: textSchema(TEXT_LIMITS.name).optional(),
  trackingNumber: code,
  trackingUrl: z.url().max(TEXT_LIMITS.url).optional(),
  /** When it shipped (ISO 8601). */
  shippedAt: instantSchema,
  /** Exactly what is in this package, when the distributor says. */
  lines: z.array(shipmentLineSchema).optional(),
  /** This package is one box of a distributor order whose box contents are not reported. Never with `lines`. */
  packageOf: packageOfSchema.optional(),
  /** The distributor's order (warehouse order, invoice) this package belongs to. */
  distributorOrderRef: textSchema(TEXT_LIMITS.identifier).optional(),
  warehouse: textSchema(TEXT_LIMITS.code).optional(),
};

/** Refuses a package that says both what it holds (`lines`) and that its contents are unknown (`packageOf`). */
function refuseLinesWithPackageOf(shipment: { lines?: unknown; packageOf?: unknown }, context: z.RefinementCtx): void {
  if (shipment.lines !== undefined && shipment.packageOf !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['packageOf'],
      message:
        'a package with packageOf must not list lines (lines are its exact contents, packageOf says they are unknown)',
    });
  }
}

/**
 * A package a distributor shipped for a PO, as its client reports it. What is in it is said in one
 * of three ways:
 * - `lines`: exactly what is in this package;
 * - `packageOf`: the package is one box of the distributor order `packageOf.ref`, which ships
 *   `packageOf.lines` in all its boxes together; which box holds which units is not reported.
 *   While `packageOf.complete` is false the SDK records the box (its tracking is never lost) but
 *   counts no units for it and waits for the rest before telling the marketplace; once complete,
 *   the order's units are spread over its boxes in the order they were recorded (see
 *   `allocateShipmentUnits`);
 * - neither: the rest of the PO (every unit not covered by another package). Legacy meaning:
 *   a client that knows an order is split into several packages must use `packageOf` instead,
 *   or the first package takes every unit and the next ones none.
 *
 * `packageOf` with `lines` is refused (`ValidationError` at `packageOf`).
 */
export const distributorShipmentSchema = z.object(distributorShipmentShape).superRefine(refuseLinesWithPackageOf);

/** A package a distributor shipped for a PO. See {@link distributorShipmentSchema}. */
export type DistributorShipment = z.infer<typeof distributorShipmentSchema>;

/**
 * Why tracking was settled without a marketplace call: `no-units`, the package covers no unit of
 * the PO; `handled-elsewhere`, the dealer pushes tracking for the order's marketplace outside the
 * SDK (the dropshipper's `trackingHandledElsewhere` option).
 */
export const trackingPushSkippedSchema = z.enum(['no-units', 'handled-elsewhere']);

/**
 * A shipment as recorded on a purchase order: the distributor's report plus a stable id and
 * the marks that make tracking push and buyer email happen once.
 */
export const shipmentSchema = z
  .object({
    ...distributorShipmentShape,
    /** Stable id: `<poNumber>:<trackingNumber>`. */
    id: textSchema(TEXT_LIMITS.identifier).min(1),
    /** When the SDK recorded the package (ISO 8601); set by `transition` (absent on packages recorded before it existed). */
    recordedAt: z.iso.datetime({ offset: true }).optional(),
    /** When tracking was pushed to the marketplace (ISO 8601). */
    trackingPushedAt: z.iso.datetime({ offset: true }).optional(),
    /**
     * Set instead of `trackingPushedAt` when the package was settled without a marketplace call:
     * `no-units`, it covers no unit of the PO (more boxes than units, or a box that joined its
     * distributor order after the order's units were told to the marketplace);
     * `handled-elsewhere`, the order's marketplace gets tracking outside the SDK.
     */
    trackingPushSkipped: trackingPushSkippedSchema.optional(),
    /** When the buyer was notified, by the SDK or by the marketplace (ISO 8601). */
    buyerNotifiedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine(refuseLinesWithPackageOf);

/** A shipment as recorded on a purchase order. */
export type Shipment = z.infer<typeof shipmentSchema>;

/**
 * The stable id of a shipment: `<poNumber>:<trackingNumber>` (tracking number without spaces).
 *
 * @param poNumber - the PO the package belongs to.
 * @param trackingNumber - the carrier's tracking number.
 */
export function shipmentId(poNumber: string, trackingNumber: string): string {
  return `${poNumber}:${hasNoSpace(trackingNumber) ? trackingNumber : trackingNumber.replace(/\s+/g, '')}`;
}

/** True when `value` is printable ASCII without spaces (the usual tracking number): nothing for `\s` to remove. */
function hasNoSpace(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 0x20 || code >= 0x7f) return false;
  }
  return true;
}

/**
 * A copy of a package as recorded with shipment id `id`, built field by field from a
 * distributor's report or a recorded package (fields that are undefined are left out). A spread
 * (`{ ...shipment }`) of a frozen package takes V8's slow path, several times the cost of this.
 *
 * @param source - a reported or recorded package (its parts are shared, not copied).
 * @param id - the shipment id of the copy.
 */
export function copyShipment(source: DistributorShipment | Shipment, id: string): Shipment {
  const copy: Shipment = {
    carrier: source.carrier,
    trackingNumber: source.trackingNumber,
    shippedAt: source.shippedAt,
    id,
  };
  if (source.carrierName !== undefined) copy.carrierName = source.carrierName;
  if (source.trackingUrl !== undefined) copy.trackingUrl = source.trackingUrl;
  if (source.lines !== undefined) copy.lines = source.lines;
  if (source.packageOf !== undefined) copy.packageOf = source.packageOf;
  if (source.distributorOrderRef !== undefined) copy.distributorOrderRef = source.distributorOrderRef;
  if (source.warehouse !== undefined) copy.warehouse = source.warehouse;
  if ('id' in source) {
    if (source.recordedAt !== undefined) copy.recordedAt = source.recordedAt;
    if (source.trackingPushedAt !== undefined) copy.trackingPushedAt = source.trackingPushedAt;
    if (source.trackingPushSkipped !== undefined) copy.trackingPushSkipped = source.trackingPushSkipped;
    if (source.buyerNotifiedAt !== undefined) copy.buyerNotifiedAt = source.buyerNotifiedAt;
  }
  return copy;
}

/** The keys {@link copyShipment} copies. */
type CopiedShipmentKey =
  | 'carrier'
  | 'carrierName'
  | 'trackingNumber'
  | 'trackingUrl'
  | 'shippedAt'
  | 'lines'
  | 'packageOf'
  | 'distributorOrderRef'
  | 'warehouse'
  | 'id'
  | 'recordedAt'
  | 'trackingPushedAt'
  | 'trackingPushSkipped'
  | 'buyerNotifiedAt';
// Fails to compile when a package gains a key that copyShipment does not copy.
const everyShipmentKeyCopied: Exclude<keyof Shipment, CopiedShipmentKey> extends never ? true : never = true;
void everyShipmentKeyCopied;
