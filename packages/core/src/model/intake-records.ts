import { z } from 'zod';
import { positiveQuantitySchema } from './quantity.js';
import { instantSchema } from './shipment.js';

/**
 * The store records of order intake (the optional "intake" capability of `DropshipStore`), as
 * schemas every store validates writes and queries with: one home for their shape, so the memory
 * store and `@dropship/postgres` accept and refuse the same things.
 */

const idSchema = z.string().min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters');
const versionSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(Number.MAX_SAFE_INTEGER);

/** `IntakeCursor` (spec v1): where the intake of one marketplace stands. Unknown keys refused. */
export const intakeCursorSchema = z.strictObject({
  marketplace: idSchema,
  watermark: instantSchema,
  scan: z
    .strictObject({
      since: instantSchema,
      until: instantSchema,
      cursor: z
        .string()
        .min(1, 'must be a non-empty string')
        .max(10_000, 'must be at most 10,000 characters')
        .optional(),
    })
    .optional(),
  version: versionSchema,
});

/** The statuses of an imported-order record (`ImportedOrderStatus`, spec v1). */
export const importedOrderStatuses = ['imported', 'placed', 'held', 'unmappable', 'cancelled'] as const;

const importedOrderStatusSchema = z.enum(importedOrderStatuses);

/** `ImportedOrderRecord` (spec v1): `salesOrderId` must be `<marketplace>:<marketplaceOrderId>`. Unknown keys refused. */
export const importedOrderRecordSchema = z
  .strictObject({
    salesOrderId: idSchema,
    marketplace: idSchema,
    marketplaceOrderId: idSchema,
    status: importedOrderStatusSchema,
    reasons: z.array(z.string().max(2_000, 'must be at most 2,000 characters')).max(100),
    updatedAt: instantSchema.optional(),
    importedAt: instantSchema,
    acknowledgedAt: instantSchema.optional(),
    version: versionSchema,
  })
  .refine((record) => record.salesOrderId === `${record.marketplace}:${record.marketplaceOrderId}`, {
    path: ['salesOrderId'],
    message: 'must be <marketplace>:<marketplaceOrderId>',
  });

/** `ImportedOrderQuery` (spec v1). Unknown keys refused. */
export const importedOrderQuerySchema = z.strictObject({
  marketplace: idSchema.optional(),
  status: z.union([importedOrderStatusSchema, z.array(importedOrderStatusSchema)]).optional(),
  acknowledged: z.boolean().optional(),
  limit: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

/** The statuses of a reservation (`OrderReservation.status`, spec v1). */
export const reservationStatuses = ['open', 'consumed', 'released'] as const;

const reservationStatusSchema = z.enum(reservationStatuses);

/** `OrderReservation` (spec v1): `closedAt` is set exactly when it is not `open`. Unknown keys refused. */
export const orderReservationSchema = z
  .strictObject({
    salesOrderId: idSchema,
    lineId: idSchema,
    distributor: idSchema,
    sku: idSchema,
    warehouse: z.string().max(500, 'must be at most 500 characters').optional(),
    quantity: positiveQuantitySchema,
    status: reservationStatusSchema,
    createdAt: instantSchema,
    closedAt: instantSchema.optional(),
  })
  .refine((reservation) => (reservation.status === 'open') === (reservation.closedAt === undefined), {
    path: ['closedAt'],
    message: 'must be set when the reservation is consumed or released, and only then',
  });

/** `ReservationQuery` (spec v1). Unknown keys refused. */
export const reservationQuerySchema = z.strictObject({
  salesOrderId: idSchema.optional(),
  distributor: idSchema.optional(),
  sku: idSchema.optional(),
  status: z.union([reservationStatusSchema, z.array(reservationStatusSchema)]).optional(),
  closedAfter: instantSchema.optional(),
});
