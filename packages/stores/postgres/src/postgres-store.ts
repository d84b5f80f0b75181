import { type DropshipStore, type PurchaseOrder, parseWith, type SalesOrder } from '@dropship/core';
import { z } from 'zod';
import { openPostgresEngine, type PostgresConnectionOptions, parseConnectionOptions } from './open-postgres-engine.js';
import type { SqlExecutor, SqlSession } from './postgres-executor.js';
import { type MigrationReport, runMigrations } from './postgres-migrations.js';
import {
  createStoreOperations,
  type PostgresPurchaseOrderQuery,
  type StoreOperations,
} from './postgres-store-queries.js';

/**
 * The store's operations and raw SQL inside one open transaction. Everything done through it
 * commits together or not at all, so a state change and the job it calls for (a pg-boss
 * `send` given `{ db: { executeSql: transaction.query } }`) are written together.
 */
export interface PostgresTransaction extends StoreOperations, SqlSession {
  /** Runs `work` in a savepoint: a failure rolls back only what `work` did. */
  transaction<T>(work: (transaction: PostgresTransaction) => Promise<T>): Promise<T>;
}

/** A durable `DropshipStore` on PostgreSQL (PGlite embedded, or a server). */
export interface PostgresStore extends DropshipStore, SqlSession {
  /** `pglite` (embedded) or `server`. */
  readonly engine: 'pglite' | 'server';
  /** The PostgreSQL schema holding the tables. */
  readonly schema: string;
  /** POs matching every given criterion, oldest first (core's query, plus `poNumbers`). */
  findPurchaseOrders(query: PostgresPurchaseOrderQuery): Promise<PurchaseOrder[]>;
  /** The next value of a named sequence (see `DropshipStore.nextSequenceValue`); always present here. */
  nextSequenceValue(name: string): Promise<number>;
  /** Records an invoice, idempotently (see `DropshipStore.recordInvoice`); always present here. */
  recordInvoice: StoreOperations['recordInvoice'];
  /** Invoices by PO number or distributor, in the order recorded; always present here. */
  listInvoices: StoreOperations['listInvoices'];
  /** Saves a PO's reconciliation record (one per PO number); always present here. */
  saveReconciliation: StoreOperations['saveReconciliation'];
  /** Reconciliation records by status, PO number or distributor; always present here. */
  findReconciliations: StoreOperations['findReconciliations'];
  /** The intake cursor of a marketplace, or null before its first import; always present here. */
  getIntakeCursor: StoreOperations['getIntakeCursor'];
  /** Saves an intake cursor at its expected version (optimistic concurrency); always present here. */
  saveIntakeCursor: StoreOperations['saveIntakeCursor'];
  /** Takes a marketplace order in, once: false when it was taken already; always present here. */
  createImportedOrder: StoreOperations['createImportedOrder'];
  /** The imported-order record of `<marketplace>:<marketplaceOrderId>`, or null; always present here. */
  getImportedOrder: StoreOperations['getImportedOrder'];
  /** Replaces an imported-order record at its expected version; always present here. */
  updateImportedOrder: StoreOperations['updateImportedOrder'];
  /** Imported-order records by marketplace and status, oldest first; always present here. */
  findImportedOrders: StoreOperations['findImportedOrders'];
  /** Replaces all of an order's stock reservations, atomically; always present here. */
  replaceReservations: StoreOperations['replaceReservations'];
  /** Reservations by order, distributor, SKU and status; always present here. */
  findReservations: StoreOperations['findReservations'];
  /** Inserts or replaces listings, all or nothing; always present here. */
  putListings: StoreOperations['putListings'];
  /** Removes listings and their push records; always present here. */
  deleteListings: StoreOperations['deleteListings'];
  /** Listings by marketplace, key and product sold, by key; always present here. */
  findListings: StoreOperations['findListings'];
  /** Listing push records by marketplace, key and status, by key; always present here. */
  findListingPushRecords: StoreOperations['findListingPushRecords'];
  /** Saves listing push records at their expected versions, all or nothing; always present here. */
  saveListingPushRecords: StoreOperations['saveListingPushRecords'];
  /**
   * Saves (inserts or replaces) many sales orders in one statement: all or none. Every order is
   * validated first; a `ValidationError` lists the problems of each with its index.
   */
  saveSalesOrders(orders: readonly SalesOrder[]): Promise<void>;
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back when it throws. Use
   * only the transaction it receives inside (the store itself waits for the transaction to end).
   */
  transaction<T>(work: (transaction: PostgresTransaction) => Promise<T>): Promise<T>;
  /** Applies pending migrations (done on create unless `migrate: false`); safe to call any time. */
  migrate(): Promise<MigrationReport>;
  /** Closes the database or pool the store opened (not one you passed in). */
  close(): Promise<void>;
}

/** Options of {@link createPostgresStore}: where the data lives, plus `migrate`. */
export interface PostgresStoreOptions extends PostgresConnectionOptions {
  /** Apply pending migrations on create. Default true. */
  migrate?: boolean;
}

function transactionOf(session: SqlSession, schema: string): PostgresTransaction {
  return {
    ...createStoreOperations(session, schema),
    query: (text, params) => session.query(text, params),
    transaction: (work) => session.transaction((inner) => work(transactionOf(inner, schema))),
  };
}

/**
 * Creates a durable store. The same SQL runs on both engines:
 * - `createPostgresStore({ dataDir: '.dropship-data' })`: embedded PGlite, file-backed, nothing to install;
 * - `createPostgresStore({ connectionString: process.env.DATABASE_URL })` or `({ pool })`: a PostgreSQL server;
 * - `createPostgresStore()`: in-memory PGlite (tests).
 *
 * Migrations are applied on create (versioned in `<schema>.schema_migrations`, under an
 * advisory lock, so several processes may start at once). Purchase orders use optimistic
 * versioning (`UPDATE ... WHERE version = $expected`); each write is one transaction; rows are
 * validated when read back.
 *
 * @param options - where the data lives (default: in-memory PGlite) and the schema name.
 * @throws ValidationError when the options are invalid or unknown (the connection string is never
 *   echoed).
 * @throws ConfigurationError when a PGlite data directory is open in another process.
 * @example
 * ```ts
 * const store = await createPostgresStore({ dataDir: '.dropship-data' });
 * await store.createPurchaseOrder(purchaseOrder);
 * await store.close();
 * ```
 */
export async function createPostgresStore(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  parseWith(z.looseObject({}), options, 'postgres store options');
  const { migrate = true, ...connection } = options;
  parseWith(z.boolean(), migrate, 'postgres store option migrate');
  const { options: parsed, schema } = parseConnectionOptions(connection, 'postgres store options');
  const engine = await openPostgresEngine(parsed);
  const quoted = `"${schema}"`;
  try {
    if (migrate) await runMigrations(engine, schema);
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
  const executor: SqlExecutor = engine;
  let closed: Promise<void> | undefined;
  return {
    specificationVersion: 'v1',
    engine: engine.kind,
    schema,
    ...createStoreOperations(engine, quoted),
    query: (text, params) => executor.query(text, params),
    transaction: (work) => engine.transaction((session) => work(transactionOf(session, quoted))),
    migrate: () => runMigrations(engine, schema),
    close() {
      closed ??= engine.close();
      return closed;
    },
  };
}
