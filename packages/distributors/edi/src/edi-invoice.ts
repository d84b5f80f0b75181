import type { DistributorInvoiceCharge, DistributorInvoiceInput, InvoiceChargeKind } from '@dropship/core';
import type { EdiSentPurchaseOrder } from './edi-ledger.js';
import { skuOf } from './map-edi-order.js';
import type { EdiInvoice } from './read-edi-documents.js';

/**
 * SAC02 charge codes by kind (X12 element 1300: `D240` freight, `G830` shipping and handling,
 * `H750` sales tax; https://www.stedi.com/edi/x12/element/1300). Any other code is `other`.
 */
const chargeKinds: Readonly<Record<string, InvoiceChargeKind>> = {
  D240: 'freight',
  G830: 'freight',
  H750: 'tax',
};

/**
 * An 810 as core's `DistributorInvoice` (validated by the dropshipper when recorded): BIG02 the
 * invoice number, BIG01 the date, IT1 lines mapped to our SKUs as the 855 and 856 lines are,
 * SAC charges by code, TDS01 the total (lines plus charges when the partner sends no TDS).
 *
 * @param invoice - the 810 as read.
 * @param sent - the 850 it bills, as recorded.
 * @param settings - the distributor id and the partner's part-number qualifier.
 */
export function toDistributorInvoice(
  invoice: EdiInvoice,
  sent: EdiSentPurchaseOrder,
  settings: { distributor: string; partnerPartQualifier: string },
): DistributorInvoiceInput {
  const lines = invoice.lines.map((line) => ({
    sku:
      skuOf(sent, settings.partnerPartQualifier, line.lineNumber, line.partNumbers) ??
      line.partNumbers[settings.partnerPartQualifier] ??
      Object.values(line.partNumbers)[0] ??
      `line ${line.lineNumber ?? '?'}`,
    quantity: line.quantity,
    unitCost: line.unitPrice ?? 0,
  }));
  const charges: DistributorInvoiceCharge[] = invoice.charges.map((charge) => ({
    kind: chargeKinds[charge.code] ?? 'other',
    amount: charge.amount,
    code: charge.code,
  }));
  const computed =
    lines.reduce((sum, line) => sum + line.quantity * line.unitCost, 0) +
    charges.reduce((sum, charge) => sum + charge.amount, 0);
  const date = invoice.invoiceDate;
  return {
    invoiceNumber: invoice.invoiceNumber,
    poNumber: invoice.poNumber,
    distributor: settings.distributor,
    invoiceDate: /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date,
    currency: sent.currency,
    lines,
    charges,
    total: invoice.total ?? computed,
  };
}
