import { ConfigurationError } from '@dropship/core';
import type { SqlEngine } from './postgres-executor.js';

/** One schema change, applied once and recorded in `schema_migrations`. */
export interface Migration {
  /** Increasing integer; never reuse or reorder one. */
  version: number;
  name: string;
  /** The statements, given the quoted schema name. */
  statements(schema: string): string[];
}

/**
 * The store's schema, oldest first. A change to a released migration is a bug: add a new one.
 *
 * Documents are kept whole as `jsonb` (what was written is what is read back); the columns
 * beside them exist for lookups and constraints.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'orders, purchase orders, audit log, idempotency records',
    statements: (schema) => [
      `CREATE TABLE ${schema}.sales_orders (
        id text PRIMARY KEY,
        marketplace text NOT NULL,
        marketplace_order_id text NOT NULL,
        ordered_at timestamptz NOT NULL,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE ${schema}.purchase_orders (
        po_number text PRIMARY KEY,
        distributor text NOT NULL,
        sales_order_id text NOT NULL,
        marketplace text NOT NULL,
        state text NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        audit_length integer NOT NULL DEFAULT 0,
        document jsonb NOT NULL
      )`,
      `CREATE INDEX purchase_orders_sales_order ON ${schema}.purchase_orders (sales_order_id)`,
      `CREATE INDEX purchase_orders_distributor_state ON ${schema}.purchase_orders (distributor, state)`,
      `CREATE INDEX purchase_orders_state_created ON ${schema}.purchase_orders (state, created_at, po_number COLLATE "C")`,
      `CREATE INDEX purchase_orders_created ON ${schema}.purchase_orders (created_at, po_number COLLATE "C")`,
      `CREATE TABLE ${schema}.purchase_order_audit (
        po_number text NOT NULL REFERENCES ${schema}.purchase_orders (po_number) ON DELETE CASCADE,
        position integer NOT NULL,
        version integer NOT NULL,
        event text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        at timestamptz NOT NULL,
        entry jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (po_number, position)
      )`,
      `CREATE INDEX purchase_order_audit_at ON ${schema}.purchase_order_audit (at)`,
      `CREATE TABLE ${schema}.idempotency_records (
        key text PRIMARY KEY,
        at text NOT NULL,
        result text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'catalog offers',
    statements: (schema) => [
      `CREATE TABLE ${schema}.offers (
        distributor text NOT NULL,
        sku text NOT NULL,
        product_keys text[] NOT NULL DEFAULT '{}',
        document jsonb NOT NULL,
        load_id text,
        retired_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (distributor, sku)
      )`,
      `CREATE INDEX offers_sku ON ${schema}.offers (sku)`,
      `CREATE INDEX offers_product_keys ON ${schema}.offers USING gin (product_keys)`,
    ],
  },
  {
    version: 3,
    name: 'work queue: leases and order outcomes',
    statements: (schema) => [
      // Who works on an order or a PO right now (see queue/job-leases.ts): one row per key,
      // taken over once expired. Times come from the database clock, the same for every worker.
      `CREATE TABLE ${schema}.leases (
        key text PRIMARY KEY,
        owner text NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
      // What the last placement of each queued order did: every order is accounted for.
      `CREATE TABLE ${schema}.order_outcomes (
        sales_order_id text PRIMARY KEY,
        status text NOT NULL,
        detail jsonb NOT NULL,
        runs integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX order_outcomes_status ON ${schema}.order_outcomes (status)`,
    ],
  },
  {
    version: 4,
    name: 'named sequences',
    statements: (schema) => [
      // `nextSequenceValue(name)`: one row per name, raised by one atomic upsert per value.
      `CREATE TABLE ${schema}.sequences (
        name text PRIMARY KEY,
        value bigint NOT NULL
      )`,
    ],
  },
  {
    version: 5,
    name: 'distributor invoices and reconciliations',
    statements: (schema) => [
      // `recordInvoice`: one row per distributor and invoice number (the idempotency key), kept in
      // the order recorded; `listInvoices` reads a PO's invoices by po_number.
      `CREATE TABLE ${schema}.invoices (
        distributor text NOT NULL,
        invoice_number text NOT NULL,
        po_number text NOT NULL,
        position bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (distributor, invoice_number)
      )`,
      `CREATE INDEX invoices_po_number ON ${schema}.invoices (po_number, position)`,
      // `saveReconciliation` / `findReconciliations`: where each PO stands against its invoices.
      `CREATE TABLE ${schema}.reconciliations (
        po_number text PRIMARY KEY,
        distributor text NOT NULL,
        status text NOT NULL,
        document jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX reconciliations_status ON ${schema}.reconciliations (status, po_number)`,
    ],
  },
  {
    version: 6,
    name: 'order intake: cursors, imported orders, reservations',
    statements: (schema) => [
      // `getIntakeCursor` / `saveIntakeCursor`: one row per marketplace, saved at its version.
      `CREATE TABLE ${schema}.intake_cursors (
        marketplace text PRIMARY KEY,
        version integer NOT NULL,
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      )`,
      // `createImportedOrder` & co: the key that makes intake take each marketplace order once.
      `CREATE TABLE ${schema}.imported_orders (
        sales_order_id text PRIMARY KEY,
        marketplace text NOT NULL,
        marketplace_order_id text NOT NULL,
        status text NOT NULL,
        reasons jsonb NOT NULL,
        updated_at timestamptz,
        imported_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        version integer NOT NULL,
        document jsonb NOT NULL
      )`,
      `CREATE INDEX imported_orders_imported ON ${schema}.imported_orders (imported_at, sales_order_id COLLATE "C")`,
      `CREATE INDEX imported_orders_marketplace_status ON ${schema}.imported_orders (marketplace, status, imported_at, sales_order_id COLLATE "C")`,
      `CREATE INDEX imported_orders_status ON ${schema}.imported_orders (status, imported_at, sales_order_id COLLATE "C")`,
      // The orders still to acknowledge at a marketplace that requires it (Walmart), found at each run.
      `CREATE INDEX imported_orders_unacknowledged ON ${schema}.imported_orders (marketplace, imported_at)
        WHERE acknowledged_at IS NULL`,
      // `replaceReservations` / `findReservations`: stock held for the lines of imported orders.
      `CREATE TABLE ${schema}.order_reservations (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sales_order_id text NOT NULL,
        line_id text NOT NULL,
        distributor text NOT NULL,
        sku text NOT NULL,
        warehouse text,
        quantity integer NOT NULL CHECK (quantity > 0),
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        document jsonb NOT NULL
      )`,
      `CREATE INDEX order_reservations_sales_order ON ${schema}.order_reservations (sales_order_id, position)`,
      `CREATE INDEX order_reservations_sku_status ON ${schema}.order_reservations (sku, status, distributor)`,
      `CREATE INDEX order_reservations_distributor_status ON ${schema}.order_reservations (distributor, status)`,
      `CREATE INDEX order_reservations_status ON ${schema}.order_reservations (status)`,
    ],
  },
  {
    version: 7,
    name: 'listings and listing push records',
    statements: (schema) => [
      // `putListings` / `findListings`: one row per `<marketplace>:<listing SKU>`, with the product
      // keys it sells (every part of a bundle) for `findListings({ productKeys })`.
      `CREATE TABLE ${schema}.listings (
        key text PRIMARY KEY,
        marketplace text NOT NULL,
        sku text NOT NULL,
        product_keys text[] NOT NULL,
        document jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX listings_marketplace ON ${schema}.listings (marketplace, key COLLATE "C")`,
      `CREATE INDEX listings_product_keys ON ${schema}.listings USING gin (product_keys)`,
      // `saveListingPushRecords` / `findListingPushRecords`: what each listing shows at its
      // marketplace, saved at its version (optimistic concurrency).
      `CREATE TABLE ${schema}.listing_push_records (
        key text PRIMARY KEY,
        marketplace text NOT NULL,
        sku text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        document jsonb NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX listing_push_records_marketplace_status ON ${schema}.listing_push_records (marketplace, status, key COLLATE "C")`,
      `CREATE INDEX listing_push_records_status ON ${schema}.listing_push_records (status, key COLLATE "C")`,
    ],
  },
];

/** What `runMigrations` did. */
export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Applies the pending migrations in one transaction, under a transaction-scoped advisory lock
 * keyed on the schema: safe to run twice, and from several processes at once (the second
 * waits, then finds nothing to do). Creates the schema and `schema_migrations` if needed.
 *
 * @param engine - the database.
 * @param schema - the unquoted schema name (already validated).
 * @param list - the migrations (default: the store's).
 * @throws ConfigurationError when the database was migrated by a newer version of the package.
 * @internal
 */
export async function runMigrations(
  engine: SqlEngine,
  schema: string,
  list: readonly Migration[] = migrations,
): Promise<MigrationReport> {
  const quoted = `"${schema}"`;
  return engine.transaction(async (session) => {
    await session.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
      `dropship-migrations:${schema}`,
    ]);
    await session.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await session.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await session.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_migrations`);
    const done = new Set(rows.map((row) => row.version));
    const newest = list.reduce((highest, migration) => Math.max(highest, migration.version), 0);
    const newestApplied = rows.reduce((highest, row) => Math.max(highest, row.version), 0);
    if (newestApplied > newest) {
      throw new ConfigurationError(
        `postgres: schema "${schema}" is at version ${newestApplied}, newer than this @dropship/postgres knows (${newest}). Upgrade the package.`,
      );
    }
    const applied: number[] = [];
    for (const migration of [...list].sort((left, right) => left.version - right.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(quoted)) await session.query(statement);
      await session.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1::integer, $2::text)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(newestApplied, ...applied) };
  });
}
