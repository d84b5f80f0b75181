import {
  type AuditEntry,
  ConcurrencyConflictError,
  type DropshipStore,
  type IdempotencyRecord,
  type PurchaseOrder,
  type PurchaseOrderQuery,
  parsePurchaseOrder,
  parseSalesOrder,
  parseWith,
  purchaseOrderStates,
  type SalesOrder,
  ValidationError,
  type ValidationIssue,
} from '@dropship/core';
import { z } from 'zod';
import type { SqlSession } from './postgres-executor.js';
import { createIntakeOperations, type IntakeOperations } from './postgres-intake-queries.js';
import { createInvoiceOperations, type InvoiceOperations } from './postgres-invoice-queries.js';
import { createListingOperations, type ListingOperations } from './postgres-listing-queries.js';
import { refuseUnstorableText } from './refuse-unstorable-text.js';

/**
 * A purchase order query, plus what only this store offers: `poNumbers` (any of these PO
 * numbers), so that a worker reads the POs of its jobs in one statement.
 */
export interface PostgresPurchaseOrderQuery extends PurchaseOrderQuery {
  /** Only POs whose number is one of these (combined with the other criteria by AND). */
  poNumbers?: readonly string[];
}

/** The store's operations, bound to one session (the engine, or an open transaction). */
export interface StoreOperations
  extends Omit<
      DropshipStore,
      | 'specificationVersion'
      | 'findPurchaseOrders'
      | keyof InvoiceOperations
      | keyof IntakeOperations
      | keyof ListingOperations
    >,
    InvoiceOperations,
    IntakeOperations,
    ListingOperations {
  /** POs matching every given criterion, oldest first (core's query, plus `poNumbers`). */
  findPurchaseOrders(query: PostgresPurchaseOrderQuery): Promise<PurchaseOrder[]>;
  /** The next value of a named sequence (see `DropshipStore.nextSequenceValue`): one atomic upsert. */
  nextSequenceValue(name: string): Promise<number>;
  /**
   * Saves (inserts or replaces) many sales orders in one statement: all or none. Every order is
   * validated first; a `ValidationError` lists the problems of each with its index
   * (`3.lines.0.quantity`). Of two orders with the same id, the later one is kept.
   */
  saveSalesOrders(orders: readonly SalesOrder[]): Promise<void>;
}

const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' });

const querySchema = z.object({
  poNumber: z.string().min(1).optional(),
  poNumbers: z.array(z.string().min(1)).optional(),
  salesOrderId: z.string().min(1).optional(),
  distributor: z.string().min(1).optional(),
  state: z.union([z.enum(purchaseOrderStates), z.array(z.enum(purchaseOrderStates))]).optional(),
  createdFrom: isoInstant.optional(),
  createdTo: isoInstant.optional(),
  limit: z.number().int().positive().optional(),
});

const idempotencyRecordSchema = z.object({
  key: z.string().min(1, 'must not be empty'),
  at: isoInstant,
  result: z.string().optional(),
});

const keySchema = z.string();
const sequenceNameSchema = z.string().min(1, 'must not be empty');

const versionSchema = z.number().int().nonnegative();

interface PurchaseOrderRow {
  document: Omit<PurchaseOrder, 'audit'>;
  audit: AuditEntry[] | null;
}

/** Reads a row back through the model's schema: a corrupt row is a ValidationError, never a half-typed object. */
function toPurchaseOrder(row: PurchaseOrderRow): PurchaseOrder {
  return parsePurchaseOrder({ ...row.document, audit: row.audit ?? [] });
}

function withoutAudit(purchaseOrder: PurchaseOrder): Omit<PurchaseOrder, 'audit'> {
  const { audit: _audit, ...document } = purchaseOrder;
  return document;
}

/**
 * Builds the store operations over `session` with tables in `schema` (already quoted).
 * Every write runs in a transaction of `session` (a savepoint when `session` is already one).
 *
 * @internal
 */
export function createStoreOperations(session: SqlSession, schema: string): StoreOperations {
  const table = (name: string): string => `${schema}.${name}`;
  const selectPurchaseOrders = `SELECT p.document,
      (SELECT jsonb_agg(a.entry ORDER BY a.position) FROM ${table('purchase_order_audit')} a WHERE a.po_number = p.po_number) AS audit
    FROM ${table('purchase_orders')} p`;

  /**
   * Inserts the audit entries of `$audit` (a JSON array) at their positions for the PO the
   * `target` CTE returned; entries already stored (same position) are left as they are.
   */
  const appendAuditFrom = (target: string, audit: string, fromPosition: string): string =>
    `INSERT INTO ${table('purchase_order_audit')} (po_number, position, version, event, from_state, to_state, at, entry)
     SELECT ${target}.po_number, entry.ordinality::integer - 1, (entry.value->>'version')::integer, entry.value->>'event',
            entry.value->>'from', entry.value->>'to', (entry.value->>'at')::timestamptz, entry.value
     FROM ${target} CROSS JOIN jsonb_array_elements(${audit}::text::jsonb) WITH ORDINALITY AS entry(value, ordinality)
     WHERE entry.ordinality - 1 >= ${fromPosition}
     ON CONFLICT (po_number, position) DO NOTHING`;

  const columns = (parsed: PurchaseOrder): unknown[] => [
    parsed.poNumber,
    parsed.distributor,
    parsed.salesOrderId,
    parsed.marketplace,
    parsed.state,
    parsed.version,
    parsed.createdAt,
    parsed.updatedAt,
    parsed.audit.length,
    JSON.stringify(withoutAudit(parsed)),
    JSON.stringify(parsed.audit),
  ];

  const operations: StoreOperations = {
    async saveSalesOrder(order: SalesOrder) {
      const parsed = parseSalesOrder(order);
      await session.query(
        `INSERT INTO ${table('sales_orders')} (id, marketplace, marketplace_order_id, ordered_at, document)
         VALUES ($1::text, $2::text, $3::text, $4::timestamptz, $5::text::jsonb)
         ON CONFLICT (id) DO UPDATE SET marketplace = excluded.marketplace, marketplace_order_id = excluded.marketplace_order_id,
           ordered_at = excluded.ordered_at, document = excluded.document, saved_at = now()`,
        [
          `${parsed.marketplace}:${parsed.marketplaceOrderId}`,
          parsed.marketplace,
          parsed.marketplaceOrderId,
          parsed.orderedAt,
          JSON.stringify(parsed),
        ],
      );
    },

    async saveSalesOrders(orders: readonly SalesOrder[]) {
      if (!Array.isArray(orders))
        throw new ValidationError('sales orders', [{ path: '', message: 'must be an array' }]);
      const issues: ValidationIssue[] = [];
      const byId = new Map<string, SalesOrder>();
      orders.forEach((order, index) => {
        try {
          const parsed = parseSalesOrder(order);
          const id = `${parsed.marketplace}:${parsed.marketplaceOrderId}`;
          byId.delete(id); // the later one wins, in its own place
          byId.set(id, parsed);
        } catch (error) {
          if (!ValidationError.isInstance(error)) throw error;
          for (const issue of error.issues)
            issues.push({ path: issue.path ? `${index}.${issue.path}` : String(index), message: issue.message });
        }
      });
      if (issues.length > 0) throw new ValidationError('sales orders', issues);
      if (byId.size === 0) return;
      await session.query(
        `INSERT INTO ${table('sales_orders')} (id, marketplace, marketplace_order_id, ordered_at, document)
         SELECT entry->>'id', entry->'document'->>'marketplace', entry->'document'->>'marketplaceOrderId',
                (entry->'document'->>'orderedAt')::timestamptz, entry->'document'
         FROM jsonb_array_elements($1::text::jsonb) AS entry
         ON CONFLICT (id) DO UPDATE SET marketplace = excluded.marketplace, marketplace_order_id = excluded.marketplace_order_id,
           ordered_at = excluded.ordered_at, document = excluded.document, saved_at = now()`,
        [JSON.stringify([...byId].map(([id, document]) => ({ id, document })))],
      );
    },

    async getSalesOrder(id: string) {
      parseWith(keySchema, id, 'sales order id');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('sales_orders')} WHERE id = $1::text`,
        [id],
      );
      return rows[0] ? parseSalesOrder(rows[0].document) : null;
    },

    async createPurchaseOrder(purchaseOrder: PurchaseOrder) {
      const parsed = parsePurchaseOrder(purchaseOrder);
      // One statement: the PO row and its audit entries are written together or not at all.
      const { rows } = await session.query<{ created: number }>(
        `WITH created AS (
           INSERT INTO ${table('purchase_orders')}
             (po_number, distributor, sales_order_id, marketplace, state, version, created_at, updated_at, audit_length, document)
           VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::integer, $7::timestamptz, $8::timestamptz, $9::integer, $10::text::jsonb)
           ON CONFLICT (po_number) DO NOTHING
           RETURNING po_number
         ), audit AS (${appendAuditFrom('created', '$11', '0')})
         SELECT count(*)::integer AS created FROM created`,
        columns(parsed),
      );
      if (rows[0]?.created !== 1) throw new ConcurrencyConflictError('purchase order', parsed.poNumber);
      return parsed;
    },

    async getPurchaseOrder(poNumber: string) {
      parseWith(keySchema, poNumber, 'PO number');
      const { rows } = await session.query<PurchaseOrderRow>(`${selectPurchaseOrders} WHERE p.po_number = $1::text`, [
        poNumber,
      ]);
      return rows[0] ? toPurchaseOrder(rows[0]) : null;
    },

    async updatePurchaseOrder(purchaseOrder: PurchaseOrder, expectedVersion: number) {
      const parsed = parsePurchaseOrder(purchaseOrder);
      const expected = parseWith(versionSchema, expectedVersion, 'expected version');
      // One statement, so the row and its new audit entries are written together or not at all.
      // It replaces the row only at the expected version, with a higher version, the same sales
      // order and distributor, and an audit log at least as long (the log is append-only). As
      // every update raises the version, a row that passes the version check was not changed
      // since the statement's snapshot, so the snapshot's audit_length is where new entries start.
      const { rows } = await session.query<{ updated: number }>(
        `WITH updated AS (
           UPDATE ${table('purchase_orders')}
             SET marketplace = $4::text, state = $5::text, version = $6::integer, created_at = $7::timestamptz,
                 updated_at = $8::timestamptz, audit_length = $9::integer, document = $10::text::jsonb
           WHERE po_number = $1::text AND version = $12::integer AND $6::integer > $12::integer
             AND distributor = $2::text AND sales_order_id = $3::text AND audit_length <= $9::integer
           RETURNING po_number
         ), audit AS (${appendAuditFrom(
           'updated',
           '$11',
           `(SELECT audit_length FROM ${table('purchase_orders')} WHERE po_number = $1::text)`,
         )})
         SELECT count(*)::integer AS updated FROM updated`,
        [...columns(parsed), expected],
      );
      if (rows[0]?.updated === 1) return parsed;

      const current = await session.query<{
        version: number;
        audit_length: number;
        distributor: string;
        sales_order_id: string;
      }>(
        `SELECT version, audit_length, distributor, sales_order_id FROM ${table('purchase_orders')} WHERE po_number = $1::text`,
        [parsed.poNumber],
      );
      const found = current.rows[0];
      if (found === undefined || found.version !== expected) {
        throw new ConcurrencyConflictError('purchase order', parsed.poNumber, expected, found?.version);
      }
      const issues: ValidationIssue[] = [];
      if (parsed.version <= expected) {
        issues.push({
          path: 'version',
          message: `must be greater than the expected version ${expected} (apply a transition)`,
        });
      }
      if (parsed.salesOrderId !== found.sales_order_id) issues.push({ path: 'salesOrderId', message: 'cannot change' });
      if (parsed.distributor !== found.distributor) issues.push({ path: 'distributor', message: 'cannot change' });
      if (parsed.audit.length < found.audit_length) {
        issues.push({
          path: 'audit',
          message: `the audit log is append-only: the store holds ${found.audit_length} entries, the update has ${parsed.audit.length}`,
        });
      }
      if (issues.length > 0) throw new ValidationError('purchase order update', issues);
      // Changed between the two statements: the caller re-reads and retries, as for any conflict.
      throw new ConcurrencyConflictError('purchase order', parsed.poNumber, expected, found.version);
    },

    async findPurchaseOrders(query: PostgresPurchaseOrderQuery) {
      const criteria = parseWith(querySchema, query ?? {}, 'purchase order query');
      const conditions: string[] = [];
      const params: unknown[] = [];
      const add = (condition: (placeholder: string) => string, value: unknown): void => {
        params.push(value);
        conditions.push(condition(`$${params.length}`));
      };
      if (criteria.poNumber !== undefined) add((p) => `p.po_number = ${p}::text`, criteria.poNumber);
      if (criteria.poNumbers !== undefined) add((p) => `p.po_number = ANY(${p}::text[])`, criteria.poNumbers);
      if (criteria.salesOrderId !== undefined) add((p) => `p.sales_order_id = ${p}::text`, criteria.salesOrderId);
      if (criteria.distributor !== undefined) add((p) => `p.distributor = ${p}::text`, criteria.distributor);
      if (criteria.state !== undefined) {
        const states = typeof criteria.state === 'string' ? [criteria.state] : criteria.state;
        add((p) => `p.state = ANY(${p}::text[])`, states);
      }
      if (criteria.createdFrom !== undefined) add((p) => `p.created_at >= ${p}::timestamptz`, criteria.createdFrom);
      if (criteria.createdTo !== undefined) add((p) => `p.created_at < ${p}::timestamptz`, criteria.createdTo);
      let text = selectPurchaseOrders;
      if (conditions.length > 0) text += ` WHERE ${conditions.join(' AND ')}`;
      text += ' ORDER BY p.created_at, p.po_number COLLATE "C"';
      if (criteria.limit !== undefined) {
        params.push(criteria.limit);
        text += ` LIMIT $${params.length}::integer`;
      }
      const { rows } = await session.query<PurchaseOrderRow>(text, params);
      return rows.map(toPurchaseOrder);
    },

    async getIdempotencyRecord(key: string) {
      parseWith(keySchema, key, 'idempotency key');
      const { rows } = await session.query<{ key: string; at: string; result: string | null }>(
        `SELECT key, at, result FROM ${table('idempotency_records')} WHERE key = $1::text`,
        [key],
      );
      const row = rows[0];
      if (!row) return null;
      const record: IdempotencyRecord = { key: row.key, at: row.at };
      if (row.result !== null) record.result = row.result;
      return record;
    },

    async putIdempotencyRecord(record: IdempotencyRecord) {
      const parsed = parseWith(idempotencyRecordSchema, record, 'idempotency record');
      const { rows } = await session.query(
        `INSERT INTO ${table('idempotency_records')} (key, at, result) VALUES ($1::text, $2::text, $3::text)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [parsed.key, parsed.at, parsed.result ?? null],
      );
      return rows.length === 1;
    },

    async nextSequenceValue(name: string) {
      parseWith(sequenceNameSchema, name, 'sequence name');
      // One statement: the row is created at 1 or raised by one under its row lock, so two
      // workers never read the same value, and a value survives a restart.
      const { rows } = await session.query<{ value: string | number }>(
        `INSERT INTO ${table('sequences')} AS s (name, value) VALUES ($1::text, 1)
         ON CONFLICT (name) DO UPDATE SET value = s.value + 1 RETURNING value`,
        [name],
      );
      return Number(rows[0]?.value);
    },

    ...createInvoiceOperations(session, table),
    ...createIntakeOperations(session, table, schema),
    ...createListingOperations(session, table),
  };
  return guardAgainstUnstorableText(operations);
}

/** What each operation's first argument is, for the messages of the check of text PostgreSQL cannot hold. */
const argumentSubjects: Record<keyof StoreOperations, string> = {
  saveSalesOrder: 'sales order',
  saveSalesOrders: 'sales orders',
  getSalesOrder: 'sales order id',
  createPurchaseOrder: 'purchase order',
  getPurchaseOrder: 'PO number',
  updatePurchaseOrder: 'purchase order',
  findPurchaseOrders: 'purchase order query',
  getIdempotencyRecord: 'idempotency key',
  putIdempotencyRecord: 'idempotency record',
  nextSequenceValue: 'sequence name',
  recordInvoice: 'distributor invoice',
  listInvoices: 'invoice query',
  saveReconciliation: 'reconciliation record',
  findReconciliations: 'reconciliation query',
  getIntakeCursor: 'marketplace',
  saveIntakeCursor: 'intake cursor',
  createImportedOrder: 'imported order',
  getImportedOrder: 'sales order id',
  updateImportedOrder: 'imported order',
  findImportedOrders: 'imported order query',
  replaceReservations: 'sales order id',
  findReservations: 'reservation query',
  putListings: 'listings',
  deleteListings: 'listing keys',
  findListings: 'listing query',
  findListingPushRecords: 'listing push record query',
  saveListingPushRecords: 'listing push records',
};

/** Wraps every operation so that a U+0000 or a lone surrogate in its first argument is a `ValidationError`, not a driver error. */
function guardAgainstUnstorableText(operations: StoreOperations): StoreOperations {
  const guarded = { ...operations };
  for (const name of Object.keys(argumentSubjects) as (keyof StoreOperations)[]) {
    const operation = operations[name] as (...args: unknown[]) => Promise<unknown>;
    (guarded as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      refuseUnstorableText(argumentSubjects[name], args[0]);
      return operation(...args);
    };
  }
  return guarded;
}
