import { isDeepStrictEqual } from 'node:util';
import {
  ConcurrencyConflictError,
  type DistributorInvoice,
  distributorInvoiceSchema,
  type InvoiceQuery,
  invoiceKey,
  invoiceQuerySchema,
  parseWith,
  type ReconciliationQuery,
  type ReconciliationRecord,
  reconciliationQuerySchema,
  reconciliationRecordSchema,
} from '@dropship/core';
import type { SqlSession } from './postgres-executor.js';

/** The invoice capability of the store (see `DropshipStore.recordInvoice`), on one session. */
export interface InvoiceOperations {
  /** See `DropshipStore.recordInvoice`: idempotent by distributor and invoice number. */
  recordInvoice(invoice: DistributorInvoice): Promise<'recorded' | 'already-recorded'>;
  /** See `DropshipStore.listInvoices`: in the order recorded. */
  listInvoices(query: InvoiceQuery): Promise<DistributorInvoice[]>;
  /** See `DropshipStore.saveReconciliation`: one record per PO number, replaced. */
  saveReconciliation(record: ReconciliationRecord): Promise<void>;
  /** See `DropshipStore.findReconciliations`: by PO number. */
  findReconciliations(query: ReconciliationQuery): Promise<ReconciliationRecord[]>;
}

/**
 * Invoices and reconciliation records in `<schema>.invoices` and `<schema>.reconciliations`
 * (migration 5). Rows are validated when read back.
 *
 * @param session - the engine or an open transaction.
 * @param table - the schema-qualified name of a table.
 * @internal
 */
export function createInvoiceOperations(session: SqlSession, table: (name: string) => string): InvoiceOperations {
  return {
    async recordInvoice(invoice) {
      const parsed = parseWith(distributorInvoiceSchema, invoice, 'distributor invoice');
      // One statement: of two workers recording the same invoice, one inserts, the other finds it.
      const { rows } = await session.query<{ document: unknown; inserted: boolean }>(
        `WITH inserted AS (
           INSERT INTO ${table('invoices')} (distributor, invoice_number, po_number, document)
           VALUES ($1::text, $2::text, $3::text, $4::text::jsonb)
           ON CONFLICT (distributor, invoice_number) DO NOTHING RETURNING document
         )
         SELECT document, true AS inserted FROM inserted
         UNION ALL
         SELECT document, false AS inserted FROM ${table('invoices')}
           WHERE distributor = $1::text AND invoice_number = $2::text AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [parsed.distributor, parsed.invoiceNumber, parsed.poNumber, JSON.stringify(parsed)],
      );
      let row = rows[0];
      if (row === undefined) {
        // Another worker inserted it at the same moment: this statement waited for that insert to
        // commit, then skipped it (DO NOTHING), but its snapshot, taken before the commit, does not
        // show the row. A new statement does (READ COMMITTED).
        const again = await session.query<{ document: unknown; inserted: boolean }>(
          `SELECT document, false AS inserted FROM ${table('invoices')} WHERE distributor = $1::text AND invoice_number = $2::text`,
          [parsed.distributor, parsed.invoiceNumber],
        );
        row = again.rows[0];
      }
      if (row?.inserted === true) return 'recorded';
      const existing = parseWith(distributorInvoiceSchema, row?.document, 'stored distributor invoice');
      if (isDeepStrictEqual(existing, parsed)) return 'already-recorded';
      throw new ConcurrencyConflictError('invoice', invoiceKey(parsed));
    },

    async listInvoices(query) {
      const { poNumber, distributor } = parseWith(invoiceQuerySchema, query, 'invoice query');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('invoices')}
         WHERE ($1::text IS NULL OR po_number = $1::text) AND ($2::text IS NULL OR distributor = $2::text)
         ORDER BY position`,
        [poNumber ?? null, distributor ?? null],
      );
      return rows.map((row) => parseWith(distributorInvoiceSchema, row.document, 'stored distributor invoice'));
    },

    async saveReconciliation(record) {
      const parsed = parseWith(reconciliationRecordSchema, record, 'reconciliation record');
      await session.query(
        `INSERT INTO ${table('reconciliations')} (po_number, distributor, status, document)
         VALUES ($1::text, $2::text, $3::text, $4::text::jsonb)
         ON CONFLICT (po_number) DO UPDATE SET distributor = excluded.distributor, status = excluded.status,
           document = excluded.document, updated_at = now()`,
        [parsed.poNumber, parsed.distributor, parsed.status, JSON.stringify(parsed)],
      );
    },

    async findReconciliations(query) {
      const parsed = parseWith(reconciliationQuerySchema, query, 'reconciliation query');
      const statuses =
        parsed.status === undefined ? null : typeof parsed.status === 'string' ? [parsed.status] : parsed.status;
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('reconciliations')}
         WHERE ($1::text IS NULL OR po_number = $1::text) AND ($2::text IS NULL OR distributor = $2::text)
           AND ($3::text[] IS NULL OR status = ANY($3::text[]))
         ORDER BY po_number COLLATE "C"`,
        [parsed.poNumber ?? null, parsed.distributor ?? null, statuses],
      );
      return rows.map((row) => parseWith(reconciliationRecordSchema, row.document, 'stored reconciliation record'));
    },
  };
}
