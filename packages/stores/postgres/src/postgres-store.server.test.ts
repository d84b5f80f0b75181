import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConcurrencyConflictError } from '@dropship/core';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { importedOrder, intakeCursor, reservation } from './__fixtures__/intake-store-spec.js';
import { pushRecord } from './__fixtures__/listing-store-spec.js';
import { describeStoreContract } from './__fixtures__/store-contract.js';
import { advance, purchaseOrder } from './__fixtures__/store-fixtures.js';
import { createPostgresCatalog } from './postgres-catalog.js';
import { migrations } from './postgres-migrations.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';

/**
 * The same store tests as on PGlite, against a real PostgreSQL server. Runs when
 * `DROPSHIP_TEST_DATABASE_URL` is set (for example
 * `postgres://dropship:dropship@127.0.0.1:5432/dropship_test`); each run uses its own schemas
 * and drops them at the end.
 */
const databaseUrl = process.env.DROPSHIP_TEST_DATABASE_URL;
const runId = randomBytes(4).toString('hex');
const schemas: string[] = [];

function freshSchema(purpose: string): string {
  const schema = `dropship_test_${runId}_${purpose}`;
  schemas.push(schema);
  return schema;
}

async function dropSchemas(): Promise<void> {
  if (!databaseUrl || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

if (databaseUrl) {
  describeStoreContract('PostgreSQL server', {
    openStore: () => createPostgresStore({ connectionString: databaseUrl, schema: freshSchema('contract') }),
    openCatalog: (store) => createPostgresCatalog({ store }),
  });

  describe('createPostgresStore on a PostgreSQL server: several processes', () => {
    afterAll(dropSchemas);

    it('migrates safely when several stores start at once on an empty schema', async () => {
      const schema = freshSchema('race');
      const stores = await Promise.all(
        Array.from({ length: 4 }, () =>
          createPostgresStore({ connectionString: databaseUrl, schema, maxConnections: 2 }),
        ),
      );
      try {
        const { rows } = await stores[0]!.query<{ version: number }>(
          `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
        );
        expect(rows.map((row) => row.version)).toEqual(migrations.map((migration) => migration.version));
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    it('lets exactly one of two stores (separate pools) win a write of the same version', async () => {
      const schema = freshSchema('writers');
      const [left, right] = await Promise.all([
        createPostgresStore({ connectionString: databaseUrl, schema }),
        createPostgresStore({ connectionString: databaseUrl, schema }),
      ]);
      try {
        const created = await left!.createPurchaseOrder(purchaseOrder());
        const results = await Promise.allSettled([
          left!.updatePurchaseOrder(advance(created, 'submitting', 'left'), 1),
          right!.updatePurchaseOrder(advance(created, 'cancelled', 'right'), 1),
        ]);
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        expect(ConcurrencyConflictError.isInstance(rejected.reason)).toBe(true);
        expect((await right!.getPurchaseOrder(created.poNumber))?.version).toBe(2);
      } finally {
        await left?.close();
        await right?.close();
      }
    });

    it('lets exactly one of two stores (separate pools) take an imported order or save an intake cursor, round after round', async () => {
      const schema = freshSchema('intake_race');
      const [left, right] = await Promise.all([
        createPostgresStore({ connectionString: databaseUrl, schema }),
        createPostgresStore({ connectionString: databaseUrl, schema }),
      ]);
      try {
        const rounds = 20;
        let expected: number | null = null;
        for (let round = 0; round < rounds; round += 1) {
          const taken = await Promise.all([
            left!.createImportedOrder(importedOrder(`RACE-${round}`)),
            right!.createImportedOrder(importedOrder(`RACE-${round}`, { importedAt: '2026-11-21T10:00:01.000Z' })),
          ]);
          expect(taken.filter(Boolean), `round ${round}`).toHaveLength(1);
          const saved = await Promise.allSettled([
            left!.saveIntakeCursor(
              intakeCursor({ watermark: `2026-11-21T10:${String(round).padStart(2, '0')}:00Z` }),
              expected,
            ),
            right!.saveIntakeCursor(
              intakeCursor({ watermark: `2026-11-21T11:${String(round).padStart(2, '0')}:00Z` }),
              expected,
            ),
          ]);
          const losers = saved.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
          expect(losers, `round ${round}`).toHaveLength(1);
          expect(ConcurrencyConflictError.isInstance(losers[0]?.reason)).toBe(true);
          expected = (expected ?? 0) + 1;
        }
        expect(await left!.findImportedOrders({})).toHaveLength(rounds);
        expect((await right!.getIntakeCursor('ebay'))?.version).toBe(rounds);
      } finally {
        await left?.close();
        await right?.close();
      }
    });

    it("replaces one order's reservations from two stores at once, round after round, leaving one set, never both", async () => {
      const schema = freshSchema('reservation_race');
      const [left, right] = await Promise.all([
        createPostgresStore({ connectionString: databaseUrl, schema }),
        createPostgresStore({ connectionString: databaseUrl, schema }),
      ]);
      try {
        const leftSet = [reservation({ lineId: '1' }), reservation({ lineId: '2', sku: 'LEFT-2' })];
        const rightSet = [reservation({ lineId: '1', sku: 'RIGHT-1' }), reservation({ lineId: '2', sku: 'RIGHT-2' })];
        for (let round = 0; round < 20; round += 1) {
          await Promise.all([
            left!.replaceReservations('ebay:12-34567-89012', leftSet),
            right!.replaceReservations('ebay:12-34567-89012', rightSet),
          ]);
          const found = await left!.findReservations({ salesOrderId: 'ebay:12-34567-89012' });
          expect([leftSet, rightSet], `round ${round}`).toContainEqual(found);
        }
      } finally {
        await left?.close();
        await right?.close();
      }
    });

    it('creates a listing push record once when a second save of the key waits on the first, uncommitted one: the second conflicts, writing nothing', async () => {
      const schema = freshSchema('listing_race');
      const store = await createPostgresStore({ connectionString: databaseUrl, schema });
      try {
        let insertedByFirst!: () => void;
        const firstInserted = new Promise<void>((resolve) => {
          insertedByFirst = resolve;
        });
        let commitFirst!: () => void;
        const firstMayCommit = new Promise<void>((resolve) => {
          commitFirst = resolve;
        });
        const first = store.transaction(async (transaction) => {
          const saved = await transaction.saveListingPushRecords([
            { record: pushRecord('RACE-1', { attempts: 1 }), expectedVersion: null },
          ]);
          insertedByFirst();
          await firstMayCommit;
          return saved;
        });
        await firstInserted;
        // The second save finds no row to lock (the first's is not committed), so it reaches its insert.
        const second = store
          .saveListingPushRecords([
            { record: pushRecord('OTHER-1'), expectedVersion: null },
            { record: pushRecord('RACE-1', { attempts: 2 }), expectedVersion: null },
          ])
          .then(
            () => 'saved',
            (error: unknown) => error,
          );
        for (let waited = 0; ; waited += 20) {
          const { rows } = await store.query<{ waiting: number }>(
            `SELECT count(*)::integer AS waiting FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE $1::text`,
            [`%"${schema}".listing_push_records%`],
          );
          if (rows[0]?.waiting === 1) break;
          if (waited > 10_000) throw new Error('the second save never waited on the first');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        commitFirst();
        await first;
        const outcome = await second;
        expect(ConcurrencyConflictError.isInstance(outcome)).toBe(true);
        expect(outcome).toMatchObject({ key: 'ebay:RACE-1', expectedVersion: undefined, actualVersion: 1 });
        expect(await store.findListingPushRecords({})).toEqual([pushRecord('RACE-1', { attempts: 1 })]);
      } finally {
        await store.close();
      }
    });

    it('commits a pg-boss job sent through transaction.query with the state change, and rolls it back with it', async () => {
      const bossSchema = freshSchema('boss');
      const boss = new PgBoss({ connectionString: databaseUrl, schema: bossSchema, max: 2 });
      boss.on('error', () => {});
      const store = await createPostgresStore({ connectionString: databaseUrl, schema: freshSchema('jobs') });
      try {
        await boss.start();
        await boss.createQueue('submit');
        const created = await store.createPurchaseOrder(purchaseOrder());
        await store.transaction(async (transaction) => {
          await transaction.updatePurchaseOrder(advance(created, 'submitting'), created.version);
          await boss.send('submit', { poNumber: created.poNumber }, { db: { executeSql: transaction.query } });
        });
        const failing = purchaseOrder({ poNumber: 'PO-ROLLED-BACK' });
        await expect(
          store.transaction(async (transaction) => {
            await transaction.createPurchaseOrder(failing);
            await boss.send('submit', { poNumber: failing.poNumber }, { db: { executeSql: transaction.query } });
            throw new Error('crash before commit');
          }),
        ).rejects.toThrow('crash before commit');

        const { rows } = await store.query<{ po_number: string }>(
          `SELECT data->>'poNumber' AS po_number FROM "${bossSchema}".job WHERE name = 'submit'`,
        );
        expect(rows).toEqual([{ po_number: created.poNumber }]);
        expect((await store.getPurchaseOrder(created.poNumber))?.state).toBe('submitting');
        expect(await store.getPurchaseOrder(failing.poNumber)).toBeNull();
      } finally {
        await boss.stop({ graceful: false, wait: true });
        await store.close();
      }
    });

    it('works on a pg Pool you own, and leaves it open on close', async () => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
      let store: PostgresStore | undefined;
      try {
        store = await createPostgresStore({ pool, schema: freshSchema('pool') });
        expect(store.engine).toBe('server');
        await store.createPurchaseOrder(purchaseOrder());
        await store.close();
        expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await pool.end();
      }
    });
  });

  describe('createPostgresStore on a PostgreSQL server: the password never shows', () => {
    const url = new URL(databaseUrl);
    const password = decodeURIComponent(url.password);

    /** Everything a caller or a log could show of a value: inspect, message, stack and causes, JSON. */
    function everythingShown(value: unknown): string {
      const parts: string[] = [inspect(value, { depth: 10, showHidden: true })];
      for (let current: unknown = value; current instanceof Error; current = current.cause) {
        parts.push(current.message, current.stack ?? '', JSON.stringify(current));
      }
      return parts.join('\n');
    }

    it('fails on a refused password without showing it', async () => {
      const wrong = new URL(databaseUrl);
      wrong.password = 'SENTINEL-WRONG-PASSWORD-91';
      const error = await createPostgresStore({
        connectionString: wrong.href,
        schema: freshSchema('wrong_password'),
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(everythingShown(error)).not.toContain('SENTINEL-WRONG-PASSWORD-91');
    });

    it('fails on a database that does not exist without showing the password', async () => {
      const missing = new URL(databaseUrl);
      missing.pathname = `/dropship_missing_${runId}`;
      const error = await createPostgresStore({ connectionString: missing.href }).catch((caught: unknown) => caught);
      expect((error as Error).message).toContain('does not exist');
      expect(everythingShown(error)).not.toContain(password);
    });

    it('scrubs a query error that quotes the password, keeping its SQLSTATE code, and prints no password itself', async () => {
      const store = await createPostgresStore({ connectionString: databaseUrl, schema: freshSchema('scrub') });
      try {
        const error = await store.query('SELECT $1::integer AS value', [password]).catch((caught: unknown) => caught);
        expect((error as { code?: string }).code).toBe('22P02');
        expect((error as Error).message).toContain('[REDACTED]');
        expect(everythingShown(error)).not.toContain(password);
        const inTransaction = await store
          .transaction((transaction) => transaction.query('SELECT $1::integer AS value', [password]))
          .catch((caught: unknown) => caught);
        expect((inTransaction as Error).message).toContain('[REDACTED]');
        expect(everythingShown(inTransaction)).not.toContain(password);
        expect(everythingShown(store) + JSON.stringify(store) + String(store)).not.toContain(password);
      } finally {
        await store.close();
      }
    });
  });

  afterAll(dropSchemas);
} else {
  describe('PostgresStore contract (PostgreSQL server)', () => {
    // biome-ignore lint/suspicious/noSkippedTests: without a configured server these tests are skipped on purpose, with the reason in the name
    it.skip('skipped: set DROPSHIP_TEST_DATABASE_URL=postgres://user:password@host:5432/database to run the store tests against a PostgreSQL server', () => {});
  });
}
