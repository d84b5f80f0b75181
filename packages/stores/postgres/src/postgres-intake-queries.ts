import {
  ConcurrencyConflictError,
  type DropshipStoreIntake,
  type ImportedOrderRecord,
  type IntakeCursor,
  importedOrderQuerySchema,
  importedOrderRecordSchema,
  intakeCursorSchema,
  type OrderReservation,
  orderReservationSchema,
  parseWith,
  reservationQuerySchema,
  ValidationError,
  type ValidationIssue,
} from '@dropship/core';
import { z } from 'zod';
import type { SqlSession } from './postgres-executor.js';
import { refuseUnstorableText } from './refuse-unstorable-text.js';

/**
 * The order-intake capability of the store (see `DropshipStore.getIntakeCursor` and the methods
 * after it), on one session. Every method is present: `saveIntakeCursor` and `updateImportedOrder`
 * compare versions in the statement (`ConcurrencyConflictError` otherwise), `createImportedOrder` is
 * one `INSERT ... ON CONFLICT DO NOTHING`, `replaceReservations` runs in one transaction,
 * `findImportedOrders` answers oldest first (by `importedAt`, then by sales order id) and
 * `findReservations` in the order written.
 */
export type IntakeOperations = DropshipStoreIntake;

const key = z.string().min(1, 'must be a non-empty string');
const expectedVersionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `status` of a query as a list for `= ANY($n::text[])`, or null for any. */
const statusList = (status: string | readonly string[] | undefined): readonly string[] | null =>
  status === undefined ? null : typeof status === 'string' ? [status] : status;

/**
 * Intake cursors, imported-order records and reservations in `<schema>.intake_cursors`,
 * `<schema>.imported_orders` and `<schema>.order_reservations` (migration 6). Inputs are
 * validated (unknown keys refused); rows are validated when read back.
 *
 * @param session - the engine or an open transaction.
 * @param table - the schema-qualified name of a table.
 * @param lockPrefix - what makes this store's advisory-lock keys its own (the schema).
 * @internal
 */
export function createIntakeOperations(
  session: SqlSession,
  table: (name: string) => string,
  lockPrefix: string,
): IntakeOperations {
  const storedCursor = (document: unknown): IntakeCursor =>
    parseWith(intakeCursorSchema, document, 'stored intake cursor');
  const storedRecord = (document: unknown): ImportedOrderRecord =>
    parseWith(importedOrderRecordSchema, document, 'stored imported order');
  const storedReservation = (document: unknown): OrderReservation =>
    parseWith(orderReservationSchema, document, 'stored reservation');

  return {
    async getIntakeCursor(marketplace) {
      parseWith(key, marketplace, 'marketplace');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('intake_cursors')} WHERE marketplace = $1::text`,
        [marketplace],
      );
      return rows[0] ? storedCursor(rows[0].document) : null;
    },

    async saveIntakeCursor(cursor, expectedVersion) {
      const parsed = parseWith(intakeCursorSchema, cursor, 'intake cursor');
      const expected = parseWith(expectedVersionSchema.nullable(), expectedVersion, 'expected version');
      const stored: IntakeCursor = { ...parsed, version: (expected ?? 0) + 1 };
      const values = [parsed.marketplace, stored.version, JSON.stringify(stored)];
      // One statement each: of two workers saving at the same version, one writes, the other conflicts.
      const { rows } =
        expected === null
          ? await session.query(
              `INSERT INTO ${table('intake_cursors')} (marketplace, version, document)
               VALUES ($1::text, $2::integer, $3::text::jsonb)
               ON CONFLICT (marketplace) DO NOTHING RETURNING version`,
              values,
            )
          : await session.query(
              `UPDATE ${table('intake_cursors')} SET version = $2::integer, document = $3::text::jsonb, saved_at = now()
               WHERE marketplace = $1::text AND version = $4::integer RETURNING version`,
              [...values, expected],
            );
      if (rows.length === 1) return stored;
      const found = await session.query<{ version: number }>(
        `SELECT version FROM ${table('intake_cursors')} WHERE marketplace = $1::text`,
        [parsed.marketplace],
      );
      throw new ConcurrencyConflictError(
        'intake-cursor',
        parsed.marketplace,
        expected ?? undefined,
        found.rows[0]?.version,
      );
    },

    async createImportedOrder(record) {
      const parsed = parseWith(importedOrderRecordSchema, record, 'imported order');
      const stored: ImportedOrderRecord = { ...parsed, version: 1 };
      // One statement: of two workers taking the same order, exactly one inserts it.
      const { rows } = await session.query(
        `INSERT INTO ${table('imported_orders')}
           (sales_order_id, marketplace, marketplace_order_id, status, reasons, updated_at, imported_at, acknowledged_at,
            version, document)
         VALUES ($1::text, $2::text, $3::text, $4::text, $5::text::jsonb, $6::timestamptz, $7::timestamptz, $8::timestamptz,
                 1, $9::text::jsonb)
         ON CONFLICT (sales_order_id) DO NOTHING RETURNING sales_order_id`,
        [
          stored.salesOrderId,
          stored.marketplace,
          stored.marketplaceOrderId,
          stored.status,
          JSON.stringify(stored.reasons),
          stored.updatedAt ?? null,
          stored.importedAt,
          stored.acknowledgedAt ?? null,
          JSON.stringify(stored),
        ],
      );
      return rows.length === 1;
    },

    async getImportedOrder(salesOrderId) {
      parseWith(key, salesOrderId, 'sales order id');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('imported_orders')} WHERE sales_order_id = $1::text`,
        [salesOrderId],
      );
      return rows[0] ? storedRecord(rows[0].document) : null;
    },

    async updateImportedOrder(record, expectedVersion) {
      const parsed = parseWith(importedOrderRecordSchema, record, 'imported order');
      const expected = parseWith(expectedVersionSchema, expectedVersion, 'expected version');
      const stored: ImportedOrderRecord = { ...parsed, version: expected + 1 };
      // One statement: replaced only at the expected version, and never with another importedAt.
      const { rows } = await session.query(
        `UPDATE ${table('imported_orders')}
           SET status = $2::text, reasons = $3::text::jsonb, updated_at = $4::timestamptz,
               acknowledged_at = $5::timestamptz, version = $6::integer, document = $7::text::jsonb
         WHERE sales_order_id = $1::text AND version = $8::integer AND document->>'importedAt' = $9::text
         RETURNING sales_order_id`,
        [
          stored.salesOrderId,
          stored.status,
          JSON.stringify(stored.reasons),
          stored.updatedAt ?? null,
          stored.acknowledgedAt ?? null,
          stored.version,
          JSON.stringify(stored),
          expected,
          stored.importedAt,
        ],
      );
      if (rows.length === 1) return stored;
      const found = await session.query<{ version: number; imported_at: string }>(
        `SELECT version, document->>'importedAt' AS imported_at FROM ${table('imported_orders')} WHERE sales_order_id = $1::text`,
        [parsed.salesOrderId],
      );
      const current = found.rows[0];
      if (current !== undefined && current.version === expected && current.imported_at !== parsed.importedAt)
        throw new ValidationError('imported order', [{ path: 'importedAt', message: 'cannot change' }]);
      throw new ConcurrencyConflictError('imported-order', parsed.salesOrderId, expected, current?.version);
    },

    async findImportedOrders(query) {
      const criteria = parseWith(importedOrderQuerySchema, query ?? {}, 'imported order query');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('imported_orders')}
         WHERE ($1::text IS NULL OR marketplace = $1::text) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
           AND ($3::boolean IS NULL OR (acknowledged_at IS NOT NULL) = $3::boolean)
         ORDER BY imported_at, sales_order_id COLLATE "C"
         LIMIT $4::bigint`,
        [
          criteria.marketplace ?? null,
          statusList(criteria.status),
          criteria.acknowledged ?? null,
          criteria.limit ?? null,
        ],
      );
      return rows.map((row) => storedRecord(row.document));
    },

    async replaceReservations(salesOrderId, reservations) {
      parseWith(key, salesOrderId, 'sales order id');
      refuseUnstorableText('reservations', reservations);
      const parsed = parseWith(z.array(orderReservationSchema), reservations, 'reservations');
      const issues: ValidationIssue[] = parsed.flatMap((reservation, index) =>
        reservation.salesOrderId === salesOrderId
          ? []
          : [
              {
                path: `${index}.salesOrderId`,
                message: `must be ${salesOrderId}, the order whose reservations these are`,
              },
            ],
      );
      if (issues.length > 0) throw new ValidationError('reservations', issues);
      await session.transaction(async (transaction) => {
        // Two replacements of one order's reservations at once would each delete only the rows
        // their snapshot saw and both insert: the order's lock makes the second wait for the first.
        await transaction.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
          `dropship-reservations:${lockPrefix}:${salesOrderId}`,
        ]);
        await transaction.query(`DELETE FROM ${table('order_reservations')} WHERE sales_order_id = $1::text`, [
          salesOrderId,
        ]);
        if (parsed.length === 0) return;
        await transaction.query(
          `INSERT INTO ${table('order_reservations')}
             (sales_order_id, line_id, distributor, sku, warehouse, quantity, status, created_at, closed_at, document)
           SELECT entry->>'salesOrderId', entry->>'lineId', entry->>'distributor', entry->>'sku', entry->>'warehouse',
                  (entry->>'quantity')::integer, entry->>'status', (entry->>'createdAt')::timestamptz,
                  (entry->>'closedAt')::timestamptz, entry
           FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS item(entry, ordinality)
           ORDER BY ordinality`,
          [JSON.stringify(parsed)],
        );
      });
    },

    async findReservations(query) {
      const criteria = parseWith(reservationQuerySchema, query ?? {}, 'reservation query');
      const { rows } = await session.query<{ document: unknown }>(
        `SELECT document FROM ${table('order_reservations')}
         WHERE ($1::text IS NULL OR sales_order_id = $1::text) AND ($2::text IS NULL OR distributor = $2::text)
           AND ($3::text IS NULL OR sku = $3::text) AND ($4::text[] IS NULL OR status = ANY($4::text[]))
           AND ($5::timestamptz IS NULL OR closed_at IS NULL OR closed_at > $5::timestamptz)
         ORDER BY position`,
        [
          criteria.salesOrderId ?? null,
          criteria.distributor ?? null,
          criteria.sku ?? null,
          statusList(criteria.status),
          criteria.closedAfter ?? null,
        ],
      );
      return rows.map((row) => storedReservation(row.document));
    },
  };
}
