import { TEXT_LIMITS } from '@dropship/core';
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
