import {
  ConcurrencyConflictError,
  type DropshipStore,
  type PurchaseOrder,
  parseListings,
  purchaseOrderStates,
  ValidationError,
} from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostgresCatalog } from '../postgres-catalog.js';
import { migrations } from '../postgres-migrations.js';
import type { PostgresStore } from '../postgres-store.js';
import { describeIntakeStoreSpec } from './intake-store-spec.js';
import { describeInvoiceStoreSpec } from './invoice-store-spec.js';
import { describeListingStoreSpec, pushRecord } from './listing-store-spec.js';
import { describePostgresIntakeContract } from './postgres-intake-contract.js';
import { advance, offer, purchaseOrder, salesOrder } from './store-fixtures.js';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function auditRows(
  store: PostgresStore,
  poNumber: string,
): Promise<Array<{ position: number; event: string; version: number }>> {
  const { rows } = await store.query<{ position: number; event: string; version: number }>(
    `SELECT position, event, version FROM "${store.schema}".purchase_order_audit WHERE po_number = $1::text ORDER BY position`,
    [poNumber],
  );
  return rows;
}

/** How a test file provides a store for the spec tests. */
export interface StoreSpecTarget<Store extends DropshipStore> {
  /** Opens the store (once per describe block). */
  open(): Promise<Store>;
  /** Empties it before each test. */
  reset(store: Store): Promise<void>;
  /** Closes it after the tests. */
  close(store: Store): Promise<void>;
  /** Whether the store has the optional intake capability (its spec tests run then). Default true. */
  intake?: boolean;
  /** Whether the store has the optional listings capability (its spec tests run then). Default true. */
  listings?: boolean;
}

/**
 * What every `DropshipStore` must do, through the spec interface only. Run on core's memory
 * store too, so the PostgreSQL store is checked to behave exactly like it.
 *
 * @param label - the store, for test names.
 * @param target - how to open, reset and close it.
 */
export function describeDropshipStoreSpec<Store extends DropshipStore>(
  label: string,
  target: StoreSpecTarget<Store>,
): void {
  describe(`DropshipStore spec (${label})`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await target.open();
    });

    afterAll(async () => {
      if (store) await target.close(store);
    });

    beforeEach(async () => {
      await target.reset(store);
    });

    describe('sales orders', () => {
      it('saves, reads back and replaces a sales order', async () => {
        await store.saveSalesOrder(salesOrder());
        expect(await store.getSalesOrder('ebay:12-34567-89012')).toEqual(salesOrder());
        await store.saveSalesOrder(salesOrder({ buyer: { name: 'Dana R.', email: 'dana.rider@example.com' } }));
        expect((await store.getSalesOrder('ebay:12-34567-89012'))?.buyer.name).toBe('Dana R.');
        expect(await store.getSalesOrder('ebay:unknown')).toBeNull();
      });

      it('refuses an invalid sales order with a ValidationError and writes nothing', async () => {
        const error = await caught(store.saveSalesOrder({ ...salesOrder(), lines: [] }));
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['lines']);
        expect(await store.getSalesOrder('ebay:12-34567-89012')).toBeNull();
      });
    });

    describe('purchase orders', () => {
      it('creates a PO and reads back exactly what was written, audit included', async () => {
        const po = purchaseOrder({ lastError: undefined, shipments: [] });
        expect(await store.createPurchaseOrder(po)).toEqual(po);
        expect(await store.getPurchaseOrder(po.poNumber)).toEqual(po);
        expect(await store.getPurchaseOrder('DS-NOPE')).toBeNull();
      });

      it('refuses a second PO with the same number with a ConcurrencyConflictError and keeps the first', async () => {
        const first = purchaseOrder();
        await store.createPurchaseOrder(first);
        const error = await caught(store.createPurchaseOrder(purchaseOrder({ distributor: 'parts-unlimited' })));
        expect(ConcurrencyConflictError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ entity: 'purchase order', key: first.poNumber, expectedVersion: undefined });
        expect(await store.getPurchaseOrder(first.poNumber)).toEqual(first);
      });

      it('refuses an invalid PO with a ValidationError listing the paths', async () => {
        const error = await caught(
          store.createPurchaseOrder({ ...purchaseOrder(), lines: [], version: -1 } as PurchaseOrder),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['lines', 'version']);
      });

      it('updates at the expected version and appends the new audit entries to the log', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const submitting = advance(created, 'submitting');
        expect(await store.updatePurchaseOrder(submitting, created.version)).toEqual(submitting);
        const submitted = advance({ ...submitting, distributorOrderRefs: ['WPS-778899'] }, 'submitted');
        await store.updatePurchaseOrder(submitted, submitting.version);

        expect(await store.getPurchaseOrder(created.poNumber)).toEqual(submitted);
      });

      it('refuses a stale write with a ConcurrencyConflictError naming both versions, changing nothing', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const current = await store.updatePurchaseOrder(advance(created, 'submitting'), 1);
        const error = await caught(store.updatePurchaseOrder(advance(created, 'failed'), 1));
        expect(ConcurrencyConflictError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
        expect(await store.getPurchaseOrder(created.poNumber)).toEqual(current);
      });

      it('refuses an update of a PO that does not exist with a ConcurrencyConflictError', async () => {
        const error = await caught(store.updatePurchaseOrder(advance(purchaseOrder(), 'submitting'), 1));
        expect(ConcurrencyConflictError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ expectedVersion: 1, actualVersion: undefined });
        expect(await store.getPurchaseOrder(purchaseOrder().poNumber)).toBeNull();
      });

      it('lets exactly one of two concurrent writers of the same version win', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const results = await Promise.allSettled([
          store.updatePurchaseOrder(advance(created, 'submitting', 'writer-a'), created.version),
          store.updatePurchaseOrder(advance(created, 'cancelled', 'writer-b'), created.version),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.filter((result) => result.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(ConcurrencyConflictError.isInstance((lost[0] as PromiseRejectedResult).reason)).toBe(true);
        const stored = await store.getPurchaseOrder(created.poNumber);
        expect(stored).toEqual((won[0] as PromiseFulfilledResult<PurchaseOrder>).value);
        expect(stored?.audit.map((entry) => entry.event)).toEqual(['created', stored?.audit[1]?.event]);
      });

      it('loses no update when many writers retry on conflict', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const writers = 8;
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (;;) {
              const current = (await store.getPurchaseOrder(created.poNumber)) as PurchaseOrder;
              try {
                await store.updatePurchaseOrder(advance(current, 'submitting', `writer-${writer}`), current.version);
                return;
              } catch (error) {
                if (!ConcurrencyConflictError.isInstance(error)) throw error;
              }
            }
          }),
        );
        const final = await store.getPurchaseOrder(created.poNumber);
        expect(final?.version).toBe(1 + writers);
        expect(final?.audit.map((entry) => entry.version)).toEqual(
          Array.from({ length: writers + 1 }, (_, index) => index + 1),
        );
        expect(new Set(final?.audit.slice(1).map((entry) => entry.event)).size).toBe(writers);
      });

      it('refuses an update that does not raise the version or changes the distributor or sales order', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const error = await caught(
          store.updatePurchaseOrder(
            { ...created, distributor: 'automatic', salesOrderId: 'ebay:other' },
            created.version,
          ),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
          'distributor',
          'salesOrderId',
          'version',
        ]);
        expect(await store.getPurchaseOrder(created.poNumber)).toEqual(created);
      });
    });

    describe('finding purchase orders', () => {
      beforeEach(async () => {
        const base = Date.parse('2026-11-20T00:00:00Z');
        const rows: Array<[string, string, string, PurchaseOrder['state'], number]> = [
          ['PO-1', 'wps', 'ebay:1', 'submitted', 0],
          ['PO-2', 'parts-unlimited', 'ebay:1', 'submitting', 1],
          ['PO-3', 'wps', 'amazon:2', 'shipped', 2],
          ['PO-4', 'wps', 'amazon:3', 'submitted', 3],
          ['PO-5', 'tucker-rocky', 'walmart:4', 'completed', 4],
        ];
        // inserted out of creation order, to check the ordering is by creation time
        for (const [poNumber, distributor, salesOrderId, state, hours] of [...rows].reverse()) {
          const createdAt = new Date(base + hours * 3_600_000).toISOString();
          await store.createPurchaseOrder(
            purchaseOrder({
              poNumber,
              distributor,
              salesOrderId,
              marketplace: salesOrderId.split(':')[0],
              state,
              createdAt,
            }),
          );
        }
      });

      const numbers = (orders: PurchaseOrder[]): string[] => orders.map((order) => order.poNumber);

      it('finds by PO number, sales order, distributor and state, oldest first', async () => {
        expect(numbers(await store.findPurchaseOrders({ poNumber: 'PO-3' }))).toEqual(['PO-3']);
        expect(numbers(await store.findPurchaseOrders({ salesOrderId: 'ebay:1' }))).toEqual(['PO-1', 'PO-2']);
        expect(numbers(await store.findPurchaseOrders({ distributor: 'wps' }))).toEqual(['PO-1', 'PO-3', 'PO-4']);
        expect(numbers(await store.findPurchaseOrders({ state: 'submitted' }))).toEqual(['PO-1', 'PO-4']);
        expect(numbers(await store.findPurchaseOrders({ state: ['submitting', 'shipped'] }))).toEqual(['PO-2', 'PO-3']);
        expect(numbers(await store.findPurchaseOrders({}))).toEqual(['PO-1', 'PO-2', 'PO-3', 'PO-4', 'PO-5']);
      });

      it('combines criteria with AND, filters by creation instant and limits', async () => {
        expect(numbers(await store.findPurchaseOrders({ distributor: 'wps', state: 'submitted' }))).toEqual([
          'PO-1',
          'PO-4',
        ]);
        // 02:00 at UTC+01:00 is 01:00Z: PO-2 (01:00Z) included; createdTo is exclusive
        expect(
          numbers(
            await store.findPurchaseOrders({
              createdFrom: '2026-11-20T02:00:00+01:00',
              createdTo: '2026-11-20T03:00:00Z',
            }),
          ),
        ).toEqual(['PO-2', 'PO-3']);
        expect(numbers(await store.findPurchaseOrders({ distributor: 'wps', limit: 2 }))).toEqual(['PO-1', 'PO-3']);
        expect(await store.findPurchaseOrders({ distributor: 'automatic' })).toEqual([]);
      });

      it('returns whole POs, audit included', async () => {
        const [found] = await store.findPurchaseOrders({ poNumber: 'PO-4' });
        expect(found).toEqual(await store.getPurchaseOrder('PO-4'));
        expect(found?.audit).toHaveLength(1);
      });

      it('refuses an invalid query with a ValidationError', async () => {
        const error = await caught(
          store.findPurchaseOrders({ state: 'lost' as PurchaseOrder['state'], createdFrom: 'yesterday', limit: 0 }),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
          'createdFrom',
          'limit',
          'state',
        ]);
      });

      it('keeps a PO in every state core declares (manual_cancel included) with its flags and re-route, and finds it by that state', async () => {
        const createdAt = '2026-11-18T00:00:00.000Z';
        const states = [...purchaseOrderStates];
        for (const [index, state] of states.entries()) {
          await store.createPurchaseOrder(
            purchaseOrder({
              poNumber: `PO-STATE-${index}`,
              distributor: 'automatic',
              state,
              createdAt,
              flags: ['shipped-after-cancel'],
              reroute: { fromPoNumber: 'PO-1', attempt: 2, excluded: [{ distributor: 'wps', warehouse: 'ID' }] },
            }),
          );
        }
        for (const [index, state] of states.entries()) {
          const found = await store.findPurchaseOrders({ distributor: 'automatic', state });
          expect(numbers(found), state).toEqual([`PO-STATE-${index}`]);
          expect(found[0]).toMatchObject({
            state,
            flags: ['shipped-after-cancel'],
            reroute: { fromPoNumber: 'PO-1', attempt: 2, excluded: [{ distributor: 'wps', warehouse: 'ID' }] },
          });
        }
        expect(states).toContain('manual_cancel');
      });

      it('orders POs created at the same instant by PO number, in code-unit order', async () => {
        const createdAt = '2026-11-19T00:00:00.000Z';
        for (const poNumber of ['po-a', 'PO-B', 'PO-10', 'PO-9']) {
          await store.createPurchaseOrder(purchaseOrder({ poNumber, distributor: 'automatic', createdAt }));
        }
        expect(numbers(await store.findPurchaseOrders({ distributor: 'automatic' }))).toEqual([
          'PO-10',
          'PO-9',
          'PO-B',
          'po-a',
        ]);
      });
    });

    describe('idempotency records', () => {
      it('inserts a record once and reports false (changing nothing) when the key exists', async () => {
        const record = { key: 'tracking:ebay:12-345:1Z999', at: '2026-11-21T10:00:00+02:00', result: 'fulfillment-77' };
        expect(await store.putIdempotencyRecord(record)).toBe(true);
        expect(await store.putIdempotencyRecord({ ...record, result: 'other' })).toBe(false);
        expect(await store.getIdempotencyRecord(record.key)).toEqual(record);
        expect(await store.getIdempotencyRecord('tracking:unknown')).toBeNull();
        await store.putIdempotencyRecord({ key: 'email:1', at: '2026-11-21T10:00:00Z' });
        expect(await store.getIdempotencyRecord('email:1')).toEqual({ key: 'email:1', at: '2026-11-21T10:00:00Z' });
      });

      it('lets exactly one of many concurrent inserts of a key succeed', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            store.putIdempotencyRecord({ key: 'email:race', at: '2026-11-21T10:00:00Z', result: `writer-${index}` }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('refuses a record without a key or with a bad date', async () => {
        const error = await caught(store.putIdempotencyRecord({ key: '', at: 'now' }));
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual(['at', 'key']);
      });
    });

    describe('named sequences (nextSequenceValue)', () => {
      const next = (name: string): Promise<number> => {
        if (!store.nextSequenceValue) throw new Error(`${label} has no nextSequenceValue`);
        return store.nextSequenceValue(name);
      };

      it('counts 1, 2, 3 per name, each name on its own', async () => {
        expect([
          await next('edi:isa:A'),
          await next('edi:isa:A'),
          await next('edi:isa:B'),
          await next('edi:isa:A'),
        ]).toEqual([1, 2, 1, 3]);
      });

      it('hands every value out once to many concurrent callers', async () => {
        const values = await Promise.all(Array.from({ length: 25 }, () => next('edi:race')));
        expect([...values].sort((left, right) => left - right)).toEqual(
          Array.from({ length: 25 }, (_, index) => index + 1),
        );
      });

      it('refuses an empty name with a ValidationError', async () => {
        expect(ValidationError.isInstance(await caught(next('')))).toBe(true);
      });
    });

    describe('invoices and reconciliations (optional capability)', () => {
      describeInvoiceStoreSpec(() => store);
    });

    if (target.intake !== false) {
      describe('order intake (optional capability)', () => {
        describeIntakeStoreSpec(() => store);
      });
    }

    if (target.listings !== false) {
      describe('listings and push records (optional capability)', () => {
        describeListingStoreSpec(() => store);
      });
    }
  });
}

/** How a test file provides the PostgreSQL database under test. */
export interface StoreContractTarget {
  /** Opens a store on a fresh, migrated schema. */
  openStore(): Promise<PostgresStore>;
  /** Opens a catalog sharing the store's database. */
  openCatalog(store: PostgresStore): Promise<PostgresCatalog>;
}

/** Empties every table of the store. */
export async function truncateStore(store: PostgresStore): Promise<void> {
  const tables = [
    'purchase_order_audit',
    'purchase_orders',
    'sales_orders',
    'idempotency_records',
    'offers',
    'sequences',
    'invoices',
    'reconciliations',
    'intake_cursors',
    'imported_orders',
    'order_reservations',
    'listings',
    'listing_push_records',
  ];
  await store.query(`TRUNCATE ${tables.map((table) => `"${store.schema}".${table}`).join(', ')}`);
}

/**
 * The `DropshipStore` spec plus what is particular to PostgreSQL (the audit table, all-or-nothing
 * writes, transactions, migrations, the catalog). Called by the PGlite test file and by the
 * PostgreSQL server test file, so the same SQL is checked on both engines.
 *
 * @param label - the engine, for test names.
 * @param target - how to open the store.
 */
export function describeStoreContract(label: string, target: StoreContractTarget): void {
  // One database for both blocks: opening PGlite takes seconds.
  let opened: Promise<PostgresStore> | undefined;
  const open = (): Promise<PostgresStore> => {
    opened ??= target.openStore();
    return opened;
  };
  describeDropshipStoreSpec(label, { open, reset: truncateStore, close: async () => {} });

  describe(`PostgresStore (${label})`, () => {
    let store: PostgresStore;

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      await store?.close();
    });

    beforeEach(async () => {
      await truncateStore(store);
    });

    describe('purchase orders in PostgreSQL', () => {
      it('keeps the audit log in its own table, one row per entry, appended per transition', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        expect(await auditRows(store, created.poNumber)).toEqual([{ position: 0, event: 'created', version: 1 }]);
        const submitting = await store.updatePurchaseOrder(advance(created, 'submitting'), created.version);
        await caught(store.updatePurchaseOrder(advance(created, 'failed'), created.version));
        await caught(store.createPurchaseOrder(purchaseOrder()));
        await store.updatePurchaseOrder(advance(submitting, 'submitted'), submitting.version);
        expect(await auditRows(store, created.poNumber)).toEqual([
          { position: 0, event: 'created', version: 1 },
          { position: 1, event: 'moved-to-submitting', version: 2 },
          { position: 2, event: 'moved-to-submitted', version: 3 },
        ]);
      });

      it('refuses to shorten the append-only audit log, changing nothing', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        const submitting = await store.updatePurchaseOrder(advance(created, 'submitting'), 1);
        const rewritten = { ...advance(submitting, 'submitted'), audit: [] };
        const error = await caught(store.updatePurchaseOrder(rewritten, submitting.version));
        expect(ValidationError.isInstance(error)).toBe(true);
        expect(await store.getPurchaseOrder(created.poNumber)).toEqual(submitting);
      });

      it('writes a PO and its audit log all-or-nothing: a failing audit insert leaves no PO behind', async () => {
        const schema = `"${store.schema}"`;
        await store.query(`CREATE OR REPLACE FUNCTION ${schema}.test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.event = 'explode' THEN RAISE EXCEPTION 'audit insert refused by test trigger'; END IF; RETURN NEW; END $$`);
        await store.query(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON ${schema}.purchase_order_audit
          FOR EACH ROW EXECUTE FUNCTION ${schema}.test_refuse_audit()`);
        try {
          const exploding = purchaseOrder();
          exploding.audit.push({ ...exploding.audit[0]!, event: 'explode' });
          await expect(store.createPurchaseOrder(exploding)).rejects.toThrow(/refused by test trigger/);
          expect(await store.getPurchaseOrder(exploding.poNumber)).toBeNull();

          const created = await store.createPurchaseOrder(purchaseOrder());
          await expect(store.updatePurchaseOrder(advance(created, 'submitting', 'explode'), 1)).rejects.toThrow(
            /refused by test trigger/,
          );
          expect(await store.getPurchaseOrder(created.poNumber)).toEqual(created);
          // the PO row was not left locked or half-updated: a normal update still works
          await store.updatePurchaseOrder(advance(created, 'submitting'), 1);
        } finally {
          await store.query(`DROP TRIGGER test_refuse_audit ON ${schema}.purchase_order_audit`);
          await store.query(`DROP FUNCTION ${schema}.test_refuse_audit()`);
        }
      });

      it('refuses a corrupt row on read with a ValidationError instead of returning it', async () => {
        const created = await store.createPurchaseOrder(purchaseOrder());
        await store.query(
          `UPDATE "${store.schema}".purchase_orders SET document = document - 'lines' WHERE po_number = $1::text`,
          [created.poNumber],
        );
        const error = await caught(store.getPurchaseOrder(created.poNumber));
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['lines']);
      });
    });

    describe('order intake in PostgreSQL', () => {
      describePostgresIntakeContract(() => store);
    });

    describe('transactions', () => {
      it('commits a state change and a job row together', async () => {
        await store.query(`CREATE TABLE IF NOT EXISTS "${store.schema}".test_jobs (name text, po_number text)`);
        await store.query(`TRUNCATE "${store.schema}".test_jobs`);
        const created = await store.createPurchaseOrder(purchaseOrder());
        await store.transaction(async (transaction) => {
          await transaction.updatePurchaseOrder(advance(created, 'submitting'), created.version);
          await transaction.query(`INSERT INTO "${store.schema}".test_jobs VALUES ('submit', $1::text)`, [
            created.poNumber,
          ]);
        });
        expect((await store.getPurchaseOrder(created.poNumber))?.state).toBe('submitting');
        expect((await store.query(`SELECT name FROM "${store.schema}".test_jobs`)).rows).toEqual([{ name: 'submit' }]);
      });

      it('rolls everything back when the work throws: no PO, no record, no job', async () => {
        await store.query(`CREATE TABLE IF NOT EXISTS "${store.schema}".test_jobs (name text, po_number text)`);
        await store.query(`TRUNCATE "${store.schema}".test_jobs`);
        await expect(
          store.transaction(async (transaction) => {
            await transaction.createPurchaseOrder(purchaseOrder());
            await transaction.putIdempotencyRecord({ key: 'k1', at: '2026-11-21T10:00:00Z' });
            await transaction.query(`INSERT INTO "${store.schema}".test_jobs VALUES ('submit', 'x')`);
            throw new Error('crash before commit');
          }),
        ).rejects.toThrow('crash before commit');
        expect(await store.getPurchaseOrder(purchaseOrder().poNumber)).toBeNull();
        expect(await store.getIdempotencyRecord('k1')).toBeNull();
        expect((await store.query(`SELECT * FROM "${store.schema}".test_jobs`)).rows).toEqual([]);
      });

      it('writes listings and push records with the transaction: a conflict inside leaves the rest, a throw leaves nothing', async () => {
        const [pads] = parseListings([
          {
            marketplace: 'ebay',
            sku: 'PAD-1',
            product: { brand: 'EBC', mpn: 'FA196HH' },
            currency: 'USD',
            handlingTimeDays: 2,
            price: { kind: 'fixed', amount: 3999 },
          },
        ]);
        if (pads === undefined) throw new Error('unreachable: one listing parsed');
        await store.transaction(async (transaction) => {
          await transaction.putListings([pads]);
          await transaction.saveListingPushRecords([{ record: pushRecord('PAD-1'), expectedVersion: null }]);
          const conflict = await caught(
            transaction.saveListingPushRecords([
              { record: pushRecord('NEW-1'), expectedVersion: null },
              { record: pushRecord('PAD-1', { attempts: 2 }), expectedVersion: null },
            ]),
          );
          expect(ConcurrencyConflictError.isInstance(conflict)).toBe(true);
          expect(await transaction.findListingPushRecords({})).toEqual([pushRecord('PAD-1')]);
        });
        expect(await store.findListings({})).toEqual([pads]);
        expect(await store.findListingPushRecords({})).toEqual([pushRecord('PAD-1')]);
        await expect(
          store.transaction(async (transaction) => {
            await transaction.deleteListings(['ebay:PAD-1']);
            await transaction.saveListingPushRecords([{ record: pushRecord('NEW-1'), expectedVersion: null }]);
            throw new Error('crash before commit');
          }),
        ).rejects.toThrow('crash before commit');
        expect(await store.findListings({})).toEqual([pads]);
        expect(await store.findListingPushRecords({})).toEqual([pushRecord('PAD-1')]);
      });

      it('rolls back a failed nested transaction only, and sees its own writes before commit', async () => {
        await store.transaction(async (transaction) => {
          await transaction.putIdempotencyRecord({ key: 'outer', at: '2026-11-21T10:00:00Z' });
          await expect(
            transaction.transaction(async (inner) => {
              await inner.putIdempotencyRecord({ key: 'inner', at: '2026-11-21T10:00:00Z' });
              await inner.query('SELECT 1 / 0');
            }),
          ).rejects.toThrow(/division by zero/);
          expect(await transaction.getIdempotencyRecord('outer')).not.toBeNull();
          const stale = await caught(
            transaction
              .createPurchaseOrder(purchaseOrder({ poNumber: 'PO-T' }))
              .then(() => transaction.createPurchaseOrder(purchaseOrder({ poNumber: 'PO-T' }))),
          );
          expect(ConcurrencyConflictError.isInstance(stale)).toBe(true);
        });
        expect(await store.getIdempotencyRecord('outer')).not.toBeNull();
        expect(await store.getIdempotencyRecord('inner')).toBeNull();
        expect(await store.getPurchaseOrder('PO-T')).not.toBeNull();
      });
    });

    describe('text PostgreSQL cannot hold', () => {
      it.each([
        ['a lone high surrogate', 'Jordan \uD83D Rider'],
        ['a lone low surrogate', 'Jordan \uDE00 Rider'],
        ['U+0000', 'Jordan\u0000Rider'],
      ])(
        'answers %s in a saved or looked-up value with a ValidationError naming the path, writing nothing',
        async (_name, text) => {
          const order = salesOrder({ marketplaceOrderId: 'SURROGATE-1', buyer: { name: text } });
          const saved = await caught(store.saveSalesOrder(order));
          expect(ValidationError.isInstance(saved), String(saved)).toBe(true);
          expect((saved as ValidationError).issues.map((issue) => issue.path)).toContain('buyer.name');
          expect(await store.getSalesOrder('ebay:SURROGATE-1')).toBeNull();

          const record = await caught(
            store.putIdempotencyRecord({ key: 'email:PO-S:1Z', at: '2026-11-21T10:00:00Z', result: text }),
          );
          expect(ValidationError.isInstance(record), String(record)).toBe(true);
          expect(await store.getIdempotencyRecord('email:PO-S:1Z')).toBeNull();

          for (const lookUp of [
            store.getSalesOrder(`ebay:${text}`),
            store.getIdempotencyRecord(text),
            store.getPurchaseOrder(text),
          ]) {
            const error = await caught(lookUp);
            expect(ValidationError.isInstance(error), String(error)).toBe(true);
          }
        },
      );

      it('keeps a well-formed surrogate pair (an emoji) as it is', async () => {
        const order = salesOrder({ marketplaceOrderId: 'EMOJI-1', buyer: { name: 'Jordan \uD83D\uDE00 Rider' } });
        await store.saveSalesOrder(order);
        expect((await store.getSalesOrder('ebay:EMOJI-1'))?.buyer.name).toBe('Jordan \uD83D\uDE00 Rider');
      });
    });

    describe('migrations', () => {
      it('records each version once and does nothing when run again, even concurrently', async () => {
        expect(await store.migrate()).toEqual({ applied: [], version: migrations.at(-1)?.version });
        const reports = await Promise.all([store.migrate(), store.migrate(), store.migrate()]);
        expect(reports.every((report) => report.applied.length === 0)).toBe(true);
        const { rows } = await store.query<{ version: number }>(
          `SELECT version FROM "${store.schema}".schema_migrations ORDER BY version`,
        );
        expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
      });
    });

    describe('catalog', () => {
      let catalog: PostgresCatalog;
      beforeAll(async () => {
        catalog = await target.openCatalog(store);
      });

      const swapSet = () => [
        offer(),
        offer({
          distributor: 'parts-unlimited',
          sku: '1721-1234',
          brand: 'E.B.C.',
          mpn: 'fa196-hh',
          upc: undefined,
          cost: 2450,
        }),
        offer({
          distributor: 'tucker-rocky',
          sku: 'TR-555',
          brand: undefined,
          mpn: undefined,
          upc: '841386002345',
          cost: 2600,
        }),
        offer({ sku: '99-0001', brand: 'Other', mpn: 'X1', upc: undefined }),
      ];

      it('finds every distributor offer of a product by SKU or by identity (SKU swap candidates)', async () => {
        expect(await catalog.upsertOffers(swapSet())).toEqual({ upserted: 4, retired: 0 });
        const bySku = await catalog.findOffers({ sku: '87-1234' });
        expect(bySku.map((found) => `${found.distributor}:${found.sku}`)).toEqual([
          'parts-unlimited:1721-1234',
          'tucker-rocky:TR-555',
          'wps:87-1234',
        ]);
        const byIdentity = await catalog.findOffers({ product: { brand: 'ebc', mpn: 'FA196HH' } });
        expect(byIdentity.map((found) => found.sku)).toEqual(['1721-1234', '87-1234']);
        expect(await catalog.findOffers({ sku: 'unknown' })).toEqual([]);
        expect(await catalog.getOffer('wps', '87-1234')).toEqual(offer());
        expect(await catalog.getOffer('wps', 'nope')).toBeUndefined();
      });

      it('replaces a distributor set, retiring missing offers and bringing back returning ones', async () => {
        await catalog.upsertOffers(swapSet());
        const next = [offer({ cost: 2399 }), offer({ sku: '87-5555', brand: 'EBC', mpn: 'FA100' })];
        expect(await catalog.replaceOffers('wps', next)).toEqual({ upserted: 2, retired: 1 });
        expect(await catalog.getOffer('wps', '99-0001')).toBeUndefined();
        expect((await catalog.getOffer('wps', '87-1234'))?.cost).toBe(2399);
        expect(await catalog.getOffer('parts-unlimited', '1721-1234')).toBeDefined();
        expect(
          await catalog.replaceOffers('wps', [
            ...next,
            offer({ sku: '99-0001', brand: 'Other', mpn: 'X1', upc: undefined }),
          ]),
        ).toEqual({
          upserted: 3,
          retired: 0,
        });
        expect(await catalog.getOffer('wps', '99-0001')).toBeDefined();
      });

      it('loads large feeds in batches, from an async iterable', async () => {
        async function* feed() {
          for (let index = 0; index < 2_500; index += 1) {
            yield offer({ sku: `BULK-${index}`, mpn: `M-${index}`, upc: undefined, cost: 100 + index });
          }
        }
        expect(await catalog.replaceOffers('wps', feed())).toEqual({ upserted: 2_500, retired: 0 });
        expect((await catalog.getOffer('wps', 'BULK-2499'))?.cost).toBe(2_599);
        expect(await catalog.findOffers({ product: { brand: 'EBC', mpn: 'M-1234' } })).toHaveLength(1);
      });

      it('writes nothing when one offer of a feed is invalid, and names its index', async () => {
        await catalog.upsertOffers([offer()]);
        const error = await caught(
          catalog.replaceOffers('wps', [
            offer({ cost: 1 }),
            { ...offer({ sku: 'BAD' }), cost: 12.5 },
            offer({ sku: 'Z' }),
          ]),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['1.cost']);
        expect((await catalog.getOffer('wps', '87-1234'))?.cost).toBe(2500);
        expect(await catalog.getOffer('wps', 'Z')).toBeUndefined();
      });

      it("validates queries and feeds like core's memory catalog", async () => {
        await catalog.upsertOffers(swapSet());
        expect(await catalog.findOffers({})).toEqual([]);
        expect(await catalog.findOffers({ product: { brand: 'EBC' } })).toEqual([]);
        expect(ValidationError.isInstance(await caught(catalog.findOffers(null as never)))).toBe(true);
        expect(ValidationError.isInstance(await caught(catalog.findOffers({ product: 'FA196HH' as never })))).toBe(
          true,
        );
        expect(ValidationError.isInstance(await caught(catalog.upsertOffers(null as never)))).toBe(true);
        expect(ValidationError.isInstance(await caught(catalog.replaceOffers('', [])))).toBe(true);
        expect(await catalog.getOffer(42 as never, '87-1234')).toBeUndefined();
      });

      it("refuses another distributor's offer in replaceOffers", async () => {
        const error = await caught(catalog.replaceOffers('wps', [offer({ distributor: 'automatic' })]));
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['0.distributor']);
      });
    });
  });
}
