import { z } from 'zod';
import {
  type DistributorInvoice,
  type InvoiceDifference,
  invoiceComputedTotal,
  type ReconciliationStatus,
} from '../../model/distributor-invoice.js';
import { nonNegativeMinorUnitsSchema } from '../../model/money.js';
import { parseWith } from '../../model/parse.js';
import type { PurchaseOrder } from '../../model/purchase-order.js';

/**
 * How far an invoiced amount may be from the PO's before the PO is flagged: a difference is
 * accepted when it is at most `absoluteMinorUnits` or at most `percent` of the expected amount
 * (the larger of the two). Both default to 0 (any difference flags). Quantities have no
 * tolerance: billing more units than ordered always flags.
 */
export interface InvoiceTolerance {
  /** Integer minor units, at least 0. Default 0. */
  absoluteMinorUnits?: number;
  /** Percent of the expected amount, 0 to 100. Default 0. */
  percent?: number;
}

/** The tolerance options (unknown keys refused). */
export const invoiceToleranceSchema = z.strictObject({
  absoluteMinorUnits: nonNegativeMinorUnitsSchema.optional(),
  percent: z.number().min(0, 'must be at least 0').max(100, 'must be at most 100').optional(),
});

/** A validated tolerance with its defaults applied. */
export interface ResolvedInvoiceTolerance {
  readonly absoluteMinorUnits: number;
  readonly percent: number;
}

/**
 * Validates a tolerance and applies the defaults.
 *
 * @param input - the tolerance as given (undefined: none).
 * @throws {@link ValidationError} for a negative or fractional amount, a percent outside 0..100 or an unknown key.
 */
export function parseInvoiceTolerance(input: unknown = {}): ResolvedInvoiceTolerance {
  const parsed = parseWith(invoiceToleranceSchema, input, 'invoice tolerance');
  return { absoluteMinorUnits: parsed.absoluteMinorUnits ?? 0, percent: parsed.percent ?? 0 };
}

/** What {@link matchInvoices} concludes. */
export interface InvoiceMatch {
  readonly status: ReconciliationStatus;
  /** Every difference beyond tolerance; empty unless `status` is `mismatch`. */
  readonly differences: InvoiceDifference[];
  /** Why it is held, for `unknown-purchase-order`. */
  readonly reason?: string;
}

function withinTolerance(expected: number, invoiced: number, tolerance: ResolvedInvoiceTolerance): boolean {
  const allowed = Math.max(tolerance.absoluteMinorUnits, (Math.abs(expected) * tolerance.percent) / 100);
  return Math.abs(invoiced - expected) <= allowed;
}

/** Freight, drop-ship fee and other charges (tax is the buyer's jurisdiction's, not the PO's: not compared). */
function invoicedFees(invoice: DistributorInvoice): number {
  let fees = 0;
  for (const charge of invoice.charges) if (charge.kind !== 'tax') fees += charge.amount;
  return fees;
}

/**
 * Matches every invoice recorded for one PO number against the PO: each invoice line to the PO
 * line of its SKU. Pure. Flags (status `mismatch`):
 * - a unit cost beyond tolerance of the PO line's (either way);
 * - more units of a SKU invoiced, over all invoices, than the PO ordered, or a SKU not on the PO;
 * - fees (every charge but tax) over the PO's expected drop-ship fee beyond tolerance, or, once
 *   every unit is invoiced, under it beyond tolerance;
 * - an invoice whose `total` is not its lines plus charges (beyond tolerance);
 * - an invoice in another currency, or from another distributor, than the PO.
 *
 * Otherwise `partial` while units remain to be invoiced (several invoices for one PO add up),
 * `matched` once every unit is. No PO: `unknown-purchase-order`, with the reason (the invoice is
 * kept, never dropped).
 *
 * @param purchaseOrder - the PO, or null when the store holds none under the invoices' PO number.
 * @param invoices - every invoice recorded for that PO number.
 * @param tolerance - from {@link parseInvoiceTolerance}.
 */
export function matchInvoices(
  purchaseOrder: PurchaseOrder | null,
  invoices: readonly DistributorInvoice[],
  tolerance: ResolvedInvoiceTolerance,
): InvoiceMatch {
  if (purchaseOrder === null) {
    const poNumber = invoices[0]?.poNumber ?? '';
    return {
      status: 'unknown-purchase-order',
      differences: [],
      reason: `no purchase order ${poNumber} in the store: the invoice is held until a person matches it`,
    };
  }
  const differences: InvoiceDifference[] = [];
  const ordered = new Map<string, { quantity: number; unitCost: number }>();
  for (const line of purchaseOrder.lines) {
    const known = ordered.get(line.sku);
    ordered.set(line.sku, { quantity: (known?.quantity ?? 0) + line.quantity, unitCost: line.unitCost });
  }
  const invoicedQuantity = new Map<string, number>();
  let fees = 0;
  for (const invoice of invoices) {
    const { invoiceNumber } = invoice;
    if (invoice.distributor !== purchaseOrder.distributor)
      differences.push({
        kind: 'distributor',
        invoiceNumber,
        expected: purchaseOrder.distributor,
        invoiced: invoice.distributor,
        message: `invoice ${invoiceNumber} is from ${invoice.distributor}; the PO is with ${purchaseOrder.distributor}`,
      });
    if (invoice.currency !== purchaseOrder.currency)
      differences.push({
        kind: 'currency',
        invoiceNumber,
        expected: purchaseOrder.currency,
        invoiced: invoice.currency,
        message: `invoice ${invoiceNumber} is in ${invoice.currency}; the PO is in ${purchaseOrder.currency}`,
      });
    const computed = invoiceComputedTotal(invoice);
    if (!withinTolerance(computed, invoice.total, tolerance))
      differences.push({
        kind: 'total',
        invoiceNumber,
        expected: computed,
        invoiced: invoice.total,
        message: `invoice ${invoiceNumber} states a total of ${invoice.total}; its lines and charges add up to ${computed}`,
      });
    fees += invoicedFees(invoice);
    for (const line of invoice.lines) {
      const expected = ordered.get(line.sku);
      if (expected === undefined) {
        differences.push({
          kind: 'unexpected-line',
          invoiceNumber,
          sku: line.sku,
          expected: 0,
          invoiced: line.quantity,
          message: `invoice ${invoiceNumber} bills ${line.quantity} of ${line.sku}, which the PO does not order`,
        });
        continue;
      }
      invoicedQuantity.set(line.sku, (invoicedQuantity.get(line.sku) ?? 0) + line.quantity);
      if (!withinTolerance(expected.unitCost, line.unitCost, tolerance))
        differences.push({
          kind: 'unit-cost',
          invoiceNumber,
          sku: line.sku,
          expected: expected.unitCost,
          invoiced: line.unitCost,
          message: `invoice ${invoiceNumber} bills ${line.sku} at ${line.unitCost} a unit; the PO says ${expected.unitCost}`,
        });
    }
  }
  let complete = true;
  for (const [sku, expected] of ordered) {
    const invoiced = invoicedQuantity.get(sku) ?? 0;
    if (invoiced > expected.quantity)
      differences.push({
        kind: 'quantity',
        sku,
        expected: expected.quantity,
        invoiced,
        message: `${invoiced} of ${sku} invoiced; the PO orders ${expected.quantity}`,
      });
    if (invoiced < expected.quantity) complete = false;
  }
  const expectedFees = purchaseOrder.dropShipFee;
  if ((fees > expectedFees || complete) && !withinTolerance(expectedFees, fees, tolerance))
    differences.push({
      kind: 'fees',
      expected: expectedFees,
      invoiced: fees,
      message: `fees of ${fees} invoiced (freight, drop-ship fee, other charges); the PO expects ${expectedFees}`,
    });
  if (differences.length > 0) return { status: 'mismatch', differences };
  return { status: complete ? 'matched' : 'partial', differences };
}
