import { z } from 'zod';
import { ConcurrencyConflictError } from '../errors/concurrency-conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import {
  importedOrderQuerySchema,
  importedOrderRecordSchema,
  intakeCursorSchema,
  orderReservationSchema,
  reservationQuerySchema,
} from '../model/intake-records.js';
import { parseWith } from '../model/parse.js';
import { deepFreeze } from '../model/trusted-purchase-order.js';
import type { DropshipStoreIntake, ImportedOrderRecord, IntakeCursor, OrderReservation } from '../spec/v1/store.js';

/** The order-intake records of the memory store (the optional "intake" capability). */
export type IntakeBook = DropshipStoreIntake;

const keySchema = z.string().min(1, 'must be a non-empty string');
const expectedVersionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

function statusSet<T extends string>(status: T | readonly T[] | undefined): ReadonlySet<string> | undefined {
  if (status === undefined) return undefined;
  return new Set<string>(typeof status === 'string' ? [status] : status);
}

/** Oldest first (by `importedAt`), then by sales order id: the order `findImportedOrders` returns. */
function compareRecords(left: ImportedOrderRecord, right: ImportedOrderRecord): number {
  const byTime = Date.parse(left.importedAt) - Date.parse(right.importedAt);
  if (byTime !== 0) return byTime;
  return left.salesOrderId < right.salesOrderId ? -1 : left.salesOrderId > right.salesOrderId ? 1 : 0;
}

/**
 * In-memory intake cursors, imported-order records and reservations, validated on write
 * (`ValidationError` with paths, nothing written) and handed out frozen.
 *
 * - Cursors and records use optimistic concurrency: a save must name the stored version
 *   (`null` for a cursor not stored yet) and stores one more; otherwise
 *   `ConcurrencyConflictError` (entity `intake-cursor` or `imported-order`).
 * - `createImportedOrder` stores version 1 whatever the record says, and returns false, changing
 *   nothing, when the sales order id is taken.
 * - `replaceReservations` validates every reservation (each must belong to the order) before it
 *   replaces any: all of the order's reservations change, or none.
 *
 * @returns the book and a function that forgets everything.
 * @internal
 */
export function createIntakeBook(): { book: IntakeBook; clear(): void } {
  const cursors = new Map<string, IntakeCursor>();
  const records = new Map<string, ImportedOrderRecord>();
  /** Each order's reservations, by sales order id. */
  const reservations = new Map<string, readonly OrderReservation[]>();
  /** Sales order ids holding a reservation of a SKU. */
  const ordersBySku = new Map<string, Set<string>>();

  function indexReservations(salesOrderId: string, list: readonly OrderReservation[], add: boolean): void {
    for (const reservation of list) {
      let orders = ordersBySku.get(reservation.sku);
      if (add) {
        if (orders === undefined) {
          orders = new Set();
          ordersBySku.set(reservation.sku, orders);
        }
        orders.add(salesOrderId);
      } else if (orders !== undefined) {
        orders.delete(salesOrderId);
        if (orders.size === 0) ordersBySku.delete(reservation.sku);
      }
    }
  }

  const book: IntakeBook = {
    async getIntakeCursor(marketplace) {
      return cursors.get(parseWith(keySchema, marketplace, 'marketplace')) ?? null;
    },

    async saveIntakeCursor(cursor, expectedVersion) {
      const parsed = parseWith(intakeCursorSchema, cursor, 'intake cursor');
      const expected =
        expectedVersion === null ? null : parseWith(expectedVersionSchema, expectedVersion, 'expected version');
      const stored = cursors.get(parsed.marketplace);
      if ((stored?.version ?? null) !== expected) {
        throw new ConcurrencyConflictError('intake-cursor', parsed.marketplace, expected ?? undefined, stored?.version);
      }
      const saved = deepFreeze({ ...parsed, version: (expected ?? 0) + 1 });
      cursors.set(parsed.marketplace, saved);
      return saved;
    },

    async createImportedOrder(record) {
      const parsed = parseWith(importedOrderRecordSchema, record, 'imported order');
      if (records.has(parsed.salesOrderId)) return false;
      records.set(parsed.salesOrderId, deepFreeze({ ...parsed, version: 1 }));
      return true;
    },

    async getImportedOrder(salesOrderId) {
      return records.get(parseWith(keySchema, salesOrderId, 'sales order id')) ?? null;
    },

    async updateImportedOrder(record, expectedVersion) {
      const parsed = parseWith(importedOrderRecordSchema, record, 'imported order');
      const expected = parseWith(expectedVersionSchema, expectedVersion, 'expected version');
      const stored = records.get(parsed.salesOrderId);
      if (stored === undefined || stored.version !== expected) {
        throw new ConcurrencyConflictError('imported-order', parsed.salesOrderId, expected, stored?.version);
      }
      if (parsed.importedAt !== stored.importedAt) {
        throw new ValidationError('imported order', [{ path: 'importedAt', message: 'cannot change' }]);
      }
      const saved = deepFreeze({ ...parsed, version: expected + 1 });
      records.set(parsed.salesOrderId, saved);
      return saved;
    },

    async findImportedOrders(query) {
      const parsed = parseWith(importedOrderQuerySchema, query ?? {}, 'imported order query');
      const statuses = statusSet(parsed.status);
      const found = [...records.values()]
        .filter(
          (record) =>
            (parsed.marketplace === undefined || record.marketplace === parsed.marketplace) &&
            (statuses === undefined || statuses.has(record.status)) &&
            (parsed.acknowledged === undefined || (record.acknowledgedAt !== undefined) === parsed.acknowledged),
        )
        .sort(compareRecords);
      return parsed.limit === undefined ? found : found.slice(0, parsed.limit);
    },

    async replaceReservations(salesOrderId, list) {
      const id = parseWith(keySchema, salesOrderId, 'sales order id');
      const parsed = parseWith(z.array(orderReservationSchema), list, 'reservations');
      const issues = parsed.flatMap((reservation, index) =>
        reservation.salesOrderId === id ? [] : [{ path: `${index}.salesOrderId`, message: `must be ${id}` }],
      );
      if (issues.length > 0) throw new ValidationError('reservations', issues);
      indexReservations(id, reservations.get(id) ?? [], false);
      if (parsed.length === 0) {
        reservations.delete(id);
        return;
      }
      const frozen = deepFreeze(parsed);
      reservations.set(id, frozen);
      indexReservations(id, frozen, true);
    },

    async findReservations(query) {
      const parsed = parseWith(reservationQuerySchema, query ?? {}, 'reservation query');
      const statuses = statusSet(parsed.status);
      const closedAfter = parsed.closedAfter === undefined ? undefined : Date.parse(parsed.closedAfter);
      const orders: Iterable<string> =
        parsed.salesOrderId !== undefined
          ? [parsed.salesOrderId]
          : parsed.sku !== undefined
            ? (ordersBySku.get(parsed.sku) ?? [])
            : reservations.keys();
      const result: OrderReservation[] = [];
      for (const order of orders) {
        for (const reservation of reservations.get(order) ?? []) {
          if (
            (parsed.distributor === undefined || reservation.distributor === parsed.distributor) &&
            (parsed.sku === undefined || reservation.sku === parsed.sku) &&
            (statuses === undefined || statuses.has(reservation.status)) &&
            (closedAfter === undefined ||
              reservation.closedAt === undefined ||
              Date.parse(reservation.closedAt) > closedAfter)
          )
            result.push(reservation);
        }
      }
      return result;
    },
  };
  return {
    book,
    clear() {
      cursors.clear();
      records.clear();
      reservations.clear();
      ordersBySku.clear();
    },
  };
}
