import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import {
  type DistributorInvoice,
  distributorInvoiceSchema,
  type ReconciliationRecord,
  reconciliationRecordSchema,
  reconciliationStatuses,
} from '../model/distributor-invoice.js';
import { parseWith } from '../model/parse.js';
import { deepFreeze } from '../model/trusted-purchase-order.js';
import type { InvoiceQuery, ReconciliationQuery } from '../spec/v1/store.js';

/** The invoice query every store accepts (unknown keys refused). */
export const invoiceQuerySchema = z.strictObject({
  poNumber: z.string().min(1).optional(),
  distributor: z.string().min(1).optional(),
});

const statusSchema = z.enum(reconciliationStatuses);

/** The reconciliation query every store accepts (unknown keys refused). */
export const reconciliationQuerySchema = z.strictObject({
  poNumber: z.string().min(1).optional(),
  distributor: z.string().min(1).optional(),
  status: z.union([statusSchema, z.array(statusSchema)]).optional(),
});

/** The store key of an invoice: unique per distributor and invoice number. */
export function invoiceKey(invoice: Pick<DistributorInvoice, 'distributor' | 'invoiceNumber'>): string {
  return `${invoice.distributor}:${invoice.invoiceNumber}`;
}

/** The invoices and reconciliation records of the memory store (the optional invoice capability). */
export interface InvoiceBook {
  /** See `DropshipStore.recordInvoice`. */
  recordInvoice(invoice: DistributorInvoice): Promise<'recorded' | 'already-recorded'>;
  /** See `DropshipStore.listInvoices`. */
  listInvoices(query: InvoiceQuery): Promise<DistributorInvoice[]>;
  /** See `DropshipStore.saveReconciliation`. */
  saveReconciliation(record: ReconciliationRecord): Promise<void>;
  /** See `DropshipStore.findReconciliations`. */
  findReconciliations(query: ReconciliationQuery): Promise<ReconciliationRecord[]>;
}

/**
 * In-memory invoices and reconciliation records, validated on write and frozen.
 *
 * @returns the book and a function that forgets everything.
 * @internal
 */
export function createInvoiceBook(): { book: InvoiceBook; clear(): void } {
  /** By `<distributor>:<invoiceNumber>`, in the order recorded. */
  const invoices = new Map<string, DistributorInvoice>();
  const reconciliations = new Map<string, ReconciliationRecord>();
  const book: InvoiceBook = {
    async recordInvoice(invoice) {
      const parsed = parseWith(distributorInvoiceSchema, invoice, 'distributor invoice');
      const key = invoiceKey(parsed);
      const existing = invoices.get(key);
      if (existing !== undefined) {
        if (isDeepStrictEqual(existing, parsed)) return 'already-recorded';
        throw new ConcurrencyConflictError('invoice', key);
      }
      invoices.set(key, deepFreeze(parsed));
      return 'recorded';
    },
    async listInvoices(query) {
      const { poNumber, distributor } = parseWith(invoiceQuerySchema, query, 'invoice query');
      return [...invoices.values()].filter(
        (invoice) =>
          (poNumber === undefined || invoice.poNumber === poNumber) &&
          (distributor === undefined || invoice.distributor === distributor),
      );
    },
    async saveReconciliation(record) {
      const parsed = parseWith(reconciliationRecordSchema, record, 'reconciliation record');
      reconciliations.set(parsed.poNumber, deepFreeze(parsed));
    },
    async findReconciliations(query) {
      const parsed = parseWith(reconciliationQuerySchema, query, 'reconciliation query');
      const statuses =
        parsed.status === undefined
          ? undefined
          : new Set(typeof parsed.status === 'string' ? [parsed.status] : parsed.status);
      return [...reconciliations.values()]
        .filter(
          (record) =>
            (parsed.poNumber === undefined || record.poNumber === parsed.poNumber) &&
            (parsed.distributor === undefined || record.distributor === parsed.distributor) &&
            (statuses === undefined || statuses.has(record.status)),
        )
        .sort((left, right) => (left.poNumber < right.poNumber ? -1 : left.poNumber > right.poNumber ? 1 : 0));
    },
  };
  return {
    book,
    clear() {
      invoices.clear();
      reconciliations.clear();
    },
  };
}
