import { rejectionReasons } from '@dropship/core';
import { z } from 'zod';

const textLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .regex(/^[^\r\n]*$/, 'must be one line');

const skuSchema = textLine(100);
/**
 * Why the supplier refused or cancelled, classified by whoever records the answer (a person reads
 * the email): `out-of-stock`, `discontinued`, `not-drop-shippable`, `address-refused`,
 * `price-changed` or `other` (the default when absent). The dropshipper re-routes on it.
 */
const rejectionReasonSchema = z.enum(rejectionReasons);

/** Whole units, at least 1. */
const quantitySchema = z.number().int('must be a whole number').positive('must be at least 1');

/**
 * The id of an answer, unique per PO: the supplier email's `Message-ID`, a ticket number, or any
 * id of yours. Recording an answer with an id already recorded changes nothing.
 */
const answerIdSchema = textLine(255);

/** What the supplier said of one line. */
export const supplierLineAnswerSchema = z
  .object({
    sku: skuSchema,
    /** `accepted`, `backordered` (accepted, ships later) or `rejected` (will not ship). */
    status: z.enum(['accepted', 'backordered', 'rejected']),
    /** The supplier's reason, for a rejected or backordered line. */
    reason: textLine(500).optional(),
    /** Why a rejected line was rejected, classified (default `other`). */
    rejectionReason: rejectionReasonSchema.optional(),
  })
  .strict();

/** The supplier accepted the PO, wholly or line by line. */
export const supplierAcknowledgmentSchema = z
  .object({
    kind: z.literal('acknowledgment'),
    answerId: answerIdSchema,
    /** The supplier's own order number, when it gave one. */
    supplierOrderNumber: textLine(100).optional(),
    /** Per line; lines not listed are accepted. Omit to accept the whole PO. */
    lines: z.array(supplierLineAnswerSchema).max(500).optional(),
  })
  .strict();

/** The supplier refused the whole PO. */
export const supplierRejectionSchema = z
  .object({
    kind: z.literal('rejection'),
    answerId: answerIdSchema,
    reason: textLine(500),
    /** Why, classified (default `other`). */
    rejectionReason: rejectionReasonSchema.optional(),
  })
  .strict();

/** One package the supplier shipped, with its tracking number. */
export const supplierShipmentSchema = z
  .object({
    kind: z.literal('shipment'),
    answerId: answerIdSchema,
    /** The carrier as the supplier wrote it (`UPS Ground`, `FedEx`, `USPS`): normalised by the SDK. */
    carrier: textLine(100),
    trackingNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,60}$/, 'must be 4 to 60 letters, digits or dashes'),
    trackingUrl: z.url().max(2_000).optional(),
    /** When it shipped (ISO 8601 with an offset). */
    shippedAt: z.iso.datetime({ offset: true }),
    /** What this package holds. Omit only when it is the rest of the PO (every unit not in another package). */
    lines: z
      .array(z.object({ sku: skuSchema, quantity: quantitySchema }).strict())
      .min(1)
      .max(500)
      .optional(),
  })
  .strict();

/** The supplier confirmed a cancellation. */
export const supplierCancellationSchema = z
  .object({
    kind: z.literal('cancellation'),
    answerId: answerIdSchema,
    reason: textLine(500).optional(),
    /** Why, classified, when the supplier said (absent: no `statusReason`). */
    rejectionReason: rejectionReasonSchema.optional(),
  })
  .strict();

/**
 * An answer from the supplier, as a person or a mail parser records it with
 * `recordSupplierAnswer`. Unknown keys are refused.
 */
export const supplierAnswerSchema = z.discriminatedUnion('kind', [
  supplierAcknowledgmentSchema,
  supplierRejectionSchema,
  supplierShipmentSchema,
  supplierCancellationSchema,
]);

/** An answer from the supplier (see {@link supplierAnswerSchema}). */
export type SupplierAnswer = z.infer<typeof supplierAnswerSchema>;
/** An answer from the supplier as given to `recordSupplierAnswer`. */
export type SupplierAnswerInput = z.input<typeof supplierAnswerSchema>;
/** What the supplier said of one line. */
export type SupplierLineAnswer = z.infer<typeof supplierLineAnswerSchema>;
