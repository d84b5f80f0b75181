import { z } from 'zod';
import { addressSchema } from './address.js';
import { currencySchema, nonNegativeMinorUnitsSchema } from './money.js';
import { parseWith } from './parse.js';
import { purchaseOrderRejectionSchema } from './purchase-order-rejection.js';
import { positiveQuantitySchema } from './quantity.js';
import { shipmentSchema } from './shipment.js';
import { recordedTextSchema, TEXT_LIMITS, textSchema } from './text.js';

/** The states of a purchase order. See `transition` for the allowed moves. */
export const purchaseOrderStates = [
  'draft',
  'submitting',
  'submitted',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
  'completed',
  'rejected',
  'failed',
  'cancel_requested',
  'manual_cancel',
  'cancelled',
] as const;

/** A purchase order state. */
export type PurchaseOrderState = (typeof purchaseOrderStates)[number];

/**
 * States after which nothing more is expected of a PO. A package a distributor reports anyway on a
 * `cancelled` or `rejected` PO is still recorded (the buyer has a parcel) and the PO flagged
 * (`flags`): see `purchaseOrderTransitions`.
 */
export const terminalPurchaseOrderStates: readonly PurchaseOrderState[] = ['completed', 'rejected', 'cancelled'];

/** One line of a purchase order. */
export const purchaseOrderLineSchema = z.object({
  /** The marketplace line this fulfils. */
  salesLineId: textSchema(TEXT_LIMITS.identifier).min(1),
  /** Distributor SKU ordered. */
  sku: textSchema(TEXT_LIMITS.code).min(1),
  quantity: positiveQuantitySchema,
  /** Expected cost of one unit, integer minor units. */
  unitCost: nonNegativeMinorUnitsSchema,
  /** Warehouse the plan expected to ship from, if known. */
  warehouse: textSchema(TEXT_LIMITS.code).optional(),
});

/** One line of a purchase order. */
export type PurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

/** One entry of a PO's audit log. */
export const auditEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  event: z.string(),
  from: z.enum(purchaseOrderStates),
  to: z.enum(purchaseOrderStates),
  version: z.number().int().positive(),
  /** Recorded as storable text (see `toStorableText`): at most 2,000 characters. */
  detail: recordedTextSchema(TEXT_LIMITS.freeText).optional(),
});

/** One entry of a PO's audit log. */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * Facts about a PO that a person should see (set by `transition`, never cleared):
 * - `shipped-after-cancel`: a package was reported after a cancel was asked (`cancel_requested`,
 *   `manual_cancel`) or confirmed (`cancelled`): it is recorded and its tracking pushed;
 * - `shipped-after-rejection`: a package was reported on a PO the distributor had rejected (its
 *   lines may have been re-routed: two parcels may reach the buyer).
 */
export const purchaseOrderFlags = ['shipped-after-cancel', 'shipped-after-rejection'] as const;

/** A flag on a purchase order (see {@link purchaseOrderFlags}). */
export type PurchaseOrderFlag = (typeof purchaseOrderFlags)[number];

/** Where a re-routed PO's lines came from (a PO the distributor rejected or cancelled). */
export const purchaseOrderRerouteSchema = z.object({
  /** The rejected or cancelled PO whose lines this PO places again. */
  fromPoNumber: z.string().min(1),
  /** 1 for the first re-route of these lines, then one more per re-route. */
  attempt: z.number().int().positive(),
  /** The distributors (or warehouses of a distributor) left out when these lines were planned again. */
  excluded: z.array(
    z.object({
      distributor: z.string().min(1),
      warehouse: textSchema(TEXT_LIMITS.code).optional(),
    }),
  ),
});

/** Where a re-routed PO's lines came from. */
export type PurchaseOrderReroute = z.infer<typeof purchaseOrderRerouteSchema>;

/** A purchase order placed (or to be placed) with one distributor for one sales order. */
export const purchaseOrderSchema = z.object({
  /** Deterministic from the sales order and the distributor; fits every distributor's limit. */
  poNumber: z.string().min(1),
  distributor: z.string().min(1),
  /** `<marketplace>:<marketplaceOrderId>` of the sales order. */
  salesOrderId: z.string().min(1),
  marketplace: z.string().min(1),
  state: z.enum(purchaseOrderStates),
  /** Bumped by every transition; stores use it for optimistic concurrency. */
  version: z.number().int().nonnegative(),
  currency: currencySchema,
  shipTo: addressSchema,
  lines: z.array(purchaseOrderLineSchema).min(1),
  /** Drop-ship fee expected for this PO, integer minor units. */
  dropShipFee: nonNegativeMinorUnitsSchema.default(0),
  /** The distributor's order reference(s) once submitted. */
  distributorOrderRefs: z.array(z.string()).default([]),
  shipments: z.array(shipmentSchema).default([]),
  /**
   * The last failure or rejection, for people. Never contains credentials. Recorded as storable
   * text: cut at 2,000 characters, lone surrogates and U+0000 replaced by U+FFFD (a distributor's
   * message is kept, never refused).
   */
  lastError: recordedTextSchema(TEXT_LIMITS.freeText).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  audit: z.array(auditEntrySchema).default([]),
  /** Facts a person should see (see {@link purchaseOrderFlags}); absent when none. */
  flags: z.array(z.enum(purchaseOrderFlags)).optional(),
  /** Set on a PO that places again lines another PO's distributor rejected or cancelled. */
  reroute: purchaseOrderRerouteSchema.optional(),
  /** Why the distributor refused it, or some units of it, classified (see {@link purchaseOrderRejectionSchema}). */
  rejection: purchaseOrderRejectionSchema.optional(),
});

/** A purchase order with one distributor for one sales order. */
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

/**
 * Validates a purchase order (for example one read back from a store).
 *
 * @throws {@link ValidationError} listing every problem with its path.
 */
export function parsePurchaseOrder(input: unknown): PurchaseOrder {
  return parseWith(purchaseOrderSchema, input, 'purchase order');
}
