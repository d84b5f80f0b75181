import {
  type DistributorShipment,
  distributorShipmentSchema,
  parseWith,
  ResponseParseError,
  TEXT_LIMITS,
  ValidationError,
} from '@dropship/core';
import { z } from 'zod';

/**
 * The SKUs a distributor client's `checkStock` takes: a list of non-blank texts (trimmed), each at
 * most `TEXT_LIMITS.code` (100) characters, as the model's stock levels hold them. One schema for
 * every distributor client, so that they refuse the same inputs.
 */
export const skuListSchema = z.array(
  z.string().trim().min(1, 'must not be empty').max(TEXT_LIMITS.code, `must be at most ${TEXT_LIMITS.code} characters`),
);

/** A PO number as a distributor client's `findOrder` and `cancelOrder` take it: non-blank text (trimmed). */
export const poNumberInputSchema = z.string().trim().min(1, 'must not be empty');

/** An ISO date (`YYYY-MM-DD`). */
const isoDateSchema = z.iso.date('must be an ISO date (YYYY-MM-DD)');

/** Options of {@link createShipmentQuerySchema}. */
export interface ShipmentQuerySchemaOptions {
  /** The PO numbers' schema. Default {@link poNumberInputSchema}. */
  poNumber?: z.ZodType<string>;
  /** Whether `from` and `to` may be ISO date-times with an offset too. Default false (ISO dates only). */
  dateTimes?: boolean;
}

/**
 * The schema of a `listShipments` query (`ShipmentQuery` of `@dropship/core`): `{ poNumbers }` or
 * `{ from, to }` with `from` not after `to`; unknown keys are refused.
 *
 * @param options - the PO numbers' schema, and whether date-times are taken.
 * @example
 * ```ts
 * const shipmentQuerySchema = createShipmentQuerySchema({ dateTimes: true });
 * const query = parseWith(shipmentQuerySchema, input, 'shipment query');
 * ```
 */
export function createShipmentQuerySchema(options: ShipmentQuerySchemaOptions = {}) {
  const date = options.dateTimes ? z.union([isoDateSchema, z.iso.datetime({ offset: true })]) : isoDateSchema;
  return z.union([
    z.strictObject({ poNumbers: z.array(options.poNumber ?? poNumberInputSchema) }),
    z.strictObject({ from: date, to: date }).refine((range) => range.from.slice(0, 10) <= range.to.slice(0, 10), {
      message: '`from` must not be after `to`',
      path: ['from'],
    }),
  ]);
}

/**
 * Splits a list into batches of at most `size` items, in order.
 *
 * @param items - the list.
 * @param size - the largest batch (at least 1).
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let index = 0; index < items.length; index += size) batches.push(items.slice(index, index + size));
  return batches;
}

/**
 * Checks a package a distributor client built from an API answer against the model's shipment
 * rules (tracking number, carrier, dates, lines): one that breaks them is a `ResponseParseError`
 * naming the PO, never a shipment handed on for the rest of the SDK to refuse later. One rule
 * for every distributor client.
 *
 * @param shipment - the package as the client built it.
 * @param context - the client's service id and the PO (or order) number the package belongs to.
 * @throws ResponseParseError when the package breaks the model's rules.
 */
export function readDistributorShipment(
  shipment: DistributorShipment,
  context: { service: string; poNumber: string },
): DistributorShipment {
  try {
    return parseWith(distributorShipmentSchema, shipment, `${context.service} shipment`) as DistributorShipment;
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    throw new ResponseParseError(
      `${context.service}: a package of PO ${context.poNumber} is not a valid shipment: ${error.message}`,
      { service: context.service, cause: error },
    );
  }
}
