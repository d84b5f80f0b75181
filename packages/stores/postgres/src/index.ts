/**
 * `@dropship/postgres`: a durable `DropshipStore` and `Catalog` on PostgreSQL. Embedded PGlite
 * (a data directory, nothing to install) by default; any PostgreSQL server with the same SQL.
 *
 * @packageDocumentation
 */

export type { PostgresConnectionOptions } from './open-postgres-engine.js';
export {
  createPostgresCatalog,
  type PostgresCatalog,
  type PostgresCatalogOptions,
} from './postgres-catalog.js';
export type { SqlExecutor, SqlResult, SqlSession } from './postgres-executor.js';
export type { MigrationReport } from './postgres-migrations.js';
export {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  type PostgresTransaction,
} from './postgres-store.js';
export type { StoreOperations } from './postgres-store-queries.js';
