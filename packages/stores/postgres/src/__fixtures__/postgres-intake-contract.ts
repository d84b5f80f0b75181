import { ValidationError } from '@dropship/core';
import { expect, it } from 'vitest';
import type { PostgresStore } from '../postgres-store.js';
import { importedOrder, intakeCursor, reservation } from './intake-store-spec.js';
import { salesOrder } from './store-fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/**
 * What the PostgreSQL store adds to the intake spec: reservations replaced in one transaction,
 * intake writes inside a caller's transaction, text PostgreSQL cannot hold, corrupt rows. Inside
 * a describe block whose hooks open and empty the store.
 *
 * @param current - the store under test.
 */
export function describePostgresIntakeContract(current: () => PostgresStore): void {
  it('replaces reservations in one transaction: a failing insert leaves the order its old reservations', async () => {
    const store = current();
    const schema = `"${store.schema}"`;
    await store.replaceReservations('ebay:12-34567-89012', [reservation()]);
    await store.query(`CREATE OR REPLACE FUNCTION ${schema}.test_refuse_reservation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.sku = 'EXPLODE' THEN RAISE EXCEPTION 'reservation refused by test trigger'; END IF; RETURN NEW; END $$`);
    await store.query(`CREATE TRIGGER test_refuse_reservation BEFORE INSERT ON ${schema}.order_reservations
      FOR EACH ROW EXECUTE FUNCTION ${schema}.test_refuse_reservation()`);
    try {
      const replacement = [reservation({ lineId: '1', sku: '87-9999' }), reservation({ lineId: '2', sku: 'EXPLODE' })];
      await expect(store.replaceReservations('ebay:12-34567-89012', replacement)).rejects.toThrow(
        /refused by test trigger/,
      );
      expect(await store.findReservations({})).toEqual([reservation()]);
    } finally {
      await store.query(`DROP TRIGGER test_refuse_reservation ON ${schema}.order_reservations`);
      await store.query(`DROP FUNCTION ${schema}.test_refuse_reservation()`);
    }
  });

  it("commits an order, its reservations and its imported-order record in the caller's transaction, or none of them", async () => {
    const store = current();
    const order = salesOrder({ marketplaceOrderId: 'TX-1' });
    await expect(
      store.transaction(async (transaction) => {
        await transaction.saveSalesOrder(order);
        await transaction.replaceReservations('ebay:TX-1', [reservation({ salesOrderId: 'ebay:TX-1' })]);
        expect(await transaction.createImportedOrder(importedOrder('TX-1'))).toBe(true);
        await transaction.saveIntakeCursor(intakeCursor(), null);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await store.getSalesOrder('ebay:TX-1')).toBeNull();
    expect(await store.findReservations({})).toEqual([]);
    expect(await store.getImportedOrder('ebay:TX-1')).toBeNull();
    expect(await store.getIntakeCursor('ebay')).toBeNull();

    await store.transaction(async (transaction) => {
      await transaction.saveSalesOrder(order);
      await transaction.replaceReservations('ebay:TX-1', [reservation({ salesOrderId: 'ebay:TX-1' })]);
      await transaction.createImportedOrder(importedOrder('TX-1'));
    });
    expect(await store.getSalesOrder('ebay:TX-1')).not.toBeNull();
    expect(await store.findReservations({ salesOrderId: 'ebay:TX-1' })).toHaveLength(1);
    expect(await store.getImportedOrder('ebay:TX-1')).toEqual(importedOrder('TX-1'));
  });

  it('answers text PostgreSQL cannot hold, in any argument, with a ValidationError naming the path, writing nothing', async () => {
    const store = current();
    const reservations = await rejection(
      store.replaceReservations('ebay:12-34567-89012', [reservation({ sku: '87-\u00001234' })]),
    );
    expect(ValidationError.isInstance(reservations), String(reservations)).toBe(true);
    expect((reservations as ValidationError).issues.map((issue) => issue.path)).toEqual(['0.sku']);
    const record = await rejection(store.createImportedOrder(importedOrder('X', { reasons: ['held \uD83D'] })));
    expect(ValidationError.isInstance(record), String(record)).toBe(true);
    expect((record as ValidationError).issues.map((issue) => issue.path)).toEqual(['reasons.0']);
    const cursor = await rejection(
      store.saveIntakeCursor(
        intakeCursor({ scan: { since: '2026-11-21T10:00:00Z', until: '2026-11-21T10:30:00Z', cursor: 'a\u0000b' } }),
        null,
      ),
    );
    expect(ValidationError.isInstance(cursor), String(cursor)).toBe(true);
    for (const lookUp of [
      store.getImportedOrder('ebay:\u0000'),
      store.getIntakeCursor('\uDE00'),
      store.findReservations({ sku: '\u0000' }),
    ]) {
      const error = await rejection(lookUp);
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
    }
    expect(await store.findReservations({})).toEqual([]);
    expect(await store.findImportedOrders({})).toEqual([]);
    expect(await store.getIntakeCursor('ebay')).toBeNull();
  });

  it('refuses a corrupt intake row on read with a ValidationError instead of returning it', async () => {
    const store = current();
    await store.createImportedOrder(importedOrder());
    await store.saveIntakeCursor(intakeCursor(), null);
    await store.replaceReservations('ebay:12-34567-89012', [reservation()]);
    const schema = `"${store.schema}"`;
    await store.query(`UPDATE ${schema}.imported_orders SET document = document - 'importedAt'`);
    await store.query(`UPDATE ${schema}.intake_cursors SET document = jsonb_set(document, '{watermark}', '"soon"')`);
    await store.query(`UPDATE ${schema}.order_reservations SET document = jsonb_set(document, '{quantity}', '-2')`);
    // One read at a time: a read started before the one before it was awaited would reject unhandled.
    for (const read of [
      () => store.getImportedOrder('ebay:12-34567-89012'),
      () => store.findImportedOrders({}),
      () => store.getIntakeCursor('ebay'),
      () => store.findReservations({}),
    ]) {
      const error = await rejection(read());
      expect(ValidationError.isInstance(error), String(error)).toBe(true);
    }
  });
}
