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
export type { IntakeOperations } from './postgres-intake-queries.js';
export type { ListingOperations } from './postgres-listing-queries.js';
export type { MigrationReport } from './postgres-migrations.js';
export {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  type PostgresTransaction,
} from './postgres-store.js';
export type { PostgresPurchaseOrderQuery, StoreOperations } from './postgres-store-queries.js';
export {
  createDropshipQueue,
  type DropshipJobCounts,
  type DropshipQueue,
  type DropshipWorker,
  type DropshipWorkerOptions,
  type EnqueueResult,
  type OrderOutcome,
} from './queue/dropship-queue.js';
export type { DropshipQueueEvent, DropshipQueueOptions } from './queue/dropship-queue-options.js';
export { type DropshipIntakeOptions, intakeQueueName } from './queue/intake-jobs.js';
export {
  type DropshipListingPushOptions,
  type ListingPushJobOutput,
  listingPushQueueName,
} from './queue/listing-jobs.js';
export { type DropshipQueueName, dropshipQueueNames } from './queue/queue-store.js';
