import { carrierCodes } from './carrier.js';
import { parseWith } from './parse.js';
import { MAX_QUANTITY } from './quantity.js';
import {
  type DistributorShipment,
  distributorShipmentSchema,
  matchesInstantPattern,
  type PackageOf,
  type ShipmentLine,
} from './shipment.js';
import { isStorableText, TEXT_LIMITS } from './text.js';

// The sync validates every package a distributor reports, thousands per run. This builds what
// `distributorShipmentSchema` returns for the usual, valid report by hand (about a tenth of the
// schema's cost) and hands anything else to the schema, which stays the one authority: the fast
// path answers only when it is sure the schema would answer the same, and never words an error.

const carriers: ReadonlySet<string> = new Set(carrierCodes);

/** Marks "not sure: ask the schema". */
const unsure = Symbol('unsure');

/** A plain object (what zod reads as an object); anything else makes the fast path step aside. */
function plainRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? (value as Record<string, unknown>) : undefined;
}

function plainArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype ? value : undefined;
}

/** A non-empty code the schema accepts (`TEXT_LIMITS.code`, storable text): the same rule, from its one home. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= TEXT_LIMITS.code && isStorableText(value);
}

/** `z.array(shipmentLineSchema)`'s output (fresh objects, known keys only), or `unsure`. */
function lines(value: unknown, minimum: number): ShipmentLine[] | typeof unsure {
  const list = plainArray(value);
  if (list === undefined || list.length < minimum) return unsure;
  const result: ShipmentLine[] = new Array(list.length);
  for (let index = 0; index < list.length; index++) {
    const line = plainRecord(list[index]);
    if (line === undefined) return unsure;
    const { sku, quantity } = line;
    if (
      !isText(sku) ||
      !Number.isSafeInteger(quantity) ||
      (quantity as number) <= 0 ||
      (quantity as number) > MAX_QUANTITY
    )
      return unsure;
    result[index] = { sku, quantity: quantity as number };
  }
  return result;
}

function packageOf(value: unknown): PackageOf | typeof unsure {
  const record = plainRecord(value);
  if (record === undefined || !isText(record.ref) || typeof record.complete !== 'boolean') return unsure;
  const boxLines = lines(record.lines, 1);
  return boxLines === unsure ? unsure : { ref: record.ref, lines: boxLines, complete: record.complete };
}

/** An optional text field: absent, `undefined`, or a string the schema accepts within `maxLength`. */
function isOptionalText(value: unknown, maxLength: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length <= maxLength && isStorableText(value));
}

/**
 * What `distributorShipmentSchema` returns for `input` (known keys only, in the schema's order,
 * fresh objects) when `input` is a plain, valid report without a `trackingUrl`; undefined
 * otherwise (the caller then parses with the schema, which returns the value or words the error).
 *
 * One difference, on purpose: an optional key present in `input` as `undefined` is left out,
 * where zod keeps it as `undefined` (nothing downstream tells the two apart: a recorded package
 * keeps only defined fields, see `copyShipment`). Asking whether a key is present costs a walk up
 * the prototype chain per key, more than the rest of the check. Fields are read by name, one by
 * one: a loop over key names would make every read a slow, generic one.
 *
 * @param input - a package as a distributor client reported it.
 */
export function parseDistributorShipmentFast(input: unknown): DistributorShipment | undefined {
  const record = plainRecord(input);
  if (record === undefined) return undefined;
  const { carrier, carrierName, trackingNumber, trackingUrl, shippedAt, distributorOrderRef, warehouse } = record;
  if (typeof carrier !== 'string' || !carriers.has(carrier) || !isText(trackingNumber)) return undefined;
  // A URL is checked by the schema (its rules are zod's, not ours to copy).
  if (trackingUrl !== undefined || !matchesInstantPattern(shippedAt)) return undefined;
  if (
    !isOptionalText(carrierName, TEXT_LIMITS.name) ||
    !isOptionalText(distributorOrderRef, TEXT_LIMITS.identifier) ||
    !isOptionalText(warehouse, TEXT_LIMITS.code)
  )
    return undefined;
  let shipmentLines: ShipmentLine[] | undefined;
  if (record.lines !== undefined) {
    const parsed = lines(record.lines, 0);
    if (parsed === unsure) return undefined;
    shipmentLines = parsed;
  }
  let box: PackageOf | undefined;
  if (record.packageOf !== undefined) {
    // Lines and packageOf together are refused: the schema words that.
    if (shipmentLines !== undefined) return undefined;
    const parsed = packageOf(record.packageOf);
    if (parsed === unsure) return undefined;
    box = parsed;
  }
  // Built in the schema's key order (what zod returns), hence the untyped start.
  const output: Record<string, unknown> = { carrier };
  if (carrierName !== undefined) output.carrierName = carrierName;
  output.trackingNumber = trackingNumber;
  output.shippedAt = shippedAt;
  if (shipmentLines !== undefined) output.lines = shipmentLines;
  if (box !== undefined) output.packageOf = box;
  if (distributorOrderRef !== undefined) output.distributorOrderRef = distributorOrderRef;
  if (warehouse !== undefined) output.warehouse = warehouse;
  return output as DistributorShipment;
}

/**
 * Validates a package a distributor client reported: the fast path for the usual report, the
 * schema for anything else.
 *
 * @param input - the reported package.
 * @param subject - what is parsed, for the error message.
 * @returns the parsed package (fresh objects: freezing it never freezes the caller's input).
 * @throws {@link ValidationError} when the package is malformed.
 */
export function parseDistributorShipment(input: unknown, subject = 'distributor shipment'): DistributorShipment {
  return parseDistributorShipmentFast(input) ?? parseWith(distributorShipmentSchema, input, subject);
}
