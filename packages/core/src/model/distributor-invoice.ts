import { z } from 'zod';
import { currencySchema, minorUnitsSchema, nonNegativeMinorUnitsSchema } from './money.js';
import { parseWith } from './parse.js';
import { positiveQuantitySchema } from './quantity.js';
import { requiredTextSchema, TEXT_LIMITS, textSchema } from './text.js';

/**
 * Kinds of charge an invoice adds to its lines: `freight` (shipping billed), `drop-ship-fee`
 * (the distributor's per-order fee), `tax`, `other` (handling, hazardous-material fees, ...).
 */
export const invoiceChargeKinds = ['freight', 'drop-ship-fee', 'tax', 'other'] as const;

/** A kind of invoice charge (see {@link invoiceChargeKinds}). */
export type InvoiceChargeKind = (typeof invoiceChargeKinds)[number];

/** One invoiced line: what the distributor bills for one SKU of the PO. */
export const distributorInvoiceLineSchema = z.strictObject({
  /** The distributor's SKU (part number), as on the PO line. */
  sku: requiredTextSchema(TEXT_LIMITS.code),
  /** The manufacturer's part number, when the invoice gives it. */
  manufacturerPartNumber: requiredTextSchema(TEXT_LIMITS.code).optional(),
  /** Units billed. */
  quantity: positiveQuantitySchema,
  /** Price billed for one unit, integer minor units. */
  unitCost: nonNegativeMinorUnitsSchema,
});

/** One invoiced line. */
export type DistributorInvoiceLine = z.infer<typeof distributorInvoiceLineSchema>;

/** A charge the invoice adds to its lines, integer minor units. */
export const distributorInvoiceChargeSchema = z.strictObject({
  kind: z.enum(invoiceChargeKinds),
  /** The amount billed (a credit is negative). */
  amount: minorUnitsSchema,
  /** The distributor's own code for the charge, as is (an X12 SAC02 code such as `D240`). */
  code: requiredTextSchema(TEXT_LIMITS.code).optional(),
});

/** A charge the invoice adds to its lines. */
export type DistributorInvoiceCharge = z.infer<typeof distributorInvoiceChargeSchema>;

/** Most lines one invoice may carry. */
export const MAX_INVOICE_LINES = 1_000;

/**
 * An invoice a distributor sent for (part of) one purchase order: an EDI 810, a supplier's PDF
 * typed in by a person, an API's invoice. Money in integer minor units; `total` is what the
 * distributor says it bills (compared with the lines and charges when reconciling, never trusted
 * blindly). Unknown keys are refused.
 */
export const distributorInvoiceSchema = z.strictObject({
  /** The distributor's invoice number: unique per distributor. */
  invoiceNumber: requiredTextSchema(TEXT_LIMITS.code),
  /** The PO number the invoice bills. */
  poNumber: requiredTextSchema(TEXT_LIMITS.code),
  /** The distributor that sent it. */
  distributor: requiredTextSchema(TEXT_LIMITS.code),
  /** The invoice's date, `YYYY-MM-DD`. */
  invoiceDate: z.iso.date('must be a date as YYYY-MM-DD'),
  currency: currencySchema,
  lines: z.array(distributorInvoiceLineSchema).min(1, 'must have at least one line').max(MAX_INVOICE_LINES),
  /** Freight, drop-ship fee, tax and other charges. Default none. */
  charges: z.array(distributorInvoiceChargeSchema).max(100).default([]),
  /** The invoice's total as the distributor states it, integer minor units. */
  total: minorUnitsSchema,
  /** A note kept for people (the source file, who typed it in). */
  note: textSchema(TEXT_LIMITS.freeText).optional(),
});

/** An invoice a distributor sent for (part of) one purchase order. */
export type DistributorInvoice = z.infer<typeof distributorInvoiceSchema>;

/** What a caller passes for an invoice (`charges` may be left out). */
export type DistributorInvoiceInput = z.input<typeof distributorInvoiceSchema>;

/**
 * Validates an invoice at the edge (a client's answer, a person's input).
 *
 * @param input - the invoice as received.
 * @throws {@link ValidationError} listing every problem with its path, unknown keys included.
 */
export function parseDistributorInvoice(input: unknown): DistributorInvoice {
  return parseWith(distributorInvoiceSchema, input, 'distributor invoice');
}

/** Lines plus charges: what an invoice's `total` should be. */
export function invoiceComputedTotal(invoice: DistributorInvoice): number {
  let total = 0;
  for (const line of invoice.lines) total += line.quantity * line.unitCost;
  for (const charge of invoice.charges) total += charge.amount;
  return total;
}

/**
 * Where a PO stands against its invoices: `matched` (every unit invoiced, within tolerance),
 * `partial` (what is invoiced so far matches; units remain to be invoiced), `mismatch` (a
 * difference beyond tolerance: a person must look), `unknown-purchase-order` (an invoice for a
 * PO the store does not hold: kept, never dropped).
 */
export const reconciliationStatuses = ['matched', 'partial', 'mismatch', 'unknown-purchase-order'] as const;

/** Where a PO stands against its invoices (see {@link reconciliationStatuses}). */
export type ReconciliationStatus = (typeof reconciliationStatuses)[number];

/** Kinds of difference between invoices and their PO. */
export const invoiceDifferenceKinds = [
  'unit-cost',
  'quantity',
  'unexpected-line',
  'fees',
  'total',
  'currency',
  'distributor',
] as const;

/** One difference between the invoices of a PO and the PO, beyond tolerance. */
export const invoiceDifferenceSchema = z.strictObject({
  kind: z.enum(invoiceDifferenceKinds),
  /** The invoice concerned, when the difference is on one invoice. */
  invoiceNumber: z.string().min(1).optional(),
  /** The SKU concerned, for line differences. */
  sku: z.string().min(1).optional(),
  /** What the PO expects (minor units, units, or a code for `currency`/`distributor`). */
  expected: z.union([z.number(), z.string()]),
  /** What was invoiced. */
  invoiced: z.union([z.number(), z.string()]),
  /** For people, in one sentence. */
  message: z.string(),
});

/** One difference between the invoices of a PO and the PO. */
export type InvoiceDifference = z.infer<typeof invoiceDifferenceSchema>;

/** The reconciliation of one PO number with every invoice recorded for it. */
export const reconciliationRecordSchema = z.strictObject({
  poNumber: z.string().min(1),
  /** The distributor of the PO (of the invoice, for an unknown PO). */
  distributor: z.string().min(1),
  status: z.enum(reconciliationStatuses),
  /** The invoices taken into account, in the order recorded. */
  invoiceNumbers: z.array(z.string().min(1)),
  /** Every difference beyond tolerance (empty unless `mismatch`). */
  differences: z.array(invoiceDifferenceSchema),
  /** Why it is held, for `unknown-purchase-order`. */
  reason: z.string().optional(),
  /** When it was last reconciled (ISO 8601). */
  reconciledAt: z.iso.datetime({ offset: true }),
});

/** The reconciliation of one PO number with every invoice recorded for it. */
export type ReconciliationRecord = z.infer<typeof reconciliationRecordSchema>;
